//! The web UI: server-rendered HTML (maud: compile-time checked, every interpolation
//! escaped), one embedded stylesheet, no JavaScript.
//!
//! Everything shown comes from crawled pages and is untrusted; it only ever reaches
//! the page through maud's escaping, URLs become links only for `http(s):`, and
//! the strict Content-Security-Policy set in [`crate::router`] backs this up.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use dateline_store::{
    FacetCount, Hit, RecordId, RecordView, SearchRequest, Snippet, Sort, SourceView,
};
use dateline_types::{PartialDate, Release};
use maud::{DOCTYPE, Markup, html};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::api::{self, ContactParams, SearchParams};
use crate::error::{ApiError, Rendered};
use crate::state::AppState;

/// The stylesheet, embedded in the binary.
pub(crate) const STYLE: &str = include_str!("../assets/style.css");

/// `GET /assets/style.css`
pub(crate) async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        STYLE,
    )
        .into_response()
}

/// The icon, embedded in the binary.
pub(crate) const FAVICON: &str = include_str!("../assets/favicon.svg");

/// `GET /assets/favicon.svg`
pub(crate) async fn favicon() -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        FAVICON,
    )
        .into_response()
}

/// Characters left as they are in a path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn seg(s: &str) -> String {
    utf8_percent_encode(s, SEGMENT).to_string()
}

fn qs(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn release_href(id: &RecordId) -> String {
    format!("/releases/{}", seg(&id.0))
}

fn person_href(name: &str) -> String {
    format!("/people/{}", seg(name))
}

fn country_href(code: &str) -> String {
    format!("/countries/{}", seg(code))
}

fn search_href(q: &str) -> String {
    format!("/?q={}", qs(q))
}

/// A URL from a page: a link only when it is `http(s):`, never followed automatically.
fn external(url: &str) -> Markup {
    let trimmed = url.trim();
    let lower = trimmed.get(..8).unwrap_or(trimmed).to_ascii_lowercase();
    let safe = (lower.starts_with("https://") || lower.starts_with("http://"))
        && !trimmed.chars().any(|c| c.is_control() || c.is_whitespace());
    html! {
        @if safe {
            a.url href=(trimmed) rel="noopener noreferrer nofollow" { (trimmed) }
        } @else {
            span.url { (url) }
        }
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A date as precise as known: `2 Apr 2018`, `Apr 2018`, `2018`, `23 Nov (year unknown)`.
fn date(d: Option<PartialDate>) -> Markup {
    let month = |m: u8| {
        MONTHS
            .get(usize::from(m).wrapping_sub(1))
            .copied()
            .unwrap_or("?")
    };
    html! {
        @match d {
            Some(PartialDate { year: Some(y), month: Some(m), day: Some(day) }) => time datetime=(d.map(|d| d.to_string()).unwrap_or_default()) { (day) " " (month(m)) " " (y) },
            Some(PartialDate { year: Some(y), month: Some(m), .. }) => time datetime=(d.map(|d| d.to_string()).unwrap_or_default()) { (month(m)) " " (y) },
            Some(PartialDate { year: Some(y), .. }) => time datetime=(y) { (y) },
            Some(PartialDate { year: None, month: Some(m), day: Some(day) }) => span { (day) " " (month(m)) " " span.muted { "(year unknown)" } },
            _ => span.muted { "undated" },
        }
    }
}

/// The snippet with its highlight ranges in `<mark>`: the text is escaped piece by
/// piece, so no markup in the page can survive. Ranges that are out of order or off a
/// character boundary are ignored.
fn snippet(s: &Snippet) -> Markup {
    let mut pieces: Vec<(bool, &str)> = Vec::new();
    let mut at = 0;
    for [start, end] in &s.highlights {
        let (start, end) = (*start, *end);
        if start < at || end <= start {
            continue;
        }
        let (Some(before), Some(marked)) = (s.text.get(at..start), s.text.get(start..end)) else {
            continue;
        };
        pieces.push((false, before));
        pieces.push((true, marked));
        at = end;
    }
    pieces.push((false, s.text.get(at..).unwrap_or("")));
    html! {
        @for (marked, text) in pieces {
            @if marked { mark { (text) } } @else { (text) }
        }
    }
}

/// Which navigation entry is current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nav {
    Search,
    Contacts,
    About,
    None,
}

fn layout(title: &str, nav: Nav, body: Markup) -> Markup {
    let item = |href: &str, label: &str, this: Nav| {
        html! {
            li {
                @if nav == this {
                    a href=(href) aria-current="page" { (label) }
                } @else {
                    a href=(href) { (label) }
                }
            }
        }
    };
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) " · dateline" }
                link rel="stylesheet" href="/assets/style.css";
                link rel="icon" href="/assets/favicon.svg" type="image/svg+xml";
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header.site {
                    a.brand href="/" { "dateline" }
                    nav aria-label="Main" {
                        ul {
                            (item("/", "Search", Nav::Search))
                            (item("/contacts", "Contacts", Nav::Contacts))
                            (item("/about", "About", Nav::About))
                        }
                    }
                }
                main #main tabindex="-1" { (body) }
                footer.site {
                    p { "Press releases extracted from crawled pages. Every field links back to its sources. "
                        a href="/api/openapi.json" { "API" } }
                }
            }
        }
    }
}

