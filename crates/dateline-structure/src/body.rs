//! Body cleanup: markup debris, separators, hard-wrapped lines joined back into
//! paragraphs, and the boilerplate that is not the release (the "About X" paragraph,
//! notes to editors, forward-looking-statement disclaimers).

use std::sync::LazyLock;

use regex::Regex;
use regex::bytes::Regex as BytesRegex;

/// Attribute debris a broken HTML-to-text conversion leaves (`"mailto:a@b.org" target="_blank" title=`, `"">`).
///
/// A byte regex with ASCII classes: bounded repetitions of Unicode classes cost tens of
/// milliseconds to compile. Every match ends on an ASCII byte (or the line end), so the
/// text around a match stays valid UTF-8.
static DEBRIS: LazyLock<BytesRegex> = LazyLock::new(|| {
    BytesRegex::new(concat!(
        r#"(?i-u)"?mailto:[^\s"<>]*"?"#,
        r#"|\b(?:target|title|href|rel|class|style|alt|id)=(?:"[^"]{0,200}"|'[^']{0,200}'|[^\s>]*)"#,
        r#"|""?>"#,
        r#"|</?[a-zA-Z][a-zA-Z0-9]{0,10}(?:\s[^<>]{0,300})?/?>"#,
        r#"|&(?:nbsp|amp|quot|lt|gt|#\d{1,6});"#,
        r#"|\b(?:strong|span|div|font|em)>|(?:^|\s)b\]"#,
    ))
    .expect("static regex")
});

/// A lower-case word run into the next sentence (`partners.With 169`).
static RUN_TOGETHER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([a-z]{3})\.([A-Z][a-z]{1,15}(?-u:\b))").expect("static regex"));

/// Markdown left in wire copy: images, links, emphasis (a byte regex, as [`DEBRIS`]).
static MARKDOWN: LazyLock<BytesRegex> = LazyLock::new(|| {
    BytesRegex::new(
        r"(?-u)!\[[^\]]{0,300}\]\([^)\s]{0,2000}\)|\[([^\]]{0,300})\]\([^)\s]{0,2000}\)|\*\*|__",
    )
    .expect("static regex")
});

/// `mailto`, searched in every line (a searcher built once).
static MAILTO: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("mailto"));

/// Text back from a byte-regex replacement (matches end on ASCII bytes, so this is lossless).
fn from_bytes(bytes: std::borrow::Cow<'_, [u8]>) -> String {
    match String::from_utf8(bytes.into_owned()) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

/// One line of page text made clean: markup debris out, entities decoded, whitespace
/// collapsed, sentences run together split (`partners.With` -> `partners. With`).
pub(crate) fn clean_line(line: &str) -> String {
    // Cheap byte tests first: most lines hold no markup at all.
    let bytes = line.as_bytes();
    let pair = |first: u8, second: u8| {
        memchr::memchr_iter(first, bytes).any(|i| bytes.get(i + 1) == Some(&second))
    };
    let line: std::borrow::Cow<'_, str> =
        if pair(b']', b'(') || pair(b'*', b'*') || pair(b'_', b'_') {
            from_bytes(
                MARKDOWN.replace_all(line.as_bytes(), |c: &regex::bytes::Captures<'_>| {
                    c.get(1).map_or(Vec::new(), |m| m.as_bytes().to_vec())
                }),
            )
            .into()
        } else {
            line.into()
        };
    let bytes = line.as_bytes();
    let markup = memchr::memchr3(b'<', b'>', b'&', bytes).is_some()
        || memchr::memchr(b'=', bytes).is_some()
        || MAILTO.find(bytes).is_some()
        || memchr::memchr_iter(b']', bytes).any(|i| i > 0 && bytes.get(i - 1) == Some(&b'b'));
    let line: std::borrow::Cow<'_, str> = if !markup {
        line
    } else {
        from_bytes(
            DEBRIS.replace_all(line.as_bytes(), |c: &regex::bytes::Captures<'_>| {
                match c.get(0).map(|m| m.as_bytes()) {
                    Some(b"&amp;") => "&",
                    Some(b"&quot;") => "\"",
                    Some(b"&lt;") | Some(b"&gt;") => "",
                    _ => " ",
                }
                .as_bytes()
                .to_vec()
            }),
        )
        .into()
    };
    // A sentence run into the next (`said.The`) needs a dot before a capital letter.
    let bytes = line.as_bytes();
    let run_together = memchr::memchr_iter(b'.', bytes)
        .any(|i| bytes.get(i + 1).is_some_and(u8::is_ascii_uppercase));
    if !run_together {
        return collapse_spaces(&line);
    }
    let line = RUN_TOGETHER.replace_all(&line, |c: &regex::Captures<'_>| {
        let word = c.get(2).map_or("", |m| m.as_str());
        // `iom.Int` or `example.Com` are not sentences.
        if matches!(word, "Com" | "Org" | "Net" | "Int" | "Io" | "Ai" | "Co") {
            c.get(0).map_or(String::new(), |m| m.as_str().to_string())
        } else {
            format!("{}. {}", c.get(1).map_or("", |m| m.as_str()), word)
        }
    });
    collapse_spaces(&line)
}

