//! The error catalogue: Salesforce's terse `error` / `error_description`
//! turned into what a Salesforce admin needs — what happened, and what to
//! change. Sources are in docs/salesforce.md#errors (token endpoint) and docs/salesforce.md#app-access (authorize).
//!
//! Matching is case-insensitive and, for descriptions, by substring, because
//! Salesforce's wording varies in case (`IP restricted…` / `ip restricted…`)
//! and sometimes gains a prefix. Texts are constants (`&'static str`); only
//! the fallback for unknown errors builds a string, to quote Salesforce's own
//! words.
//!
//! `retry_same_code` follows the rule in [`crate::SfError`]: true only when
//! Salesforce rejected the request before spending the authorization code
//! (client identification, unsupported grant, transient server trouble).

use serde::Serialize;
use std::borrow::Cow;

/// An error explained for a Salesforce admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// Stable identifier of the cause, e.g. `authorization_code_expired`.
    pub code: &'static str,
    /// What happened, in plain words.
    pub message: Cow<'static, str>,
    /// What to change.
    pub hint: &'static str,
    /// Whether a captured authorization code may still be retried.
    pub retry_same_code: bool,
}

const LOGIN_HISTORY: &str = "Setup → Login History shows the real reason for the failed login.";

fn entry(
    code: &'static str,
    message: &'static str,
    hint: &'static str,
    retry: bool,
) -> Explanation {
    Explanation {
        code,
        message: Cow::Borrowed(message),
        hint,
        retry_same_code: retry,
    }
}

/// Which request the error answered, when the caller knows: some causes
/// (and so some advice) belong to one grant only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Context {
    /// Not known (the authorize redirect, `explainError` without a grant).
    #[default]
    Unknown,
    /// Exchanging an authorization code (web-server flow).
    AuthorizationCode,
    /// Refreshing with a refresh token.
    RefreshToken,
    /// The JWT bearer grant.
    JwtBearer,
    /// Any other token request (password, client credentials, device).
    OtherGrant,
}

impl Context {
    /// The context of a token request by its `grant_type` as Salesforce
    /// spells it (`authorization_code`, `refresh_token`,
    /// `urn:ietf:params:oauth:grant-type:jwt-bearer`, …); empty: unknown.
    pub fn from_grant_type(grant_type: &str) -> Context {
        match grant_type.trim() {
            "" => Context::Unknown,
            "authorization_code" => Context::AuthorizationCode,
            "refresh_token" => Context::RefreshToken,
            "urn:ietf:params:oauth:grant-type:jwt-bearer" => Context::JwtBearer,
            _ => Context::OtherGrant,
        }
    }
}

/// Explains a Salesforce OAuth error. Never fails: unknown errors get a
/// generic explanation that quotes Salesforce and points to Login History.
pub fn explain(error: &str, error_description: Option<&str>) -> Explanation {
    explain_in(error, error_description, Context::Unknown)
}

