//! The place line a release opens with: `Samarkand –`, `Tashkent, Uzbekistan -`,
//! `GENEVA, 12 March 2021 (IOM) –`, `BISHKEK/ALMATY —`,
//! `HOUSTON, TX - (NewMediaWire) - September 17, 2024 -`, `SALVADOR, Feb 26 -`,
//! `NEW YORK, Sept. 17, 2024 /PRNewswire/ --`.
//!
//! The opening of a paragraph is cut into tokens (words, dates, dashes, commas,
//! parenthesized or slash-enclosed wire names) and read as comma-separated place
//! groups, an optional date and wire name, closed by a dash (or by a comma or full stop
//! after a date, or by the end of a paragraph that is nothing but a dateline).

use dateline_types::{Confidence, PartialDate};

use crate::dates;
use crate::gazetteer;

/// How far into a paragraph a dateline may reach, in bytes.
const HEAD: usize = 320;

/// A dateline found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// The place in its usual case (`Tashkent`, `Bishkek/Almaty`, `New York`).
    pub(crate) place: String,
    /// ISO code of the place's country, if resolved.
    pub(crate) country: Option<String>,
    /// The date the dateline gives, if any.
    pub(crate) date: Option<PartialDate>,
    /// The dateline as written.
    pub(crate) span: String,
    /// The rule that matched.
    pub(crate) rule: &'static str,
    /// Low when the place is not in the gazetteer and nothing else backs it.
    pub(crate) confidence: Confidence,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'a> {
    Word(&'a str),
    Date(PartialDate),
    /// `(IOM)`, `(BUSINESS WIRE)`, `/PRNewswire/`, `/ PR Karma /`: a wire or office name,
    /// with a date it may hold (`(Newsfile Corp. - January 5, 2023)`).
    Agency(Option<PartialDate>),
    Dash,
    Comma,
    Stop,
    At,
}

