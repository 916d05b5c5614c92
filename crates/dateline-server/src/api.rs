//! JSON handlers of `/api/*`: each parses its parameters, calls the store on a
//! blocking thread and serializes what the store returns.

use std::io::{self, Write};

use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dateline_store::{
    ContactEntry, IngestSummary, QuoteView, RecordId, SearchRequest, SearchResults, Sort, Stats,
    TimelineMonth, export,
};
use serde::{Deserialize, Serialize};

use crate::cursor;
use crate::error::{ApiError, ErrorCode};
use crate::state::{AppState, Upload, same_secret};

/// Turns a query-string rejection into `bad_request`.
pub(crate) fn params<T>(q: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    q.map(|Query(t)| t).map_err(|e| {
        ApiError::with(
            ErrorCode::BadRequest,
            format!("invalid query parameters: {}", e.body_text()),
        )
    })
}

/// Parameters of a search, shared by the API and the search page.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct SearchParams {
    pub q: Option<String>,
    pub sort: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
    pub cursor: Option<String>,
    pub all_versions: Option<bool>,
    pub facets: Option<usize>,
}

/// A search resolved against the limits, ready for the store.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    pub request: SearchRequest,
    pub sort_name: &'static str,
    pub fingerprint: u64,
}

/// Longest query accepted, in bytes.
const MAX_QUERY: usize = 2_000;

impl SearchParams {
    pub(crate) fn resolve(&self, max_page: usize) -> Result<Resolved, ApiError> {
        let query = self.q.clone().unwrap_or_default();
        if query.len() > MAX_QUERY {
            return Err(ApiError::with(
                ErrorCode::BadQuery,
                format!(
                    "the query is {} bytes long; at most {MAX_QUERY} are accepted",
                    query.len()
                ),
            ));
        }
        let (sort, sort_name) = match self.sort.as_deref().map(str::trim) {
            Some("relevance") => (Sort::Relevance, "relevance"),
            Some("newest") => (Sort::Newest, "newest"),
            Some("oldest") => (Sort::Oldest, "oldest"),
            // An empty query has no relevance: newest first reads best.
            None | Some("") if query.trim().is_empty() => (Sort::Newest, "newest"),
            None | Some("") => (Sort::Relevance, "relevance"),
            Some(other) => {
                return Err(ApiError::with(
                    ErrorCode::BadRequest,
                    format!(
                        "unknown sort `{}`; use `relevance`, `newest` or `oldest`",
                        truncate(other, 40)
                    ),
                ));
            }
        };
        let limit = self.limit.unwrap_or(10);
        if limit == 0 || limit > max_page {
            return Err(ApiError::with(
                ErrorCode::BadRequest,
                format!("`limit` must be between 1 and {max_page}"),
            ));
        }
        let all_versions = self.all_versions.unwrap_or(false);
        let fingerprint = cursor::fingerprint(&query, sort_name, all_versions);
        let offset = match (&self.cursor, self.offset) {
            (Some(c), _) => {
                cursor::decode(c, fingerprint).ok_or_else(|| ApiError::new(ErrorCode::BadCursor))?
            }
            (None, Some(o)) => o,
            (None, None) => 0,
        };
        let facet_limit = self.facets.unwrap_or(10).min(50);
        Ok(Resolved {
            request: SearchRequest {
                query,
                sort,
                limit,
                offset,
                all_versions,
                facet_limit,
                snippet_chars: 240,
            },
            sort_name,
            fingerprint,
        })
    }
}

