//! A filter as an SQL condition on the store's indexed columns, so `list`, `export` and the
//! TUI's `/` filter the whole store in the database. Free text of three characters or more
//! narrows the candidates through the store's trigram index (`captures_text`), which finds
//! a superset of what matches (it folds case more widely and ignores UTF-8 validity and
//! field boundaries); such a filter is marked inexact and the caller checks each candidate
//! with [`super::Filter::matches`], so results are exactly those of the Rust check.

use super::term::{Filter, StatusPat, Term};
use crate::capture::Verdict;
use rusqlite::types::Value;

/// A WHERE clause (`1` when nothing narrows) and its parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Sql {
    pub clause: String,
    pub params: Vec<Value>,
    /// Every term went into the clause: rows it returns match without another look.
    pub exact: bool,
    /// Every term but free text went into the clause exactly: a row it returns matches when
    /// [`Filter::text_matches`] says so.
    pub only_text_left: bool,
}

impl Filter {
    /// The part of this filter SQL can decide, over the store's `captures` columns.
    pub fn to_sql(&self) -> Sql {
        let mut parts = Vec::new();
        let mut params = Vec::new();
        let mut exact = true;
        let mut only_text_left = true;
        for t in &self.terms {
            // Free text narrows through the index but is still checked on each candidate.
            let text = matches!(t, Term::Text { .. });
            exact &= !text;
            match term_sql(t, &mut params) {
                Some(p) => parts.push(p),
                None => {
                    exact = false;
                    only_text_left &= text;
                }
            }
        }
        Sql {
            clause: if parts.is_empty() {
                "1".into()
            } else {
                parts.join(" AND ")
            },
            params,
            exact,
            only_text_left,
        }
    }
}

/// `?, ?, ?` for each value, pushed onto `params`.
fn list(params: &mut Vec<Value>, values: impl IntoIterator<Item = Value>) -> String {
    let mut marks = Vec::new();
    for v in values {
        params.push(v);
        marks.push(format!("?{}", params.len()));
    }
    marks.join(", ")
}

fn term_sql(t: &Term, params: &mut Vec<Value>) -> Option<String> {
    let text = |s: &str| Value::Text(s.to_string());
    Some(match t {
        Term::Method(ms) => format!("method IN ({})", list(params, ms.iter().map(|m| text(m)))),
        Term::Provider(ps) => format!("provider IN ({})", list(params, ps.iter().map(|p| text(p)))),
        Term::Verdict(vs) => {
            let named = list(params, vs.iter().map(|v| text(v.as_str())));
            if vs.contains(&Verdict::Unsigned) {
                format!("(verdict IN ({named}) OR verdict IS NULL)")
            } else {
                format!("verdict IN ({named})")
            }
        }
        Term::Origin(os) => {
            let names = os.iter().filter_map(|o| match serde_json::to_value(o) {
                Ok(serde_json::Value::String(s)) => Some(Value::Text(s)),
                _ => None,
            });
            format!("origin IN ({})", list(params, names))
        }
        Term::Path(ps) => {
            let alts: Vec<String> = ps
                .iter()
                .map(|p| {
                    let a = list(params, [text(p)]);
                    let b = list(params, [text(&format!("{p}\u{10FFFF}"))]);
                    // The range lets the index help; substr keeps it exact.
                    format!("(path >= {a} AND path < {b} AND substr(path, 1, length({a})) = {a})")
                })
                .collect();
            format!("({})", alts.join(" OR "))
        }
        Term::Since(t) => {
            let nanos = t.unix_timestamp_nanos();
            // Stored times have microseconds: round up so `>=` keeps meaning the same.
            let us = i64::try_from((nanos + 999).div_euclid(1000)).unwrap_or(i64::MIN);
            format!("received_at >= {}", list(params, [Value::Integer(us)]))
        }
        Term::Until(t) => {
            let nanos = t.unix_timestamp_nanos();
            let us = i64::try_from((nanos + 999).div_euclid(1000)).unwrap_or(i64::MIN);
            format!("received_at < {}", list(params, [Value::Integer(us)]))
        }
        Term::Status(ps) => {
            let alts: Vec<String> = ps
                .iter()
                .map(|p| match p {
                    StatusPat::Exact(n) => {
                        format!(
                            "statuses GLOB {}",
                            list(params, [text(&format!("*,{n},*"))])
                        )
                    }
                    StatusPat::Class(h) => {
                        let glob = format!("*,{h}[0-9][0-9],*");
                        format!("statuses GLOB {}", list(params, [text(&glob)]))
                    }
                    StatusPat::Error => "forward_error = 1".into(),
                    StatusPat::None => "statuses GLOB '*,-,*'".into(),
                })
                .collect();
            format!("({})", alts.join(" OR "))
        }
        Term::Delivery(ids) => format!(
            "delivery_id IN ({})",
            list(params, ids.iter().map(|i| text(i)))
        ),
        Term::Attempt(ord, n) => {
            let op = match ord {
                std::cmp::Ordering::Greater => ">",
                std::cmp::Ordering::Less => "<",
                std::cmp::Ordering::Equal => "=",
            };
            format!(
                "attempt {op} {}",
                list(params, [Value::Integer(i64::from(*n))])
            )
        }
        Term::Slow => "(budget_ms IS NOT NULL AND fwd_ms > budget_ms)".into(),
        Term::Text { needle, .. } => {
            let q = list(params, [text(&trigrams(needle)?)]);
            // Captures the index does not hold (too large, or stored before it existed and
            // not yet indexed) stay candidates.
            format!(
                "pk IN (SELECT rowid FROM captures_text WHERE captures_text MATCH {q}
                 UNION ALL SELECT pk FROM text_pending UNION ALL SELECT pk FROM text_large)"
            )
        }
    })
}

