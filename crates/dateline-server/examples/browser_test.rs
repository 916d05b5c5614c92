//! Drives the real UI in headless Chromium through `chromedriver` (W3C WebDriver):
//! search, click a facet, open a release, follow a speaker to the person page, with
//! a screenshot of each page. Run it with `scripts/browser-test.sh`, or:
//!
//! ```text
//! cargo run -p dateline-server --example browser_test -- ARCHIVE_DIR [OUT_DIR]
//! ```
//!
//! The server runs in-process on `127.0.0.1:0`; the WebDriver client is a few lines
//! of HTTP/1.1 over a `TcpStream` to the local chromedriver (no browser download, no
//! client crate). Exits non-zero with a message when a step fails.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};

type Result<T> = std::result::Result<T, String>;

/// One HTTP/1.1 request to chromedriver; returns the JSON `value`.
fn call(driver: SocketAddr, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
    let mut stream = TcpStream::connect(driver)
        .map_err(|e| format!("cannot reach chromedriver at `{driver}`: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .map_err(|e| e.to_string())?;
    let payload = body.map(Value::to_string).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {driver}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{payload}",
        payload.len()
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    // chromedriver keeps connections open whatever `Connection` says: read the head,
    // then exactly `Content-Length` bytes (or chunks up to the last one).
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 << 10];
    let split = loop {
        if let Some(p) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        let n = stream
            .read(&mut buf)
            .map_err(|e| format!("reading from chromedriver: {e}"))?;
        if n == 0 {
            return Err("chromedriver closed the connection early".into());
        }
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok());
    let chunked = head.contains("transfer-encoding: chunked");
    loop {
        let have = raw.len() - (split + 4);
        let done = match length {
            Some(len) => have >= len,
            None if chunked => raw.ends_with(b"0\r\n\r\n"),
            None => false,
        };
        if done {
            break;
        }
        let n = stream
            .read(&mut buf)
            .map_err(|e| format!("reading from chromedriver: {e}"))?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
    }
    let mut body = raw[split + 4..].to_vec();
    if chunked {
        body = dechunk(&body)?;
    }
    let v: Value = serde_json::from_slice(&body)
        .map_err(|e| format!("chromedriver sent invalid JSON for `{path}`: {e}"))?;
    if let Some(err) = v["value"]["error"].as_str() {
        return Err(format!(
            "`{method} {path}` failed: {err}: {}",
            v["value"]["message"].as_str().unwrap_or("")
        ));
    }
    Ok(v["value"].clone())
}

fn dechunk(mut data: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("bad chunk")?;
        let size = usize::from_str_radix(String::from_utf8_lossy(&data[..line_end]).trim(), 16)
            .map_err(|e| e.to_string())?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        out.extend_from_slice(data.get(..size).ok_or("short chunk")?);
        data = data.get(size + 2..).ok_or("short chunk")?;
    }
}

struct Session {
    driver: SocketAddr,
    id: String,
    base: String,
    out: PathBuf,
}

impl Session {
    fn url(&self, path: &str) -> String {
        format!("/session/{}{path}", self.id)
    }

    fn go(&self, path: &str) -> Result<()> {
        call(
            self.driver,
            "POST",
            &self.url("/url"),
            Some(&json!({ "url": format!("{}{path}", self.base) })),
        )?;
        Ok(())
    }

