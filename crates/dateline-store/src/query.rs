//! The search query language and its translation to tantivy queries.
//!
//! ```text
//! query   := or
//! or      := and ("OR" and)*
//! and     := unary (["AND"] unary)*          adjacent terms must all match
//! unary   := ("NOT" | "-") unary | primary
//! primary := "(" or ")" | word | prefix* | "phrase" | field:value | field:"value"
//! ```
//!
//! Words and phrases match the title and body, stemmed in English or Russian by each
//! record's language. Filters:
//!
//! | filter | matches |
//! |---|---|
//! | `speaker:Swing`, `speaker:"William Lacy Swing"` | a quote's speaker (words of the name, in order) |
//! | `person:` | a person named or quoted |
//! | `org:` | an organization named |
//! | `site:` | the publishing site's name or the URL's host |
//! | `country:UZ` | an ISO 3166-1 alpha-2 code the release mentions |
//! | `lang:ru` | the release's language |
//! | `published:2018`, `published:2018-01..2018-12`, `published:..2019-06-30` | publication date range, inclusive |
//! | `has:quotes`, `has:contacts`, `has:dateline`, `has:about`, `has:date` | the field is present |
//!
//! Parsing never panics; a malformed query is a [`QueryError`] that says at which
//! column, what was expected and what was found.

use std::fmt;
use std::ops::Bound;

use dateline_types::PartialDate;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, EmptyQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Index, Term};

use crate::index::Fields;

/// Deepest nesting of parentheses and negations accepted.
const MAX_DEPTH: usize = 32;

/// A malformed query.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid query `{query}` at column {position}: expected {expected}, found {found}")]
pub struct QueryError {
    /// The query as given.
    pub query: String,
    /// 1-based column (in characters) where the problem is.
    pub position: usize,
    /// What the parser expected there.
    pub expected: String,
    /// What it found.
    pub found: String,
}

/// A field filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// `speaker:`
    Speaker,
    /// `person:`
    Person,
    /// `org:`
    Org,
    /// `site:`
    Site,
    /// `country:`
    Country,
    /// `lang:`
    Lang,
    /// `published:`
    Published,
    /// `has:`
    Has,
}

const FILTERS: &[(&str, Filter)] = &[
    ("speaker", Filter::Speaker),
    ("person", Filter::Person),
    ("org", Filter::Org),
    ("organization", Filter::Org),
    ("site", Filter::Site),
    ("country", Filter::Country),
    ("lang", Filter::Lang),
    ("published", Filter::Published),
    ("date", Filter::Published),
    ("has", Filter::Has),
];

const HAS_VALUES: &[&str] = &["quotes", "contacts", "dateline", "about", "date"];

/// A parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// Matches everything (the empty query).
    All,
    /// A word.
    Word(String),
    /// Words that must appear in this order.
    Phrase(String),
    /// A word prefix (`migra*`).
    Prefix(String),
    /// A field filter.
    Filter(Filter, String),
    /// All must match.
    And(Vec<Node>),
    /// Any must match.
    Or(Vec<Node>),
    /// Must not match.
    Not(Box<Node>),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    And,
    Or,
    Not,
    Term(Node),
}

struct Lexer<'a> {
    query: &'a str,
    pos: usize,
}

impl<'a> Lexer<'a> {
    fn error(&self, at: usize, expected: &str, found: &str) -> QueryError {
        QueryError {
            query: self.query.to_string(),
            position: self.query.get(..at).map_or(at, |s| s.chars().count()) + 1,
            expected: expected.to_string(),
            found: found.to_string(),
        }
    }