pub(crate) fn truncate(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// A page of search results as the API sends it.
#[derive(Debug, Serialize)]
struct SearchPage {
    offset: usize,
    limit: usize,
    sort: &'static str,
    #[serde(flatten)]
    results: SearchResults,
    /// Cursor of the next page, if any.
    next_cursor: Option<String>,
    /// Link to the next page, if any.
    next: Option<String>,
}

fn encode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// `GET /api/search`
pub(crate) async fn search(
    State(state): State<AppState>,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let params = params(q)?;
    let resolved = params.resolve(state.limits().max_page)?;
    let results = state.search(resolved.request.clone()).await?;
    let shown = resolved.request.offset.saturating_add(results.hits.len());
    let next_cursor = (shown < results.total as usize && !results.hits.is_empty())
        .then(|| cursor::encode(shown, resolved.fingerprint));
    let next = next_cursor.as_ref().map(|c| {
        let r = &resolved.request;
        format!(
            "/api/search?q={}&sort={}&limit={}&all_versions={}&facets={}&cursor={c}",
            encode(&r.query),
            resolved.sort_name,
            r.limit,
            r.all_versions,
            r.facet_limit
        )
    });
    Ok(Json(SearchPage {
        offset: resolved.request.offset,
        limit: resolved.request.limit,
        sort: resolved.sort_name,
        results,
        next_cursor,
        next,
    })
    .into_response())
}

/// Record ids are hex digests; anything longer than this is not one.
const MAX_ID: usize = 128;

/// `GET /api/releases/{id}`
pub(crate) async fn release(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if id.is_empty() || id.len() > MAX_ID {
        return Err(ApiError::with(
            ErrorCode::NotFound,
            "no release has this id",
        ));
    }
    let view = state
        .read(move |a| a.get(&RecordId(id)).map_err(ApiError::from))
        .await?;
    match view {
        Some(view) => Ok(Json(view).into_response()),
        None => Err(ApiError::with(
            ErrorCode::NotFound,
            "no release has this id",
        )),
    }
}

/// A page of a person's quotes, the total and the roles seen.
#[derive(Debug, Serialize)]
pub(crate) struct PersonQuotes {
    pub name: String,
    pub roles: Vec<String>,
    pub total: u64,
    pub offset: usize,
    pub limit: usize,
    pub quotes: Vec<QuoteView>,
}

/// Parameters of a page of quotes.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct PageParams {
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

/// Longest person name accepted.
const MAX_NAME: usize = 200;

pub(crate) async fn person_quotes(
    state: &AppState,
    name: String,
    page: PageParams,
) -> Result<PersonQuotes, ApiError> {
    let name = name.trim().to_string();
    if name.is_empty() || name.len() > MAX_NAME {
        return Err(ApiError::with(
            ErrorCode::BadRequest,
            format!("a person's name must be 1 to {MAX_NAME} bytes"),
        ));
    }
    let max = state.limits().max_page;
    let limit = page.limit.unwrap_or(max);
    if limit == 0 || limit > max {
        return Err(ApiError::with(
            ErrorCode::BadRequest,
            format!("`limit` must be between 1 and {max}"),
        ));
    }
    let offset = page.offset.unwrap_or(0);
    let lookup = name.clone();
    let found = state
        .read(move |a| {
            a.quotes_page(&lookup, offset, limit)
                .map_err(ApiError::from)
        })
        .await?;
    Ok(PersonQuotes {
        name,
        roles: found.roles,
        total: found.total,
        offset,
        limit,
        quotes: found.quotes,
    })
}

/// `GET /api/people/{name}/quotes`
pub(crate) async fn people_quotes(
    State(state): State<AppState>,
    Path(name): Path<String>,
    q: Result<Query<PageParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let person = person_quotes(&state, name, params(q)?).await?;
    if person.total == 0 {
        return Err(ApiError::with(
            ErrorCode::NotFound,
            "no quote of this person is archived",
        ));
    }
    Ok(Json(person).into_response())
}

/// A country's releases by month.
#[derive(Debug, Serialize)]
pub(crate) struct Timeline {
    pub country: String,
    pub releases: usize,
    pub months: Vec<TimelineMonth>,
}

pub(crate) fn country_code(code: &str) -> Result<String, ApiError> {
    let code = code.trim();
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(code.to_ascii_uppercase())
    } else {
        Err(ApiError::with(
            ErrorCode::BadRequest,
            format!(
                "`{}` is not an ISO 3166-1 alpha-2 country code such as `UZ`",
                truncate(code, 12)
            ),
        ))
    }
}

/// Releases listed per month of a timeline unless asked otherwise.
pub(crate) const PER_MONTH: usize = 20;

/// Parameters of a timeline.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct TimelineParams {
    pub per_month: Option<usize>,
}

pub(crate) async fn timeline_of(
    state: &AppState,
    code: &str,
    per_month: usize,
) -> Result<Timeline, ApiError> {
    let country = country_code(code)?;
    let max = state.limits().max_page;
    if per_month > max {
        return Err(ApiError::with(
            ErrorCode::BadRequest,
            format!("`per_month` must be between 0 and {max}"),
        ));
    }
    let c = country.clone();
    let months = state
        .read(move |a| a.timeline_top(&c, per_month).map_err(ApiError::from))
        .await?;
    let releases = months.iter().map(|m| m.stories as usize).sum();
    Ok(Timeline {
        country,
        releases,
        months,
    })
}

