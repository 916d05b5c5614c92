//! Every API route and its error cases, through `oneshot`.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};

use crate::fixtures::{TOKEN, app, get, send};

#[tokio::test]
async fn search_returns_hits_facets_and_highlights() {
    let app = app();
    let a = get(&app, "/api/search?q=migrant&sort=newest").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let v = a.json();
    assert_eq!(v["total"], 2);
    assert_eq!(v["sort"], "newest");
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits[0]["title"], "Labour migration forum opens in Bishkek");
    let snippet = &hits[0]["snippet"];
    let text = snippet["text"].as_str().unwrap();
    let [s, e] = [
        snippet["highlights"][0][0].as_u64().unwrap() as usize,
        snippet["highlights"][0][1].as_u64().unwrap() as usize,
    ];
    assert!(text[s..e].to_lowercase().starts_with("migrant"), "{text}");
    let countries: Vec<&str> = v["facets"]["country"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert!(
        countries.contains(&"KG") && countries.contains(&"UZ"),
        "{countries:?}"
    );
    assert!(v["next"].is_null());
}

#[tokio::test]
async fn search_filters_and_empty_query() {
    let app = app();
    let v = get(&app, "/api/search?q=country:KG").await.json();
    assert_eq!(v["total"], 2);
    let v = get(&app, "/api/search").await.json();
    assert_eq!(v["total"], 4);
    assert_eq!(v["sort"], "newest");
    assert_eq!(v["hits"][0]["lang"], "ru");
    let v = get(&app, "/api/search?q=speaker:Bekova&facets=0")
        .await
        .json();
    assert_eq!(v["total"], 2);
    assert!(v["facets"]["country"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn bad_query_says_where() {
    let a = get(&app(), "/api/search?q=%28migrants").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    let v = a.json();
    assert_eq!(v["error"]["code"], "bad_query");
    assert_eq!(v["error"]["status"], 400);
    assert!(v["error"]["position"].as_u64().unwrap() >= 1, "{v}");
    assert!(
        v["error"]["message"].as_str().unwrap().contains("column"),
        "{v}"
    );
}

#[tokio::test]
async fn bad_parameters_are_bad_request() {
    let app = app();
    for uri in [
        "/api/search?limit=abc",
        "/api/search?limit=0",
        "/api/search?limit=100000",
        "/api/search?sort=sideways",
        "/api/export?format=xml",
        "/api/countries/Uzbekistan/timeline",
        "/api/contacts?limit=-1",
        "/api/people/Bekova/quotes?limit=0",
        "/api/people/Bekova/quotes?limit=101",
        "/api/countries/KG/timeline?per_month=1000",
    ] {
        let a = get(&app, uri).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{uri}: {}", a.body);
        assert_eq!(a.code(), "bad_request", "{uri}");
    }
    let a = get(&app, "/api/search?cursor=bm9wZQ").await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (StatusCode::BAD_REQUEST, "bad_cursor")
    );
    let long = "a".repeat(3000);
    let a = get(&app, &format!("/api/search?q={long}")).await;
    assert_eq!(a.code(), "bad_query");
}

#[tokio::test]
async fn cursor_pages_through_every_hit_once() {
    let app = app();
    let mut uri = "/api/search?limit=1&sort=oldest".to_string();
    let mut titles = Vec::new();
    for _ in 0..10 {
        let v = get(&app, &uri).await.json();
        titles.push(v["hits"][0]["title"].as_str().unwrap().to_string());
        match v["next"].as_str() {
            Some(next) => uri = next.to_string(),
            None => break,
        }
    }
    assert_eq!(titles.len(), 4);
    assert_eq!(titles[0], "Uzbekistan considers joining IOM");
    titles.sort();
    titles.dedup();
    assert_eq!(titles.len(), 4);
    // A cursor is bound to its search.
    let v = get(&app, "/api/search?limit=1&sort=oldest").await.json();
    let cursor = v["next_cursor"].as_str().unwrap();
    let a = get(
        &app,
        &format!("/api/search?limit=1&sort=newest&cursor={cursor}"),
    )
    .await;
    assert_eq!(a.code(), "bad_cursor");
}

#[tokio::test]
async fn release_has_every_field_and_sources() {
    let app = app();
    let v = get(&app, "/api/search?q=Tashkent").await.json();
    let id = v["hits"][0]["id"].as_str().unwrap().to_string();
    let a = get(&app, &format!("/api/releases/{id}")).await;
    assert_eq!(a.status, StatusCode::OK);
    let v = a.json();
    assert_eq!(v["id"], id.as_str());
    assert_eq!(v["release"]["dateline"]["place"], "Tashkent");
    assert_eq!(v["release"]["quotes"][0]["speaker"], "William Lacy Swing");
    assert_eq!(v["sources"][0]["crawl_date"], "2024-01-02T03:04:05Z");
    assert_eq!(v["versions"].as_array().unwrap().len(), 1);

    let a = get(&app, "/api/releases/0123456789abcdef").await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let a = get(&app, &format!("/api/releases/{}", "f".repeat(300))).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn people_countries_contacts_stats() {
    let app = app();
    let v = get(&app, "/api/people/Bekova/quotes").await.json();
    assert_eq!(v["quotes"].as_array().unwrap().len(), 2);
    assert_eq!(v["total"], 2);
    // A page of quotes: the total and roles stay whole.
    let page = get(&app, "/api/people/Bekova/quotes?limit=1&offset=1")
        .await
        .json();
    assert_eq!(page["total"], 2);
    assert_eq!(page["quotes"].as_array().unwrap().len(), 1);
    assert_eq!(page["quotes"][0], v["quotes"][1]);
    assert_eq!(page["roles"], v["roles"]);
    assert_eq!(
        v["roles"],
        serde_json::json!(["IOM Chief of Mission", "IOM Head of Office"])
    );
    let a = get(&app, "/api/people/Nobody%20Here/quotes").await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (StatusCode::NOT_FOUND, "not_found")
    );

    let v = get(&app, "/api/countries/kg/timeline").await.json();
    assert_eq!(v["country"], "KG");
    assert_eq!(v["releases"], 2);
    assert_eq!(v["months"][0]["month"], "2019-03");
    // Counts stay complete when fewer releases are listed per month.
    let short = get(&app, "/api/countries/kg/timeline?per_month=0")
        .await
        .json();
    assert_eq!(short["releases"], 2);
    assert!(
        short["months"]
            .as_array()
            .unwrap()
            .iter()
            .all(
                |m| m["releases"].as_array().unwrap().is_empty() && m["stories"].as_u64() > Some(0)
            )
    );

    let v = get(&app, "/api/contacts?q=asanov").await.json();
    assert_eq!(v["total"], 1);
    assert_eq!(v["contacts"][0]["records"].as_array().unwrap().len(), 2);
    assert_eq!(v["contacts"][0]["record_count"], 2);
    let v = get(&app, "/api/contacts").await.json();
    assert_eq!(v["total"], 2);

    let v = get(&app, "/api/stats").await.json();
    assert_eq!(v["records"], 4);
    assert_eq!(v["quotes"], 3);
}

#[tokio::test]
async fn export_streams_jsonl_and_csv() {
    let app = app();
    let a = get(&app, "/api/export").await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.headers[header::CONTENT_TYPE], "application/x-ndjson");
    let lines: Vec<serde_json::Value> = a
        .body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert!(
        lines
            .iter()
            .all(|l| l["id"].is_string() && l["title"].is_string())
    );

    let a = get(&app, "/api/export?format=csv&q=country:KG").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(
        a.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let mut rows = a.body.lines();
    assert!(rows.next().unwrap().starts_with("id,story,version,"));
    assert!(a.body.contains("Labour migration forum opens in Bishkek"));
    assert!(!a.body.contains("Uzbekistan considers"));

    let a = get(&app, "/api/export?q=%22unclosed").await;
    assert_eq!(a.code(), "bad_query");
}

fn upload(token: Option<&str>, body: impl Into<Body>) -> Request<Body> {
    let mut r = Request::post("/api/ingest?filename=batch.jsonl")
        .header(header::CONTENT_TYPE, "application/x-ndjson");
    if let Some(t) = token {
        r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    r.body(body.into()).unwrap()
}

#[tokio::test]
async fn ingest_needs_the_token_and_stores() {
    let app = app();
    let release = dateline_types::Release {
        source: "up/1".into(),
        title: Some("Fresh upload about Dushanbe".into()),
        body: "Dushanbe – A new release uploaded over HTTP.".into(),
        countries: vec!["TJ".into()],
        ..Default::default()
    };
    let line = serde_json::to_string(&release).unwrap();

    let countries = |v: serde_json::Value| -> Vec<String> {
        v["facets"]["country"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["value"].as_str().unwrap().to_string())
            .collect()
    };
    // Facets are cached per query; a write must not leave them stale.
    assert!(!countries(get(&app, "/api/search").await.json()).contains(&"TJ".to_string()));
    let a = send(&app, upload(None, line.clone())).await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (StatusCode::UNAUTHORIZED, "unauthorized")
    );
    let a = send(&app, upload(Some("wrong"), line.clone())).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);

    let a = send(&app, upload(Some(TOKEN), line.clone())).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let v = a.json();
    assert_eq!(v["summary"]["new"], 1);
    let v = get(&app, "/api/search?q=Dushanbe").await.json();
    assert_eq!(v["total"], 1);
    assert!(countries(get(&app, "/api/search").await.json()).contains(&"TJ".to_string()));

    let a = send(&app, upload(Some(TOKEN), "not json\n")).await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "bad_upload")
    );
    let a = send(&app, upload(Some(TOKEN), "")).await;
    assert_eq!(a.code(), "bad_upload");
}