/// Most trigrams a query asks for: a long needle is narrowed enough by a sample of them.
const MAX_TRIGRAMS: usize = 24;

/// An FTS5 query that every text containing `needle` satisfies: all its trigrams (a
/// `detail=none` index knows which trigrams a capture has, not where). `None` when the
/// needle is shorter than a trigram and the index cannot help.
fn trigrams(needle: &str) -> Option<String> {
    let chars: Vec<char> = needle.chars().collect();
    // FTS5's query parser stops at a NUL: leave those trigrams out (fewer still hold).
    let mut grams: Vec<String> = (chars.windows(3))
        .filter(|w| !w.contains(&'\0'))
        .map(|w| w.iter().collect())
        .collect();
    if grams.is_empty() {
        return None;
    }
    grams.sort_unstable();
    grams.dedup();
    // Evenly spaced, when there are too many: any subset still holds for every match.
    let step = grams.len().div_ceil(MAX_TRIGRAMS);
    let quoted: Vec<String> = grams
        .iter()
        .step_by(step)
        .map(|g| format!("\"{}\"", g.replace('"', "\"\"")))
        .collect();
    Some(quoted.join(" AND "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_terms_are_exact_and_text_is_not() {
        let s = Filter::parse("method:post,put status:5xx provider:stripe")
            .unwrap()
            .to_sql();
        assert!(s.exact);
        assert_eq!(s.params.len(), 4);
        assert!(s.clause.contains("method IN (?1, ?2)"), "{}", s.clause);
        let s = Filter::parse("method:POST evt_1").unwrap().to_sql();
        assert!(!s.exact);
        assert_eq!(Filter::default().to_sql().clause, "1");
        let s = Filter::parse("delivery:abc attempt:>1 slow")
            .unwrap()
            .to_sql();
        assert!(s.exact);
        assert!(s.clause.contains("delivery_id IN (?1)"), "{}", s.clause);
        assert!(s.clause.contains("attempt > ?2"), "{}", s.clause);
        assert!(s.clause.contains("fwd_ms > budget_ms"), "{}", s.clause);
    }
}

#[cfg(test)]
mod trigram_tests {
    use super::trigrams;

    #[test]
    fn trigram_queries_quote_what_they_hold_and_find_substrings_in_any_case() {
        assert_eq!(trigrams("ab"), None, "too short for the index");
        assert_eq!(trigrams("a\0b\0c"), None, "every trigram holds a NUL");
        assert_eq!(trigrams("abca").unwrap(), r#""abc" AND "bca""#);
        let c = rusqlite::Connection::open_in_memory().unwrap();
        c.execute_batch(
            r#"CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'trigram', detail = none);
               INSERT INTO t (rowid, x) VALUES (1, 'say "Hi" TO me'), (2, 'say hi to me');"#,
        )
        .unwrap();
        let hits = |needle: &str| -> Vec<i64> {
            let q = trigrams(needle).unwrap();
            let mut st = c.prepare("SELECT rowid FROM t WHERE t MATCH ?1").unwrap();
            st.query_map([q], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        assert_eq!(hits(r#""hi" to"#), vec![1]);
        assert_eq!(hits("hi to me"), vec![2]);
        assert_eq!(hits("SAY"), vec![1, 2]);
        assert!(hits("say hello").is_empty());
    }
}
