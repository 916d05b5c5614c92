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
