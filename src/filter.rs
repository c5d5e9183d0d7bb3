//! Capture filter expressions (`method:POST status:5xx stripe`), shared by the TUI's `/`,
//! `hookcli list --filter` and `export --filter`.
//!
//! Terms are separated by spaces and must all match. `key:value` terms test one field;
//! a comma lists alternatives (`method:POST,PUT`). Anything else, including an unknown
//! `key:`, is free text searched case-insensitively in the method, the URL and a text body.
//! `since:` is resolved to an absolute time when the filter is parsed, so a filter applied
//! later (new arrivals in the TUI) keeps meaning the same moment.

mod matches;
mod parse;
mod sql;
mod term;
#[cfg(test)]
mod tests;

pub use matches::{Body, Fields};
pub use parse::split_age;
pub use sql::Sql;
pub use term::Filter;
