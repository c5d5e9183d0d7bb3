//! Config files: the user's `~/.config/hookcli/config.toml` and a project's `.hookcli.toml`
//! (searched upward from the working directory). Precedence: flag > env > project > user.
//!
//! Settings become command-line flags inserted after the subcommand, but only for flags the
//! user did not give (clap says where each value came from). So the flags' own parsers
//! validate config values too, and there is exactly one notion of what a setting means.

use anyhow::{Context as _, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// One string or a list of them (`forward = ":3000"` or `forward = [":3000", ":4000"]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Many {
    One(String),
    List(Vec<String>),
}

impl Many {
    fn into_vec(self) -> Vec<String> {
        match self {
            Many::One(s) => vec![s],
            Many::List(v) => v,
        }
    }
}

/// A scalar written as a TOML string, integer, float or bool.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Bool(b) => b.to_string(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Text(s) => s.clone(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileData {
    store: Option<PathBuf>,
    #[serde(default)]
    listen: BTreeMap<String, toml::Value>,
    #[serde(default)]
    secrets: BTreeMap<String, String>,
    #[serde(default)]
    relay: BTreeMap<String, Scalar>,
}

/// The `listen` keys a file may set: key, flag, kind.
pub const LISTEN_KEYS: &[(&str, &str, Kind)] = &[
    ("port", "--port", Kind::Value),
    ("host", "--host", Kind::Value),
    ("forward", "--forward", Kind::List),
    ("route", "--route", Kind::List),
    ("header", "--header", Kind::List),
    ("ack", "--ack", Kind::Switch),
    ("timeout", "--timeout", Kind::Value),
    ("insecure", "--insecure", Kind::Switch),
    ("respond-status", "--respond-status", Kind::Value),
    ("respond-body", "--respond-body", Kind::Value),
    ("respond-header", "--respond-header", Kind::List),
    ("max-body", "--max-body", Kind::Value),
    ("max-connections", "--max-connections", Kind::Value),
    ("save", "--save", Kind::Value),
    ("keep", "--keep", Kind::Value),
    ("keep-for", "--keep-for", Kind::Value),
    ("durable", "--durable", Kind::Switch),
    ("provider", "--provider", Kind::Value),
    ("public-url", "--public-url", Kind::Value),
    ("no-tui", "--no-tui", Kind::Switch),
    ("no-store", "--no-store", Kind::Switch),
    ("json", "--json", Kind::Switch),
    ("reveal", "--reveal", Kind::Switch),
    ("takeover", "--takeover", Kind::Switch),
    ("inspect", "--inspect", Kind::Value),
    ("no-inspect", "--no-inspect", Kind::Switch),
];

/// The `[relay]` keys, as `listen` flags.
pub const RELAY_KEYS: &[(&str, &str)] = &[
    ("url", "--relay"),
    ("channel", "--channel"),
    ("token", "--token"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Value,
    List,
    Switch,
}

/// Where a setting came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Project(PathBuf),
    User(PathBuf),
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Project(p) => write!(f, "project {}", p.display()),
            Source::User(p) => write!(f, "user {}", p.display()),
        }
    }
}

/// One setting from a file: `listen.forward`, its flag and values, and its file.
#[derive(Debug, Clone)]
pub struct Setting {
    pub key: String,
    /// The arg id clap knows it by (the flag without dashes, `-` → `_`).
    pub id: String,
    pub flag: String,
    pub values: Vec<String>,
    pub switch: bool,
    pub secret: bool,
    pub source: Source,
}

/// The user config path (`$XDG_CONFIG_HOME/hookcli/config.toml`).
pub fn user_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("hookcli").join("config.toml"))
}

/// The nearest `.hookcli.toml` from `start` upward.
pub fn project_path(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(".hookcli.toml"))
        .find(|p| p.is_file())
}

/// Every setting of both files, project first (so the first of a key wins). A key that is
/// wrong is an error here; [`load_lenient`] sets it aside instead.
pub fn load() -> Result<Vec<Setting>> {
    let (settings, problems) = load_lenient()?;
    match problems.into_iter().next() {
        Some(p) => Err(crate::error::fail(p)),
        None => Ok(settings),
    }
}

/// Every good setting of both files, and a message for each key that is wrong (those keys
/// are left out). Only a file that is not TOML at all is an error.
pub fn load_lenient() -> Result<(Vec<Setting>, Vec<String>)> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let cwd = std::env::current_dir().unwrap_or_default();
    if let Some(p) = project_path(&cwd) {
        out.extend(read(&p, Source::Project(p.clone()), &mut problems)?);
    }
    if let Some(p) = user_path().filter(|p| p.is_file()) {
        out.extend(read(&p, Source::User(p.clone()), &mut problems)?);
    }
    Ok((out, problems))
}

