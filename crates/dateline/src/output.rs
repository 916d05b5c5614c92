//! Writing releases to stdout as text, Markdown, JSON or JSON Lines.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use clap::ValueEnum;
use dateline_types::{Article, BlockKind, Dateline, Evidence, PartialDate, Release, Site};

/// How `extract` prints each page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Title, then the body; pages separated by a `==> source <==` line.
    #[default]
    Text,
    /// Title, date and dateline, body with headings, lists and quotations marked up.
    Markdown,
    /// One JSON array of records, pretty-printed.
    Json,
    /// One JSON record per line.
    Jsonl,
}

/// Writes records in one format, in order, to a writer.
pub struct RecordWriter<W: Write> {
    out: W,
    format: Format,
    headers: bool,
    analysis: bool,
    written: u64,
}

/// A release without the analysis lists, as JSON records show it under `--no-analysis`:
/// the keys are absent rather than empty, since an empty list would claim that nothing
/// was found.
#[derive(serde::Serialize)]
struct RecordWithoutAnalysis<'a> {
    source: &'a str,
    url: &'a Option<String>,
    crawled: &'a Option<String>,
    title: &'a Option<String>,
    subtitle: &'a Option<String>,
    published: &'a Option<PartialDate>,
    author: &'a [String],
    site: &'a Option<Site>,
    lang: &'a Option<String>,
    dateline: &'a Option<Dateline>,
    body: &'a str,
    about: &'a Option<String>,
    evidence: &'a BTreeMap<String, Evidence>,
}

impl<'a> From<&'a Release> for RecordWithoutAnalysis<'a> {
    fn from(r: &'a Release) -> Self {
        RecordWithoutAnalysis {
            source: &r.source,
            url: &r.url,
            crawled: &r.crawled,
            title: &r.title,
            subtitle: &r.subtitle,
            published: &r.published,
            author: &r.author,
            site: &r.site,
            lang: &r.lang,
            dateline: &r.dateline,
            body: &r.body,
            about: &r.about,
            evidence: &r.evidence,
        }
    }
}

impl<W: Write> RecordWriter<W> {
    /// A writer; `headers` puts a `==> source <==` line before each page in text and
    /// Markdown output (when several pages may come).
    pub fn new(out: W, format: Format, headers: bool) -> Self {
        RecordWriter {
            out,
            format,
            headers,
            analysis: true,
            written: 0,
        }
    }

    /// Whether JSON records carry the analysis lists (quotes, contacts, people,
    /// organizations, countries); on by default.
    pub fn analysis(mut self, analysis: bool) -> Self {
        self.analysis = analysis;
        self
    }

    /// Writes one record.
    pub fn write(&mut self, article: &Article, release: &Release) -> std::io::Result<()> {
        match self.format {
            Format::Jsonl => {
                if self.analysis {
                    serde_json::to_writer(&mut self.out, release)?;
                } else {
                    serde_json::to_writer(&mut self.out, &RecordWithoutAnalysis::from(release))?;
                }
                self.out.write_all(b"\n")?;
            }
            Format::Json => {
                self.out
                    .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
                if self.analysis {
                    serde_json::to_writer_pretty(&mut self.out, release)?;
                } else {
                    serde_json::to_writer_pretty(
                        &mut self.out,
                        &RecordWithoutAnalysis::from(release),
                    )?;
                }
            }
            Format::Text | Format::Markdown => {
                if self.written > 0 {
                    self.out.write_all(b"\n")?;
                }
                if self.headers {
                    writeln!(self.out, "==> {} <==", release.source)?;
                }
                let text = if self.format == Format::Text {
                    render_text(release)
                } else {
                    render_markdown(article, release)
                };
                self.out.write_all(text.as_bytes())?;
            }
        }
        self.written += 1;
        Ok(())
    }

