//! Text normalization shared by exact and near-duplicate detection.

use unicode_normalization::UnicodeNormalization;

/// Normalizes text for comparison: Unicode NFKC, lower case, every run of characters
/// that are not letters or digits (punctuation, quotes of any style, dashes, whitespace)
/// collapsed to one space, no leading or trailing space. Linear in the input.
///
/// ```
/// assert_eq!(dateline_dedup::normalize("“IOM’s”  role —\n Ａ1"), "iom s role a1");
/// ```
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.nfkc().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        } else {
            pending_space = true;
        }
    }
    out
}

/// The words of normalized text.
pub fn words(normalized: &str) -> impl Iterator<Item = &str> {
    normalized.split(' ').filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_styles() {
        assert_eq!(normalize("Don't"), normalize("Don’t"));
        assert_eq!(normalize("  A\t\tB \n"), "a b");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("--- ..."), "");
        assert_eq!(normalize("Узбекистан, ПРООН"), "узбекистан проон");
    }

    #[test]
    fn is_linear_on_big_input() {
        let big = "word, ".repeat(1_000_000);
        assert_eq!(words(&normalize(&big)).count(), 1_000_000);
    }
}