/// `GET /api/countries/{code}/timeline`
pub(crate) async fn country_timeline(
    State(state): State<AppState>,
    Path(code): Path<String>,
    q: Result<Query<TimelineParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let per_month = params(q)?.per_month.unwrap_or(PER_MONTH);
    Ok(Json(timeline_of(&state, &code, per_month).await?).into_response())
}

/// Parameters of the contacts directory.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ContactParams {
    pub q: Option<String>,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

/// A page of the contacts directory.
#[derive(Debug, Serialize)]
pub(crate) struct ContactPage {
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
    pub contacts: Vec<ContactEntry>,
}

pub(crate) async fn contact_page(
    state: &AppState,
    params: ContactParams,
) -> Result<ContactPage, ApiError> {
    let max = state.limits().max_page;
    let limit = params.limit.unwrap_or(50);
    if limit == 0 || limit > max {
        return Err(ApiError::with(
            ErrorCode::BadRequest,
            format!("`limit` must be between 1 and {max}"),
        ));
    }
    let needle = params.q.unwrap_or_default().trim().to_lowercase();
    if needle.len() > MAX_NAME {
        return Err(ApiError::with(
            ErrorCode::BadRequest,
            format!("`q` is longer than {MAX_NAME} bytes"),
        ));
    }
    let offset = params.offset.unwrap_or(0);
    state
        .read(move |a| {
            let page = a
                .contacts_page(&needle, offset, limit)
                .map_err(ApiError::from)?;
            Ok(ContactPage {
                total: page.total as usize,
                offset,
                limit,
                contacts: page.contacts,
            })
        })
        .await
}

/// `GET /api/contacts`
pub(crate) async fn contacts(
    State(state): State<AppState>,
    q: Result<Query<ContactParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    Ok(Json(contact_page(&state, params(q)?).await?).into_response())
}

/// The archive's statistics, computed once per archive generation (they scan the
/// whole archive: seconds at a million records).
pub(crate) async fn stats_of(state: &AppState) -> Result<Stats, ApiError> {
    let store = std::sync::Arc::clone(&state.store);
    let cache = std::sync::Arc::clone(&state.stats);
    state
        .read(move |a| {
            let generation = store.generation();
            let mut slot = cache
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some((g, stats)) = slot.as_ref()
                && *g == generation
            {
                return Ok(stats.clone());
            }
            let stats = a.stats().map_err(ApiError::from)?;
            *slot = Some((generation, stats.clone()));
            Ok(stats)
        })
        .await
}

/// `GET /api/stats`
pub(crate) async fn stats(State(state): State<AppState>) -> Result<Response, ApiError> {
    Ok(Json(stats_of(&state).await?).into_response())
}

/// Parameters of an export.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ExportParams {
    pub format: Option<String>,
    pub q: Option<String>,
}

/// Bytes per chunk sent down the export channel.
const CHUNK: usize = 32 << 10;
/// Chunks buffered between the blocking exporter and the response.
const CHANNEL: usize = 8;

/// A `Write` that ships full chunks through a bounded channel, blocking when the
/// client reads slower than the archive is read.
struct ChannelWriter {
    tx: tokio::sync::mpsc::Sender<Result<Bytes, io::Error>>,
    buf: Vec<u8>,
}

impl ChannelWriter {
    fn ship(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client went away"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.ship()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.ship()
    }
}

