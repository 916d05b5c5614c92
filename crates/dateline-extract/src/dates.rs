//! Date strings as pages write them: ISO timestamps, URL paths, and visible dates in
//! English, German, French and Spanish.

use std::sync::LazyLock;

use dateline_types::PartialDate;
use regex::Regex;

/// `2018-04-02`, `2018-04-02T10:00:00Z`, `2018/04/02`, `20180402`.
pub(crate) fn parse_iso(s: &str) -> Option<PartialDate> {
    static ISO: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"^\s*((?:19|20)\d\d)[-/.]?([01]\d)[-/.]?([0-3]\d)(?:$|\D|\d\d)").ok()
    });
    let caps = ISO.as_ref()?.captures(s)?;
    let y = caps.get(1)?.as_str().parse().ok()?;
    let m = caps.get(2)?.as_str().parse().ok()?;
    let d = caps.get(3)?.as_str().parse().ok()?;
    PartialDate::ymd(y, m, d)
}

/// Any of the forms [`parse_iso`] and [`find_in_text`] read.
pub(crate) fn parse_any(s: &str) -> Option<PartialDate> {
    parse_iso(s).or_else(|| find_in_text(s).map(|(d, _)| d))
}

/// A date in a URL path: `/2018/04/02/`, `/2018-04-02-`, `/20180402`.
pub(crate) fn from_url(url: &str) -> Option<(PartialDate, String)> {
    static URL: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"[/_-]((?:19|20)\d\d)[/_-]?([01]\d)[/_-]?([0-3]\d)(?:[/_.-]|$)").ok()
    });
    let path_start = url.find("://").map_or(0, |i| i + 3);
    let path = url.get(path_start..)?;
    let caps = URL.as_ref()?.captures(path)?;
    let y = caps.get(1)?.as_str().parse().ok()?;
    let m = caps.get(2)?.as_str().parse().ok()?;
    let d = caps.get(3)?.as_str().parse().ok()?;
    let span = caps.get(0)?.as_str().to_string();
    Some((PartialDate::ymd(y, m, d)?, span))
}

fn month_number(name: &str) -> Option<u8> {
    let n = name.to_lowercase();
    let n = n.trim_end_matches('.');
    let m = match n {
        "january" | "jan" | "januar" | "jänner" | "janvier" | "enero" | "gennaio" => 1,
        "february" | "feb" | "februar" | "février" | "fevrier" | "febrero" | "febbraio" => 2,
        "march" | "mar" | "märz" | "maerz" | "mars" | "marzo" | "mär" => 3,
        "april" | "apr" | "avril" | "abril" | "aprile" => 4,
        "may" | "mai" | "mayo" | "maggio" => 5,
        "june" | "jun" | "juni" | "juin" | "junio" | "giugno" => 6,
        "july" | "jul" | "juli" | "juillet" | "julio" | "luglio" => 7,
        "august" | "aug" | "août" | "aout" | "agosto" => 8,
        "september" | "sep" | "sept" | "septembre" | "septiembre" | "settembre" => 9,
        "october" | "oct" | "oktober" | "okt" | "octobre" | "octubre" | "ottobre" => 10,
        "november" | "nov" | "novembre" | "noviembre" => 11,
        "december" | "dec" | "dezember" | "dez" | "décembre" | "decembre" | "diciembre"
        | "dicembre" => 12,
        _ => return None,
    };
    Some(m)
}

