//! Serves an existing archive read-only, without the `dateline` binary:
//! `cargo run -p dateline-server --release --example serve -- ARCHIVE_DIR [ADDR]`.
//! The load benchmark (`bench/load.sh`) uses it when `dateline serve` is not built.
//! `DATELINE_CACHE_BYTES=0` turns the response cache off; `DATELINE_MAX_IN_FLIGHT=N`
//! sets how many read requests run at once (0: no admission line).

use std::net::SocketAddr;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let mut args = std::env::args().skip(1);
    let Some(archive) = args.next() else {
        eprintln!("usage: serve ARCHIVE_DIR [ADDR]");
        std::process::exit(2);
    };
    let addr: SocketAddr = match args
        .next()
        .unwrap_or_else(|| "127.0.0.1:8080".into())
        .parse()
    {
        Ok(addr) => addr,
        Err(err) => {
            eprintln!("error: invalid address: {err}");
            std::process::exit(2);
        }
    };
    let mut options = dateline_server::ServeOptions::new(archive, addr);
    // The load benchmark measures with and without the response cache.
    if let Some(bytes) = std::env::var("DATELINE_CACHE_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        options.cache_bytes = bytes;
    }
    if let Some(n) = std::env::var("DATELINE_MAX_IN_FLIGHT")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        options.max_in_flight = n;
    }
    eprintln!("serving on http://{addr}/");
    if let Err(err) = dateline_server::serve(options).await {
        eprintln!("error: {err}");
        std::process::exit(2);
    }
}
