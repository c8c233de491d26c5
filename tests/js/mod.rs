//! Helpers shared by the wasm-bindgen tests (`tests/wasm_api.rs`, `tests/wasm_lifecycle.rs`): build and read
//! plain JS objects the way the extension passes them.
#![allow(dead_code)]

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

pub fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

pub fn get_str(value: &JsValue, key: &str) -> String {
    get(value, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string"))
}

pub fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

pub fn s(text: &str) -> JsValue {
    JsValue::from_str(text)
}
