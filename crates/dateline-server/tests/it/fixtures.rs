//! Hand-written releases in the shape the structure stage produces, and helpers to
//! call the router without a socket.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use dateline_server::{AppState, IngestFailure, Store, Upload};
use dateline_store::{Archive, IngestSummary, SourceInfo};
use dateline_types::{
    Contact, Dateline, Evidence, PartialDate, Person, Quote, Release, Site, SourceRef,
};
use http_body_util::BodyExt;
use tower::ServiceExt;

pub const TOKEN: &str = "s3cret-token";

fn quote(text: &str, speaker: &str, role: &str) -> Quote {
    Quote {
        text: text.into(),
        speaker: Some(speaker.into()),
        speaker_role: Some(role.into()),
        evidence: Evidence::rule("quote:said-after", text),
    }
}

fn contact(name: &str, org: &str, email: &str, phone: &str) -> Contact {
    Contact {
        name: Some(name.into()),
        organization: Some(org.into()),
        emails: vec![email.into()],
        phones: vec![phone.into()],
        evidence: Evidence::rule("contact:block", name),
        ..Contact::default()
    }
}

fn site(name: &str) -> Option<Site> {
    Some(Site {
        name: Some(name.into()),
        country: None,
        evidence: Evidence::rule("site:og", name),
    })
}

/// Four releases: two in Kyrgyzstan, one in Uzbekistan, one Russian-language.
pub fn releases() -> Vec<Release> {
    vec![
        Release {
            source: "fixtures/bishkek-labour.html".into(),
            url: Some("https://example.org/news/bishkek-labour-migration".into()),
            title: Some("Labour migration forum opens in Bishkek".into()),
            published: PartialDate::ymd(2019, 3, 14),
            site: site("IOM Kyrgyzstan"),
            lang: Some("en".into()),
            dateline: Some(Dateline { place: "Bishkek".into(), country: Some("KG".into()), evidence: Evidence::rule("dateline:place-dash", "Bishkek –") }),
            body: "Bishkek – Officials from five countries met today to discuss labour migration and the rights of migrant workers.\n\n\
                   “Safe labour migration benefits everyone,” said Aida Bekova, IOM Chief of Mission.\n\n\
                   The forum will publish its recommendations next month."
                .into(),
            about: Some("IOM is the UN Migration Agency.".into()),
            quotes: vec![quote("Safe labour migration benefits everyone,", "Aida Bekova", "IOM Chief of Mission")],
            contacts: vec![contact("Nurlan Asanov", "IOM Bishkek", "nasanov@example.org", "+996312000000")],
            people: vec![Person { name: "Aida Bekova".into(), roles: vec!["IOM Chief of Mission".into()] }],
            organizations: vec!["IOM".into()],
            countries: vec!["KG".into()],
            ..Release::default()
        },
        Release {
            source: "fixtures/osh-floods.html".into(),
            url: Some("https://example.org/news/osh-floods".into()),
            title: Some("Emergency support after floods near Osh".into()),
            published: PartialDate::ymd(2019, 7, 2),
            site: site("IOM Kyrgyzstan"),
            lang: Some("en".into()),
            dateline: Some(Dateline { place: "Osh".into(), country: Some("KG".into()), evidence: Evidence::rule("dateline:place-dash", "Osh –") }),
            body: "Osh – Families displaced by mudflows received shelter kits and drinking water this week.\n\n\
                   “We are reaching the most affected villages first,” said Aida Bekova, IOM Head of Office."
                .into(),
            quotes: vec![quote("We are reaching the most affected villages first,", "Aida Bekova", "IOM Head of Office")],
            contacts: vec![contact("Nurlan Asanov", "IOM Bishkek", "nasanov@example.org", "+996312000000")],
            organizations: vec!["IOM".into(), "Red Crescent".into()],
            countries: vec!["KG".into()],
            ..Release::default()
        },
        Release {
            source: "fixtures/tashkent-membership.html".into(),
            url: Some("https://example.org/news/uzbekistan-membership".into()),
            title: Some("Uzbekistan considers joining IOM".into()),
            published: PartialDate::ymd(2018, 4, 2),
            site: site("IOM"),
            lang: Some("en".into()),
            dateline: Some(Dateline { place: "Tashkent".into(), country: Some("UZ".into()), evidence: Evidence::rule("dateline:place-dash", "Tashkent –") }),
            body: "Tashkent – The Government of Uzbekistan expressed its willingness to consider accession to IOM.\n\n\
                   “Our cooperation on migrant protection will grow,” said William Lacy Swing, IOM Director General."
                .into(),
            quotes: vec![quote("Our cooperation on migrant protection will grow,", "William Lacy Swing", "IOM Director General")],
            contacts: vec![contact("Joe Example", "IOM Vienna", "jexample@example.org", "+436600000000")],
            organizations: vec!["IOM".into(), "Government of Uzbekistan".into()],
            countries: vec!["UZ".into()],
            ..Release::default()
        },
        Release {
            source: "fixtures/almaty-ru.html".into(),
            url: Some("https://example.org/ru/news/almaty".into()),
            title: Some("Семинар по защите мигрантов в Алматы".into()),
            published: PartialDate::ym(2020, 11),
            site: site("МОМ Казахстан"),
            lang: Some("ru".into()),
            body: "Алматы – Семинар по защите прав мигрантов прошёл в Алматы.".into(),
            countries: vec!["KZ".into()],
            ..Release::default()
        },
    ]
}

