//! Shared state: the archive behind a pool of readers and one writer, the ingest
//! plug point, limits and metrics.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use dateline_store::{Archive, IngestSummary, SearchRequest, SearchResults, StoreError};

use crate::error::{ApiError, ErrorCode};
use crate::facets::FacetCache;
use crate::metrics::Metrics;

/// One uploaded file handed to the [`Ingestor`].
#[derive(Debug, Clone)]
pub struct Upload {
    /// The file name the client gave (multipart `filename`, `?filename=`), or `upload`.
    /// Untrusted: use it as a label, never as a path.
    pub filename: String,
    /// The `Content-Type` the client gave, if any.
    pub content_type: Option<String>,
    /// The raw bytes.
    pub bytes: Vec<u8>,
}

/// Why an [`Ingestor`] could not take an upload.
#[derive(Debug, thiserror::Error)]
pub enum IngestFailure {
    /// The upload is not readable as pages; the message is shown to the client.
    #[error("cannot read upload: {0}")]
    BadUpload(String),
    /// The archive failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Anything else that failed inside the server (logged, not shown).
    #[error("ingest failed: {0}")]
    Internal(String),
}

/// The extraction pipeline, provided by the binary: reads one upload (HTML, text, WARC,
/// JSON Lines), extracts and structures its pages and stores them in `archive`.
///
/// The server calls it on a blocking thread with the archive's writer locked, then
/// flushes the archive. Closures of the right shape implement it.
pub trait Ingestor: Send + Sync + 'static {
    /// Ingests one upload; one bad page is counted in the summary, not an error.
    fn ingest(&self, upload: Upload, archive: &mut Archive)
    -> Result<IngestSummary, IngestFailure>;
}

impl<F> Ingestor for F
where
    F: Fn(Upload, &mut Archive) -> Result<IngestSummary, IngestFailure> + Send + Sync + 'static,
{
    fn ingest(
        &self,
        upload: Upload,
        archive: &mut Archive,
    ) -> Result<IngestSummary, IngestFailure> {
        self(upload, archive)
    }
}

/// Sizes and times the server enforces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest request body for every route but ingest, in bytes.
    pub body_bytes: usize,
    /// Largest upload to `POST /api/ingest`, in bytes.
    pub upload_bytes: usize,
    /// Time a request may take before `503 timeout` (export bodies stream on after it).
    pub request_timeout: Duration,
    /// Time an ingest request may take.
    pub ingest_timeout: Duration,
    /// Largest page of search hits or contacts.
    pub max_page: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            body_bytes: 64 << 10,
            upload_bytes: 64 << 20,
            request_timeout: Duration::from_secs(30),
            ingest_timeout: Duration::from_secs(600),
            max_page: 100,
        }
    }
}

enum Mode {
    /// One archive for reads and writes (in memory, tests).
    Single(Mutex<Archive>),
    /// An archive directory: a pool of read-only handles plus a writer handle that
    /// takes the index lock only for the duration of an upload.
    Dir {
        dir: PathBuf,
        readers: Vec<Mutex<Archive>>,
        writer: Mutex<Option<Archive>>,
    },
}

