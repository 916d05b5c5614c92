//! Organizations the release names.
//!
//! Two kinds of mention count: acronyms (`IOM`, `UNFPA`), and capitalized phrases
//! headed by an organization word (`Ministry of Employment and Labour Relations`,
//! `Government of Uzbekistan`, `UN General Assembly`). When the text gives an
//! acronym together with its expansion (`UNFPA, the United Nations Population Fund`,
//! `International Organization for Migration (IOM)`), the two are one entry:
//! `UNFPA (United Nations Population Fund)`.

use crate::people::{Tok, is_acronym, is_cap, strip_possessive};
use crate::quotes::lexicon::{is_connector, is_org_head, lower};

/// The organizations the title and paragraphs name, deduplicated, in order of first mention.
#[cfg(test)]
pub fn find_organizations(title: Option<&str>, paragraphs: &[String]) -> Vec<String> {
    let mut found = Found::default();
    for text in title
        .into_iter()
        .chain(paragraphs.iter().map(String::as_str))
    {
        scan(text, &crate::people::tokenize(text), &mut found);
    }
    found.finish()
}

/// [`find_organizations`] over text units already tokenized (`toks[k]` holds the tokens
/// of `units[k]`; an empty unit names nothing).
pub(crate) fn find_organizations_tokenized(units: &[&str], toks: &[Vec<Tok<'_>>]) -> Vec<String> {
    let mut found = Found::default();
    for (text, toks) in units.iter().zip(toks) {
        scan(text, toks, &mut found);
    }
    found.finish()
}

#[derive(Default)]
struct Found {
    /// (name, expansion) in order of first mention.
    names: Vec<(String, Option<String>)>,
    /// Each name lower-cased (`keys[k]` of `names[k]`), made once instead of at every
    /// comparison.
    keys: Vec<String>,
}

impl Found {
    fn add(&mut self, name: &str, expansion: Option<&str>) {
        let name = name.trim();
        if name.is_empty() {
            return;
        }
        // A page naming hundreds of organizations is not a release; keep the work bounded.
        if self.names.len() >= 500 {
            return;
        }
        let key = lower(name);
        if let Some(k) = self.keys.iter().position(|n| *n == key) {
            if let Some(e) = self.names.get_mut(k)
                && e.1.is_none()
            {
                e.1 = expansion.map(str::to_string);
            }
            return;
        }
        self.names
            .push((name.to_string(), expansion.map(str::to_string)));
        self.keys.push(key);
    }

    fn finish(self) -> Vec<String> {
        let expansions: Vec<String> = self
            .names
            .iter()
            .filter_map(|(_, e)| e.as_ref().map(|e| lower(e)))
            .collect();
        let all = &self.keys;
        self.names
            .into_iter()
            .zip(all)
            .filter(|((_, e), key)| e.is_some() || !expansions.contains(key))
            .filter(|(_, key)| !is_cut_short(key, all))
            .map(|((n, e), _)| match e {
                Some(e) => format!("{n} ({e})"),
                None => n,
            })
            .collect()
    }
}

/// A name cut short by a lower-cased word (`Ministry of Internal` from `Ministry of
/// Internal affairs`) when the text also names the whole (`Ministry of Internal Affairs`):
/// its next-to-last word is a connector and a longer name starts with it. `United Nations`
/// beside `United Nations Population Fund` is not cut short: both are organizations.
fn is_cut_short(name: &str, all: &[String]) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    let connector = words.len() >= 3
        && matches!(
            words[words.len() - 2],
            "of" | "for" | "on" | "and" | "de" | "du" | "des" | "del"
        );
    connector
        && all.iter().any(|other| {
            other.len() > name.len()
                && other.starts_with(name)
                && other.as_bytes()[name.len()] == b' '
        })
}