#[tokio::test]
async fn ingest_takes_multipart() {
    let app = app();
    let release = dateline_types::Release {
        source: "m".into(),
        title: Some("Multipart release".into()),
        body: "Body of a multipart release about Khujand.".into(),
        ..Default::default()
    };
    let line = serde_json::to_string(&release).unwrap();
    let body = format!(
        "--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../etc/a.jsonl\"\r\nContent-Type: application/x-ndjson\r\n\r\n{line}\n\r\n--XYZ--\r\n"
    );
    let r = Request::post("/api/ingest")
        .header(header::CONTENT_TYPE, "multipart/form-data; boundary=XYZ")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from(body))
        .unwrap();
    let a = send(&app, r).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.json()["files"], 1);
    assert_eq!(get(&app, "/api/search?q=Khujand").await.json()["total"], 1);
}

#[tokio::test]
async fn read_only_without_a_token() {
    let archive = dateline_store::Archive::in_memory().unwrap();
    let app = dateline_server::router(dateline_server::AppState::new(
        dateline_server::Store::single(archive),
    ));
    let a = send(&app, upload(Some(TOKEN), "{}")).await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (StatusCode::FORBIDDEN, "read_only")
    );
}

#[tokio::test]
async fn oversized_uploads_are_refused() {
    let archive = dateline_store::Archive::in_memory().unwrap();
    let limits = dateline_server::Limits {
        upload_bytes: 1000,
        ..Default::default()
    };
    let state = dateline_server::AppState::new(dateline_server::Store::single(archive))
        .with_admin_token(Some(TOKEN.into()))
        .with_ingestor(crate::fixtures::jsonl_ingestor)
        .with_limits(limits);
    let app = dateline_server::router(state);
    // Declared length over the limit.
    let a = send(&app, upload(Some(TOKEN), vec![b'x'; 5000])).await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
    );
    // Streamed body without a length.
    let stream =
        futures_util::stream::iter((0..10).map(|_| Ok::<_, std::io::Error>(vec![b'x'; 500])));
    let a = send(&app, upload(Some(TOKEN), Body::from_stream(stream))).await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
    );
}

