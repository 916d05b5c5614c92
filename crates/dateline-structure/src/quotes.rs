//! Direct quotations and their speakers.
//!
//! [`find_quotes`] works in four passes over the title and the paragraphs:
//!
//! 1. **Marks**: find quoted spans in `“…”`, `"…"`, `‘…’`, `'…'`, `«…»` (mixed double
//!    marks allowed, apostrophes skipped), join a quotation that runs on into the next
//!    paragraph, and drop what is not speech: scare quotes (`‘earned’`) and titles of
//!    documents (`the 'Roadmap on ...'`).
//! 2. **Attribution**: read the words around each quote for a speech verb and its
//!    subject: `“…,” said X`, `“…,” X said`, `X stressed that “…”`, `according to X`,
//!    `X said:` closing the paragraph before a quotation paragraph, and, in the title,
//!    `“…” IOM Regional Director Tells …`.
//! 3. **Resolution**: a surname or a role names the person the text introduced
//!    earlier (`Ms. Obaid` -> `Thoraya Ahmed Obaid`, `IOM Regional Director` ->
//!    `Argentina Szabados`); a pronoun names the person of the nearest earlier sentence
//!    whose gender fits, passing over sentences led by a fitting pronoun (`But he
//!    suggested that Mr. Lew …`) and preferring a subject to a possessive or the object
//!    of a preposition; `the hosting party` at `the meeting with X` is X.
//! 4. **Continuation**: a quote with no attribution of its own takes the speaker of
//!    another quote in its paragraph, or, when its paragraph is nothing but quotation,
//!    the speaker of the previous quote.
//!
//! Every quote carries [`Evidence`]: the rule, the attribution words as written, and
//! low confidence for guesses. Rules: `quote:said-after` (`“…,” said X`, `“…,” X said`),
//! `quote:said-before` (`X stressed that “…”`, `X: “…”`), `quote:according-to`,
//! `quote:title` (a speaker named or described in the headline), `quote:pronoun`
//! (`he noted`, resolved to the first fitting person of the nearest sentence naming
//! one, preferring the subject of a speech verb), `quote:description` (`the senator
//! said`, resolved by role or to the nearest person, or `the hosting party` to the
//! person the meeting was with; low), `quote:same-paragraph`,
//! `quote:continuation` (a paragraph of pure quotation after a quote; low unless
//! adjacent), `quote:first-person` (`We declared …` in a speaker's own script; low),
//! `quote:sentence-subject` (the first person named earlier in the sentence, or in the
//! sentence ending in a colon that introduces a quotation paragraph; low) and
//! `quote:unattributed` (speaker null).
//!
//! Work is linear in the page size: look-behinds are windowed and at most
//! 2,000 quotations and 1,000 people are tracked per release.
//!
//! The crate exposes this module as `dateline_structure::quotes` (doc-hidden) so the
//! `eval_quotes` example can score [`find_quotes`] alone; the stable API is
//! [`Structurer`](crate::Structurer).

#[path = "quotes/lexicon.rs"]
pub(crate) mod lexicon;
#[path = "quotes/marks.rs"]
mod marks;
#[cfg(test)]
#[path = "quotes/seeds.rs"]
mod seeds;

use dateline_types::{Confidence, Evidence, Quote};

use crate::people::{Cast, Subject, Tok, analyze, appositive_after, is_cap, tokenize};
use lexicon::{ACCORDING_TO, Pronoun, is_auxiliary, is_determiner, is_role_word, is_speech_verb};
use marks::Span;

/// At most this many quotations are read per release.
const MAX_QUOTES: usize = 2000;

/// The direct quotations in the title and paragraphs, with their speakers, in text order.
pub fn find_quotes(title: Option<&str>, paragraphs: &[String]) -> Vec<Quote> {
    let units = crate::text_units(title, paragraphs);
    let unit_toks: Vec<Vec<Tok<'_>>> = units.iter().map(|u| tokenize(u)).collect();
    quotes_and_scan(&units, &unit_toks, false).0
}