/// `GET /api/export`: streams records as JSON Lines or CSV from a blocking task
/// through a bounded channel; memory stays flat whatever the archive size.
pub(crate) async fn export(
    State(state): State<AppState>,
    q: Result<Query<ExportParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let params = params(q)?;
    let csv = match params.format.as_deref().unwrap_or("jsonl") {
        "jsonl" | "ndjson" => false,
        "csv" => true,
        other => {
            return Err(ApiError::with(
                ErrorCode::BadRequest,
                format!(
                    "unknown format `{}`; use `jsonl` or `csv`",
                    truncate(other, 20)
                ),
            ));
        }
    };
    let query = params.q.filter(|q| !q.trim().is_empty());
    if query.as_ref().is_some_and(|q| q.len() > MAX_QUERY) {
        return Err(ApiError::with(
            ErrorCode::BadQuery,
            format!("the query is longer than {MAX_QUERY} bytes"),
        ));
    }
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, io::Error>>(CHANNEL);
    let (started_tx, started_rx) = tokio::sync::oneshot::channel::<Result<(), ApiError>>();
    let store = std::sync::Arc::clone(&state.store);
    tokio::task::spawn_blocking(move || {
        let outcome = store.read_long(|archive| {
            let records = match archive.export(query.as_deref()) {
                Ok(records) => {
                    let _ = started_tx.send(Ok(()));
                    records
                }
                Err(err) => {
                    let _ = started_tx.send(Err(ApiError::from(err)));
                    return;
                }
            };
            let mut out = ChannelWriter {
                tx: tx.clone(),
                buf: Vec::with_capacity(CHUNK),
            };
            let written = if csv {
                export::write_csv(records, &mut out)
            } else {
                export::write_jsonl(records, &mut out)
            };
            match written {
                Ok(n) => tracing::debug!(records = n, "export finished"),
                Err(err) => {
                    tracing::warn!(error = %err, "export stopped");
                    // Abort the body so the client sees a truncated transfer, not a short file.
                    let _ = tx.blocking_send(Err(io::Error::other("export failed")));
                }
            }
        });
        // Dropping `started_tx` unanswered makes the handler answer `internal`.
        if let Err(err) = outcome {
            tracing::error!(error = %err, "cannot open an archive handle for an export");
        }
    });
    match started_rx.await {
        Ok(Ok(())) => {}
        Ok(Err(err)) => return Err(err),
        Err(_) => {
            return Err(ApiError::internal(
                "the export task ended before starting",
                &"channel closed",
            ));
        }
    }
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    let (content_type, name) = if csv {
        (
            "text/csv; charset=utf-8",
            "attachment; filename=\"dateline-export.csv\"",
        )
    } else {
        (
            "application/x-ndjson",
            "attachment; filename=\"dateline-export.jsonl\"",
        )
    };
    let mut response = Response::new(Body::from_stream(stream));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static(name));
    Ok(response)
}

/// Parameters of a raw-body ingest.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(crate) struct IngestParams {
    pub filename: Option<String>,
}

/// The answer to an ingest.
#[derive(Debug, Serialize)]
struct IngestAnswer {
    files: usize,
    summary: IngestSummary,
}

fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = state.config.admin_token.as_deref() else {
        return Err(ApiError::new(ErrorCode::ReadOnly));
    };
    if state.ingestor.is_none() {
        return Err(ApiError::with(
            ErrorCode::ReadOnly,
            "this server has no ingest pipeline; it is read-only",
        ));
    }
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(given) if same_secret(given, token) => Ok(()),
        _ => Err(ApiError::new(ErrorCode::Unauthorized)),
    }
}

fn clean_name(name: Option<&str>) -> String {
    let name: String = name
        .unwrap_or("upload")
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    // Keep the last path component only: the name is a label, never a path, so an
    // ingestor may safely join it to a directory of its own.
    let base = name.rsplit(['/', '\\']).next().unwrap_or("").trim();
    if base.is_empty() || base.chars().all(|c| c == '.') {
        "upload".into()
    } else {
        base.to_string()
    }
}

fn too_large(limit: usize) -> ApiError {
    ApiError::with(
        ErrorCode::PayloadTooLarge,
        format!(
            "the upload is larger than the `{limit}` bytes this server accepts; split it into smaller files"
        ),
    )
}