/// `; did you mean "max-body"?` when `key` is one typo from a known key.
fn did_you_mean<'a>(key: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    known
        .into_iter()
        .map(|k| (crate::verify::edit_distance(key, k), k))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map_or_else(String::new, |(_, k)| format!("; did you mean {k:?}?"))
}

fn read(path: &Path, source: Source, problems: &mut Vec<String>) -> Result<Vec<Setting>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut table: toml::Table = toml::from_str(&text).map_err(|e| {
        crate::error::fail(format!(
            "bad config file {} ({})",
            path.display(),
            describe(&text, &e)
        ))
    })?;
    let sections = ["store", "listen", "secrets", "relay"];
    table.retain(|key, _| {
        let known = sections.contains(&key);
        if !known {
            problems.push(format!(
                "bad config file {} (line {}, key {key:?}: unknown section{})",
                path.display(),
                line_of_section(&text, key),
                did_you_mean(key, sections)
            ));
        }
        known
    });
    let data: FileData = FileData::deserialize(table).map_err(|e| {
        crate::error::fail(format!(
            "bad config file {} ({})",
            path.display(),
            describe(&text, &e)
        ))
    })?;
    let bad = |key: &str, why: &str| {
        format!(
            "bad config file {} (line {}, key {key:?}: {why})",
            path.display(),
            line_of(&text, key)
        )
    };
    let mut out = Vec::new();
    let mut push = |key: String, flag: &str, values: Vec<String>, switch: bool, secret: bool| {
        out.push(Setting {
            id: flag.trim_start_matches('-').replace('-', "_"),
            key,
            flag: flag.to_string(),
            values,
            switch,
            secret,
            source: source.clone(),
        });
    };
    if let Some(store) = data.store {
        push(
            "store".into(),
            "--store",
            vec![store.display().to_string()],
            false,
            false,
        );
    }
    for (key, value) in data.listen {
        match listen_setting(&key, value) {
            Ok(Some((flag, values, switch))) => {
                push(format!("listen.{key}"), flag, values, switch, false);
            }
            Ok(None) => {}
            Err(why) => problems.push(bad(&key, &why)),
        }
    }
    for (provider, secret) in data.secrets {
        push(
            format!("secrets.{provider}"),
            "--secret",
            vec![format!("{provider}={secret}")],
            false,
            true,
        );
    }
    for (key, value) in data.relay {
        let Some((_, flag)) = RELAY_KEYS.iter().find(|(k, _)| *k == key) else {
            problems.push(bad(
                &key,
                &format!(
                    "unknown key in [relay]; known: url, channel, token{}",
                    did_you_mean(&key, RELAY_KEYS.iter().map(|(k, _)| *k))
                ),
            ));
            continue;
        };
        push(
            format!("relay.{key}"),
            flag,
            vec![value.text()],
            false,
            key == "token",
        );
    }
    Ok(out)
}

/// A `[listen]` key as `listen` takes it: flag, values, and whether it is a switch.
type ListenFlag = (&'static str, Vec<String>, bool);

/// One `[listen]` key as its flag, values and whether it is a switch; `None` for a switch
/// set to false.
fn listen_setting(
    key: &str,
    value: toml::Value,
) -> std::result::Result<Option<ListenFlag>, String> {
    let Some((_, flag, kind)) = LISTEN_KEYS.iter().find(|(k, _, _)| *k == key) else {
        return Err(format!(
            "unknown key in [listen]{}; known: {}",
            did_you_mean(key, LISTEN_KEYS.iter().map(|(k, _, _)| *k)),
            LISTEN_KEYS
                .iter()
                .map(|(k, _, _)| *k)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    };
    let values = match (kind, value) {
        (Kind::Switch, toml::Value::Boolean(false)) => return Ok(None),
        (Kind::Switch, toml::Value::Boolean(true)) => Vec::new(),
        (Kind::Switch, _) => return Err("expected true or false".into()),
        (Kind::List, v) => Many::deserialize(v)
            .map_err(|_| "expected a string or a list of strings".to_string())?
            .into_vec(),
        (Kind::Value, v) => vec![
            Scalar::deserialize(v)
                .map_err(|_| "expected a single value".to_string())?
                .text(),
        ],
    };
    Ok(Some((flag, values, *kind == Kind::Switch)))
}

/// The line a `[section]` header is on (1 when it can't be found).
fn line_of_section(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| l.trim().trim_matches(['[', ']']).trim() == key)
        .map_or(1, |i| i + 1)
}

/// `line 3: unknown field …` from a TOML error and the text it came from.
fn describe(text: &str, e: &toml::de::Error) -> String {
    let msg = e.message().trim().to_string();
    let Some(span) = e.span() else { return msg };
    let line = text
        .get(..span.start)
        .unwrap_or(text)
        .lines()
        .count()
        .max(1);
    let key = text
        .lines()
        .nth(line - 1)
        .and_then(|l| l.split_once('='))
        .map(|(k, _)| k.trim().trim_matches('"'))
        .filter(|k| !k.is_empty());
    match key {
        Some(k) => format!("line {line}, key {k:?}: {msg}"),
        None => format!("line {line}: {msg}"),
    }
}

/// The first setting that makes the command line fail on its own, to blame it by name.
pub fn culprit<'a>(
    argv: &[OsString],
    cmd: &clap::Command,
    settings: &'a [Setting],
) -> Option<(&'a Setting, clap::Error)> {
    settings.iter().find_map(|s| {
        let one = augment(argv.to_vec(), cmd, std::slice::from_ref(s));
        cmd.clone().try_get_matches_from(one).err().map(|e| (s, e))
    })
}

/// The line a key is written on (1 when it can't be found).
fn line_of(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            l.split('=')
                .next()
                .is_some_and(|k| k.trim().trim_matches('"') == key)
        })
        .map_or(1, |i| i + 1)
}

