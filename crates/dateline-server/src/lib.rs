//! `dateline serve`: the archive over HTTP, as a JSON API and a server-rendered web UI.
//!
//! The server holds no business logic: every handler parses its parameters, calls
//! [`dateline_store::Archive`] on a blocking thread and renders what it returns.
//!
//! * [`router`] builds the [`axum::Router`] over an [`AppState`] (tests call it
//!   through `tower::ServiceExt::oneshot`, no socket); [`serve`] opens an archive
//!   directory, binds and runs until Ctrl-C.
//! * [`Store`] shares the archive: a pool of reader handles plus one writer over a
//!   directory, or one archive behind a mutex in memory.
//! * [`Ingestor`] is the plug point for `POST /api/ingest`: the binary passes the
//!   extraction pipeline in, so this crate depends on no extraction crate.
//! * [`ApiError`] and [`ErrorCode::TABLE`]: every error a client sees, with a stable
//!   snake_case code and one status each. Internals are logged, never sent.
//!
//! Routes: `GET /api/search`, `/api/releases/{id}`, `/api/people/{name}/quotes`,
//! `/api/countries/{code}/timeline`, `/api/contacts`, `/api/stats`, `/api/export`,
//! `POST /api/ingest`, `GET /api/openapi.json` (the OpenAPI 3.1 document of all of
//! them), `/healthz`, `/metrics` (Prometheus), and the pages `/`, `/releases/{id}`,
//! `/people/{name}`, `/countries/{code}`, `/contacts`, `/about`.
//!
//! Speed at a million records: the person, country and contacts views read tables the
//! store keeps up to date at ingest (a page of quotes, the first releases of each
//! month, a page of the directory), and whole responses of the read routes are kept
//! in a bounded cache ([`ServeOptions::cache_bytes`], 64 MiB by default) until the
//! archive changes, here or in another process. `/metrics` reports its hits.
//!
//! # Wiring `dateline serve`
//!
//! The binary turns its flags into [`ServeOptions`] and hands in the pipeline:
//!
//! ```text
//! let mut options = ServeOptions::new(archive_dir, addr);      // --archive, --addr
//! options.admin_token = admin_token;                           // --admin-token / DATELINE_ADMIN_TOKEN
//! options.ingestor = Some(Arc::new(move |upload: Upload, archive: &mut Archive| {
//!     // upload.filename is a bare file name (no separators, never `..`): write the bytes
//!     // to tempdir/filename, run the pipeline over that path, archive.ingest(...) each
//!     // release, count outcomes in an IngestSummary; an unreadable upload is
//!     // IngestFailure::BadUpload(message for the client).
//! }));
//! dateline_server::serve(options).await?;                      // until Ctrl-C / SIGTERM
//! ```
//!
//! # Example
//!
//! ```
//! use axum::body::Body;
//! use axum::http::{Request, StatusCode};
//! use dateline_server::{AppState, Store, router};
//! use dateline_store::Archive;
//! use tower::ServiceExt;
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let state = AppState::new(Store::single(Archive::in_memory().unwrap()));
//! let response = router(state)
//!     .oneshot(Request::get("/api/search?q=migrants").body(Body::empty()).unwrap())
//!     .await
//!     .unwrap();
//! assert_eq!(response.status(), StatusCode::OK);
//! # });
//! ```
#![deny(missing_docs)]

mod admission;
mod api;
mod cache;
mod cursor;
mod error;
mod facets;
mod metrics;
mod state;
mod ui;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use cache::DEFAULT_BYTES as DEFAULT_CACHE_BYTES;
pub use error::{ApiError, ErrorCode, ErrorEntry};
pub use state::{AppState, IngestFailure, Ingestor, Limits, Store, Upload};

/// The Content-Security-Policy of every response: no scripts at all, styles only
/// from the server's own stylesheet, no framing, forms only to this server.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Every route of the router as `(method, path template)`; the OpenAPI document
/// describes exactly these (a test checks both directions).
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/api/search"),
    ("get", "/api/releases/{id}"),
    ("get", "/api/people/{name}/quotes"),
    ("get", "/api/countries/{code}/timeline"),
    ("get", "/api/contacts"),
    ("get", "/api/stats"),
    ("get", "/api/export"),
    ("post", "/api/ingest"),
    ("get", "/api/openapi.json"),
    ("get", "/healthz"),
    ("get", "/metrics"),
    ("get", "/"),
    ("get", "/releases/{id}"),
    ("get", "/people/{name}"),
    ("get", "/countries/{code}"),
    ("get", "/contacts"),
    ("get", "/about"),
    ("get", "/assets/style.css"),
    ("get", "/assets/favicon.svg"),
];

/// The OpenAPI 3.1 document served at `/api/openapi.json`.
pub fn openapi_document() -> &'static str {
    api::OPENAPI
}