/// [`explain`], for an answer to a known kind of request: e.g.
/// `invalid_client` on a refresh names "Require Secret for Refresh Token
/// Flow", the setting that applies there.
pub fn explain_in(error: &str, error_description: Option<&str>, context: Context) -> Explanation {
    let error_lc = error.trim().to_ascii_lowercase();
    let description = error_description.unwrap_or_default().to_ascii_lowercase();
    let says = |needle: &str| description.contains(needle);

    match error_lc.as_str() {
        "invalid_grant" => explain_invalid_grant(&says),
        "invalid_client_id" => entry(
            "invalid_client_id",
            "Salesforce does not know this consumer key (client_id) on this login host.",
            "Check the Consumer Key (Setup → App Manager → View → Manage Consumer Details) and that you log in \
             on the org — production vs sandbox — where the app lives. A newly created or changed app can take \
             up to 10 minutes to work: wait, then try again.",
            true,
        ),
        "invalid_client" | "invalid_client_credentials" => invalid_client(context),
        "redirect_uri_mismatch" => entry(
            "redirect_uri_mismatch",
            "The redirect URI sent does not exactly match any Callback URL of the app.",
            "Add the exact redirect URI this extension sent to the app's Callback URL list — same scheme, host, \
             path and trailing slash — then save and wait a few minutes for the change to apply.",
            false,
        ),
        "redirect_uri_missing" => entry(
            "redirect_uri_missing",
            "The request did not include a redirect URI.",
            "Enter the app's Callback URL as the redirect URI.",
            false,
        ),
        "unsupported_grant_type" => entry(
            "unsupported_grant_type",
            "Salesforce does not support this grant type for this app or request.",
            "Check that the flow is enabled on the app (username-password: allowed for the app and the org; \
             device: \"Enable for Device Flow\"; client credentials: enabled with a Run As user), and that \
             the request goes to https:// (an http→https redirect turns the POST into a GET); then try again.",
            true,
        ),
        "invalid_request" => explain_invalid_request(&says),
        "access_denied" | "access-denied" => entry(
            "access_denied",
            "The login was cancelled: the user clicked Deny (or closed the approval page).",
            "Start again and click Allow on the approval page.",
            false,
        ),
        "oauth_app_blocked" => entry(
            "oauth_app_blocked",
            "The org blocks this app: it is blocked by an admin, or API Access Control only allows installed, \
             approved apps.",
            "In Setup → Connected Apps OAuth Usage, install/unblock the app, and give users access through \
             their profile or a permission set.",
            false,
        ),
        "oauth_app_access_denied" => entry(
            "oauth_app_access_denied",
            "Access to this app was denied, by the user or by the app's IP restrictions.",
            "Check the app's IP Relaxation policy and the user's profile Login IP Ranges, then try again.",
            false,
        ),
        "oauth_ec_app_not_found" => entry(
            "oauth_ec_app_not_found",
            "The External Client App is not installed in this org (often after a sandbox refresh).",
            "Install or re-deploy the External Client App in the org you log in to, or log in to the org \
             where it lives.",
            false,
        ),
        "oauth_approval_error_generic" => {
            let mut e = entry(
                "oauth_approval_error_generic",
                "Salesforce showed its generic approval error page.",
                "The real reason is in the error page's URL (error_description), often invalid_scope or an \
                 uninstalled app; since Sept 2025 uninstalled apps need the \"Approve Uninstalled Connected \
                 Apps\" permission. Setup → Login History also shows it.",
                false,
            );
            if let Some(words) = error_description.map(str::trim).filter(|d| !d.is_empty()) {
                e.message = Cow::Owned(format!(
                    "Salesforce showed its generic approval error page: \"{}\".",
                    quote(words)
                ));
            }
            e
        }
        "invalid_scope" => entry(
            "invalid_scope",
            "A requested scope is not allowed for this app.",
            "Compare the profile's Scopes with the OAuth scopes selected in the app (Setup → App Manager or \
             External Client App Manager → OAuth Settings): remove the extra scope from the profile's Scopes \
             (e.g. keep api refresh_token), or add it to the app; then log in again.",
            false,
        ),
        "inactive_user" => inactive_user(),
        "inactive_org" => entry(
            "inactive_org",
            "The org is locked, closed or suspended.",
            "Log in to an active org; contact Salesforce or your admin about this one.",
            false,
        ),
        "rate_limit_exceeded" => entry(
            "rate_limit_exceeded",
            "Too many logins in a short time for this user.",
            "Wait a while, then try again.",
            true,
        ),
        "immediate_unsuccessful" => entry(
            "immediate_unsuccessful",
            "Salesforce could not log in silently: the user is not logged in or has not approved the app yet.",
            "Log in again without the immediate option.",
            false,
        ),
        "unsupported_response_type" => entry(
            "unsupported_response_type",
            "Salesforce does not accept the requested response type.",
            "This extension uses response_type=code; make sure the app allows the web-server flow.",
            false,
        ),
        "invalid_app_access" => entry(
            "invalid_app_access",
            "The user is not admin-approved to use this app.",
            "The app uses \"Admin approved users are pre-authorized\": assign the app to the user's profile \
             or a permission set.",
            false,
        ),
        "authorization_pending" => entry(
            "authorization_pending",
            "The person has not approved the device login yet.",
            "Open the verification page, enter the code shown and click Allow; sftoken keeps checking.",
            false,
        ),
        "slow_down" => entry(
            "slow_down",
            "Salesforce asked sftoken to check for the device approval less often.",
            "Nothing to change: sftoken waits 5 seconds longer between checks.",
            false,
        ),
        "server_error" | "temporarily_unavailable" => entry(
            "server_error",
            "Salesforce reported a temporary server problem.",
            "Wait a moment, then try again; check status.salesforce.com if it persists.",
            true,
        ),
        // Temporary by its own words ("retry your request").
        "unknown_error" => transient(),
        // Revoke and introspection answers (Mobile SDK guide "Revoking OAuth
        // Tokens": HTTP 400 with one of these two).
        "invalid_token" => entry(
            "invalid_token",
            "Salesforce says the token is invalid: it is already revoked or expired.",
            "Nothing is left to revoke at Salesforce, so it is safe to forget the token locally (\"Forget \
             locally anyway\"). Log in again for a new token.",
            false,
        ),
        "unsupported_token_type" => entry(
            "invalid_token",
            "Salesforce does not take this as a token it can act on (unsupported_token_type): it is \
             already revoked or expired, or not a Salesforce access or refresh token.",
            "Nothing is left to revoke at Salesforce, so it is safe to forget the token locally (\"Forget \
             locally anyway\"). Log in again for a new token.",
            false,
        ),
        _ => unknown(error, error_description),
    }
}

