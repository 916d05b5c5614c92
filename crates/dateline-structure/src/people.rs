//! People the release names, with their roles.
//!
//! There is no statistical tagger here: a capitalized run of words is a person
//! when the text gives a reason to think so: an honorific (`Mr. Abdulla Aripov`),
//! a role before it (`IOM Regional Director Argentina Szabados`), a role in
//! apposition after it (`Viktor Mahmudov, Secretary of the Security Council`),
//! a common first name (`William Lacy Swing`), a speech verb (`Szabados said`),
//! or a media-contact block. Later mentions by surname (`Ms. Obaid`,
//! `Director General Swing`) resolve to the full name.

use dateline_types::{Contact, Person, Quote};

use crate::quotes::lexicon::{
    self, Gender, Pronoun, first_name_gender, honorific, is_abbreviation, is_connector,
    is_determiner, is_first_name, is_name_particle, is_org_head, is_role_word, is_speech_verb,
    is_title_role,
};

/// The people the release names, in order of first mention, with the roles the text gives them.
#[cfg(test)]
pub fn find_people(
    title: Option<&str>,
    paragraphs: &[String],
    quotes: &[Quote],
    contacts: &[Contact],
) -> Vec<Person> {
    let _ = title;
    let units: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    let toks: Vec<Vec<Tok<'_>>> = units.iter().map(|u| tokenize(u)).collect();
    find_people_scanned(None, &units, &toks, quotes, contacts)
}

/// [`find_people`] starting from the scan of the paragraphs that
/// [`crate::quotes::find_quotes_scanned`] made, when it made one (the same people, in
/// the same order: only the unit numbers are shifted by one, which keeps their order);
/// else the paragraphs are scanned from their tokens (`toks[k]` holds those of
/// `paragraphs[k]`).
pub(crate) fn find_people_scanned(
    scanned: Option<Cast>,
    paragraphs: &[&str],
    toks: &[Vec<Tok<'_>>],
    quotes: &[Quote],
    contacts: &[Contact],
) -> Vec<Person> {
    let mut cast = scanned.unwrap_or_else(|| Cast::scan_tokenized(paragraphs, toks, 0));
    for quote in quotes {
        let Some(speaker) = quote.speaker.as_deref() else {
            continue;
        };
        if !looks_like_person(speaker) {
            continue;
        }
        cast.add(
            speaker,
            quote.speaker_role.as_deref(),
            None,
            (usize::MAX, 0),
        );
    }
    for contact in contacts {
        let Some(name) = contact.name.as_deref() else {
            continue;
        };
        if !looks_like_person(name) {
            continue;
        }
        cast.add(name, contact.role.as_deref(), None, (usize::MAX, 1));
    }
    cast.into_people()
}

/// Whether a speaker string names a person (capitalized words, no organization head,
/// not a nominal like `the hosting party`).
pub(crate) fn looks_like_person(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 6
        && words.iter().all(|w| is_cap(w) || is_name_particle(w))
        && !words.iter().any(|w| is_org_head(w) || is_acronym(w))
}

// ---------------------------------------------------------------------------
// Tokens

/// A word or punctuation mark, with its byte range in the text it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok<'a> {
    /// The token's text.
    pub text: &'a str,
    /// Byte offset of its start.
    pub start: usize,
    /// Byte offset just past its end.
    pub end: usize,
    /// A word (letters or digits) rather than punctuation.
    pub word: bool,
}

/// Splits text into words and punctuation marks, in one pass.
///
/// A word runs over letters and digits, and over `-`, `’`, `'` and `.` when a
/// letter or digit follows (`Director-General`, `IOM’s`, `U.S`); a final period
/// belongs to known abbreviations and initials (`Mr.`, `W.`).
pub(crate) fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let bytes = text.as_bytes();
    // About one token per six bytes of prose: reserve once instead of growing.
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    let mut at = 0;
    while let Some(c) = char_at(text, at) {
        let start = at;
        at += c.len_utf8();
        if c.is_whitespace() {
            continue;
        }
        if !is_alnum(c) {
            out.push(Tok {
                text: &text[start..at],
                start,
                end: at,
                word: false,
            });
            continue;
        }
        let mut end = at;
        loop {
            // ASCII letters and digits, the bulk of a word, a byte at a time.
            while bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                end += 1;
            }
            let Some(d) = char_at(text, end) else {
                break;
            };
            if is_alnum(d) {
                end += d.len_utf8();
                continue;
            }
            if matches!(d, '-' | '’' | '\'' | '.')
                && char_at(text, end + d.len_utf8()).is_some_and(is_alnum)
            {
                end += d.len_utf8();
                continue;
            }
            break;
        }
        // A final period that belongs to the word.
        if text[end..].starts_with('.') {
            let word = &text[start..end];
            let single_initial = word.chars().count() == 1 && c.is_uppercase();
            // US party tags (`D-Mo.`, `R-N.Y.`) keep their period too.
            let party_tag = word.len() <= 8
                && (word.starts_with("D-") || word.starts_with("R-") || word.starts_with("I-"));
            if is_abbreviation(word) || single_initial || party_tag {
                end += 1;
            }
        }
        at = end;
        out.push(Tok {
            text: &text[start..end],
            start,
            end,
            word: true,
        });
    }
    out
}

/// The character starting at byte `i` of `text` (a character boundary), read without
/// decoding when it is ASCII.
pub(crate) fn char_at(text: &str, i: usize) -> Option<char> {
    match text.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        Some(_) => text.get(i..).and_then(|rest| rest.chars().next()),
        None => None,
    }
}

/// [`char::is_alphanumeric`], answered without the Unicode tables for ASCII and for the
/// General Punctuation block (`’ “ ” – — …`, none of them letters or digits), the
/// characters prose is mostly made of.
pub(crate) fn is_alnum(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if c <= '\u{FF}' {
        // Latin-1: accented letters, `ª µ º`, and the digits `² ³ ¹ ¼ ½ ¾`.
        is_latin1_letter(c) || matches!(c, '²' | '³' | '¹' | '¼'..='¾')
    } else if is_general_punctuation(c) {
        false
    } else {
        c.is_alphanumeric()
    }
}

/// [`char::is_alphabetic`], with the shortcuts of [`is_alnum`].
pub(crate) fn is_alpha(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else if c <= '\u{FF}' {
        is_latin1_letter(c)
    } else if is_general_punctuation(c) {
        false
    } else {
        c.is_alphabetic()
    }
}