fn lex(head: &str) -> Vec<(usize, usize, Tok<'_>)> {
    let date_matches = dates::find_all(head);
    let mut toks = Vec::new();
    let bytes = head.as_bytes();
    let mut i = 0;
    while i < head.len() && toks.len() < 60 {
        if let Some(d) = date_matches.iter().find(|d| d.start == i) {
            toks.push((i, d.end, Tok::Date(d.date)));
            i = d.end;
            continue;
        }
        let Some(c) = head.get(i..).and_then(|s| s.chars().next()) else {
            break;
        };
        let rest = head.get(i..).unwrap_or("");
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        match c {
            '(' | '/' => {
                let close = if c == '(' { ')' } else { '/' };
                let window = rest.get(1..).unwrap_or("");
                let limit = window
                    .char_indices()
                    .take_while(|(k, _)| *k < 80)
                    .last()
                    .map_or(0, |(k, ch)| k + ch.len_utf8());
                if let Some(end) = window.get(..limit).and_then(|w| w.find(close)) {
                    let inner = window.get(..end).unwrap_or("");
                    if !inner.trim().is_empty() {
                        let date = dates::find_all(inner).first().map(|d| d.date);
                        let stop = i + 1 + end + 1;
                        toks.push((i, stop, Tok::Agency(date)));
                        i = stop;
                        continue;
                    }
                }
                // A lone slash separates like a comma (`Singapore / July 2, 2024 –`).
                toks.push((i, i + 1, if c == '/' { Tok::Comma } else { Tok::Stop }));
                i += 1;
            }
            '&' | ';' => {
                toks.push((i, i + 1, Tok::Comma));
                i += 1;
            }
            '–' | '—' | '―' => {
                toks.push((i, i + c.len_utf8(), Tok::Dash));
                i += c.len_utf8();
            }
            '-' if rest.starts_with("--")
                || rest
                    .get(1..)
                    .is_some_and(|r| r.starts_with(char::is_whitespace))
                || rest.len() == 1 =>
            {
                let mut j = i;
                while bytes.get(j) == Some(&b'-') {
                    j += 1;
                }
                toks.push((i, j, Tok::Dash));
                i = j;
            }
            ',' => {
                toks.push((i, i + 1, Tok::Comma));
                i += 1;
            }
            '@' => {
                toks.push((i, i + 1, Tok::At));
                i += 1;
            }
            '.' | ':' | '!' | '?' | '"' | '“' | '”' | '|' => {
                toks.push((i, i + c.len_utf8(), Tok::Stop));
                i += c.len_utf8();
            }
            _ => {
                // A word: up to whitespace, a comma, a parenthesis, or a double or long dash.
                let mut j = i;
                for (k, ch) in rest.char_indices() {
                    let here = rest.get(k..).unwrap_or("");
                    if ch.is_whitespace()
                        || matches!(
                            ch,
                            ',' | '(' | ')' | '–' | '—' | '@' | ';' | '&' | '"' | '“' | '”'
                        )
                        || (ch == ':'
                            && !here
                                .get(1..)
                                .is_some_and(|r| r.starts_with(|d: char| d.is_ascii_digit())))
                        || here.starts_with("--")
                        || (ch == '/'
                            && here
                                .get(1..)
                                .is_some_and(|r| r.starts_with(char::is_whitespace)))
                    {
                        break;
                    }
                    j = i + k + ch.len_utf8();
                }
                if j == i {
                    j = i + c.len_utf8();
                }
                let mut word = head.get(i..j).unwrap_or("");
                // A full stop ending a word ends the sentence, unless the word is an abbreviation.
                let mut stop_after = false;
                let comma_next = head.get(j..).is_some_and(|r| r.starts_with(','));
                let short_cap = word.len() <= 6 && is_capitalized(word);
                if word.len() > 1
                    && word.ends_with('.')
                    && !is_abbreviation(word)
                    && !(comma_next && short_cap)
                {
                    word = &word[..word.len() - 1];
                    stop_after = true;
                }
                toks.push((i, i + word.len(), Tok::Word(word)));
                if stop_after {
                    toks.push((i + word.len(), j, Tok::Stop));
                }
                i = j;
            }
        }
    }
    toks
}

fn is_abbreviation(word: &str) -> bool {
    let inner = &word[..word.len().saturating_sub(1)];
    inner.contains('.') // D.C., N.Y., U.S.
        || gazetteer::region(word).is_some()
        || matches!(word.to_ascii_lowercase().as_str(), "st." | "ft." | "mt." | "sta." | "ste." | "pt.")
        || word == "г."
}

/// Lower-case connecting words allowed inside a place name (`Rio de Janeiro`).
fn is_particle(word: &str) -> bool {
    matches!(
        word,
        "de" | "da"
            | "do"
            | "dos"
            | "das"
            | "del"
            | "la"
            | "le"
            | "les"
            | "el"
            | "of"
            | "upon"
            | "am"
            | "an"
            | "sur"
            | "en"
            | "on"
            | "du"
            | "di"
            | "al"
    )
}

fn is_capitalized(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_uppercase())
}

fn is_time(word: &str) -> bool {
    let w = word.trim_end_matches(['.', ',']);
    w.contains(':') && w.chars().all(|c| c.is_ascii_digit() || c == ':')
        || matches!(w, "г" | "г.")
        || matches!(
            w.to_ascii_lowercase().as_str(),
            "am" | "pm"
                | "a.m"
                | "p.m"
                | "et"
                | "est"
                | "edt"
                | "pt"
                | "pst"
                | "pdt"
                | "ct"
                | "cst"
                | "cdt"
                | "utc"
                | "gmt"
        )
}

