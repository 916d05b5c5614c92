//! A bounded cache of whole responses of the read-only GET routes (searches, pages,
//! views), so a query repeated by many clients is answered once per archive state.
//!
//! Entries are keyed by the request's path and query and belong to one *state* of the
//! archive: the store's generation (moved by this server's writes and by readers that
//! saw another process's commit) and the index commit file's modification time (moved
//! by an ingest in another process, seen at the next request). Any change empties the
//! cache. Memory is bounded: responses over [`MAX_ENTRY`] bytes are not kept, and the
//! oldest entries go when the total passes the configured size ([`DEFAULT_BYTES`]
//! unless [`crate::ServeOptions::cache_bytes`] says otherwise; 0 turns it off).

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes, HttpBody as _};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use tokio::sync::Notify;

use crate::state::AppState;

/// Largest response kept.
pub(crate) const MAX_ENTRY: usize = 512 << 10;
/// Total bytes of responses kept unless configured otherwise.
pub const DEFAULT_BYTES: usize = 64 << 20;
/// Longest request key (path and query) kept.
const MAX_KEY: usize = 2048;

#[derive(Clone)]
struct Entry {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

#[derive(Default)]
struct Inner {
    state: u64,
    map: HashMap<String, Entry>,
    order: VecDeque<String>,
    bytes: usize,
    /// Requests being computed, by (state, key): others asking the same wait for them.
    pending: HashMap<(u64, String), Arc<Notify>>,
}

/// What a request finds in the cache.
enum Lookup {
    Hit(Entry),
    /// The same request is being computed: wait, then look again.
    Wait(Arc<Notify>),
    /// Compute it (the guard wakes the waiters when dropped).
    Compute(Leader),
}

/// The request computing a response others wait for; wakes them when dropped
/// (answered, failed or cancelled alike).
struct Leader {
    cache: Arc<ResponseCache>,
    /// `None` when another request leads (this one computes on its own).
    key: Option<(u64, String)>,
}

impl Drop for Leader {
    fn drop(&mut self) {
        if let Some(key) = self.key.take()
            && let Some(n) = self.cache.lock().pending.remove(&key)
        {
            n.notify_waiters();
        }
    }
}

/// Responses by request, for one archive state.
pub(crate) struct ResponseCache {
    inner: Mutex<Inner>,
    max_bytes: usize,
    /// Requests answered from the cache.
    pub(crate) hits: AtomicU64,
    /// Cacheable requests that were computed.
    pub(crate) misses: AtomicU64,
}

impl std::fmt::Debug for ResponseCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ResponseCache")
    }
}

impl Default for ResponseCache {
    fn default() -> Self {
        ResponseCache::new(DEFAULT_BYTES)
    }
}

