//! Layer 5 — the wasm boundary: the only code that touches wasm-bindgen, js-sys, web-sys and gloo-net.
//! Compiled for wasm32 only. May use every layer below.
//!
//! | module | what |
//! |---|---|
//! | `actions` | one async export per user action: build the request, send it, read the answer |
//! | `api` | exports that need no network (hosts, profiles, authorize URL, callback, described requests, parsers) |
//! | `lifecycle` | JWT bearer keys and assertions (WebCrypto), and a token's life described |
//! | `types` | every shape that crosses, as Rust structs (serde + tsify → the `.d.ts`) |
//! | `convert` | structs to and from JS values; `BrowserJson` (`JSON.parse` + serde); the one shape of a thrown failure |
//! | `net` | the one place that sends: no cookies, no redirects, a timeout |
//! | `random` | `crypto.getRandomValues` |

pub mod actions;
pub mod api;
mod convert;
pub mod lifecycle;
mod net;
mod random;
pub mod types;

/// talc instead of the default dlmalloc: smaller and faster. (The module is single-threaded: no `atomics`.)
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
