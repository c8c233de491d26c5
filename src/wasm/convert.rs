//! Values across the boundary: Rust structs in and out through serde-wasm-bindgen, and the one shape of a
//! failure thrown to JavaScript.
//!
//! Outputs use `Serializer::json_compatible()`: plain objects, `null` for absent values, never a `Map` or
//! `undefined` — they cross Chrome's JSON message passing (`runtime.sendMessage`) and `storage` unchanged.

use crate::{FieldError, JsonDecoder, SfError};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use super::types::Failure;

/// The JSON decoder of the wasm module: the browser's own `JSON.parse`, then serde-wasm-bindgen into the core's
/// raw structs. No JSON parser ships in the module.
pub struct BrowserJson;

impl JsonDecoder for BrowserJson {
    fn decode<T: DeserializeOwned>(&self, text: &str) -> Option<T> {
        let value = js_sys::JSON::parse(text).ok()?;
        serde_wasm_bindgen::from_value(value).ok()
    }
}

/// A Rust value as a plain JSON-compatible JS value.
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| bad_argument(format!("sftoken could not build its answer: {e}")))
}

/// A JS value as the Rust input struct `T`; a mistyped or missing field is an `invalid_argument` failure that
/// names it (serde's own words, e.g. "missing field `clientId`").
pub fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsValue> {
    serde_wasm_bindgen::from_value(value).map_err(|e| bad_argument(format!("{what}: {e}")))
}

/// The value thrown for an error explained by the core.
pub fn throw(error: SfError) -> JsValue {
    failure(Failure::from(error))
}

/// As [`throw`], plus `field`: the form field to fix.
pub fn throw_field(error: FieldError) -> JsValue {
    let mut out = Failure::from(*error.error);
    out.field = Some(error.field.to_owned());
    failure(out)
}

/// A call the extension made wrongly (a bug, not the person's input).
pub fn bad_argument(message: String) -> JsValue {
    throw(SfError::new(
        "invalid_argument",
        message,
        "This is a bug in the extension's call into sftoken; please report it.",
    ))
}

fn failure(out: Failure) -> JsValue {
    // Serializing a struct of strings and booleans cannot fail; should it ever, a plain string still explains.
    out.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or_else(|_| JsValue::from_str(&out.message))
}