    fn current(&self) -> Result<String> {
        Ok(call(self.driver, "GET", &self.url("/url"), None)?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    fn find_all(&self, css: &str) -> Result<Vec<String>> {
        let v = call(
            self.driver,
            "POST",
            &self.url("/elements"),
            Some(&json!({ "using": "css selector", "value": css })),
        )?;
        Ok(v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e.as_object()?.values().next()?.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Like [`Session::find_all`], but polls for up to ten seconds until something
    /// matches: a click that submits a form or follows a link may return before the
    /// next page has loaded.
    fn wait_all(&self, css: &str) -> Result<Vec<String>> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let found = self.find_all(css)?;
            if !found.is_empty() || Instant::now() >= deadline {
                return Ok(found);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn find(&self, css: &str) -> Result<String> {
        self.find_all(css)?.into_iter().next().ok_or_else(|| {
            format!(
                "no element matches `{css}` on {}",
                self.current().unwrap_or_default()
            )
        })
    }

    fn text(&self, element: &str) -> Result<String> {
        Ok(call(
            self.driver,
            "GET",
            &self.url(&format!("/element/{element}/text")),
            None,
        )?
        .as_str()
        .unwrap_or_default()
        .to_string())
    }

    fn click(&self, element: &str) -> Result<()> {
        call(
            self.driver,
            "POST",
            &self.url(&format!("/element/{element}/click")),
            Some(&json!({})),
        )?;
        Ok(())
    }

    fn type_into(&self, element: &str, text: &str) -> Result<()> {
        call(
            self.driver,
            "POST",
            &self.url(&format!("/element/{element}/clear")),
            Some(&json!({})),
        )?;
        call(
            self.driver,
            "POST",
            &self.url(&format!("/element/{element}/value")),
            Some(&json!({ "text": text })),
        )?;
        Ok(())
    }

    fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let v = call(self.driver, "GET", &self.url("/screenshot"), None)?;
        let png = base64::engine::general_purpose::STANDARD
            .decode(v.as_str().unwrap_or_default())
            .map_err(|e| format!("screenshot is not base64: {e}"))?;
        let path = self.out.join(format!("{name}.png"));
        std::fs::write(&path, png)
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
        println!("  screenshot {}", path.display());
        Ok(path)
    }

    /// Fails when the page shows an error or the browser blocked something by CSP.
    fn check_page(&self, step: &str) -> Result<()> {
        let title = call(self.driver, "GET", &self.url("/title"), None)?
            .as_str()
            .unwrap_or_default()
            .to_string();
        if title.starts_with("Error") {
            return Err(format!(
                "{step}: the page is an error page ({})",
                self.current()?
            ));
        }
        // Chromium reports CSP violations in the browser log; a clean page has none.
        if let Ok(log) = call(
            self.driver,
            "POST",
            &self.url("/se/log"),
            Some(&json!({ "type": "browser" })),
        ) && let Some(entries) = log.as_array()
        {
            for e in entries {
                let msg = e["message"].as_str().unwrap_or_default();
                if msg.contains("Content Security Policy") || e["level"] == "SEVERE" {
                    return Err(format!("{step}: browser console: {msg}"));
                }
            }
        }
        println!("ok {step}: {title} ({})", self.current()?);
        Ok(())
    }
}

fn free_port() -> Result<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(l.local_addr().map_err(|e| e.to_string())?.port())
}

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_driver() -> Result<(Driver, SocketAddr)> {
    let port = free_port()?;
    let bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
    let child = Command::new(&bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start `{bin}`: {e}; install it with `apt-get install -y chromium chromium-driver`"))?;
    let driver = Driver(child);
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if call(addr, "GET", "/status", None).is_ok_and(|v| v["ready"] == true) {
            return Ok((driver, addr));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err("chromedriver did not become ready in 20 s".into())
}

fn run(archive: &Path, out: &Path, base: String) -> Result<()> {
    let (_driver, addr) = start_driver()?;
    let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let caps = json!({ "capabilities": { "alwaysMatch": {
        "browserName": "chrome",
        "goog:loggingPrefs": { "browser": "ALL" },
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.path().display()),
            ]
        }
    }}});
    let created = call(addr, "POST", "/session", Some(&caps))?;
    let id = created["sessionId"]
        .as_str()
        .ok_or("chromedriver returned no session id")?
        .to_string();
    let session = Session {
        driver: addr,
        id,
        base,
        out: out.to_path_buf(),
    };
    let result = steps(&session);
    let _ = call(addr, "DELETE", &format!("/session/{}", session.id), None);
    println!("archive: {}", archive.display());
    result
}

fn steps(s: &Session) -> Result<()> {
    // 0. Keyboard: the first Tab lands on the skip link.
    s.go("/")?;
    let tab = json!({ "actions": [{ "type": "key", "id": "keyboard", "actions": [
        { "type": "keyDown", "value": "\u{E004}" }, { "type": "keyUp", "value": "\u{E004}" }
    ]}]});
    call(s.driver, "POST", &s.url("/actions"), Some(&tab))?;
    let active = call(s.driver, "GET", &s.url("/element/active"), None)?;
    let active = active
        .as_object()
        .and_then(|o| o.values().next())
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let label = s.text(&active)?;
    if label.trim() != "Skip to content" {
        return Err(format!(
            "the first Tab focuses `{label}`, not the skip link"
        ));
    }
    println!("ok keyboard: the first Tab focuses the skip link");

    // 1. Search: type a query into the box and submit with the button.
    let boxed = s.find("#q")?;
    let query =
        std::env::var("BROWSER_TEST_QUERY").unwrap_or_else(|_| "migrants has:quotes".into());
    s.type_into(&boxed, &query)?;
    s.click(&s.find("form.search button[type=submit]")?)?;
    let hits = s.wait_all("li.hit h3 a")?;
    if hits.is_empty() {
        return Err(format!(
            "the search `{query}` found nothing; is the archive empty?"
        ));
    }
    s.check_page("search")?;
    s.screenshot("01-search")?;

    // 2. Click the first country facet (or any facet): the query gains the filter.
    let (facet, is_country) = match s.find("a[data-facet=country]") {
        Ok(f) => (f, true),
        Err(_) => (s.find("a[data-facet]")?, false),
    };
    let label = s.text(&facet)?;
    s.click(&facet)?;
    let url = s.current()?;
    if !url.contains("%3A") {
        return Err(format!(
            "clicking the facet `{label}` did not filter: {url}"
        ));
    }
    s.check_page("facet")?;
    s.screenshot("02-facet")?;

    // 3. Open releases until one has a quote with a speaker.
    let n = s.wait_all("li.hit h3 a")?.len();
    let mut speaker = None;
    for i in 0..n.min(20) {
        let links = s.wait_all("li.hit h3 a")?;
        let Some(link) = links.get(i) else { break };
        s.click(link)?;
        if s.wait_all("article.release h1")?.is_empty() {
            return Err("a result link did not open a release page".into());
        }
        if let Some(a) = s.find_all("a[data-speaker]")?.into_iter().next() {
            speaker = Some(a);
            break;
        }
        call(s.driver, "POST", &s.url("/back"), Some(&json!({})))?;
    }
    let speaker = speaker.ok_or("no release among the results names a speaker")?;
    s.check_page("release")?;
    s.screenshot("03-release")?;

    // 4. Follow the speaker to the person page.
    let name = s.text(&speaker)?;
    s.click(&speaker)?;
    let h1 = s.text(&s.find("main h1")?)?;
    if h1.trim() != name.trim() {
        return Err(format!(
            "the person page is titled `{h1}`, expected `{name}`"
        ));
    }
    s.find("figure.quote")?;
    s.check_page("person")?;
    s.screenshot("04-person")?;

    // 5. The country and contacts pages render too.
    s.go("/contacts")?;
    s.check_page("contacts")?;
    s.screenshot("05-contacts")?;
    if let Some(code) = label.split_whitespace().next().filter(|_| is_country) {
        // The facet was a country: its page has the timeline chart.
        s.go(&format!("/countries/{code}"))?;
        s.find("svg.chart")?;
        s.check_page("country")?;
        s.screenshot("06-country")?;
    }
    Ok(())
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(archive) = args.next().map(PathBuf::from) else {
        eprintln!("usage: browser_test ARCHIVE_DIR [OUT_DIR]");
        std::process::exit(2);
    };
    let out = args
        .next()
        .map_or_else(|| PathBuf::from("target/browser-test"), PathBuf::from);
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("error: cannot create `{}`: {e}", out.display());
        std::process::exit(2);
    }
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let served = runtime.block_on(async {
        let store = dateline_server::Store::open(&archive, 2).map_err(|e| e.to_string())?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| e.to_string())?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let state = dateline_server::AppState::new(store);
        tokio::spawn(dateline_server::serve_on(
            listener,
            state,
            std::future::pending(),
        ));
        Ok::<_, String>(addr)
    });
    let addr = match served {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: cannot serve `{}`: {e}", archive.display());
            std::process::exit(2);
        }
    };
    println!("serving {} on http://{addr}/", archive.display());
    match run(&archive, &out, format!("http://{addr}")) {
        Ok(()) => println!("browser test passed; screenshots in {}", out.display()),
        Err(e) => {
            eprintln!("error: browser test failed: {e}");
            std::process::exit(1);
        }
    }
}