/// `POST /api/ingest`: raw body (`?filename=`) or `multipart/form-data` with one or
/// more files, each run through the ingest pipeline into the archive.
pub(crate) async fn ingest(
    State(state): State<AppState>,
    q: Result<Query<IngestParams>, QueryRejection>,
    request: Request,
) -> Result<Response, ApiError> {
    authorize(&state, request.headers())?;
    let limit = state.limits().upload_bytes;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large(limit));
    }
    let params = params(q)?;
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let mut uploads = Vec::new();
    if content_type
        .as_deref()
        .is_some_and(|t| t.starts_with("multipart/form-data"))
    {
        let mut multipart =
            <Multipart as axum::extract::FromRequest<()>>::from_request(request, &())
                .await
                .map_err(|e| {
                    ApiError::with(
                        ErrorCode::BadUpload,
                        format!("cannot read the multipart body: {}", e.body_text()),
                    )
                })?;
        let mut total = 0usize;
        loop {
            let field = match multipart.next_field().await {
                Ok(Some(field)) => field,
                Ok(None) => break,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(too_large(limit));
                }
                Err(e) => {
                    return Err(ApiError::with(
                        ErrorCode::BadUpload,
                        format!("cannot read the multipart body: {}", e.body_text()),
                    ));
                }
            };
            let filename = clean_name(field.file_name().or(field.name()));
            let field_type = field.content_type().map(str::to_string);
            let bytes = match field.bytes().await {
                Ok(b) => b,
                Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(too_large(limit));
                }
                Err(e) => {
                    return Err(ApiError::with(
                        ErrorCode::BadUpload,
                        format!("cannot read the multipart body: {}", e.body_text()),
                    ));
                }
            };
            total = total.saturating_add(bytes.len());
            if total > limit {
                return Err(too_large(limit));
            }
            uploads.push(Upload {
                filename,
                content_type: field_type,
                bytes: bytes.to_vec(),
            });
        }
    } else {
        let bytes = axum::body::to_bytes(request.into_body(), limit)
            .await
            .map_err(|_| too_large(limit))?;
        uploads.push(Upload {
            filename: clean_name(params.filename.as_deref()),
            content_type,
            bytes: bytes.to_vec(),
        });
    }
    if uploads.iter().all(|u| u.bytes.is_empty()) {
        return Err(ApiError::with(
            ErrorCode::BadUpload,
            "the upload is empty; send pages as the body or as multipart files",
        ));
    }
    let Some(ingestor) = state.ingestor.clone() else {
        return Err(ApiError::new(ErrorCode::ReadOnly));
    };
    let store = std::sync::Arc::clone(&state.store);
    let files = uploads.len();
    let summary = tokio::task::spawn_blocking(move || {
        store.write(|archive| {
            let mut total = IngestSummary::default();
            for upload in uploads {
                let label = upload.filename.clone();
                let s = ingestor.ingest(upload, archive)?;
                tracing::info!(file = %label, summary = %s, "ingested an upload");
                total.pages_read += s.pages_read;
                total.new += s.new;
                total.updated += s.updated;
                total.duplicate += s.duplicate;
                total.unchanged += s.unchanged;
                for (kind, n) in s.errors {
                    *total.errors.entry(kind).or_default() += n;
                }
            }
            Ok::<_, ApiError>(total)
        })
    })
    .await
    .map_err(|e| ApiError::internal("the ingest task failed", &e))?
    .map_err(ApiError::from)??;
    Ok((StatusCode::OK, Json(IngestAnswer { files, summary })).into_response())
}

/// `GET /healthz`
pub(crate) async fn healthz(State(state): State<AppState>) -> Result<Response, ApiError> {
    let records = stats_of(&state).await?.records;
    Ok(Json(serde_json::json!({ "status": "ok", "records": records })).into_response())
}

/// `GET /metrics`
pub(crate) async fn metrics(State(state): State<AppState>) -> Result<Response, ApiError> {
    let (records, stories) = stats_of(&state).await.map(|s| (s.records, s.stories))?;
    let store = std::sync::Arc::clone(&state.store);
    let disk = tokio::task::spawn_blocking(move || store.disk_bytes())
        .await
        .unwrap_or(0);
    let mut body = state.metrics.render(records, stories, disk);
    let cache = &state.responses;
    body.push_str(&format!(
        "# HELP dateline_response_cache_hits_total Read requests answered from the response cache.\n\
         # TYPE dateline_response_cache_hits_total counter\n\
         dateline_response_cache_hits_total {}\n\
         # HELP dateline_response_cache_misses_total Cacheable read requests computed.\n\
         # TYPE dateline_response_cache_misses_total counter\n\
         dateline_response_cache_misses_total {}\n\
         # HELP dateline_response_cache_bytes Bytes of responses held in the cache.\n\
         # TYPE dateline_response_cache_bytes gauge\n\
         dateline_response_cache_bytes {}\n\
         # HELP dateline_http_requests_waiting Read requests waiting in line for a slot.\n\
         # TYPE dateline_http_requests_waiting gauge\n\
         dateline_http_requests_waiting {}\n",
        cache.hits.load(std::sync::atomic::Ordering::Relaxed),
        cache.misses.load(std::sync::atomic::Ordering::Relaxed),
        cache.bytes(),
        state.admission.waiting(),
    ));
    Ok((
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        body,
    )
        .into_response())
}

/// The OpenAPI 3.1 document, written by hand.
pub(crate) const OPENAPI: &str = include_str!("openapi.json");

/// `GET /api/openapi.json`
pub(crate) async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_names_are_bare_file_names() {
        assert_eq!(clean_name(Some("../../etc/passwd")), "passwd");
        assert_eq!(clean_name(Some("C:\\x\\a.warc.gz")), "a.warc.gz");
        assert_eq!(clean_name(Some("..")), "upload");
        assert_eq!(clean_name(Some("dir/..")), "upload");
        assert_eq!(clean_name(Some("a\nb.html")), "ab.html");
        assert_eq!(clean_name(None), "upload");
    }
}
