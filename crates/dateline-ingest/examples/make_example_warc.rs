//! Writes `examples/crawl.warc.gz` at the repository root from the example pages there:
//! a small crawl with HTML responses (one chunked and gzip-encoded), request records, an
//! image, a redirect and a 404, each record in its own gzip member.
//!
//! `cargo run -p dateline-ingest --example make_example_warc`

#[path = "../tests/it/warcgen.rs"]
mod warcgen;

use std::path::Path;

use warcgen::{chunked, gzip, gzip_members, http, record_dated};

const RESPONSE: &str = "application/http; msgtype=response";
const REQUEST: &str = "application/http; msgtype=request";

fn request(uri: &str, date: &str) -> Vec<u8> {
    let host = uri.split('/').nth(2).unwrap_or("example.org");
    let path = uri.splitn(4, '/').nth(3).unwrap_or("");
    let block = format!(
        "GET /{path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: dateline-example-crawler/0.1\r\nAccept: text/html\r\n\r\n"
    );
    record_dated("request", uri, REQUEST, block.as_bytes(), date)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples"));
    let page = |name: &str| std::fs::read(root.join(name));

    let warcinfo = record_dated(
        "warcinfo",
        "",
        "application/warc-fields",
        b"software: dateline make_example_warc\r\nformat: WARC File Format 1.1\r\ndescription: invented example crawl\r\n",
        "2023-03-01T06:00:00Z",
    );

    let geneva_uri = "https://www.iom.example/news/iom-appeals-usd-98-million-help-migrants-stranded-eastern-route";
    let geneva = http(
        "200 OK",
        &[
            ("Content-Type", "text/html; charset=UTF-8"),
            ("Server", "nginx"),
        ],
        &page("iom-geneva-2021-03-12-eastern-route-appeal.html")?,
    );

    // The Russian page as a server would send it: charset only in the HTTP header, body
    // gzip-encoded and chunked.
    let bishkek_uri =
        "https://kyrgyzstan.iom.example/ru/news/mom-i-kyrgyzstan-zapuskayut-programmu-podderzhki";
    let bishkek = http(
        "200 OK",
        &[
            ("Content-Type", "text/html; charset=windows-1251"),
            ("Content-Encoding", "gzip"),
            ("Transfer-Encoding", "chunked"),
        ],
        &chunked(
            &gzip(&page("mom-kyrgyzstan-2022-10-18-reintegration.ru.html")?),
            1000,
        ),
    );

    let unhcr_uri = "https://www.unhcr.example/news/press-releases/floods-northern-mozambique-leave-thousands-urgent-need-shelter";
    let unhcr = http(
        "200 OK",
        &[("Content-Type", "text/html; charset=utf-8")],
        &page("unhcr-2023-02-09-mozambique-floods.html")?,
    );

    let png: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xff\xff?\0\x05\xfe\x02\xfe\xa7V\xbd\xfa\0\0\0\0IEND\xaeB`\x82";
    let logo_uri = "https://www.iom.example/themes/custom/iom/logo.png";
    let logo = http("200 OK", &[("Content-Type", "image/png")], png);

    let moved_uri = "https://www.iom.example/news/eastern-route-appeal";
    let moved = http(
        "301 Moved Permanently",
        &[("Location", geneva_uri), ("Content-Type", "text/html")],
        b"<html><body>Moved</body></html>",
    );
    let gone_uri = "https://www.iom.example/news/old-press-release-2009";
    let gone = http(
        "404 Not Found",
        &[("Content-Type", "text/html")],
        b"<html><body><h1>Page not found</h1></body></html>",
    );

    let records = vec![
        warcinfo,
        request(geneva_uri, "2023-03-01T06:00:02Z"),
        record_dated(
            "response",
            geneva_uri,
            RESPONSE,
            &geneva,
            "2023-03-01T06:00:02Z",
        ),
        request(logo_uri, "2023-03-01T06:00:03Z"),
        record_dated(
            "response",
            logo_uri,
            RESPONSE,
            &logo,
            "2023-03-01T06:00:03Z",
        ),
        request(moved_uri, "2023-03-01T06:00:04Z"),
        record_dated(
            "response",
            moved_uri,
            RESPONSE,
            &moved,
            "2023-03-01T06:00:04Z",
        ),
        request(bishkek_uri, "2023-03-01T06:00:06Z"),
        record_dated(
            "response",
            bishkek_uri,
            RESPONSE,
            &bishkek,
            "2023-03-01T06:00:06Z",
        ),
        request(gone_uri, "2023-03-01T06:00:07Z"),
        record_dated(
            "response",
            gone_uri,
            RESPONSE,
            &gone,
            "2023-03-01T06:00:07Z",
        ),
        request(unhcr_uri, "2023-03-01T06:00:09Z"),
        record_dated(
            "response",
            unhcr_uri,
            RESPONSE,
            &unhcr,
            "2023-03-01T06:00:09Z",
        ),
    ];
    let (bytes, _) = gzip_members(&records);
    let out = root.join("crawl.warc.gz");
    std::fs::write(&out, &bytes)?;
    eprintln!(
        "wrote {} ({} bytes, {} records)",
        out.display(),
        bytes.len(),
        records.len()
    );
    Ok(())
}
