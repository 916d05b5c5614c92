//! The HTML pages: what an analyst sees.

use axum::http::StatusCode;

use crate::fixtures::{app, get};

#[tokio::test]
async fn search_page_shows_hits_facets_and_help() {
    let app = app();
    let a = get(&app, "/?q=migrant").await;
    assert_eq!(a.status, StatusCode::OK);
    let html = &a.body;
    assert!(
        html.contains("<a class=\"skip\" href=\"#main\">"),
        "skip link"
    );
    assert!(html.contains("<main id=\"main\""));
    assert!(html.contains("role=\"search\""));
    assert!(html.contains("<label for=\"q\">"));
    assert!(html.contains("Query language"));
    assert!(html.contains("<mark>"), "highlighted snippet");
    assert!(html.contains("Labour migration forum opens in Bishkek"));
    assert!(
        html.contains("<span class=\"place\">Bishkek</span>"),
        "dateline place"
    );
    // Facet links add a filter to the query.
    assert!(html.contains("href=\"/?q=migrant+country%3AKG\""), "{html}");
    assert!(html.contains("href=\"/?q=migrant+speaker%3A%22Aida+Bekova%22\""));
    assert!(!html.contains("<script"));
}

#[tokio::test]
async fn a_bad_query_is_explained_on_the_page() {
    let a = get(&app(), "/?q=migrant+AND").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("role=\"alert\""));
    assert!(a.body.contains("column"));
}

#[tokio::test]
async fn paging_links() {
    let a = get(&app(), "/?limit=1&sort=oldest&offset=1").await;
    assert!(
        a.body
            .contains("rel=\"prev\" href=\"/?q=&amp;sort=oldest&amp;limit=1&amp;offset=0\""),
        "{}",
        a.body
    );
    assert!(
        a.body
            .contains("rel=\"next\" href=\"/?q=&amp;sort=oldest&amp;limit=1&amp;offset=2\"")
    );
}

#[tokio::test]
async fn release_page_has_quotes_contacts_sources() {
    let app = app();
    let id = get(&app, "/api/search?q=Bishkek+forum").await.json()["hits"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let a = get(&app, &format!("/releases/{id}")).await;
    assert_eq!(a.status, StatusCode::OK);
    let html = &a.body;
    assert!(html.contains("<h1>Labour migration forum opens in Bishkek</h1>"));
    assert!(html.contains(
        "<a href=\"/people/Aida%20Bekova\" data-speaker=\"Aida Bekova\">Aida Bekova</a>"
    ));
    assert!(html.contains("<span class=\"quoted\">Safe labour migration benefits everyone</span>"));
    assert!(
        html.contains("IOM Chief of Mission. <a class=\"said-by\" href=\"/people/Aida%20Bekova\"")
    );
    assert!(html.contains("<time datetime=\"2019-03-14\">14 Mar 2019</time>"));
    assert!(html.contains("Nurlan Asanov"));
    assert!(html.contains("<details class=\"about\">"));
    assert!(html.contains(
        "<a class=\"url\" href=\"https://example.org/news/bishkek-labour-migration\" rel=\"noopener noreferrer nofollow\">"
    ));
    assert!(html.contains("2024-01-02T03:04:05Z"), "crawl date");
    assert!(html.contains("<details class=\"removed\"><summary>What was removed</summary>"));
    assert!(
        html.contains("<li>Home | News | Media Centre | Contact</li>"),
        "{html}"
    );
    assert!(html.contains("<li>&lt;script&gt;alert("));
    assert!(html.contains(
        "4 lines removed from <code>https://example.org/news/bishkek-labour-migration</code>"
    ));
    let a = get(&app, "/releases/0000").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(a.body.contains("no release has this id"));
}

#[tokio::test]
async fn person_country_contacts_about_pages() {
    let app = app();
    let a = get(&app, "/people/Aida%20Bekova").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("IOM Chief of Mission; IOM Head of Office"));
    assert!(a.body.contains("2 quotes over time"));

    let a = get(&app, "/countries/KG").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.contains("<svg class=\"chart\" role=\"img\""));
    assert_eq!(
        a.body.matches("<rect class=\"bar\"").count(),
        5,
        "March to July 2019"
    );
    // SVG in HTML has no void elements: every shape must be closed explicitly.
    assert_eq!(a.body.matches("</rect>").count(), 5);
    assert!(a.body.contains("</line>"));
    assert!(a.body.contains("Aida Bekova"), "top speaker");
    let a = get(&app, "/countries/XYZ").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);

    let a = get(&app, "/contacts?q=vienna").await;
    assert!(a.body.contains("Joe Example"));
    assert!(!a.body.contains("Nurlan Asanov"));

    let a = get(&app, "/about").await;
    assert!(a.body.contains("<dd>4</dd>"));
    let a = get(&app, "/assets/style.css").await;
    assert!(
        a.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
}