/// The command line with config settings inserted after the subcommand, for every flag the
/// user did not give and no environment variable set. Secrets go per provider: a flag or a
/// `HOOKCLI_SECRET_*` for a provider shadows the files' secret for it.
pub fn augment(argv: Vec<OsString>, cmd: &clap::Command, settings: &[Setting]) -> Vec<OsString> {
    let Ok(matches) = cmd.clone().try_get_matches_from(&argv) else {
        return argv; // the real parse reports the error
    };
    let Some((sub, sub_matches)) = matches.subcommand() else {
        return argv;
    };
    let Some(sub_cmd) = cmd.find_subcommand(sub) else {
        return argv;
    };
    let given = |id: &str| {
        matches!(
            sub_matches.value_source(id),
            Some(clap::parser::ValueSource::CommandLine | clap::parser::ValueSource::EnvVariable)
        )
    };
    let flag_secrets: Vec<String> = if sub_cmd.get_arguments().any(|a| a.get_id() == "secret") {
        sub_matches
            .get_raw("secret")
            .into_iter()
            .flatten()
            .filter_map(|v| {
                v.to_str()?
                    .split_once('=')
                    .map(|(p, _)| p.to_ascii_lowercase())
            })
            .collect()
    } else {
        Vec::new()
    };
    let mut extra: Vec<OsString> = Vec::new();
    let mut taken: Vec<&str> = Vec::new();
    for s in settings {
        if !sub_cmd.get_arguments().any(|a| a.get_id() == s.id.as_str()) {
            continue;
        }
        let append = sub_cmd
            .get_arguments()
            .find(|a| a.get_id() == s.id.as_str())
            .is_some_and(|a| matches!(a.get_action(), clap::ArgAction::Append));
        if s.secret && s.id == "secret" && !append {
            continue; // `sign --secret` takes the bare secret, not PROVIDER=SECRET
        }
        if s.secret && s.id == "secret" {
            let provider = s.key.trim_start_matches("secrets.");
            let env = format!(
                "HOOKCLI_SECRET_{}",
                provider.to_ascii_uppercase().replace('-', "_")
            );
            if flag_secrets.iter().any(|p| p == provider)
                || std::env::var_os(&env).is_some()
                || taken.contains(&s.key.as_str())
            {
                continue;
            }
        } else if given(&s.id)
            || taken.contains(&s.key.as_str())
            || (s.id == "store" && std::env::var_os("HOOKCLI_HOME").is_some_and(|v| !v.is_empty()))
        {
            continue;
        }
        taken.push(&s.key);
        if s.switch {
            extra.push(s.flag.clone().into());
        }
        for v in &s.values {
            extra.push(s.flag.clone().into());
            extra.push(v.into());
        }
    }
    if extra.is_empty() {
        return argv;
    }
    let at = argv
        .iter()
        .position(|a| a.to_str() == Some(sub))
        .map_or(argv.len(), |i| i + 1);
    let mut out = argv[..at].to_vec();
    out.extend(extra);
    out.extend_from_slice(&argv[at..]);
    out
}

/// A non-secret setting as `config` shows it: a credential header's value (`header =
/// "authorization: Bearer …"`) and the password in a URL (`https://u:pw@host`) masked.
pub fn mask_value(key: &str, value: &str) -> String {
    if key.ends_with("header")
        && let Some((name, v)) = value.split_once(':')
        && crate::redact::is_credential(name.trim())
    {
        return format!(
            "{}: {}",
            name.trim(),
            crate::redact::mask_value(name.trim(), v.trim())
        );
    }
    crate::redact::mask_url(value).into_owned()
}

/// `****` plus the length: enough to tell two secrets apart, nothing to leak.
pub fn mask(secret: &str) -> String {
    format!("**** ({} chars)", secret.chars().count())
}
