//! Bad and unusual input: charsets, deep nesting, huge pages, binary junk, empty pages,
//! skipped content, implicitly closed elements.

use std::time::Instant;

use dateline_extract::{ExtractError, ExtractErrorKind, ExtractorBuilder};
use dateline_types::BlockKind;

use crate::html_page;

const PARAGRAPH: &str = "The convoy reached the northern towns on Tuesday, carrying food, \
                         water and medicine for twelve thousand people, officials said.";

fn extract(html: impl Into<Vec<u8>>) -> Result<dateline_types::Article, ExtractError> {
    ExtractorBuilder::new().build().extract(&html_page(html))
}

fn charset_page(enc: &'static encoding_rs::Encoding, label: &str, text: &str, meta: bool) {
    let head = if meta {
        format!("<html><head><meta charset=\"{label}\"><title>t</title></head><body><article>")
    } else {
        "<html><head><title>t</title></head><body><article>".to_string()
    };
    let body = format!("<p>{text}</p>").repeat(4);
    let (encoded, _, unmappable) = enc.encode(&body);
    assert!(!unmappable, "{label}");
    let bytes = [head.as_bytes(), &encoded, b"</article></body></html>"].concat();
    let article = extract(bytes).unwrap();
    assert_eq!(article.blocks.len(), 4, "{label}");
    assert_eq!(article.blocks[0].text, text, "{label}");
}

#[test]
fn legacy_charsets_decode_through_meta_and_detection() {
    let ru = "Беженцы и мигранты получили гуманитарную помощь в приграничных районах, сообщили в организации.";
    let de = "Die Flüchtlinge erhielten in Genève Hilfe für die Überfahrt, sagte der Sprecher – „endlich“.";
    let ja = "国際移住機関は、国境付近の難民と移民に対して人道支援を行ったと発表しました。支援は今後も続きます。";
    let zh =
        "国际移民组织表示，边境附近的难民和移民已经获得人道主义援助，援助工作还将继续进行下去。";
    for meta in [true, false] {
        charset_page(encoding_rs::WINDOWS_1251, "windows-1251", ru, meta);
        charset_page(encoding_rs::KOI8_R, "koi8-r", ru, meta);
        charset_page(encoding_rs::WINDOWS_1252, "iso-8859-1", de, meta);
        charset_page(encoding_rs::SHIFT_JIS, "shift_jis", ja, meta);
        charset_page(encoding_rs::GBK, "gb2312", zh, meta);
    }
}

#[test]
fn declared_charset_is_used() {
    let (bytes, _, _) = encoding_rs::WINDOWS_1251
        .encode("<p>Пресс-релиз о помощи беженцам и мигрантам в регионе.</p>");
    let mut page = html_page(bytes.into_owned());
    page.declared_charset = Some("windows-1251".into());
    let article = ExtractorBuilder::new().build().extract(&page).unwrap();
    assert!(article.body().contains("Пресс-релиз"));
}

#[test]
fn ten_thousand_deep_nesting_is_linear_and_fine() {
    let html =
        "<div><span>".repeat(10_000) + "<p>" + PARAGRAPH + "</p>" + &"</span></div>".repeat(10_000);
    let started = Instant::now();
    let article = extract(html).unwrap();
    assert_eq!(article.body(), PARAGRAPH);
    assert!(started.elapsed().as_secs() < 10);
    // Never closed at all.
    let article = extract("<div>".repeat(10_000) + PARAGRAPH).unwrap();
    assert_eq!(article.body(), PARAGRAPH);
}

fn big_page(bytes: usize) -> String {
    let unit = format!(
        "<div class=\"post\"><h2>Section</h2><p>{PARAGRAPH}</p><ul><li><a href=\"/x\">link</a></ul></div>\n"
    );
    let mut html = String::with_capacity(bytes + unit.len());
    html.push_str("<html><head><title>Big</title></head><body><main>");
    while html.len() < bytes {
        html.push_str(&unit);
    }
    html.push_str("</main></body></html>");
    html
}

#[test]
fn a_5_mb_page_is_fine() {
    let article = extract(big_page(5 << 20)).unwrap();
    assert!(article.blocks.len() > 10_000);
}

#[test]
#[ignore = "slow in the dev profile; run with --release -- --ignored"]
fn a_50_mb_page_is_fine() {
    let article = extract(big_page(50 << 20)).unwrap();
    assert!(article.blocks.len() > 100_000);
}

