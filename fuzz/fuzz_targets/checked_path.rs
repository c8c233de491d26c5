//! "Try a request": the path typed by a person, which must never lead the token off its instance.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sftoken::token::try_request::checked_path;

fuzz_target!(|data: &[u8]| {
    let input = sftoken_fuzz::text(data);
    for base in ["https://acme.my.salesforce.com", "https://acme.my.site.com/partners"] {
        if let Ok(path) = checked_path(base, &input) {
            // What is appended stays a path (or a query) on this host: never `//`, a backslash, or a scheme.
            assert!(path.starts_with('/') || path.starts_with('?'), "{path}");
            assert!(!path.starts_with("//") && !path.contains('\\') && !path.contains('#'), "{path}");
            let url = format!("{base}{path}");
            assert!(url.starts_with(base));
        }
    }
});
