//! Quotation marks: spans in one paragraph, quotations running over paragraphs,
//! and quoted text that is not speech.

use super::lexicon::{is_determiner, is_speech_verb};
use crate::people::{is_alnum, is_cap, tokenize};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `“…”`, `"…"`, `„…“`, mixed.
    Double,
    /// `‘…’`, `'…'`.
    Single,
    /// `«…»`.
    Guillemet,
}

/// One quoted span in a paragraph (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    /// The opening mark.
    pub open: usize,
    /// The quoted text.
    pub text_start: usize,
    /// End of the quoted text.
    pub text_end: usize,
    /// Just past the closing mark (the paragraph end when unclosed).
    pub end: usize,
    /// Whether a closing mark was found.
    pub closed: bool,
}

/// Finds the quoted spans of one paragraph, in one pass.
///
/// Marks nested inside an open quotation are part of its text. An apostrophe between
/// letters (`IOM’s`) neither opens nor closes a single-quoted span. A double or
/// guillemet quotation still open at the end runs to the end (unclosed); an
/// unclosed single quote is dropped (it was most likely an apostrophe).
pub(crate) fn scan(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut open: Option<(Kind, usize, usize)> = None;
    let bytes = text.as_bytes();
    let mut at = 0;
    // Only marks open or close a span: `"`, `'`, and the marks that start with byte 0xC2
    // (`«`, `»`) or 0xE2 (`“ ” „ ‟ ‘ ’`). The text between them is skipped unread; the
    // character before a mark is read back where it matters (a letter before an
    // opening mark makes it an apostrophe).
    // The next 0xC2 is searched apart (`memchr3` takes three bytes) and kept until passed.
    let mut next_c2 = memchr::memchr(0xC2, bytes);
    loop {
        if next_c2.is_some_and(|p| p < at) {
            next_c2 = bytes
                .get(at..)
                .and_then(|rest| memchr::memchr(0xC2, rest))
                .map(|p| at + p);
        }
        let next_other = bytes
            .get(at..)
            .and_then(|rest| memchr::memchr3(b'"', b'\'', 0xE2, rest))
            .map(|p| at + p);
        let Some(i) = [next_c2, next_other].into_iter().flatten().min() else {
            break;
        };
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let prev = text.get(..i).and_then(|before| before.chars().next_back());
        let mut after = i + c.len_utf8();
        let mut next = text.get(after..).and_then(|rest| rest.chars().next());
        // Two apostrophes stand for a double mark (`''Born with a silver spoon,'' he said`).
        let mut c = c;
        if c == '\'' && next == Some('\'') {
            after += 1;
            next = text.get(after..).and_then(|rest| rest.chars().next());
            c = '"';
        }
        at = after;
        let word_start = prev.is_none_or(|p| !is_alnum(p));
        let next_alnum = next.is_some_and(is_alnum);
        match open {
            None => {
                let kind = match c {
                    '“' | '„' => Some(Kind::Double),
                    '"' if word_start && next.is_some_and(|n| !n.is_whitespace()) => {
                        Some(Kind::Double)
                    }
                    '«' => Some(Kind::Guillemet),
                    '‘' if word_start && next.is_some_and(|n| !n.is_whitespace()) => {
                        Some(Kind::Single)
                    }
                    '\'' if word_start && next.is_some_and(char::is_alphabetic) => {
                        Some(Kind::Single)
                    }
                    _ => None,
                };
                if let Some(kind) = kind {
                    open = Some((kind, i, after));
                }
            }
            Some((kind, o, s)) => {
                let close = match kind {
                    Kind::Double => {
                        matches!(c, '”' | '"' | '‟') || (c == '“' && !next_alnum && i > s)
                    }
                    Kind::Guillemet => c == '»',
                    Kind::Single => matches!(c, '’' | '\'') && !next_alnum,
                };
                if close {
                    spans.push(Span {
                        open: o,
                        text_start: s,
                        text_end: i,
                        end: after,
                        closed: true,
                    });
                    open = None;
                } else if kind == Kind::Double && c == '“' {
                    // A new opening mark: the previous quotation was never closed.
                    spans.push(Span {
                        open: o,
                        text_start: s,
                        text_end: i,
                        end: i,
                        closed: false,
                    });
                    open = Some((Kind::Double, i, after));
                }
            }
        }
    }
    if let Some((kind, o, s)) = open
        && kind != Kind::Single
    {
        spans.push(Span {
            open: o,
            text_start: s,
            text_end: text.len(),
            end: text.len(),
            closed: false,
        });
    }
    spans
}

