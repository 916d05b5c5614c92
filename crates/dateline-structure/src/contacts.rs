//! Media contacts: the block a release ends with (`For more information please contact
//! Joe Lowry at ..., Tel: ..., Email: ...`, one contact a line after `In Vienna:`, a name /
//! role / e-mail / phone column, run-together wire blocks
//! `Contacts:Brenna Clarkebrenna@praxispr.ca`).
//!
//! A block starts at a cue line and runs while lines stay short or hold an address.
//! Each line is cut at labels (`Tel:`, `E-mail:`), e-mail addresses and phone numbers;
//! the text between is split at commas and ` at ` and each piece read as a name, role,
//! organization or place. A new name starts a new contact once the current one has a name.
//! E-mails are validated and lower-cased; phones are normalized to E.164 with `phonenumber`.

use std::sync::LazyLock;

use dateline_types::{Confidence, Contact, Evidence};
use regex::Regex;

use crate::gazetteer;

static CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^\s*(?:",
        r"for (?:more|further|additional|any) (?:information|info|details|questions|inquiries|enquiries)[^:@]{0,60}?(?:contact(?: us)?:?|:)",
        r"|for (?:media|press|investor|public|general|customer) (?:inquiries|enquiries|relations|contacts?)[^:@]{0,60}?:",
        r"|(?:media|press|investor) contacts? for [^:@]{1,60}:",
        r"|(?:media|press|investor|investors|public|general|editorial|company)(?: and (?:media|investors?))? (?:contacts?|inquiries|enquiries|relations contacts?|office)\s*(?:information|details)?\s*:?",
        r"|contacts?(?: for more information| information| details| person| us)?\s*:?",
        r"|inquiries\s*:|enquiries\s*:",
        r"|pour (?:plus d'informations|tout renseignement)[^:]{0,60}?:|para (?:más|mayor) información[^:]{0,60}?:|контакты(?: для сми)?\s*:|пресс-служба\s*:",
        r")\s*",
    ))
    .expect("static regex")
});

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+\-']{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}(?:[a-z]{2,24}|[A-Z]{2,24})")
        .expect("static regex")
});

static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+\s?|\b00)?\(?\d[\d\s().\-/]{5,24}\d").expect("static regex")
});

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(tel|telephone|phone|ph|mobile|mob|cell|fax|office|direct|main|e-?mail|mail|web|website|url|t|m|e|p|f|name|position|title|company name|company|contact|contacts|media contact|organization|organisation|address|x|twitter|telegram|discord|linkedin)\b\.?\s*(:?)\s*")
        .expect("static regex")
});

static GLUED_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([A-Za-z0-9.)])(Email|E-mail|E-Mail|Tel|Phone|Mobile|Fax|Website|URL|Web)\s*:")
        .expect("static regex")
});

static PLACE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:In|At|À|En|В)\s+(\p{Lu}[\p{L} .'-]{1,30}?)\s*:\s*").expect("static regex")
});

static AT_ORG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.{3,60}?)\s+at\s+(?:the\s+)?(\S.*)$").expect("static regex"));

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:https?://|\bwww\.)\S*|\b[a-z0-9-]+\.(?:com|org|net|io|ai|co|int|gov|edu)\b\S*",
    )
    .expect("static regex")
});

/// The longest stretch of one line read for contacts, in bytes.
const MAX_LINE: usize = 1000;

/// Byte length of the cue a contact block opens with (`For more information please contact`),
/// if `line` opens one.
pub(crate) fn cue(line: &str) -> Option<usize> {
    let m = CUE.find(line)?;
    let rest = line.get(m.end()..).unwrap_or("");
    if rest.starts_with("//") {
        return None;
    }
    let matched = m.as_str().trim_end();
    // `Contact tracing has ...` is prose: a bare `Contact` cue needs a colon, the end of the
    // line, or a name glued on (`ContactShannon`, `Contact DetailsMichael Wang`).
    let explicit = matched.ends_with(':')
        || matched.to_lowercase().ends_with("contact")
        || matched.to_lowercase().ends_with("contact us");
    let strong_start = matched.to_lowercase().starts_with("for ");
    if rest.trim().is_empty() || (explicit && (strong_start || matched.ends_with(':'))) {
        return Some(m.end());
    }
    if !strong_start
        && rest.starts_with(|c: char| c.is_uppercase())
        && !line.get(m.start()..m.end()).unwrap_or("").ends_with(' ')
    {
        return Some(m.end());
    }
    if strong_start && explicit {
        return Some(m.end());
    }
    None
}

static INLINE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:media |press |investor )?contacts?\s*:").expect("static regex")
});

