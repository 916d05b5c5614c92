//! Page metadata: title, publication date, authors, site name, canonical URL, description,
//! language.

use dateline_types::{DateFound, Evidence, PartialDate};
use serde_json::Value;

use crate::dates;
use crate::parse::{Kind, Page, collapse};

/// How deep JSON-LD objects are searched.
const MAX_LD_DEPTH: usize = 12;

/// Fields read from JSON-LD, from the best-typed object first.
#[derive(Debug, Default)]
pub(crate) struct LdFacts {
    pub headline: Option<String>,
    pub date_published: Option<String>,
    pub date_created: Option<String>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub description: Option<String>,
}

fn is_article_type(v: &Value) -> bool {
    let check = |s: &str| {
        s.ends_with("Article")
            || matches!(
                s,
                "BlogPosting"
                    | "Report"
                    | "PressRelease"
                    | "NewsArticle"
                    | "LiveBlogPosting"
                    | "Posting"
            )
    };
    match v.get("@type") {
        Some(Value::String(s)) => check(s),
        Some(Value::Array(a)) => a.iter().any(|t| t.as_str().is_some_and(check)),
        _ => false,
    }
}

fn names(v: &Value, out: &mut Vec<String>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Value::String(s) => {
            let s = collapse(s);
            if !s.is_empty() && !s.starts_with("http") {
                out.push(s);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| names(x, out, depth + 1)),
        Value::Object(o) => {
            if let Some(n) = o.get("name") {
                names(n, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn str_field(v: &Value, key: &str) -> Option<String> {
    match v.get(key)? {
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => a.first()?.as_str().map(str::to_string),
        _ => None,
    }
}

fn walk(v: &Value, depth: usize, facts: &mut LdFacts, article_seen: &mut bool) {
    if depth > MAX_LD_DEPTH {
        return;
    }
    match v {
        Value::Array(a) => a
            .iter()
            .for_each(|x| walk(x, depth + 1, facts, article_seen)),
        Value::Object(o) => {
            let article = is_article_type(v);
            // Fields of an Article-typed object replace those of other objects seen first.
            let take = article && !*article_seen;
            if take {
                *article_seen = true;
            }
            let set = |slot: &mut Option<String>, val: Option<String>| {
                if let Some(val) = val
                    && (take || slot.is_none())
                {
                    *slot = Some(val);
                }
            };
            if article || o.contains_key("headline") {
                set(&mut facts.headline, str_field(v, "headline"));
            }
            set(&mut facts.date_published, str_field(v, "datePublished"));
            set(&mut facts.date_created, str_field(v, "dateCreated"));
            if article || facts.description.is_none() {
                set(
                    &mut facts.description,
                    str_field(v, "description").filter(|_| article),
                );
            }
            if let Some(a) = o.get("author").or_else(|| o.get("creator"))
                && (take || facts.authors.is_empty())
            {
                let mut found = Vec::new();
                names(a, &mut found, 0);
                if !found.is_empty() {
                    facts.authors = found;
                }
            }
            if let Some(p) = o.get("publisher") {
                let mut found = Vec::new();
                names(p, &mut found, 0);
                if let Some(first) = found.into_iter().next() {
                    set(&mut facts.publisher, Some(first));
                }
            }
            for (k, x) in o {
                if matches!(x, Value::Object(_) | Value::Array(_))
                    && k != "author"
                    && k != "publisher"
                {
                    walk(x, depth + 1, facts, article_seen);
                }
            }
        }
        _ => {}
    }
}

/// Reads the JSON-LD scripts of a page.
pub(crate) fn ld_facts(scripts: &[String]) -> LdFacts {
    let mut facts = LdFacts::default();
    let mut article_seen = false;
    for raw in scripts {
        let s = raw
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim()
            .trim_start_matches("//<![CDATA[")
            .trim_end_matches("//]]>")
            .trim();
        if let Ok(v) = serde_json::from_str::<Value>(s) {
            walk(&v, 0, &mut facts, &mut article_seen);
        } else if facts.date_published.is_none() {
            // Broken JSON (trailing commas, raw newlines): still take the obvious field.
            if let Some(i) = s.find("\"datePublished\"")
                && let Some(rest) = s.get(i + 15..)
                && let Some(q1) = rest.find('"')
                && let Some(tail) = rest.get(q1 + 1..)
                && let Some(q2) = tail.find('"')
            {
                facts.date_published = tail.get(..q2).map(str::to_string);
            }
        }
    }
    facts
}

/// The content of the first `<meta>` whose key is one of `keys` (in the order of `keys`).
pub(crate) fn meta<'a>(page: &'a Page, keys: &[&str]) -> Option<&'a str> {
    keys.iter().find_map(|k| {
        page.metas
            .iter()
            .find(|(key, v)| key == k && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
    })
}

fn clean(s: &str) -> Option<String> {
    let s = collapse(&html_escape::decode_html_entities(s));
    (!s.is_empty()).then_some(s)
}

const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " » ", " · ", " / ", " : ",
];

/// `<title>` without the site name: the longest part between separators.
fn strip_site(title: &str) -> String {
    for sep in SEPARATORS {
        if title.contains(sep) {
            let parts: Vec<&str> = title.split(sep).map(str::trim).collect();
            if let Some(best) = parts.iter().max_by_key(|p| p.chars().count())
                && best.split_whitespace().count() >= 3
            {
                return best.to_string();
            }
        }
    }
    title.to_string()
}

/// A navigation menu pasted into a title (`Home | Who we are | News | Donate`): four or
/// more parts between one separator, none long enough to be a headline.
fn is_menu(title: &str) -> bool {
    SEPARATORS.iter().any(|sep| {
        let parts: Vec<&str> = title.split(sep).map(str::trim).collect();
        parts.len() >= 4 && parts.iter().all(|p| p.split_whitespace().count() <= 3)
    })
}

fn norm(s: &str) -> String {
    norm_chars(s).collect()
}

/// The characters of [`norm`], without building the string (to compare many texts).
fn norm_chars(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
}

/// The best headline, and whether it is a heading shown on the page.
pub(crate) fn title(page: &Page, ld: &LdFacts) -> (Option<String>, bool) {
    match title_inner(page, ld) {
        (Some(t), shown) => (Some(t), shown),
        (None, _) => (None, false),
    }
}

fn title_inner(page: &Page, ld: &LdFacts) -> (Option<String>, bool) {
    let doc_title = clean(&page.title).filter(|t| !is_menu(t));
    let headings: Vec<&str> = page
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, Kind::Heading(1..=3)))
        .take(12)
        .map(|b| b.text.as_str())
        .collect();
    let og = meta(
        page,
        &["og:title", "twitter:title", "dc.title", "itemprop:headline"],
    )
    .and_then(clean)
    .filter(|t| !is_menu(t));
    let ld_head = ld.headline.as_deref().and_then(clean);
    // A heading that the document title or og:title repeats is the headline as shown.
    for reference in [&og, &ld_head, &doc_title].into_iter().flatten() {
        let r = norm(reference);
        if r.is_empty() {
            continue;
        }
        for h in &headings {
            let n = norm(h);
            if n.chars().count() >= 10 && (r == n || r.contains(&n) && n.len() * 2 >= r.len()) {
                return (Some(h.to_string()), true);
            }
        }
    }
    if let Some(og) = og {
        return (Some(strip_site(&og)), false);
    }
    if let Some(h) = ld_head {
        return (Some(h), false);
    }
    if let Some(t) = doc_title {
        return (Some(strip_site(&t)), false);
    }
    let h1 = page
        .blocks
        .iter()
        .find(|b| b.kind == Kind::Heading(1))
        .map(|b| b.text.clone());
    let shown = h1.is_some();
    if h1.is_none() {
        // Nothing better than the menu-like title.
        return (clean(&page.title), false);
    }
    (h1, shown)
}

/// A headline-like heading (h1-h3, 3+ words) just above text block `first`.
pub(crate) fn heading_before(page: &Page, first: Option<usize>) -> Option<String> {
    let first = first?;
    page.blocks
        .get(first.saturating_sub(6)..first)?
        .iter()
        .rev()
        .find(|b| matches!(b.kind, Kind::Heading(1..=3)))
        .filter(|b| b.text.split_whitespace().count() >= 3 && (10..=300).contains(&b.chars))
        .map(|b| b.text.clone())
}

/// The publication date with its evidence.
pub(crate) fn published(
    page: &Page,
    ld: &LdFacts,
    url: Option<&str>,
    hint: Option<&str>,
    title: Option<&str>,
) -> Option<DateFound> {
    let found = |date: PartialDate, rule: &str, span: &str| DateFound {
        date,
        evidence: Evidence::rule(rule, span),
    };
    if let Some(s) = &ld.date_published
        && let Some(d) = dates::parse_any(s)
    {
        return Some(found(d, "json-ld:datePublished", s));
    }
    const KEYS: &[&str] = &[
        "article:published_time",
        "og:article:published_time",
        "article.published",
        "itemprop:datepublished",
        "datepublished",
        "publishdate",
        "publish-date",
        "published_time",
        "pubdate",
        "date",
        "dc.date.issued",
        "dcterms.date",
        "dc.date",
        "dcterms.created",
        "dc.date.created",
        "parsely-pub-date",
        "sailthru.date",
        "article.created",
        "og:published_time",
        "cxenseparse:recs:publishtime",
        "citation_publication_date",
        "last-modified",
    ];
    for key in KEYS {
        if let Some(v) = meta(page, &[key])
            && let Some(d) = dates::parse_any(v)
        {
            return Some(found(d, &format!("meta:{key}"), v));
        }
    }
    if let Some(s) = &ld.date_created
        && let Some(d) = dates::parse_any(s)
    {
        return Some(found(d, "json-ld:dateCreated", s));
    }
    if let Some((v, _)) = page.times.first()
        && let Some(d) = dates::parse_any(v)
    {
        return Some(found(d, "html:time", v));
    }
    if let Some(url) = url
        && let Some((d, span)) = dates::from_url(url)
    {
        return Some(found(d, "url", &span));
    }
    if let Some(h) = hint
        && let Some(d) = dates::parse_any(h)
    {
        return Some(found(d, "page:date-hint", h));
    }
    // Visible date near the headline, else near the top of the page.
    let start = title
        .map(norm)
        .and_then(|t| {
            page.blocks
                .iter()
                .position(|b| norm_chars(&b.text).eq(t.chars()))
        })
        .unwrap_or(0);
    for b in page.blocks.iter().skip(start.saturating_sub(3)).take(25) {
        if b.chars > 200 {
            continue;
        }
        if let Some((d, span)) = dates::find_in_text(&b.text) {
            return Some(DateFound {
                date: d,
                evidence: Evidence::rule("text:near-title", span).low(),
            });
        }
    }
    None
}

fn split_names(s: &str, out: &mut Vec<String>) {
    let s = collapse(s);
    let s = s
        .trim_start_matches("By ")
        .trim_start_matches("by ")
        .trim_start_matches("Von ")
        .trim_start_matches("von ");
    for part in s
        .split([',', ';', '|'])
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" und "))
    {
        let p = part
            .trim()
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
        if p.is_empty() || p.starts_with("http") || p.contains('@') || p.chars().count() > 60 {
            continue;
        }
        if !out.iter().any(|o| o == p) {
            out.push(p.to_string());
        }
    }
}