    /// Closes the output (the JSON array's bracket) and flushes it.
    pub fn finish(mut self) -> std::io::Result<()> {
        if self.format == Format::Json {
            self.out
                .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
        self.out.flush()
    }
}

/// Title, blank line, body.
pub fn render_text(release: &Release) -> String {
    let mut s = String::new();
    if let Some(title) = &release.title {
        s.push_str(title);
        s.push_str("\n\n");
    }
    if let Some(subtitle) = &release.subtitle {
        s.push_str(subtitle);
        s.push_str("\n\n");
    }
    s.push_str(&release.body);
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// Markdown: `# title`, a line with date and dateline, the body with the block kinds the
/// extractor saw (headings, list items, quotations), and the about paragraph.
pub fn render_markdown(article: &Article, release: &Release) -> String {
    let kinds: HashMap<&str, BlockKind> = article
        .blocks
        .iter()
        .map(|b| (b.text.as_str(), b.kind))
        .collect();
    let mut s = String::new();
    if let Some(title) = &release.title {
        s.push_str(&format!("# {}\n\n", escape_md_line(title)));
    }
    if let Some(subtitle) = &release.subtitle {
        s.push_str(&format!("*{}*\n\n", escape_md_line(subtitle)));
    }
    let mut meta = Vec::new();
    if let Some(d) = &release.published {
        meta.push(d.to_string());
    }
    if let Some(dl) = &release.dateline {
        meta.push(match &dl.country {
            Some(c) => format!("{} ({c})", dl.place),
            None => dl.place.clone(),
        });
    }
    if let Some(url) = &release.url {
        meta.push(format!("<{url}>"));
    }
    if !meta.is_empty() {
        s.push_str(&format!("_{}_\n\n", meta.join(" · ")));
    }
    for para in release.body.split("\n\n").filter(|p| !p.is_empty()) {
        let line = escape_md_line(para);
        match kinds.get(para) {
            Some(BlockKind::Heading(level)) => {
                let hashes = "#".repeat(usize::from((*level).clamp(2, 6)));
                s.push_str(&format!("{hashes} {line}\n\n"));
            }
            Some(BlockKind::ListItem) => s.push_str(&format!("- {line}\n\n")),
            Some(BlockKind::Quote) => s.push_str(&format!("> {line}\n\n")),
            Some(BlockKind::Preformatted) => s.push_str(&format!("```\n{para}\n```\n\n")),
            _ => s.push_str(&format!("{line}\n\n")),
        }
    }
    if let Some(about) = &release.about {
        s.push_str(&format!("---\n\n{}\n", escape_md_line(about)));
    }
    while s.ends_with("\n\n") {
        s.pop();
    }
    s
}

/// Keeps a paragraph from being read as Markdown structure it does not have
/// (a leading `#`, `>`, `-`, or a number followed by a dot).
fn escape_md_line(text: &str) -> String {
    let trimmed = text.trim_start();
    let starts_structural = trimmed.starts_with(['#', '>', '-', '+', '*', '='])
        || trimmed
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    let text = text.replace('<', "&lt;");
    if starts_structural {
        format!("\\{text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn release() -> Release {
        Release {
            source: "a.html".into(),
            title: Some("A title".into()),
            body: "First.\n\nSecond.".into(),
            ..Release::default()
        }
    }

    #[test]
    fn json_output_is_one_array() {
        let mut buf = Vec::new();
        let mut w = RecordWriter::new(&mut buf, Format::Json, false);
        w.write(&Article::default(), &release()).unwrap();
        w.write(&Article::default(), &release()).unwrap();
        w.finish().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(v.as_array().map(Vec::len), Some(2));
    }

    #[test]
    fn empty_json_output_is_an_empty_array() {
        let mut buf = Vec::new();
        RecordWriter::new(&mut buf, Format::Json, false)
            .finish()
            .unwrap();
        assert_eq!(buf, b"[]\n");
    }

    #[test]
    fn markdown_escapes_page_text() {
        let mut r = release();
        r.body = "# not a heading\n\n<script>x</script>".into();
        let md = render_markdown(&Article::default(), &r);
        assert!(md.contains("\\# not a heading"));
        assert!(md.contains("&lt;script>"));
    }
}
