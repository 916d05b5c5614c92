//! The OpenAPI document describes exactly the router's routes, and each route
//! answers only with statuses the document lists.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, header};

use crate::fixtures::{TOKEN, app, get, send};

fn document() -> serde_json::Value {
    serde_json::from_str(dateline_server::openapi_document()).unwrap()
}

#[test]
fn documents_every_route_and_nothing_else() {
    let doc = document();
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            documented.insert((method.clone(), path.clone()));
        }
    }
    let routed: BTreeSet<(String, String)> = dateline_server::ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(routed, documented);
    // Every error code of the table is in the Error schema.
    let codes: BTreeSet<&str> =
        doc["components"]["schemas"]["Error"]["properties"]["error"]["properties"]["code"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
    let table: BTreeSet<&str> = dateline_server::ErrorCode::TABLE
        .iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(codes, table);
}

#[tokio::test]
async fn routes_answer_with_documented_statuses() {
    let doc = document();
    let app = app();
    let id = get(&app, "/api/search?q=Tashkent").await.json()["hits"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let samples = |template: &str| -> Vec<String> {
        let fill = |id: &str, name: &str, code: &str| {
            template
                .replace("{id}", id)
                .replace("{name}", name)
                .replace("{code}", code)
        };
        let mut out = vec![
            fill(&id, "Bekova", "KG"),
            fill("deadbeef", "Nobody%20Else", "XYZ"),
        ];
        for extra in [
            "?limit=abc",
            "?q=%28open",
            "?limit=5&offset=1",
            "?format=csv",
            "?sort=bad",
        ] {
            out.push(format!("{}{extra}", fill(&id, "Swing", "UZ")));
        }
        out
    };
    let mut checked = 0;
    for (method, template) in dateline_server::ROUTES {
        let op = &doc["paths"][*template][*method];
        let allowed: BTreeSet<u16> = op["responses"]
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.parse().unwrap())
            .collect();
        let requests: Vec<Request<Body>> = if *method == "post" {
            let line = serde_json::to_string(&dateline_types::Release {
                title: Some("t".into()),
                body: "b".into(),
                ..Default::default()
            })
            .unwrap();
            vec![
                Request::post(*template)
                    .body(Body::from(line.clone()))
                    .unwrap(),
                Request::post(*template)
                    .header(header::AUTHORIZATION, "Bearer nope")
                    .body(Body::from(line.clone()))
                    .unwrap(),
                Request::post(*template)
                    .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
                    .body(Body::from(line))
                    .unwrap(),
                Request::post(*template)
                    .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
                    .body(Body::from("junk"))
                    .unwrap(),
            ]
        } else {
            samples(template)
                .into_iter()
                .map(|uri| Request::get(uri).body(Body::empty()).unwrap())
                .collect()
        };
        for request in requests {
            let uri = request.uri().to_string();
            let a = send(&app, request).await;
            assert!(
                allowed.contains(&a.status.as_u16()),
                "{method} {uri} answered {} which {template} does not document: {}",
                a.status,
                a.body
            );
            checked += 1;
        }
    }
    assert!(checked > 100);
}