/// Author names, in page order.
pub(crate) fn authors(page: &Page, ld: &LdFacts) -> Vec<String> {
    let mut out = Vec::new();
    for a in &ld.authors {
        split_names(a, &mut out);
    }
    if out.is_empty()
        && let Some(m) = meta(
            page,
            &[
                "author",
                "article:author",
                "dc.creator",
                "parsely-author",
                "sailthru.author",
                "byl",
                "twitter:creator",
            ],
        )
    {
        split_names(m, &mut out);
    }
    if out.is_empty() {
        for t in &page.author_texts {
            split_names(t, &mut out);
        }
    }
    const GENERIC: &[&str] = &[
        "admin",
        "administrator",
        "webmaster",
        "editor",
        "staff",
        "redaktion",
        "user",
        "guest",
        "author",
    ];
    out.retain(|a| {
        a.chars().any(char::is_alphabetic)
            && !a.starts_with('@')
            && !GENERIC.iter().any(|g| a.eq_ignore_ascii_case(g))
    });
    out.truncate(8);
    out
}

/// The site's name.
pub(crate) fn site(page: &Page, ld: &LdFacts) -> Option<String> {
    meta(page, &["og:site_name", "application-name", "twitter:site"])
        .and_then(clean)
        .or_else(|| ld.publisher.as_deref().and_then(clean))
}