#[tokio::test]
async fn unknown_routes_and_methods_use_the_table() {
    let app = app();
    let a = get(&app, "/api/nope").await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let a = send(
        &app,
        Request::delete("/api/search").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed")
    );
    let a = get(&app, "/no/such/page").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(
        a.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = app();
    for uri in [
        "/",
        "/api/search",
        "/api/nope",
        "/assets/style.css",
        "/releases/abc",
    ] {
        let a = get(&app, uri).await;
        assert_eq!(
            a.headers["content-security-policy"],
            dateline_server::CONTENT_SECURITY_POLICY,
            "{uri}"
        );
        assert_eq!(a.headers["x-content-type-options"], "nosniff");
        assert_eq!(a.headers["referrer-policy"], "no-referrer");
    }
}

#[tokio::test]
async fn health_and_openapi() {
    let app = app();
    let v = get(&app, "/healthz").await.json();
    assert_eq!(v["status"], "ok");
    let v = get(&app, "/api/openapi.json").await.json();
    assert_eq!(v["openapi"], "3.1.0");
}

#[tokio::test]
async fn slow_requests_time_out_with_the_table_code() {
    let archive = dateline_store::Archive::in_memory().unwrap();
    let limits = dateline_server::Limits {
        ingest_timeout: std::time::Duration::from_millis(20),
        ..Default::default()
    };
    let slow = |_: dateline_server::Upload, _: &mut dateline_store::Archive| {
        std::thread::sleep(std::time::Duration::from_millis(300));
        Ok(dateline_store::IngestSummary::default())
    };
    let state = dateline_server::AppState::new(dateline_server::Store::single(archive))
        .with_admin_token(Some(TOKEN.into()))
        .with_ingestor(slow)
        .with_limits(limits);
    let app = dateline_server::router(state);
    let a = send(&app, upload(Some(TOKEN), "{}")).await;
    assert_eq!(
        (a.status, a.code().as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, "timeout")
    );
}

#[test]
fn the_error_table_is_stable() {
    let table: Vec<serde_json::Value> = dateline_server::ErrorCode::TABLE
        .iter()
        .map(|e| serde_json::json!({ "code": e.name, "status": e.status.as_u16(), "message": e.message }))
        .collect();
    insta::assert_json_snapshot!(table);
}