/// The application: every route, limits, timeouts, security headers, metrics.
pub fn router(state: AppState) -> Router {
    let limits = state.limits();
    let ingest = Router::new()
        .route("/api/ingest", post(api::ingest))
        .layer(DefaultBodyLimit::max(limits.upload_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            limits.ingest_timeout,
        ));
    let rest = Router::new()
        .route("/api/search", get(api::search))
        .route("/api/releases/{id}", get(api::release))
        .route("/api/people/{name}/quotes", get(api::people_quotes))
        .route("/api/countries/{code}/timeline", get(api::country_timeline))
        .route("/api/contacts", get(api::contacts))
        .route("/api/stats", get(api::stats))
        .route("/api/export", get(api::export))
        .route("/api/openapi.json", get(api::openapi))
        .route("/healthz", get(api::healthz))
        .route("/metrics", get(api::metrics))
        .route("/", get(ui::search))
        .route("/releases/{id}", get(ui::release))
        .route("/people/{name}", get(ui::person))
        .route("/countries/{code}", get(ui::country))
        .route("/contacts", get(ui::contacts))
        .route("/about", get(ui::about))
        .route("/assets/style.css", get(ui::style))
        .route("/assets/favicon.svg", get(ui::favicon))
        .layer(DefaultBodyLimit::max(limits.body_bytes))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            limits.request_timeout,
        ));
    Router::new()
        .merge(rest)
        .merge(ingest)
        .fallback(|| async { StatusCode::NOT_FOUND })
        .layer(middleware::from_fn_with_state(state.clone(), cache::layer))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            admission::layer,
        ))
        .layer(middleware::from_fn(normalize_errors))
        .layer(middleware::from_fn(security_headers))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/") || path == "/api" || path == "/healthz" || path == "/metrics"
}

/// Gives every error response the body of its code: JSON under `/api`, an HTML page
/// elsewhere (rejections of layers and extractors come as bare statuses).
async fn normalize_errors(request: Request, next: Next) -> Response {
    let api = is_api(request.uri().path());
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error())
        || response.extensions().get::<error::Rendered>().is_some()
    {
        return response;
    }
    let err = ApiError::new(ErrorCode::for_status(status));
    if api {
        err.into_response()
    } else {
        ui::error_page(&err)
    }
}

async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

/// How `dateline serve` runs.
#[derive(Clone)]
pub struct ServeOptions {
    /// The archive directory (must exist: `dateline ingest` creates it).
    pub archive: PathBuf,
    /// Where to listen (`127.0.0.1:8080`).
    pub addr: SocketAddr,
    /// Bearer token that unlocks `POST /api/ingest`; `None`: read-only.
    pub admin_token: Option<String>,
    /// Body sizes, timeouts, page sizes.
    pub limits: Limits,
    /// Reader handles on the archive (concurrent searches); at least 1.
    pub readers: usize,
    /// The ingest pipeline; without it the server is read-only.
    pub ingestor: Option<Arc<dyn Ingestor>>,
    /// Bytes of whole responses of the read routes kept for repeated requests until
    /// the archive changes ([`DEFAULT_CACHE_BYTES`]; 0: no cache).
    pub cache_bytes: usize,
    /// Read requests served at once; more wait in line in arrival order (0: no line).
    /// One per reader by default.
    pub max_in_flight: usize,
}

impl std::fmt::Debug for ServeOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServeOptions")
            .field("archive", &self.archive)
            .field("addr", &self.addr)
            .field("admin_token", &self.admin_token.as_ref().map(|_| "<set>"))
            .field("limits", &self.limits)
            .field("readers", &self.readers)
            .field("ingestor", &self.ingestor.is_some())
            .field("cache_bytes", &self.cache_bytes)
            .field("max_in_flight", &self.max_in_flight)
            .finish()
    }
}

impl ServeOptions {
    /// Options for the archive in `archive` on `addr`: read-only, default limits,
    /// one reader per core (at least two).
    pub fn new(archive: impl Into<PathBuf>, addr: SocketAddr) -> ServeOptions {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        ServeOptions {
            archive: archive.into(),
            addr,
            admin_token: None,
            limits: Limits::default(),
            readers: cores.clamp(2, 8),
            ingestor: None,
            cache_bytes: DEFAULT_CACHE_BYTES,
            max_in_flight: cores.clamp(2, 8),
        }
    }
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The archive could not be opened.
    #[error("cannot open the archive at `{path}`: {source}")]
    Open {
        /// The archive directory.
        path: PathBuf,
        /// What the store said.
        source: dateline_store::StoreError,
    },
    /// The archive directory does not exist.
    #[error("no archive at `{0}`; run `dateline ingest PATHS...` first or pass `--archive`")]
    NoArchive(PathBuf),
    /// The address could not be bound.
    #[error(
        "cannot listen on `{addr}`: {source}; is another server running there? pick another `--addr`"
    )]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The server failed while running.
    #[error("the server stopped: {0}")]
    Serve(std::io::Error),
}

/// Opens the archive, binds `options.addr` and serves until Ctrl-C (or SIGTERM).
pub async fn serve(options: ServeOptions) -> Result<(), ServerError> {
    let dir = options.archive.clone();
    if !dir.is_dir() {
        return Err(ServerError::NoArchive(dir));
    }
    let readers = options.readers;
    let open_dir = dir.clone();
    let store = tokio::task::spawn_blocking(move || Store::open(&open_dir, readers))
        .await
        .map_err(|e| ServerError::Serve(std::io::Error::other(e)))?
        .map_err(|source| ServerError::Open {
            path: dir.clone(),
            source,
        })?;
    let mut state = AppState::new(store)
        .with_admin_token(options.admin_token.clone())
        .with_limits(options.limits)
        .with_response_cache(options.cache_bytes)
        .with_max_in_flight(options.max_in_flight);
    state.ingestor = options.ingestor.clone();
    let listener = tokio::net::TcpListener::bind(options.addr)
        .await
        .map_err(|source| ServerError::Bind {
            addr: options.addr,
            source,
        })?;
    let local = listener.local_addr().map_err(ServerError::Serve)?;
    tracing::info!(
        addr = %local,
        archive = %dir.display(),
        read_only = state.config.admin_token.is_none() || state.ingestor.is_none(),
        "dateline is serving"
    );
    serve_on(listener, state, shutdown_signal()).await
}

/// Serves `state` on a bound listener until `shutdown` completes (tests and the
/// browser test bind `127.0.0.1:0` themselves).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(ServerError::Serve)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
