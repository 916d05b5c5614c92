//! Running the binary and building inputs for it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What one run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr in one text, for snapshots.
    pub fn transcript(&self) -> String {
        format!(
            "exit code: {}\n----- stdout -----\n{}\n----- stderr -----\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    /// The stdout's JSON Lines.
    pub fn records(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).expect("each stdout line is JSON"))
            .collect()
    }
}

/// A temporary directory the binary runs in, so paths in its output are relative.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file (creating parent folders) and returns its path.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, bytes).expect("write");
        path
    }

    /// Runs `dateline ARGS` in the sandbox with `stdin` as standard input.
    pub fn run_with_stdin(&self, args: &[&str], stdin: &[u8]) -> Run {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dateline"))
            .args(args)
            .current_dir(self.dir.path())
            .env_remove("DATELINE_JOBS")
            .env_remove("DATELINE_ARCHIVE")
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn dateline");
        if let Some(mut input) = child.stdin.take() {
            // The binary may exit before reading everything; that is its right.
            let _ = input.write_all(stdin);
        }
        let out = child.wait_with_output().expect("wait for dateline");
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_stdin(args, b"")
    }
}

/// Gzip-compresses bytes as one member.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).expect("gzip");
    enc.finish().expect("gzip")
}

/// A WARC/1.1 record with the given type, headers and block.
pub fn warc_record(kind: &str, uri: &str, extra: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
    let mut rec = Vec::new();
    rec.extend_from_slice(b"WARC/1.1\r\n");
    rec.extend_from_slice(format!("WARC-Type: {kind}\r\n").as_bytes());
    rec.extend_from_slice(format!("WARC-Target-URI: {uri}\r\n").as_bytes());
    rec.extend_from_slice(b"WARC-Date: 2018-11-24T10:00:00Z\r\n");
    rec.extend_from_slice(b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000000>\r\n");
    for (k, v) in extra {
        rec.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
    }
    rec.extend_from_slice(format!("Content-Length: {}\r\n\r\n", block.len()).as_bytes());
    rec.extend_from_slice(block);
    rec.extend_from_slice(b"\r\n\r\n");
    rec
}

/// A `response` record carrying an HTTP response with `content_type` and `body`.
pub fn warc_response(uri: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    http.extend_from_slice(body);
    warc_record(
        "response",
        uri,
        &[("Content-Type", "application/http; msgtype=response")],
        &http,
    )
}

/// An HTML release page with some site chrome around the article.
pub fn release_html(title: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} | Example Agency</title></head>\
<body><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li><li><a href=\"/about\">About us</a></li></ul></nav>\
<main><article><h1>{title}</h1>\n{body}</article></main>\
<footer><p>Copyright Example Agency. All rights reserved.</p><a href=\"/privacy\">Privacy</a></footer></body></html>"
    )
}

/// Paragraphs long enough to be an article.
pub const PARAGRAPHS: &[&str] = &[
    "GENEVA, 12 March 2021 (Example) – The agency opened a new centre for people on the move in the border town today, offering shelter, food and legal advice to hundreds of families.",
    "“Every family that arrives here deserves to be treated with dignity,” said Maria Example, the agency's Chief of Mission, at the opening ceremony attended by local officials.",
    "The centre will be run together with the municipality and two local organizations, and is funded for its first two years by a group of donors.",
];

pub fn exists(path: &Path) -> bool {
    path.exists()
}