/// A short line with a contact label inside (`Acme, Inc. Contact: info@acme.example`).
pub(crate) fn inline_cue(line: &str) -> bool {
    line.len() < 200 && INLINE_CUE.is_match(line) && (EMAIL.is_match(line) || has_phone(line))
}

/// True when a line can belong to a contact block (short, or holding an address).
pub(crate) fn is_contact_line(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() {
        return true;
    }
    if EMAIL.is_match(t) || (t.len() < 300 && has_phone(t)) {
        return true;
    }
    t.chars().count() <= 90 && !t.ends_with(['.', '?', '!']) || t.chars().count() <= 60
}

fn has_phone(t: &str) -> bool {
    PHONE
        .find_iter(t)
        .any(|m| (7..=15).contains(&m.as_str().chars().filter(char::is_ascii_digit).count()))
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Email(String),
    Phone(String, bool),
    Boundary,
    Place(String),
}

/// A validated, lower-cased e-mail address, or none.
pub(crate) fn valid_email(raw: &str) -> Option<String> {
    let e = raw
        .trim_matches(|c: char| c == '.' || c == '\'' || c == '-')
        .to_lowercase();
    let (local, domain) = e.split_once('@')?;
    if local.is_empty()
        || local.len() > 64
        || domain.len() > 253
        || local.starts_with('.')
        || local.ends_with('.')
        || local.contains("..")
        || domain.contains("..")
        || domain.contains('@')
    {
        return None;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return None;
    }
    for l in &labels {
        if l.is_empty() || l.len() > 63 || l.starts_with('-') || l.ends_with('-') {
            return None;
        }
        if !l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return None;
        }
    }
    let tld = labels.last()?;
    if tld.len() < 2 || !tld.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    if !local
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"._%+-'".contains(&b))
    {
        return None;
    }
    Some(e)
}

/// A phone number in E.164 form, and whether its country had to be assumed.
pub(crate) fn normalize_phone(raw: &str, region: Option<&str>) -> Option<(String, bool)> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    if !(7..=15).contains(&digits.len()) {
        return None;
    }
    let trimmed = raw.trim();
    let international = trimmed.starts_with('+') || trimmed.starts_with("00");
    if international {
        let cleaned = format!("+{}", digits.trim_start_matches("00"));
        let cleaned = if trimmed.starts_with("00") {
            cleaned
        } else {
            format!("+{digits}")
        };
        let n = phonenumber::parse(None, &cleaned).ok()?;
        let e164 = n.format().mode(phonenumber::Mode::E164).to_string();
        // The metadata lags behind numbering plans: keep a well-formed `+` number it rejects.
        let national_len = e164
            .len()
            .saturating_sub(1 + n.code().value().to_string().len());
        return (phonenumber::is_valid(&n) || (6..=13).contains(&national_len))
            .then_some((e164, false));
    }
    let region = region.unwrap_or("US");
    let id: phonenumber::country::Id = region.parse().ok()?;
    let n = phonenumber::parse(Some(id), trimmed).ok()?;
    if !phonenumber::is_valid(&n) {
        return None;
    }
    Some((n.format().mode(phonenumber::Mode::E164).to_string(), true))
}

