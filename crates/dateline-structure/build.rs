//! Compiles `data/gazetteer.tsv` into static hashed tables (`$OUT_DIR/gazetteer.rs`), so
//! the gazetteer costs nothing at start-up and a lookup is one hash and a probe or two.

use std::fmt::Write as _;
use std::path::Path;

#[path = "src/gazetteer_keys.rs"]
mod gazetteer_keys;

use gazetteer_keys::{fold, hash_bytes};

/// The number of slots of an open-addressing table for `n` keys: a power of two, at
/// most half full, so a miss ends after a probe or two.
fn slots_for(n: usize) -> usize {
    (n * 2).next_power_of_two().max(2)
}

/// An open-addressing index over `keys` (linear probing): each slot holds a key's
/// position plus one in its low 32 bits (0 when empty) and the high 32 bits of the key's
/// hash in its high ones, so a lookup tells most other keys apart without reading them.
fn index(keys: &[&str]) -> Vec<u64> {
    let n = slots_for(keys.len());
    let mut slots = vec![0u64; n];
    for (i, key) in keys.iter().enumerate() {
        let h = hash_bytes(key.as_bytes());
        let mut s = (h as usize) & (n - 1);
        while slots[s] != 0 {
            s = (s + 1) & (n - 1);
        }
        let position = u32::try_from(i + 1).expect("fewer than 4 billion keys");
        slots[s] = (h >> 32) << 32 | u64::from(position);
    }
    slots
}

/// The number of bits of the filter that rules out most misses before the slot table is
/// read: 2^20 bits (128 KiB, which stays in the L2 cache where the 2 MiB slot table does
/// not); with about 90,000 keys, a word that is no key passes it one time in twelve.
const FILTER_BITS: u32 = 20;

/// The filter bit of a key's hash: its top bits (the slot index uses the low ones).
fn filter_bit(h: u64) -> usize {
    (h >> (64 - FILTER_BITS)) as usize
}

/// A bit set over the keys' [`filter_bit`]s, as 64-bit words.
fn filter(keys: &[&str]) -> Vec<u64> {
    let mut words = vec![0u64; (1 << FILTER_BITS) / 64];
    for key in keys {
        let bit = filter_bit(hash_bytes(key.as_bytes()));
        words[bit / 64] |= 1 << (bit % 64);
    }
    words
}

/// Writes `static NAME: [TY; N] = [items];` with a doc line.
fn emit(out: &mut String, doc: &str, name: &str, ty: &str, items: &[String]) {
    let _ = writeln!(out, "/// {doc}\nstatic {name}: [{ty}; {}] = [", items.len());
    for item in items {
        let _ = writeln!(out, "{item},");
    }
    let _ = writeln!(out, "];");
}

fn main() {
    println!("cargo::rerun-if-changed=data/gazetteer.tsv");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/gazetteer_keys.rs");
    let data = std::fs::read_to_string("data/gazetteer.tsv").expect("read data/gazetteer.tsv");
    // (key, country first, population, file order, kind, country)
    let mut rows: Vec<(String, bool, u64, usize, &str, &str)> = Vec::new();
    let mut max_words = 1;
    for (i, line) in data.lines().enumerate() {
        if line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(kind), Some(name), Some(country), Some(pop)) =
            (cols.next(), cols.next(), cols.next(), cols.next())
        else {
            continue;
        };
        let kind = match kind {
            "N" => "Country",
            "A" => "Adjective",
            "K" => "Capital",
            _ => "Town",
        };
        max_words = usize::max(max_words, name.split_whitespace().count());
        let is_country = matches!(kind, "Country" | "Adjective");
        rows.push((
            fold(name),
            is_country,
            pop.parse().unwrap_or(0),
            i,
            kind,
            country,
        ));
    }
    rows.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(b.1.cmp(&a.1))
            .then(b.2.cmp(&a.2))
            .then(a.3.cmp(&b.3))
    });
    // Every folded name, and every first word of a multi-word name (so that a scan tries
    // longer n-grams only where one can start): key -> (range of meanings, starts longer).
    let mut entries: std::collections::BTreeMap<&str, ((usize, usize), bool)> =
        std::collections::BTreeMap::new();
    let mut places = String::new();
    let mut start = 0;
    for (i, row) in rows.iter().enumerate() {
        let _ = writeln!(places, "p({:?},K::{},{}),", row.5, row.4, row.2);
        let last = rows.get(i + 1).is_none_or(|next| next.0 != row.0);
        if last {
            entries.entry(&row.0).or_insert(((0, 0), false)).0 = (start, i + 1);
            if let Some((first, _)) = row.0.split_once(' ') {
                entries.entry(first).or_insert(((0, 0), false)).1 = true;
            }
            start = i + 1;
        }
    }
    let keys: Vec<&str> = entries.keys().copied().collect();
    let mut out = String::new();
    let quoted: Vec<String> = keys.iter().map(|k| format!("{k:?}")).collect();
    let spans: Vec<String> = entries
        .values()
        .map(|((a, b), _)| format!("({a},{b})"))
        .collect();
    let longer: Vec<String> = entries.values().map(|(_, l)| l.to_string()).collect();
    let slots: Vec<String> = index(&keys).iter().map(u64::to_string).collect();
    let filter_words: Vec<String> = filter(&keys).iter().map(u64::to_string).collect();
    emit(
        &mut out,
        "Folded names and first words of names.",
        "KEYS",
        "&str",
        &quoted,
    );
    emit(
        &mut out,
        "For each key, its range in [`PLACES`] (empty for a first word only).",
        "SPANS",
        "(u32, u32)",
        &spans,
    );
    emit(
        &mut out,
        "For each key, whether a name of two or more words starts with it.",
        "LONGER",
        "bool",
        &longer,
    );
    emit(
        &mut out,
        "Hash slots over [`KEYS`].",
        "SLOTS",
        "u64",
        &slots,
    );
    emit(
        &mut out,
        "Bits set at the filter bit of every key's hash (see `FILTER_BITS`).",
        "FILTER",
        "u64",
        &filter_words,
    );
    let _ = writeln!(
        out,
        "/// The number of bits of [`FILTER`], as a power of two.\nconst FILTER_BITS: u32 = {FILTER_BITS};"
    );
    let _ = writeln!(
        out,
        "/// Meanings, best first within each key.\nstatic PLACES: [Place; {}] = [\n{places}];",
        rows.len()
    );
    let _ = writeln!(
        out,
        "/// The most words any name has.\nconst MAX_WORDS: usize = {max_words};"
    );
    let dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(Path::new(&dir).join("gazetteer.rs"), out).expect("write gazetteer.rs");
}