fn page(status: StatusCode, markup: Markup) -> Response {
    let mut response = (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        markup.into_string(),
    )
        .into_response();
    if status.is_client_error() || status.is_server_error() {
        response.extensions_mut().insert(Rendered);
    }
    response
}

/// An error as an HTML page (the same code and message the API would send).
pub(crate) fn error_page(err: &ApiError) -> Response {
    let status = err.code.status();
    page(
        status,
        layout(
            "Error",
            Nav::None,
            html! {
                h1 { (status.as_u16()) " " (status.canonical_reason().unwrap_or("Error")) }
                p { (err.message()) }
                p { a href="/" { "Back to search" } }
            },
        ),
    )
}

/// Runs a page handler, turning its error into an HTML error page.
fn respond(result: Result<Markup, ApiError>) -> Response {
    match result {
        Ok(markup) => page(StatusCode::OK, markup),
        Err(err) => error_page(&err),
    }
}

/// A search hit with the dateline of its record (the hit itself has none).
struct Row {
    hit: Hit,
    place: Option<String>,
}

/// `GET /`: the search page.
pub(crate) async fn search(
    State(state): State<AppState>,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> Response {
    respond(search_page(state, q).await)
}

async fn search_page(
    state: AppState,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Markup, ApiError> {
    let mut params = api::params(q)?;
    params.limit = Some(params.limit.unwrap_or(20).min(state.limits().max_page));
    params.cursor = None;
    let query = params.q.clone().unwrap_or_default();
    let resolved = match params.resolve(state.limits().max_page) {
        Ok(r) => r,
        Err(err) => {
            return Ok(search_markup(
                &query,
                None,
                &[],
                None,
                Some(&err),
                &params,
                html! {},
            ));
        }
    };
    // Search (facets may come from the cache); hits carry their dateline place.
    let answer = state.search(resolved.request.clone()).await.map(|results| {
        let rows = results
            .hits
            .into_iter()
            .map(|hit| Row {
                place: hit.place.clone(),
                hit,
            })
            .collect::<Vec<_>>();
        (results.total, results.facets, rows)
    });
    match answer {
        Ok((total, facets, rows)) => {
            let pager = pager(&resolved.request, resolved.sort_name, total);
            Ok(search_markup(
                &query,
                Some(total),
                &rows,
                Some(&facets),
                None,
                &params,
                pager,
            ))
        }
        Err(err) if err.code == crate::error::ErrorCode::BadQuery => Ok(search_markup(
            &query,
            None,
            &[],
            None,
            Some(&err),
            &params,
            html! {},
        )),
        Err(err) => Err(err),
    }
}

/// Previous and next links for a page of results.
fn pager(request: &SearchRequest, sort: &str, total: u64) -> Markup {
    let link = |offset: usize| {
        format!(
            "/?q={}&sort={}&limit={}&offset={offset}",
            qs(&request.query),
            sort,
            request.limit
        )
    };
    let prev = (request.offset > 0).then(|| link(request.offset.saturating_sub(request.limit)));
    let end = request.offset.saturating_add(request.limit);
    let next = ((end as u64) < total).then(|| link(end));
    html! {
        @if prev.is_some() || next.is_some() {
            nav.pager aria-label="Result pages" {
                @if let Some(p) = &prev { a rel="prev" href=(p) { "← Previous" } }
                span { "Results " (request.offset + 1) "–" (end.min(total as usize)) " of " (total) }
                @if let Some(n) = &next { a rel="next" href=(n) { "Next →" } }
            }
        }
    }
}

const HELP: &[(&str, &str)] = &[
    (
        "migrant workers",
        "both words, anywhere in title or body (stemmed: worker, workers)",
    ),
    ("\"human rights\"", "the exact phrase"),
    ("migra*", "words starting with migra"),
    (
        "asylum OR refugee",
        "either word; AND is implied between words",
    ),
    ("-sport  or  NOT sport", "leave out releases with the word"),
    (
        "speaker:Swing",
        "quotes by a speaker (words of the name, in order)",
    ),
    (
        "person:Vitorino  org:UNHCR  site:iom.int",
        "a person, an organization, the publishing site",
    ),
    (
        "country:UZ  lang:ru",
        "an ISO country code mentioned, the release language",
    ),
    (
        "published:2018-01..2018-06",
        "publication date range (also published:2019, published:..2020-12-31)",
    ),
    (
        "has:quotes  has:contacts  has:dateline",
        "releases that have quotes, media contacts, a dateline",
    ),
];

fn facet_filter(field: &str, value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|c| *c != '"' && !c.is_control())
        .collect();
    if clean
        .chars()
        .any(|c| c.is_whitespace() || c == '(' || c == ')' || c == ':')
    {
        format!("{field}:\"{clean}\"")
    } else {
        format!("{field}:{clean}")
    }
}

/// The query's terms as byte ranges: split on whitespace outside double quotes.
fn terms(query: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut quoted = false;
    for (i, c) in query.char_indices() {
        if c == '"' {
            quoted = !quoted;
        }
        match (start, c.is_whitespace() && !quoted) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, query.len()));
    }
    out
}