/// The first date written out in `text`, with the matched span.
pub(crate) fn find_in_text(text: &str) -> Option<(PartialDate, String)> {
    static FORMS: LazyLock<Vec<(Regex, &'static str)>> = LazyLock::new(|| {
        let month = r"([A-Za-zäéûÄ]{3,9}\.?)";
        [
            // April 2, 2018 / Apr. 2 2018
            (format!(r"\b{month}\s+([0-3]?\d)(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b"), "mdy"),
            // 2 April 2018 / 2. April 2018 / 2 de abril de 2018
            (format!(r"\b([0-3]?\d)(?:st|nd|rd|th)?\.?\s+(?:de\s+)?{month}\s+(?:de\s+)?((?:19|20)\d\d)\b"), "dmy"),
            // 2018-04-02
            (r"\b((?:19|20)\d\d)-([01]\d)-([0-3]\d)\b".to_string(), "ymd"),
            // 02.04.2018 (day first, as written in Europe)
            (r"\b([0-3]?\d)\.\s?([01]?\d)\.\s?((?:19|20)\d\d)\b".to_string(), "dmy-num"),
            // 04/02/2018 (month first, US)
            (r"\b([01]?\d)/([0-3]?\d)/((?:19|20)\d\d)\b".to_string(), "mdy-num"),
        ]
        .into_iter()
        .filter_map(|(re, kind)| Regex::new(&re).ok().map(|r| (r, kind)))
        .collect()
    });
    // Every form has a year starting `19` or `20`: most text is ruled out without a regex.
    let bytes = text.as_bytes();
    if memchr::memmem::find(bytes, b"20").is_none() && memchr::memmem::find(bytes, b"19").is_none()
    {
        return None;
    }
    let mut best: Option<(usize, PartialDate, String)> = None;
    for (re, kind) in FORMS.iter() {
        for caps in re.captures_iter(text).take(4) {
            let (Some(whole), Some(a), Some(b), Some(c)) =
                (caps.get(0), caps.get(1), caps.get(2), caps.get(3))
            else {
                continue;
            };
            let (a, b, c) = (a.as_str(), b.as_str(), c.as_str());
            let date = match *kind {
                "mdy" => month_number(a)
                    .and_then(|m| PartialDate::ymd(c.parse().ok()?, m, b.parse().ok()?)),
                "dmy" => month_number(b)
                    .and_then(|m| PartialDate::ymd(c.parse().ok()?, m, a.parse().ok()?)),
                "ymd" => PartialDate::ymd(a.parse().ok()?, b.parse().ok()?, c.parse().ok()?),
                "dmy-num" => PartialDate::ymd(c.parse().ok()?, b.parse().ok()?, a.parse().ok()?),
                _ => PartialDate::ymd(c.parse().ok()?, a.parse().ok()?, b.parse().ok()?),
            };
            if let Some(date) = date {
                if best.as_ref().is_none_or(|(pos, _, _)| whole.start() < *pos) {
                    best = Some((whole.start(), date, whole.as_str().to_string()));
                }
                break;
            }
        }
    }
    best.map(|(_, d, s)| (d, s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> String {
        parse_any(s).map(|d| d.to_string()).unwrap_or_default()
    }

    #[test]
    fn reads_common_forms() {
        assert_eq!(d("2018-04-02T10:11:12+02:00"), "2018-04-02");
        assert_eq!(d("20180402"), "2018-04-02");
        assert_eq!(d("Posted April 2, 2018 by X"), "2018-04-02");
        assert_eq!(d("2. April 2018"), "2018-04-02");
        assert_eq!(d("Stand: 02.04.2018, 10:00"), "2018-04-02");
        assert_eq!(d("2 de abril de 2018"), "2018-04-02");
        assert_eq!(d("4 Décembre 2019"), "2019-12-04");
        assert_eq!(d("no date here 2018"), "");
        assert_eq!(d("31.02.2018"), "");
    }

    #[test]
    fn reads_url_dates() {
        let (date, _) = from_url("https://x.org/news/2019/05/07/story.html").unwrap();
        assert_eq!(date.to_string(), "2019-05-07");
        assert!(from_url("https://x.org/2019/story").is_none());
        assert_eq!(
            from_url("https://x.org/a/20190507-story")
                .unwrap()
                .0
                .to_string(),
            "2019-05-07"
        );
    }
}