/// Whether `bytes` may hold whitespace beyond ASCII (`char::is_whitespace`: U+0085,
/// U+00A0, U+1680, U+2000 to U+200A, U+2028, U+2029, U+202F, U+205F, U+3000): their
/// UTF-8 starts with 0xC2, 0xE1, 0xE2 or 0xE3; after 0xE2 only `80 80..=8A`, `80 A8`,
/// `80 A9`, `80 AF` and `81 9F` are spaces (curly quotes and dashes are not).
fn may_hold_unicode_space(bytes: &[u8]) -> bool {
    memchr::memchr3(0xC2, 0xE1, 0xE3, bytes).is_some()
        || memchr::memchr_iter(0xE2, bytes).any(|i| {
            matches!(
                (bytes.get(i + 1), bytes.get(i + 2)),
                (Some(0x80), Some(0x80..=0x8A | 0xA8 | 0xA9 | 0xAF)) | (Some(0x81), Some(0x9F))
            )
        })
}

/// Two spaces in a row, searched in every line (a searcher built once).
static DOUBLE_SPACE: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("  "));

/// Whitespace runs collapsed to one space, trimmed.
fn collapse_spaces(line: &str) -> String {
    // Most lines have single spaces between words: nothing to collapse. Whole-line
    // searches tell (no leading, trailing or doubled space, no other whitespace) faster
    // than a loop over the bytes.
    let bytes = line.as_bytes();
    let simple = bytes.first().is_some_and(|&b| b != b' ')
        && bytes.last().is_some_and(|&b| b != b' ')
        && DOUBLE_SPACE.find(bytes).is_none()
        // `\t` to `\r`.
        && memchr::memchr3(b'\t', b'\n', b'\r', bytes).is_none()
        && memchr::memchr2(0x0b, 0x0c, bytes).is_none()
        && !may_hold_unicode_space(bytes);
    if simple {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    for word in line.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The paragraphs of a block whose paragraphs are separated by runs of two or more
/// spaces, or by line breaks (a block given with its layout left in).
pub(crate) fn split_spaced(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for line in text.split('\n') {
        let bytes = line.as_bytes();
        if memchr::memmem::find(bytes, b"  ").is_none() {
            // No run of spaces: the usual line, whole.
            if !line.trim().is_empty() {
                out.push(line);
            }
            continue;
        }
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] != b' ' {
                i += 1;
                continue;
            }
            let run_start = i;
            while i < bytes.len() && bytes[i] == b' ' {
                i += 1;
            }
            let run = i - run_start;
            // Three spaces always split; two only after the end of a sentence or a heading word.
            let before = line.get(..run_start).and_then(|b| b.chars().last());
            let after_sentence = before.is_some_and(|c| {
                matches!(
                    c,
                    '.' | '!' | '?' | ':' | '"' | '”' | ')' | '\'' | '/' | '®' | '™'
                )
            }) || line.get(i..).is_some_and(|rest| rest.starts_with("About "));
            let heading_before = run == 2
                && line
                    .get(start..run_start)
                    .is_some_and(|seg| seg.len() <= 80 && seg.starts_with("About "));
            if run >= 3 || (run == 2 && (after_sentence || heading_before)) {
                if let Some(seg) = line.get(start..run_start)
                    && !seg.trim().is_empty()
                {
                    out.push(seg);
                }
                start = i;
            }
        }
        if let Some(seg) = line.get(start..)
            && !seg.trim().is_empty()
        {
            out.push(seg);
        }
    }
    out
}

/// A line that only separates parts of the page (`***`, `* * *`, `---`, `###`, `-30-`).
pub(crate) fn is_separator(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() {
        return true;
    }
    if matches!(t, "-30-" | "- 30 -" | "-###-" | "ENDS" | "END" | "- ENDS -") {
        return true;
    }
    t.chars().all(|c| {
        matches!(
            c,
            '*' | '-' | '#' | '_' | '=' | '~' | '•' | '●' | ' ' | '—' | '–'
        )
    })
}