    fn rest(&self) -> &'a str {
        self.query.get(self.pos..).unwrap_or_default()
    }

    fn tokens(mut self) -> Result<Vec<(usize, Tok)>, QueryError> {
        let mut out = Vec::new();
        loop {
            let trimmed = self.rest().trim_start();
            self.pos = self.query.len() - trimmed.len();
            let start = self.pos;
            let Some(c) = trimmed.chars().next() else {
                break;
            };
            match c {
                '(' => {
                    self.pos += 1;
                    out.push((start, Tok::LParen));
                }
                ')' => {
                    self.pos += 1;
                    out.push((start, Tok::RParen));
                }
                '"' => {
                    let text = self.quoted()?;
                    out.push((start, Tok::Term(Node::Phrase(text))));
                }
                '-' if trimmed[1..].starts_with(|c: char| !c.is_whitespace() && c != ')') => {
                    self.pos += 1;
                    out.push((start, Tok::Not));
                }
                _ => {
                    let len = trimmed
                        .find(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == '"')
                        .unwrap_or(trimmed.len());
                    let word = &trimmed[..len];
                    self.pos += len;
                    let tok = match word {
                        "AND" | "&&" => Tok::And,
                        "OR" | "||" => Tok::Or,
                        "NOT" => Tok::Not,
                        _ => Tok::Term(self.term(start, word)?),
                    };
                    out.push((start, tok));
                }
            }
        }
        Ok(out)
    }

    /// Reads a `"quoted"` string at the current position.
    fn quoted(&mut self) -> Result<String, QueryError> {
        let start = self.pos;
        let body = &self.rest()[1..];
        let Some(end) = body.find('"') else {
            return Err(self.error(
                start,
                "a closing `\"` for the phrase opened here",
                "the end of the query",
            ));
        };
        let text = body[..end].to_string();
        self.pos += end + 2;
        if text.trim().is_empty() {
            return Err(self.error(start, "words between the quotes", "an empty phrase"));
        }
        Ok(text)
    }

    fn term(&mut self, start: usize, word: &str) -> Result<Node, QueryError> {
        if let Some((name, value)) = word.split_once(':')
            && !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphabetic())
        {
            let lower = name.to_ascii_lowercase();
            let Some((_, filter)) = FILTERS.iter().find(|(n, _)| *n == lower) else {
                return Err(self.error(
                    start,
                    "a filter (`speaker:`, `person:`, `org:`, `site:`, `country:`, `lang:`, `published:`, `has:`) or a plain word",
                    &format!("unknown filter `{name}:`"),
                ));
            };
            let value_at = start + name.len() + 1;
            let value = if value.is_empty() {
                if self.rest().starts_with('"') {
                    self.quoted()?
                } else {
                    return Err(self.error(
                        value_at,
                        &format!("a value after `{name}:`"),
                        "nothing",
                    ));
                }
            } else {
                value.to_string()
            };
            self.check_filter(*filter, value_at, &value)?;
            return Ok(Node::Filter(*filter, value));
        }
        if let Some(prefix) = word.strip_suffix('*') {
            if prefix.is_empty() || prefix.contains('*') {
                return Err(self.error(
                    start,
                    "at least one letter before `*`",
                    &format!("`{word}`"),
                ));
            }
            return Ok(Node::Prefix(prefix.to_string()));
        }
        Ok(Node::Word(word.to_string()))
    }

    fn check_filter(&self, filter: Filter, at: usize, value: &str) -> Result<(), QueryError> {
        match filter {
            Filter::Has if !HAS_VALUES.contains(&value.to_ascii_lowercase().as_str()) => Err(self
                .error(
                    at,
                    "one of `quotes`, `contacts`, `dateline`, `about`, `date` after `has:`",
                    &format!("`{value}`"),
                )),
            Filter::Published => date_range(value).map(|_| ()).ok_or_else(|| {
                self.error(
                    at,
                    "a date or range like `2018`, `2018-01..2018-12`, `..2019-06-30`",
                    &format!("`{value}`"),
                )
            }),
            _ => Ok(()),
        }
    }
}

/// Parses a query string.
pub fn parse(query: &str) -> Result<Node, QueryError> {
    let lexer = Lexer { query, pos: 0 };
    let err = Lexer { query, pos: 0 };
    let tokens = lexer.tokens()?;
    let mut p = Parser {
        tokens,
        at: 0,
        lexer: err,
        depth: 0,
    };
    if p.tokens.is_empty() {
        return Ok(Node::All);
    }
    let node = p.or()?;
    if let Some((pos, tok)) = p.tokens.get(p.at) {
        return Err(p
            .lexer
            .error(*pos, "an operator or the end of the query", &describe(tok)));
    }
    Ok(node)
}

