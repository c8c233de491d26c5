//! Random bytes from the browser: `crypto.getRandomValues`, read from the global object so that pages, the
//! service worker and node alike have it.

use crate::SfError;
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

/// Fills `buf` from `crypto.getRandomValues`.
pub fn fill_random(buf: &mut [u8]) -> Result<(), SfError> {
    let unavailable = || {
        SfError::new(
            "no_randomness",
            "The browser's secure random number generator (crypto.getRandomValues) is not available.",
            "Use a current Chrome or Firefox; reload the extension.",
        )
    };
    let crypto =
        Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).map_err(|_| unavailable())?;
    if !crypto.is_object() {
        return Err(unavailable());
    }
    // `unchecked_into`: node's and the worker's Crypto objects are not always `instanceof Crypto` of this
    // realm, but share the method.
    let crypto: web_sys::Crypto = crypto.unchecked_into();
    // getRandomValues accepts at most 65536 bytes per call.
    for chunk in buf.chunks_mut(65536) {
        crypto
            .get_random_values_with_u8_array(chunk)
            .map_err(|_| unavailable())?;
    }
    Ok(())
}
