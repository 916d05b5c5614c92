//! Compiles `data/gazetteer.tsv` into a sorted static table (`$OUT_DIR/gazetteer.rs`), so
//! the gazetteer costs nothing at start-up: lookups are binary searches over static data.

use std::fmt::Write as _;
use std::path::Path;

/// The case-folded key of a name; must match `gazetteer::fold`.
fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '’' | '‘' => out.push('\''),
                _ => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}

fn main() {
    println!("cargo::rerun-if-changed=data/gazetteer.tsv");
    println!("cargo::rerun-if-changed=build.rs");
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
    let mut keys = String::new();
    let mut spans = String::new();
    let mut places = String::new();
    let mut n_keys = 0;
    let mut start = 0;
    for (i, row) in rows.iter().enumerate() {
        let _ = writeln!(places, "p({:?},K::{},{}),", row.5, row.4, row.2);
        let last = rows.get(i + 1).is_none_or(|next| next.0 != row.0);
        if last {
            let _ = writeln!(keys, "{:?},", row.0);
            let _ = writeln!(spans, "({start},{}),", i + 1);
            start = i + 1;
            n_keys += 1;
        }
    }
    let out = format!(
        "/// Folded names, sorted.\nstatic KEYS: [&str; {n_keys}] = [\n{keys}];\n\
         /// For each key, its range in [`PLACES`].\nstatic SPANS: [(u32, u32); {n_keys}] = [\n{spans}];\n\
         /// Meanings, best first within each key.\nstatic PLACES: [Place; {}] = [\n{places}];\n\
         /// The most words any name has.\nconst MAX_WORDS: usize = {max_words};\n",
        rows.len()
    );
    let dir = std::env::var("OUT_DIR").expect("OUT_DIR");
    std::fs::write(Path::new(&dir).join("gazetteer.rs"), out).expect("write gazetteer.rs");
}
