//! Dates written in release text: `2 April 2018`, `September 17, 2024`, `Feb 26`,
//! `today (23/11)`, `12 de marzo de 2021`, `12 марта 2021 г.`, `2024-09-17`.
//!
//! Years are never taken from the clock: a day and month without a year stay a
//! `--MM-DD` [`PartialDate`] unless the caller fills the year from a crawl date.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use dateline_types::PartialDate;
use regex::Regex;

const MONTHS: &str = r"jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?|aug(?:ust|\.)?|sep(?:t(?:ember|\.)?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|se(?:p|)tiembre|octubre|noviembre|diciembre|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря";

/// The first three letters of every month name in [`MONTHS`] but the Russian ones
/// (`jan`, `fév`, `aoû`, `set` of `setiembre`), for a quick test that a text may name a
/// month: ASCII letters match in any case, accented ones are listed in both cases.
static MONTH_STEMS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build([
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
            "fev", "fév", "fÉv", "avr", "mai", "jui", "aou", "aoû", "aoÛ", "déc", "dÉc", "ene",
            "abr", "ago", "set", "dic",
        ])
        .expect("static automaton")
});

/// Whether [`MONTH_DAY`] or [`DAY_MONTH`] may match in `text`: false only when no month
/// name can stand in it. Both want the name to start a word (after `\b` or whitespace),
/// so a stem right after an ASCII letter, digit or `_` does not count. Their
/// case-insensitive matching also folds Cyrillic (lead bytes 0xD0, 0xD1) and the long s
/// `ſ` (0xC5 0xBF) into month names, so a text with such bytes is always searched.
fn may_name_a_month(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr3(0xD0, 0xD1, 0xC5, bytes).is_some()
        || MONTH_STEMS.find_overlapping_iter(text).any(|m| {
            m.start()
                .checked_sub(1)
                .and_then(|before| bytes.get(before))
                .is_none_or(|&b| !(b.is_ascii_alphanumeric() || b == b'_'))
        })
}

/// `September 17, 2024`, `Sept. 17th 2024`, `Feb 26`.
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b({MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}})\b)?"
    ))
    .expect("static regex")
});

/// `2 April 2018`, `12 de marzo de 2021`, `1er mars 2021`, `12 марта 2021 г.`, `01 Nov, 2024`.
static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th|er)?\s+(?:de\s+)?({MONTHS})(?:\.|\b)(?:,?\s+(?:de\s+)?(\d{{4}})\b)?"
    ))
    .expect("static regex")
});

/// `2024-09-17`.
static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").expect("static regex"));

/// `today (23/11)`: IOM writes day/month in parentheses after a relative day word.
static TODAY_DM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:today|yesterday|tonight|this (?:morning|afternoon|evening|week)|aujourd'hui|hoy|сегодня)\s*\((\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?\)")
        .expect("static regex")
});

/// A date found in text, with the span it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateMatch {
    /// The date, as precise as the text.
    pub(crate) date: PartialDate,
    /// Byte range of the match in the searched text.
    pub(crate) start: usize,
    /// End of the match.
    pub(crate) end: usize,
}

/// The month number of a month name or abbreviation in en/fr/es/ru.
pub(crate) fn month(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_lowercase();
    let w = w.as_str();
    let n = match w {
        "jan" | "january" | "janvier" | "enero" | "января" | "январь" => 1,
        "feb" | "february" | "février" | "fevrier" | "febrero" | "февраля" | "февраль" => {
            2
        }
        "mar" | "march" | "mars" | "marzo" | "марта" | "март" => 3,
        "apr" | "april" | "avril" | "abril" | "апреля" | "апрель" => 4,
        "may" | "mai" | "mayo" | "мая" | "май" => 5,
        "jun" | "june" | "juin" | "junio" | "июня" | "июнь" => 6,
        "jul" | "july" | "juillet" | "julio" | "июля" | "июль" => 7,
        "aug" | "august" | "août" | "aout" | "agosto" | "августа" | "август" => 8,
        "sep" | "sept" | "september" | "septembre" | "septiembre" | "setiembre" | "сентября"
        | "сентябрь" => 9,
        "oct" | "october" | "octobre" | "octubre" | "октября" | "октябрь" => 10,
        "nov" | "november" | "novembre" | "noviembre" | "ноября" | "ноябрь" => 11,
        "dec" | "december" | "décembre" | "decembre" | "diciembre" | "декабря" | "декабрь" => {
            12
        }
        _ => return None,
    };
    Some(n)
}

fn build(year: Option<&str>, month: u8, day: &str) -> Option<PartialDate> {
    let day: u8 = day.parse().ok()?;
    match year {
        Some(y) => {
            let y: i32 = y.parse().ok()?;
            if !(1900..=2100).contains(&y) {
                return None;
            }
            PartialDate::ymd(y, month, day)
        }
        None => PartialDate::md(month, day),
    }
}

/// Characters no date runs across and which are no word characters: dashes, curly
/// quotes, bullets and marks (none is a letter, digit, space, `.`, `,` or `-`).
fn is_date_break(c: char) -> bool {
    matches!(c, '–' | '—' | '‘' | '’' | '“' | '”' | '•' | '™' | '®' | '©')
}

