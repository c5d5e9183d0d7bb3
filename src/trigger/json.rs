//! An ordered JSON tree: event templates keep the key order the provider sends, which
//! `serde_json::Value` (a sorted map in this build) would lose.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::fmt;

#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Num(serde_json::Number),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    /// Compact JSON text, keys in their order.
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A `--set` value: JSON when it parses as JSON (numbers, true, null, objects), else text.
    pub fn from_flag(v: &str) -> Json {
        serde_json::from_str(v).unwrap_or_else(|_| Json::Str(v.to_string()))
    }

    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Set the value at a dotted path (`data.object.amount`, `0.email`), creating objects on
    /// the way. A number indexes an array; anything else is an object key.
    pub fn set_path(&mut self, path: &[&str], value: Json) -> Result<(), String> {
        let Some((head, rest)) = path.split_first() else {
            *self = value;
            return Ok(());
        };
        let next = match self {
            Json::Arr(items) => {
                let i: usize = head
                    .parse()
                    .map_err(|_| format!("{head:?} is not an index into an array"))?;
                let len = items.len();
                items
                    .get_mut(i)
                    .ok_or_else(|| format!("index {i} is past the array's end ({len} items)"))?
            }
            Json::Obj(m) => match m.iter().position(|(k, _)| k == head) {
                Some(i) => &mut m[i].1,
                None => {
                    m.push((head.to_string(), Json::Obj(Vec::new())));
                    &mut m.last_mut().expect("just pushed").1
                }
            },
            other => {
                *other = Json::Obj(vec![(head.to_string(), Json::Obj(Vec::new()))]);
                match other {
                    Json::Obj(m) => &mut m[0].1,
                    _ => unreachable!("just made an object"),
                }
            }
        };
        next.set_path(rest, value)
    }

    /// Every string in the tree, rewritten by `f` (which may turn it into another value).
    pub fn map_strings(&mut self, f: &mut dyn FnMut(&str) -> Json) {
        match self {
            Json::Str(s) => *self = f(s),
            Json::Arr(items) => items.iter_mut().for_each(|v| v.map_strings(f)),
            Json::Obj(m) => m.iter_mut().for_each(|(_, v)| v.map_strings(f)),
            _ => {}
        }
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => s.serialize_unit(),
            Json::Bool(b) => s.serialize_bool(*b),
            Json::Num(n) => n.serialize(s),
            Json::Str(v) => s.serialize_str(v),
            Json::Arr(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for v in items {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
            Json::Obj(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, v) in m {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Json, D::Error> {
        d.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Num(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Num(v.into()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Json, E> {
        serde_json::Number::from_f64(v)
            .map(Json::Num)
            .ok_or_else(|| E::custom("a number JSON cannot hold"))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Json, E> {
        Ok(Json::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Json, E> {
        Ok(Json::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = a.next_element()? {
            items.push(v);
        }
        Ok(Json::Arr(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Json, A::Error> {
        let mut m: Vec<(String, Json)> = Vec::new();
        while let Some((k, v)) = a.next_entry::<String, Json>()? {
            match m.iter_mut().find(|(old, _)| *old == k) {
                Some(slot) => slot.1 = v,
                None => m.push((k, v)),
            }
        }
        Ok(Json::Obj(m))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_key_order_and_sets_paths() {
        let mut j: Json = serde_json::from_str(r#"{"z":1,"a":{"b":[{"c":2}]},"m":null}"#).unwrap();
        assert_eq!(j.to_text(), r#"{"z":1,"a":{"b":[{"c":2}]},"m":null}"#);
        j.set_path(&["a", "b", "0", "c"], Json::from_flag("5000"))
            .unwrap();
        j.set_path(&["new", "deep"], Json::from_flag("text"))
            .unwrap();
        assert_eq!(
            j.to_text(),
            r#"{"z":1,"a":{"b":[{"c":5000}]},"m":null,"new":{"deep":"text"}}"#
        );
        assert!(j.set_path(&["a", "b", "x"], Json::Null).is_err());
        assert!(j.set_path(&["a", "b", "7"], Json::Null).is_err());
    }
}