/// Whether a character of U+0080 to U+00FF is a letter (`À` to `ÿ` but `×` and `÷`,
/// and `ª µ º`).
fn is_latin1_letter(c: char) -> bool {
    matches!(c, 'ª' | 'µ' | 'º' | 'À'..='Ö' | 'Ø'..='ö' | 'ø'..='ÿ')
}

/// Whether `c` is in the General Punctuation block (U+2000 to U+206F).
fn is_general_punctuation(c: char) -> bool {
    ('\u{2000}'..='\u{206F}').contains(&c)
}

/// Whether a word starts with an upper-case letter.
pub(crate) fn is_cap(word: &str) -> bool {
    match word.as_bytes().first() {
        // An ASCII first letter needs no decoding.
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => word.chars().next().is_some_and(char::is_uppercase),
    }
}

/// Whether a word is an acronym (`IOM`, `UNFPA`, `DG`, `U.S.`).
#[inline]
pub(crate) fn is_acronym(word: &str) -> bool {
    // Most words fail on a lower-case first or second letter: tested where the caller is
    // (this runs on every token), the rest out of line.
    let bytes = word.as_bytes();
    if bytes.first().is_some_and(u8::is_ascii_lowercase)
        || bytes.get(1).is_some_and(u8::is_ascii_lowercase)
    {
        return false;
    }
    is_acronym_past_two_letters(word)
}

/// [`is_acronym`] of a word whose first two bytes are no lower-case ASCII letters.
fn is_acronym_past_two_letters(word: &str) -> bool {
    let bytes = word.as_bytes();
    let allowed = |c: char| c.is_uppercase() || c.is_ascii_digit() || c == '.' || c == '-';
    if word.is_ascii() {
        // Byte tests suffice for ASCII.
        return bytes.iter().all(|&b| allowed(char::from(b)))
            && bytes.iter().filter(|b| b.is_ascii_alphabetic()).count() >= 2;
    }
    word.chars().all(allowed) && word.chars().filter(|c| c.is_alphabetic()).count() >= 2
}

/// The word without a possessive ending, and whether it had one (`IOM’s` -> `IOM`).
pub(crate) fn strip_possessive(word: &str) -> (&str, bool) {
    for suffix in ["’s", "'s", "’", "'"] {
        if let Some(base) = word.strip_suffix(suffix)
            && !base.is_empty()
        {
            return (base, true);
        }
    }
    (word, false)
}

/// Whether a word can be part of a person's name.
pub(crate) fn is_name_word(word: &str) -> bool {
    // A lone capital without its period is a letter (`X Account`), not an initial.
    is_cap(word)
        && word.chars().nth(1).is_some()
        && !is_acronym(word)
        // One lower-casing and one lookup for all the word lists.
        && lexicon::with_lower(word, |w| {
            lexicon::lower_classes(w.as_bytes()) & (lexicon::ROLE | lexicon::ORG_HEAD | lexicon::SPEECH)
                == 0
                && !lexicon::is_not_name_lower(w)
                && lexicon::honorific_lower(w).is_none()
        })
        && word.chars().any(char::is_alphabetic)
        && !word.chars().any(|c| c.is_ascii_digit())
}

// ---------------------------------------------------------------------------
// Subjects of speech verbs

/// What a noun phrase before or after a speech verb refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Subject {
    /// A named person, with the role the phrase gives them.
    Person {
        /// The name as written, honorifics removed (`Abdulla Aripov`, `Swing`).
        name: String,
        /// The role in the phrase (`Prime Minister`, `IOM Regional Director`).
        role: Option<String>,
        /// Gender from an honorific, if any.
        gender: Option<Gender>,
    },
    /// A pronoun.
    Pronoun(Pronoun),
    /// An organization speaking (`The Uzbek Government`).
    Org(String),
    /// A role without a name (`IOM Regional Director`, `the Minister`).
    Role(String),
    /// A nominal (`the hosting party`, `a spokesman`).
    Nominal(String),
}

/// Reads a noun phrase given as words (plus an optional appositive role).
pub(crate) fn analyze(words: &[&str], appositive: Option<&str>) -> Option<Subject> {
    let mut words: Vec<&str> = words.iter().copied().filter(|w| *w != ",").collect();
    while words.last().is_some_and(|w| is_connector(w)) {
        words.pop();
    }
    if words.is_empty() {
        return None;
    }
    if words.len() == 1
        && let Some(p) = lexicon::pronoun(words[0])
    {
        return Some(Subject::Pronoun(p));
    }
    let had_determiner = is_determiner(words[0]);
    let body: Vec<&str> = if had_determiner {
        words[1..].to_vec()
    } else {
        words.clone()
    };
    if body.is_empty() {
        return None;
    }
    // The name: the trailing run of name words (particles allowed inside).
    let mut name_start = body.len();
    while name_start > 0 {
        let w = strip_possessive(body[name_start - 1]).0;
        let inner_particle = is_name_particle(w) && name_start < body.len();
        let suffix = name_start == body.len() && name_start >= 2 && is_name_suffix(w);
        if is_name_word(w) || inner_particle || suffix || surname_like(&body, name_start - 1) {
            name_start -= 1;
        } else {
            break;
        }
    }
    while name_start < body.len() && is_name_particle(body[name_start]) {
        name_start += 1;
    }
    if body[name_start..].iter().all(|w| is_name_suffix(w)) {
        name_start = body.len();
    }
    // `Chief Instigator`, `General Partner`: a modifier and the head of a role.
    if name_start + 1 == body.len()
        && name_start > 0
        && modifies(&body, name_start - 1)
        && !body.iter().any(|w| honorific(w).is_some())
    {
        return Some(Subject::Role(body.join(" ")));
    }
    let name_words: Vec<&str> = body[name_start..]
        .iter()
        .map(|w| strip_possessive(w).0)
        .collect();
    let lead = &body[..name_start];
    // `the hosting party` has no name even if a word were capitalized later.
    let nominal = had_determiner && lead.is_empty() && !is_cap(words[0]);
    if !name_words.is_empty() && !nominal {
        let mut gender = None;
        let mut role_words: Vec<&str> = Vec::new();
        // Walk back over role words and acronyms right before the name.
        let mut i = lead.len();
        while i > 0 {
            let w = lead[i - 1];
            if let Some(g) = honorific(w) {
                gender = gender.or(g);
                i -= 1;
                continue;
            }
            let capitalized = is_cap(w) && !strip_possessive(w).1 && !is_determiner(w);
            if is_role_word(w)
                || is_acronym(w)
                || (is_connector(w) && !role_words.is_empty())
                || capitalized
            {
                role_words.push(w);
                i -= 1;
                continue;
            }
            break;
        }
        // Capitalized words count as part of a role only with a role word (`Trade Minister`).
        if !role_words.iter().any(|w| is_role_word(w) || is_acronym(w)) {
            role_words.clear();
        }
        role_words.reverse();
        while role_words.first().is_some_and(|w| is_connector(w)) {
            role_words.remove(0);
        }
        let pre_role = (!role_words.is_empty()).then(|| role_words.join(" "));
        let role = pre_role.or_else(|| appositive.map(str::to_string));
        let first = name_words.first().copied().unwrap_or_default();
        if gender.is_none() && name_words.len() > 1 {
            gender = first_name_gender(first);
        }
        return Some(Subject::Person {
            name: name_words.join(" "),
            role,
            gender,
        });
    }
    if body
        .iter()
        .any(|w| is_cap(w) && is_org_head(strip_possessive(w).0))
    {
        let text = body.join(" ");
        return Some(Subject::Org(crate::orgs::normalize_org(&text)));
    }
    if body.len() == 1 && is_acronym(body[0]) && !is_role_word(body[0]) {
        return Some(Subject::Org(body[0].to_string()));
    }
    let text = words.join(" ");
    if body.iter().any(|w| is_role_word(w)) {
        let role = body.join(" ");
        // `a Twitter spokesman`, `another New Hampshire Republican`: someone unnamed.
        let indefinite = matches!(
            lexicon::lower_cow(words[0]).as_ref(),
            "a" | "an" | "another" | "one" | "some"
        );
        if had_determiner && (!is_cap(body[0]) || indefinite) {
            return Some(Subject::Nominal(text));
        }
        return Some(Subject::Role(role));
    }
    if had_determiner || !is_cap(words[0]) {
        return Some(Subject::Nominal(text));
    }
    None
}