fn describe(tok: &Tok) -> String {
    match tok {
        Tok::LParen => "`(`".into(),
        Tok::RParen => "`)`".into(),
        Tok::And => "`AND`".into(),
        Tok::Or => "`OR`".into(),
        Tok::Not => "`NOT`".into(),
        Tok::Term(_) => "a term".into(),
    }
}

struct Parser<'a> {
    tokens: Vec<(usize, Tok)>,
    at: usize,
    lexer: Lexer<'a>,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.at).map(|(_, t)| t)
    }

    fn here(&self) -> usize {
        self.tokens
            .get(self.at)
            .map_or(self.lexer.query.len(), |(p, _)| *p)
    }

    fn found(&self) -> String {
        self.peek().map_or("the end of the query".into(), describe)
    }

    fn or(&mut self) -> Result<Node, QueryError> {
        let mut parts = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.at += 1;
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Node::Or(parts)
        })
    }

    fn and(&mut self) -> Result<Node, QueryError> {
        let mut parts = vec![self.unary()?];
        loop {
            match self.peek() {
                None | Some(Tok::Or) | Some(Tok::RParen) => break,
                Some(Tok::And) => {
                    self.at += 1;
                    parts.push(self.unary()?);
                }
                Some(_) => parts.push(self.unary()?),
            }
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            Node::And(parts)
        })
    }

    fn unary(&mut self) -> Result<Node, QueryError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.lexer.error(
                self.here(),
                &format!("at most {MAX_DEPTH} levels of nesting"),
                "deeper nesting",
            ));
        }
        self.depth += 1;
        let node = if self.peek() == Some(&Tok::Not) {
            self.at += 1;
            Node::Not(Box::new(self.unary()?))
        } else {
            self.primary()?
        };
        self.depth -= 1;
        Ok(node)
    }

    fn primary(&mut self) -> Result<Node, QueryError> {
        let here = self.here();
        match self.tokens.get(self.at).map(|(_, t)| t.clone()) {
            Some(Tok::LParen) => {
                self.at += 1;
                let node = self.or()?;
                if self.peek() != Some(&Tok::RParen) {
                    return Err(self.lexer.error(
                        self.here(),
                        &format!(
                            "`)` to close the `(` at column {}",
                            self.lexer.error(here, "", "").position
                        ),
                        &self.found(),
                    ));
                }
                self.at += 1;
                Ok(node)
            }
            Some(Tok::Term(node)) => {
                self.at += 1;
                Ok(node)
            }
            _ => {
                Err(self
                    .lexer
                    .error(here, "a word, a \"phrase\", a filter or `(`", &self.found()))
            }
        }
    }
}

/// The inclusive `yyyymmdd` key range of a `published:` value.
fn date_range(value: &str) -> Option<(i64, i64)> {
    fn bound(s: &str, upper: bool) -> Option<i64> {
        let d = PartialDate::parse(s)?;
        let y = i64::from(d.year?);
        Some(match (d.month, d.day, upper) {
            (Some(m), Some(day), _) => y * 10_000 + i64::from(m) * 100 + i64::from(day),
            (Some(m), None, false) => y * 10_000 + i64::from(m) * 100,
            (Some(m), None, true) => y * 10_000 + i64::from(m) * 100 + 99,
            (None, _, false) => y * 10_000,
            (None, _, true) => y * 10_000 + 9_999,
        })
    }
    match value.split_once("..") {
        None => Some((bound(value, false)?, bound(value, true)?)),
        Some((a, b)) => {
            let lo = if a.is_empty() { 1 } else { bound(a, false)? };
            let hi = if b.is_empty() {
                i64::MAX
            } else {
                bound(b, true)?
            };
            (lo <= hi && !(a.is_empty() && b.is_empty())).then_some((lo, hi))
        }
    }
}

