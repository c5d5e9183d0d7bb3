//! One value of a JSON body, found by a path of object keys without building the whole
//! document: every request of a provider that keeps its delivery id in the body (Stripe's
//! `id`) asks for it, and parsing a 1 KB event into a `serde_json::Value` (a map node and a
//! string per key) was an eighth of a request thread's time.
//!
//! The answer is the one `serde_json::from_slice::<Value>(body)` and then `get` key by key
//! would give: `None` unless the body is a JSON document whose strings are UTF-8, and a
//! key given twice counts by its last value, as a `Value` map keeps it. Two refusals of
//! that route are not kept, as the providers' SDKs (`JSON.parse`, Python's `json`) do not
//! make them either: what is skipped may nest deeper than serde_json's 128 levels (it is
//! skipped without recursion), and a number in it may be out of `f64`'s range.

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use std::fmt;

/// The value at `path` (object keys from the top) in `body`.
pub fn at(body: &[u8], path: &[&str]) -> Option<Value> {
    // serde_json checks UTF-8 only in strings it decodes; skipped ones are not decoded.
    std::str::from_utf8(body).ok()?;
    let mut de = serde_json::Deserializer::from_slice(body);
    let found = Path(path).deserialize(&mut de).ok()?;
    de.end().ok()?;
    found
}

/// Walks to the rest of the path, skipping whatever is not on it.
struct Path<'p>(&'p [&'p str]);

impl<'de> DeserializeSeed<'de> for Path<'_> {
    type Value = Option<Value>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        match self.0.split_first() {
            None => serde::Deserialize::deserialize(d).map(Some),
            Some((key, rest)) => d.deserialize_any(Step { key, rest }),
        }
    }
}

/// One object on the way: its member `key`, then `rest` inside it.
struct Step<'p> {
    key: &'p str,
    rest: &'p [&'p str],
}

impl<'de> Visitor<'de> for Step<'_> {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found = None;
        while let Some(hit) = map.next_key_seed(KeyIs(self.key))? {
            if hit {
                found = map.next_value_seed(Path(self.rest))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }

    // Anything else on the way (a string, a number, …) has no members.
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// Whether an object key (unescaped) is the one sought.
struct KeyIs<'p>(&'p str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E>(self, k: &str) -> Result<bool, E> {
        Ok(k == self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::at;
    use serde_json::Value;

    /// What the `Value` route answers, for comparison.
    fn whole(body: &[u8], path: &[&str]) -> Option<Value> {
        let v: Value = serde_json::from_slice(body).ok()?;
        path.iter().try_fold(&v, |cur, k| cur.get(k)).cloned()
    }

    #[test]
    fn finds_what_parsing_the_whole_document_finds() {
        let bodies: &[&[u8]] = &[
            br#"{"id":"evt_1","data":{"object":{"id":"pi_1"}}}"#,
            br#"{"data":{"object":{"id":7}},"id":12.5}"#,
            br#"{"id":"first","id":"last"}"#,
            br#"{"i\u0064":"escaped key"}"#,
            br#"{"id":null}"#,
            br#"{"id":{"x":[1,2,{"id":3}]}}"#,
            br#"[{"id":"in an array"}]"#,
            br#""just a string""#,
            br#"{"data":"not an object","id":"x"}"#,
            br#"{"id":"x"} trailing"#,
            br#"{"id":"x""#,
            b"{\"id\":\"x\",\"bad\":\"\xff\"}",
            b"",
            br#"  {"id" : "spaced" }  "#,
        ];
        let paths: &[&[&str]] = &[&["id"], &["data", "object", "id"], &["data", "id"], &[]];
        for body in bodies {
            for path in paths {
                assert_eq!(
                    at(body, path),
                    whole(body, path),
                    "{} at {path:?}",
                    String::from_utf8_lossy(body)
                );
            }
        }
    }

    #[test]
    fn a_deep_member_off_the_path_is_skipped_where_the_whole_parse_gives_up() {
        let deep = format!(
            "{{\"id\":\"x\",\"a\":{}1{}}}",
            "[".repeat(200),
            "]".repeat(200)
        );
        assert_eq!(whole(deep.as_bytes(), &["id"]), None);
        assert_eq!(at(deep.as_bytes(), &["id"]), Some(Value::from("x")));
        // Deep on the path itself is still refused (that part is decoded).
        let on_path = format!("{{\"id\":{}1{}}}", "[".repeat(200), "]".repeat(200));
        assert_eq!(at(on_path.as_bytes(), &["id"]), None);
    }
}
