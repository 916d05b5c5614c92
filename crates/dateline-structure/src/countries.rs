//! Countries a release mentions: country names and adjectives (`Uzbekistan`, `Uzbek`,
//! `Узбекистан`), and capitals only where they speak for their country (`Moscow said`).
//! A country name that is part of a person's name (`Argentina Szabados`) does not count.

use crate::gazetteer::{self, PlaceKind};
use crate::people::{char_at, is_alpha};

/// Verbs that make a capital the voice of its government (`Moscow said`).
const VOICE_VERBS: &[&str] = &[
    "said",
    "says",
    "announced",
    "warned",
    "insisted",
    "denied",
    "accused",
    "rejected",
    "responded",
    "claimed",
    "claims",
    "stated",
    "urged",
    "wants",
    "has",
    "have",
    "will",
    "would",
    "demanded",
    "welcomed",
    "condemned",
    "agreed",
    "refused",
    "signalled",
    "signaled",
];

/// Capitalized words that continue a country name into an institution, not a person
/// (`Uzbekistan Airways` still names the country; `Argentina Szabados` does not).
const INSTITUTION_WORDS: &[&str] = &[
    "Government",
    "Ministry",
    "Republic",
    "Airways",
    "Airlines",
    "Embassy",
    "National",
    "State",
    "President",
    "Prime",
    "Minister",
    "Mission",
    "Office",
    "Red",
    "Central",
    "University",
    "Bank",
    "Council",
    "Parliament",
    "Army",
    "Police",
    "Post",
    "Railways",
    "Television",
    "Radio",
    "Times",
    "Country",
    "Chapter",
    "Team",
    "Cup",
    "Federation",
    "Union",
    "Association",
    "Institute",
    "Day",
    "Programme",
    "Program",
    "Office",
    "Section",
    "Authorities",
    "Department",
    "Pavilion",
];

/// Words that may precede a country name without making it a person's surname.
const LEAD_WORDS: &[&str] = &[
    "La",
    "Le",
    "Les",
    "El",
    "Los",
    "Las",
    "De",
    "Del",
    "Du",
    "Des",
    "En",
    "Au",
    "Aux",
    "Y",
    "Et",
    "The",
    "In",
    "Of",
    "From",
    "To",
    "And",
    "For",
    "With",
    "By",
    "On",
    "At",
    "As",
    "Across",
    "Both",
    "Including",
    "Like",
    "Between",
    "Neighbouring",
    "Neighboring",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "Rural",
    "Post-Soviet",
    "Modern",
    "Modern-day",
    "All",
    "Host",
    "While",
    "Since",
    "Under",
    "Into",
    "Within",
    "Outside",
    "Over",
    "Than",
    "Whether",
    "Like",
];

struct Token<'a> {
    text: &'a str,
    /// True when the token starts a sentence (the previous non-space char ends one).
    sentence_start: bool,
}

/// The words of `text`, into `out` (cleared first: one buffer serves every text).
fn tokens<'a>(text: &'a str, out: &mut Vec<Token<'a>>) {
    out.clear();
    // About one word per six bytes of prose: reserve once instead of growing.
    out.reserve(text.len() / 6 + 1);
    let mut start: Option<usize> = None;
    let mut boundary = true;
    let mut next_at = 0;
    while let Some(c) = char_at(text, next_at) {
        let i = next_at;
        next_at += c.len_utf8();
        let inner = matches!(c, '-' | '.' | '\'' | '’')
            && start.is_some()
            && char_at(text, next_at).is_some_and(is_alpha);
        if is_alpha(c) || inner {
            if start.is_none() {
                start = Some(i);
            }
            // The rest of the word's ASCII letters, a byte at a time.
            while text
                .as_bytes()
                .get(next_at)
                .is_some_and(u8::is_ascii_alphabetic)
            {
                next_at += 1;
            }
        } else {
            if let Some(s) = start.take() {
                let mut t = text.get(s..i).unwrap_or("");
                // French elision: `l'Ouzbékistan`, `d’Uzbekistan` (an apostrophe, straight
                // or curly, as the second byte).
                let elided = t.len() > 2 && matches!(t.as_bytes()[1], b'\'' | 0xE2);
                for prefix in ["l'", "d'", "L'", "D'", "l’", "d’", "L’", "D’"] {
                    if !elided {
                        break;
                    }
                    if let Some(rest) = t.strip_prefix(prefix)
                        && rest.chars().next().is_some_and(char::is_uppercase)
                    {
                        t = rest;
                    }
                }
                // `U.S.` keeps its final dot.
                if c == '.' && t.contains('.') {
                    t = text.get(s..i + 1).unwrap_or(t);
                }
                out.push(Token {
                    text: t,
                    sentence_start: boundary,
                });
                boundary = false;
            }
            if matches!(c, '.' | '!' | '?' | '“' | '"' | '«' | ':' | '(' | '\n') {
                boundary = true;
            } else if !c.is_whitespace() && !matches!(c, ',' | ';' | '’' | '\'' | ')' | '”' | '»')
            {
                boundary = boundary || c == '—' || c == '–';
            }
        }
    }
    if let Some(s) = start {
        out.push(Token {
            text: text.get(s..).unwrap_or(""),
            sentence_start: boundary,
        });
    }
}