/// Cuts an e-mail glued to the name before it (`Clarkebrenna@` after `Brenna`) or to a
/// company suffix (`Inc.name@`): returns the byte offset where the address really starts.
fn email_start(text: &str, m_start: usize, local: &str, context_words: &[String]) -> usize {
    if let Some(rest) = ["Inc.", "LLC.", "Ltd.", "Corp.", "Co."]
        .iter()
        .find_map(|s| local.strip_prefix(s))
    {
        return m_start + (local.len() - rest.len());
    }
    // `RicherCEOinvestorrelations@`: an acronym run into the address (the last such run).
    if local.is_ascii() {
        let b = local.as_bytes();
        let mut cut = None;
        let mut k = 0;
        while k < b.len() {
            if b[k].is_ascii_uppercase() {
                let start = k;
                while k < b.len() && b[k].is_ascii_uppercase() {
                    k += 1;
                }
                // Only after a mixed-case word (`RicherCEO`): `UKEditorial@` is an address.
                let mixed_before = b[..start].iter().any(u8::is_ascii_lowercase);
                if k - start >= 2 && mixed_before && b.get(k).is_some_and(u8::is_ascii_lowercase) {
                    cut = Some(k);
                }
            } else {
                k += 1;
            }
        }
        if let Some(k) = cut {
            return m_start + k;
        }
    }
    // `Officercontactus@`: a role word run into the address.
    let lower_local = local.to_lowercase();
    for role in [
        "officer",
        "manager",
        "director",
        "president",
        "founder",
        "marketing",
        "relations",
        "communications",
        "specialist",
        "coordinator",
    ] {
        if lower_local.starts_with(role)
            && lower_local.len() > role.len() + 1
            && local.chars().next().is_some_and(char::is_uppercase)
            && local.is_ascii()
        {
            return m_start + role.len();
        }
    }
    let Some(first) = local.chars().next() else {
        return m_start;
    };
    if !first.is_uppercase() {
        return m_start;
    }
    // `WorkSpansam.gong@` after `Sam Gong`: the address starts with a name word.
    if local.chars().skip(1).any(|c| c.is_uppercase()) {
        let lower = local.to_lowercase();
        let best = context_words
            .iter()
            .filter_map(|w| lower.find(w.as_str()))
            .filter(|&pos| {
                pos > 0
                    && local.is_ascii()
                    && local
                        .get(pos..pos + 1)
                        .is_some_and(|c| c.chars().all(char::is_lowercase))
            })
            .min();
        return best.map_or(m_start, |pos| m_start + pos);
    }
    // Words of the name before: the address often starts with one of them.
    let before = text.get(..m_start).unwrap_or("");
    let lower = local.to_lowercase();
    for w in before.split_whitespace().rev().take(3) {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        // Position in chars equals position in bytes for ASCII local parts.
        if w.len() >= 2
            && local.is_ascii()
            && let Some(pos) = lower.rfind(&w)
            && pos > 0
        {
            return m_start + pos;
        }
    }
    for mailbox in [
        "info", "media", "press", "contact", "hello", "pr", "ir", "news", "sales", "support",
    ] {
        if lower.ends_with(mailbox) && lower.len() > mailbox.len() && local.is_ascii() {
            return m_start + lower.len() - mailbox.len();
        }
    }
    m_start
}

fn pieces_of_line(
    line: &str,
    region: Option<&str>,
    context_words: &[String],
    out: &mut Vec<Piece>,
) {
    let mut line = line.trim();
    if matches!(line.to_lowercase().as_str(), "or" | "and" | "&" | "/" | "|") {
        out.push(Piece::Boundary);
        return;
    }
    if let Some(c) = PLACE_PREFIX.captures(line)
        && let (Some(all), Some(place)) = (c.get(0), c.get(1))
    {
        out.push(Piece::Boundary);
        out.push(Piece::Place(place.as_str().trim().to_string()));
        line = line.get(all.end()..).unwrap_or("");
    }
    let line = GLUED_LABEL.replace_all(line, "$1 $2:");
    // Mark phones, then e-mails, then labels, by byte ranges.
    let mut spans: Vec<(usize, usize, Piece)> = Vec::new();
    for m in PHONE.find_iter(&line) {
        let digits = m.as_str().chars().filter(char::is_ascii_digit).count();
        if !(7..=15).contains(&digits) {
            continue;
        }
        let raw = m.as_str().trim_end_matches(['(', '-', '.', ' ', '/']);
        if let Some((p, guessed)) = normalize_phone(raw, region) {
            spans.push((m.start(), m.start() + raw.len(), Piece::Phone(p, guessed)));
        }
    }
    for m in EMAIL.find_iter(&line) {
        // Digits of a phone glued before the address belong to the phone.
        let mut start = m.start();
        if let Some(&(_, pe, _)) = spans
            .iter()
            .find(|(ps, pe, _)| *ps < m.start() && *pe > m.start())
        {
            start = pe;
        }
        let local_end = m.as_str().find('@').map_or(m.end(), |k| m.start() + k);
        let local = line.get(start..local_end).unwrap_or("");
        let start = email_start(&line, start, local, context_words);
        if let Some(e) = line.get(start..m.end()).and_then(valid_email) {
            spans.retain(|(ps, pe, _)| *pe <= start || *ps >= m.end());
            spans.push((start, m.end(), Piece::Email(e)));
        }
    }
    spans.sort_by_key(|s| s.0);
    let mut fax_next = false;
    let mut pos = 0;
    let push_text = |text: &str, out: &mut Vec<Piece>, fax_next: &mut bool| {
        // Labels inside the text: drop them; a `Fax` label voids the next phone.
        let mut last = 0;
        let mut chunks = Vec::new();
        for c in LABEL.captures_iter(text) {
            let (Some(all), Some(word)) = (c.get(0), c.get(1)) else {
                continue;
            };
            let colon = c.get(2).is_some_and(|m| !m.as_str().is_empty());
            let after = text.get(all.end()..).unwrap_or("");
            let is_label = colon
                || after.is_empty()
                || after.starts_with(|ch: char| ch.is_ascii_digit() || ch == '+' || ch == '(');
            let short = word.as_str().len() == 1;
            let needs_colon = !matches!(
                word.as_str().to_lowercase().as_str(),
                "tel"
                    | "telephone"
                    | "phone"
                    | "ph"
                    | "mobile"
                    | "mob"
                    | "cell"
                    | "fax"
                    | "e-mail"
                    | "email"
                    | "mail"
            );
            if !is_label || ((short || needs_colon) && !colon) {
                continue;
            }
            chunks.push(text.get(last..all.start()).unwrap_or(""));
            last = all.end();
            *fax_next = word.as_str().eq_ignore_ascii_case("fax")
                || word.as_str().eq_ignore_ascii_case("f");
        }
        chunks.push(text.get(last..).unwrap_or(""));
        for chunk in chunks {
            let chunk = URL.replace_all(chunk, " | ");
            for part in split_text(&chunk) {
                out.push(Piece::Text(part));
            }
        }
    };
    for (s, e, piece) in spans {
        if s < pos {
            continue;
        }
        push_text(line.get(pos..s).unwrap_or(""), out, &mut fax_next);
        match piece {
            Piece::Phone(..) if fax_next => {}
            other => out.push(other),
        }
        fax_next = false;
        pos = e;
    }
    push_text(line.get(pos..).unwrap_or(""), out, &mut fax_next);
}