/// [`find_quotes`] over text units already split and tokenized (unit 0 is the title,
/// possibly empty, then the paragraphs; `unit_toks[k]` holds the tokens of `units[k]`),
/// and the people found in the paragraphs on the way (before any speaker was added),
/// for [`crate::people::find_people_scanned`]: the structure stage then tokenizes and
/// scans the paragraphs for people once instead of twice. `None` when the release has
/// no quotation (no scan was made).
pub(crate) fn find_quotes_scanned(
    units: &[&str],
    unit_toks: &[Vec<Tok<'_>>],
) -> (Vec<Quote>, Option<Cast>) {
    quotes_and_scan(units, unit_toks, true)
}

fn quotes_and_scan(
    units: &[&str],
    unit_toks: &[Vec<Tok<'_>>],
    keep_scan: bool,
) -> (Vec<Quote>, Option<Cast>) {
    let spans: Vec<Vec<Span>> = units.iter().map(|u| marks::scan(u)).collect();
    let mut found = marks::assemble(units, &spans);
    found.retain(|q| !marks::is_not_speech(units, q));
    // A page with thousands of quotations is not a release; keep the work bounded.
    found.truncate(MAX_QUOTES);
    if found.is_empty() {
        return (Vec::new(), None);
    }

    let mut cast = Cast::scan_tokenized(&units[1..], &unit_toks[1..], 1);
    let scanned = keep_scan.then(|| cast.clone());
    let mut attributions: Vec<Option<Attribution>> = found
        .iter()
        .enumerate()
        .map(|(i, q)| attribute(units, &found, i, q))
        .collect();
    // Register named speakers, so surnames and pronouns can find them.
    for (q, a) in found.iter().zip(&attributions) {
        if let Some(Attribution {
            subject: Subject::Person { name, role, gender },
            ..
        }) = a
        {
            let name = if q.unit == 0 {
                title_name(name, &cast)
            } else {
                name.clone()
            };
            cast.add(&name, role.as_deref(), *gender, (q.unit, q.start));
        }
    }
    cast.index_mentions(unit_toks);
    for q in &found {
        if cast.quoted.len() > 4000 {
            break;
        }
        if q.first_unit == q.unit {
            cast.quoted.push((q.unit, q.start, q.end));
        } else {
            let len = units.get(q.first_unit).map_or(0, |u| u.len());
            cast.quoted.push((q.first_unit, q.first_start, len));
            cast.quoted.push((q.unit, 0, q.end));
        }
    }
    cast.mark_quoted();

    let mut resolved: Vec<Option<Resolved>> = vec![None; found.len()];
    // Title quotes first: a first-person script in the body speaks with the title's voice.
    let order: Vec<usize> = (0..found.len())
        .filter(|&i| found[i].unit == 0)
        .chain((0..found.len()).filter(|&i| found[i].unit != 0))
        .collect();
    let mut title_speaker: Option<Resolved> = None;
    for i in order {
        let Some(a) = attributions[i].take() else {
            continue;
        };
        let r = resolve(&a, &found[i], units, &cast, title_speaker.as_ref());
        if found[i].unit == 0 && title_speaker.is_none() {
            title_speaker = r.clone().filter(|r| r.speaker.is_some());
        }
        resolved[i] = r;
    }
    intro_subjects(units, &found, &cast, &mut resolved);
    continue_speakers(units, &found, &mut resolved);
    sentence_subjects(units, &found, &cast, &mut resolved);

    let quotes = found
        .iter()
        .zip(resolved)
        .map(|(q, r)| match r {
            Some(r) => Quote {
                text: q.text.clone(),
                speaker: r.speaker,
                speaker_role: r.role,
                evidence: r.evidence,
            },
            None => Quote {
                text: q.text.clone(),
                speaker: None,
                speaker_role: None,
                evidence: Evidence {
                    rule: "quote:unattributed".into(),
                    span: None,
                    confidence: Confidence::Low,
                },
            },
        })
        .collect();
    (quotes, scanned)
}

/// A quote's attribution as read from the words around it.
#[derive(Debug, Clone)]
struct Attribution {
    subject: Subject,
    rule: &'static str,
    span: String,
}

/// A resolved speaker.
#[derive(Debug, Clone)]
struct Resolved {
    speaker: Option<String>,
    role: Option<String>,
    evidence: Evidence,
}

/// Reads the attribution of quote `i` from the words after and before it.
fn attribute(
    units: &[&str],
    found: &[marks::Found],
    i: usize,
    q: &marks::Found,
) -> Option<Attribution> {
    let text = units.get(q.unit).copied().unwrap_or("");
    let in_title = q.unit == 0;
    // Words after the quote, up to the next quote in the unit.
    let next_start = found
        .get(i + 1)
        .filter(|n| n.first_unit == q.unit)
        .map_or(text.len(), |n| n.first_start);
    let after = text.get(q.end..next_start.max(q.end)).unwrap_or("");
    if let Some(a) = after_attribution(after, in_title) {
        return Some(a);
    }
    // Words before the quote, from the previous quote or sentence start.
    let first_text = units.get(q.first_unit).copied().unwrap_or("");
    let prev_end = i
        .checked_sub(1)
        .and_then(|p| found.get(p))
        .filter(|p| p.unit == q.first_unit)
        .map_or(0, |p| p.end);
    let before = first_text
        .get(prev_end..q.first_start.max(prev_end))
        .unwrap_or("");
    before_attribution(before, in_title).or_else(|| {
        if in_title {
            None
        } else {
            later_attribution(after).or_else(|| intro_attribution(units, q))
        }
    })
}

/// The paragraph before a quotation that opens its own paragraph, when that paragraph
/// ends with a colon (`Reporter Jomana Karadsheh says:`).
fn intro_paragraph<'a>(units: &[&'a str], q: &marks::Found) -> Option<&'a str> {
    let own = units.get(q.first_unit)?;
    if q.first_unit < 2 || !own.get(..q.first_start)?.trim().is_empty() {
        return None;
    }
    let prev = units.get(q.first_unit - 1)?.trim_end();
    prev.ends_with(':').then_some(prev)
}

/// `X said:` (or `Stated Stone:`) closing the paragraph before a quotation paragraph.
fn intro_attribution(units: &[&str], q: &marks::Found) -> Option<Attribution> {
    let prev = intro_paragraph(units, q)?;
    let (_, tail) = marks::window_before(prev, prev.len(), 400);
    let toks = tokenize(tail);
    // An inverted verb: `Stated Stone:`, `Added Mr. Smith:`.
    let skip = toks
        .iter()
        .rposition(|t| !t.word && matches!(t.text, "." | "!" | "?" | "”" | "»"))
        .map_or(0, |p| p + 1);
    if toks
        .get(skip)
        .is_some_and(|t| is_cap(t.text) && is_speech_verb(t.text))
        && let Some(colon) = toks.iter().rposition(|t| t.text == ":")
        && colon > skip + 1
    {
        let words: Vec<&str> = toks[skip + 1..colon].iter().map(|t| t.text).collect();
        if let Some(subject @ Subject::Person { .. }) = analyze(&words, None) {
            return Some(Attribution {
                subject,
                rule: "quote:said-before",
                span: span_text(tail, &toks[skip..=colon]),
            });
        }
    }
    before_attribution(tail, false)
}