// ---------------------------------------------------------------------------
// The cast: people found in the text, and where they are mentioned

/// One person found in the release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entity {
    /// The fullest form of the name seen.
    pub name: String,
    /// Roles, in order of appearance.
    pub roles: Vec<String>,
    /// Gender from honorifics or the first name, if known.
    pub gender: Option<Gender>,
    /// Where the person was first found: (unit, byte offset).
    pub first: (usize, usize),
    /// Found only by a weak cue (a capitalized subject before a verb): used to
    /// resolve pronouns, not listed as a person.
    pub loose: bool,
    /// Loose, and seen only opening a sentence (`Addiction can lead …`), where any noun
    /// is capitalized: a pronoun may refer to it, but it is never guessed as a speaker
    /// from its place in a sentence.
    pub initial: bool,
}

/// A mention of a known person at a position: (unit, byte offset, entity index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Mention {
    /// Index of the text unit (title or paragraph).
    pub unit: usize,
    /// Byte offset in the unit.
    pub at: usize,
    /// Index into [`Cast::people`].
    pub entity: usize,
    /// The sentence it stands in (numbered across units).
    pub sentence: usize,
    /// Whether it stands inside a quotation.
    pub quoted: bool,
    /// Whether it is the subject or object of a speech verb (`Biden said`, `said Biden`).
    pub speaks: bool,
    /// A possessive or the object of a preposition (`Tsege's arrest`, `about Carrier`):
    /// unlikely to be the subject a later pronoun refers to.
    pub weak: bool,
    /// For a third-person pronoun (`he`, `she`; `entity` is [`PRONOUN`]): its gender.
    pub pronoun: Option<Gender>,
}

/// The [`Mention::entity`] of a pronoun.
pub(crate) const PRONOUN: usize = usize::MAX;

/// The people of a release and their mentions.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cast {
    /// People, in the order they were found.
    pub people: Vec<Entity>,
    /// Mentions in text order (filled by [`Cast::index_mentions`]).
    pub mentions: Vec<Mention>,
    /// Quoted spans (unit, start, end): a name inside a quotation is not an antecedent.
    pub quoted: Vec<(usize, usize, usize)>,
    /// Where each sentence starts: (unit, byte offset), in text order.
    pub sentences: Vec<(usize, usize)>,
}

/// At most this many people are tracked per release (a page with more is not a release).
const MAX_PEOPLE: usize = 1000;

impl Cast {
    /// Finds the people of the given text units; `first_unit` is the index of `units[0]`.
    #[cfg(test)]
    pub(crate) fn scan(units: &[&str], first_unit: usize) -> Cast {
        let mut cast = Cast::default();
        for (k, text) in units.iter().enumerate() {
            cast.scan_unit(text, &tokenize(text), first_unit + k);
        }
        cast
    }