/// Splits free contact text into name / role / organization pieces.
fn split_text(chunk: &str) -> Vec<String> {
    let chunk = chunk.trim().trim_matches(|c: char| {
        c == ',' || c == ';' || c == '|' || c == '-' || c == '–' || c.is_whitespace()
    });
    if chunk.is_empty() {
        return Vec::new();
    }
    if let Some(c) = AT_ORG.captures(chunk)
        && let (Some(name), Some(org)) = (c.get(1), c.get(2))
        && is_person_name(name.as_str())
    {
        return vec![
            name.as_str().to_string(),
            format!("\u{1}{}", org.as_str().trim().trim_end_matches([',', '.'])),
        ];
    }
    let mut parts: Vec<String> = Vec::new();
    for p in chunk
        .split([',', '|', ';', ':'])
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split(" – "))
    {
        let p = p.trim().trim_end_matches('.').trim();
        if p.is_empty() {
            continue;
        }
        // `Acme Group, Inc.` stays one organization.
        let suffix = matches!(
            p,
            "Inc" | "LLC" | "Ltd" | "Corp" | "L.P" | "LP" | "PLC" | "S.A" | "GmbH"
        ) || p.starts_with("Inc ")
            || p.starts_with("Inc (");
        if suffix && let Some(last) = parts.last_mut() {
            last.push_str(", ");
            last.push_str(p);
            continue;
        }
        // `IntelagenTom RicherCEO`: organization, name and role run together.
        parts.extend(unglue(p));
    }
    parts
}

/// The words of a camel-cased run (`WorkspanSam` -> `Workspan`, `Sam`).
fn camel_words(w: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev_lower = false;
    for (i, c) in w.char_indices() {
        if c.is_uppercase() && prev_lower {
            out.extend(w.get(start..i));
            start = i;
        }
        prev_lower = c.is_lowercase();
    }
    out.extend(w.get(start..));
    out
}

