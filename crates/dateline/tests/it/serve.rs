//! `dateline serve` over a real socket: health, search, and an upload with the token.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// One HTTP/1.1 request; returns status code and body.
fn request(port: u16, head: &str, body: &[u8]) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).ok();
    let mut req = format!(
        "{head}\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    req.extend_from_slice(body);
    stream.write_all(&req).expect("send");
    let mut out = Vec::new();
    stream.read_to_end(&mut out).expect("read");
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

#[test]
fn serves_the_archive_and_takes_uploads_with_the_token() {
    let sb = Sandbox::new();
    sb.write(
        "first.html",
        release_html("Agency opens centre for families on the move", PARAGRAPHS),
    );
    let run = sb.run(&["ingest", "--archive", "arch", "first.html"]);
    assert_eq!(run.code, 0, "{}", run.transcript());

    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_dateline"))
        .args([
            "serve",
            "--archive",
            "arch",
            "--addr",
            &format!("127.0.0.1:{port}"),
        ])
        .env("DATELINE_ADMIN_TOKEN", "s3cret")
        .current_dir(sb.dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server");
    let _server = Server(child);
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    assert_eq!(request(port, "GET /healthz HTTP/1.1", b"").0, 200);
    let (status, body) = request(port, "GET /api/search?q=centre HTTP/1.1", b"");
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(v["total"], 1, "{v}");

    let page = release_html(
        "Second release about river floods and shelters",
        &[
            "MAPUTO, 3 May 2022 – Floods along the river displaced thousands of families this week, and the agency sent shelter kits to the worst hit districts.",
            "Teams on the ground report that roads remain cut and that more help is needed before the next rains.",
        ],
    );
    let (status, body) = request(
        port,
        "POST /api/ingest?filename=second.html HTTP/1.1\r\nContent-Type: text/html",
        page.as_bytes(),
    );
    assert_eq!(status, 401, "no token: {body}");
    let (status, body) = request(
        port,
        "POST /api/ingest?filename=second.html HTTP/1.1\r\nContent-Type: text/html\r\nAuthorization: Bearer s3cret",
        page.as_bytes(),
    );
    assert!(status == 200 || status == 201, "{status}: {body}");
    // What an upload stored is searchable once the upload has answered.
    let (_, body) = request(port, "GET /api/search?q=floods HTTP/1.1", b"");
    let v: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(v["total"], 1, "{v}");
}
