//! The server over an archive directory: pooled readers see what the writer ingests.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use dateline_server::{AppState, Store, router};
use dateline_store::Archive;

use crate::fixtures::{TOKEN, get, jsonl_ingestor, releases, send, store};

#[tokio::test]
async fn readers_see_uploads_and_exports_stream() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut archive = Archive::open(dir.path()).unwrap();
        store(&mut archive, &releases());
    }
    let state = AppState::new(Store::open(dir.path(), 2).unwrap())
        .with_admin_token(Some(TOKEN.into()))
        .with_ingestor(jsonl_ingestor);
    let app = router(state);
    // Touch both readers before the write.
    for _ in 0..3 {
        assert_eq!(
            get(&app, "/api/search?q=Samarkand").await.json()["total"],
            0
        );
    }
    let release = dateline_types::Release {
        source: "up".into(),
        title: Some("Conference in Samarkand".into()),
        body: "Samarkand – Delegates met on border management.".into(),
        ..Default::default()
    };
    let request = Request::post("/api/ingest?filename=one.jsonl")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from(serde_json::to_string(&release).unwrap()))
        .unwrap();
    let a = send(&app, request).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    for _ in 0..3 {
        assert_eq!(
            get(&app, "/api/search?q=Samarkand").await.json()["total"],
            1
        );
    }
    let a = get(&app, "/api/export?format=jsonl").await;
    assert_eq!(a.body.lines().count(), 5);
    let a = get(&app, "/metrics").await;
    let disk = a
        .body
        .lines()
        .find(|l| l.starts_with("dateline_archive_disk_bytes "))
        .unwrap();
    assert!(
        disk.split(' ').nth(1).unwrap().parse::<u64>().unwrap() > 0,
        "{disk}"
    );
}

fn upload(release: &dateline_types::Release) -> Request<Body> {
    Request::post("/api/ingest?filename=one.jsonl")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from(serde_json::to_string(release).unwrap()))
        .unwrap()
}

#[tokio::test]
async fn another_process_ingesting_beside_the_server() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut archive = Archive::open(dir.path()).unwrap();
        store(&mut archive, &releases());
    }
    let state = AppState::new(Store::open(dir.path(), 2).unwrap())
        .with_admin_token(Some(TOKEN.into()))
        .with_ingestor(jsonl_ingestor);
    let app = router(state);
    let facet_kg = |v: &serde_json::Value| {
        v["facets"]["country"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["value"] == "KG")
            .map_or(0, |f| f["count"].as_u64().unwrap())
    };
    // Warm both readers, the statistics and the facet cache.
    let records = get(&app, "/healthz").await.json()["records"]
        .as_u64()
        .unwrap();
    assert_eq!(get(&app, "/api/stats").await.json()["records"], records);
    let kg = facet_kg(&get(&app, "/api/search?q=").await.json());
    for _ in 0..3 {
        let a = get(&app, "/api/search?q=").await.json();
        assert_eq!(facet_kg(&a), kg);
        assert_eq!(get(&app, "/api/search?q=Karakol").await.json()["total"], 0);
    }

    // A `dateline ingest` in another process (another handle on the directory).
    {
        let mut cli = Archive::open(dir.path()).unwrap();
        let release = dateline_types::Release {
            source: "cli/bishkek.html".into(),
            title: Some("Border management training in Karakol".into()),
            body: "Karakol – Officers from three countries trained on border management.".into(),
            countries: vec!["KG".into()],
            ..Default::default()
        };
        store(&mut cli, &[release]);
    }
    for _ in 0..3 {
        let a = get(&app, "/api/search?q=Karakol").await.json();
        assert_eq!(a["total"], 1, "{a}");
        let a = get(&app, "/api/search?q=").await.json();
        assert_eq!(facet_kg(&a), kg + 1, "the facet cache moved on: {a}");
    }
    assert_eq!(get(&app, "/healthz").await.json()["records"], records + 1);
    assert_eq!(get(&app, "/api/stats").await.json()["records"], records + 1);
    let ui = get(&app, "/?q=Karakol").await;
    assert!(ui.body.contains("Border management training in Karakol"));

    // An upload through the server gives the index lock back when it is done...
    let uploaded = dateline_types::Release {
        source: "up".into(),
        title: Some("Conference in Talas".into()),
        body: "Talas – Delegates met on labour migration.".into(),
        ..Default::default()
    };
    let a = send(&app, upload(&uploaded)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let mut cli = Archive::open(dir.path()).unwrap();
    cli.acquire_writer()
        .expect("the server released the index lock after the upload");

    // ...and while another process writes, an upload is refused before it writes.
    let late = dateline_types::Release {
        source: "late".into(),
        title: Some("Meeting in Naryn".into()),
        body: "Naryn – A meeting on remittances.".into(),
        ..Default::default()
    };
    let a = send(&app, upload(&late)).await;
    assert_eq!(a.status, StatusCode::CONFLICT, "{}", a.body);
    assert_eq!(a.code(), "archive_busy");
    assert_eq!(get(&app, "/api/search?q=Naryn").await.json()["total"], 0);
    cli.release_writer().unwrap();
    drop(cli);
    let a = send(&app, upload(&late)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(get(&app, "/api/search?q=Naryn").await.json()["total"], 1);
}
