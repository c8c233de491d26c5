//! JSON, read by serde: the core never parses JSON itself.
//!
//! A [`JsonDecoder`] is handed in by the caller: at the wasm boundary the
//! browser's own `JSON.parse` (`BrowserJson`, src/wasm/convert.rs), natively
//! `serde_json` ([`SerdeJson`]: tests and benchmarks). Either way the parsed
//! value is then mapped by serde into the caller's raw structs.
//!
//! Salesforce's answers are read leniently: every field of a raw struct is a
//! [`Scalar`], which accepts any JSON value and keeps only strings,
//! non-negative integers and booleans, so one field of an unexpected type
//! (`issued_at` as a number, say) degrades to a missing value instead of
//! failing the whole answer. [`Item`] is "an object, or nothing", [`Members`]
//! an object's members in document order. None of them fails on any JSON
//! value of the expected kind (see [`JsonKind`]).
//!
//! Nested values that are not wanted are skipped with `IgnoredAny`, which
//! serde-wasm-bindgen answers without descending: a hostile, deeply nested
//! answer costs no recursion here.

use core::fmt;
use core::marker::PhantomData;
use serde::de::value::MapAccessDeserializer;
use serde::de::{
    Deserialize, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

/// Parses a JSON text and maps it into `T` with serde.
pub trait JsonDecoder {
    /// `None` when the text is not JSON, or does not map into `T`.
    fn decode<T: DeserializeOwned>(&self, text: &str) -> Option<T>;
}

/// `serde_json` (native builds only: the wasm module uses the browser's
/// `JSON.parse`). It parses into a `serde_json::Value` first, as the
/// browser does: a repeated key keeps its last value, members keep their
/// document order (`preserve_order`).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy, Default)]
pub struct SerdeJson;

#[cfg(not(target_arch = "wasm32"))]
impl JsonDecoder for SerdeJson {
    fn decode<T: DeserializeOwned>(&self, text: &str) -> Option<T> {
        let value: serde_json::Value = serde_json::from_str(text).ok()?;
        T::deserialize(value).ok()
    }
}

/// What a JSON text is, told by its first character: RFC 8259 leaves no
/// other way to start an object (`{`) or an array (`[`). The reader decodes
/// an object as a raw struct, an array as a list, and anything else as
/// `IgnoredAny`: one decode, and few serde instantiations in the wasm module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonKind {
    /// Starts with `{`.
    Object,
    /// Starts with `[`.
    Array,
    /// Anything else (a string, a number, a literal, or not JSON at all).
    Other,
}

impl JsonKind {
    /// The kind of a trimmed text.
    pub fn of(text: &str) -> Self {
        match text.as_bytes().first() {
            Some(b'{') => JsonKind::Object,
            Some(b'[') => JsonKind::Array,
            _ => JsonKind::Other,
        }
    }
}

/// One field of an answer, whatever JSON value it held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Scalar {
    /// Absent (the field was missing).
    #[default]
    Absent,
    /// A string.
    Text(String),
    /// A non-negative integer. (After `JSON.parse`, `1e3` is one too.)
    Count(u64),
    /// `true` / `false`.
    Flag(bool),
    /// `null`, a negative or fractional number, an array or an object.
    Other,
}

impl Scalar {
    /// The string, when it is one and not blank (kept as written).
    pub fn text(&self) -> Option<String> {
        match self {
            Scalar::Text(s) if !s.trim().is_empty() => Some(s.clone()),
            _ => None,
        }
    }

    /// The integer, when it is one.
    pub fn count(&self) -> Option<u64> {
        match self {
            Scalar::Count(n) => Some(*n),
            _ => None,
        }
    }

    /// The boolean, when it is one.
    pub fn flag(&self) -> Option<bool> {
        match self {
            Scalar::Flag(b) => Some(*b),
            _ => None,
        }
    }
}

fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Flag(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
                Ok(u64::try_from(v).map_or(Scalar::Other, Scalar::Count))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar::Count(v))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Scalar, E> {
                Ok(Scalar::Other)
            }
            fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Text(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar::Text(v))
            }
            fn visit_unit<E>(self) -> Result<Scalar, E> {
                Ok(Scalar::Other)
            }
            fn visit_none<E>(self) -> Result<Scalar, E> {
                Ok(Scalar::Other)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
                Scalar::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Scalar, A::Error> {
                drain_seq(seq).map(|()| Scalar::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Scalar, A::Error> {
                drain_map(map).map(|()| Scalar::Other)
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A value that is read as `T` when it is an object, skipped otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item<T>(pub Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Item<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Item<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Item(None))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(Item(None))
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(Item(None))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Item(None))
            }
            fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
                Ok(Item(None))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Item(None))
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(Item(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                Item::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                drain_seq(seq).map(|()| Item(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(|t| Item(Some(t)))
            }
        }
        deserializer.deserialize_any(V(PhantomData))
    }
}

/// An object's members in document order, each value read as `T`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Members<T>(pub Vec<(String, T)>);

impl<T> Default for Members<T> {
    fn default() -> Self {
        Members(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Members<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Members<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry::<String, T>()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(V(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(default)]
    struct Raw {
        a: Scalar,
        b: Scalar,
    }

    #[test]
    fn scalars_keep_strings_counts_and_flags() {
        let raw =
            |text: &str| -> Raw { SerdeJson.decode(text).unwrap_or_else(|| panic!("{text}")) };
        assert_eq!(raw(r#"{"a":"x","b":12}"#).a, Scalar::Text("x".into()));
        assert_eq!(raw(r#"{"a":"x","b":12}"#).b.count(), Some(12));
        assert_eq!(raw(r#"{"a":true}"#).a.flag(), Some(true));
        assert_eq!(raw(r#"{"a":" "}"#).a.text(), None);
        assert_eq!(raw("{}").a, Scalar::Absent);
        for odd in ["null", "-1", "1.5", "1e3", "[1,[2]]", r#"{"c":{"d":1}}"#] {
            let text = format!(r#"{{"a":{odd},"b":"kept"}}"#);
            assert_eq!(raw(&text).a, Scalar::Other, "{odd}");
            assert_eq!(raw(&text).b.text().as_deref(), Some("kept"), "{odd}");
        }
        // As in the browser: the last of a repeated key wins.
        assert_eq!(raw(r#"{"a":"1","a":"2"}"#).a.text().as_deref(), Some("2"));
        assert_eq!(
            raw(r#"{"a":"\ud83d\ude00"}"#).a.text().as_deref(),
            Some("😀")
        );
        for not_json in ["", "{", "{\"a\":1}x", "{'a':1}", "{\"a\":NaN}"] {
            assert_eq!(SerdeJson.decode::<Raw>(not_json), None, "{not_json}");
        }
    }

    #[test]
    fn items_members_and_kinds() {
        let items: Option<Vec<Item<Raw>>> = SerdeJson.decode(r#"[{"a":"x"}, 1, [], null]"#);
        assert_eq!(
            items,
            Some(vec![
                Item(Some(Raw {
                    a: Scalar::Text("x".into()),
                    b: Scalar::Absent
                })),
                Item(None),
                Item(None),
                Item(None)
            ])
        );
        let members: Option<Members<Item<Raw>>> =
            SerdeJson.decode(r#"{"z":{"a":"1"},"y":2,"x":{"b":3}}"#);
        let Some(Members(members)) = members else {
            panic!("{members:?}")
        };
        let names: Vec<&str> = members.iter().map(|m| m.0.as_str()).collect();
        assert_eq!(names, ["z", "y", "x"], "document order");
        assert_eq!(members[1].1, Item(None));
        assert_eq!(JsonKind::of("{}"), JsonKind::Object);
        assert_eq!(JsonKind::of("[1]"), JsonKind::Array);
        assert_eq!(JsonKind::of("42"), JsonKind::Other);
        assert_eq!(JsonKind::of(""), JsonKind::Other);
    }
}
