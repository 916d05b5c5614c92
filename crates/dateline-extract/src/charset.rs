//! Bytes to UTF-8: BOM, declared charset, `<meta>` charset, then detection.
//!
//! UTF-8 and ASCII input (most of the web) is validated once and borrowed, never copied.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How many leading bytes are searched for a `<meta>` charset.
const PRESCAN: usize = 8 * 1024;

/// Where the encoding came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    /// A byte-order mark.
    Bom,
    /// The charset announced outside the page (HTTP header).
    Declared,
    /// `<meta charset>` or `<meta http-equiv="Content-Type">`.
    Meta,
    /// Detected from the bytes.
    Detected,
}

/// The page's text and the encoding it was decoded from.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// Valid UTF-8 text.
    pub text: Cow<'a, str>,
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// Why that encoding.
    pub source: CharsetSource,
}

/// Decodes `bytes` to UTF-8, trying the BOM, `declared`, a `<meta>` charset (when `html`),
/// then detection.
pub fn decode<'a>(bytes: &'a [u8], declared: Option<&str>, html: bool) -> Decoded<'a> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        return finish(rest, enc, CharsetSource::Bom);
    }
    if let Some(enc) = declared.and_then(label) {
        return finish(bytes, enc, CharsetSource::Declared);
    }
    if html && let Some(enc) = meta_charset(bytes.get(..PRESCAN).unwrap_or(bytes)) {
        return finish(bytes, enc, CharsetSource::Meta);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded {
            text: Cow::Borrowed(text),
            encoding: UTF_8,
            source: CharsetSource::Detected,
        };
    }
    finish(bytes, detect(bytes), CharsetSource::Detected)
}

/// An encoding label as the Encoding Standard maps it; UTF-16 labels in a page mean UTF-8
/// (the page could not have been read to find them otherwise).
fn label(name: &str) -> Option<&'static Encoding> {
    let enc = Encoding::for_label_no_replacement(name.trim().trim_matches(['"', '\'']).as_bytes())?;
    Some(
        if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
            UTF_8
        } else {
            enc
        },
    )
}

/// Guesses the encoding from (at most the first 256 KB of) the bytes.
fn detect(bytes: &[u8]) -> &'static Encoding {
    const DETECT_BYTES: usize = 256 * 1024;
    let sample = bytes.get(..DETECT_BYTES).unwrap_or(bytes);
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(sample, sample.len() == bytes.len());
    detector.guess(None, chardetng::Utf8Detection::Allow)
}

fn finish<'a>(bytes: &'a [u8], enc: &'static Encoding, source: CharsetSource) -> Decoded<'a> {
    if enc == UTF_8 {
        if let Ok(s) = std::str::from_utf8(bytes) {
            return Decoded {
                text: Cow::Borrowed(s),
                encoding: enc,
                source,
            };
        }
        // Declared UTF-8 but not valid: the declaration is often wrong on old pages.
        if source != CharsetSource::Bom {
            let guess = detect(bytes);
            if guess != UTF_8 {
                let (text, _) = guess.decode_without_bom_handling(bytes);
                return Decoded {
                    text,
                    encoding: guess,
                    source: CharsetSource::Detected,
                };
            }
        }
    }
    // A legacy single-byte label on bytes that are valid, non-ASCII UTF-8: the label is
    // stale (a CMS switched to UTF-8 and kept its template); real windows-1252 text is
    // almost never valid UTF-8.
    if enc.is_single_byte()
        && source != CharsetSource::Bom
        && let Ok(s) = std::str::from_utf8(bytes)
    {
        return Decoded {
            text: Cow::Borrowed(s),
            encoding: UTF_8,
            source: CharsetSource::Detected,
        };
    }
    // `ISO-8859-1` and `US-ASCII` labels already map to windows-1252 (Encoding Standard).
    let enc = if enc == encoding_rs::X_USER_DEFINED {
        WINDOWS_1252
    } else {
        enc
    };
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text,
        encoding: enc,
        source,
    }
}

/// Finds `charset=` inside a `<meta` tag in the first bytes of a page.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let finder = memchr::memmem::Finder::new(b"<meta");
    let mut from = 0;
    while let Some(pos) = lower.get(from..).and_then(|rest| finder.find(rest)) {
        let tag_start = from + pos + 5;
        let rest = lower.get(tag_start..)?;
        let end = memchr::memchr(b'>', rest).unwrap_or(rest.len());
        if let Some(enc) = rest.get(..end).and_then(charset_in) {
            return Some(enc);
        }
        from = tag_start;
    }
    None
}