    /// [`Cast::scan`] over units already tokenized (`toks[k]` holds the tokens of `units[k]`).
    pub(crate) fn scan_tokenized(units: &[&str], toks: &[Vec<Tok<'_>>], first_unit: usize) -> Cast {
        let mut cast = Cast::default();
        for (k, (text, toks)) in units.iter().zip(toks).enumerate() {
            cast.scan_unit(text, toks, first_unit + k);
        }
        cast
    }

    fn scan_unit(&mut self, text: &str, toks: &[Tok<'_>], unit: usize) {
        let mut i = 0;
        while i < toks.len() {
            if !(toks[i].word && (is_cap(toks[i].text) || honorific(toks[i].text).is_some())) {
                i += 1;
                continue;
            }
            // A capitalized group: capitalized words, honorifics, name particles between them.
            let start = i;
            let mut end = i;
            while end < toks.len() && toks[end].word {
                let w = toks[end].text;
                let particle = is_name_particle(w)
                    && toks.get(end + 1).is_some_and(|t| t.word && is_cap(t.text));
                if !(is_cap(w) || particle) {
                    break;
                }
                end += 1;
                if strip_possessive(w).1 {
                    break;
                }
            }
            if end == start {
                i += 1;
                continue;
            }
            self.consider_group(text, toks, start, end, unit);
            i = end;
        }
    }

    fn consider_group(
        &mut self,
        text: &str,
        toks: &[Tok<'_>],
        start: usize,
        end: usize,
        unit: usize,
    ) {
        let words: Vec<&str> = toks[start..end].iter().map(|t| t.text).collect();
        // Name tail.
        let mut name_start = words.len();
        while name_start > 0 {
            let w = strip_possessive(words[name_start - 1]).0;
            let inner = is_name_particle(w) && name_start < words.len();
            let suffix = name_start == words.len() && name_start >= 2 && is_name_suffix(w);
            if is_name_word(w) || inner || suffix || surname_like(&words, name_start - 1) {
                name_start -= 1;
            } else {
                break;
            }
        }
        if words[name_start..].iter().all(|w| is_name_suffix(w)) {
            return;
        }
        // After a modifier (`Chief`, `Senior`, `Official`) the next capitalized word heads
        // the role: `Chief Instigator` and `General Partner` are no one, `Senior Partner
        // John Smith` is John Smith.
        let mut role_head = words.len();
        if name_start > 0 && modifies(&words, name_start - 1) {
            let rest = words.len() - name_start;
            let first_named =
                is_first_name(words[name_start]) || honorific(words[name_start]).is_some();
            if rest == 1 && !words[..name_start].iter().any(|w| honorific(w).is_some()) {
                return;
            }
            let next_first = words.get(name_start + 1).is_some_and(|w| is_first_name(w));
            if !first_named && (rest >= 3 || next_first) {
                role_head = name_start;
                name_start += 1;
            }
        }
        let names: Vec<&str> = words[name_start..]
            .iter()
            .map(|w| strip_possessive(w).0)
            .collect();
        if names.len() > 4 {
            return;
        }
        let lead = &words[..name_start];
        let mut gender = None;
        let mut has_honorific = false;
        let mut title_roles: Vec<&str> = Vec::new();
        let mut role_words: Vec<&str> = Vec::new();
        let mut i = lead.len();
        while i > 0 {
            let w = lead[i - 1];
            if let Some(g) = honorific(w) {
                gender = gender.or(g);
                has_honorific = true;
            } else if is_role_word(w)
                || is_acronym(w)
                || i - 1 == role_head
                || (is_cap(w) && !strip_possessive(w).1 && !role_words.is_empty())
            {
                role_words.push(w);
            } else {
                break;
            }
            i -= 1;
        }

        // Lower-case role words right before the group (`campaign spokeswoman Haley Morris`).
        if i == 0 {
            let mut j = start;
            while j > 0 && start - j < 4 {
                let t = toks[j - 1];
                if t.word && (is_role_word(t.text) || is_acronym(t.text)) {
                    role_words.push(t.text);
                    j -= 1;
                } else {
                    break;
                }
            }
        }
        role_words.reverse();
        // Split off title roles kept as separate roles (`Ambassador`).
        if role_words.len() == 1 && is_title_role(role_words[0]) {
            title_roles.push(role_words[0]);
            role_words.clear();
        }
        // Acronyms alone do not make a role (`UN Sustainable Development Goals`).
        if role_words.iter().all(|w| is_acronym(w) && !is_role_word(w)) {
            role_words.clear();
        }
        // A capitalized phrase that runs on (`DG Video Script for International Migrants Day`)
        // is a title, not a name.
        let known_first = is_first_name(names[0]);
        let runs_on = !known_first
            && toks
                .get(end)
                .is_some_and(|t| matches!(t.text, "for" | "of" | "on"))
            && toks.get(end + 1).is_some_and(|t| t.word && is_cap(t.text));
        if runs_on {
            return;
        }
        let appositive = appositive_after(text, toks, end);
        // The subject or object of a speech verb (`Viguerie argues`, `said Ron Weiser`).
        let lower_verb = |t: Option<&Tok<'_>>| {
            t.is_some_and(|t| t.word && !is_cap(t.text) && is_speech_verb(t.text))
        };
        let sentence_start = start == 0
            || toks
                .get(start - 1)
                .is_some_and(|t| matches!(t.text, "." | "!" | "?" | "”" | "\"" | ":"));
        let plural_opener = names.len() == 1 && sentence_start && names[0].ends_with('s');
        // After `told`, `asked`, `urged` stands the listener (`De Vries told Proactive`).
        let speaks = !plural_opener
            && (lower_verb(toks.get(end))
                || (start > 0
                    && lower_verb(toks.get(start - 1))
                    && !toks.get(start - 1).is_some_and(|t| takes_listener(t.text))));
        // A weak cue: a capitalized subject right before a verb or a relative clause
        // (`Christie, who …`, `Kasich took …`), kept for resolving pronouns only.
        let next = toks.get(end);
        let next2 = toks.get(end + 1);
        let before_verb =
            next.is_some_and(|t| t.word && !is_cap(t.text) && looks_like_verb(t.text));
        let relative = next.is_some_and(|t| t.text == ",")
            && next2.is_some_and(|t| matches!(t.text, "who" | "whose" | "a" | "an" | "the"));
        let strong = has_honorific
            || !role_words.is_empty()
            || !title_roles.is_empty()
            || (names.len() >= 2 && (known_first || appositive.is_some()));
        let reason = speaks || strong;
        // `China said`, `Nevada has`: a place speaking or acting is not a person (looked
        // up only for a group that would be kept).
        let place = |names: &[&str]| !strong && is_place(names);
        if speaks && place(&names) {
            return;
        }
        if !reason {
            // Only a bare name, not the tail of a longer title (`Commission on Presidential Debates`).
            let bare = name_start == 0
                && !(start > 0
                    && toks
                        .get(start - 1)
                        .is_some_and(|t| is_connector(t.text) || t.text == "on"));
            if (before_verb || relative)
                && bare
                && names.len() <= 3
                && !plural_opener
                && !place(&names)
            {
                // A past-tense action (`Moore thanked`, `Bryne went on`) reads as a
                // person's; `Addiction can …`, `Bitcoin remains …` may be any noun.
                let past = next.is_some_and(|t| is_past_tense(t.text));
                let initial = sentence_start && names.len() == 1 && !known_first && !past;
                self.add_loose(&names.join(" "), (unit, toks[start].start), initial);
            }
            return;
        }
        if gender.is_none() && names.len() > 1 {
            gender = first_name_gender(names[0]);
        }
        let name = names.join(" ");
        let pos = (unit, toks[start].start);
        let mut roles: Vec<String> = title_roles.iter().map(|s| s.to_string()).collect();
        if !role_words.is_empty() {
            roles.push(role_words.join(" "));
        }
        if let Some(a) = appositive {
            roles.push(a);
        }
        let idx = self.add(&name, None, gender, pos);
        for role in roles {
            self.add_role(idx, &role);
        }
    }

    /// Adds a person (or merges with a known one) and returns its index.
    pub(crate) fn add(
        &mut self,
        name: &str,
        role: Option<&str>,
        gender: Option<Gender>,
        pos: (usize, usize),
    ) -> usize {
        self.add_as(name, role, gender, pos, false, false)
    }

    /// Adds a person found by a weak cue (see [`Entity::loose`]).
    pub(crate) fn add_loose(&mut self, name: &str, pos: (usize, usize), initial: bool) -> usize {
        self.add_as(name, None, None, pos, true, initial)
    }

    fn add_as(
        &mut self,
        name: &str,
        role: Option<&str>,
        gender: Option<Gender>,
        pos: (usize, usize),
        loose: bool,
        initial: bool,
    ) -> usize {
        let name = clean_name(name);
        let idx = match self.find(&name) {
            Some(i) => {
                let e = &mut self.people[i];
                let known = e.name.split_whitespace().count();
                let new = name.split_whitespace().count();
                if new > known && name.ends_with(last_word(&e.name)) {
                    e.name = name.clone();
                }
                if pos < e.first {
                    e.first = pos;
                }
                e.gender = e.gender.or(gender);
                e.loose &= loose;
                e.initial &= initial;
                i
            }
            None if self.people.len() >= MAX_PEOPLE => return usize::MAX,
            None => {
                self.people.push(Entity {
                    name: name.clone(),
                    roles: Vec::new(),
                    gender,
                    first: pos,
                    loose,
                    initial,
                });
                self.people.len() - 1
            }
        };
        if let Some(role) = role {
            self.add_role(idx, role);
        }
        idx
    }

    fn add_role(&mut self, idx: usize, role: &str) {
        let role = role.trim().trim_matches(',').trim();
        if role.is_empty() {
            return;
        }
        if let Some(e) = self.people.get_mut(idx)
            && !e.roles.iter().any(|r| r.eq_ignore_ascii_case(role))
        {
            e.roles.push(role.to_string());
        }
    }

    /// The person a name refers to: the same name, a fuller form (`Swing` ->
    /// `William Lacy Swing`), or a shorter known form.
    pub(crate) fn find(&self, name: &str) -> Option<usize> {
        let name = clean_name(name);
        let mut name_words = name.split_whitespace();
        let last = lexicon::lower(name_words.next_back()?);
        let one_word = name_words.next().is_none();
        if let Some(i) = self
            .people
            .iter()
            .position(|e| e.name.eq_ignore_ascii_case(&name))
        {
            return Some(i);
        }
        // The name's words lower-cased, made only once a known person may match.
        let mut lowered: Option<Vec<String>> = None;
        let mut best: Option<(usize, usize)> = None;
        for (i, e) in self.people.iter().enumerate() {
            // Only a name ending in the same word, or, for a single word, holding it, can
            // match: tested without allocating, since most known people fail it.
            let mut known = e.name.split_whitespace();
            let possible = if one_word {
                known.any(|w| lower_eq(w, &last))
            } else {
                known.next_back().is_some_and(|w| lower_eq(w, &last))
            };
            if !possible {
                continue;
            }
            let words = lowered
                .get_or_insert_with(|| name.split_whitespace().map(lexicon::lower).collect());
            let ew: Vec<String> = e.name.split_whitespace().map(lexicon::lower).collect();
            let same_last = ew.last() == Some(&last);
            let subset =
                words.iter().all(|w| ew.contains(w)) || ew.iter().all(|w| words.contains(w));
            // A single word also matches a first name of a longer name (`Argentina`).
            let single = words.len() == 1 && ew.contains(&last);
            if (same_last && subset) || single {
                let score = ew.len();
                if best.is_none_or(|(_, s)| score > s) {
                    best = Some((i, score));
                }
            }
        }
        best.map(|(i, _)| i)
    }

    /// The person whose roles best match `role` (`IOM Regional Director`,
    /// `UN Migration Director General`), if one stands out.
    pub(crate) fn by_role(&self, role: &str) -> Option<usize> {
        let wanted: Vec<String> = role
            .split_whitespace()
            .filter(|w| {
                is_role_word(w)
                    && !matches!(
                        lexicon::lower(w).as_str(),
                        "former" | "democratic" | "republican"
                    )
            })
            .map(|w| expand_role_abbreviation(&lexicon::lower(w)))
            .collect();
        if wanted.is_empty() {
            return None;
        }
        let mut best: Option<(usize, usize)> = None;
        let mut tie = false;
        for (i, e) in self.people.iter().enumerate() {
            let mut score = 0;
            for r in &e.roles {
                let have: Vec<String> = r
                    .split(|c: char| c.is_whitespace() || c == '-')
                    .filter(|w| !w.is_empty())
                    .map(|w| expand_role_abbreviation(&lexicon::lower(w)))
                    .collect();
                let s = wanted
                    .iter()
                    .flat_map(|w| w.split('-'))
                    .filter(|w| have.iter().any(|h| h == w))
                    .count();
                score = score.max(s);
            }
            if score == 0 {
                continue;
            }
            match best {
                Some((_, s)) if s > score => {}
                Some((_, s)) if s == score => tie = true,
                _ => {
                    best = Some((i, score));
                    tie = false;
                }
            }
        }
        if tie {
            return None;
        }
        best.map(|(i, _)| i)
    }

    /// Records every mention of a known person in the units (by full name or surname),
    /// with the sentence it stands in and whether it is inside a quotation.
    /// `toks[k]` holds the tokens of unit `k`.
    pub(crate) fn index_mentions(&mut self, toks: &[Vec<Tok<'_>>]) {
        // Surname -> people with it (`Trump`: Donald Trump, Ivanka Trump).
        let mut by_last: rustc_hash::FxHashMap<String, Vec<usize>> =
            rustc_hash::FxHashMap::default();
        for (i, e) in self.people.iter().enumerate() {
            by_last
                .entry(lexicon::lower(last_word(&e.name)))
                .or_default()
                .push(i);
        }
        self.mentions.clear();
        self.sentences.clear();
        for (unit, toks) in toks.iter().enumerate() {
            self.sentences.push((unit, 0));
            for (k, t) in toks.iter().enumerate() {
                if !t.word {
                    if matches!(t.text, "." | "!" | "?")
                        && let Some(n) = toks.get(k + 1)
                    {
                        self.sentences.push((unit, n.start));
                    }
                    continue;
                }
                // Subject pronouns: a sentence led by `he` speaks of someone met before.
                let gender = match t.text {
                    "he" | "He" => Some(Gender::Male),
                    "she" | "She" => Some(Gender::Female),
                    _ => None,
                };
                if gender.is_some() {
                    self.mentions.push(Mention {
                        unit,
                        at: t.start,
                        entity: PRONOUN,
                        sentence: self.sentences.len() - 1,
                        quoted: false,
                        speaks: false,
                        weak: false,
                        pronoun: gender,
                    });
                    continue;
                }
                if !is_cap(t.text) {
                    continue;
                }
                let known = lexicon::with_lower(strip_possessive(t.text).0, |w| by_last.get(w));
                if let Some(candidates) = known {
                    // The one whose first name stands right before, else the first found.
                    let prev = k
                        .checked_sub(1)
                        .and_then(|p| toks.get(p))
                        .map(|p| lexicon::lower(p.text));
                    let entity = candidates
                        .iter()
                        .copied()
                        .find(|&c| {
                            let first = self
                                .people
                                .get(c)
                                .and_then(|e| e.name.split_whitespace().next());
                            prev.as_deref()
                                .is_some_and(|p| first.is_some_and(|f| lower_eq(f, p)))
                        })
                        .or_else(|| candidates.first().copied());
                    let Some(entity) = entity else { continue };
                    let verb = |t: Option<&Tok<'_>>| {
                        t.is_some_and(|t| t.word && !is_cap(t.text) && is_speech_verb(t.text))
                    };
                    let before = k.checked_sub(1).and_then(|p| toks.get(p));
                    let speaks = verb(toks.get(k + 1))
                        || (verb(before) && !before.is_some_and(|t| takes_listener(t.text)));
                    // Look back over the rest of a multi-word name (`about Donald Trump`).
                    let mut p = k;
                    while p > 0 && toks[p - 1].word && is_cap(toks[p - 1].text) && k - p < 4 {
                        p -= 1;
                    }
                    let opening = p == 0
                        || toks.get(p - 1).is_some_and(|t| {
                            matches!(t.text, "." | "!" | "?" | "“" | "\"" | "”" | ":" | "(" | "‘")
                        });
                    if !opening && let Some(e) = self.people.get_mut(entity) {
                        e.initial = false;
                    }
                    let weak = strip_possessive(t.text).1
                        || p.checked_sub(1)
                            .and_then(|p| toks.get(p))
                            .is_some_and(|t| WEAK_BEFORE.contains(&t.text));
                    self.mentions.push(Mention {
                        speaks,
                        unit,
                        at: t.start,
                        entity,
                        sentence: self.sentences.len() - 1,
                        quoted: false,
                        weak,
                        pronoun: None,
                    });
                }
            }
        }
        self.mark_quoted();
    }

    /// Flags the mentions inside [`Cast::quoted`] spans (one sweep over both, sorted).
    pub(crate) fn mark_quoted(&mut self) {
        self.quoted.sort_unstable();
        let mut q = 0;
        for m in &mut self.mentions {
            while q < self.quoted.len() && (self.quoted[q].0, self.quoted[q].2) <= (m.unit, m.at) {
                q += 1;
            }
            // Spans may overlap after sorting by start; look at a few ahead.
            m.quoted = self.quoted[q..]
                .iter()
                .take(4)
                .any(|&(u, a, b)| u == m.unit && a <= m.at && m.at < b);
        }
    }

    /// The person a pronoun at (unit, at) most likely refers to, and whether that choice
    /// is clear (no other fitting person in that sentence).
    ///
    /// Sentences are read backwards from the pronoun; the first one naming a fitting
    /// person outside quotations gives the answer, except that names standing after a
    /// fitting subject pronoun (`But he suggested that Mr. Lew …`) are passed over: that
    /// sentence speaks of someone met before. In the sentence, the person a speech verb
    /// goes with wins, then the first one that is not a possessive or the object of a
    /// preposition (`Days after Tsege's arrest, Nega volunteered`), then the first.
    pub(crate) fn nearest_before(
        &self,
        unit: usize,
        at: usize,
        gender: Option<Gender>,
    ) -> Option<(usize, bool)> {
        let fits = |e: usize| match (gender, self.people.get(e).and_then(|p| p.gender)) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        let end = self
            .mentions
            .partition_point(|m| (m.unit, m.at) < (unit, at));
        let window = &self.mentions[end.saturating_sub(400)..end];
        let mut k = window.len();
        while k > 0 {
            // The mentions of one sentence: window[s..k].
            let sentence = window[k - 1].sentence;
            let mut s = k - 1;
            while s > 0 && window[s - 1].sentence == sentence {
                s -= 1;
            }
            let group = &window[s..k];
            k = s;
            if group.first().is_some_and(|m| unit > m.unit + 4) {
                return None;
            }
            // Names after a fitting subject pronoun do not count.
            let cut = group
                .iter()
                .position(|m| {
                    m.entity == PRONOUN && !m.quoted && gender.is_some() && m.pronoun == gender
                })
                .unwrap_or(group.len());
            let candidates = || {
                group[..cut]
                    .iter()
                    .filter(|m| m.entity != PRONOUN && !m.quoted && fits(m.entity))
            };
            let Some(first) = candidates().next() else {
                continue;
            };
            let best = candidates()
                .find(|m| m.speaks)
                .or_else(|| candidates().find(|m| !m.weak))
                .unwrap_or(first);
            let clear = !candidates().any(|m| m.entity != best.entity);
            return Some((best.entity, clear));
        }
        None
    }

    /// The first person mentioned in `unit` between byte offsets `from` and `to`,
    /// outside quotations.
    pub(crate) fn first_between(&self, unit: usize, from: usize, to: usize) -> Option<usize> {
        self.mentions
            .iter()
            .find(|m| {
                m.unit == unit
                    && from <= m.at
                    && m.at < to
                    && !m.quoted
                    && self.people.get(m.entity).is_some_and(|e| !e.initial)
            })
            .map(|m| m.entity)
    }

    /// The people as release records, in order of first mention.
    pub(crate) fn into_people(self) -> Vec<Person> {
        let mut people = self.people;
        people.retain(|e| !e.loose);
        // Drop a bare surname when a full name with that surname is known.
        let full: Vec<String> = people
            .iter()
            .filter(|e| e.name.contains(' '))
            .map(|e| lexicon::lower(&e.name))
            .collect();
        people.retain(|e| {
            e.name.contains(' ')
                || !full
                    .iter()
                    .any(|f| f.split_whitespace().any(|w| w == lexicon::lower(&e.name)))
        });
        people.sort_by_key(|e| e.first);
        people
            .into_iter()
            .map(|e| Person {
                name: e.name,
                roles: e.roles,
            })
            .collect()
    }
}

/// Whether [`lexicon::lower`] of `word` is `lowered` (no allocation for ASCII words).
fn lower_eq(word: &str, lowered: &str) -> bool {
    if word.is_ascii() {
        word.len() == lowered.len()
            && word
                .bytes()
                .zip(lowered.bytes())
                .all(|(a, b)| a.to_ascii_lowercase() == b)
    } else {
        lexicon::lower(word) == lowered
    }
}

/// Speech verbs whose object is the listener, not the speaker (`told Proactive`).
fn takes_listener(word: &str) -> bool {
    matches!(
        word,
        "told"
            | "tells"
            | "telling"
            | "asked"
            | "asks"
            | "asking"
            | "urged"
            | "urges"
            | "urging"
            | "warned"
            | "warns"
            | "warning"
            | "reminded"
            | "reminds"
            | "assured"
    )
}

/// Role words that modify the word after them rather than head a role (`Chief
/// Instigator`, `Senior Partner`, `Official Website`).
fn is_role_modifier(word: &str) -> bool {
    lexicon::with_lower(word, |w| {
        matches!(
            w,
            "general"
                | "senior"
                | "high"
                | "official"
                | "chief"
                | "executive"
                | "regional"
                | "deputy"
                | "assistant"
                | "special"
                | "acting"
                | "interim"
                | "former"
                | "vice"
                | "prime"
                | "country"
                | "press"
                | "communication"
                | "communications"
                | "focal"
                | "majority"
                | "minority"
                | "presidential"
        )
    })
}

/// Whether `words[k]` modifies the next word as the first word of a role (`Chief
/// Instigator`), not the end of one (`Director General Swing`).
fn modifies(words: &[&str], k: usize) -> bool {
    words.get(k).is_some_and(|w| is_role_modifier(w)) && (k == 0 || !is_role_word(words[k - 1]))
}

/// Whether a name without other cues is a place: a country or its adjective, a
/// capital, a US state or Canadian province, or a city of a million people.
fn is_place(names: &[&str]) -> bool {
    let joined;
    let name = match names {
        [one] => *one,
        _ => {
            joined = names.join(" ");
            joined.as_str()
        }
    };
    crate::gazetteer::lookup(name).iter().any(|p| {
        p.is_country()
            || p.kind == crate::gazetteer::PlaceKind::Capital
            || p.population >= 1_000_000
    }) || (name.len() > 2 && crate::gazetteer::region(name).is_some())
}

/// Words after which a name is rarely the subject of its sentence.
const WEAK_BEFORE: &[&str] = &[
    "of",
    "to",
    "for",
    "with",
    "about",
    "against",
    "at",
    "by",
    "from",
    "in",
    "on",
    "than",
    "like",
    "into",
    "toward",
    "towards",
    "over",
    "under",
    "between",
    "among",
    "behind",
    "before",
    "after",
    "during",
    "without",
    "through",
    "including",
    "via",
    "per",
    "near",
];

/// The full form of an abbreviated title (`sen.` -> `senator`).
fn expand_role_abbreviation(word: &str) -> String {
    match word {
        "sen." => "senator",
        "rep." => "representative",
        "gov." => "governor",
        "gen." => "general",
        "dg" => "director-general",
        other => other,
    }
    .to_string()
}

/// A role word used as a surname right after a first name (`Amy Pope`, `Martin King`).
fn surname_like(words: &[&str], k: usize) -> bool {
    // Lower-cased only when the cheaper tests pass (this runs on most capitalized words).
    let common_surname = || {
        matches!(
            lexicon::lower(words.get(k).copied().unwrap_or_default()).as_str(),
            "king" | "pope" | "bishop" | "dean" | "judge" | "prince" | "chancellor" | "speaker"
        )
    };
    k + 1 == words.len()
        && k > 0
        && is_cap(words[k])
        && is_role_word(words[k])
        && words.get(k - 1).is_some_and(|f| {
            is_first_name(f) || (common_surname() && (is_name_word(f) || honorific(f).is_some()))
        })
}

/// Whether a lower-case word reads as a verb in the past tense (`thanked`, `went`).
fn is_past_tense(word: &str) -> bool {
    (word.ends_with("ed") && word.len() > 3)
        || matches!(
            word,
            "went"
                | "took"
                | "told"
                | "made"
                | "gave"
                | "came"
                | "spoke"
                | "wrote"
                | "won"
                | "lost"
                | "ran"
                | "met"
                | "began"
                | "led"
                | "left"
                | "sent"
                | "got"
                | "kept"
                | "saw"
                | "thought"
                | "felt"
                | "knew"
                | "had"
                | "was"
                | "did"
        )
}

/// Whether a lower-case word reads as a finite verb (`took`, `blasted`, `is`).
fn looks_like_verb(word: &str) -> bool {
    is_past_tense(word)
        || matches!(
            word,
            "is" | "has" | "will" | "would" | "can" | "could" | "does" | "also" | "then"
        )
}

/// A role in apposition after a name: `, Prime Minister,` or `, IOM DG,`.
pub(crate) fn appositive_after(text: &str, toks: &[Tok<'_>], end: usize) -> Option<String> {
    if toks.get(end).map(|t| t.text) != Some(",") {
        return None;
    }
    let first = toks.get(end + 1)?;
    if !first.word {
        return None;
    }
    let mut j = end + 1;
    let mut has_role = false;
    while j < toks.len() && j - end <= 14 {
        let t = toks[j];
        if !t.word {
            if matches!(t.text, "," | "." | ";" | ")" | ":" | "“" | "\"" | "”") {
                break;
            }
            if matches!(t.text, "-" | "’" | "'" | "&") {
                j += 1;
                continue;
            }
            return None;
        }
        if is_speech_verb(t.text) && !is_cap(t.text) {
            return None;
        }
        if is_role_word(t.text) {
            has_role = true;
        }
        j += 1;
    }
    if j - end > 14 || !has_role {
        return None;
    }
    let phrase = text.get(first.start..toks[j - 1].end)?.trim();
    let phrase = phrase
        .strip_prefix("the ")
        .or_else(|| phrase.strip_prefix("a "))
        .or_else(|| phrase.strip_prefix("an "))
        .unwrap_or(phrase);
    // The first word of a role in apposition is capitalized, or follows a determiner, or
    // a role word comes within three words (`, political science professor at …`).
    let lead = || toks[end + 1..j].iter().take(3);
    let lead_role = lead().any(|t| is_role_word(t.text))
        && !lead().any(|t| {
            matches!(
                t.text,
                "and" | "but" | "or" | "who" | "which" | "that" | "when" | "where" | "as" | "if"
            )
        });
    if !(is_cap(first.text) || is_determiner(first.text) || is_role_word(first.text) || lead_role) {
        return None;
    }
    Some(phrase.to_string())
}

/// A generational suffix after a name (`Jr.`, `III`).
pub(crate) fn is_name_suffix(word: &str) -> bool {
    matches!(word, "Jr." | "Jr" | "Sr." | "II" | "III" | "IV")
}

/// The surname: the last word, passing over a suffix (`Joseph R. Biden Jr.` -> `Biden`).
fn last_word(name: &str) -> &str {
    let mut words = name.split_whitespace().rev();
    let last = words.next().unwrap_or(name);
    if is_name_suffix(last) {
        words.next().unwrap_or(last)
    } else {
        last
    }
}

/// A name without honorifics, extra spaces or trailing punctuation.
pub(crate) fn clean_name(name: &str) -> String {
    let words: Vec<&str> = name
        .split_whitespace()
        .filter(|w| honorific(w).is_none())
        .map(|w| w.trim_matches(|c: char| c == ',' || c == ';'))
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_shortcuts_agree_with_std() {
        for c in (0..=0x3000u32).filter_map(char::from_u32) {
            assert_eq!(is_alnum(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_alpha(c), c.is_alphabetic(), "{c:?}");
        }
        for w in [
            "IOM", "U.S.", "COVID-19", "Iom", "A", "ÉTAT", "État", "DG", "12", "A-1",
        ] {
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            let all = w
                .chars()
                .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '.' || c == '-');
            assert_eq!(is_acronym(w), letters >= 2 && all, "{w}");
        }
    }

    fn texts(s: &str) -> Vec<&str> {
        tokenize(s).iter().map(|t| t.text).collect()
    }

    #[test]
    fn tokenizer_keeps_abbreviations_and_possessives() {
        assert_eq!(
            texts("said Mr. McKinley. IOM’s U.S. Director-General"),
            [
                "said",
                "Mr.",
                "McKinley",
                ".",
                "IOM’s",
                "U.S.",
                "Director-General"
            ]
        );
        assert_eq!(texts("“Hi,” he said"), ["“", "Hi", ",", "”", "he", "said"]);
    }

    #[test]
    fn analyze_splits_role_and_name() {
        let s = analyze(
            &["IOM", "Regional", "Director", "Argentina", "Szabados"],
            None,
        );
        assert_eq!(
            s,
            Some(Subject::Person {
                name: "Argentina Szabados".into(),
                role: Some("IOM Regional Director".into()),
                gender: Some(Gender::Female)
            })
        );
        let s = analyze(&["Ms.", "Obaid"], None);
        assert!(
            matches!(s, Some(Subject::Person { ref name, gender: Some(Gender::Female), .. }) if name == "Obaid")
        );
        assert_eq!(
            analyze(&["IOM", "Regional", "Director"], None),
            Some(Subject::Role("IOM Regional Director".into()))
        );
        assert_eq!(
            analyze(&["the", "hosting", "party"], None),
            Some(Subject::Nominal("the hosting party".into()))
        );
        assert_eq!(
            analyze(&["The", "Uzbek", "Government"], None),
            Some(Subject::Org("Government of Uzbekistan".into()))
        );
        assert_eq!(
            analyze(&["she"], None),
            Some(Subject::Pronoun(Pronoun::Third(Some(Gender::Female))))
        );
    }

    #[test]
    fn cast_finds_people_and_roles() {
        let text = "At the meeting with Mr. Viktor Mahmudov, Secretary of the Security Council under the President of Uzbekistan, the hosting party spoke. Ambassador William Lacy Swing, IOM DG, came. Director General Swing left.";
        let cast = Cast::scan(&[text], 0);
        let people = cast.into_people();
        assert_eq!(people.len(), 2, "{people:?}");
        assert_eq!(people[0].name, "Viktor Mahmudov");
        assert_eq!(
            people[0].roles,
            ["Secretary of the Security Council under the President of Uzbekistan"]
        );
        assert_eq!(people[1].name, "William Lacy Swing");
        assert_eq!(
            people[1].roles,
            ["Ambassador", "IOM DG", "Director General"]
        );
    }

    #[test]
    fn modifiers_places_and_letters_are_not_people() {
        let names = |text: &str| -> Vec<String> {
            Cast::scan(&[text], 0)
                .into_people()
                .into_iter()
                .map(|p| p.name)
                .collect()
        };
        // A modifier and the head of a job title; a place or letter as a subject.
        assert!(
            names("She is the Chief Instigator at HR.com and a General Partner. Buy Official Website. Follow Official X Account. China said no. Nevada said yes.").is_empty(),
            "{:?}",
            names("She is the Chief Instigator at HR.com and a General Partner.")
        );
        // A modifier before a role head and a name: the name, with the whole role.
        let cast = Cast::scan(
            &["Senior Partner John Smith came. Director General Swing left."],
            0,
        );
        let people = cast.into_people();
        assert_eq!(people[0].name, "John Smith");
        assert_eq!(people[0].roles, ["Senior Partner"]);
        assert_eq!(people[1].name, "Swing");
        assert_eq!(people[1].roles, ["Director General"]);
        // A generational suffix stays with the name.
        assert_eq!(
            names("Mr. Joseph R. Biden Jr. spoke. Biden left."),
            ["Joseph R. Biden Jr."]
        );
    }

    #[test]
    fn pronouns_skip_sentences_led_by_a_pronoun() {
        /// The man `he` refers to at `marker` in a one-paragraph text.
        fn antecedent(unit: &str, marker: &str) -> String {
            let units = [unit];
            let toks: Vec<Vec<Tok<'_>>> = units.iter().map(|u| tokenize(u)).collect();
            let mut cast = Cast::scan_tokenized(&units, &toks, 0);
            cast.index_mentions(&toks);
            let at = unit.find(marker).unwrap_or(0);
            let (e, _) = cast
                .nearest_before(0, at, Some(Gender::Male))
                .expect("an antecedent");
            cast.people[e].name.clone()
        }
        assert_eq!(
            antecedent(
                "Mr. Lou said nothing was wrong with Mr. Lew's raising it. But he suggested that Mr. Lew had critics in mind. “They're under pressure,” he said.",
                " he said"
            ),
            "Lou"
        );
        // A possessive is not the subject: `Days after Tsege's arrest, Nega volunteered.`
        assert_eq!(
            antecedent(
                "Days after Mr. Tsege's arrest, Mr. Nega volunteered. “Was I to stay?” he asked.",
                "“"
            ),
            "Nega"
        );
    }

    #[test]
    fn country_first_name_is_a_person() {
        let cast = Cast::scan(
            &["stressed by IOM Regional Director Argentina Szabados at the conference"],
            0,
        );
        let people = cast.into_people();
        assert_eq!(people[0].name, "Argentina Szabados");
        assert_eq!(people[0].roles, ["IOM Regional Director"]);
    }
}