/// The page's own summary.
pub(crate) fn description(page: &Page, ld: &LdFacts) -> Option<String> {
    meta(
        page,
        &[
            "description",
            "og:description",
            "twitter:description",
            "dc.description",
        ],
    )
    .and_then(clean)
    .or_else(|| ld.description.as_deref().and_then(clean))
}

/// Canonical link, else `og:url`, else the fetched URL; relative links resolved against it.
pub(crate) fn canonical(page: &Page, fetched: Option<&str>) -> Option<String> {
    let declared = page
        .canonical
        .as_deref()
        .or_else(|| meta(page, &["og:url"]))
        .map(|s| html_escape::decode_html_entities(s.trim()).into_owned())
        .filter(|s| !s.is_empty());
    match (declared, fetched) {
        (Some(c), _) if c.starts_with("http://") || c.starts_with("https://") => Some(c),
        (Some(c), Some(base)) if c.starts_with("//") => {
            let scheme = base.split("://").next().unwrap_or("https");
            Some(format!("{scheme}:{c}"))
        }
        (Some(c), Some(base)) if c.starts_with('/') => {
            let host_end = base
                .find("://")
                .and_then(|i| base.get(i + 3..)?.find('/').map(|j| i + 3 + j))
                .unwrap_or(base.len());
            base.get(..host_end).map(|origin| format!("{origin}{c}"))
        }
        (_, Some(base)) => Some(base.to_string()),
        (Some(c), None) => Some(c),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    #[test]
    fn json_ld_article_wins() {
        let ld = ld_facts(&[r#"{"@graph":[{"@type":"WebPage","headline":"Page"},
            {"@type":"NewsArticle","headline":"Story","datePublished":"2020-03-04T05:06:07Z",
             "author":[{"@type":"Person","name":"Ann Lee"},{"name":"Bo Chen"}],
             "publisher":{"name":"Daily"}}]}"#
            .to_string()]);
        assert_eq!(ld.headline.as_deref(), Some("Story"));
        assert_eq!(ld.authors, vec!["Ann Lee", "Bo Chen"]);
        assert_eq!(ld.publisher.as_deref(), Some("Daily"));
        assert_eq!(ld.date_published.as_deref(), Some("2020-03-04T05:06:07Z"));
    }

    #[test]
    fn title_prefers_the_shown_headline() {
        let page = parse(
            "<title>Floods hit the north of the country | Daily News</title><h1>Floods hit the north of the country</h1>",
        );
        assert_eq!(
            title(&page, &LdFacts::default()).0.as_deref(),
            Some("Floods hit the north of the country")
        );
        let page = parse("<title>Floods hit the north of the country | Daily News</title>");
        assert_eq!(
            title(&page, &LdFacts::default()).0.as_deref(),
            Some("Floods hit the north of the country")
        );
    }

    #[test]
    fn a_menu_in_the_title_falls_back_to_the_heading() {
        let page = parse(
            "<title>Home | Who we are | Our programmes | News | Donate</title>\
             <h1>Volunteers Reach 5,000 Migrants With Winter Kits</h1>",
        );
        assert_eq!(
            title(&page, &LdFacts::default()).0.as_deref(),
            Some("Volunteers Reach 5,000 Migrants With Winter Kits")
        );
        assert!(!is_menu("Floods hit the north | Daily News"));
        assert!(!is_menu(
            "Budget 2024 | Tax | Daily News Online Edition for Everyone"
        ));
    }

    #[test]
    fn date_from_meta_then_url() {
        let page =
            parse(r#"<meta property="article:published_time" content="2019-01-02T00:00:00Z">"#);
        let d = published(&page, &LdFacts::default(), None, None, None).unwrap();
        assert_eq!(d.date.to_string(), "2019-01-02");
        assert_eq!(d.evidence.rule, "meta:article:published_time");
        let page = parse("<p>x</p>");
        let d = published(
            &page,
            &LdFacts::default(),
            Some("https://a.org/2018/05/06/x"),
            None,
            None,
        )
        .unwrap();
        assert_eq!(d.evidence.rule, "url");
    }

    #[test]
    fn canonical_resolves_relative_links() {
        let page = parse(r#"<link rel="canonical" href="/news/1">"#);
        assert_eq!(
            canonical(&page, Some("https://a.org/x?y")).as_deref(),
            Some("https://a.org/news/1")
        );
        assert_eq!(
            canonical(&parse("<p>x</p>"), Some("https://a.org/x")).as_deref(),
            Some("https://a.org/x")
        );
    }
}