/// Splits text run together without spaces (`IntelagenTom RicherCEO`, `Jane DoeACME`) at
/// its case changes, keeping a camel-cased brand (`WorkSpan`) whole: a split is kept only
/// where a person's name or a role stands on one side.
fn unglue(p: &str) -> Vec<String> {
    let chars: Vec<(usize, char)> = p.char_indices().collect();
    let mut cuts = vec![0];
    for w in chars.windows(3) {
        let ((_, a), (i, b), (_, c)) = (w[0], w[1], w[2]);
        // lower|Upper (`IntelagenTom`), or UPPER|Upperlower (`ACMEJane`).
        if (a.is_lowercase() && b.is_uppercase())
            || (a.is_uppercase() && b.is_uppercase() && c.is_lowercase() && cuts.last() != Some(&i))
        {
            cuts.push(i);
        }
    }
    if cuts.len() == 1 {
        return vec![p.to_string()];
    }
    cuts.push(p.len());
    let segments: Vec<&str> = cuts.windows(2).filter_map(|w| p.get(w[0]..w[1])).collect();
    let strong = |s: &str| is_person_name(s) || is_role(s);
    let mut out: Vec<String> = Vec::new();
    let mut last_strong = false;
    for seg in segments {
        let seg_strong = strong(seg.trim());
        match out.last_mut() {
            Some(prev) if !seg_strong && !last_strong => {
                prev.push_str(seg);
                last_strong = strong(prev.trim());
            }
            _ => {
                out.push(seg.to_string());
                last_strong = seg_strong;
            }
        }
    }
    // A name cut in two by a camel-cased surname (`DeSantis`) comes back together.
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Link and layout words of contact blocks, not names or organizations.
fn is_junk(t: &str) -> bool {
    let l = t.to_lowercase();
    let l = l.trim_matches(|c: char| !c.is_alphanumeric());
    matches!(
        l,
        "website"
            | "company website"
            | "web"
            | "twitter"
            | "x"
            | "telegram"
            | "discord"
            | "linkedin"
            | "facebook"
            | "instagram"
            | "youtube"
            | "whitepaper"
            | "medium"
            | "reddit"
            | "tiktok"
            | "email us here"
            | "visit our website"
            | "visit our blog"
            | "united states"
            | "usa"
    ) || l.starts_with("view source version")
        || l.starts_with("source")
        || l.starts_with("distributed by")
        || t.split(['|', '/']).count() > 2
}

const ROLE_WORDS: &[&str] = &[
    "manager",
    "director",
    "director-general",
    "officer",
    "coordinator",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "point",
    "head",
    "chief",
    "president",
    "ceo",
    "cfo",
    "coo",
    "cmo",
    "cto",
    "evp",
    "svp",
    "vp",
    "vice",
    "specialist",
    "assistant",
    "associate",
    "adviser",
    "advisor",
    "consultant",
    "representative",
    "lead",
    "executive",
    "editor",
    "analyst",
    "secretary",
    "founder",
    "co-founder",
    "counsel",
    "liaison",
    "strategist",
    "publicist",
    "owner",
    "chairman",
    "chair",
    "principal",
    "agent",
    "correspondent",
    "attaché",
    "intern",
    "supervisor",
    "administrator",
    "producer",
];

const ORG_WORDS: &[&str] = &[
    "inc",
    "inc.",
    "llc",
    "ltd",
    "ltd.",
    "corp",
    "corp.",
    "corporation",
    "company",
    "co.",
    "group",
    "agency",
    "office",
    "ministry",
    "organization",
    "organisation",
    "university",
    "association",
    "foundation",
    "communications",
    "pr",
    "media",
    "partners",
    "relations",
    "network",
    "centre",
    "center",
    "institute",
    "council",
    "bank",
    "fund",
    "capital",
    "technologies",
    "labs",
    "global",
    "international",
    "news",
    "government",
    "department",
    "bureau",
    "commission",
    "unit",
    "team",
    "consulting",
    "holdings",
    "services",
    "solutions",
    "studio",
    "studios",
    "marketing",
    "show",
    "wire",
    "newswire",
    "public",
    "investor",
    "investors",
    "gmbh",
    "plc",
    "llp",
    "ag",
    "sa",
    "board",
    "committee",
    "authority",
    "chamber",
    "desk",
    "division",
    "enterprises",
    "pictures",
    "entertainment",
    "publishers",
    "limited",
    "trust",
    "society",
    "club",
    "academy",
    "school",
];

fn words_lower(s: &str) -> Vec<String> {
    s.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '.')
                .to_lowercase()
        })
        .collect()
}

fn is_role(s: &str) -> bool {
    words_lower(s)
        .iter()
        .any(|w| ROLE_WORDS.contains(&w.trim_end_matches('.')))
}

fn is_org(s: &str) -> bool {
    let lower_words = s
        .split_whitespace()
        .filter(|w| {
            w.chars().next().is_some_and(char::is_lowercase)
                && !matches!(
                    *w,
                    "of" | "and" | "for" | "the" | "&" | "de" | "du" | "des" | "la"
                )
        })
        .count();
    if lower_words > 1 {
        return false;
    }
    let acronym = s.split_whitespace().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.len() >= 2
            && w.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && w.chars().any(|c| c.is_ascii_uppercase())
    });
    acronym
        || words_lower(s)
            .iter()
            .any(|w| ORG_WORDS.contains(&w.as_str()))
}

const PARTICLES: &[&str] = &[
    "van", "von", "de", "da", "del", "der", "den", "bin", "al", "la", "le", "di", "du", "dos",
    "ter", "el",
];