/// `invalid_client`: the consumer secret. Which app setting requires it
/// depends on the grant: "Require Secret for Web Server Flow" for a code
/// exchange, "Require Secret for Refresh Token Flow" — a separate setting —
/// for a refresh. Salesforce rejects the client before it looks at the code,
/// so the code is still good: try again once the secret is fixed.
fn invalid_client(context: Context) -> Explanation {
    match context {
        Context::RefreshToken => entry(
            "invalid_client",
            "Salesforce rejected the client credentials of the refresh: the app requires the consumer \
             secret to refresh (\"Require Secret for Refresh Token Flow\", a separate setting from \
             \"Require Secret for Web Server Flow\"), and the secret is missing or wrong.",
            "Either turn off \"Require Secret for Refresh Token Flow\" in the app's OAuth settings (a public \
             client such as sftoken without a secret), or put the Consumer Secret in the profile's \
             \"Consumer secret\" (copy it again if it was rotated); then try again.",
            true,
        ),
        _ => entry(
            "invalid_client",
            "Salesforce rejected the client credentials: the consumer secret is wrong or missing.",
            "Copy the Consumer Secret again (it may have been rotated), or, if you left it empty, either \
             enter it or turn off \"Require Secret for Web Server Flow\" in the app and use PKCE; then try \
             again (for a refresh, the setting is \"Require Secret for Refresh Token Flow\").",
            true,
        ),
    }
}

/// `unknown_error` / `retry your request`, and other answers Salesforce
/// itself calls temporary.
fn transient() -> Explanation {
    entry(
        "salesforce_transient_error",
        "Salesforce had a temporary problem and asked to retry the request.",
        "This is temporary: wait a moment, then try again. If it keeps happening, check \
         status.salesforce.com.",
        true,
    )
}