/// A wire's own marker line (`--News Direct--`).
pub(crate) fn is_wire_marker(line: &str) -> bool {
    let t = line.trim();
    t.len() < 40 && t.starts_with("--") && t.ends_with("--") && t.len() > 4
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Joins hard-wrapped lines back into paragraphs.
///
/// Text wrapped at a fixed width has most of its lines just under that width; a line
/// ends a paragraph when the next line's first word would have fitted after it and the
/// line closes a sentence (or is much shorter than the width). Lines of unwrapped text
/// (most longer than any wrap width) pass through unchanged.
pub(crate) fn join_wrapped(lines: Vec<String>) -> Vec<String> {
    let lens: Vec<usize> = lines.iter().map(|l| char_len(l)).collect();
    let width = lens
        .iter()
        .copied()
        .filter(|&n| n <= 100)
        .max()
        .unwrap_or(0);
    let near = lens
        .iter()
        .filter(|&&n| width > 0 && n * 4 >= width * 3 && n <= width)
        .count();
    let prose = lens.iter().filter(|&&n| n >= 20).count();
    let wrapped = width >= 40 && near >= 4 && near * 2 >= prose;
    if !wrapped {
        return lines;
    }
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for (k, line) in lines.iter().enumerate() {
        if current.is_empty() {
            current.push_str(line);
        } else {
            current.push(' ');
            current.push_str(line);
        }
        let Some(next) = lines.get(k + 1) else {
            break;
        };
        let len = lens.get(k).copied().unwrap_or(0);
        let next_word = next.split_whitespace().next().map_or(0, char_len);
        let fits = len + 1 + next_word <= width;
        let closes = line
            .trim_end()
            .ends_with(['.', '!', '?', ':', '”', '"', '»', ')'])
            || line.trim_end().ends_with(".’");
        let short = len * 10 < width * 6;
        let starts_item = next.starts_with(['-', '*', '•', '●']);
        if (fits && (closes || short)) || starts_item || len > width {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// What a paragraph near the end of a release is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Boiler {
    /// An `About X` heading: the paragraphs under it describe the organization.
    AboutHeading,
    /// `About X: X is ...` in one paragraph, or `Established in 1951, IOM is ...`.
    AboutInline,
    /// `Notes to editors` heading.
    NotesHeading,
    /// A forward-looking-statement or safe-harbor heading.
    DisclaimerHeading,
    /// A disclaimer paragraph on its own.
    Disclaimer,
}

static ABOUT_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:About|ABOUT|À propos d[eu']\s?|Acerca de|Sobre|О компании)\s*(?:the\s+|The\s+)?\p{Lu}[^!?]{0,80}$")
        .expect("static regex")
});
static ABOUT_INLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:About [\p{Lu}][^:()]{0,80}:\s+\S|(?:Established|Founded|Created) in (?:1[89]|20)\d\d, (?:the )?[\p{Lu}])")
        .expect("static regex")
});
static NOTES_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:notes? (?:to|for) (?:the )?editors?|editor'?s'? notes?|background)\s*:?$")
        .expect("static regex")
});
static DISCLAIMER_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:cautionary (?:note|statement|language)[^.]{0,60}|forward[- ]looking (?:statements?|information)[^.]{0,60}|safe harbor[^.]{0,60}|disclaimer|legal disclaimer|special note regarding forward-looking statements)\s*:?$")
        .expect("static regex")
});
static DISCLAIMER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:this|the) (?:press|news) release (?:contains|may contain|includes)[^.]{0,80}forward[- ]looking|(?:certain )?statements (?:contained )?in this (?:press|news) release[^.]{0,120}forward[- ]looking|forward[- ]looking statements?:|safe harbor statement:|(?:legal )?disclaimer:)")
        .expect("static regex")
});

/// `About OV9 Infinity Limited OV9 Infinity Limited is ...`: a heading run into its text,
/// told by the name coming back within the next words. Returns where the text starts.
pub(crate) fn about_name_repeated(p: &str) -> Option<usize> {
    let rest = p.strip_prefix("About ")?;
    let words: Vec<(usize, &str)> = rest
        .split(' ')
        .scan(0usize, |pos, w| {
            let start = *pos;
            *pos += w.len() + 1;
            Some((start, w))
        })
        .take(16)
        .collect();
    let first = words
        .first()?
        .1
        .trim_matches(|c: char| !c.is_alphanumeric());
    if first.is_empty() || !first.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    // The heading is 1-8 words; the text repeats the name's first word within 3 words.
    for (k, (start, w)) in words.iter().enumerate().skip(1).take(8) {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        if bare == first {
            let text_start = match words.get(k - 1) {
                Some((prev_start, "At" | "The")) if k >= 2 => *prev_start,
                _ => *start,
            };
            return Some("About ".len() + text_start);
        }
    }
    None
}

