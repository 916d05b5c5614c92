//! Hostile page content never comes out as markup: releases carrying `<script>`,
//! event handlers, `javascript:` links and markup in every field are stored through
//! the store API, then every page is parsed and checked.

use std::cell::RefCell;
use std::rc::Rc;

use axum::http::StatusCode;
use dateline_types::{Contact, Dateline, Evidence, PartialDate, Person, Quote, Release, Site};
use lol_html::{RewriteStrSettings, element, rewrite_str};

use crate::fixtures::{app_with, get};

const SCRIPT: &str = "<script>alert('x')</script>";
const IMG: &str = "<img src=x onerror=alert(1)>";
const ATTR: &str = "\" onmouseover=\"alert(2)\" x=\"";
const JS: &str = "javascript:alert(3)";

fn hostile() -> Vec<Release> {
    let evil = |label: &str| {
        format!("{label} {SCRIPT} {IMG} {ATTR} </textarea></title><svg onload=alert(4)>")
    };
    vec![Release {
        source: evil("source"),
        url: Some(JS.into()),
        crawled: Some(evil("crawl")),
        title: Some(evil("Title")),
        subtitle: Some(evil("Sub")),
        published: PartialDate::ymd(2021, 5, 6),
        author: vec![evil("author")],
        site: Some(Site {
            name: Some(evil("Site")),
            country: Some("UZ".into()),
            evidence: Evidence::rule(evil("rule"), evil("span")),
        }),
        lang: Some(evil("lang")),
        dateline: Some(Dateline {
            place: evil("Place"),
            country: Some("UZ".into()),
            evidence: Evidence::rule(evil("rule"), evil("span")),
        }),
        body: format!(
            "{}\n\n{}\n\nShe said “{}”\n\nmigrants hostile {SCRIPT}",
            evil("Para one"),
            evil("Para two"),
            evil("Quote")
        ),
        about: Some(evil("About")),
        quotes: vec![Quote {
            text: evil("Quote"),
            speaker: Some(format!("Eve {SCRIPT} Mallory")),
            speaker_role: Some(evil("Role")),
            evidence: Evidence::rule(evil("rule"), evil("span")),
        }],
        contacts: vec![Contact {
            name: Some(evil("Contact")),
            role: Some(evil("Role")),
            organization: Some(evil("Org")),
            place: Some(evil("Place")),
            emails: vec![evil("mail")],
            phones: vec![evil("phone")],
            evidence: Evidence::rule(evil("rule"), evil("span")),
        }],
        people: vec![Person {
            name: format!("Eve {IMG} Mallory"),
            roles: vec![evil("Role")],
        }],
        organizations: vec![evil("Org"), format!("{JS} Org")],
        countries: vec!["UZ".into(), "<b>".into()],
        evidence: [(
            "title".to_string(),
            Evidence::rule(evil("rule"), evil("span")),
        )]
        .into(),
    }]
}

/// What the parsed page holds that must never come from data.
#[derive(Debug, Default)]
struct Findings {
    scripts: usize,
    handlers: Vec<String>,
    bad_urls: Vec<String>,
    styles: usize,
    embeds: Vec<String>,
}

fn inspect(html: &str) -> Findings {
    let found = Rc::new(RefCell::new(Findings::default()));
    let f = Rc::clone(&found);
    rewrite_str(
        html,
        RewriteStrSettings::new().append_element_content_handler(element!("*", move |el| {
            let tag = el.tag_name().to_ascii_lowercase();
            let mut f = f.borrow_mut();
            if tag == "script" {
                f.scripts += 1;
            }
            if ["iframe", "object", "embed", "img", "base", "meta"].contains(&tag.as_str())
                && tag != "meta"
            {
                f.embeds.push(tag.clone());
            }
            for attr in el.attributes() {
                let name = attr.name().to_ascii_lowercase();
                let value: String = attr
                    .value()
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect();
                if name.starts_with("on") {
                    f.handlers.push(format!("{tag} {name}"));
                }
                if name == "style" {
                    f.styles += 1;
                }
                if ["href", "src", "action", "formaction", "xlink:href"].contains(&name.as_str()) {
                    let v = value.to_ascii_lowercase();
                    let local = v.starts_with('/') && !v.starts_with("//");
                    let web =
                        v.starts_with("http://") || v.starts_with("https://") || v.starts_with('#');
                    if !(local || web) {
                        f.bad_urls.push(format!("{tag} {name}={value}"));
                    }
                }
            }
            Ok(())
        })),
    )
    .unwrap();
    Rc::try_unwrap(found).unwrap().into_inner()
}

#[tokio::test]
async fn no_page_lets_page_content_through_as_markup() {
    let app = app_with(&hostile());
    let id = get(&app, "/api/search?q=hostile").await.json()["hits"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let speaker = "Eve%20%3Cscript%3Ealert('x')%3C%2Fscript%3E%20Mallory";
    let pages = [
        "/".to_string(),
        "/?q=hostile".into(),
        format!("/?q={}", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
        "/?q=%22%3E%3Cscript%3E".into(),
        format!("/releases/{id}"),
        format!("/people/{speaker}"),
        "/people/Mallory".into(),
        "/countries/UZ".into(),
        "/contacts".into(),
        "/contacts?q=%3Cscript%3E".into(),
        "/about".into(),
        "/releases/%3Cscript%3E".into(),
    ];
    for uri in &pages {
        let a = get(&app, uri).await;
        assert!(
            a.status == StatusCode::OK || a.status == StatusCode::NOT_FOUND,
            "{uri}: {}",
            a.status
        );
        assert!(
            a.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "{uri}"
        );
        let f = inspect(&a.body);
        assert_eq!(f.scripts, 0, "{uri}: a script element");
        assert!(
            f.handlers.is_empty(),
            "{uri}: event handlers {:?}",
            f.handlers
        );
        assert!(f.bad_urls.is_empty(), "{uri}: unsafe URLs {:?}", f.bad_urls);
        assert_eq!(f.styles, 0, "{uri}: inline style");
        assert!(
            f.embeds.is_empty(),
            "{uri}: embedded elements {:?}",
            f.embeds
        );
        // The raw payloads appear only escaped.
        for raw in [SCRIPT, IMG, "<svg onload", "</textarea>"] {
            assert!(!a.body.contains(raw), "{uri} contains {raw}");
        }
    }
    // The hostile text is shown (escaped), not dropped.
    let page = get(&app, &format!("/releases/{id}")).await.body;
    assert!(page.contains("&lt;script&gt;alert('x')&lt;/script&gt;"));
    assert!(
        page.contains("javascript:alert(3)"),
        "the URL is shown as text"
    );
    assert!(
        page.contains("<span class=\"quoted\">Quote &lt;script&gt;"),
        "the quote is marked in the body, escaped"
    );
    assert!(page.contains(&format!(
        "href=\"/people/{}\"",
        "Eve%20%3Cscript%3Ealert%28%27x%27%29%3C%2Fscript%3E%20Mallory"
    )));
}

#[tokio::test]
async fn json_is_not_html() {
    let app = app_with(&hostile());
    let a = get(&app, "/api/search?q=hostile").await;
    assert_eq!(a.headers["content-type"], "application/json");
    assert_eq!(a.headers["x-content-type-options"], "nosniff");
}
