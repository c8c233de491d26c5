//! Layer 5 — the wasm boundary: the only code that touches wasm-bindgen, js-sys, web-sys and gloo-net.
//! Compiled for wasm32 only. May use every layer below.

pub mod actions;
pub mod api;
mod convert;
pub mod lifecycle;
mod net;
pub mod types;