/// `“…,” said X`, `“…,” X said`, `“…,” X, a spokesman, said`, `“…” IOM Director Tells …`.
fn after_attribution(after: &str, in_title: bool) -> Option<Attribution> {
    let toks = tokenize(after);
    let toks = cut_sentence(&toks);
    let mut i = 0;
    while i < toks.len()
        && !toks[i].word
        && matches!(toks[i].text, "," | "—" | "–" | "―" | "-" | ":" | "(")
    {
        i += 1;
    }
    let dashed = toks[..i]
        .iter()
        .any(|t| matches!(t.text, "—" | "–" | "―" | "-"));
    let verb = |t: &Tok<'_>| t.word && is_speech_verb(t.text) && (in_title || !is_cap(t.text));
    // Auxiliaries: `a déclaré`, `has said`.
    let mut v = i;
    while v < toks.len() && toks[v].word && is_auxiliary(toks[v].text) && v - i < 2 {
        v += 1;
    }
    if v < toks.len() && toks[v].word {
        // French inversion: `dit-il`, `a-t-elle déclaré`.
        if let Some(p) = lexicon::pronoun(toks[v].text).filter(|_| toks[v].text.contains('-')) {
            return Some(Attribution {
                subject: Subject::Pronoun(p),
                rule: "quote:said-after",
                span: span_text(after, &toks[i..=v]),
            });
        }
        if verb(&toks[v]) {
            let (words, end, appositive) = np_forward(after, toks, v + 1, in_title)?;
            let mut subject = analyze(&words, appositive.as_deref())?;
            let mut end = end;
            // `said HR.com’s CEO and Chief Instigator, Debbie McGrath`: the name after the role.
            if let Subject::Role(role) = &subject
                && toks.get(end).is_some_and(|t| t.text == ",")
                && let Some((names, e, _)) = np_forward(after, toks, end + 1, in_title)
                && names.len() <= 4
                && let Some(Subject::Person { name, gender, .. }) = analyze(&names, None)
            {
                subject = Subject::Person {
                    name,
                    role: Some(role.clone()),
                    gender,
                };
                end = e;
            }
            return Some(Attribution {
                subject,
                rule: "quote:said-after",
                span: span_text(after, &toks[i..end]),
            });
        }
    }
    if let Some(a) = according_to(after, toks, i, in_title) {
        return Some(a);
    }
    // Subject first, then the verb.
    let (words, end, appositive) = np_forward(after, toks, i, in_title)?;
    let mut v = end;
    while v < toks.len()
        && toks[v].word
        && (is_auxiliary(toks[v].text) || toks[v].text.ends_with("ly"))
        && v - end < 2
    {
        v += 1;
    }
    // `“…,” Trump went on.`
    let went_on = toks
        .get(v)
        .is_some_and(|t| matches!(t.text, "went" | "goes" | "chimed" | "shot"))
        && toks
            .get(v + 1)
            .is_some_and(|t| matches!(t.text, "on" | "in" | "back"));
    if v < toks.len() && (verb(&toks[v]) || went_on) {
        let subject = analyze(&words, appositive.as_deref())?;
        return Some(Attribution {
            subject,
            rule: "quote:said-after",
            span: span_text(after, &toks[i..=v]),
        });
    }
    // A long appositive: `“…,” Trump, the 2016 GOP frontrunner …, said`.
    // With a role in apposition already read: `X, the Republican attorney general of
    // Oklahoma, one of the states suing the EPA, said`.
    let comma_next = toks.get(end).is_some_and(|t| t.text == ",");
    let open_comma = comma_next
        || (appositive.is_some() && end > 0 && toks.get(end - 1).is_some_and(|t| t.text == ","));
    if open_comma {
        let from = if comma_next { end + 1 } else { end };
        let close = (from..toks.len().saturating_sub(1))
            .take(60)
            .find(|&k| toks[k].text == "," && verb(&toks[k + 1]));
        if let Some(k) = close {
            let mut subject = analyze(&words, appositive.as_deref())?;
            // `the White House spokesman, Josh Earnest, said`: the name in apposition.
            if !matches!(subject, Subject::Person { .. }) {
                let inner: Vec<&str> = toks
                    .get(end + 1..k)
                    .unwrap_or_default()
                    .iter()
                    .map(|t| t.text)
                    .collect();
                if inner.len() <= 5
                    && let Some(Subject::Person { name, gender, .. }) = analyze(&inner, None)
                {
                    let role = words
                        .iter()
                        .skip_while(|w| is_determiner(w))
                        .copied()
                        .collect::<Vec<_>>()
                        .join(" ");
                    subject = Subject::Person {
                        name,
                        role: (!role.is_empty()).then_some(role),
                        gender,
                    };
                }
            }
            return Some(Attribution {
                subject,
                rule: "quote:said-after",
                span: span_text(after, &toks[i..=k + 1]),
            });
        }
    }
    // A byline after a dash: `“…” ― Francisco Herrero`.
    if dashed && end == toks.len() {
        let subject = analyze(&words, appositive.as_deref())?;
        if matches!(subject, Subject::Person { .. }) {
            return Some(Attribution {
                subject,
                rule: "quote:said-after",
                span: span_text(after, &toks[i..end]),
            });
        }
    }
    // A title that opens with a quote names its speaker next: `“…” IOM Director General X Commemorates …`.
    if in_title && i == 0 {
        let subject = analyze(&words, None)?;
        if matches!(
            subject,
            Subject::Person { role: Some(_), .. } | Subject::Role(_)
        ) {
            return Some(Attribution {
                subject,
                rule: "quote:title",
                span: span_text(after, &toks[i..end]),
            });
        }
    }
    None
}