impl ResponseCache {
    /// A cache holding at most `max_bytes` of responses (0: off).
    pub(crate) fn new(max_bytes: usize) -> ResponseCache {
        ResponseCache {
            inner: Mutex::default(),
            max_bytes,
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn get(&self, state: u64, key: &str) -> Option<Entry> {
        let inner = self.lock();
        (inner.state == state)
            .then(|| inner.map.get(key).cloned())
            .flatten()
    }

    /// A hit, or the request to wait for, or leadership of the computation.
    fn lookup(self: &Arc<Self>, state: u64, key: &str, may_wait: bool) -> Lookup {
        let mut inner = self.lock();
        if inner.state == state
            && let Some(hit) = inner.map.get(key)
        {
            return Lookup::Hit(hit.clone());
        }
        let pending_key = (state, key.to_string());
        let key = match inner.pending.get(&pending_key) {
            Some(n) if may_wait => return Lookup::Wait(Arc::clone(n)),
            Some(_) => None,
            None => {
                inner
                    .pending
                    .insert(pending_key.clone(), Arc::new(Notify::new()));
                Some(pending_key)
            }
        };
        Lookup::Compute(Leader {
            cache: Arc::clone(self),
            key,
        })
    }

    fn put(&self, state: u64, key: String, entry: Entry) {
        let mut inner = self.lock();
        if inner.state != state {
            let pending = std::mem::take(&mut inner.pending);
            *inner = Inner {
                state,
                pending,
                ..Inner::default()
            };
        }
        if inner.map.contains_key(&key) {
            return;
        }
        let size = entry.body.len() + key.len();
        if size > self.max_bytes {
            return;
        }
        while inner.bytes + size > self.max_bytes {
            let Some(old) = inner.order.pop_front() else {
                break;
            };
            if let Some(e) = inner.map.remove(&old) {
                inner.bytes -= e.body.len() + old.len();
            }
        }
        inner.bytes += size;
        inner.order.push_back(key.clone());
        inner.map.insert(key, entry);
    }

    /// Bytes held.
    pub(crate) fn bytes(&self) -> usize {
        self.lock().bytes
    }
}

/// True for the routes whose answer depends only on the request and the archive.
fn cacheable(path: &str) -> bool {
    matches!(
        path,
        "/" | "/api/search" | "/api/contacts" | "/api/stats" | "/contacts" | "/about"
    ) || [
        "/api/releases/",
        "/api/people/",
        "/api/countries/",
        "/releases/",
        "/people/",
        "/countries/",
    ]
    .iter()
    .any(|p| path.starts_with(p))
}

/// The middleware: answers a repeated GET from the cache, keeps what it computes.
pub(crate) async fn layer(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if state.responses.max_bytes == 0
        || request.method() != Method::GET
        || !cacheable(request.uri().path())
    {
        return next.run(request).await;
    }
    let key = request.uri().path_and_query().map_or_else(
        || request.uri().path().to_string(),
        |p| p.as_str().to_string(),
    );
    if key.len() > MAX_KEY {
        return next.run(request).await;
    }
    let cache = Arc::clone(&state.responses);
    let archive_state = state.store.change_token();
    // The same request arriving while it is computed waits for it (once), instead of
    // queueing for an archive reader to compute it again.
    let mut may_wait = true;
    let leader = loop {
        match cache.lookup(archive_state, &key, may_wait) {
            Lookup::Hit(hit) => {
                cache.hits.fetch_add(1, Ordering::Relaxed);
                let mut response = Response::new(Body::from(hit.body));
                *response.status_mut() = hit.status;
                *response.headers_mut() = hit.headers;
                return response;
            }
            Lookup::Wait(notify) => {
                let woken = notify.notified();
                // Registered before looking again: a wake-up in between is not lost.
                tokio::pin!(woken);
                woken.as_mut().enable();
                if let Some(hit) = cache.get(archive_state, &key) {
                    cache.hits.fetch_add(1, Ordering::Relaxed);
                    let mut response = Response::new(Body::from(hit.body));
                    *response.status_mut() = hit.status;
                    *response.headers_mut() = hit.headers;
                    return response;
                }
                woken.await;
                may_wait = false;
            }
            Lookup::Compute(leader) => break leader,
        }
    };
    cache.misses.fetch_add(1, Ordering::Relaxed);
    let response = next.run(request).await;
    let small = response
        .body()
        .size_hint()
        .exact()
        .is_some_and(|n| n as usize <= MAX_ENTRY);
    if response.status() != StatusCode::OK || !small {
        return response;
    }
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, MAX_ENTRY).await {
        Ok(bytes) => {
            cache.put(
                archive_state,
                key,
                Entry {
                    status: parts.status,
                    headers: parts.headers.clone(),
                    body: bytes.clone(),
                },
            );
            drop(leader);
            Response::from_parts(parts, Body::from(bytes))
        }
        Err(err) => {
            tracing::warn!(error = %err, "cannot buffer a response");
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            response
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: usize) -> Entry {
        Entry {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: Bytes::from(vec![b'x'; n]),
        }
    }

    #[test]
    fn forgets_on_a_new_state_and_stays_bounded() {
        let cache = ResponseCache::default();
        cache.put(1, "/a".into(), entry(10));
        assert!(cache.get(1, "/a").is_some());
        assert!(cache.get(2, "/a").is_none());
        cache.put(2, "/b".into(), entry(10));
        assert!(cache.get(2, "/a").is_none());
        for i in 0..(DEFAULT_BYTES / MAX_ENTRY + 8) {
            cache.put(2, format!("/{i}"), entry(MAX_ENTRY));
        }
        assert!(cache.bytes() <= DEFAULT_BYTES);
        assert!(cache.get(2, "/b").is_none());
    }

    #[test]
    fn one_request_computes_the_others_wait() {
        let cache = Arc::new(ResponseCache::default());
        let Lookup::Compute(leader) = cache.lookup(1, "/a", true) else {
            panic!("the first request computes");
        };
        let Lookup::Wait(notify) = cache.lookup(1, "/a", true) else {
            panic!("the second waits");
        };
        assert!(matches!(cache.lookup(1, "/b", true), Lookup::Compute(_)));
        let woken = notify.notified();
        tokio::pin!(woken);
        woken.as_mut().enable();
        cache.put(1, "/a".into(), entry(3));
        drop(leader);
        // Woken (the future is ready) and the answer is there.
        let waker = futures_util::task::noop_waker();
        let mut cx = std::task::Context::from_waker(&waker);
        assert!(woken.as_mut().poll(&mut cx).is_ready());
        assert!(matches!(cache.lookup(1, "/a", true), Lookup::Hit(_)));
        // A leader that goes away without an answer wakes the others, who compute.
        let Lookup::Compute(gone) = cache.lookup(1, "/c", true) else {
            panic!()
        };
        drop(gone);
        assert!(matches!(cache.lookup(1, "/c", true), Lookup::Compute(_)));
    }

    #[test]
    fn only_read_routes_are_cached() {
        assert!(cacheable("/api/search"));
        assert!(cacheable("/people/Amy%20Pope"));
        assert!(!cacheable("/api/export"));
        assert!(!cacheable("/metrics"));
        assert!(!cacheable("/healthz"));
        assert!(!cacheable("/api/ingest"));
    }
}