/// Translates a parsed query to a tantivy query.
pub(crate) struct Builder<'a> {
    pub index: &'a Index,
    pub fields: &'a Fields,
}

impl Builder<'_> {
    fn tokens(&self, field: Field, text: &str) -> Vec<Term> {
        let Ok(mut analyzer) = self.index.tokenizer_for_field(field) else {
            return Vec::new();
        };
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(tok) = stream.next() {
            out.push(Term::from_field_text(field, &tok.text));
        }
        out
    }

    /// Terms of `text` in `field` as one term query or a phrase query.
    fn sequence(&self, field: Field, text: &str) -> Option<Box<dyn Query>> {
        let mut terms = self.tokens(field, text);
        match terms.len() {
            0 => None,
            1 => terms.pop().map(|t| {
                Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)) as Box<dyn Query>
            }),
            _ => Some(Box::new(PhraseQuery::new(terms))),
        }
    }

    fn text(&self, text: &str) -> Box<dyn Query> {
        let f = self.fields;
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for field in [f.en, f.ru] {
            if let Some(q) = self.sequence(field, text) {
                should.push((Occur::Should, q));
            }
        }
        if let Some(q) = self.sequence(f.title, text) {
            should.push((Occur::Should, Box::new(BoostQuery::new(q, 2.0))));
        }
        if should.is_empty() {
            // Only punctuation: nothing to look for, so it constrains nothing.
            return Box::new(AllQuery);
        }
        Box::new(BooleanQuery::new(should))
    }

    pub(crate) fn build(&self, node: &Node) -> Box<dyn Query> {
        let f = self.fields;
        match node {
            Node::All => Box::new(AllQuery),
            Node::Word(w) | Node::Phrase(w) => self.text(w),
            Node::Prefix(p) => {
                let mut terms = self.tokens(f.text, p);
                if terms.is_empty() {
                    return Box::new(AllQuery);
                }
                let mut q = PhrasePrefixQuery::new(std::mem::take(&mut terms));
                q.set_max_expansions(10_000);
                Box::new(q)
            }
            Node::Filter(filter, value) => self.filter(*filter, value),
            Node::And(parts) => {
                let mut clauses: Vec<(Occur, Box<dyn Query>)> = parts
                    .iter()
                    .map(|p| match p {
                        Node::Not(inner) => (Occur::MustNot, self.build(inner)),
                        other => (Occur::Must, self.build(other)),
                    })
                    .collect();
                if clauses.iter().all(|(o, _)| *o == Occur::MustNot) {
                    clauses.push((Occur::Must, Box::new(AllQuery)));
                }
                Box::new(BooleanQuery::new(clauses))
            }
            Node::Or(parts) => Box::new(BooleanQuery::new(
                parts
                    .iter()
                    .map(|p| (Occur::Should, self.build(p)))
                    .collect(),
            )),
            Node::Not(inner) => Box::new(BooleanQuery::new(vec![
                (Occur::Must, Box::new(AllQuery)),
                (Occur::MustNot, self.build(inner)),
            ])),
        }
    }

    fn filter(&self, filter: Filter, value: &str) -> Box<dyn Query> {
        let f = self.fields;
        let exact = |field: Field, v: String| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, &v),
                IndexRecordOption::Basic,
            ))
        };
        let words = |field: Field| -> Box<dyn Query> {
            self.sequence(field, value)
                .unwrap_or_else(|| Box::new(EmptyQuery))
        };
        match filter {
            Filter::Speaker => words(f.speaker),
            Filter::Person => words(f.person),
            Filter::Org => words(f.org),
            Filter::Site => words(f.site),
            Filter::Country => exact(f.country, value.trim().to_ascii_lowercase()),
            Filter::Lang => exact(f.lang, value.trim().to_ascii_lowercase()),
            Filter::Has => exact(f.has, value.trim().to_ascii_lowercase()),
            Filter::Published => match date_range(value) {
                Some((lo, hi)) => Box::new(RangeQuery::new(
                    Bound::Included(Term::from_field_i64(f.date, lo)),
                    Bound::Included(Term::from_field_i64(f.date, hi)),
                )),
                None => Box::new(EmptyQuery),
            },
        }
    }
}

impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = FILTERS
            .iter()
            .find(|(_, x)| x == self)
            .map_or("?", |(n, _)| n);
        f.write_str(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(q: &str) -> QueryError {
        parse(q).unwrap_err()
    }

    #[test]
    fn parses_the_language() {
        assert_eq!(parse("").unwrap(), Node::All);
        assert_eq!(parse("migrants").unwrap(), Node::Word("migrants".into()));
        assert_eq!(
            parse("a b OR c").unwrap(),
            Node::Or(vec![
                Node::And(vec![Node::Word("a".into()), Node::Word("b".into())]),
                Node::Word("c".into())
            ])
        );
        assert_eq!(
            parse("-x NOT \"y z\"").unwrap(),
            Node::And(vec![
                Node::Not(Box::new(Node::Word("x".into()))),
                Node::Not(Box::new(Node::Phrase("y z".into())))
            ])
        );
        assert_eq!(
            parse("speaker:\"William Lacy Swing\" country:UZ migra*").unwrap(),
            Node::And(vec![
                Node::Filter(Filter::Speaker, "William Lacy Swing".into()),
                Node::Filter(Filter::Country, "UZ".into()),
                Node::Prefix("migra".into())
            ])
        );
        assert_eq!(
            parse("(a OR b) AND c").unwrap(),
            Node::And(vec![
                Node::Or(vec![Node::Word("a".into()), Node::Word("b".into())]),
                Node::Word("c".into())
            ])
        );
        // A colon after something that is not a filter name is part of a word.
        assert_eq!(parse("10:30").unwrap(), Node::Word("10:30".into()));
        assert_eq!(parse("COVID-19").unwrap(), Node::Word("COVID-19".into()));
    }

    #[test]
    fn errors_say_where_and_what() {
        let e = err("(migrants OR refugees");
        assert_eq!(e.position, 22);
        assert!(
            e.expected.contains("`)` to close the `(` at column 1"),
            "{e}"
        );
        let e = err("speaker:");
        assert_eq!(e.position, 9);
        let e = err("foo:bar");
        assert!(e.found.contains("`foo:`"), "{e}");
        let e = err("a \"open phrase");
        assert_eq!(e.position, 3);
        let e = err("published:2018-13");
        assert_eq!(e.position, 11);
        let e = err("has:photos");
        assert!(e.expected.contains("quotes"));
        let e = err("a OR");
        assert_eq!(e.found, "the end of the query");
        let e = err("a )");
        assert_eq!(e.position, 3);
        let e = err("AND a");
        assert_eq!(e.position, 1);
        let e = err("*");
        assert_eq!(e.position, 1);
        assert_eq!(
            err("x)").to_string(),
            "invalid query `x)` at column 2: expected an operator or the end of the query, found `)`"
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let q = "(".repeat(10_000) + "a" + &")".repeat(10_000);
        assert!(err(&q).expected.contains("levels of nesting"));
        let q = "NOT ".repeat(10_000) + "a";
        assert!(parse(&q).is_err());
    }

    #[test]
    fn date_ranges() {
        assert_eq!(date_range("2018"), Some((20180000, 20189999)));
        assert_eq!(date_range("2018-01..2018-12"), Some((20180100, 20181299)));
        assert_eq!(date_range("..2019-06-30"), Some((1, 20190630)));
        assert_eq!(date_range("2019.."), Some((20190000, i64::MAX)));
        assert_eq!(date_range(".."), None);
        assert_eq!(date_range("2019..2018"), None);
        assert_eq!(date_range("soon"), None);
    }

    #[test]
    fn multibyte_positions_are_columns() {
        let e = err("Узбекистан (");
        assert_eq!(e.position, 13);
    }
}
