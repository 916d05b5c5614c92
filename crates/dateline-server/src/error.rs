//! The one error type of the HTTP API and its table of codes.
//!
//! Every error a client can see is an [`ErrorCode`]: a stable snake_case code, an HTTP
//! status and a message, all from [`ErrorCode::TABLE`]. Internal details (SQLite and
//! index errors, panics in blocking tasks) are logged with `tracing` and never sent.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dateline_store::{ErrorKind, StoreError};
use serde::Serialize;

/// A stable error code of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The search query is malformed.
    BadQuery,
    /// A query parameter is missing or has an invalid value.
    BadRequest,
    /// The pagination cursor is not one this server issued for this search.
    BadCursor,
    /// The admin token is missing or wrong.
    Unauthorized,
    /// The server has no admin token: it is read-only.
    ReadOnly,
    /// No such record, person, country or page.
    NotFound,
    /// The route exists but not with this method.
    MethodNotAllowed,
    /// The request body is larger than the configured limit.
    PayloadTooLarge,
    /// The uploaded content cannot be read as pages.
    BadUpload,
    /// Another process (a `dateline ingest`) is writing the archive.
    ArchiveBusy,
    /// The request took longer than the configured timeout.
    Timeout,
    /// Something failed inside the server; details are in its log.
    Internal,
}

/// One row of the error table.
#[derive(Debug, Clone, Copy)]
pub struct ErrorEntry {
    /// The code.
    pub code: ErrorCode,
    /// Its snake_case name, as sent.
    pub name: &'static str,
    /// The HTTP status.
    pub status: StatusCode,
    /// The message sent to the client.
    pub message: &'static str,
}

impl ErrorCode {
    /// Every code with its name, status and message: the single source of truth.
    pub const TABLE: &'static [ErrorEntry] = &[
        entry(
            ErrorCode::BadQuery,
            "bad_query",
            StatusCode::BAD_REQUEST,
            "the search query is malformed; see `position` and the query language help",
        ),
        entry(
            ErrorCode::BadRequest,
            "bad_request",
            StatusCode::BAD_REQUEST,
            "a parameter is missing or invalid; see the OpenAPI document at `/api/openapi.json`",
        ),
        entry(
            ErrorCode::BadCursor,
            "bad_cursor",
            StatusCode::BAD_REQUEST,
            "the cursor does not belong to this search; start again without `cursor`",
        ),
        entry(
            ErrorCode::Unauthorized,
            "unauthorized",
            StatusCode::UNAUTHORIZED,
            "send the admin token as `Authorization: Bearer TOKEN`",
        ),
        entry(
            ErrorCode::ReadOnly,
            "read_only",
            StatusCode::FORBIDDEN,
            "this server is read-only; start it with `--admin-token` (or `DATELINE_ADMIN_TOKEN`) to allow uploads",
        ),
        entry(
            ErrorCode::NotFound,
            "not_found",
            StatusCode::NOT_FOUND,
            "nothing here; check the id or name",
        ),
        entry(
            ErrorCode::MethodNotAllowed,
            "method_not_allowed",
            StatusCode::METHOD_NOT_ALLOWED,
            "this route does not accept this method; see `/api/openapi.json`",
        ),
        entry(
            ErrorCode::PayloadTooLarge,
            "payload_too_large",
            StatusCode::PAYLOAD_TOO_LARGE,
            "the request body is larger than this server accepts; split the upload",
        ),
        entry(
            ErrorCode::BadUpload,
            "bad_upload",
            StatusCode::UNPROCESSABLE_ENTITY,
            "the upload cannot be read as pages (HTML, text, WARC or JSON Lines)",
        ),
        entry(
            ErrorCode::ArchiveBusy,
            "archive_busy",
            StatusCode::CONFLICT,
            "another process (a `dateline ingest`) is writing the archive; upload again when it ends",
        ),
        entry(
            ErrorCode::Timeout,
            "timeout",
            StatusCode::SERVICE_UNAVAILABLE,
            "the request took too long; narrow the query or try again",
        ),
        entry(
            ErrorCode::Internal,
            "internal",
            StatusCode::INTERNAL_SERVER_ERROR,
            "the server failed to answer; the details are in its log",
        ),
    ];

    /// This code's row of [`ErrorCode::TABLE`].
    pub fn entry(self) -> &'static ErrorEntry {
        let mut i = 0;
        while i < Self::TABLE.len() {
            if Self::TABLE[i].code as u8 == self as u8 {
                return &Self::TABLE[i];
            }
            i += 1;
        }
        &Self::TABLE[Self::TABLE.len() - 1]
    }

    /// The snake_case name sent to clients.
    pub fn name(self) -> &'static str {
        self.entry().name
    }

    /// The HTTP status.
    pub fn status(self) -> StatusCode {
        self.entry().status
    }

    /// The code a bare status maps to (for rejections produced by layers).
    pub fn for_status(status: StatusCode) -> ErrorCode {
        match status {
            StatusCode::BAD_REQUEST => ErrorCode::BadRequest,
            StatusCode::UNAUTHORIZED => ErrorCode::Unauthorized,
            StatusCode::FORBIDDEN => ErrorCode::ReadOnly,
            StatusCode::NOT_FOUND => ErrorCode::NotFound,
            StatusCode::METHOD_NOT_ALLOWED => ErrorCode::MethodNotAllowed,
            StatusCode::PAYLOAD_TOO_LARGE | StatusCode::LENGTH_REQUIRED => {
                ErrorCode::PayloadTooLarge
            }
            StatusCode::UNPROCESSABLE_ENTITY | StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                ErrorCode::BadUpload
            }
            StatusCode::REQUEST_TIMEOUT | StatusCode::SERVICE_UNAVAILABLE => ErrorCode::Timeout,
            s if s.is_client_error() => ErrorCode::BadRequest,
            _ => ErrorCode::Internal,
        }
    }
}

