use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date known only as precisely as the source says.
///
/// Serialized as ISO 8601 with the precision actually known: `YYYY-MM-DD`,
/// `YYYY-MM`, `YYYY`, or `--MM-DD` when day and month are known but not the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    /// The year, if known.
    pub year: Option<i32>,
    /// The month (1-12), if known.
    pub month: Option<u8>,
    /// The day of the month (1-31), if known; only set together with `month`.
    pub day: Option<u8>,
}

impl PartialDate {
    /// A full calendar date; `None` when the day does not exist in that month.
    pub fn ymd(year: i32, month: u8, day: u8) -> Option<Self> {
        (valid_day(Some(year), month, day) && (1..=9999).contains(&year)).then_some(PartialDate {
            year: Some(year),
            month: Some(month),
            day: Some(day),
        })
    }

    /// Year and month only.
    pub fn ym(year: i32, month: u8) -> Option<Self> {
        ((1..=12).contains(&month) && (1..=9999).contains(&year)).then_some(PartialDate {
            year: Some(year),
            month: Some(month),
            day: None,
        })
    }

    /// The year only.
    pub fn y(year: i32) -> Option<Self> {
        (1..=9999).contains(&year).then_some(PartialDate {
            year: Some(year),
            month: None,
            day: None,
        })
    }

    /// Day and month with no known year (`--MM-DD`).
    pub fn md(month: u8, day: u8) -> Option<Self> {
        valid_day(None, month, day).then_some(PartialDate {
            year: None,
            month: Some(month),
            day: Some(day),
        })
    }

    /// This date with `year` filled in when the year was unknown.
    pub fn with_year(self, year: i32) -> Option<Self> {
        match (self.year, self.month, self.day) {
            (None, Some(m), Some(d)) => PartialDate::ymd(year, m, d),
            _ => Some(self),
        }
    }

    /// True when year, month and day are all known.
    pub fn is_full(&self) -> bool {
        self.year.is_some() && self.month.is_some() && self.day.is_some()
    }

    /// Parses the ISO forms this type prints (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`, `--MM-DD`).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        if let Some(rest) = s.strip_prefix("--") {
            let (m, d) = rest.split_once('-')?;
            return PartialDate::md(num(m, 2)? as u8, num(d, 2)? as u8);
        }
        let mut parts = s.splitn(3, '-');
        let year = num(parts.next()?, 4)? as i32;
        match (parts.next(), parts.next()) {
            (None, _) => PartialDate::y(year),
            (Some(m), None) => PartialDate::ym(year, num(m, 2)? as u8),
            (Some(m), Some(d)) => PartialDate::ymd(year, num(m, 2)? as u8, num(d, 2)? as u8),
        }
    }
}

fn num(s: &str, width: usize) -> Option<u32> {
    (s.len() == width && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn valid_day(year: Option<i32>, month: u8, day: u8) -> bool {
    let max = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => match year {
            Some(y) if !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) => 28,
            _ => 29,
        },
        _ => return false,
    };
    (1..=max).contains(&day)
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.year, self.month, self.day) {
            (Some(y), Some(m), Some(d)) => write!(f, "{y:04}-{m:02}-{d:02}"),
            (Some(y), Some(m), None) => write!(f, "{y:04}-{m:02}"),
            (Some(y), None, _) => write!(f, "{y:04}"),
            (None, Some(m), Some(d)) => write!(f, "--{m:02}-{d:02}"),
            _ => Ok(()),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        PartialDate::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("`{s}` is not an ISO 8601 partial date"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_the_precision_known() {
        assert_eq!(
            PartialDate::ymd(2018, 4, 2).unwrap().to_string(),
            "2018-04-02"
        );
        assert_eq!(PartialDate::ym(2018, 4).unwrap().to_string(), "2018-04");
        assert_eq!(PartialDate::y(2018).unwrap().to_string(), "2018");
        assert_eq!(PartialDate::md(11, 23).unwrap().to_string(), "--11-23");
    }

    #[test]
    fn parses_what_it_prints() {
        for s in ["2018-04-02", "2018-04", "2018", "--11-23", "2020-02-29"] {
            assert_eq!(PartialDate::parse(s).unwrap().to_string(), s);
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        assert!(PartialDate::ymd(2019, 2, 29).is_none());
        assert!(PartialDate::ymd(2019, 13, 1).is_none());
        assert!(PartialDate::parse("2019-4-1").is_none());
        assert!(PartialDate::parse("--02-30").is_none());
    }

    #[test]
    fn fills_a_missing_year() {
        let d = PartialDate::md(11, 23).unwrap().with_year(2018).unwrap();
        assert_eq!(d.to_string(), "2018-11-23");
    }
}