/// Filters in the query (`country:UZ`), each with the query without it.
fn active_filters(query: &str) -> Vec<(String, String)> {
    const FIELDS: &[&str] = &[
        "speaker:",
        "person:",
        "org:",
        "organization:",
        "site:",
        "country:",
        "lang:",
        "published:",
        "date:",
        "has:",
    ];
    let terms = terms(query);
    let mut out = Vec::new();
    for (k, &(a, b)) in terms.iter().enumerate() {
        let term = query.get(a..b).unwrap_or("");
        if !FIELDS
            .iter()
            .any(|f| term.len() > f.len() && term.to_ascii_lowercase().starts_with(f))
        {
            continue;
        }
        let rest: Vec<&str> = terms
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .filter_map(|(_, &(x, y))| query.get(x..y))
            .collect();
        out.push((term.to_string(), rest.join(" ")));
    }
    out
}

fn search_markup(
    query: &str,
    total: Option<u64>,
    rows: &[Row],
    facets: Option<&dateline_store::Facets>,
    error: Option<&ApiError>,
    params: &SearchParams,
    pager: Markup,
) -> Markup {
    let sort = params.sort.as_deref().unwrap_or("");
    let groups: Vec<(&str, &str, &[FacetCount])> = match facets {
        Some(f) => vec![
            ("Country", "country", &f.country[..]),
            ("Organization", "org", &f.organization[..]),
            ("Site", "site", &f.site[..]),
            ("Year", "published", &f.year[..]),
            ("Speaker", "speaker", &f.speaker[..]),
        ],
        None => Vec::new(),
    };
    let body = html! {
        h1.visually-hidden { "Search press releases" }
        form.search role="search" method="get" action="/" {
            label for="q" { "Search press releases" }
            div.row {
                input #q type="search" name="q" value=(query) autocomplete="off" spellcheck="false"
                    aria-describedby="query-help";
                label.visually-hidden for="sort" { "Sort by" }
                select #sort name="sort" {
                    option value="" selected[sort.is_empty()] { "Best order" }
                    option value="relevance" selected[sort == "relevance"] { "Relevance" }
                    option value="newest" selected[sort == "newest"] { "Newest first" }
                    option value="oldest" selected[sort == "oldest"] { "Oldest first" }
                }
                button type="submit" { "Search" }
            }
            details #query-help.help {
                summary { "Query language" }
                table {
                    caption.visually-hidden { "Query examples" }
                    thead { tr { th scope="col" { "Write" } th scope="col" { "To find" } } }
                    tbody {
                        @for (example, meaning) in HELP {
                            tr { td { code { (example) } } td { (meaning) } }
                        }
                    }
                }
            }
        }
        @if let Some(err) = error {
            div.error role="alert" {
                p { strong { "The query cannot be read. " } (err.message()) }
                @if let Some(pos) = err.position {
                    p { code { (query) } br; code.caret aria-hidden="true" { (" ".repeat(pos.saturating_sub(1).min(2000))) "^" } }
                }
            }
        }
        @let filters = active_filters(query);
        @if !filters.is_empty() {
            nav.active aria-label="Active filters" {
                span.label { "Filtered by: " }
                ul.inline {
                    @for (term, without) in &filters {
                        li { a.chip href=(search_href(without)) aria-label=(format!("Remove filter {term}")) { (term) " ×" } }
                    }
                }
            }
        }
        div.results-layout {
            @if !groups.is_empty() {
                nav.facets aria-label="Filters" {
                    h2 { "Narrow down" }
                    @for (title, field, counts) in &groups {
                        @if !counts.is_empty() {
                            section {
                                h3 { (title) }
                                ul {
                                    @for c in counts.iter() {
                                        @let filter = facet_filter(field, &c.value);
                                        @let next = if query.trim().is_empty() { filter.clone() } else { format!("{} {filter}", query.trim()) };
                                        li {
                                            a href=(search_href(&next)) data-facet=(field) {
                                                span.value { (c.value) } " "
                                                span.count aria-label=(format!("{} results", c.count)) { (c.count) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            section.results aria-labelledby="results-heading" {
                @if let Some(total) = total {
                    h2 #results-heading { (total) @if total == 1 { " release" } @else { " releases" }
                        @if !query.trim().is_empty() { " for " q { (query) } } }
                    @if rows.is_empty() {
                        p { "Nothing matches. Remove a filter or try fewer words." }
                    }
                    ol.hits {
                        @for row in rows {
                            @let hit = &row.hit;
                            li.hit {
                                article {
                                    h3 { a href=(release_href(&hit.id)) { (hit.title.as_deref().unwrap_or("(untitled)")) } }
                                    p.meta {
                                        @if let Some(place) = &row.place { span.place { (place) } " · " }
                                        (date(hit.published))
                                        @if let Some(site) = &hit.site { " · " span.site { (site) } }
                                        " · " (hit.sources) @if hit.sources == 1 { " source" } @else { " sources" }
                                        @if hit.story_size > 1 { " · " (hit.story_size) " versions and copies" }
                                    }
                                    p.snippet { (snippet(&hit.snippet)) }
                                }
                            }
                        }
                    }
                    (pager)
                } @else {
                    h2 #results-heading.visually-hidden { "Results" }
                }
            }
        }
    };
    layout(
        if query.is_empty() { "Search" } else { query },
        Nav::Search,
        body,
    )
}

/// Quotes looked for in the body; more are listed but not marked in the text.
const MARKED_QUOTES: usize = 50;

/// A paragraph with the release's quotes marked where they occur, each followed by
/// a link to its speaker. Text is escaped piece by piece.
fn paragraph_with_quotes(text: &str, quotes: &[dateline_types::Quote]) -> Markup {
    let mut found: Vec<(usize, usize, Option<&str>)> = Vec::new();
    for q in quotes.iter().take(MARKED_QUOTES) {
        let needle = q.text.trim().trim_end_matches([',', '.']);
        if needle.chars().count() < 12 {
            continue;
        }
        if let Some(start) = text.find(needle) {
            found.push((start, start + needle.len(), q.speaker.as_deref()));
        }
    }
    found.sort_by_key(|f| f.0);
    let mut at = 0;
    let mut pieces: Vec<(&str, bool)> = Vec::new();
    let mut speakers: Vec<&str> = Vec::new();
    for (start, end, speaker) in found {
        if start < at {
            continue;
        }
        let (Some(before), Some(quoted)) = (text.get(at..start), text.get(start..end)) else {
            continue;
        };
        pieces.push((before, false));
        pieces.push((quoted, true));
        if let Some(name) = speaker
            && !speakers.contains(&name)
        {
            speakers.push(name);
        }
        at = end;
    }
    pieces.push((text.get(at..).unwrap_or(""), false));
    // The speakers go after the paragraph, not inside the quotation marks.
    html! {
        p {
            @for (piece, quoted) in pieces {
                @if quoted { span.quoted { (piece) } } @else { (piece) }
            }
            @for name in speakers {
                " " a.said-by href=(person_href(name)) title=(format!("Quote by {name}")) { "— " (name) }
            }
        }
    }
}

fn paragraphs(text: &str) -> Vec<&str> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

/// `GET /releases/{id}`
pub(crate) async fn release(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let result = async {
        if id.is_empty() || id.len() > 128 {
            return Err(ApiError::with(
                crate::error::ErrorCode::NotFound,
                "no release has this id",
            ));
        }
        let view = state
            .read(move |a| a.get(&RecordId(id)).map_err(ApiError::from))
            .await?;
        let view = view.ok_or_else(|| {
            ApiError::with(crate::error::ErrorCode::NotFound, "no release has this id")
        })?;
        Ok(release_markup(&view))
    }
    .await;
    respond(result)
}

fn release_markup(view: &RecordView) -> Markup {
    let r: &Release = &view.release;
    let title = r.title.as_deref().unwrap_or("(untitled)");
    // The release's language for screen readers, when it is a plain language code.
    let lang = r
        .lang
        .as_deref()
        .filter(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase()));
    let body = html! {
        article.release lang=[lang] {
            header {
                h1 { (title) }
                @if let Some(sub) = &r.subtitle { p.subtitle { (sub) } }
                p.meta {
                    @if let Some(d) = &r.dateline {
                        span.place { (d.place) }
                        @if let Some(c) = &d.country { " (" a href=(country_href(c)) { (c) } ")" }
                        " · "
                    }
                    (date(r.published))
                    @if let Some(site) = r.site.as_ref().and_then(|s| s.name.as_deref()) { " · " (site) }
                    @if let Some(lang) = &r.lang { " · " span lang="en" { "language " (lang) } }
                    @if !view.latest { " · " strong { "an older version" } }
                }
            }
            div.columns {
                div.text {
                    @for p in paragraphs(&r.body) { (paragraph_with_quotes(p, &r.quotes)) }
                    @if let Some(about) = &r.about {
                        details.about {
                            summary { "About the organization" }
                            @for p in paragraphs(about) { p { (p) } }
                        }
                    }
                    @if !r.quotes.is_empty() {
                        section aria-labelledby="quotes-h" {
                            h2 #quotes-h { "Quotes" }
                            @for q in &r.quotes {
                                figure.quote {
                                    blockquote { p { (q.text) } }
                                    figcaption {
                                        "— "
                                        @if let Some(s) = &q.speaker {
                                            a href=(person_href(s)) data-speaker=(s) { (s) }
                                        } @else { span.muted { "unattributed" } }
                                        @if let Some(role) = &q.speaker_role { ", " (role) }
                                    }
                                }
                            }
                        }
                    }
                }
                aside.side aria-label="Details" {
                    @if !r.contacts.is_empty() {
                        section.card aria-labelledby="contacts-h" {
                            h2 #contacts-h { "Media contacts" }
                            @for c in &r.contacts {
                                div.contact {
                                    p.name { (c.name.as_deref().unwrap_or("(no name)")) }
                                    @if let Some(role) = &c.role { p { (role) } }
                                    @if let Some(org) = &c.organization { p { (org) } }
                                    @if let Some(place) = &c.place { p { "For " (place) } }
                                    @for e in &c.emails { p { span.label { "E-mail " } (e) } }
                                    @for ph in &c.phones { p { span.label { "Phone " } (ph) } }
                                }
                            }
                        }
                    }
                    @if !r.people.is_empty() {
                        section.card aria-labelledby="people-h" {
                            h2 #people-h { "People" }
                            ul { @for p in &r.people {
                                li { a href=(person_href(&p.name)) { (p.name) }
                                    @if !p.roles.is_empty() { ", " (p.roles.join("; ")) } }
                            } }
                        }
                    }
                    @if !r.organizations.is_empty() {
                        section.card aria-labelledby="orgs-h" {
                            h2 #orgs-h { "Organizations" }
                            ul { @for o in &r.organizations { li { a href=(search_href(&facet_filter("org", o))) { (o) } } } }
                        }
                    }
                    @if !r.countries.is_empty() {
                        section.card aria-labelledby="countries-h" {
                            h2 #countries-h { "Countries" }
                            ul.inline { @for c in &r.countries { li { a href=(country_href(c)) { (c) } } } }
                        }
                    }
                }
            }
            section aria-labelledby="sources-h" {
                h2 #sources-h { "Sources" }
                table.sources {
                    caption.visually-hidden { "Raw pages this release was read from" }
                    thead { tr { th scope="col" { "Page" } th scope="col" { "Input" } th scope="col" { "Crawled" } th scope="col" { "Archived" } } }
                    tbody {
                        @for s in &view.sources {
                            tr {
                                td { @if let Some(u) = &s.url { (external(u)) } @else { span.muted { "no URL" } } }
                                td { code { (s.origin)
                                    @if let Some(o) = s.warc_offset { "@" (o) }
                                    @if let Some(l) = s.line { ":" (l) } } }
                                td { (s.crawl_date.as_deref().unwrap_or("—")) }
                                td { (s.added_at) }
                            }
                        }
                    }
                }
                @if view.versions.len() > 1 || !view.related.is_empty() {
                    h3 { "Versions and copies" }
                    ul.versions {
                        @for v in view.versions.iter().chain(&view.related) {
                            li {
                                @if v.id == view.id {
                                    strong { "version " (v.version) " (this page)" }
                                } @else {
                                    a href=(release_href(&v.id)) { "version " (v.version) ": " (v.title.as_deref().unwrap_or("(untitled)")) }
                                }
                                " · " (date(v.published)) " · archived " (v.added_at)
                            }
                        }
                    }
                }
            }
            details.evidence {
                summary { "How each field was found" }
                table {
                    thead { tr { th scope="col" { "Field" } th scope="col" { "Rule" } th scope="col" { "Matched text" } th scope="col" { "Confidence" } } }
                    tbody {
                        @if let Some(d) = &r.dateline {
                            tr { td { "dateline" } td { code { (d.evidence.rule) } } td { (d.evidence.span.as_deref().unwrap_or("")) } td { (format!("{:?}", d.evidence.confidence).to_lowercase()) } }
                        }
                        @for (field, e) in &r.evidence {
                            tr { td { (field) } td { code { (e.rule) } } td { (e.span.as_deref().unwrap_or("")) } td { (format!("{:?}", e.confidence).to_lowercase()) } }
                        }
                        @for q in &r.quotes {
                            tr { td { "quote" } td { code { (q.evidence.rule) } } td { (q.evidence.span.as_deref().unwrap_or("")) } td { (format!("{:?}", q.evidence.confidence).to_lowercase()) } }
                        }
                    }
                }
            }
            (removed_view(&view.sources))
            p { a href=(format!("/api/releases/{}", seg(&view.id.0))) { "This release as JSON" } }
        }
    };
    layout(title, Nav::None, body)
}

/// Lines shown per source in "What was removed" before the rest is summarized.
const REMOVED_LINES_SHOWN: usize = 500;

/// "What was removed": per source, the raw page's lines the extractor dropped as
/// boilerplate (menus, template lines, footers), folded away. Page text: escaped.
fn removed_view(sources: &[SourceView]) -> Markup {
    let any = sources.iter().any(|s| !s.removed.is_empty());
    html! {
        details.removed {
            summary { "What was removed" }
            @if !any {
                p.muted { "No boilerplate lines were recorded for these sources (archived before dateline kept them, or nothing was removed)." }
            }
            @for (i, s) in sources.iter().enumerate().filter(|(_, s)| !s.removed.is_empty()) {
                section.removed-source aria-labelledby=(format!("removed-h-{i}")) {
                    h3 id=(format!("removed-h-{i}")) {
                        (s.removed.len()) " lines removed from "
                        code { (s.url.as_deref().unwrap_or(&s.origin)) }
                    }
                    ol.removed-lines {
                        @for line in s.removed.iter().take(REMOVED_LINES_SHOWN) {
                            li { (line) }
                        }
                    }
                    @if s.removed.len() > REMOVED_LINES_SHOWN {
                        p.muted { "… and " (s.removed.len() - REMOVED_LINES_SHOWN) " more lines (see this release as JSON)." }
                    }
                }
            }
        }
    }
}

/// `GET /people/{name}`
pub(crate) async fn person(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    let result = async {
        let person = api::person_quotes(&state, name, api::PageParams::default()).await?;
        let body = html! {
            h1 { (person.name) }
            @if !person.roles.is_empty() {
                p { "Roles seen: " (person.roles.join("; ")) }
            }
            p { a href=(search_href(&facet_filter("speaker", &person.name))) { "Search releases quoting " (person.name) } }
            h2 { (person.total) " quotes over time" }
            @if person.quotes.is_empty() { p { "No quote of this name is archived." } }
            @if (person.quotes.len() as u64) < person.total {
                p.muted { "The first " (person.quotes.len()) " are listed; "
                    a href=(format!("/api{}/quotes?offset={}", person_href(&person.name), person.quotes.len())) { "the rest as JSON" } "." }
            }
            ol.quotes {
                @for q in &person.quotes {
                    li {
                        figure.quote {
                            blockquote { p { (q.text) } }
                            figcaption {
                                (date(q.published)) " · " (q.speaker)
                                @if let Some(role) = &q.role { ", " (role) }
                                " · in "
                                a href=(release_href(&q.record)) { (q.title.as_deref().unwrap_or("(untitled)")) }
                            }
                        }
                    }
                }
            }
        };
        Ok(layout(&person.name, Nav::None, body))
    }
    .await;
    respond(result)
}

/// The releases-per-month chart, as inline SVG (no script, styled by class).
fn chart(months: &[(String, usize)]) -> Markup {
    let max = months.iter().map(|m| m.1).max().unwrap_or(0).max(1);
    let (bar, gap, height, top, bottom) = (18usize, 4usize, 160usize, 16usize, 40usize);
    let width = months.len() * (bar + gap) + 56;
    let total: usize = months.iter().map(|m| m.1).sum();
    html! {
        svg.chart role="img" aria-labelledby="chart-title chart-desc" viewBox=(format!("0 0 {width} {}", height + top + bottom))
            width=(width) height=(height + top + bottom) xmlns="http://www.w3.org/2000/svg" {
            title #chart-title { "Releases per month" }
            desc #chart-desc { (total) " releases over " (months.len()) " months; the busiest month has " (max) "." }
            line.axis x1="46" y1=(top + height) x2=(width) y2=(top + height) {}
            text.tick x="42" y=(top + 4) text-anchor="end" { (max) }
            text.tick x="42" y=(top + height) text-anchor="end" { "0" }
            @for (i, (month, n)) in months.iter().enumerate() {
                @let h = n * height / max;
                @let x = 50 + i * (bar + gap);
                g {
                    title { (month) ": " (n) }
                    rect.bar x=(x) y=(top + height - h) width=(bar) height=(h) {}
                    @if i % 3 == 0 || months.len() <= 12 {
                        text.tick x=(x + bar / 2) y=(top + height + 14) text-anchor="end"
                            transform=(format!("rotate(-45 {} {})", x + bar / 2, top + height + 14)) { (month) }
                    }
                }
            }
        }
    }
}

/// Months from the first to the last dated month, empty ones included (bounded).
fn month_series(timeline: &api::Timeline) -> Vec<(String, usize)> {
    let parse = |m: &str| -> Option<(i32, u32)> {
        let (y, mo) = m.split_once('-')?;
        Some((y.parse().ok()?, mo.parse().ok()?))
    };
    let dated: Vec<((i32, u32), usize)> = timeline
        .months
        .iter()
        .filter_map(|m| parse(&m.month).map(|k| (k, m.stories as usize)))
        .collect();
    let (Some(first), Some(last)) = (dated.first(), dated.last()) else {
        return Vec::new();
    };
    let span = (last.0.0 - first.0.0) as i64 * 12 + i64::from(last.0.1) - i64::from(first.0.1);
    if !(0..=240).contains(&span) {
        return dated
            .iter()
            .map(|((y, m), n)| (format!("{y:04}-{m:02}"), *n))
            .collect();
    }
    let mut out = Vec::new();
    let (mut y, mut m) = first.0;
    for _ in 0..=span {
        let n = dated
            .iter()
            .filter(|(k, _)| *k == (y, m))
            .map(|(_, n)| *n)
            .sum();
        out.push((format!("{y:04}-{m:02}"), n));
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    out
}

/// `GET /countries/{code}`
pub(crate) async fn country(State(state): State<AppState>, Path(code): Path<String>) -> Response {
    let result = async {
        let timeline = api::timeline_of(&state, &code, api::PER_MONTH).await?;
        let filter = format!("country:{}", timeline.country);
        let request = SearchRequest { query: filter.clone(), sort: Sort::Newest, limit: 1, facet_limit: 10, ..SearchRequest::default() };
        let facets = state.search(request).await?.facets;
        let series = month_series(&timeline);
        let body = html! {
            h1 { "Country " (timeline.country) }
            p { (timeline.releases) " releases mention this country. "
                a href=(search_href(&filter)) { "Search them" } }
            @if !series.is_empty() {
                figure.chart-box { (chart(&series)) figcaption { "Releases per month (one per story)" } }
            }
            div.columns {
                section aria-labelledby="speakers-h" {
                    h2 #speakers-h { "Top speakers" }
                    ul { @for f in &facets.speaker { li { a href=(person_href(&f.value)) { (f.value) } " (" (f.count) ")" } } }
                }
                section aria-labelledby="orgs-h" {
                    h2 #orgs-h { "Top organizations" }
                    ul { @for f in &facets.organization { li { a href=(search_href(&format!("{filter} {}", facet_filter("org", &f.value)))) { (f.value) } " (" (f.count) ")" } } }
                }
            }
            h2 { "Releases by month" }
            // Newest month first; undated releases last.
            @for m in timeline.months.iter().rev().filter(|m| m.month != "unknown").chain(timeline.months.iter().filter(|m| m.month == "unknown")) {
                section.month {
                    h3 { (m.month) " · " (m.stories) }
                    @if (m.releases.len() as u64) < m.stories {
                        p.muted { "The first " (m.releases.len()) " of " (m.stories) " stories." }
                    }
                    ul { @for e in &m.releases { li { (date(e.published)) " · " a href=(release_href(&e.id)) { (e.title.as_deref().unwrap_or("(untitled)")) } } } }
                }
            }
        };
        Ok(layout(&format!("Country {}", timeline.country), Nav::None, body))
    }
    .await;
    respond(result)
}

/// `GET /contacts`
pub(crate) async fn contacts(
    State(state): State<AppState>,
    q: Result<Query<ContactParams>, QueryRejection>,
) -> Response {
    let result = async {
        let params = api::params(q)?;
        let needle = params.q.clone().unwrap_or_default();
        let page = api::contact_page(&state, ContactParams { limit: Some(params.limit.unwrap_or(50).min(state.limits().max_page)), ..params }).await?;
        let body = html! {
            h1 { "Media contacts" }
            form.search role="search" method="get" action="/contacts" {
                label for="cq" { "Find a contact by name, organization, role, e-mail or phone" }
                div.row {
                    input #cq type="search" name="q" value=(needle);
                    button type="submit" { "Find" }
                }
            }
            p { (page.total) " contacts" @if !needle.is_empty() { " match " q { (needle) } } }
            div.cards {
                @for c in &page.contacts {
                    section.card {
                        h2 { (c.name.as_deref().unwrap_or("(no name)")) }
                        @if !c.roles.is_empty() { p { (c.roles.join("; ")) } }
                        @if !c.organizations.is_empty() { p { (c.organizations.join("; ")) } }
                        @for e in &c.emails { p { span.label { "E-mail " } (e) } }
                        @for ph in &c.phones { p { span.label { "Phone " } (ph) } }
                        p.muted { "Seen " (date(c.first_seen)) " to " (date(c.last_seen)) " in " (c.record_count) " releases" }
                        @if let Some(first) = c.records.first() { p { a href=(release_href(first)) { "First release" } } }
                    }
                }
            }
            @if page.offset + page.contacts.len() < page.total {
                nav.pager aria-label="Contact pages" {
                    a rel="next" href=(format!("/contacts?q={}&offset={}", qs(&needle), page.offset + page.limit)) { "Next →" }
                }
            }
        };
        Ok(layout("Contacts", Nav::Contacts, body))
    }
    .await;
    respond(result)
}

/// `GET /about`
pub(crate) async fn about(State(state): State<AppState>) -> Response {
    let result = async {
        let stats = api::stats_of(&state).await?;
        let body = html! {
            h1 { "About this archive" }
            p { "dateline turns crawled press-release pages into structured releases: title, dateline, date, body, "
                "quotes with their speakers, media contacts, people, organizations and countries. Near duplicates and "
                "new versions of the same page are grouped into stories; search shows one result per story." }
            dl.stats {
                dt { "Releases (distinct texts)" } dd { (stats.records) }
                dt { "Stories" } dd { (stats.stories) }
                dt { "Raw pages archived" } dd { (stats.sources) }
                dt { "Older versions" } dd { (stats.superseded) }
                dt { "Quotes" } dd { (stats.quotes) }
                dt { "Media contacts" } dd { (stats.contacts) }
            }
            div.columns {
                section { h2 { "By language" } ul { @for (k, v) in &stats.languages { li { (k) ": " (v) } } } }
                section { h2 { "By year" } ul { @for (k, v) in &stats.years {
                    li { @if k.len() == 4 && k.bytes().all(|b| b.is_ascii_digit()) { a href=(search_href(&format!("published:{k}"))) { (k) } } @else { (k) } ": " (v) } } } }
            }
        };
        Ok(layout("About", Nav::About, body))
    }
    .await;
    respond(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_escapes_and_marks() {
        let s = Snippet {
            text: "a <b>migrant</b> & co".into(),
            highlights: vec![[5, 12], [3, 4], [40, 50]],
        };
        assert_eq!(
            snippet(&s).into_string(),
            "a &lt;b&gt;<mark>migrant</mark>&lt;/b&gt; &amp; co"
        );
    }

    #[test]
    fn only_http_urls_become_links() {
        assert!(
            external("https://iom.int/x?a=1&b=\"2\"")
                .into_string()
                .contains("href=\"https://iom.int/x?a=1&amp;b=&quot;2&quot;\"")
        );
        assert!(
            !external("javascript:alert(1)")
                .into_string()
                .contains("href")
        );
        assert!(
            !external(" JaVaScRiPt:alert(1)")
                .into_string()
                .contains("href")
        );
        assert!(!external("data:text/html,x").into_string().contains("href"));
    }

    #[test]
    fn filters_can_be_removed_one_by_one() {
        let f = active_filters("migrants country:UZ  org:\"World Bank\" -sport");
        assert_eq!(f.len(), 2);
        assert_eq!(
            f[0],
            (
                "country:UZ".to_string(),
                "migrants org:\"World Bank\" -sport".to_string()
            )
        );
        assert_eq!(
            f[1],
            (
                "org:\"World Bank\"".to_string(),
                "migrants country:UZ -sport".to_string()
            )
        );
        assert!(active_filters("\"unclosed country:UZ").is_empty());
        assert!(active_filters("").is_empty());
    }

    #[test]
    fn facet_values_are_quoted_when_needed() {
        assert_eq!(facet_filter("country", "UZ"), "country:UZ");
        assert_eq!(
            facet_filter("org", "World \"Health\" Org"),
            "org:\"World Health Org\""
        );
    }
}
