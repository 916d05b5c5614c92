#![allow(dead_code)]
#[path = "../src/orgs.rs"]
mod orgs;
#[path = "../src/people.rs"]
mod people;
#[path = "../src/quotes.rs"]
mod quotes;
fn main() {
    let files: Vec<String> = std::io::stdin().lines().map_while(Result::ok).collect();
    let mut n = 0; let mut attributed = 0; let mut rules = std::collections::BTreeMap::new();
    let started = std::time::Instant::now();
    let mut bytes = 0;
    for (k, f) in files.iter().enumerate() {
        let Ok(text) = std::fs::read_to_string(f) else { continue };
        bytes += text.len();
        let mut lines = text.lines().filter(|l| !l.trim().is_empty());
        let title = lines.next().map(|t| t.trim_start_matches("# ").to_string());
        let paras: Vec<String> = lines.take_while(|l| !l.starts_with("---")).map(str::to_string).collect();
        let q = quotes::find_quotes(title.as_deref(), &paras);
        let p = people::find_people(title.as_deref(), &paras, &q, &[]);
        let o = orgs::find_organizations(title.as_deref(), &paras);
        for q in &q { n += 1; if q.speaker.is_some() { attributed += 1; } *rules.entry(q.evidence.rule.clone()).or_insert(0) += 1; }
        if k < 12 {
            println!("== {f}");
            for q in &q { println!("  Q {:?} / {:?} [{}] {}", q.speaker, q.speaker_role, q.evidence.rule, q.text.chars().take(70).collect::<String>()); }
            println!("  P {:?}", p.iter().map(|p| format!("{} {:?}", p.name, p.roles)).collect::<Vec<_>>());
            println!("  O {:?}", o);
        }
    }
    println!("files {} quotes {n} attributed {attributed} {:?} {:.1} MB in {:?}", files.len(), rules, bytes as f64 / 1e6, started.elapsed());
}