/// Acronyms that are not organizations: generic abbreviations, currencies and crypto
/// tickers, shouted words (`NEW`, `TLDR`), US state and Canadian province codes (`CA`,
/// `TX`) and shouted place names (`DALLAS`).
fn is_generic_acronym(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    if GENERIC_SET.contains(w) {
        return true;
    }
    let letters = w.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 2 && w.len() == 2 && crate::gazetteer::region(w).is_some() {
        return true;
    }
    if letters >= 4 && !crate::gazetteer::lookup(w).is_empty() {
        return true;
    }
    matches!(
        w,
        "DG" | "CEO"
            | "COO"
            | "CFO"
            | "CTO"
            | "COVID"
            | "COVID-19"
            | "TV"
            | "PM"
            | "AM"
            | "HIV"
            | "AIDS"
            | "GDP"
            | "ID"
            | "OK"
            | "NGO"
            | "NGOs"
            | "SDG"
            | "SDGs"
            | "II"
            | "III"
            | "IV"
            | "VI"
            | "VII"
            | "VIII"
            | "IX"
            | "XX"
            | "XXI"
            | "USA"
            | "US"
            | "U.S"
            | "UK"
            | "U.K"
            | "EU"
            | "UAE"
            | "DRC"
            | "PR"
            | "Q&A"
            | "FAQ"
            | "PDF"
            | "URL"
            | "CET"
            | "GMT"
            | "UTC"
            | "EST"
            | "PST"
            | "EDT"
            | "PDT"
            | "IT"
            | "AI"
            | "R-Texas"
            | "MP"
            | "MPs"
            | "RSS"
    )
}

static GENERIC_SET: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| GENERIC_ACRONYMS.iter().copied().collect());

/// More acronyms that are not organizations.
const GENERIC_ACRONYMS: &[&str] = &[
    "USD",
    "EUR",
    "GBP",
    "JPY",
    "CNY",
    "CAD",
    "AUD",
    "BTC",
    "ETH",
    "USDT",
    "USDC",
    "SOL",
    "BNB",
    "XRP",
    "NFT",
    "NFTs",
    "DEX",
    "CEX",
    "DeFi",
    "ETF",
    "ETFs",
    "EV",
    "EVs",
    "CAGR",
    "VP",
    "SVP",
    "EVP",
    "ROI",
    "B2B",
    "B2C",
    "HR",
    "DAO",
    "VIP",
    "KYC",
    "AML",
    "API",
    "APIs",
    "PTSD",
    "IPO",
    "DNA",
    "APY",
    "APR",
    "ICO",
    "ESG",
    "SEO",
    "GPU",
    "GPUs",
    "CPU",
    "ATH",
    "TVL",
    "EBITDA",
    "RWA",
    "LLP",
    "PLC",
    "LLC",
    "M.D",
    "MD",
    "ET",
    "PT",
    "CT",
    "P2E",
    "LP",
    "VC",
    "TGE",
    "KPI",
    "KPIs",
    "CRM",
    "ERP",
    "AR",
    "VR",
    "XR",
    "UI",
    "UX",
    "SMS",
    "QR",
    "LED",
    "USB",
    "HD",
    "CBD",
    "THC",
    "ADHD",
    "MBA",
    "PhD",
    "Ph.D",
    "CEOs",
    "NEW",
    "TLDR",
    "TL",
    "DR",
    "FREE",
    "BREAKING",
    "UPDATE",
    "NOTE",
    "LIVE",
    "WATCH",
    "PHOTO",
    "VIDEO",
    "EXCLUSIVE",
    "ABOUT",
    "CONTACT",
    "MEDIA",
    "SOURCE",
    "READ",
    "MORE",
    "FAQ",
    "FAQs",
    "OTC",
    "YoY",
    "QoQ",
    "Q1",
    "Q2",
    "Q3",
    "Q4",
    "FY",
    "H1",
    "H2",
    "EPS",
    "GAAP",
    "SaaS",
    "IoT",
    "AI-powered",
    "LGBTQ",
    "LGBTQ+",
    "DIY",
    "ASAP",
    "FYI",
    "RSVP",
    "TBD",
    "N/A",
    "ID",
    "IDs",
    "AM",
    "PM",
];

fn scan(text: &str, toks: &[Tok<'_>], found: &mut Found) {
    let shout = shouting(toks);
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        if !t.word || !is_cap(t.text) {
            i += 1;
            continue;
        }
        // A capitalized phrase, with connectors between capitalized words.
        let start = i;
        let mut end = i;
        while end < toks.len() && toks[end].word {
            let w = toks[end].text;
            let connector = is_connector(w)
                && end > start
                && toks.get(end + 1).is_some_and(|n| n.word && is_cap(n.text));
            if !(is_cap(w) || connector) {
                break;
            }
            end += 1;
            if strip_possessive(w).1 {
                break;
            }
        }
        phrase(text, toks, &shout, start, end, found);
        i = end.max(start + 1);
    }
}