/// What kind of boilerplate a paragraph opens, if any.
pub(crate) fn boilerplate(paragraph: &str) -> Option<Boiler> {
    let p = paragraph.trim();
    if p.len() <= 100 && p.split_whitespace().count() <= 8 && ABOUT_HEADING.is_match(p) {
        return Some(Boiler::AboutHeading);
    }
    if ABOUT_INLINE.is_match(p) || about_name_repeated(p).is_some() {
        return Some(Boiler::AboutInline);
    }
    if p.len() <= 40 && NOTES_HEADING.is_match(p) {
        return Some(Boiler::NotesHeading);
    }
    if p.len() <= 120 && DISCLAIMER_HEADING.is_match(p) {
        return Some(Boiler::DisclaimerHeading);
    }
    if DISCLAIMER.is_match(p) {
        return Some(Boiler::Disclaimer);
    }
    None
}

/// The paragraphs split into release body, about text and dropped disclaimers.
#[derive(Debug, Default)]
pub(crate) struct Sections {
    /// The release text.
    pub(crate) body: Vec<String>,
    /// The organization's boilerplate paragraphs.
    pub(crate) about: Vec<String>,
    /// The rule that found the about text.
    pub(crate) about_rule: Option<&'static str>,
    /// The about text's first paragraph as found.
    pub(crate) about_span: Option<String>,
}