/// The archive as the server shares it between requests.
///
/// [`Archive`] holds a SQLite connection, so it is `Send` but not `Sync`. Over a
/// directory the store keeps a pool of reader handles (each its own connection and
/// index reader; SQLite WAL lets them read while a writer writes) so concurrent
/// searches do not queue behind one lock, and one writer handle that holds the index
/// lock only while an upload runs, so a `dateline ingest` beside the server works.
/// Each read first calls [`Archive::reload`] (one small file read when nothing
/// changed): commits of this server and of other processes become visible at the
/// next request, and the generation that keys the caches moves with them. In memory
/// there is one archive behind one mutex.
pub struct Store {
    mode: Mode,
    generation: AtomicU64,
    /// The index commit (change sequence) the readers last saw.
    seen_seq: AtomicI64,
    next: AtomicUsize,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.mode {
            Mode::Single(_) => f.write_str("Store(single)"),
            Mode::Dir { dir, readers, .. } => {
                write!(f, "Store({}, {} readers)", dir.display(), readers.len())
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding an archive leaves it usable: SQLite rolls back.
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Store {
    /// One archive shared for reads and writes (what tests use with [`Archive::in_memory`]).
    pub fn single(archive: Archive) -> Store {
        Store {
            mode: Mode::Single(Mutex::new(archive)),
            generation: AtomicU64::new(0),
            seen_seq: AtomicI64::new(-1),
            next: AtomicUsize::new(0),
        }
    }

    /// Opens `readers` read handles on the archive in `dir` (at least one).
    pub fn open(dir: impl AsRef<Path>, readers: usize) -> Result<Store, StoreError> {
        let dir = dir.as_ref().to_path_buf();
        let mut pool = Vec::new();
        for _ in 0..readers.max(1) {
            pool.push(Mutex::new(Archive::open(&dir)?));
        }
        // Decode what searches read of the index now rather than in the first request.
        if let Some(first) = pool.first()
            && let Err(err) = lock(first).warm_search()
        {
            tracing::warn!(error = %err, "cannot prepare the index for searching; the first search will");
        }
        Ok(Store {
            mode: Mode::Dir {
                dir,
                readers: pool,
                writer: Mutex::new(None),
            },
            generation: AtomicU64::new(0),
            seen_seq: AtomicI64::new(-1),
            next: AtomicUsize::new(0),
        })
    }

    /// The archive directory, if on disk.
    pub fn dir(&self) -> Option<&Path> {
        match &self.mode {
            Mode::Single(_) => None,
            Mode::Dir { dir, .. } => Some(dir),
        }
    }

    /// Runs `f` with a reader (blocking; call from a blocking thread), after picking up
    /// what was committed since the last request, here or by another process.
    pub fn read<T>(&self, f: impl FnOnce(&Archive) -> T) -> T {
        match &self.mode {
            Mode::Single(archive) => {
                let archive = lock(archive);
                self.reload(&archive);
                f(&archive)
            }
            Mode::Dir { readers, .. } => {
                let start = self.next.fetch_add(1, Ordering::Relaxed);
                let n = readers.len();
                // Take a free reader if there is one, else wait for ours.
                let guard = (0..n)
                    .find_map(|i| readers[(start + i) % n].try_lock().ok())
                    .unwrap_or_else(|| lock(&readers[start % n]));
                self.reload(&guard);
                f(&guard)
            }
        }
    }

    /// Reloads a reader; a newer index commit than any seen moves the generation.
    fn reload(&self, archive: &Archive) {
        match archive.reload() {
            Ok(seq) => {
                if self.seen_seq.fetch_max(seq, Ordering::AcqRel) < seq {
                    self.generation.fetch_add(1, Ordering::AcqRel);
                }
            }
            Err(err) => {
                tracing::warn!(error = %err, "cannot reload an archive reader; serving the previous state")
            }
        }
    }

    /// Runs a long read (an export streaming to a slow client) on a handle of its own
    /// over a directory, so it does not hold a pooled reader for its whole duration.
    pub fn read_long<T>(&self, f: impl FnOnce(&Archive) -> T) -> Result<T, StoreError> {
        match &self.mode {
            Mode::Single(archive) => Ok(f(&lock(archive))),
            Mode::Dir { dir, .. } => Ok(f(&Archive::open(dir)?)),
        }
    }

    /// Runs `f` with the writer (blocking), then flushes and lets readers see the change.
    ///
    /// Over a directory the writer takes the index lock before `f` runs and gives it
    /// back after the flush; when another process holds it, `f` does not run and the
    /// error says so ([`StoreError::is_busy`]).
    pub fn write<T>(&self, f: impl FnOnce(&mut Archive) -> T) -> Result<T, StoreError> {
        let out = match &self.mode {
            Mode::Single(archive) => {
                let mut archive = lock(archive);
                let out = f(&mut archive);
                archive.flush()?;
                out
            }
            Mode::Dir { dir, writer, .. } => {
                let mut slot = lock(writer);
                if slot.is_none() {
                    *slot = Some(Archive::open(dir)?);
                }
                let Some(archive) = slot.as_mut() else {
                    return Err(StoreError::Export(
                        "the archive writer is unavailable".into(),
                    ));
                };
                archive.acquire_writer()?;
                let out = f(archive);
                let released = archive.release_writer();
                if released.is_err() {
                    // Start over from the files next time.
                    *slot = None;
                }
                released?;
                out
            }
        };
        self.generation.fetch_add(1, Ordering::AcqRel);
        Ok(out)
    }

    /// Identifies the archive's state as this server sees it: moves with
    /// [`Store::generation`] and, over a directory, when the index commit file changes
    /// (another process ingested). Cheap: one `stat`.
    pub(crate) fn change_token(&self) -> u64 {
        let generation = self.generation();
        let Some(dir) = self.dir() else {
            return generation;
        };
        let commit = std::fs::metadata(dir.join("index").join("meta.json"))
            .ok()
            .map_or(0, |m| {
                let nanos = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos() as u64);
                nanos ^ m.len().rotate_left(48)
            });
        generation.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ commit
    }

    /// Bumped by every write; what readers and caches compare against.
    pub(crate) fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Bytes the archive takes on disk (0 in memory).
    pub fn disk_bytes(&self) -> u64 {
        fn walk(dir: &Path, depth: usize) -> u64 {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return 0;
            };
            let mut total = 0;
            for entry in entries.flatten() {
                let Ok(meta) = entry.metadata() else { continue };
                if meta.is_dir() && depth < 4 {
                    total += walk(&entry.path(), depth + 1);
                } else if meta.is_file() {
                    total += meta.len();
                }
            }
            total
        }
        self.dir().map_or(0, |d| walk(d, 0))
    }
}

/// Settings of the server that handlers read.
#[derive(Clone)]
pub(crate) struct Config {
    pub admin_token: Option<String>,
    pub limits: Limits,
}

/// What every handler shares: the store, the ingest pipeline, settings and metrics.
#[derive(Clone)]
pub struct AppState {
    pub(crate) store: Arc<Store>,
    pub(crate) ingestor: Option<Arc<dyn Ingestor>>,
    pub(crate) config: Arc<Config>,
    pub(crate) metrics: Arc<Metrics>,
    pub(crate) facets: Arc<FacetCache>,
    /// Whole responses of the read routes, for the current archive state.
    pub(crate) responses: Arc<crate::cache::ResponseCache>,
    /// The line read requests wait in when the server is busy.
    pub(crate) admission: Arc<crate::admission::Admission>,
    /// [`dateline_store::Stats`] and the generation they were computed at.
    pub(crate) stats: Arc<Mutex<Option<(u64, dateline_store::Stats)>>>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("store", &self.store)
            .field("ingest", &self.ingestor.is_some())
            .field(
                "admin_token",
                &self.config.admin_token.as_ref().map(|_| "<set>"),
            )
            .field("limits", &self.config.limits)
            .finish()
    }
}