fn explain_invalid_grant(says: &dyn Fn(&str) -> bool) -> Explanation {
    if says("already being processed") {
        // Since 2024 Salesforce refuses a token request that overlaps another
        // one for the same code or refresh token (e.g. two refreshes at once)
        // instead of answering both. The first request may still be running,
        // so the code may still work.
        entry(
            "token_request_in_progress",
            "Salesforce is still processing another request for this same code or refresh token (two \
             token requests overlapped).",
            "This is temporary: wait a moment, then try again — once, not in parallel.",
            true,
        )
    } else if says("retry your request") {
        transient()
    } else if says("expired authorization code") || says("invalid authorization code") {
        entry(
            "authorization_code_expired",
            "The authorization code is no longer valid: codes work only once and expire 15 minutes after login.",
            "Log in again to get a fresh code, and exchange it only once. (JWT bearer: the assertion's exp \
             has passed — check the computer's clock.)",
            false,
        )
    } else if says("code verifier") || says("code_verifier") {
        entry(
            "invalid_code_verifier",
            "The PKCE code verifier does not match the challenge sent when logging in.",
            "Log in again and exchange the code with the verifier from that same login (not an older one).",
            false,
        )
    } else if says("expired access/refresh token") || says("expired refresh token") {
        entry(
            "refresh_token_expired",
            "The refresh token no longer works: it was revoked (or its session removed in Session \
             Management), expired by the app's refresh token policy, replaced by rotation (reusing an old \
             rotated token also revokes the newest one), or pushed out by the limit of 5 approvals per user \
             and app.",
            "Log in again to get a new refresh token; with rotation on, always keep the newest one.",
            false,
        )
    } else if says("ip restricted") || says("invalid login hours") {
        entry(
            "ip_restricted",
            "Salesforce refused the login because of the user's IP range or login hours.",
            "Log in from an allowed network or within login hours, or relax the app's IP policy \
             (IP Relaxation) or the profile's Login IP Ranges.",
            false,
        )
    } else if says("invalid user credentials") {
        entry(
            "invalid_user_credentials",
            "Salesforce rejected the username or password.",
            "Check the username and password, and append the user's current security token to the password \
             unless the login IP is trusted. Setup → Login History shows the real reason.",
            false,
        )
    } else if says("hasn't approved this consumer") || says("has not approved this consumer") {
        entry(
            "user_not_approved",
            "The user has not approved this app, and the app is not pre-authorized for them.",
            "Pre-authorize the user: in the app's policies choose \"Admin approved users are pre-authorized\" \
             and add the user's profile or a permission set, or approve the app once by logging in through \
             the browser. Also check the login URL and the JWT audience match the org (production: \
             login.salesforce.com, sandbox: test.salesforce.com).",
            false,
        )
    } else if says("audience") {
        entry(
            "invalid_audience",
            "Salesforce rejected the JWT's audience (aud): it does not match this org's login host.",
            "Use https://login.salesforce.com as audience for production, https://test.salesforce.com for \
             a sandbox (or the Experience Cloud site URL): pick the login URL that matches the org.",
            false,
        )
    } else if says("invalid assertion") {
        entry(
            "invalid_assertion",
            "Salesforce rejected the signed JWT assertion: its signature does not verify with the \
             certificate uploaded to the app, or it is malformed or expired.",
            "Upload the certificate that belongs to this private key to the app (\"Use digital \
             signatures\") — no certificate, or one from another key, gives this error. Also check the \
             consumer key (iss), the username (sub) and the computer's clock (exp).",
            false,
        )
    } else if says("not supported on this domain") {
        entry(
            "wrong_domain_for_flow",
            "Salesforce runs the client credentials flow only on the org's My Domain, not on \
             login.salesforce.com or test.salesforce.com (\"request not supported on this domain\").",
            "Use the org's My Domain login URL, e.g. https://acme.my.salesforce.com, or for a sandbox \
             https://acme--uat.sandbox.my.salesforce.com.",
            false,
        )
    } else if says("inactive user") || says("user is inactive") {
        inactive_user()
    } else if says("no client credentials user") {
        entry(
            "no_run_as_user",
            "The app has no Run As user for the client credentials flow.",
            "In the app's policies, enable the client credentials flow and set a Run As (execution) user \
             with the API Only permission.",
            false,
        )
    } else if says("authentication failure") {
        entry(
            "authentication_failure",
            "Salesforce refused the token request (authentication failure).",
            "Username-password flow: check the password and append the user's current security token \
             (resetting the password changes it) unless the IP is trusted; orgs created in Summer '23 or \
             later block the flow (\"Block Authorization Flows\"; Login History then says \
             \"Username-Password Flow Disabled\"). Web-server login: the redirect URI must be exactly the \
             one used to log in; log in again. Either way, use the right host (production vs sandbox). Setup → Login \
             History shows the real reason.",
            false,
        )
    } else {
        entry(
            "invalid_grant",
            "Salesforce rejected the grant (the code, token or credentials).",
            "Log in again: a rejected code or refresh token does not work a second time. Setup → Login \
             History shows the real reason for the failed login.",
            false,
        )
    }
}

