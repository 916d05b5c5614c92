//! `/metrics` speaks the Prometheus text format and counts by route template.

use crate::fixtures::{app, get};

#[tokio::test]
async fn counts_requests_by_route_and_status() {
    let app = app();
    get(&app, "/api/search?q=migrant").await;
    get(&app, "/api/releases/aaaa").await;
    get(&app, "/api/releases/bbbb").await;
    let a = get(&app, "/metrics").await;
    assert_eq!(a.status, 200);
    assert!(
        a.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let text = &a.body;
    assert!(
        text.contains(
            "dateline_http_requests_total{method=\"GET\",route=\"/api/search\",status=\"200\"} 1"
        ),
        "{text}"
    );
    // Raw ids never become labels: both lookups count under the template.
    assert!(text.contains("dateline_http_requests_total{method=\"GET\",route=\"/api/releases/{id}\",status=\"404\"} 2"), "{text}");
    assert!(text.contains(
        "dateline_http_request_duration_seconds_bucket{route=\"/api/search\",le=\"+Inf\"} 1"
    ));
    assert!(text.contains("dateline_archive_records 4"));
    assert!(text.contains("# TYPE dateline_archive_disk_bytes gauge"));
    // Every sample line is `name{labels} value` or `name value`, with a numeric value.
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let (name, value) = line.rsplit_once(' ').unwrap();
        assert!(value.parse::<f64>().is_ok(), "{line}");
        assert!(name.starts_with("dateline_"), "{line}");
        let declared = name.split('{').next().unwrap();
        let family = declared
            .trim_end_matches("_bucket")
            .trim_end_matches("_sum")
            .trim_end_matches("_count");
        assert!(
            text.contains(&format!("# TYPE {family} "))
                || text.contains(&format!("# TYPE {declared} ")),
            "{line}"
        );
    }
}
