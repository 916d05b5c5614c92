use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::PartialDate;

/// How sure dateline is of a structured field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Found by an explicit rule on explicit text.
    #[default]
    High,
    /// A guess (a heuristic fallback, an inference across sentences): check before relying on it.
    Low,
}

/// How a field was found, so a user can check it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Evidence {
    /// The rule that produced the value (`dateline:place-dash`, `quote:said-after`, ...).
    pub rule: String,
    /// The text the rule matched, as it stands in the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<String>,
    /// High for explicit matches, low for guesses.
    pub confidence: Confidence,
}

impl Evidence {
    /// Evidence of high confidence.
    pub fn rule(rule: impl Into<String>, span: impl Into<String>) -> Self {
        Evidence {
            rule: rule.into(),
            span: Some(span.into()),
            confidence: Confidence::High,
        }
    }

    /// The same evidence marked as a guess.
    pub fn low(mut self) -> Self {
        self.confidence = Confidence::Low;
        self
    }
}

/// The place line a release opens with (`GENEVA, 12 March 2021 (IOM) –`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dateline {
    /// The place as written, in its usual case (`Tashkent`, `Bishkek/Almaty`).
    pub place: String,
    /// ISO 3166-1 alpha-2 code of the place's country, if resolved.
    pub country: Option<String>,
    /// How the dateline was found.
    pub evidence: Evidence,
}

/// A direct quotation and who said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the quotation marks.
    pub text: String,
    /// The speaker's full name (or organization), if attributed.
    pub speaker: Option<String>,
    /// The speaker's role as the text gives it (`IOM Regional Director`).
    pub speaker_role: Option<String>,
    /// How the quote and its speaker were found.
    pub evidence: Evidence,
}

/// A media contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Contact {
    /// The person's name.
    pub name: Option<String>,
    /// Their role (`IOM Communication Focal Point`).
    pub role: Option<String>,
    /// Their organization or office (`IOM Geneva`).
    pub organization: Option<String>,
    /// The place the contact is for (`Vienna` in `In Vienna: ...`).
    pub place: Option<String>,
    /// Validated, lower-cased e-mail addresses.
    pub emails: Vec<String>,
    /// Phone numbers in E.164 form.
    pub phones: Vec<String>,
    /// How the contact was found.
    pub evidence: Evidence,
}

/// A person the release names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Full name.
    pub name: String,
    /// Roles the text gives them.
    pub roles: Vec<String>,
}

/// The publishing site or office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    /// Its name (`IOM Turkmenistan`, `BBC News`), if known.
    pub name: Option<String>,
    /// ISO 3166-1 alpha-2 code of the office's country, if the page shows one.
    pub country: Option<String>,
    /// How it was found.
    pub evidence: Evidence,
}

/// A stable record identifier: hex of a hash of the source and content.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecordId(pub String);

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A structured press release: the record contract of `extract`, `ingest` and `export`.
///
/// JSON field names are a contract documented in the README; keep them stable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Release {
    /// The input the release was read from (path, `path@offset` for WARC, `path:line` for JSONL).
    pub source: String,
    /// The page URL, if known.
    pub url: Option<String>,
    /// When the page was crawled, if known.
    #[serde(default)]
    pub crawled: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// A standfirst or kicker line under the title.
    pub subtitle: Option<String>,
    /// Publication date with the precision known.
    pub published: Option<PartialDate>,
    /// Authors named by the page.
    #[serde(default)]
    pub author: Vec<String>,
    /// The publishing site or office.
    pub site: Option<Site>,
    /// ISO 639-1 language code.
    pub lang: Option<String>,
    /// The place line the release opens with.
    pub dateline: Option<Dateline>,
    /// The release text only, paragraphs separated by a blank line.
    pub body: String,
    /// The organization's boilerplate paragraph.
    pub about: Option<String>,
    /// Direct quotations with their speakers.
    #[serde(default)]
    pub quotes: Vec<Quote>,
    /// Media contacts.
    #[serde(default)]
    pub contacts: Vec<Contact>,
    /// People named, with their roles.
    #[serde(default)]
    pub people: Vec<Person>,
    /// Organizations named.
    #[serde(default)]
    pub organizations: Vec<String>,
    /// ISO 3166-1 alpha-2 codes of countries the title and body mention.
    #[serde(default)]
    pub countries: Vec<String>,
    /// How the scalar fields (`title`, `subtitle`, `published`, `about`, ...) were found.
    #[serde(default)]
    pub evidence: BTreeMap<String, Evidence>,
}