/// Gazetteer meanings of a name; Russian case endings are tried too (`Узбекистана`, `России`).
fn lookup_inflected(name: &str) -> &'static [gazetteer::Place] {
    let direct = gazetteer::lookup(name);
    if !direct.is_empty() || !name.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)) {
        return direct;
    }
    let mut chars: Vec<char> = name.chars().collect();
    let Some(last) = chars.pop() else {
        return direct;
    };
    let stem: String = chars.iter().collect();
    if matches!(last, 'а' | 'у' | 'е' | 'ы' | 'и' | 'ю') {
        for candidate in [
            stem.clone(),
            format!("{stem}я"),
            format!("{stem}а"),
            format!("{stem}ь"),
        ] {
            let found = gazetteer::lookup(&candidate);
            if !found.is_empty() {
                return found;
            }
        }
    }
    if let Some(stem) = name
        .strip_suffix("ом")
        .or_else(|| name.strip_suffix("ой"))
        .or_else(|| name.strip_suffix("ей"))
    {
        for candidate in [stem.to_string(), format!("{stem}а"), format!("{stem}я")] {
            let found = gazetteer::lookup(&candidate);
            if !found.is_empty() {
                return found;
            }
        }
    }
    direct
}

fn strip_possessive(t: &str) -> &str {
    t.strip_suffix("’s")
        .or_else(|| t.strip_suffix("'s"))
        .unwrap_or(t)
}

fn capitalized(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_uppercase)
}