fn explain_invalid_request(says: &dyn Fn(&str) -> bool) -> Explanation {
    if says("missing required code challenge") {
        entry(
            "pkce_required",
            "The app or org requires PKCE, but the login request had no code challenge.",
            "Turn PKCE on and log in again.",
            false,
        )
    } else if says("code challenge") || says("code_challenge") {
        entry(
            "invalid_code_challenge",
            "Salesforce rejected the PKCE code challenge.",
            "Log in again with PKCE on; the challenge must be the S256 hash of the verifier.",
            false,
        )
    } else if says("https required") {
        entry(
            "https_required",
            "Salesforce requires HTTPS for OAuth.",
            "Use an https:// login URL.",
            false,
        )
    } else if says("must use http post") || says("must use http get") {
        entry(
            "wrong_http_method",
            "The request used the wrong HTTP method.",
            "Use https:// so no redirect changes the method, and report this as a bug if it persists.",
            true,
        )
    } else if says("out-of-band") {
        entry(
            "out_of_band_not_supported",
            "Salesforce does not support out-of-band redirect URIs.",
            "Use a real Callback URL as the redirect URI.",
            false,
        )
    } else {
        entry(
            "invalid_request",
            "Salesforce says the request is missing a parameter or has an invalid one.",
            "Check the consumer key, redirect URI and options, then log in again.",
            false,
        )
    }
}

fn inactive_user() -> Explanation {
    entry(
        "inactive_user",
        "The user is inactive or frozen.",
        "Log in as an active user, or ask an admin to reactivate or unfreeze this one (for client \
         credentials: the app's Run As user).",
        false,
    )
}

/// Longest piece of Salesforce text quoted back, so a huge or hostile value
/// cannot flood the UI.
const MAX_QUOTE: usize = 200;

fn quote(text: &str) -> &str {
    let mut end = text.len().min(MAX_QUOTE);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.get(..end).unwrap_or_default()
}