/// The attribution later in the sentence after a quote: `“…” than that of the CIA
/// chief, Zuckoff said.`
fn later_attribution(after: &str) -> Option<Attribution> {
    let toks = tokenize(after);
    let toks = cut_sentence(&toks);
    let k = toks
        .iter()
        .position(|t| t.word && !is_cap(t.text) && is_speech_verb(t.text))?;
    if toks[..k].iter().any(|t| matches!(t.text, "“" | "\"" | "«")) {
        return None;
    }
    if let Some((start, words, appositive)) = np_backward(after, toks, k) {
        let subject = analyze(&words, appositive.as_deref())?;
        if matches!(
            subject,
            Subject::Person { .. } | Subject::Pronoun(_) | Subject::Org(_)
        ) {
            return Some(Attribution {
                subject,
                rule: "quote:said-after",
                span: span_text(after, &toks[start..=k]),
            });
        }
    }
    None
}

/// `X said: “…”`, `X stressed that “…”`, `Mr. A, Prime Minister, emphasized that … '…'`,
/// `according to X, “…”`.
fn before_attribution(before: &str, in_title: bool) -> Option<Attribution> {
    let all = tokenize(before);
    // Only the current sentence.
    let from = all
        .iter()
        .rposition(|t| !t.word && matches!(t.text, "." | "!" | "?" | "”" | "»"))
        .map_or(0, |p| p + 1);
    let toks = &all[from..];
    for k in 0..toks.len() {
        if let Some(a) = according_to(before, toks, k, in_title) {
            return Some(a);
        }
    }
    let is_verb = |t: &Tok<'_>| t.word && is_speech_verb(t.text) && (in_title || !is_cap(t.text));
    // The speech verbs of the sentence, last first: when the last one has no subject
    // of its own (`…, saying, “…”`), an earlier one may (`a strategist said …`).
    let verbs: Vec<usize> = (0..toks.len())
        .rev()
        .filter(|&k| is_verb(&toks[k]))
        .take(3)
        .collect();
    for &v in &verbs {
        let Some((start, words, appositive)) = np_backward(before, toks, v) else {
            continue;
        };
        let Some(subject) = analyze(&words, appositive.as_deref()) else {
            continue;
        };
        return Some(Attribution {
            subject,
            rule: "quote:said-before",
            span: span_text(before, &toks[start..=v]),
        });
    }
    if !verbs.is_empty() {
        return None;
    }
    // `Jeffrey M. Jones: “…”`, and in titles `Trump: ‘…’`.
    let colon = toks.iter().rposition(|t| t.text == ":")?;
    if colon + 1 != toks.len() {
        return None;
    }
    let (start, words, appositive) = np_backward(before, toks, colon)?;
    let subject = analyze(&words, appositive.as_deref())?;
    if !matches!(subject, Subject::Person { .. }) {
        return None;
    }
    Some(Attribution {
        subject,
        rule: "quote:said-before",
        span: span_text(before, &toks[start..=colon]),
    })
}

fn according_to(text: &str, toks: &[Tok<'_>], i: usize, in_title: bool) -> Option<Attribution> {
    for phrase in ACCORDING_TO {
        let n = phrase.len();
        let matches = toks.len() >= i + n
            && toks[i..i + n]
                .iter()
                .zip(phrase.iter())
                // Compared lower-cased without allocating: the phrases hold no letter
                // whose case `with_lower` and `lower` would map apart.
                .all(|(t, p)| lexicon::with_lower(t.text, |w| w == *p));
        if matches {
            let (words, end, appositive) = np_forward(text, toks, i + n, in_title)?;
            let subject = analyze(&words, appositive.as_deref())?;
            return Some(Attribution {
                subject,
                rule: "quote:according-to",
                span: span_text(text, &toks[i..end]),
            });
        }
    }
    None
}

/// Tokens up to the end of the first sentence.
fn cut_sentence<'a, 'b>(toks: &'b [Tok<'a>]) -> &'b [Tok<'a>] {
    let end = toks
        .iter()
        .position(|t| !t.word && matches!(t.text, "." | "!" | "?" | ";"))
        .unwrap_or(toks.len());
    &toks[..end]
}