/// Strips an honorific (`Mr.`, `Ms.`, `Dr.`).
fn strip_honorific(s: &str) -> &str {
    let t = s.trim();
    for h in [
        "Mr. ", "Ms. ", "Mrs. ", "Dr. ", "Prof. ", "Mr ", "Ms ", "Mrs ", "Dr ", "Mme ", "M. ",
        "Sr. ", "Sra. ", "Г-н ", "Г-жа ",
    ] {
        if let Some(rest) = t.strip_prefix(h) {
            return rest.trim();
        }
    }
    t
}

/// A person's name: two to four capitalized words (particles and initials allowed),
/// no organization or role word, not a place.
pub(crate) fn is_person_name(s: &str) -> bool {
    let s = strip_honorific(s);
    let words: Vec<&str> = s.split_whitespace().collect();
    if !(2..=4).contains(&words.len()) || s.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let mut real = 0;
    for (k, w) in words.iter().enumerate() {
        if k > 0 && PARTICLES.contains(w) {
            continue;
        }
        let mut chars = w.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        if !first.is_uppercase() {
            return false;
        }
        if !w
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
        {
            return false;
        }
        // `DoeACME` is a name run into an organization, not a surname (`McKinley` is).
        let cs: Vec<char> = w.chars().collect();
        if cs
            .windows(3)
            .any(|t| t[0].is_lowercase() && t[1].is_uppercase() && t[2].is_uppercase())
        {
            return false;
        }
        if let Some(k) = cs
            .windows(2)
            .position(|t| t[0].is_lowercase() && t[1].is_uppercase())
        {
            let prefix: String = cs.iter().take(k + 1).collect();
            if !matches!(
                prefix.as_str(),
                "Mc" | "Mac" | "De" | "Di" | "La" | "Le" | "Van" | "Von" | "Da" | "Du"
            ) {
                return false;
            }
        }
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        if letters >= 2
            && w.chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
            && letters <= 4
        {
            return false; // an acronym
        }
        if letters >= 2 {
            real += 1;
        }
    }
    const NOT_NAME: &[&str] = &[
        "North",
        "South",
        "East",
        "West",
        "Central",
        "America",
        "Europe",
        "Asia",
        "Africa",
        "United",
        "States",
        "Kingdom",
        "Media",
        "Team",
        "Department",
        "Press",
        "Relations",
        "Contact",
        "Details",
    ];
    if words.iter().any(|w| NOT_NAME.contains(w)) {
        return false;
    }
    if real < 2 || is_role(s) || is_org(s) {
        return false;
    }
    gazetteer::lookup(s).is_empty()
}

