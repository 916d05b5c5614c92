//! The page's language: declared (`<html lang>`, `content-language`), else detected from
//! the main text with whatlang, always as an ISO 639-1 code when one exists.

/// How much body text is given to the detector: a few sentences are enough for
/// whatlang's trigram profiles, and its cost grows with the sample.
pub(crate) const SAMPLE_BYTES: usize = 600;

/// `en-US`, `de_DE`, ` EN ` -> `en`; `None` for values that are not language tags.
pub(crate) fn normalize(tag: &str) -> Option<String> {
    let primary = tag
        .trim()
        .split(['-', '_', ',', ';', ' '])
        .next()?
        .to_ascii_lowercase();
    let ok = (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_lowercase());
    if !ok {
        return None;
    }
    Some(match primary.as_str() {
        "eng" => "en".into(),
        "deu" | "ger" => "de".into(),
        "fra" | "fre" => "fr".into(),
        "spa" => "es".into(),
        _ => primary,
    })
}

/// Detects the language of `text` (its first few KB).
pub(crate) fn detect(text: &str) -> Option<String> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = text.get(..end)?;
    if sample.chars().filter(|c| c.is_alphabetic()).count() < 20 {
        return None;
    }
    let info = whatlang::detect(sample)?;
    Some(iso639_1(info.lang().code()).to_string())
}

/// ISO 639-3 (whatlang's codes) to ISO 639-1 where a two-letter code exists.
fn iso639_1(code: &str) -> &str {
    match code {
        "epo" => "eo",
        "eng" => "en",
        "rus" => "ru",
        "cmn" => "zh",
        "spa" => "es",
        "por" => "pt",
        "ita" => "it",
        "ben" => "bn",
        "fra" => "fr",
        "deu" => "de",
        "ukr" => "uk",
        "kat" => "ka",
        "ara" => "ar",
        "hin" => "hi",
        "jpn" => "ja",
        "heb" => "he",
        "yid" => "yi",
        "pol" => "pl",
        "amh" => "am",
        "jav" => "jv",
        "kor" => "ko",
        "nob" => "nb",
        "dan" => "da",
        "swe" => "sv",
        "fin" => "fi",
        "tur" => "tr",
        "nld" => "nl",
        "hun" => "hu",
        "ces" => "cs",
        "ell" => "el",
        "bul" => "bg",
        "bel" => "be",
        "mar" => "mr",
        "kan" => "kn",
        "ron" => "ro",
        "slv" => "sl",
        "hrv" => "hr",
        "srp" => "sr",
        "mkd" => "mk",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "tam" => "ta",
        "vie" => "vi",
        "urd" => "ur",
        "tha" => "th",
        "guj" => "gu",
        "uzb" => "uz",
        "pan" => "pa",
        "aze" => "az",
        "ind" => "id",
        "tel" => "te",
        "pes" => "fa",
        "mal" => "ml",
        "ori" => "or",
        "mya" => "my",
        "nep" => "ne",
        "sin" => "si",
        "khm" => "km",
        "tuk" => "tk",
        "aka" => "ak",
        "zul" => "zu",
        "sna" => "sn",
        "afr" => "af",
        "lat" => "la",
        "slk" => "sk",
        "cat" => "ca",
        "tgl" => "tl",
        "hye" => "hy",
        "cym" => "cy",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_tags() {
        assert_eq!(normalize("en-US").as_deref(), Some("en"));
        assert_eq!(normalize("de_DE").as_deref(), Some("de"));
        assert_eq!(normalize("{{lang}}"), None);
        assert_eq!(normalize(""), None);
    }

    #[test]
    fn detects_text() {
        let de = "Die Bundesregierung hat heute neue Hilfen für Geflüchtete beschlossen, die ab Montag gelten.";
        assert_eq!(detect(de).as_deref(), Some("de"));
        assert_eq!(detect("short"), None);
    }
}
