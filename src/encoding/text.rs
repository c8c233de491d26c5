//! Substring search without `core`'s two-way string searcher.
//!
//! `str::find("…")`, `contains("…")`, `split_once("…")` and `replace` with a
//! string pattern pull core's `StrSearcher` into the wasm module, and with it
//! the panic path that formats "byte index … is not a char boundary" (with
//! `char`'s `Debug` and the Unicode printable tables): several KB for
//! searching a few short texts. These byte-wise versions give the same
//! results: a match of a non-empty valid UTF-8 needle in valid UTF-8 always
//! starts and ends on character boundaries, and every slice goes through
//! `get`, so nothing can panic.

/// Byte offset of the first `needle` in `haystack`, like `str::find`.
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window == needle.as_bytes())
}

/// Like `str::contains` with a string pattern.
pub fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

/// Like `str::split_once` with a string pattern.
pub fn split_once<'a>(haystack: &'a str, needle: &str) -> Option<(&'a str, &'a str)> {
    let start = find(haystack, needle)?;
    Some((
        haystack.get(..start)?,
        haystack.get(start + needle.len()..)?,
    ))
}

/// Like `str::replace` with a non-empty string pattern (an empty one leaves
/// the text as it is).
pub fn replace(haystack: &str, needle: &str, with: &str) -> String {
    let mut out = String::with_capacity(haystack.len());
    let mut rest = haystack;
    while let Some((before, after)) = split_once(rest, needle).filter(|_| !needle.is_empty()) {
        out.push_str(before);
        out.push_str(with);
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXTS: &[&str] = &[
        "",
        "a",
        "aa",
        "aaa",
        "abc",
        "://",
        "https://x",
        "a://b://c",
        "é",
        "éé",
        "é€😀é",
        "--",
        "x--y",
        "<title>T</title>",
        "<TITLE>",
        "hunter22 hunter22",
        "/id/",
        "https://x/id/00D/005",
    ];

    #[test]
    fn same_as_std() {
        for haystack in TEXTS {
            for needle in TEXTS.iter().chain(&["€", "😀", "\u{80}", "t", "22"]) {
                assert_eq!(
                    find(haystack, needle),
                    haystack.find(needle),
                    "{haystack:?} {needle:?}"
                );
                assert_eq!(contains(haystack, needle), haystack.contains(needle));
                assert_eq!(split_once(haystack, needle), haystack.split_once(needle));
                if !needle.is_empty() {
                    assert_eq!(
                        replace(haystack, needle, "[r]"),
                        haystack.replace(needle, "[r]")
                    );
                }
            }
        }
        assert_eq!(replace("abc", "", "x"), "abc");
    }
}