/// Marks upper-case words that are not acronyms: runs of them (`NEW YORK`, `SAN
/// DIEGO`, a shouted headline) and dateline places with their state (`YERINGTON, NV`).
fn shouting(toks: &[Tok<'_>]) -> Vec<bool> {
    // Each token is tested once; the rules below look at neighbours several times.
    let acronyms: Vec<bool> = toks.iter().map(|t| t.word && is_acronym(t.text)).collect();
    let caps = |k: usize| acronyms.get(k).copied().unwrap_or(false);
    let comma = |k: usize| toks.get(k).is_some_and(|t| t.text == ",");
    // A state or province code (`NV`, `ON`), not a two-letter organization.
    let short = |k: usize| {
        toks.get(k)
            .is_some_and(|t| t.text.chars().count() == 2 && !matches!(t.text, "UN" | "EU" | "AU"))
    };
    // A dateline (`LONDON, ENGLAND, April 18 --`, `SINGAPORE (Wire) --`): the upper-case
    // words opening a paragraph, ended by a comma, a dash or a parenthesis.
    let run = toks
        .iter()
        .take(12)
        .zip(&acronyms)
        .position(|(t, &acronym)| !(t.text == "," || acronym))
        .unwrap_or(0);
    let ended = run > 0
        && (toks[run - 1].text == "," || matches!(toks[run].text, "-" | "–" | "—" | "(" | "/"));
    let dateline_end = if ended { run } else { 0 };
    (0..toks.len())
        .map(|k| {
            k < dateline_end
                || caps(k)
                    && ((k > 0 && caps(k - 1))
                        || caps(k + 1)
                        || (comma(k + 1) && caps(k + 2) && short(k + 2))
                        || (k >= 2 && comma(k - 1) && caps(k - 2) && short(k)))
        })
        .collect()
}

/// Records the organizations in one capitalized phrase `toks[start..end]`.
fn phrase(
    text: &str,
    toks: &[Tok<'_>],
    shout: &[bool],
    start: usize,
    end: usize,
    found: &mut Found,
) {
    let acronym_at = |k: usize| {
        toks.get(k)
            .is_some_and(|t| is_acronym(strip_possessive(t.text).0))
            && !shout.get(k).copied().unwrap_or(false)
    };
    // A single word (most capitalized phrases) names an organization only as an acronym:
    // a head word alone is not a name.
    if end == start + 1 && !acronym_at(start) {
        return;
    }
    let words: Vec<&str> = toks[start..end]
        .iter()
        .map(|t| strip_possessive(t.text).0)
        .collect();
    // Two names joined by `and` (`Office of Prosecutor General and Ministry of Internal
    // Affairs`) are two organizations.
    let split = words.iter().enumerate().skip(1).position(|(k, w)| {
        *w == "and"
            && words[..k].iter().any(|w| is_org_head(w))
            && words.get(k + 1).is_some_and(|n| is_org_head(n))
    });
    if let Some(k) = split {
        let k = k + 1;
        phrase(text, toks, shout, start, start + k, found);
        phrase(text, toks, shout, start + k + 1, end, found);
        return;
    }
    // The name ends at its last organization head, or runs on through connectors
    // after its first one (`Ministry of Employment and Labour Relations`).
    let first_head = words.iter().position(|w| is_org_head(w));
    if let Some(h) = first_head {
        let last = if words.get(h + 1).is_some_and(|w| is_connector(w)) {
            words.len() - 1
        } else {
            words.iter().rposition(|w| is_org_head(w)).unwrap_or(h)
        };
        // Skip a leading sentence-opening word.
        let mut s = 0;
        while s < h && matches!(words[s], "The" | "A" | "An" | "On" | "In" | "At" | "For") {
            s += 1;
        }
        // Acronyms before the name's head are mentions of their own (`IOM Regional Office`).
        for (k, w) in words[..h].iter().enumerate() {
            if acronym_at(start + k) && !is_generic_acronym(w) {
                found.add(w, None);
            }
        }
        // A head word alone (`Government`, `Office`) is not a name.
        if last > s {
            let from = toks[start + s].start;
            let to = toks[start + last].end;
            let mut name = text.get(from..to).unwrap_or_default().to_string();
            if let Some(base) = name.strip_suffix("’s").or_else(|| name.strip_suffix("'s")) {
                name = base.to_string();
            }
            let name = normalize_org(&name);
            match acronym_after(toks, start + last + 1) {
                Some(acr) => found.add(acr, Some(&name)),
                None => found.add(&name, None),
            }
        }
        for (k, w) in words.iter().enumerate().skip(last + 1) {
            if acronym_at(start + k) && !is_generic_acronym(w) {
                found.add(w, None);
            }
        }
        return;
    }
    for (k, w) in words.iter().enumerate() {
        if acronym_at(start + k) && !is_generic_acronym(w) {
            // `UNFPA, the United Nations Population Fund`.
            let expansion = expansion_after(text, toks, start + k + 1);
            found.add(w, expansion.as_deref());
        }
    }
}

/// An acronym in parentheses right after an organization name: `... for Migration (IOM)`.
fn acronym_after<'a>(toks: &[Tok<'a>], i: usize) -> Option<&'a str> {
    if toks.get(i)?.text != "(" {
        return None;
    }
    let a = toks.get(i + 1)?;
    if toks.get(i + 2)?.text != ")" || !is_acronym(a.text) {
        return None;
    }
    Some(a.text)
}

