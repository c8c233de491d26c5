//! The popup's profile list at scale: each profile's environment mark and token state, and the search over them
//! ("Search profiles": name, host and environment, as the person types).
//!
//! Decisions:
//! - **The environment is the org's, as far as sftoken can tell** ([`OrgKind::of`]): the login host, refined by
//!   the stored token's instance URL when the login host is a generic one (`login.salesforce.com` also serves
//!   Developer Edition and scratch orgs). A login URL sftoken does not accept is shown as such, not guessed.
//! - **Token state in a few words**: none, or its age (Salesforce returns no expiry: the age is what there is,
//!   docs/salesforce.md#lifetimes) and whether a refresh token is kept.
//! - **Search**: every word typed must appear (case-insensitive for ASCII letters: Unicode case tables would cost
//!   the wasm module more than they are worth here) in the name, the host or the environment's
//!   words; the list keeps its order (by name). Profiles whose name starts with the first word come first, so
//!   typing a name's beginning puts it on top.

use crate::salesforce::login_host::{normalize_login_url, EnvironmentMark, OrgKind};

/// A stored profile, as the list needs it.
#[derive(Debug, Clone, Default)]
pub struct ListedProfile<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub login_url: &'a str,
    pub allow_custom_domain: bool,
    /// Its stored token, if any.
    pub token: Option<ListedToken<'a>>,
}

/// What the list shows of a stored token (never the token itself).
#[derive(Debug, Clone, Copy, Default)]
pub struct ListedToken<'a> {
    /// When Salesforce issued it (ms), or when sftoken received it.
    pub issued_at_ms: Option<u64>,
    pub has_refresh_token: bool,
    pub instance_url: Option<&'a str>,
}

/// One row of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileRow {
    pub id: String,
    /// The name, or `(unnamed)`.
    pub name: String,
    /// The normalised login host (with a site's prefix), or the login URL as typed when sftoken refuses it.
    pub host: String,
    /// `production`, `sandbox`, … or `unknown` for a login URL sftoken does not accept.
    pub environment: &'static str,
    /// The mark: a word and a shape.
    pub mark: EnvironmentMark,
    /// Whether actions here act on a live org.
    pub production: bool,
    /// `none`, or `token` (then `token_label` says its age and refresh token).
    pub token_kind: &'static str,
    /// `No token`, `Token 3 h old · refresh token`, …
    pub token_label: String,
    /// Lower-case words the search matches: name, host, environment name and mark.
    pub search_text: String,
}

/// The mark of a login URL sftoken does not accept.
const UNKNOWN_MARK: EnvironmentMark = EnvironmentMark {
    label: "Login URL not recognised",
    symbol: "?",
};