impl AppState {
    /// State over a store: read-only, default limits, no ingest pipeline.
    pub fn new(store: Store) -> AppState {
        AppState {
            store: Arc::new(store),
            ingestor: None,
            config: Arc::new(Config {
                admin_token: None,
                limits: Limits::default(),
            }),
            metrics: Arc::new(Metrics::default()),
            facets: Arc::new(FacetCache::default()),
            responses: Arc::new(crate::cache::ResponseCache::default()),
            admission: Arc::new(crate::admission::Admission::default()),
            stats: Arc::new(Mutex::new(None)),
        }
    }

    /// Keeps at most `bytes` of whole responses of the read routes for the current
    /// archive state (0: no response cache).
    pub fn with_response_cache(mut self, bytes: usize) -> AppState {
        self.responses = Arc::new(crate::cache::ResponseCache::new(bytes));
        self
    }

    /// Serves at most `n` read requests at once; the others wait in line in arrival
    /// order (0: no line, every request runs at once).
    pub fn with_max_in_flight(mut self, n: usize) -> AppState {
        self.admission = Arc::new(crate::admission::Admission::new(n));
        self
    }

    /// Allows `POST /api/ingest` to clients presenting this bearer token (an empty
    /// token leaves the server read-only).
    pub fn with_admin_token(mut self, token: Option<String>) -> AppState {
        Arc::make_mut(&mut self.config).admin_token = token.filter(|t| !t.is_empty());
        self
    }

    /// The pipeline `POST /api/ingest` runs uploads through.
    pub fn with_ingestor(mut self, ingestor: impl Ingestor) -> AppState {
        self.ingestor = Some(Arc::new(ingestor));
        self
    }

    /// Replaces the limits.
    pub fn with_limits(mut self, limits: Limits) -> AppState {
        Arc::make_mut(&mut self.config).limits = limits;
        self
    }

    /// The limits in force.
    pub fn limits(&self) -> Limits {
        self.config.limits
    }

    /// Runs a read on a blocking thread.
    pub(crate) async fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Archive) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || store.read(f))
            .await
            .map_err(|e| ApiError::internal("a blocking read task failed", &e))?
    }
}

impl AppState {
    /// Searches, reusing cached facet counts for a query seen at this generation.
    pub(crate) async fn search(&self, request: SearchRequest) -> Result<SearchResults, ApiError> {
        let store = Arc::clone(&self.store);
        let cache = Arc::clone(&self.facets);
        self.read(move |a| {
            // Inside the read: the reader has just reloaded, so the generation is current.
            let generation = store.generation();
            let key = (
                request.query.clone(),
                request.all_versions,
                request.facet_limit,
            );
            let cached = (key.2 > 0).then(|| cache.get(generation, &key)).flatten();
            let mut request = request;
            if cached.is_some() {
                request.facet_limit = 0;
            }
            let mut results = a.search(&request).map_err(ApiError::from)?;
            match cached {
                Some(facets) => results.facets = facets,
                None if key.2 > 0 => cache.put(generation, key, results.facets.clone()),
                None => {}
            }
            Ok(results)
        })
        .await
    }
}

/// Compares secrets in time independent of where they differ.
pub(crate) fn same_secret(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut diff = (a.len() ^ b.len()) as u8 | u8::from(a.len() != b.len());
    for i in 0..a.len().max(b.len()) {
        diff |= a.get(i).copied().unwrap_or(0) ^ b.get(i).copied().unwrap_or(0xff);
    }
    diff == 0
}

impl From<IngestFailure> for ApiError {
    fn from(err: IngestFailure) -> Self {
        match err {
            IngestFailure::BadUpload(msg) => ApiError::with(
                ErrorCode::BadUpload,
                format!("cannot read the upload: {msg}"),
            ),
            IngestFailure::Store(e) => ApiError::from(e),
            IngestFailure::Internal(msg) => ApiError::internal("the ingest pipeline failed", &msg),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "abcd"));
        assert!(!same_secret("", "a"));
        assert!(same_secret("", ""));
    }
}