fn all_caps(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

/// `NEW YORK` -> `New York`, `BISHKEK/ALMATY` -> `Bishkek/Almaty`; mixed case stays.
fn usual_case(place: &str) -> String {
    if !all_caps(place) || place.chars().filter(|c| c.is_alphabetic()).count() <= 2 {
        return place.to_string();
    }
    let mut out = String::with_capacity(place.len());
    let mut start = true;
    for c in place.chars() {
        if c.is_alphabetic() || c == '\'' || c == '’' {
            if start {
                out.push(c);
            } else {
                out.extend(c.to_lowercase());
            }
            start = false;
        } else {
            out.push(c);
            start = true;
        }
    }
    // Particles inside a name go back to lower case (`Rio De Janeiro` -> `Rio de Janeiro`).
    let words: Vec<&str> = out.split(' ').collect();
    words
        .iter()
        .enumerate()
        .map(|(k, w)| {
            let lower = w.to_lowercase();
            if k > 0 && is_particle(&lower) {
                lower
            } else {
                (*w).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The country of a dateline: from a later group (`Tashkent, Uzbekistan`, `HOUSTON, TX`),
/// else from the place itself (each part of `Bishkek/Almaty`).
fn resolve(groups: &[&str]) -> (Option<String>, bool) {
    for g in groups.iter().skip(1).rev() {
        if let Some(p) = gazetteer::country(g) {
            return (Some(p.country.to_string()), true);
        }
        if let Some(cc) = gazetteer::region(g) {
            return (Some(cc.to_string()), true);
        }
    }
    // `PA USA`: a region or country as the last word of a later group.
    for g in groups.iter().skip(1).rev() {
        for w in g.split_whitespace().rev() {
            if let Some(cc) =
                gazetteer::region(w).or_else(|| gazetteer::country(w).map(|p| p.country))
            {
                return (Some(cc.to_string()), true);
            }
        }
    }
    let first = groups.first().copied().unwrap_or("");
    for part in first.split('/') {
        if let Some(p) = gazetteer::place(part) {
            return (Some(p.country.to_string()), true);
        }
        // `Washington D.C`: the city without a trailing region abbreviation.
        if let Some((city, region)) = part.rsplit_once(' ') {
            let region_cc =
                gazetteer::region(region).or_else(|| gazetteer::region(&format!("{region}.")));
            if let Some(cc) = region_cc {
                return (Some(cc.to_string()), true);
            }
            if let Some(p) = gazetteer::place(city).filter(|_| region.len() <= 4) {
                return (Some(p.country.to_string()), true);
            }
        }
    }
    for g in groups.iter().skip(1) {
        if let Some(p) = gazetteer::place(g) {
            return (Some(p.country.to_string()), true);
        }
    }
    (None, false)
}

/// Reads a dateline at the start of `paragraph`.
pub(crate) fn parse(paragraph: &str) -> Option<Found> {
    let mut cut = paragraph.len().min(HEAD);
    while !paragraph.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = paragraph.get(..cut)?;
    let toks = lex(head);

    // Place groups: byte ranges of runs of place words separated by commas.
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut group: Option<(usize, usize, usize)> = None; // start, end, words
    let mut date: Option<PartialDate> = None;
    let mut agency = false;
    let mut dashes = 0;
    let mut end: Option<usize> = None;
    let mut last_was_comma_after_date = false;
    let mut k = 0;
    let close_group = |group: &mut Option<(usize, usize, usize)>,
                       groups: &mut Vec<(usize, usize)>| {
        if let Some((s, e, _)) = group.take() {
            groups.push((s, e));
        }
    };
    while let Some(&(s, e, tok)) = toks.get(k) {
        match tok {
            // `AMSTERDAM and PARIS`: two places joined.
            Tok::Word("and")
                if group.is_some_and(|(gs, ge, _)| head.get(gs..ge).is_some_and(all_caps)) =>
            {
                close_group(&mut group, &mut groups);
            }
            Tok::Word(w) => {
                if is_time(w) && (date.is_some()) {
                    k += 1;
                    continue;
                }
                let place_found = !groups.is_empty() || group.is_some();
                // After a closing dash (or a comma or stop after a date), a word starts the body.
                if place_found && (dashes > 0 || last_was_comma_after_date) && group.is_none() {
                    end = Some(s);
                    break;
                }
                let placelike = (is_capitalized(w) || (group.is_some() && is_particle(w)))
                    && w.chars().any(char::is_alphabetic)
                    && w.chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '’' | '/'));
                if !placelike || groups.len() >= 4 {
                    if place_found && dashes > 0 {
                        end = Some(s);
                    }
                    break;
                }
                match &mut group {
                    Some((_, ge, n)) if *n < 4 => {
                        *ge = e;
                        *n += 1;
                    }
                    Some(_) => break,
                    None => {
                        if dashes > 0 && !groups.is_empty() {
                            end = Some(s);
                            break;
                        }
                        group = Some((s, e, 1));
                    }
                }
            }
            Tok::Date(d) => {
                close_group(&mut group, &mut groups);
                if date.is_some() {
                    // A second date after a dash starts the body (`- May 5, 2024 marks ...`).
                    if dashes > 0 {
                        end = Some(s);
                        break;
                    }
                } else {
                    date = Some(d);
                }
            }
            Tok::Agency(d) => {
                close_group(&mut group, &mut groups);
                agency = true;
                if date.is_none() {
                    date = d;
                }
            }
            Tok::Dash => {
                close_group(&mut group, &mut groups);
                dashes += 1;
                // `(NewMediaWire) - August 26, 2024 - DALLAS — Among`: a place after the dash.
                if !groups.is_empty() {
                    // The body starts after this dash unless more dateline follows.
                    match toks.get(k + 1).map(|t| t.2) {
                        Some(Tok::Date(_)) | Some(Tok::Agency(_)) | Some(Tok::Dash) => {}
                        _ => {
                            end = toks.get(k + 1).map(|t| t.0).or(Some(e));
                            break;
                        }
                    }
                }
            }
            Tok::Comma => {
                close_group(&mut group, &mut groups);
                if date.is_some() && !groups.is_empty() {
                    last_was_comma_after_date = true;
                    // `HONG KONG, 01 Nov, 2024, Hong Kong Design Centre ...`
                    if let Some(Tok::Word(_)) = toks.get(k + 1).map(|t| t.2) {
                        end = toks.get(k + 1).map(|t| t.0);
                        break;
                    }
                }
            }
            Tok::Stop => {
                close_group(&mut group, &mut groups);
                if date.is_some() && !groups.is_empty() {
                    end = toks.get(k + 1).map(|t| t.0).or(Some(e));
                }
                break;
            }
            Tok::At => {
                // `@ 3:22 PM America/Dawson_Creek —`: skip the time up to the next dash.
                close_group(&mut group, &mut groups);
                while let Some(t) = toks.get(k + 1) {
                    if t.2 == Tok::Dash {
                        break;
                    }
                    k += 1;
                }
            }
        }
        k += 1;
    }
    close_group(&mut group, &mut groups);
    if groups.is_empty() {
        return None;
    }
    let whole_paragraph =
        end.is_none() && k >= toks.len() && cut == paragraph.len() && (date.is_some() || agency);
    let end = match end {
        Some(e) => e,
        None if whole_paragraph => paragraph.len(),
        None => return None,
    };
    let texts: Vec<&str> = groups
        .iter()
        .filter_map(|&(s, e)| head.get(s..e))
        .map(|g| {
            // `Washington D.C.` keeps its dot; `Edmonton.` does not.
            let last = g.rsplit(' ').next().unwrap_or(g);
            if last.trim_end_matches('.').contains('.') {
                g
            } else {
                g.trim_end_matches('.')
            }
        })
        .collect();
    let first = *texts.first()?;
    if first.len() > 48 {
        return None;
    }
    let (country, known) = resolve(&texts);
    let caps = all_caps(first);
    // An unknown place counts only in capitals backed by a date or wire name (`ENEOS –` is a brand).
    if !known && !(caps && (date.is_some() || agency)) {
        return None;
    }
    // An unknown all-caps word before a dash may be an acronym (`IOM – ...`): a guess.
    let confidence = if known || date.is_some() || agency {
        Confidence::High
    } else {
        Confidence::Low
    };
    let rule = if agency {
        "dateline:place-wire"
    } else if date.is_some() {
        "dateline:place-date"
    } else {
        "dateline:place-dash"
    };
    Some(Found {
        place: usual_case(first),
        country,
        date,
        span: paragraph.get(..end)?.trim().to_string(),
        rule,
        confidence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(p: &str) -> String {
        match parse(p) {
            Some(f) => format!(
                "{} | {} | {} | {} | {}",
                f.place,
                f.country.unwrap_or_default(),
                f.date.map(|d| d.to_string()).unwrap_or_default(),
                f.span,
                f.rule
            ),
            None => "-".into(),
        }
    }

    #[test]
    fn reads_the_datelines_of_the_brief() {
        let cases = [
            "Samarkand – Dignity, protection and the promotion of the human rights",
            "Tashkent, Uzbekistan - The Uzbek Government expressed the country's willingness",
            "GENEVA, 12 March 2021 (IOM) – The International Organization for Migration",
            "BISHKEK/ALMATY — Central Asian states met today",
            "HOUSTON, TX - (NewMediaWire) - September 17, 2024 - Houston American Corp.",
            "SALVADOR, Feb 26 - Showers continued throughout the week",
            "NEW YORK, Sept. 17, 2024 /PRNewswire/ -- Acme Inc. today announced",
            "ANDERSON, SC, March 09, 2024 /24-7PressRelease/ -- Born and raised",
            "HONG KONG, 01 Nov, 2024, Hong Kong Design Centre (HKDC) is pleased",
            "Edmonton, Alberta, Canada November 7, 2024. Pacylex Pharmaceuticals Inc.",
            "Lawrenceville, United States - November 11, 2024 / BestLyfe Group /",
            "MISSISSAUGA, ON / PR Karma / February 29, 2024 9:55",
            "Scottsdale, AZ (Newsworthy.ai) Wednesday Nov 22, 2023 @ 3:22 PM America/Dawson_Creek — Cyber threats",
            "Dallas, Texas--(Newsfile Corp. - January 5, 2023) - Acme announced",
            "(NewMediaWire) - August 26, 2024 - DALLAS — Among people who had aneurysms",
            "ТАШКЕНТ, 12 марта 2021 г. – Правительство Узбекистана",
            "BAHIA BLANCA, Argentina, Feb 26 - Argentine grain",
            "CHARLOTTE, NC & DALLAS, TX, March 18, 2024 /24-7PressRelease/ -- Crete United, a leading",
            "FRISCO, Dallas; Apr. 23, 2024 – Arhasi, a boutique startup",
            "October 18, 2024, Washington D.C. — Abe ($ABE), the American",
            "Singapore / July 2, 2024 – In support of a more efficient",
            "Coatesville, PA USA (Newsworthy.ai) Friday Nov 8, 2024 @ 7:00 AM US/Eastern — The 2nd Annual",
            "PHOENIX, Ariz., Feb 26 - Some text",
            "ST. LOUIS, March 2 - Some text",
            "AMSTERDAM and PARIS, March 19, 2024 /24-7PressRelease/ -- Today marks",
        ];
        let got: Vec<String> = cases.iter().map(|c| show(c)).collect();
        insta::assert_snapshot!(got.join("\n"));
    }

    #[test]
    fn leaves_ordinary_sentences_alone() {
        for p in [
            "Ten years after reaching a cooperation agreement, IOM and UNFPA,",
            "The Uzbek Government expressed the country's willingness",
            "“This is our rendezvous with history,” said IOM",
            "Research Highlights:",
            "Last year, on International Migrants Day, we highlighted",
            "DegenX - a 100% DAO-owned and controlled multi-chain DeFi ecosystem - launched",
            "",
            "-",
            "((((((((",
        ] {
            assert_eq!(show(p), "-", "{p}");
        }
    }
}