/// An expansion in apposition right after an acronym: `UNFPA, the United Nations Population Fund`
/// or `UNFPA (United Nations Population Fund)`.
fn expansion_after(text: &str, toks: &[Tok<'_>], i: usize) -> Option<String> {
    let open = toks.get(i)?.text;
    if open != "," && open != "(" {
        return None;
    }
    let mut j = i + 1;
    if toks.get(j).is_some_and(|t| matches!(t.text, "the" | "The")) {
        j += 1;
    }
    let first = *toks.get(j)?;
    if !first.word || !is_cap(first.text) {
        return None;
    }
    let mut k = j;
    while k < toks.len() && toks[k].word && (is_cap(toks[k].text) || is_connector(toks[k].text)) {
        k += 1;
    }
    if k == j || !is_org_head(toks[k - 1].text) && !is_org_head_any(&toks[j..k]) {
        return None;
    }
    let name = text.get(first.start..toks[k - 1].end)?;
    Some(name.to_string())
}

fn is_org_head_any(toks: &[Tok<'_>]) -> bool {
    toks.iter().any(|t| is_org_head(t.text))
}

/// Demonyms whose `X Government` is written `Government of Y`.
const DEMONYMS: &[(&str, &str)] = &[
    ("Uzbek", "Uzbekistan"),
    ("Kazakh", "Kazakhstan"),
    ("Kyrgyz", "Kyrgyzstan"),
    ("Tajik", "Tajikistan"),
    ("Turkmen", "Turkmenistan"),
    ("Afghan", "Afghanistan"),
    ("Pakistani", "Pakistan"),
    ("Indian", "India"),
    ("Chinese", "China"),
    ("Russian", "Russia"),
    ("Ukrainian", "Ukraine"),
    ("Turkish", "Turkey"),
    ("Iranian", "Iran"),
    ("Iraqi", "Iraq"),
    ("Syrian", "Syria"),
    ("Lebanese", "Lebanon"),
    ("Jordanian", "Jordan"),
    ("Egyptian", "Egypt"),
    ("Libyan", "Libya"),
    ("Moroccan", "Morocco"),
    ("Nigerian", "Nigeria"),
    ("Ethiopian", "Ethiopia"),
    ("Kenyan", "Kenya"),
    ("Somali", "Somalia"),
    ("Sudanese", "Sudan"),
    ("Yemeni", "Yemen"),
    ("Bangladeshi", "Bangladesh"),
    ("Nepali", "Nepal"),
    ("Thai", "Thailand"),
    ("Vietnamese", "Viet Nam"),
    ("Indonesian", "Indonesia"),
    ("Filipino", "Philippines"),
    ("Philippine", "Philippines"),
    ("Japanese", "Japan"),
    ("Korean", "Korea"),
    ("Mexican", "Mexico"),
    ("Colombian", "Colombia"),
    ("Venezuelan", "Venezuela"),
    ("Brazilian", "Brazil"),
    ("Peruvian", "Peru"),
    ("Chilean", "Chile"),
    ("Greek", "Greece"),
    ("Italian", "Italy"),
    ("Spanish", "Spain"),
    ("French", "France"),
    ("German", "Germany"),
    ("Austrian", "Austria"),
    ("Swiss", "Switzerland"),
    ("British", "United Kingdom"),
    ("Canadian", "Canada"),
    ("Australian", "Australia"),
    ("Haitian", "Haiti"),
];

/// A canonical form of an organization name: `The Uzbek Government` -> `Government of Uzbekistan`.
pub(crate) fn normalize_org(name: &str) -> String {
    let name = name.trim();
    // `About X` is a section heading run into the name.
    let name = name.strip_prefix("About ").unwrap_or(name);
    let name = name
        .strip_prefix("The ")
        .or_else(|| name.strip_prefix("the "))
        .unwrap_or(name);
    let words: Vec<&str> = name.split_whitespace().collect();
    if let [demonym, head] = words.as_slice()
        && matches!(*head, "Government" | "government")
        && let Some((_, country)) = DEMONYMS.iter().find(|(d, _)| d == demonym)
    {
        return format!("Government of {country}");
    }
    words.join(" ")
}

#[cfg(test)]
mod cut_short_tests {
    use super::*;

    #[test]
    fn a_name_cut_by_a_lower_case_word_yields_to_the_whole() {
        let orgs = find_organizations(
            None,
            &["Representatives from the Ministry of Internal affairs met the Ministry of Internal Affairs and the United Nations Population Fund of the United Nations.".to_string()],
        );
        assert!(
            !orgs.iter().any(|o| o == "Ministry of Internal"),
            "{orgs:?}"
        );
        assert!(
            orgs.iter().any(|o| o == "Ministry of Internal Affairs"),
            "{orgs:?}"
        );
        assert!(orgs.iter().any(|o| o == "United Nations"), "{orgs:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn orgs(text: &str) -> Vec<String> {
        find_organizations(None, &[text.to_string()])
    }

    #[test]
    fn acronyms_and_named_organizations() {
        assert_eq!(
            orgs(
                "Ten years after reaching a cooperation agreement, IOM and UNFPA, the United Nations Population Fund, have endorsed an updated agreement."
            ),
            ["IOM", "UNFPA (United Nations Population Fund)"]
        );
        assert_eq!(
            orgs(
                "The International Organization for Migration (IOM) met the Ministry of Employment and Labour Relations and the Office of Prosecutor General."
            ),
            [
                "IOM (International Organization for Migration)",
                "Ministry of Employment and Labour Relations",
                "Office of Prosecutor General"
            ]
        );
        assert_eq!(
            orgs(
                "The Uzbek Government said so. The event, convened by the Government of Uzbekistan, was held by the United Nations."
            ),
            ["Government of Uzbekistan", "United Nations"]
        );
        assert_eq!(
            orgs("In September 2016 the UN General Assembly adopted it."),
            ["UN", "UN General Assembly"]
        );
        assert_eq!(
            orgs("It met the Office of Prosecutor General and Ministry of Internal Affairs."),
            [
                "Office of Prosecutor General",
                "Ministry of Internal Affairs"
            ]
        );
    }

    #[test]
    fn shouted_words_and_dateline_places_are_not_acronyms() {
        assert_eq!(
            orgs("SAN DIEGO, CA - The IOM and UNHCR met. YERINGTON, NV - no."),
            ["IOM", "UNHCR"]
        );
        assert_eq!(
            orgs("IOM, UNHCR and UNICEF agreed."),
            ["IOM", "UNHCR", "UNICEF"]
        );
    }

    #[test]
    fn generic_words_are_not_organizations() {
        assert!(orgs("The Government said the DG and the CEO met on COVID-19.").is_empty());
    }

    #[test]
    fn state_codes_tickers_and_shouted_words_are_not_organizations() {
        assert_eq!(
            orgs(
                "Irvine, CA (Acme Group) and the NASDAQ listed it. TLDR: NEW tokens in USD, BTC and ETH."
            ),
            ["Acme Group", "NASDAQ"]
        );
        assert_eq!(
            orgs("Shares of XYZ rose in DALLAS and TX trading."),
            ["XYZ"]
        );
    }
}