/// The dates of the three patterns in `piece` (which starts at byte `offset` of the
/// searched text), in pattern order.
///
/// [`find_all`] searches a non-ASCII text piece by piece between [`is_date_break`]
/// characters: with Unicode word boundaries the regex's fast automaton gives up at the
/// first non-ASCII byte, and the fallback costs many times more, while most of the text
/// near a dateline is ASCII but for its dashes and quotes. No match runs across such a
/// character, and it bounds a word as the end of a piece does, so the pieces hold
/// exactly the matches of the whole text.
fn push_dates(piece: &str, offset: usize, months: bool, found: &mut Vec<DateMatch>) {
    let month_day = months.then(|| MONTH_DAY.captures_iter(piece));
    for c in month_day.into_iter().flatten() {
        let (Some(all), Some(m), Some(d)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        // `May 5` is a date; `may 5` in running text is a verb more often than not.
        if m.as_str() == "may" {
            continue;
        }
        if let Some(date) =
            month(m.as_str()).and_then(|m| build(c.get(3).map(|y| y.as_str()), m, d.as_str()))
        {
            found.push(DateMatch {
                date,
                start: offset + all.start(),
                end: offset + all.end(),
            });
        }
    }
    let day_month = months.then(|| DAY_MONTH.captures_iter(piece));
    for c in day_month.into_iter().flatten() {
        let (Some(all), Some(d), Some(m)) = (c.get(0), c.get(1), c.get(2)) else {
            continue;
        };
        if m.as_str() == "may" {
            continue;
        }
        if let Some(date) =
            month(m.as_str()).and_then(|m| build(c.get(3).map(|y| y.as_str()), m, d.as_str()))
        {
            found.push(DateMatch {
                date,
                start: offset + all.start(),
                end: offset + all.end(),
            });
        }
    }
    for c in ISO.captures_iter(piece) {
        let (Some(all), Some(y), Some(m), Some(d)) = (c.get(0), c.get(1), c.get(2), c.get(3))
        else {
            continue;
        };
        let date = m
            .as_str()
            .parse::<u8>()
            .ok()
            .and_then(|m| build(Some(y.as_str()), m, d.as_str()));
        if let Some(date) = date {
            found.push(DateMatch {
                date,
                start: offset + all.start(),
                end: offset + all.end(),
            });
        }
    }
}

/// Every written date in `text` (month names or ISO form), in text order, overlaps removed.
pub(crate) fn find_all(text: &str) -> Vec<DateMatch> {
    let mut found = Vec::new();
    // Every form has a digit; most text before a dateline has none.
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return found;
    }
    // The month-name patterns are slow on non-ASCII text: skip them where no month can be.
    let months = may_name_a_month(text);
    if text.is_ascii() {
        push_dates(text, 0, months, &mut found);
    } else {
        let mut start = 0;
        for (i, c) in text.char_indices() {
            if is_date_break(c) {
                push_dates(text.get(start..i).unwrap_or(""), start, months, &mut found);
                start = i + c.len_utf8();
            }
        }
        push_dates(text.get(start..).unwrap_or(""), start, months, &mut found);
    }
    without_overlaps(found)
}

/// Dates sorted by position, one kept where several overlap.
fn without_overlaps(mut found: Vec<DateMatch>) -> Vec<DateMatch> {
    // Keep the longest match at each place (`2 April 2018` over `April 2018`... and `April 20`).
    found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut kept: Vec<DateMatch> = Vec::with_capacity(found.len());
    for m in found {
        match kept.last_mut() {
            Some(last) if m.start < last.end => {
                // Overlap: prefer the one that knows the year, then the longer.
                let better = (m.date.year.is_some() && last.date.year.is_none())
                    || (m.date.year.is_some() == last.date.year.is_some()
                        && m.end - m.start > last.end - last.start);
                if better {
                    *last = m;
                }
            }
            _ => kept.push(m),
        }
    }
    kept
}

/// `today (23/11)`: the day and month IOM gives after a relative day word.
pub(crate) fn find_today(text: &str) -> Option<(PartialDate, &str)> {
    let c = TODAY_DM.captures(text)?;
    let all = c.get(0)?;
    let day: u8 = c.get(1)?.as_str().parse().ok()?;
    let month: u8 = c.get(2)?.as_str().parse().ok()?;
    let date = match c.get(3).and_then(|y| y.as_str().parse::<i32>().ok()) {
        Some(y) if y < 100 => PartialDate::ymd(2000 + y, month, day),
        Some(y) => PartialDate::ymd(y, month, day),
        None => PartialDate::md(month, day),
    }?;
    Some((date, all.as_str()))
}

/// The calendar date at the start of a crawl timestamp (`2018-11-25T10:00:00Z`).
pub(crate) fn crawl_day(crawl_date: &str) -> Option<PartialDate> {
    let head = crawl_date.trim().get(..10)?;
    PartialDate::parse(head).filter(PartialDate::is_full)
}