/// The contacts in a contact block; `region` is the release's country, used for phone
/// numbers written without a country code.
pub(crate) fn parse_block(lines: &[String], region: Option<&str>) -> Vec<Contact> {
    let mut pieces = Vec::new();
    // Capitalized words of the block, lower-cased: addresses often start with one.
    let context_words: Vec<String> = lines
        .iter()
        .flat_map(|l| l.split(|c: char| !c.is_alphabetic()))
        .flat_map(camel_words)
        .filter(|w| w.len() >= 3 && w.chars().next().is_some_and(char::is_uppercase))
        .map(str::to_lowercase)
        .collect();
    for (k, line) in lines.iter().enumerate() {
        // Contact lines are short; a huge one is read only as far as a contact can reach.
        let mut cut = line.len().min(MAX_LINE);
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        let mut l = line.get(..cut).unwrap_or("");
        if let Some(n) = cue(l)
            && (k == 0 || n > 0)
        {
            l = l.get(n..).unwrap_or("");
            if k > 0 {
                pieces.push(Piece::Boundary);
            }
        }
        pieces_of_line(l, region, &context_words, &mut pieces);
    }
    let span = lines
        .first()
        .map(|l| l.chars().take(200).collect::<String>())
        .unwrap_or_default();
    let mut contacts: Vec<Contact> = Vec::new();
    let mut cur = Contact::default();
    let mut guessed = false;
    let finish = |cur: &mut Contact, guessed: &mut bool, contacts: &mut Vec<Contact>| {
        let c = std::mem::take(cur);
        let useful = !c.emails.is_empty()
            || !c.phones.is_empty()
            || (c.name.is_some() && (c.organization.is_some() || c.role.is_some()));
        if useful {
            let mut c = c;
            c.evidence = Evidence {
                rule: "contact:block".into(),
                span: Some(span.clone()),
                confidence: if *guessed {
                    Confidence::Low
                } else {
                    Confidence::High
                },
            };
            contacts.push(c);
        }
        *guessed = false;
    };
    for piece in pieces {
        match piece {
            Piece::Boundary => {
                if cur.name.is_some() || !cur.emails.is_empty() || !cur.phones.is_empty() {
                    finish(&mut cur, &mut guessed, &mut contacts);
                }
            }
            Piece::Place(p) => cur.place = Some(p),
            Piece::Email(e) => {
                if !cur.emails.contains(&e) {
                    cur.emails.push(e);
                }
            }
            Piece::Phone(p, g) => {
                if !cur.phones.contains(&p) {
                    cur.phones.push(p);
                    guessed |= g;
                }
            }
            Piece::Text(t) => {
                if let Some(org) = t.strip_prefix('\u{1}') {
                    if cur.organization.is_none() {
                        cur.organization = Some(org.to_string());
                    }
                    continue;
                }
                let t = t.trim().trim_end_matches(':').trim();
                if is_junk(t) {
                    continue;
                }
                if t.is_empty()
                    || t.chars().any(|c| matches!(c, '<' | '>' | '"' | '=' | '@'))
                    || t.len() > 120
                {
                    continue;
                }
                if is_person_name(t) {
                    // `Cable Cabana` then `Matthew W Strunk`: the first was the organization.
                    if cur.name.is_some()
                        && cur.emails.is_empty()
                        && cur.phones.is_empty()
                        && cur.role.is_none()
                        && cur.organization.is_none()
                    {
                        cur.organization = cur.name.take();
                    }
                    // A name after a nameless contact's addresses starts a new contact.
                    if cur.name.is_some() || !cur.emails.is_empty() || !cur.phones.is_empty() {
                        let place = cur
                            .place
                            .clone()
                            .filter(|_| cur.emails.is_empty() && cur.phones.is_empty());
                        finish(&mut cur, &mut guessed, &mut contacts);
                        cur.place = place;
                    }
                    cur.name = Some(strip_honorific(t).to_string());
                } else if is_role(t) {
                    if cur.role.is_none() {
                        cur.role = Some(t.to_string());
                    }
                } else if t.chars().any(|c| c.is_ascii_digit()) {
                    // An address line (`500 Hills Drive`): not kept.
                } else if cur.organization.is_some() && gazetteer::place(t).is_some() {
                    if cur.place.is_none() {
                        cur.place = Some(t.to_string());
                    }
                } else if (is_org(t)
                    || (t.chars().next().is_some_and(char::is_uppercase)
                        && t.split_whitespace().count() <= 6
                        && !t.split_whitespace().any(|w| {
                            w.chars().next().is_some_and(char::is_lowercase) && w.len() > 3
                        })
                        && gazetteer::place(t).is_none()))
                    && cur.organization.is_none()
                {
                    cur.organization = Some(t.to_string());
                }
            }
        }
    }
    finish(&mut cur, &mut guessed, &mut contacts);
    contacts
}

