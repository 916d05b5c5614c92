//! `dateline extract` on every input kind and every kind of bad input.

use crate::support::*;

fn html_page() -> String {
    release_html("Agency opens centre for families on the move", PARAGRAPHS)
}

#[test]
fn help_describes_the_command() {
    let sb = Sandbox::new();
    let run = sb.run(&["extract", "--help"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn no_paths_is_a_usage_error() {
    let run = Sandbox::new().run(&["extract"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("PATHS"), "{}", run.stderr);
}

#[test]
fn html_file_to_every_format() {
    let sb = Sandbox::new();
    sb.write("page.html", html_page());
    let run = sb.run(&["extract", "--format", "jsonl", "page.html"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let records = run.records();
    assert_eq!(records.len(), 1);
    let r = &records[0];
    for field in [
        "source",
        "url",
        "title",
        "published",
        "author",
        "site",
        "lang",
        "body",
    ] {
        assert!(r.get(field).is_some(), "record lacks `{field}`: {r}");
    }
    assert_eq!(r["source"], "page.html");
    let body = r["body"].as_str().unwrap_or_default();
    assert!(body.contains("opened a new centre"), "{body}");
    assert!(
        !body.contains("All rights reserved"),
        "footer leaked: {body}"
    );
    assert_eq!(run.stderr.trim_end(), "1 page extracted, 0 skipped");

    let text = sb.run(&["extract", "page.html"]);
    assert_eq!(text.code, 0);
    assert!(text.stdout.contains("opened a new centre"));
    assert!(!text.stdout.contains("==>"), "one page needs no header");

    let md = sb.run(&["extract", "--format", "markdown", "page.html"]);
    assert!(md.stdout.starts_with("# "), "{}", md.stdout);

    let json = sb.run(&["extract", "--format", "json", "page.html"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("valid JSON");
    assert_eq!(v.as_array().map(Vec::len), Some(1));
}

#[test]
fn no_analysis_leaves_out_the_lists_and_nothing_else() {
    let sb = Sandbox::new();
    sb.write("page.html", html_page());
    let lists = ["quotes", "contacts", "people", "organizations", "countries"];
    let full = sb
        .run(&["extract", "--format", "jsonl", "page.html"])
        .records();
    let light = sb
        .run(&["extract", "--format", "jsonl", "--no-analysis", "page.html"])
        .records();
    let (Some(full), Some(light)) = (full.first(), light.first()) else {
        panic!("one record each expected");
    };
    let mut full = full.as_object().cloned().unwrap_or_default();
    for key in lists {
        assert!(full.remove(key).is_some(), "the full record lacks `{key}`");
    }
    assert_eq!(&serde_json::Value::Object(full), light);
}

#[test]
fn gzipped_html_and_directories_in_input_order() {
    let sb = Sandbox::new();
    sb.write("crawl/b/two.html.gz", gzip(html_page().as_bytes()));
    sb.write("crawl/a/one.htm", html_page());
    sb.write("crawl/c/three.txt", "Menu\n- Home\n- News\nA headline for the text page\nThe body of the text page, a full sentence.\n");
    let run = sb.run(&["extract", "--format", "jsonl", "--jobs", "2", "crawl"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let sources: Vec<_> = run
        .records()
        .iter()
        .map(|r| r["source"].to_string())
        .collect();
    assert_eq!(
        sources,
        [
            "\"crawl/a/one.htm\"",
            "\"crawl/b/two.html.gz\"",
            "\"crawl/c/three.txt\""
        ]
    );
}

#[test]
fn warc_pages_with_metadata_and_skips_counted() {
    let sb = Sandbox::new();
    let mut warc = Vec::new();
    warc.extend(warc_record("warcinfo", "", &[], b"software: test\r\n"));
    warc.extend(warc_record(
        "request",
        "https://example.org/news/1",
        &[],
        b"GET /news/1 HTTP/1.1\r\n\r\n",
    ));
    warc.extend(warc_response(
        "https://example.org/news/1",
        "text/html; charset=utf-8",
        html_page().as_bytes(),
    ));
    warc.extend(warc_response(
        "https://example.org/logo.png",
        "image/png",
        b"\x89PNG\r\n\x1a\n",
    ));
    sb.write("crawl.warc", &warc);
    let mut gz = Vec::new();
    gz.extend(gzip(&warc_record(
        "request",
        "https://example.org/news/1",
        &[],
        b"GET / HTTP/1.1\r\n\r\n",
    )));
    gz.extend(gzip(&warc_response(
        "https://example.org/news/1",
        "text/html",
        html_page().as_bytes(),
    )));
    sb.write("crawl.warc.gz", &gz);

    for name in ["crawl.warc", "crawl.warc.gz"] {
        let run = sb.run(&["extract", "--format", "jsonl", name]);
        assert_eq!(run.code, 0, "{}", run.transcript());
        let records = run.records();
        assert_eq!(records.len(), 1, "{}", run.transcript());
        assert_eq!(records[0]["url"], "https://example.org/news/1");
        assert!(
            records[0]["source"]
                .as_str()
                .unwrap_or_default()
                .starts_with(&format!("{name}@"))
        );
        assert!(run.stderr.contains("1 page extracted"), "{}", run.stderr);
        assert!(
            !run.stderr.contains(" 0 skipped"),
            "skips must be counted: {}",
            run.stderr
        );
    }
}

#[test]
fn text_dumps_lose_menus_and_keep_the_article() {
    let sb = Sandbox::new();
    sb.write(
        "page.txt",
        "-\nWho we are\nWHO WE AREThe agency helps people.\nTake Action\nTake Action\n- Data\nA headline\nThe first sentence of the article.\n",
    );
    let run = sb.run(&["extract", "--format", "jsonl", "page.txt"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let r = &run.records()[0];
    assert_eq!(r["title"], "A headline");
    assert_eq!(r["body"], "The first sentence of the article.");
}

#[test]
fn json_lines_with_html_and_text() {
    let sb = Sandbox::new();
    let lines = [
        serde_json::json!({"url": "https://example.org/a", "html": html_page(), "date": "2021-03-12"}),
        serde_json::json!({"url": "https://example.org/b", "text": "Headline B\nBody of B, a sentence."}),
    ];
    let jsonl: String = lines.iter().map(|l| format!("{l}\n")).collect();
    sb.write("pages.jsonl", jsonl);
    let run = sb.run(&["extract", "--format", "jsonl", "pages.jsonl"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let records = run.records();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["url"], "https://example.org/a");
    assert_eq!(records[1]["title"], "Headline B");
    assert_eq!(records[1]["source"], "pages.jsonl:2");
}

#[test]
fn standard_input() {
    let sb = Sandbox::new();
    let run = sb.run_with_stdin(
        &["extract", "--format", "jsonl", "-"],
        html_page().as_bytes(),
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.records()[0]["source"], "-");
}

/// One bad input among good ones: one clear error line naming it, the good ones still
/// extracted, a summary that counts it, exit code 1.
fn assert_one_bad(name: &str, bytes: &[u8], says: &[&str]) {
    let sb = Sandbox::new();
    sb.write("good.html", html_page());
    sb.write(name, bytes);
    let run = sb.run(&["extract", "--format", "jsonl", "good.html", name]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(run.records().len(), 1, "{}", run.transcript());
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(errors.len(), 1, "{}", run.transcript());
    assert!(
        errors[0].contains(name),
        "the error names the input: {}",
        errors[0]
    );
    let lower = errors[0].to_lowercase();
    assert!(
        says.iter().any(|s| lower.contains(s)),
        "the error says what is wrong ({says:?}): {}",
        errors[0]
    );
    let summary = run.stderr.lines().last().unwrap_or_default();
    assert!(summary.starts_with("1 page extracted"), "{summary}");
    assert!(summary.contains("1 failed"), "{summary}");
}

#[test]
fn truncated_gzip() {
    let gz = gzip(html_page().as_bytes());
    assert_one_bad(
        "cut.html.gz",
        &gz[..gz.len() / 2],
        &["truncated", "gzip", "unexpected end"],
    );
}

#[test]
fn binary_junk() {
    let junk: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert_one_bad("junk.html", &junk, &["binary", "not a text", "not html"]);
}

#[test]
fn empty_file() {
    assert_one_bad("empty.html", b"", &["empty"]);
}

#[test]
fn broken_json_line() {
    assert_one_bad(
        "bad.jsonl",
        b"{\"url\": \"x\", \"html\": \n",
        &["json", "line"],
    );
}

#[test]
fn missing_path() {
    let sb = Sandbox::new();
    sb.write("good.html", html_page());
    let run = sb.run(&["extract", "good.html", "nowhere.html"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stderr.contains("nowhere.html"), "{}", run.stderr);
}

#[test]
fn invalid_utf8_and_wrong_charset_still_give_valid_utf8() {
    let sb = Sandbox::new();
    // windows-1252 bytes, declared as UTF-8.
    let page = html_page()
        .replace("dignity", "dignit\u{e9}")
        .replace("charset=\"utf-8\"", "charset=\"utf-8\"");
    let bytes: Vec<u8> = page
        .chars()
        .map(|c| {
            if c == '\u{e9}' {
                0xE9
            } else if c.is_ascii() {
                c as u8
            } else {
                b'?'
            }
        })
        .collect();
    sb.write("latin.html", bytes);
    let run = sb.run(&["extract", "--format", "jsonl", "latin.html"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.records().len(), 1);
}

#[test]
fn deep_nesting() {
    let sb = Sandbox::new();
    let depth = 10_000;
    let mut page = String::from("<html><body>");
    page.push_str(&"<div>".repeat(depth));
    page.push_str(&format!("<p>{}</p>", PARAGRAPHS[0]));
    page.push_str(&"</div>".repeat(depth));
    page.push_str("</body></html>");
    sb.write("deep.html", page);
    let run = sb.run(&["extract", "--format", "jsonl", "deep.html"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.records()[0]["body"]
            .as_str()
            .unwrap_or_default()
            .contains("new centre")
    );
}

#[test]
fn a_50_mb_page() {
    let sb = Sandbox::new();
    let para = format!("<p>{}</p>\n", PARAGRAPHS[0]);
    let mut page = String::from("<html><body><article>");
    while page.len() < 50 << 20 {
        page.push_str(&para);
    }
    page.push_str("</article></body></html>");
    sb.write("big.html", page);
    let run = sb.run(&["extract", "--format", "jsonl", "big.html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.lines().count(), 1);
    // Over the limit: a clear, counted error.
    let run = sb.run(&["extract", "--max-page-mib", "10", "big.html"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("big.html"), "{}", run.stderr);
}

#[test]
fn broken_warc_record_in_the_middle() {
    let sb = Sandbox::new();
    let mut warc = Vec::new();
    warc.extend(warc_response(
        "https://example.org/1",
        "text/html",
        html_page().as_bytes(),
    ));
    warc.extend(
        b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: banana\r\n\r\ngarbage\r\n\r\n",
    );
    warc.extend(warc_response(
        "https://example.org/2",
        "text/html",
        html_page().as_bytes(),
    ));
    sb.write("broken.warc", &warc);
    let run = sb.run(&["extract", "--format", "jsonl", "broken.warc"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let urls: Vec<_> = run.records().iter().map(|r| r["url"].to_string()).collect();
    assert_eq!(
        urls,
        ["\"https://example.org/1\"", "\"https://example.org/2\""]
    );
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(errors[0].contains("broken.warc@"), "{}", errors[0]);
}

#[test]
fn seeds_come_out_without_menus() {
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/seeds");
    if !std::path::Path::new(seeds).exists() {
        eprintln!("skipped: {seeds} is absent");
        return;
    }
    let sb = Sandbox::new();
    let run = sb.run(&["extract", "--format", "jsonl", seeds]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let records = run.records();
    assert_eq!(records.len(), 5);
    for r in &records {
        let body = r["body"].as_str().unwrap_or_default();
        for menu in ["Take Action", "Who we are", "2030 Agenda\n", "Our Work"] {
            assert!(
                !body.contains(menu),
                "menu line `{menu}` in {}",
                r["source"]
            );
        }
    }
    assert_eq!(records[2]["title"], "Uzbekistan may become a member to IOM");
}