/// The charset named in the (lower-cased) text of one `<meta` tag.
fn charset_in(lower: &[u8]) -> Option<&'static Encoding> {
    let at = memchr::memmem::find(lower, b"charset")?;
    let mut rest = lower.get(at + 7..)?;
    while let Some((&b, tail)) = rest.split_first() {
        if b.is_ascii_whitespace() {
            rest = tail;
        } else {
            break;
        }
    }
    let rest = rest.strip_prefix(b"=")?;
    let rest: Vec<u8> = rest
        .iter()
        .copied()
        .skip_while(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
        .take_while(|b| {
            !(b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b';' | b'/' | b'>'))
        })
        .collect();
    label(std::str::from_utf8(&rest).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(enc: &'static Encoding, text: &str, label_name: &str) {
        let (bytes, _, unmappable) = enc.encode(text);
        assert!(!unmappable, "{label_name}: test text must be encodable");
        let html = [
            format!("<html><head><meta charset=\"{label_name}\"></head><body><p>").into_bytes(),
            bytes.into_owned(),
            b"</p></body></html>".to_vec(),
        ]
        .concat();
        let d = decode(&html, None, true);
        assert_eq!(d.encoding, enc, "{label_name}");
        assert!(d.text.contains(text), "{label_name}: {}", d.text);
        // Without the meta tag, through the declared charset.
        let (bytes, _, _) = enc.encode(text);
        let d = decode(&bytes, Some(label_name), true);
        assert_eq!(d.text, text);
    }

    #[test]
    fn decodes_legacy_charsets() {
        roundtrip(
            encoding_rs::WINDOWS_1251,
            "Пресс-релиз: беженцы в Украине",
            "windows-1251",
        );
        roundtrip(
            encoding_rs::KOI8_R,
            "Пресс-релиз: беженцы в Украине",
            "koi8-r",
        );
        roundtrip(
            WINDOWS_1252,
            "Flüchtlinge in Genève — “Zitat”",
            "windows-1252",
        );
        roundtrip(
            encoding_rs::SHIFT_JIS,
            "難民に関するプレスリリース",
            "shift_jis",
        );
        roundtrip(encoding_rs::GBK, "难民新闻稿发布", "gb2312");
    }

    #[test]
    fn iso_8859_1_label_means_windows_1252() {
        let d = decode(
            b"<meta http-equiv=Content-Type content='text/html; charset=ISO-8859-1'>Caf\xe9",
            None,
            true,
        );
        assert_eq!(d.encoding, WINDOWS_1252);
        assert!(d.text.ends_with("Café"));
    }

    #[test]
    fn detects_without_declaration() {
        let text = "Беженцы и мигранты получили помощь в приграничных районах страны. ".repeat(8);
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(&text);
        let d = decode(&bytes, None, true);
        assert_eq!(d.source, CharsetSource::Detected);
        assert_eq!(d.text, text);
    }

    #[test]
    fn utf8_is_borrowed_and_bom_wins() {
        let d = decode("<p>Grüße</p>".as_bytes(), None, true);
        assert!(matches!(d.text, Cow::Borrowed(_)));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("<meta charset=latin1>é".as_bytes());
        let d = decode(&bom, None, true);
        assert_eq!(d.source, CharsetSource::Bom);
        assert!(d.text.ends_with('é'));
    }

    #[test]
    fn stale_legacy_label_on_utf8_bytes_means_utf8() {
        let d = decode(
            "<meta charset=iso-8859-1><p>Kosovo’s future</p>".as_bytes(),
            None,
            true,
        );
        assert_eq!(d.encoding, UTF_8);
        assert!(d.text.contains("Kosovo’s"));
    }

    #[test]
    fn wrong_utf8_declaration_falls_back_to_detection() {
        let d = decode(
            b"<meta charset=utf-8><p>Caf\xe9 cr\xe8me br\xfbl\xe9e</p>",
            None,
            true,
        );
        assert!(d.text.contains("Café crème"), "{}", d.text);
    }
}