/// The boilerplate lines the extractor would have removed from a release's raw page:
/// a menu, a footer, and markup that must come out escaped.
pub fn removed_lines(r: &Release) -> Vec<String> {
    vec![
        "Home | News | Media Centre | Contact".to_string(),
        format!("<script>alert('removed from {}')</script>", r.source),
        "<a href=\"javascript:alert(1)\" onclick=\"alert(2)\">Share</a>".to_string(),
        "© IOM 2018 · Privacy policy".to_string(),
    ]
}

/// Stores releases through the store API, as the ingest command would.
pub fn store(archive: &mut Archive, releases: &[Release]) {
    for r in releases {
        let source = SourceInfo::new(
            SourceRef {
                url: r.url.clone(),
                crawl_date: Some("2024-01-02T03:04:05Z".into()),
                ..SourceRef::file(r.source.clone())
            },
            r.body.as_bytes(),
        )
        .with_removed(removed_lines(r));
        archive.ingest(r, &source).unwrap();
    }
    archive.flush().unwrap();
}

/// A test ingest pipeline: the upload is JSON Lines of already structured releases.
pub fn jsonl_ingestor(
    upload: Upload,
    archive: &mut Archive,
) -> Result<IngestSummary, IngestFailure> {
    let text = String::from_utf8(upload.bytes)
        .map_err(|_| IngestFailure::BadUpload("not UTF-8".into()))?;
    let mut summary = IngestSummary::default();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        summary.pages_read += 1;
        let Ok(release) = serde_json::from_str::<Release>(line) else {
            summary.error("malformed input");
            continue;
        };
        let source = SourceInfo::new(
            SourceRef {
                line: Some(i as u64 + 1),
                ..SourceRef::file(upload.filename.clone())
            },
            line.as_bytes(),
        );
        summary.record(&archive.ingest(&release, &source)?);
    }
    if summary.pages_read > 0 && summary.failed() == summary.pages_read {
        return Err(IngestFailure::BadUpload(format!(
            "no line of `{}` is a release",
            upload.filename
        )));
    }
    Ok(summary)
}

/// A router over an in-memory archive holding `releases`, with an admin token.
pub fn app_with(releases: &[Release]) -> Router {
    let mut archive = Archive::in_memory().unwrap();
    store(&mut archive, releases);
    let state = AppState::new(Store::single(archive))
        .with_admin_token(Some(TOKEN.into()))
        .with_ingestor(jsonl_ingestor);
    dateline_server::router(state)
}

/// The router over the fixture releases.
pub fn app() -> Router {
    app_with(&releases())
}

/// One response, read whole.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The error code of a JSON error body.
    pub fn code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

pub async fn send(app: &Router, request: Request<Body>) -> Answer {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub async fn get(app: &Router, uri: &str) -> Answer {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}