fn unknown(error: &str, error_description: Option<&str>) -> Explanation {
    let message = match error_description.filter(|d| !d.trim().is_empty()) {
        Some(description) => format!(
            "Salesforce refused with \"{}\": {}",
            quote(error.trim()),
            quote(description.trim())
        ),
        None => format!("Salesforce refused with \"{}\".", quote(error.trim())),
    };
    Explanation {
        code: "salesforce_error",
        message: Cow::Owned(message),
        hint: LOGIN_HISTORY,
        retry_same_code: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every error of docs/salesforce.md#errors that applies to the web-server flow or the
    /// authorize step, with the code it must map to.
    const CATALOGUE: &[(&str, &str, &str)] = &[
        (
            "invalid_grant",
            "authentication failure",
            "authentication_failure",
        ),
        (
            "invalid_grant",
            "expired access/refresh token",
            "refresh_token_expired",
        ),
        (
            "invalid_grant",
            "expired authorization code",
            "authorization_code_expired",
        ),
        (
            "invalid_grant",
            "invalid authorization code",
            "authorization_code_expired",
        ),
        (
            "invalid_grant",
            "IP restricted or invalid login hours",
            "ip_restricted",
        ),
        (
            "invalid_grant",
            "ip restricted or invalid login hours",
            "ip_restricted",
        ),
        (
            "invalid_grant",
            "invalid user credentials",
            "invalid_user_credentials",
        ),
        ("invalid_grant", "inactive user", "inactive_user"),
        (
            "invalid_grant",
            "user hasn't approved this consumer",
            "user_not_approved",
        ),
        ("invalid_grant", "invalid assertion", "invalid_assertion"),
        (
            "invalid_grant",
            "Audience validation failed",
            "invalid_audience",
        ),
        ("invalid_grant", "audience is invalid", "invalid_audience"),
        (
            "invalid_grant",
            "no client credentials user enabled",
            "no_run_as_user",
        ),
        (
            "invalid_grant",
            "request not supported on this domain",
            "wrong_domain_for_flow",
        ),
        (
            "invalid_grant",
            "invalid code verifier",
            "invalid_code_verifier",
        ),
        ("invalid_grant", "something new", "invalid_grant"),
        ("inactive_user", "user is inactive", "inactive_user"),
        (
            "inactive_org",
            "org is locked, closed, or suspended",
            "inactive_org",
        ),
        (
            "invalid_client_id",
            "client identifier invalid",
            "invalid_client_id",
        ),
        (
            "invalid_client",
            "invalid client credentials",
            "invalid_client",
        ),
        (
            "invalid_client_credentials",
            "client secret invalid",
            "invalid_client",
        ),
        (
            "unsupported_grant_type",
            "grant type not supported",
            "unsupported_grant_type",
        ),
        (
            "invalid_request",
            "grant type is missing",
            "invalid_request",
        ),
        (
            "invalid_request",
            "missing required code challenge",
            "pkce_required",
        ),
        (
            "invalid_request",
            "invalid code challenge",
            "invalid_code_challenge",
        ),
        ("invalid_request", "HTTPS required", "https_required"),
        ("invalid_request", "must use HTTP POST", "wrong_http_method"),
        ("invalid_request", "must use HTTP GET", "wrong_http_method"),
        (
            "invalid_request",
            "out-of-band not supported",
            "out_of_band_not_supported",
        ),
        (
            "invalid_app_access",
            "user is not admin approved to access this app",
            "invalid_app_access",
        ),
        (
            "redirect_uri_mismatch",
            "redirect_uri must match configuration",
            "redirect_uri_mismatch",
        ),
        ("redirect_uri_missing", "", "redirect_uri_missing"),
        (
            "OAUTH_APP_BLOCKED",
            "this app is blocked by admin",
            "oauth_app_blocked",
        ),
        ("OAUTH_APP_ACCESS_DENIED", "", "oauth_app_access_denied"),
        (
            "OAUTH_EC_APP_NOT_FOUND",
            "External client app is not installed in this org",
            "oauth_ec_app_not_found",
        ),
        (
            "OAUTH_APPROVAL_ERROR_GENERIC",
            "",
            "oauth_approval_error_generic",
        ),
        (
            "access_denied",
            "end-user denied authorization",
            "access_denied",
        ),
        (
            "access-denied",
            "end-user denied authorization",
            "access_denied",
        ),
        (
            "invalid_scope",
            "the requested scope is not allowed",
            "invalid_scope",
        ),
        (
            "rate_limit_exceeded",
            "number of logins exceeded",
            "rate_limit_exceeded",
        ),
        ("immediate_unsuccessful", "", "immediate_unsuccessful"),
        ("unsupported_response_type", "", "unsupported_response_type"),
        ("server_error", "", "server_error"),
        ("temporarily_unavailable", "", "server_error"),
        ("unsupported_token_type", "", "invalid_token"),
        (
            "invalid_grant",
            "token request is already being processed",
            "token_request_in_progress",
        ),
        (
            "unknown_error",
            "retry your request",
            "salesforce_transient_error",
        ),
        ("invalid_token", "", "invalid_token"),
        // Device flow (docs/salesforce.md#grants poll; RFC 8628 §3.5).
        (
            "authorization_pending",
            "authorization pending",
            "authorization_pending",
        ),
        ("slow_down", "polling too frequently", "slow_down"),
    ];

    #[test]
    fn every_listed_error_has_its_own_explanation() {
        for (error, description, code) in CATALOGUE {
            let e = explain(error, Some(description));
            assert_eq!(e.code, *code, "{error} / {description}");
            assert_ne!(e.code, "salesforce_error");
            assert!(!e.message.is_empty() && !e.hint.is_empty());
        }
    }

    /// The errors the non-web-server grants can return (docs/salesforce.md#errors), and
    /// what their explanation must mention.
    const GRANT_ERRORS: &[(&str, &str, &[&str])] = &[
        (
            "invalid_grant",
            "authentication failure",
            &[
                "security token",
                "password",
                "Summer '23",
                "Block Authorization Flows",
                "Username-Password Flow Disabled",
                "sandbox",
                "Login History",
            ],
        ),
        (
            "invalid_grant",
            "expired access/refresh token",
            &["Log in again", "revoked", "policy", "rotat", "5 approvals"],
        ),
        (
            "invalid_grant",
            "request not supported on this domain",
            &[
                "My Domain",
                "login.salesforce.com",
                "sandbox.my.salesforce.com",
            ],
        ),
        (
            "invalid_grant",
            "no client credentials user enabled",
            &["Run As", "API Only"],
        ),
        (
            "invalid_grant",
            "user hasn't approved this consumer",
            &["pre-authorized", "permission set", "browser", "sandbox"],
        ),
        (
            "invalid_grant",
            "invalid assertion",
            &["certificate", "private key", "clock"],
        ),
        (
            "invalid_grant",
            "audience is invalid",
            &["test.salesforce.com"],
        ),
        ("invalid_grant", "inactive user", &["active"]),
        ("inactive_user", "user is inactive", &["active"]),
        (
            "invalid_grant",
            "invalid user credentials",
            &["security token"],
        ),
        ("authorization_pending", "", &["Allow"]),
        ("slow_down", "", &["less often"]),
        ("access_denied", "end-user denied authorization", &["Deny"]),
        (
            "unsupported_grant_type",
            "grant type not supported",
            &["Enable for Device Flow"],
        ),
    ];

    #[test]
    fn grant_errors_name_their_causes() {
        for (error, description, needles) in GRANT_ERRORS {
            let e = explain(error, Some(description));
            assert_ne!(e.code, "salesforce_error", "{error} / {description}");
            assert!(!e.message.is_empty() && !e.hint.is_empty());
            let text = [&*e.message, " ", e.hint].concat();
            for needle in *needles {
                assert!(
                    text.contains(needle),
                    "{error} / {description}: no {needle:?} in {text}"
                );
            }
        }
    }

    #[test]
    fn retry_rules() {
        assert!(explain("invalid_client_id", None).retry_same_code);
        assert!(explain("invalid_client", None).retry_same_code);
        assert!(explain("server_error", None).retry_same_code);
        assert!(!explain("invalid_grant", Some("expired authorization code")).retry_same_code);
        assert!(!explain("invalid_grant", Some("authentication failure")).retry_same_code);
        assert!(!explain("access_denied", None).retry_same_code);
    }

    #[test]
    fn hints_say_what_to_change() {
        assert!(explain("invalid_client_id", None)
            .hint
            .contains("10 minutes"));
        assert!(explain("redirect_uri_mismatch", None)
            .hint
            .contains("trailing slash"));
        assert!(
            explain("invalid_request", Some("missing required code challenge"))
                .hint
                .contains("PKCE")
        );
        assert!(explain("invalid_grant", Some("authentication failure"))
            .hint
            .contains("Login History"));
    }

    #[test]
    fn transient_errors_say_retry_in_a_moment() {
        for (error, description, code) in [
            (
                "invalid_grant",
                "token request is already being processed",
                "token_request_in_progress",
            ),
            (
                "unknown_error",
                "retry your request",
                "salesforce_transient_error",
            ),
            (
                "invalid_grant",
                "retry your request",
                "salesforce_transient_error",
            ),
        ] {
            for context in [
                Context::Unknown,
                Context::AuthorizationCode,
                Context::RefreshToken,
            ] {
                let e = explain_in(error, Some(description), context);
                assert_eq!(e.code, code, "{error} / {description}");
                assert!(e.retry_same_code, "{error} / {description}");
                let text = [&*e.message, " ", e.hint].concat();
                assert!(
                    text.contains("temporary") && text.contains("try again"),
                    "{text}"
                );
                assert!(!text.contains("Login History"), "{text}");
            }
        }
    }

    #[test]
    fn refresh_secret_is_its_own_setting() {
        let refresh = explain_in(
            "invalid_client",
            Some("invalid client credentials"),
            Context::RefreshToken,
        );
        assert_eq!(refresh.code, "invalid_client");
        let text = [&*refresh.message, " ", refresh.hint].concat();
        assert!(
            text.contains("Require Secret for Refresh Token Flow"),
            "{text}"
        );
        assert!(refresh.hint.contains("turn off") && refresh.hint.contains("Consumer secret"));
        let code = explain_in(
            "invalid_client",
            Some("invalid client credentials"),
            Context::AuthorizationCode,
        );
        assert!(code.hint.contains("Require Secret for Web Server Flow"));
        assert_eq!(
            Context::from_grant_type("refresh_token"),
            Context::RefreshToken
        );
        assert_eq!(
            Context::from_grant_type("authorization_code"),
            Context::AuthorizationCode
        );
        assert_eq!(
            Context::from_grant_type("urn:ietf:params:oauth:grant-type:jwt-bearer"),
            Context::JwtBearer
        );
        assert_eq!(Context::from_grant_type("password"), Context::OtherGrant);
        assert_eq!(Context::from_grant_type(" "), Context::Unknown);
    }

    /// Whether a failed code exchange leaves the code usable is undocumented
    /// (docs/salesforce.md): errors Salesforce returns before it looks at the
    /// code keep it ("try again"), anything that says the code is gone does
    /// not ("log in again"). The text must agree with `retry_same_code`.
    #[test]
    fn code_exchange_texts_agree_with_the_retry_flag() {
        const CASES: &[(&str, &str, bool)] = &[
            ("invalid_client", "invalid client credentials", true),
            ("invalid_client_credentials", "client secret invalid", true),
            ("invalid_client_id", "client identifier invalid", true),
            ("unsupported_grant_type", "grant type not supported", true),
            (
                "invalid_grant",
                "token request is already being processed",
                true,
            ),
            ("unknown_error", "retry your request", true),
            ("server_error", "", true),
            ("temporarily_unavailable", "", true),
            ("rate_limit_exceeded", "", true),
            ("invalid_grant", "expired authorization code", false),
            ("invalid_grant", "invalid authorization code", false),
            ("invalid_grant", "invalid code verifier", false),
            ("invalid_grant", "authentication failure", false),
            ("invalid_grant", "something new", false),
            ("invalid_grant", "", false),
        ];
        for (error, description, retry) in CASES {
            let e = explain_in(error, Some(description), Context::AuthorizationCode);
            assert_eq!(e.retry_same_code, *retry, "{error} / {description}");
            let text = [&*e.message, " ", e.hint].concat().to_ascii_lowercase();
            if *retry {
                assert!(
                    text.contains("try again"),
                    "{error} / {description}: {text}"
                );
                assert!(
                    !text.contains("log in again"),
                    "{error} / {description}: {text}"
                );
            } else {
                assert!(
                    text.contains("log in again"),
                    "{error} / {description}: {text}"
                );
            }
        }
    }

    #[test]
    fn dead_tokens_are_safe_to_forget() {
        for error in ["invalid_token", "unsupported_token_type"] {
            let e = explain(error, Some("invalid token"));
            assert_eq!(e.code, "invalid_token");
            assert!(e.hint.contains("safe to forget") && e.hint.contains("Forget locally anyway"));
            assert!(!e.retry_same_code);
        }
        assert!(explain("invalid_token", None)
            .message
            .contains("already revoked or expired"));
    }

    #[test]
    fn error_page_reasons() {
        let generic = explain(
            "OAUTH_APPROVAL_ERROR_GENERIC",
            Some("An unexpected error occurred"),
        );
        assert!(generic.message.contains("An unexpected error occurred"));
        assert!(explain("invalid_scope", None)
            .hint
            .contains("profile's Scopes"));
        assert!(explain("OAUTH_APP_BLOCKED", None)
            .message
            .contains("API Access Control"));
        assert!(explain("OAUTH_EC_APP_NOT_FOUND", None)
            .message
            .contains("sandbox refresh"));
    }

    #[test]
    fn unknown_errors_quote_salesforce() {
        let e = explain("weird_error", Some("Something odd happened"));
        assert_eq!(e.code, "salesforce_error");
        assert!(e.message.contains("weird_error") && e.message.contains("Something odd happened"));
        assert!(e.hint.contains("Login History"));
        assert_eq!(explain("x", None).message, "Salesforce refused with \"x\".");
        let long = "é".repeat(500);
        assert!(explain(&long, Some(&long)).message.len() < 500);
    }
}
