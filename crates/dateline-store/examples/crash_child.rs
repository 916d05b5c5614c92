//! Ingests a deterministic stream of generated releases into an archive; the crash
//! test (`tests/it/crash.rs`) runs this and kills it with SIGKILL at random moments.
//!
//! ```text
//! cargo run -p dateline-store --example crash_child -- DIR [COUNT] [BATCH]
//! ```

use dateline_store::{Archive, ArchiveOptions, IngestSummary, SourceInfo};
use dateline_types::{Evidence, PartialDate, Quote, Release, SourceRef};

const WORDS: &[&str] = &[
    "migrants",
    "government",
    "agreement",
    "support",
    "refugees",
    "health",
    "border",
    "return",
    "labour",
    "protection",
    "families",
    "regional",
    "office",
    "funding",
    "shelter",
    "water",
    "flood",
    "training",
    "partners",
    "community",
    "children",
    "data",
    "rights",
];

/// Release `i` of the stream: mostly distinct stories, some near duplicates of the
/// previous one on another site, some changed pages at an earlier URL.
fn release(i: u64) -> Release {
    let story = if i % 7 == 6 { i - 1 } else { i };
    let mut body = String::new();
    let mut x = story.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    for p in 0..4 {
        for w in 0..30 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            body.push_str(WORDS[(x % WORDS.len() as u64) as usize]);
            body.push(if w == 29 { '.' } else { ' ' });
        }
        body.push_str(&format!(" Story {story} paragraph {p}.\n\n"));
    }
    let mut url = format!("https://site{}.example/news/{i}", i % 3);
    if i % 7 == 6 {
        body = format!("Menu Home News\n\n{body}");
    }
    if i % 11 == 10 {
        // A recrawl of an earlier page whose text changed.
        url = format!("https://site{}.example/news/{}", (i - 3) % 3, i - 3);
        body = body.replace("paragraph 2", "paragraph two, corrected");
    }
    Release {
        source: format!("gen/{i}.txt"),
        url: Some(url),
        title: Some(format!("Generated release {i}")),
        published: PartialDate::ymd(
            2018 + (i % 6) as i32,
            1 + (i % 12) as u8,
            1 + (i % 28) as u8,
        ),
        lang: Some("en".into()),
        countries: vec![["UZ", "KZ", "TM"][(i % 3) as usize].to_string()],
        quotes: vec![Quote {
            text: format!("We said thing number {i}"),
            speaker: Some(format!("Speaker {}", i % 5)),
            speaker_role: None,
            evidence: Evidence::default(),
        }],
        body,
        ..Release::default()
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = args
        .next()
        .ok_or("usage: crash_child DIR [COUNT] [BATCH]")?;
    let count: u64 = args.next().map_or(Ok(300), |s| s.parse())?;
    let batch: usize = args.next().map_or(Ok(25), |s| s.parse())?;
    let mut archive = Archive::open_with(
        &dir,
        ArchiveOptions {
            batch_size: batch,
            index_memory: 16 << 20,
            ..ArchiveOptions::default()
        },
    )?;
    let mut summary = IngestSummary::default();
    for i in 0..count {
        let r = release(i);
        let source = SourceInfo::new(SourceRef::file(r.source.clone()), r.body.as_bytes());
        summary.pages_read += 1;
        summary.record(&archive.ingest(&r, &source)?);
    }
    archive.flush()?;
    println!("{}", serde_json::to_string(&summary)?);
    Ok(())
}
