//! OAuth scopes as users type them: `api refresh_token`, `api,refresh_token`,
//! or a list from the UI.
//!
//! Salesforce wants one space-separated `scope` parameter (docs/salesforce.md#authorize). We
//! split on spaces and commas, drop duplicates (keeping the first order, so
//! the URL is predictable), and check each token against RFC 6749's scope
//! syntax (printable ASCII except `"` and `\`). An empty list is allowed: the
//! `scope` parameter is then omitted and Salesforce grants the app's
//! configured scopes.

use crate::error::SfError;

/// Parses and deduplicates scopes from any number of input strings.
pub fn parse_scopes<'a>(inputs: impl IntoIterator<Item = &'a str>) -> Result<Vec<String>, SfError> {
    let mut scopes: Vec<String> = Vec::new();
    for input in inputs {
        for token in input.split(|c: char| c == ',' || c.is_whitespace()) {
            if token.is_empty() {
                continue;
            }
            let valid = token
                .bytes()
                .all(|b| b == 0x21 || (0x23..=0x5b).contains(&b) || (0x5d..=0x7e).contains(&b));
            if !valid {
                return Err(SfError::new(
                    "invalid_scope_syntax",
                    "A scope contains a character that is not allowed (quotes, backslashes, non-ASCII).",
                    "Separate scopes with spaces or commas, e.g. \"api refresh_token\".",
                ));
            }
            if !scopes.iter().any(|s| s == token) {
                scopes.push(token.to_owned());
            }
        }
    }
    Ok(scopes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_dedupes() {
        assert_eq!(
            parse_scopes(["api refresh_token"]).unwrap(),
            ["api", "refresh_token"]
        );
        assert_eq!(
            parse_scopes(["api,refresh_token, api  id"]).unwrap(),
            ["api", "refresh_token", "id"]
        );
        assert_eq!(
            parse_scopes(["api", "api", " web "]).unwrap(),
            ["api", "web"]
        );
        assert!(parse_scopes(["", " , "]).unwrap().is_empty());
        assert!(parse_scopes(std::iter::empty()).unwrap().is_empty());
        assert_eq!(parse_scopes(["cdp_query_api"]).unwrap(), ["cdp_query_api"]);
    }

    #[test]
    fn refuses_bad_characters() {
        for bad in ["api\"", "a\\b", "café", "x\u{7f}"] {
            assert_eq!(
                parse_scopes([bad]).unwrap_err().code,
                "invalid_scope_syntax",
                "{bad}"
            );
        }
    }
}