/// Splits paragraphs into body, about and disclaimers. Sections under a heading run to the
/// next heading that is not their own kind.
pub(crate) fn sections(paragraphs: Vec<String>, title: Option<&str>) -> Sections {
    #[derive(PartialEq)]
    enum Mode {
        Body,
        About,
        Disclaimer,
    }
    let mut out = Sections::default();
    let mut mode = Mode::Body;
    let n = paragraphs.len();
    for (k, p) in paragraphs.into_iter().enumerate() {
        // Boilerplate is never the first paragraph of a release.
        let kind = if k == 0 { None } else { boilerplate(&p) };
        match kind {
            // An `About ...` heading that repeats the title is the page's own headline
            // (a blog's "About Ask The Post"), not the organization's closing section.
            Some(Boiler::AboutHeading)
                if title.is_some_and(|t| t.trim().eq_ignore_ascii_case(p.trim())) => {}
            Some(Boiler::AboutHeading) | Some(Boiler::NotesHeading) => {
                mode = Mode::About;
                if out.about_rule.is_none() {
                    out.about_rule = Some(if kind == Some(Boiler::AboutHeading) {
                        "about:heading"
                    } else {
                        "about:notes-to-editors"
                    });
                }
                continue;
            }
            // `Established in 1951, IOM is ...` only counts in the closing part of a release.
            Some(Boiler::AboutInline) if p.starts_with("About ") || k * 2 >= n => {
                if out.about_rule.is_none() {
                    out.about_rule = Some("about:inline");
                    out.about_span = Some(p.clone());
                }
                let text = if let Some(at) =
                    about_name_repeated(&p).filter(|_| !ABOUT_INLINE.is_match(&p))
                {
                    p.get(at..).unwrap_or("").trim().to_string()
                } else {
                    match p.strip_prefix("About ").and_then(|r| r.split_once(':')) {
                        Some((_, rest)) => rest.trim().to_string(),
                        None => p,
                    }
                };
                out.about.push(text);
                mode = Mode::About;
                continue;
            }
            Some(Boiler::AboutInline) => {}
            Some(Boiler::DisclaimerHeading) | Some(Boiler::Disclaimer) => {
                mode = Mode::Disclaimer;
                continue;
            }
            None => {}
        }
        match mode {
            Mode::Body => out.body.push(p),
            Mode::About => {
                if out.about_span.is_none() {
                    out.about_span = Some(p.clone());
                }
                out.about.push(p);
            }
            Mode::Disclaimer => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines or paragraphs as [`join_wrapped`] and [`sections`] take them.
    fn owned(paragraphs: &[&str]) -> Vec<String> {
        paragraphs.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn removes_markup_debris() {
        assert_eq!(
            clean_line(r#""mailto:jpandya@iom.int" target="_blank" title="#),
            ""
        );
        assert_eq!(clean_line(r#""">jpandya@iom.int"#), "jpandya@iom.int");
        assert_eq!(clean_line("a <b>bold</b> &amp; move"), "a bold & move");
        assert_eq!(
            clean_line("partners.With 169 member states"),
            "partners. With 169 member states"
        );
        assert_eq!(clean_line("visit iom.int today"), "visit iom.int today");
        assert_eq!(
            clean_line("see [the site](https://x.example/a) and ![](https://x/i.png) **now**"),
            "see the site and now"
        );
    }

    #[test]
    fn collapses_whitespace_runs() {
        for (line, want) in [
            ("a b", "a b"),
            ("", ""),
            (" ", ""),
            (" a", "a"),
            ("a ", "a"),
            ("a  b", "a b"),
            ("a\tb", "a b"),
            ("a\x0bb\x0cc", "a b c"),
            ("a\u{a0}b", "a b"),
            ("a\u{2009}\u{3000}b", "a b"),
            ("“a” – b", "“a” – b"),
        ] {
            assert_eq!(collapse_spaces(line), want, "{line:?}");
        }
    }

    #[test]
    fn splits_paragraphs_run_together_with_spaces() {
        assert_eq!(
            split_spaced("One.  Two.   Three"),
            vec!["One.", "Two.", "Three"]
        );
        assert_eq!(
            split_spaced("CHICAGO, March  2 - Text"),
            vec!["CHICAGO, March  2 - Text"]
        );
        assert_eq!(
            split_spaced("About Bodaq Finishes  Bodaq is"),
            vec!["About Bodaq Finishes", "Bodaq is"]
        );
    }

    #[test]
    fn separators() {
        assert!(is_separator("***"));
        assert!(is_separator("* * *"));
        assert!(is_separator("###"));
        assert!(!is_separator("- Data and Research"));
        assert!(is_wire_marker("--News Direct--"));
    }

    #[test]
    fn joins_hard_wrapped_lines() {
        let lines = owned(&[
            "Ten years after reaching a cooperation agreement, IOM and UNFPA,",
            "the United Nations Population Fund, have endorsed an updated",
            "agreement to address current global challenges on migration issues.",
            "Signed in Geneva this week by UNFPA Executive Director Thoraya",
            "Ahmed Obaid and IOM Director-General Brunson McKinley, the",
            "migrant girls and women.",
            "The agreement supports the development of policies and regulations",
            "and promoting increased international dialogue.",
        ]);
        let joined = join_wrapped(lines);
        assert_eq!(joined.len(), 2, "{joined:#?}");
        assert!(joined[0].ends_with("migrant girls and women."));
    }

    #[test]
    fn leaves_unwrapped_lines_alone() {
        let lines: Vec<String> = vec!["a".repeat(300), "b".repeat(250), "short".into()];
        assert_eq!(join_wrapped(lines).len(), 3);
    }

    #[test]
    fn finds_about_sections() {
        let ps = owned(&[
            "GENEVA – Body one.",
            "Body two.",
            "About Acme Inc.",
            "Acme is a maker of things.",
            "Forward-Looking Statements",
            "This release contains forward-looking statements.",
        ]);
        let s = sections(ps, None);
        assert_eq!(s.body.len(), 2);
        assert_eq!(s.about, vec!["Acme is a maker of things.".to_string()]);
        let ps = owned(&[
            "Body.",
            "More.",
            "Established in 1951, IOM is the leading agency.",
        ]);
        let s = sections(ps, None);
        assert_eq!(s.about_rule, Some("about:inline"));
        assert_eq!(s.body.len(), 2);
        let p = "About OV9 Infinity Limited OV9 Infinity Limited is a trading company.";
        assert_eq!(
            &p[about_name_repeated(p).unwrap()..],
            "OV9 Infinity Limited is a trading company."
        );
        let p = "About Coconut Software At Coconut Software, we believe";
        assert_eq!(
            &p[about_name_repeated(p).unwrap()..],
            "At Coconut Software, we believe"
        );
        assert_eq!(about_name_repeated("About 200 people came"), None);
    }

    #[test]
    fn an_about_heading_that_is_the_title_is_not_the_about_section() {
        let ps = owned(&[
            "By the editors",
            "About Ask The Post",
            "Welcome to the blog.",
        ]);
        let s = sections(ps, Some("About Ask The Post"));
        assert_eq!(s.body.len(), 3);
        assert!(s.about.is_empty());
    }
}