fn span_text(text: &str, toks: &[Tok<'_>]) -> String {
    match (toks.first(), toks.last()) {
        (Some(a), Some(b)) => text.get(a.start..b.end).unwrap_or_default().to_string(),
        _ => String::new(),
    }
}

/// Words that open a clause before the subject of a sentence.
const SUBORDINATORS: &[&str] = &[
    "when", "as", "after", "before", "while", "if", "although", "since", "because", "once",
    "though", "in", "on", "at", "during", "despite", "with",
];

const PREPOSITIONS: &[&str] = &[
    "in", "at", "on", "during", "to", "for", "with", "after", "before", "from", "by", "of",
    "about", "as", "when", "while", "that", "this", "last", "on", "told", "who", "which",
];

/// A noun phrase read forward from `toks[i]`: its words, the index after it, and a
/// role in apposition (`X, Prime Minister,`).
fn np_forward<'a>(
    text: &'a str,
    toks: &[Tok<'a>],
    i: usize,
    in_title: bool,
) -> Option<(Vec<&'a str>, usize, Option<String>)> {
    let first = toks.get(i)?;
    if !first.word {
        return None;
    }
    if lexicon::pronoun(first.text).is_some() {
        return Some((vec![first.text], i + 1, None));
    }
    let mut words = Vec::new();
    let mut j = i;
    let quantifier = matches!(
        first.text,
        "one" | "some" | "several" | "two" | "three" | "many" | "other"
    );
    // `adding that its …`: `that` after a verb opens a clause, not a subject.
    let complementizer = matches!(first.text, "that" | "this" | "how" | "what");
    if (is_determiner(first.text) || quantifier) && !is_cap(first.text) && !complementizer {
        // A nominal: `the hosting party`, `a spokesman for the campaign`.
        while j < toks.len() && toks[j].word && j - i < 8 {
            let w = toks[j].text;
            let linking = matches!(w, "for" | "of") && j + 1 < toks.len() && j - i < 5;
            if j > i && (is_speech_verb(w) || (PREPOSITIONS.contains(&w) && !linking)) {
                break;
            }
            words.push(w);
            j += 1;
        }
        return (words.len() > 1).then_some((words, j, None));
    }
    let mut names = 0;
    while j < toks.len() && j - i < 10 {
        let t = toks[j];
        if !t.word {
            // `IOM, UN Migration Agency’s Director General …`: a comma after an acronym.
            let after_acronym = words
                .last()
                .is_some_and(|w: &&str| crate::people::is_acronym(w));
            if t.text == ","
                && after_acronym
                && toks.get(j + 1).is_some_and(|n| n.word && is_cap(n.text))
            {
                j += 1;
                continue;
            }
            break;
        }
        let w = t.text;
        if in_title && is_speech_verb(w) {
            break;
        }
        // Connectors join role and organization words (`Secretary of State John Kerry`),
        // not a name and what follows it (`Cameron Easley for Morning Consult`).
        let connector = lexicon::is_connector(w)
            && !words.is_empty()
            && !words.iter().any(|w| crate::people::is_name_word(w))
            && toks.get(j + 1).is_some_and(|n| n.word && is_cap(n.text));
        let role = is_role_word(w);
        // `глава миссии Иван Петров`: lower-case words between a role and the name.
        let inside_role = !in_title
            && !is_cap(w)
            && !PREPOSITIONS.contains(&w)
            && words.iter().any(|w: &&str| is_role_word(w))
            && toks[j + 1..]
                .iter()
                .take(2)
                .any(|n| n.word && crate::people::is_name_word(n.text));
        if !(is_cap(w) || connector || role || inside_role) {
            break;
        }
        if in_title && crate::people::is_name_word(w) {
            // Title case capitalizes verbs: a second name word ending in -s is the verb.
            if names >= 1 && w.ends_with('s') {
                break;
            }
            names += 1;
        }
        words.push(w);
        j += 1;
    }
    if words.is_empty() {
        return None;
    }
    // A party tag or place in parentheses: `Rep. John Mica (R-Fla.)`.
    if toks.get(j).is_some_and(|t| t.text == "(")
        && let Some(close) = toks[j..].iter().take(10).position(|t| t.text == ")")
    {
        j += close + 1;
    }
    let appositive = appositive_after(text, toks, j);
    let mut end = j;
    if appositive.is_some() {
        // Skip `, role,` up to the closing comma.
        let mut k = j + 1;
        while k < toks.len() && !matches!(toks[k].text, "," | "." | ";") {
            k += 1;
        }
        end = if toks.get(k).map(|t| t.text) == Some(",") {
            k + 1
        } else {
            k
        };
    }
    Some((words, end, appositive))
}

/// A noun phrase read backward from the verb at `toks[v]`: its first token index,
/// its words and a role in apposition.
fn np_backward<'a>(
    text: &'a str,
    toks: &[Tok<'a>],
    v: usize,
) -> Option<(usize, Vec<&'a str>, Option<String>)> {
    let mut j = v;
    // Adverbs and auxiliaries between subject and verb (`She further commended`, `has said`).
    while j > 0 && v - j < 3 {
        let w = toks[j - 1].text;
        let adverb = toks[j - 1].word
            && !is_cap(w)
            && (w.ends_with("ly")
                || matches!(
                    w,
                    "also"
                        | "further"
                        | "then"
                        | "again"
                        | "later"
                        | "has"
                        | "had"
                        | "have"
                        | "once"
                        | "was"
                        | "is"
                        | "a"
                ));
        if adverb {
            j -= 1;
        } else {
            break;
        }
    }
    // A party tag in parentheses before the verb: `Rep. Hakeem Jeffries (D-N.Y.) said`.
    if j > 0
        && toks[j - 1].text == ")"
        && let Some(open) = (j.saturating_sub(10)..j - 1)
            .rev()
            .find(|&k| toks[k].text == "(")
    {
        j = open;
    }
    let mut appositive = None;
    if j > 0 && toks[j - 1].text == "," {
        // `Mr. Abdulla Aripov, Prime Minister, emphasized`.
        let close = j - 1;
        let open = (close.saturating_sub(16)..close)
            .rev()
            .find(|&k| toks[k].text == ",")?;
        appositive = appositive_after(text, toks, open);
        appositive.as_ref()?;
        j = open;
    }
    if j == 0 {
        return None;
    }
    let last = toks[j - 1];
    // `… and said`: a coordinated verb whose subject opened the sentence (left to the
    // sentence-subject pass); `that by saying`: no subject here.
    if !last.word
        || matches!(last.text, "and" | "but" | "or" | "then")
        || PREPOSITIONS.contains(&last.text)
    {
        return None;
    }
    if lexicon::pronoun(last.text).is_some() {
        return Some((j - 1, vec![last.text], appositive));
    }
    let end = j;
    let mut start = j;
    while start > 0 && end - start < 10 {
        let t = toks[start - 1];
        if !t.word {
            break;
        }
        let w = t.text;
        let connector = lexicon::is_connector(w)
            && start < end
            && is_cap(toks[start].text)
            && start >= 2
            && toks[start - 2].word
            && is_cap(toks[start - 2].text);
        if is_cap(w) || connector || is_role_word(w) {
            start -= 1;
        } else {
            break;
        }
    }
    if start == end {
        // A nominal: up to four lower-case words after a determiner (`the hosting party`).
        let mut k = end;
        while k > 0 && end - k < 5 {
            let t = toks[k - 1];
            if !t.word || is_speech_verb(t.text) {
                break;
            }
            k -= 1;
            if is_determiner(t.text) {
                let words: Vec<&str> = toks[k..end].iter().map(|t| t.text).collect();
                return (words.len() > 1).then_some((k, words, appositive));
            }
        }
        return None;
    }
    // A sentence-initial determiner belongs to the phrase (`The Uzbek Government`).
    let words: Vec<&str> = toks[start..end].iter().map(|t| t.text).collect();
    Some((start, words, appositive))
}

/// The speaker name of a title quote: a name the body knows in full, else as written.
fn title_name(name: &str, cast: &Cast) -> String {
    match cast.find(name) {
        Some(i) => cast.people[i].name.clone(),
        None => name.to_string(),
    }
}

/// Turns an attribution into a speaker, role and evidence.
fn resolve(
    a: &Attribution,
    q: &marks::Found,
    units: &[&str],
    cast: &Cast,
    title: Option<&Resolved>,
) -> Option<Resolved> {
    let evidence = |rule: &str, low: bool| Evidence {
        rule: rule.to_string(),
        span: Some(a.span.clone()),
        confidence: if low {
            Confidence::Low
        } else {
            Confidence::High
        },
    };
    let rule = if q.unit == 0 { "quote:title" } else { a.rule };
    let person = |i: usize, role: Option<&String>| {
        let e = cast.people.get(i);
        (
            e.map(|e| e.name.clone()),
            role.cloned().or_else(|| {
                e.and_then(|e| {
                    e.roles
                        .iter()
                        .find(|r| r.as_str() != "Ambassador")
                        .or(e.roles.first())
                        .cloned()
                })
            }),
        )
    };
    let r = match &a.subject {
        Subject::Person { name, role, .. } => {
            let (speaker, role) = match cast.find(name) {
                Some(i) => person(i, role.as_ref()),
                None => (Some(name.clone()), role.clone()),
            };
            Resolved {
                speaker,
                role,
                evidence: evidence(rule, false),
            }
        }
        Subject::Org(org) => Resolved {
            speaker: Some(org.clone()),
            role: None,
            evidence: evidence(rule, false),
        },
        Subject::Role(role) => match cast.by_role(role) {
            Some(i) => {
                let (speaker, r) = person(i, None);
                let low = q.unit != 0;
                Resolved {
                    speaker,
                    role: r.or(Some(role.clone())),
                    evidence: evidence(rule, low),
                }
            }
            None => Resolved {
                speaker: None,
                role: Some(role.clone()),
                evidence: evidence(rule, true),
            },
        },
        Subject::Nominal(n) => {
            // A definite description with a role (`the Florida senator`) names a person
            // met before: the one holding that role, else the nearest one.
            let definite = n
                .split_whitespace()
                .next()
                .is_some_and(|w| w.eq_ignore_ascii_case("the"));
            let described = definite
                && n.split_whitespace()
                    .any(|w| is_role_word(w) && !w.ends_with('s'));
            let found = described
                .then(|| {
                    cast.by_role(n)
                        .or_else(|| cast.nearest_before(q.unit, q.start, None).map(|(i, _)| i))
                })
                .flatten();
            if let Some(i) = host_of_meeting(n, q, units, cast) {
                let (speaker, role) = person(i, None);
                return Some(Resolved {
                    speaker,
                    role,
                    evidence: evidence("quote:description", true),
                });
            }
            match found {
                Some(i) => {
                    let (speaker, _) = person(i, None);
                    Resolved {
                        speaker,
                        role: Some(n.split_whitespace().skip(1).collect::<Vec<_>>().join(" ")),
                        evidence: evidence("quote:description", true),
                    }
                }
                None => Resolved {
                    speaker: Some(n.clone()),
                    role: None,
                    evidence: evidence(rule, true),
                },
            }
        }
        Subject::Pronoun(Pronoun::Third(gender)) => {
            let at = q.end;
            let (i, clear) = cast.nearest_before(q.unit, at, *gender)?;
            let (speaker, role) = person(i, None);
            Resolved {
                speaker,
                role,
                evidence: evidence("quote:pronoun", !clear),
            }
        }
        Subject::Pronoun(Pronoun::First) => {
            let t = title?;
            Resolved {
                speaker: t.speaker.clone(),
                role: t.role.clone(),
                evidence: evidence("quote:first-person", true),
            }
        }
    };
    Some(r)
}

/// The other party of a meeting, for a nominal like `the hosting party` or `his
/// counterpart`: the person the sentence says the meeting was with (`At the meeting
/// with Mr. Viktor Mahmudov, …, the hosting party mentioned that '…'`).
fn host_of_meeting(n: &str, q: &marks::Found, units: &[&str], cast: &Cast) -> Option<usize> {
    let host = n.split_whitespace().any(|w| {
        matches!(
            w,
            "host" | "hosting" | "hosts" | "counterpart" | "interlocutor" | "interlocutors"
        )
    });
    if !host {
        return None;
    }
    let text = units.get(q.first_unit)?;
    let (base, before) = marks::window_before(text, q.first_start, 400);
    let toks = tokenize(before);
    let from = toks
        .iter()
        .rposition(|t| !t.word && matches!(t.text, "." | "!" | "?"))
        .map_or(0, |p| toks[p].end);
    let sentence = before.get(from..)?;
    let cue = [
        "meeting with",
        "talks with",
        "met with",
        "meeting held with",
    ]
    .iter()
    .find_map(|c| sentence.find(c).map(|p| p + c.len()))?;
    cast.first_between(q.first_unit, base + from + cue, q.first_start)
}

/// Gives quotes without an attribution the speaker of a neighbour: another quote in
/// the same paragraph, or the previous quote when the paragraph is all quotation.
fn continue_speakers(units: &[&str], found: &[marks::Found], resolved: &mut [Option<Resolved>]) {
    // Same paragraph: the nearest attributed quote before, else after.
    for i in 0..found.len() {
        if resolved[i].is_some() {
            continue;
        }
        let unit = found[i].unit;
        let before = (0..i)
            .rev()
            .take_while(|&k| found[k].unit == unit)
            .find(|&k| resolved[k].is_some());
        let after = (i + 1..found.len())
            .take_while(|&k| found[k].first_unit == unit)
            .find(|&k| resolved[k].is_some());
        if let Some(k) = before.or(after)
            && let Some(mut r) = resolved[k].clone()
        {
            r.evidence.rule = "quote:same-paragraph".into();
            resolved[i] = Some(r);
        }
    }
    // Paragraphs of pure quotation continue the previous speaker.
    let mut last: Option<(usize, Resolved)> = None;
    for i in 0..found.len() {
        let q = &found[i];
        if let Some(r) = &resolved[i] {
            if r.speaker.is_some() && q.unit != 0 {
                last = Some((q.unit, r.clone()));
            }
            continue;
        }
        if q.unit == 0 || !marks::is_all_quotation(units, found, q.unit) {
            continue;
        }
        let Some((unit, prev)) = &last else { continue };
        if q.first_unit.saturating_sub(*unit) > 3 {
            continue;
        }
        let mut r = prev.clone();
        r.evidence.rule = "quote:continuation".into();
        let adjacent = q.first_unit == unit + 1;
        r.evidence.confidence = if adjacent {
            Confidence::High
        } else {
            Confidence::Low
        };
        if !adjacent {
            r.evidence.span = None;
        }
        resolved[i] = Some(r);
    }
}

/// A quotation paragraph after a paragraph ending in a colon with no speech verb
/// (`… Cruz called them on it:`): the first person named in that sentence, as a guess.
fn intro_subjects(
    units: &[&str],
    found: &[marks::Found],
    cast: &Cast,
    resolved: &mut [Option<Resolved>],
) {
    for (i, q) in found.iter().enumerate() {
        if resolved[i].is_some() {
            continue;
        }
        // A quotation paragraph after `… Cruz called them on it:`: the person named
        // in the sentence that introduces it.
        if let Some(prev) = intro_paragraph(units, q) {
            let (base, tail) = marks::window_before(prev, prev.len(), 400);
            let toks = tokenize(tail);
            let first = toks
                .iter()
                .rposition(|t| !t.word && matches!(t.text, "." | "!" | "?" | "”"))
                .map_or(0, |p| p + 1);
            // Pass over a leading clause: `When Wallace died in 1998, President Clinton …`.
            let first = match toks.get(first) {
                Some(t) if SUBORDINATORS.contains(&lexicon::lower_cow(t.text).as_ref()) => toks
                    [first..]
                    .iter()
                    .position(|t| t.text == ",")
                    .map_or(first, |c| first + c + 1),
                _ => first,
            };
            let from = base + toks.get(first).map_or(tail.len(), |t| t.start);
            let prev_unit = q.first_unit - 1;
            if let Some(person) = cast
                .first_between(prev_unit, from, prev.len())
                .and_then(|e| cast.people.get(e))
            {
                resolved[i] = Some(Resolved {
                    speaker: Some(person.name.clone()),
                    role: person.roles.first().cloned(),
                    evidence: Evidence {
                        rule: "quote:sentence-subject".into(),
                        span: prev.get(from..).map(|s| s.trim().to_string()),
                        confidence: Confidence::Low,
                    },
                });
            }
        }
    }
}

/// Last resort for a quote with no attribution: the first person named earlier in
/// its sentence (`Clinton supports "appropriate pay raises"`), as a guess.
fn sentence_subjects(
    units: &[&str],
    found: &[marks::Found],
    cast: &Cast,
    resolved: &mut [Option<Resolved>],
) {
    for (i, q) in found.iter().enumerate() {
        if resolved[i].is_some() || q.first_unit == 0 {
            continue;
        }

        let text = units.get(q.first_unit).copied().unwrap_or("");
        let (base, before) = marks::window_before(text, q.first_start, 600);
        let toks = tokenize(before);
        let first = toks
            .iter()
            .rposition(|t| !t.word && matches!(t.text, "." | "!" | "?" | "”"))
            .map_or(0, |p| p + 1);
        let from = base + toks.get(first).map_or(before.len(), |t| t.start);
        // A sentence opening with a pronoun: `She called his actions “…”`.
        if let Some(Pronoun::Third(gender)) = toks.get(first).and_then(|t| lexicon::pronoun(t.text))
        {
            if let Some((e, _)) = cast.nearest_before(q.first_unit, from, gender)
                && let Some(person) = cast.people.get(e)
            {
                resolved[i] = Some(Resolved {
                    speaker: Some(person.name.clone()),
                    role: person.roles.first().cloned(),
                    evidence: Evidence {
                        rule: "quote:pronoun".into(),
                        span: text.get(from..q.first_start).map(|s| s.trim().to_string()),
                        confidence: Confidence::Low,
                    },
                });
            }
            continue;
        }
        let Some(e) = cast.first_between(q.first_unit, from, q.first_start) else {
            continue;
        };
        let Some(person) = cast.people.get(e) else {
            continue;
        };
        resolved[i] = Some(Resolved {
            speaker: Some(person.name.clone()),
            role: person.roles.first().cloned(),
            evidence: Evidence {
                rule: "quote:sentence-subject".into(),
                span: text.get(from..q.first_start).map(|s| s.trim().to_string()),
                confidence: Confidence::Low,
            },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(title: Option<&str>, paragraphs: &[&str]) -> Vec<Quote> {
        let paragraphs: Vec<String> = paragraphs.iter().map(|p| p.to_string()).collect();
        find_quotes(title, &paragraphs)
    }

    fn who(q: &[Quote]) -> Vec<(String, Option<String>, String)> {
        q.iter()
            .map(|q| (q.text.clone(), q.speaker.clone(), q.evidence.rule.clone()))
            .collect()
    }

    #[test]
    fn said_after_both_orders() {
        let q = quotes(
            None,
            &[
                "“There is no lack of will,” said Director General William Lacy Swing. “The gap is in implementation.”",
                "“Xenophobia puts migrants at risk,” he noted.",
                "“We are here,” Swing continued.",
            ],
        );
        assert_eq!(
            who(&q),
            [
                (
                    "There is no lack of will".into(),
                    Some("William Lacy Swing".into()),
                    "quote:said-after".into()
                ),
                (
                    "The gap is in implementation.".into(),
                    Some("William Lacy Swing".into()),
                    "quote:same-paragraph".into()
                ),
                (
                    "Xenophobia puts migrants at risk".into(),
                    Some("William Lacy Swing".into()),
                    "quote:pronoun".into()
                ),
                (
                    "We are here".into(),
                    Some("William Lacy Swing".into()),
                    "quote:said-after".into()
                ),
            ]
        );
        assert_eq!(q[0].speaker_role.as_deref(), Some("Director General"));
    }

    #[test]
    fn introductions_appositions_and_pronoun_chains() {
        let q = quotes(
            None,
            &[
                "Reporter Jane Karadsheh says:",
                "“Well, the situation there is a frontline.”",
                "Stated Stone:",
                "“The stakes are so high.”",
                "When Wallace died, President Bill Clinton released the following statement:",
                "“We offer our condolences.”",
                "“Proud of it,” said HR.com’s CEO and Chief Instigator, Debbie McGrath.",
                "“It is an invasion,” Scott Pruitt, the attorney general of Oklahoma, one of the states suing, said at an event.",
                "Mr. Lou said nothing was wrong with Mr. Lew's raising it. But he suggested that Mr. Lew had critics in mind. “They're under pressure,” he said.",
            ],
        );
        assert_eq!(
            who(&q),
            [
                (
                    "Well, the situation there is a frontline.".into(),
                    Some("Jane Karadsheh".into()),
                    "quote:said-before".into()
                ),
                (
                    "The stakes are so high.".into(),
                    Some("Stone".into()),
                    "quote:said-before".into()
                ),
                (
                    "We offer our condolences.".into(),
                    Some("Bill Clinton".into()),
                    "quote:sentence-subject".into()
                ),
                (
                    "Proud of it".into(),
                    Some("Debbie McGrath".into()),
                    "quote:said-after".into()
                ),
                (
                    "It is an invasion".into(),
                    Some("Scott Pruitt".into()),
                    "quote:said-after".into()
                ),
                (
                    "They're under pressure".into(),
                    Some("Lou".into()),
                    "quote:pronoun".into()
                ),
            ]
        );
        assert_eq!(q[0].speaker_role.as_deref(), Some("Reporter"));
        assert_eq!(q[2].evidence.confidence, Confidence::Low);
        assert_eq!(
            q[3].speaker_role.as_deref(),
            Some("HR.com’s CEO and Chief Instigator")
        );
    }

    #[test]
    fn huge_and_hostile_pages_stay_fast() {
        // One 800 kB paragraph of quotes, names and unmatched marks, and 5,000 short ones
        // (`--release` runs the same at 3 MB in under two seconds).
        let unit =
            "“We will act now,” said Mr. John Smith, Director of Ops. He said ‘no’ and “ ' « ";
        let big = unit.repeat(10_000);
        let started = std::time::Instant::now();
        let q = find_quotes(Some("“Title”"), std::slice::from_ref(&big));
        assert!(q.len() <= MAX_QUOTES);
        let many: Vec<String> = (0..5_000)
            .map(|i| format!("“Quote number {i} here,” she said."))
            .collect();
        let q = find_quotes(None, &many);
        assert_eq!(q.len(), MAX_QUOTES);
        let _ = crate::people::find_people(None, std::slice::from_ref(&big), &q, &[]);
        let _ = crate::orgs::find_organizations(None, &[big]);
        assert!(
            started.elapsed().as_secs() < 20,
            "took {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn scare_quotes_and_titles_are_not_quotes() {
        let q = quotes(
            None,
            &[
                "Rights are not ‘earned’ by virtue of being a hero. IOM and Uzbekistan welcomed the 'Roadmap on further developing the mutual cooperation in 2017-2019', covering joint efforts. IOM’s women's programme.",
            ],
        );
        assert!(q.is_empty(), "{q:?}");
    }
}
