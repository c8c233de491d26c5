//! The one table of callback hosts (`extension/callback-hosts.json`) becomes Rust constants here, so the profile
//! validation (src/salesforce/redirect_uri.rs) and the manifest's content-script matches (tools/manifest.mjs) are
//! produced from the same file and cannot drift apart.

use std::{env, fs, path::Path};

fn main() {
    let table = "extension/callback-hosts.json";
    println!("cargo:rerun-if-changed={table}");
    let text = fs::read_to_string(table).expect("extension/callback-hosts.json is readable");
    let json: serde_json::Value =
        serde_json::from_str(&text).expect("extension/callback-hosts.json is JSON");
    let list = |key: &str| -> Vec<String> {
        json[key]
            .as_array()
            .unwrap_or_else(|| panic!("callback-hosts.json: `{key}` is a list"))
            .iter()
            .map(|host| {
                host.as_str()
                    .expect("callback hosts are strings")
                    .to_owned()
            })
            .collect()
    };
    let out = format!(
        "/// Hosts where the manifest's content script runs.\npub const CONTENT_SCRIPT: &[&str] = &{:?};\n\
         /// Optional hosts, where the same script is registered once the person grants them.\n\
         pub const WHEN_GRANTED: &[&str] = &{:?};\n",
        list("contentScript"),
        list("whenGranted")
    );
    fs::write(
        Path::new(&env::var("OUT_DIR").unwrap()).join("callback_hosts.rs"),
        out,
    )
    .unwrap();
}