/// A quotation found in the text, possibly running over several paragraphs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// The unit (0 = title, then paragraphs) where the quotation ends.
    pub unit: usize,
    /// Opening mark of its last part, in `unit`.
    pub start: usize,
    /// Just past its closing mark, in `unit`.
    pub end: usize,
    /// The unit where it starts.
    pub first_unit: usize,
    /// Its opening mark in `first_unit`.
    pub first_start: usize,
    /// The quoted words, marks and a trailing comma removed.
    pub text: String,
    /// Whether the quoted words end in punctuation (`,` `.` `!` `?`).
    pub terminal: bool,
}

fn quoted<'a>(text: &'a str, s: &Span) -> &'a str {
    text.get(s.text_start..s.text_end).unwrap_or("").trim()
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end().ends_with(['.', '!', '?', '…', ':'])
}

fn opens_with_mark(text: &str) -> bool {
    text.trim_start().starts_with(['“', '"', '«', '„', '‘'])
}

fn found(unit: usize, first_unit: usize, first_start: usize, s: &Span, text: String) -> Found {
    let terminal = text
        .trim_end()
        .ends_with([',', '.', '!', '?', '…', ';', ':']);
    let clean = text.trim().trim_end_matches(',').trim_end().to_string();
    Found {
        unit,
        start: s.open,
        end: s.end,
        first_unit,
        first_start,
        text: clean,
        terminal,
    }
}

/// Turns the spans of every unit into quotations, joining a quotation left open at
/// the end of a paragraph with the next paragraph when that one opens with a mark
/// and the open part reads as whole sentences (a partial quote left open is closed
/// at its paragraph end instead).
pub(crate) fn assemble(units: &[&str], spans: &[Vec<Span>]) -> Vec<Found> {
    let mut out = Vec::new();
    // A quotation being carried over: (first unit, first start, text so far).
    let mut pending: Option<(usize, usize, String, Span, usize)> = None;
    for (u, unit_spans) in spans.iter().enumerate() {
        let text = units.get(u).copied().unwrap_or("");
        let mut rest = unit_spans.as_slice();
        if let Some((fu, fs, mut acc, last_span, last_unit)) = pending.take() {
            match rest.first() {
                Some(s) if text.get(..s.open).is_some_and(|p| p.trim().is_empty()) => {
                    acc.push(' ');
                    acc.push_str(quoted(text, s));
                    rest = &rest[1..];
                    if !s.closed && continues(units, u, s) {
                        pending = Some((fu, fs, acc, *s, u));
                    } else {
                        out.push(found(u, fu, fs, s, acc));
                    }
                }
                _ => {
                    let mut f = found(last_unit, fu, fs, &last_span, acc);
                    f.start = last_span.open;
                    out.push(f);
                }
            }
        }
        for s in rest {
            let q = quoted(text, s).to_string();
            if !s.closed && u != 0 && continues(units, u, s) {
                pending = Some((u, s.open, q, *s, u));
            } else {
                out.push(found(u, u, s.open, s, q));
            }
        }
    }
    if let Some((fu, fs, acc, last_span, last_unit)) = pending {
        out.push(found(last_unit, fu, fs, &last_span, acc));
    }
    out
}

/// Whether an unclosed span at the end of unit `u` runs on into the next unit.
fn continues(units: &[&str], u: usize, s: &Span) -> bool {
    let text = units.get(u).copied().unwrap_or("");
    let q = quoted(text, s);
    let whole = q
        .chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(char::is_uppercase)
        || text.get(..s.open).is_some_and(|p| p.trim().is_empty());
    whole && ends_sentence(q) && units.get(u + 1).is_some_and(|n| opens_with_mark(n))
}

