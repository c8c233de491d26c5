//! How old a token is, and why that is all sftoken can say without asking
//! Salesforce: the token response has no `expires_in`; the access token
//! lives as long as the session timeout — two hours by default, changed by
//! the app's own session policy or the profile / org Session Settings
//! (docs/salesforce.md#lifetimes).

use crate::token::lifecycle::duration_text;

/// Salesforce's default session timeout (docs/salesforce.md#lifetimes).
pub const DEFAULT_SESSION_TIMEOUT_MS: u64 = 2 * 60 * 60 * 1000;

/// What the UI shows about a token's age.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenAge {
    /// "Issued 12 min ago."
    pub message: String,
    /// Why the expiry is unknown, and what to do.
    pub hint: &'static str,
}

const HINT: &str = "Salesforce returns no expiry with an access token (no expires_in): the session timeout \
     decides — 2 hours by default; the app's session policy or the user's profile settings can change it. \
     \"Still valid?\" asks Salesforce (introspection) and a test call proves it.";
const HINT_OLD: &str =
    "It is older than Salesforce's default 2-hour session timeout, so it has probably \
     expired unless your org's timeout is longer. Refresh it, or log in again.";

/// Describes the age of a token issued at `issued_at_ms` (None: unknown).
pub fn describe_token_age(issued_at_ms: Option<u64>, now_ms: u64) -> TokenAge {
    let Some(issued_at) = issued_at_ms else {
        return TokenAge {
            message: "Issue time unknown.".to_owned(),
            hint: HINT,
        };
    };
    let age = now_ms.saturating_sub(issued_at);
    let message = if age < 60_000 {
        "Issued just now.".to_owned()
    } else {
        format!("Issued {} ago.", duration_text(age))
    };
    TokenAge {
        message,
        hint: if age >= DEFAULT_SESSION_TIMEOUT_MS {
            HINT_OLD
        } else {
            HINT
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages() {
        let now = 1_700_000_000_000;
        let age = |issued| describe_token_age(issued, now);
        assert_eq!(age(Some(now - 12 * 60_000)).message, "Issued 12 min ago.");
        assert!(age(Some(now - 12 * 60_000))
            .hint
            .contains("2 hours by default"));
        assert_eq!(age(Some(now)).message, "Issued just now.");
        assert_eq!(age(Some(now + 5_000)).message, "Issued just now.");
        let old = age(Some(now - 3 * 3_600_000));
        assert_eq!(old.message, "Issued 3 h ago.");
        assert!(old.hint.contains("probably"));
        assert_eq!(age(None).message, "Issue time unknown.");
        assert_eq!(age(Some(0)).message, "Issued 19675 d 22 h ago.");
    }
}