#[test]
fn binary_junk_and_empty_pages_are_errors() {
    let mut junk = vec![0u8; 64];
    junk.extend((0..10_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    let err = extract(junk).unwrap_err();
    assert_eq!(err.kind(), ExtractErrorKind::Binary);
    assert!(
        err.to_string().contains("NUL") || err.to_string().contains("control"),
        "{err}"
    );
    let err = extract(b"\x89PNG\r\n\x1a\n....".to_vec()).unwrap_err();
    assert!(err.to_string().contains("PNG"), "{err}");
    assert_eq!(
        extract(Vec::new()).unwrap_err().kind(),
        ExtractErrorKind::Empty
    );
    assert_eq!(
        extract("<html><body>  </body></html>").unwrap_err().kind(),
        ExtractErrorKind::Empty
    );
}

#[test]
fn scripts_styles_and_templates_are_skipped() {
    let html = format!(
        "<html><head><style>p {{ color: red }}</style><script>var p = '<p>not text</p>';</script></head>\
         <body><article><p>{PARAGRAPH}</p><noscript>Enable JavaScript</noscript>\
         <template><p>template text</p></template><svg><text>svg text</text></svg>\
         <p>{PARAGRAPH}</p></article></body></html>"
    );
    let article = extract(html).unwrap();
    let body = article.body();
    for junk in [
        "color",
        "not text",
        "Enable JavaScript",
        "template text",
        "svg text",
    ] {
        assert!(!body.contains(junk), "{junk} leaked: {body}");
    }
    assert_eq!(article.blocks.len(), 2);
}

#[test]
fn implicitly_closed_elements_keep_the_structure() {
    let html = format!(
        "<body><article><h1>Headline here</h1><p>{PARAGRAPH}<p>{PARAGRAPH} Again.<ul><li>First item<li>Second item</ul>\
         <table><tr><td>Name<td>Phone<tr><td>Ann<td>555</table><blockquote>{PARAGRAPH}</blockquote></article></body>"
    );
    let article = extract(html).unwrap();
    let kinds: Vec<BlockKind> = article.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        vec![
            BlockKind::Paragraph,
            BlockKind::Paragraph,
            BlockKind::ListItem,
            BlockKind::ListItem,
            BlockKind::TableRow,
            BlockKind::TableRow,
            BlockKind::Quote,
        ],
        "{:#?}",
        article.blocks
    );
    assert_eq!(article.blocks[4].text, "Name | Phone");
    assert_eq!(article.title.as_deref(), Some("Headline here"));
}

#[test]
fn boilerplate_goes_to_removed_in_page_order() {
    let html = format!(
        "<body><header><nav><a href=/>Home</a> <a href=/news>News</a></nav></header>\
         <div class=content><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>\
         <div class=share-bar><a href=#>Share on Facebook</a></div>\
         <aside class=related><h3>Related</h3><ul><li><a href=/a>Another story about floods</a></ul></aside></div>\
         <div id=cookie-banner>We use cookies to improve your experience on this site.</div>\
         <footer>© 2024 Example</footer></body>"
    );
    let article = extract(html).unwrap();
    assert_eq!(article.blocks.len(), 2, "{:#?}", article.blocks);
    let removed = article.removed.join(" / ");
    assert_eq!(
        removed,
        "Home News / Share on Facebook / Related / Another story about floods / \
         We use cookies to improve your experience on this site. / © 2024 Example"
    );
}

#[test]
fn random_tag_soup_never_panics() {
    const PIECES: &[&str] = &[
        "<p>",
        "</p>",
        "<div class=article>",
        "</div>",
        "<li>",
        "<ul>",
        "</ul>",
        "<table>",
        "<tr>",
        "<td>",
        "</table>",
        "<a href=x>",
        "</a>",
        "<script>",
        "</script>",
        "<svg>",
        "<title>",
        "</title>",
        "<h1>",
        "</h1>",
        "<br>",
        "&amp;",
        "&#150",
        "&#x",
        "<!--",
        "-->",
        "<![CDATA[",
        "Text, words and more words. ",
        "Ünïcödé — “quotes” ",
        "\u{0}",
        "<meta charset=koi8-r>",
        "<script type=application/ld+json>{\"@type\":\"NewsArticle\",\"datePublished\":",
        "\"2020-01-01\"}",
        "<time datetime=2019-02-03>",
        "<select>",
        "<button>",
        "<x-y href=1>",
        "<blockquote>",
        "<pre>\n x\n</pre>",
        "<nav>",
        "</nav>",
        "<footer>",
        "<",
    ];
    let extractor = ExtractorBuilder::new().build();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..1500 {
        let mut html = String::new();
        let n = (state % 60) as usize;
        for _ in 0..n {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            html.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
        }
        let _ = extractor.extract(&html_page(html));
    }
}