/// Whether a quotation is not speech: a scare quote (`‘earned’`), a title of a
/// document or programme (`the 'Roadmap on ...'`), or a capitalized name.
pub(crate) fn is_not_speech(units: &[&str], q: &Found) -> bool {
    let words: Vec<&str> = q.text.split_whitespace().collect();
    if words.is_empty() {
        return true;
    }
    if words.len() <= 2 && !q.terminal {
        return true;
    }
    if q.terminal {
        return false;
    }
    let text = units.get(q.first_unit).copied().unwrap_or("");
    let (_, before) = window_before(text, q.first_start, 200);
    let toks = tokenize(before);
    let prev = toks.last().filter(|t| t.word).map(|t| t.text);
    let starts_cap = words.first().is_some_and(|w| is_cap(w));
    let introduced = prev.is_some_and(|p| {
        is_determiner(p)
            || matches!(
                p.to_lowercase().as_str(),
                "entitled"
                    | "titled"
                    | "called"
                    | "named"
                    | "dubbed"
                    | "themed"
                    | "so-called"
                    | "slogan"
            )
    });
    if starts_cap && introduced {
        return true;
    }
    // A short title-cased phrase (`Safe Migration Week`) in running text, or a
    // title-cased name in a headline that has no speech verb.
    let title_case = words
        .iter()
        .filter(|w| w.chars().count() > 3 && w.chars().any(char::is_alphabetic))
        .all(|w| is_cap(w));
    if q.unit == 0 {
        let said = tokenize(text)
            .iter()
            .any(|t| t.word && is_speech_verb(t.text));
        return title_case && !said;
    }
    words.len() <= 5 && title_case
}

/// At most `max` bytes of `text` before byte `at` (cut at a character boundary),
/// with the offset where that window starts: keeps look-behinds linear on huge pages.
pub(crate) fn window_before(text: &str, at: usize, max: usize) -> (usize, &str) {
    let at = at.min(text.len());
    let mut from = at.saturating_sub(max);
    while from < at && !text.is_char_boundary(from) {
        from += 1;
    }
    (from, text.get(from..at).unwrap_or(""))
}

/// Whether a unit is quotation and little else (at most three words outside marks).
pub(crate) fn is_all_quotation(units: &[&str], found: &[Found], unit: usize) -> bool {
    let text = units.get(unit).copied().unwrap_or("");
    let mut covered: Vec<(usize, usize)> = Vec::new();
    for f in found {
        if f.unit == unit {
            let from = if f.first_unit == unit {
                f.first_start
            } else {
                f.start
            };
            covered.push((from, f.end));
        } else if f.first_unit == unit {
            covered.push((f.first_start, text.len()));
        }
    }
    covered.sort_unstable();
    let mut words = 0;
    let mut at = 0;
    for (a, b) in covered {
        if a > at {
            words += text.get(at..a).map_or(0, |s| s.split_whitespace().count());
        }
        at = at.max(b);
    }
    words += text.get(at..).map_or(0, |s| s.split_whitespace().count());
    words <= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(String, bool)> {
        scan(text)
            .iter()
            .map(|s| (text[s.text_start..s.text_end].to_string(), s.closed))
            .collect()
    }

    #[test]
    fn marks_of_every_style() {
        assert_eq!(texts("“A b c,” he said."), [("A b c,".to_string(), true)]);
        assert_eq!(texts("\"A b c,” he said."), [("A b c,".to_string(), true)]);
        assert_eq!(
            texts("« A b c », a-t-il dit."),
            [(" A b c ".to_string(), true)]
        );
        assert_eq!(
            texts("willingness 'to consider accession to IOM'. Next"),
            [("to consider accession to IOM".to_string(), true)]
        );
        assert_eq!(texts("IOM’s and women's and migrants’ rights"), []);
        assert_eq!(
            texts("the need “to ensure no one is left behind"),
            [("to ensure no one is left behind".to_string(), false)]
        );
    }

    #[test]
    fn quotation_runs_over_paragraphs() {
        let units = [
            "",
            "He said: “First part of the speech.",
            "“Second part,” he added.",
            "After.",
        ];
        let spans: Vec<Vec<Span>> = units.iter().map(|u| scan(u)).collect();
        let found = assemble(&units, &spans);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "First part of the speech. Second part");
        assert_eq!((found[0].first_unit, found[0].unit), (1, 2));
    }

    #[test]
    fn window_before_respects_char_boundaries() {
        assert_eq!(window_before("aé“b", 6, 4), (3, "“"));
        assert_eq!(window_before("abc", 10, 2), (1, "bc"));
    }

    #[test]
    fn a_partial_quote_left_open_does_not_run_on() {
        let units = [
            "",
            "the need “to ensure no one is left behind",
            "“We must,” she said.",
        ];
        let spans: Vec<Vec<Span>> = units.iter().map(|u| scan(u)).collect();
        let found = assemble(&units, &spans);
        assert_eq!(found.len(), 2);
    }
}