const fn entry(
    code: ErrorCode,
    name: &'static str,
    status: StatusCode,
    message: &'static str,
) -> ErrorEntry {
    ErrorEntry {
        code,
        name,
        status,
        message,
    }
}

/// An error answered to a client: a code from the table plus safe details.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}: {}", code.name(), detail.as_deref().unwrap_or(code.entry().message))]
pub struct ApiError {
    /// The code.
    pub code: ErrorCode,
    /// A detail for the client (never an internal error), replacing the table message.
    pub detail: Option<String>,
    /// For `bad_query`: the 1-based column of the problem.
    pub position: Option<usize>,
}

/// Marks a response as already carrying a well-formed error body, so the
/// error-normalizing layer leaves it alone.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rendered;

/// The JSON body of an error response.
#[derive(Debug, Serialize)]
struct Body<'a> {
    error: Inner<'a>,
}

#[derive(Debug, Serialize)]
struct Inner<'a> {
    code: &'static str,
    status: u16,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<usize>,
}

impl ApiError {
    /// An error with the table message.
    pub fn new(code: ErrorCode) -> Self {
        ApiError {
            code,
            detail: None,
            position: None,
        }
    }

    /// An error with a safe, specific message for the client.
    pub fn with(code: ErrorCode, detail: impl Into<String>) -> Self {
        ApiError {
            code,
            detail: Some(detail.into()),
            position: None,
        }
    }

    /// The message the client sees.
    pub fn message(&self) -> &str {
        self.detail.as_deref().unwrap_or(self.code.entry().message)
    }

    /// Logs an internal failure and returns the opaque `internal` error.
    pub fn internal(what: &str, err: &dyn std::fmt::Display) -> Self {
        tracing::error!(error = %err, "{what}");
        ApiError::new(ErrorCode::Internal)
    }

    /// The JSON body.
    pub fn to_json(&self) -> String {
        let body = Body {
            error: Inner {
                code: self.code.name(),
                status: self.code.status().as_u16(),
                message: self.message(),
                position: self.position,
            },
        };
        serde_json::to_string(&body)
            .unwrap_or_else(|_| String::from("{\"error\":{\"code\":\"internal\"}}"))
    }
}

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Query(q) => ApiError {
                code: ErrorCode::BadQuery,
                detail: Some(format!(
                    "the query is malformed at column {}: expected {}, found {}",
                    q.position, q.expected, q.found
                )),
                position: Some(q.position),
            },
            other if other.is_busy() => ApiError::new(ErrorCode::ArchiveBusy),
            other if other.kind() == ErrorKind::User => {
                ApiError::with(ErrorCode::BadRequest, other.to_string())
            }
            other => ApiError::internal("the archive failed", &other),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (
            self.code.status(),
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            self.to_json(),
        )
            .into_response();
        response.extensions_mut().insert(Rendered);
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_one_row() {
        let mut names: Vec<&str> = ErrorCode::TABLE.iter().map(|e| e.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ErrorCode::TABLE.len());
        for row in ErrorCode::TABLE {
            assert_eq!(row.code.name(), row.name);
            assert_eq!(serde_json::to_value(row.code).unwrap(), row.name);
        }
    }

    #[test]
    fn layer_statuses_map_to_codes() {
        assert_eq!(
            ErrorCode::for_status(StatusCode::PAYLOAD_TOO_LARGE),
            ErrorCode::PayloadTooLarge
        );
        assert_eq!(
            ErrorCode::for_status(StatusCode::METHOD_NOT_ALLOWED),
            ErrorCode::MethodNotAllowed
        );
        assert_eq!(
            ErrorCode::for_status(StatusCode::BAD_GATEWAY),
            ErrorCode::Internal
        );
    }
}