/// ISO codes of the countries the texts mention, in order of first mention.
pub(crate) fn find(texts: &[&str], lowercase_adjectives: bool) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let max = gazetteer::max_words();
    let mut name = String::new();
    let mut toks = Vec::new();
    for text in texts {
        tokens(text, &mut toks);
        let mut k = 0;
        while k < toks.len() {
            let Some(tok) = toks.get(k) else { break };
            let first_upper = capitalized(tok.text);
            // Lower-case Cyrillic words may be inflected names even where the language is
            // unknown; other lower-case words are adjectives only in fr/es/ru text.
            let cyrillic = !tok.text.is_ascii()
                && tok
                    .text
                    .chars()
                    .any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
            if !first_upper && !lowercase_adjectives && !cyrillic {
                k += 1;
                continue;
            }
            // Longest name first.
            let mut matched = None;
            // Inner words of a multi-word name are capitalized or short particles: the
            // longest run of such words bounds the n-grams worth looking up.
            // One probe answers both what the word alone means and whether longer names
            // start with it.
            let (single, longer) = gazetteer::probe(strip_possessive(tok.text));
            let run = if first_upper && longer {
                1 + toks
                    .iter()
                    .skip(k + 1)
                    .take(max.saturating_sub(1))
                    .take_while(|t| {
                        capitalized(t.text)
                            || matches!(t.text, "of" | "and" | "the" | "da" | "de" | "del")
                    })
                    .count()
            } else {
                1
            };
            for n in (1..=max.min(toks.len() - k).min(run)).rev() {
                // Inner words of a multi-word name are capitalized or short particles.
                if n > 1
                    && toks.iter().skip(k).take(n).any(|t| {
                        !capitalized(t.text)
                            && !matches!(t.text, "of" | "and" | "the" | "da" | "de" | "del")
                    })
                {
                    continue;
                }
                // A single word the gazetteer does not know (most capitalized words) has no
                // meaning to read, nor a case ending to try unless it is Cyrillic.
                if n == 1 && single.is_empty() && !cyrillic {
                    continue;
                }
                name.clear();
                for (j, t) in toks.iter().skip(k).take(n).enumerate() {
                    if j > 0 {
                        name.push(' ');
                    }
                    name.push_str(if j + 1 == n {
                        strip_possessive(t.text)
                    } else {
                        t.text
                    });
                }
                let places = match n {
                    1 if !single.is_empty() || !cyrillic => single,
                    _ => lookup_inflected(&name),
                };
                if let Some(p) = places.iter().find(|p| p.is_country()) {
                    // All-caps short names (`US`, `UK`) must be written so; `us` is a pronoun.
                    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
                    if letters <= 3
                        && !name
                            .chars()
                            .filter(|c| c.is_alphabetic())
                            .all(char::is_uppercase)
                    {
                        continue;
                    }
                    matched = Some((n, p.country, p.kind));
                    break;
                }
                if let Some(p) = places.iter().find(|p| p.kind == PlaceKind::Capital) {
                    let next = toks.get(k + n).map(|t| t.text);
                    if next.is_some_and(|w| VOICE_VERBS.contains(&w)) && !name.contains(' ')
                        || next.is_some_and(|w| VOICE_VERBS.contains(&w))
                    {
                        matched = Some((n, p.country, p.kind));
                        break;
                    }
                }
            }
            let Some((n, cc, kind)) = matched else {
                k += 1;
                continue;
            };
            let last = toks.get(k + n - 1).map_or("", |t| t.text);
            let next = toks.get(k + n);
            let prev = if k > 0 { toks.get(k - 1) } else { None };
            let possessive = last.ends_with("’s") || last.ends_with("'s");
            // `Argentina Szabados`: a country name followed by a capitalized non-place word.
            let surname_after = kind == PlaceKind::Country
                && !possessive
                && next.is_some_and(|t| {
                    capitalized(t.text)
                        && !t.sentence_start
                        && !INSTITUTION_WORDS.contains(&t.text)
                        && gazetteer::lookup(t.text).is_empty()
                });
            // `Michael Jordan`: a capitalized given name before, not a sentence start.
            let given_name_before = kind == PlaceKind::Country
                && !tok.sentence_start
                && prev.is_some_and(|t| {
                    capitalized(t.text)
                        && !LEAD_WORDS.contains(&t.text)
                        && gazetteer::lookup(t.text).is_empty()
                        && !t
                            .text
                            .chars()
                            .all(|c| c.is_uppercase() || !c.is_alphabetic())
                });
            if !surname_after && !given_name_before && !found.iter().any(|f| f == cc) {
                found.push(cc.to_string());
            }
            k += n;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(s: &str) -> Vec<String> {
        find(&[s], false)
    }

    #[test]
    fn names_and_adjectives() {
        assert_eq!(f("The Uzbek Government expressed"), vec!["UZ"]);
        assert_eq!(
            f("in Samarkand, Uzbekistan. Adopted in Morocco next month."),
            vec!["UZ", "MA"]
        );
        assert_eq!(f("Uzbekistan’s contribution"), vec!["UZ"]);
        assert_eq!(
            f("The U.S. and the Republic of Kazakhstan"),
            vec!["US", "KZ"]
        );
        assert_eq!(
            find(&["Правительство Узбекистана", "в Узбекистан"], false),
            vec!["UZ"]
        );
    }

    #[test]
    fn not_from_people_or_cities() {
        assert!(f("by IOM Regional Director Argentina Szabados at the").is_empty());
        assert!(f("Argentina Szabados said").is_empty());
        assert!(f("Signed in Geneva this week").is_empty());
        assert!(f("basketball star Michael Jordan said").is_empty());
        assert!(f("let us know").is_empty());
        assert_eq!(f("Moscow said on Monday"), vec!["RU"]);
    }
}