/// Merges contacts that are the same person or address, found in two blocks.
pub(crate) fn merge(contacts: Vec<Contact>) -> Vec<Contact> {
    use std::collections::HashMap;
    let mut out: Vec<Contact> = Vec::with_capacity(contacts.len());
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut by_emails: HashMap<Vec<String>, usize> = HashMap::new();
    for c in contacts {
        let same = c
            .name
            .as_ref()
            .and_then(|n| by_name.get(n).copied())
            .or_else(|| {
                (!c.emails.is_empty())
                    .then(|| by_emails.get(&c.emails).copied())
                    .flatten()
            })
            .filter(|&k| {
                out.get(k).is_some_and(|o| {
                    (o.name.is_some() && o.name == c.name) || o.name.is_none() || c.name.is_none()
                })
            });
        let Some(k) = same else {
            if let Some(n) = &c.name {
                by_name.insert(n.clone(), out.len());
            }
            if !c.emails.is_empty() {
                by_emails.entry(c.emails.clone()).or_insert(out.len());
            }
            out.push(c);
            continue;
        };
        let Some(o) = out.get_mut(k) else { continue };
        if o.name.is_none() {
            o.name = c.name;
            if let Some(n) = &o.name {
                by_name.insert(n.clone(), k);
            }
        }
        if o.role.is_none() {
            o.role = c.role;
        }
        if o.organization.is_none() {
            o.organization = c.organization;
        }
        if o.place.is_none() {
            o.place = c.place;
        }
        for e in c.emails {
            if !o.emails.contains(&e) {
                o.emails.push(e);
            }
        }
        for p in c.phones {
            if !o.phones.contains(&p) {
                o.phones.push(p);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    }

    fn show(c: &[Contact]) -> String {
        c.iter()
            .map(|c| {
                format!(
                    "{} | {} | {} | {} | {} | {} | {:?}",
                    c.name.as_deref().unwrap_or("-"),
                    c.role.as_deref().unwrap_or("-"),
                    c.organization.as_deref().unwrap_or("-"),
                    c.place.as_deref().unwrap_or("-"),
                    c.emails.join(" "),
                    c.phones.join(" "),
                    c.evidence.confidence
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn normalizes_phones_and_emails() {
        assert_eq!(
            normalize_phone("+ 41 22 717 9486", None).unwrap().0,
            "+41227179486"
        );
        assert_eq!(
            normalize_phone("+43660 3776404", None).unwrap().0,
            "+436603776404"
        );
        assert_eq!(
            normalize_phone("+99312 488407", None).unwrap().0,
            "+99312488407"
        );
        assert_eq!(
            normalize_phone("(908) 719-6543", None).unwrap(),
            ("+19087196543".to_string(), true)
        );
        assert_eq!(
            valid_email("JLowry@IOM.int").as_deref(),
            Some("jlowry@iom.int")
        );
        assert_eq!(valid_email("a@b"), None);
        assert_eq!(valid_email("a..b@x.org"), None);
    }

    #[test]
    fn reads_contact_shapes() {
        let cases = [
            "For more information please contact Joe Lowry at the IOM Regional Office for South-Eastern Europe, Eastern Europe and Central Asia, Tel: +436603776404, Email: jlowry@iom.int",
            "For additional questions, please contact:\nDovlet Chariyev\nIOM Communication Focal Point\nE-mail: dchariyev@iom.int\nTel:+99312 488407",
            "Inquiries: Mr. Sanjarbek Toshbaev, Country Manager for Uzbekistan, IOM Central Asia.\nEmail: stoshbaev@iom.int, iomastana@iom.int",
            "For more information please contact:\nIn Vienna: Joe Lowry, Tel +43660 3776404, Email jlowry@iom.int\nIn Geneva: Olivia Headon, Tel: +41227179435, Email: oheadon@iom.int\nIn New York: Lanna Walsh, Tel +1929 9201127, Email lwalsh@iom.int",
            "For further information, please contact:\nJemini Pandya\nIOM Geneva\nTel: + 41 22 717 9486\nE-mail:\njpandya@iom.int\nor\nOmar Gharzeddine\nUNFPA, New York\nTel: +1 212 297-5028\nE-mail:\ngharzeddine@unfpa.org",
            "Media Contact:Jane DoeACME, Inc.jane@acme.example555.555.5555",
            "Contacts:Brenna Clarkebrenna@praxispr.ca\nEmily Leakemily@praxispr.ca",
            "Contacts:Stonegate Capital Partners(214) 987-4121info@stonegateinc.com",
            "Media Contact:\nKyle Porter\nEVP, Virgo PR\nSupercloud@virgo-pr.com",
            "Contact Information:SMEV Shareholder/Investor inquiries can be directed to:Bryan Wilkinson - CEOEmail: ceo@nitroholdingsllc.com",
            "Press Inquiries:IntelagenTom RicherCEOinvestorrelations@intelagen.example\nWorkspanSam Gong\nSVP of Marketing, WorkSpansam.gong@workspan.example\nArhasiChiru BhavansikarChief AI Officercontactus@arhasi.example",
            "Contact Details\nName: Klajdi Toci\nPosition: CEO\nEmail: info@stakingfarm.example\nWebsite: www.stakingfarm.example",
            "Contact DetailsCable Cabana\nMatthew W Strunk\n+1 301-328-9139\nmatt@cablecabana.example\nCompany Websitehttps://cablecabana.example/",
            "Media Contact for SUCCESS® Enterprises: Kerrie Lee Brown 303-493-1719 kerrie.brown@success.example",
            "Contact DetailsProactive UK\n+44 20 7989 0813\nUKEditorial@proactiveinvestors.example\nJill Randolph\nJRandolph@mediamgmtgroup.example",
        ];
        let got: Vec<String> = cases
            .iter()
            .map(|c| {
                format!(
                    "{}\n=> {}",
                    c.lines().next().unwrap_or(""),
                    show(&parse_block(&lines(c), None))
                )
            })
            .collect();
        insta::assert_snapshot!(got.join("\n\n"));
    }

    #[test]
    fn cues() {
        assert!(cue("For more information please contact Joe Lowry at the IOM").is_some());
        assert!(cue("For additional questions, please contact:").is_some());
        assert!(cue("Inquiries: Mr. Sanjarbek Toshbaev").is_some());
        assert!(cue("Media Contact:").is_some());
        assert!(cue("Contact DetailsMichael Wang").is_some());
        assert!(cue("Contact tracing has become").is_none());
        assert!(cue("For more information, please visit https://x.example").is_none());
    }
}