/// The list's rows, sorted by name (case-insensitive; then id, so that equal names keep one order).
pub fn profile_rows(profiles: &[ListedProfile<'_>], now_ms: u64) -> Vec<ProfileRow> {
    let mut rows: Vec<(String, &str, ProfileRow)> = profiles
        .iter()
        .map(|p| {
            let row = row(p, now_ms);
            (row.name.to_ascii_lowercase(), p.id, row)
        })
        .collect();
    rows.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    rows.into_iter().map(|(_, _, row)| row).collect()
}

fn row(p: &ListedProfile<'_>, now_ms: u64) -> ProfileRow {
    let name = match p.name.trim() {
        "" => "(unnamed)".to_owned(),
        name => name.to_owned(),
    };
    let instance = p.token.and_then(|t| t.instance_url);
    let (host, environment, mark, production) =
        match normalize_login_url(p.login_url, p.allow_custom_domain) {
            Ok(login) => {
                let kind = OrgKind::of(&login, instance);
                (
                    [login.host.as_str(), login.path_prefix.as_str()].concat(),
                    kind.environment.as_str(),
                    kind.environment.mark(),
                    kind.production,
                )
            }
            Err(_) => (
                p.login_url.trim().to_owned(),
                "unknown",
                UNKNOWN_MARK,
                false,
            ),
        };
    let (token_kind, token_label) = match p.token {
        None => ("none", "No token".to_owned()),
        Some(token) => ("token", token_label(token, now_ms)),
    };
    let search_text = [name.as_str(), &host, environment, mark.label]
        .join(" ")
        .replace('_', " ")
        .to_ascii_lowercase();
    ProfileRow {
        id: p.id.to_owned(),
        name,
        host,
        environment,
        mark,
        production,
        token_kind,
        token_label,
        search_text,
    }
}

/// `Token 3 h old · refresh token`.
fn token_label(token: ListedToken<'_>, now_ms: u64) -> String {
    let age = match token.issued_at_ms {
        Some(at) => format!("Token {}", short_age(now_ms.saturating_sub(at))),
        None => "Token (age unknown)".to_owned(),
    };
    let refresh = if token.has_refresh_token {
        " · refresh token"
    } else {
        " · no refresh token"
    };
    [age.as_str(), refresh].concat()
}

/// `just issued`, `12 min old`, `3 h old`, `5 d old`.
fn short_age(ms: u64) -> String {
    let minutes = ms / 60_000;
    match minutes {
        0 => "just issued".to_owned(),
        1..=59 => format!("{minutes} min old"),
        60..=2879 => format!("{} h old", minutes / 60),
        _ => format!("{} d old", minutes / 1440),
    }
}

/// The indices of the search texts (each row's `search_text`, which starts with its name) matching `query`, in
/// order, those starting with the first word first. An empty query matches every row.
pub fn search_profiles<'a>(query: &str, texts: impl IntoIterator<Item = &'a str>) -> Vec<usize> {
    let query = query.to_ascii_lowercase();
    let words: Vec<&str> = query.split_whitespace().collect();
    let mut first = Vec::new();
    let mut rest = Vec::new();
    for (i, text) in texts.into_iter().enumerate() {
        if !words.iter().all(|w| text.contains(w)) {
            continue;
        }
        let starts = words.first().is_some_and(|w| text.starts_with(w));
        if starts { &mut first } else { &mut rest }.push(i);
    }
    first.extend(rest);
    first
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_767_225_600_000;

    fn listed<'a>(id: &'a str, name: &'a str, login_url: &'a str) -> ListedProfile<'a> {
        ListedProfile {
            id,
            name,
            login_url,
            ..ListedProfile::default()
        }
    }

    #[test]
    fn rows_show_environment_and_token_state() {
        let mut dev = listed("3", "Dev", "login.salesforce.com");
        dev.token = Some(ListedToken {
            issued_at_ms: Some(NOW - 3 * 3_600_000 - 5),
            has_refresh_token: true,
            instance_url: Some("https://acme-dev-ed.develop.my.salesforce.com"),
        });
        let rows = profile_rows(
            &[
                listed("1", "Prod", "login.salesforce.com"),
                listed("2", "uat", "acme--uat.sandbox.my.salesforce.com"),
                dev,
                listed("4", "", "http://nope"),
            ],
            NOW,
        );
        let names: Vec<_> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["(unnamed)", "Dev", "Prod", "uat"]);
        let prod = &rows[2];
        assert_eq!(
            (prod.environment, prod.production, prod.mark.label),
            ("production", true, "PRODUCTION")
        );
        assert_eq!(
            (prod.token_kind, prod.token_label.as_str()),
            ("none", "No token")
        );
        let dev = &rows[1];
        assert_eq!((dev.environment, dev.production), ("developer", false));
        assert_eq!(dev.token_label, "Token 3 h old · refresh token");
        assert_eq!(rows[3].host, "acme--uat.sandbox.my.salesforce.com");
        assert_eq!(
            (rows[0].environment, rows[0].host.as_str()),
            ("unknown", "http://nope")
        );
    }

    #[test]
    fn ages_are_short() {
        assert_eq!(short_age(0), "just issued");
        assert_eq!(short_age(12 * 60_000), "12 min old");
        assert_eq!(short_age(47 * 3_600_000), "47 h old");
        assert_eq!(short_age(5 * 86_400_000), "5 d old");
        let token = ListedToken {
            issued_at_ms: Some(NOW + 1000),
            ..ListedToken::default()
        };
        assert_eq!(
            token_label(token, NOW),
            "Token just issued · no refresh token"
        );
    }

    #[test]
    fn search_matches_every_word_in_name_host_or_environment() {
        let rows = profile_rows(
            &[
                listed("a", "Acme prod", "acme.my.salesforce.com"),
                listed("b", "Beta UAT", "beta--uat.sandbox.my.salesforce.com"),
                listed("c", "Gamma", "test.salesforce.com"),
                listed("d", "My acme copy", "login.salesforce.com"),
            ],
            NOW,
        );
        let search = |q: &str| -> Vec<&str> {
            search_profiles(q, rows.iter().map(|r| r.search_text.as_str()))
                .into_iter()
                .map(|i| rows[i].id.as_str())
                .collect()
        };
        assert_eq!(search(""), ["a", "b", "c", "d"]);
        assert_eq!(search("SANDBOX"), ["b", "c"]);
        assert_eq!(search("acme"), ["a", "d"]);
        assert_eq!(search("copy acme"), ["d"]);
        assert_eq!(search("production"), ["a", "d"]);
        assert_eq!(search("beta--uat"), ["b"]);
        assert_eq!(search("zzz"), Vec::<&str>::new());
        // A name that starts with the first word comes first.
        assert_eq!(search("my"), ["d", "a", "b"]);
    }
}