/// `date` with a missing year filled from the crawl date: the crawl year, or the year
/// before when that would put the date after the crawl.
pub(crate) fn fill_year(date: PartialDate, crawl: Option<PartialDate>) -> PartialDate {
    let (Some(crawl), None, Some(m), Some(d)) = (crawl, date.year, date.month, date.day) else {
        return date;
    };
    let Some(year) = crawl.year else {
        return date;
    };
    let same_year = PartialDate::ymd(year, m, d);
    match same_year {
        Some(candidate) if candidate <= crawl => candidate,
        _ => PartialDate::ymd(year - 1, m, d).unwrap_or(date),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_stems_cover_what_case_folding_matches() {
        // Only `ſ` and the Kelvin sign fold into ASCII letters (no month has a `k`).
        let letter = Regex::new(r"(?i)^[a-z]$").unwrap();
        for c in (0x80..=0x10FFFFu32).filter_map(char::from_u32) {
            if letter.is_match(&c.to_string()) {
                assert!(matches!(c, 'ſ' | '\u{212A}'), "{c:?}");
            }
        }
        let whole = Regex::new(&format!("(?i)^(?:{MONTHS})$")).unwrap();
        let names = "jan january jan. feb february feb. mar march mar. apr april apr. may june \
            jun july jul aug august aug. sep sept september sept. sep. oct october oct. nov \
            november nov. dec december dec. janvier février fevrier mars avril mai juin \
            juillet août aout septembre octobre novembre décembre decembre enero febrero \
            marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre \
            diciembre января февраля марта апреля мая июня июля августа сентября октября \
            ноября декабря";
        for name in names.split_whitespace() {
            assert!(whole.is_match(name), "{name}");
            for text in [
                name.to_string(),
                name.to_uppercase(),
                format!("“{} 12", name.to_uppercase()),
            ] {
                assert!(may_name_a_month(&text), "{text}");
            }
        }
        assert!(!may_name_a_month("In Geneva, 12 people"));
        assert_eq!(find_all("“Sanctions”, 12 FÉVRIER 2021").len(), 1);
    }

    #[test]
    fn pieces_between_dashes_and_quotes_hold_the_same_dates() {
        // The whole text searched at once, as `find_all` did before cutting it in pieces.
        let whole = |text: &str| {
            let mut all = Vec::new();
            push_dates(text, 0, may_name_a_month(text), &mut all);
            without_overlaps(all)
                .into_iter()
                .map(|m| (m.start, m.end, m.date.to_string()))
                .collect::<Vec<_>>()
        };
        for text in [
            "GENEVA, 12 March 2021 (IOM) – On “March 5, 2024” and 2024-09-17—next",
            "HOUSTON, TX – September 17, 2024 –– ’12 May 2023’ • 3 June™ 2021",
            "Tashkent – 2 апреля 2018 г. – Ташкент",
            "12 de marzo de 2021—1er mars 2021 – Feb 26–27",
        ] {
            let pieces: Vec<_> = find_all(text)
                .into_iter()
                .map(|m| (m.start, m.end, m.date.to_string()))
                .collect();
            assert_eq!(pieces, whole(text), "{text}");
            assert!(!pieces.is_empty(), "{text}");
        }
    }

    fn first(s: &str) -> String {
        find_all(s)
            .first()
            .map(|m| m.date.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn reads_written_dates() {
        assert_eq!(first("on Monday, 2 April 2018."), "2018-04-02");
        assert_eq!(first("September 17, 2024 -"), "2024-09-17");
        assert_eq!(first("Sept. 17th, 2024"), "2024-09-17");
        assert_eq!(first("SALVADOR, Feb 26 -"), "--02-26");
        assert_eq!(first("12 de marzo de 2021"), "2021-03-12");
        assert_eq!(first("le 1er mars 2021"), "2021-03-01");
        assert_eq!(first("12 марта 2021 г."), "2021-03-12");
        assert_eq!(first("HONG KONG, 01 Nov, 2024, Hong"), "2024-11-01");
        assert_eq!(first("2024-09-17"), "2024-09-17");
        assert_eq!(first("In September 2016 the UN"), "");
        assert_eq!(first("we may 5 times"), "");
    }

    #[test]
    fn reads_today_day_month() {
        let (d, span) = find_today("which closes today (23/11) in Samarkand").unwrap();
        assert_eq!(d.to_string(), "--11-23");
        assert_eq!(span, "today (23/11)");
        assert_eq!(
            find_today("today (05/09).").unwrap().0.to_string(),
            "--09-05"
        );
    }

    #[test]
    fn fills_years_without_going_past_the_crawl() {
        let crawl = crawl_day("2018-11-25T10:00:00Z");
        let d = PartialDate::md(11, 23).unwrap();
        assert_eq!(fill_year(d, crawl).to_string(), "2018-11-23");
        let d = PartialDate::md(12, 30).unwrap();
        assert_eq!(fill_year(d, crawl).to_string(), "2017-12-30");
        assert_eq!(fill_year(d, None).to_string(), "--12-30");
    }
}
