//! Sharing profiles: the `profiles/1` file that "Export profiles" writes and "Import profiles" reads, and the
//! plan of an import (what will be added, what updated).
//!
//! ```json
//! {"sftoken": "profiles/1", "exportedAt": 1767225600000, "secrets": false,
//!  "profiles": [{"name": "Acme UAT", "flow": "web_server", "loginUrl": "acme--uat.sandbox.my.salesforce.com",
//!                "allowCustomDomain": false, "clientId": "3MVG9…", "redirectUri": "https://login.salesforce.com/",
//!                "scopes": "api refresh_token", "username": "", "certificatePem": null, "sessionOnly": false,
//!                "clientSecret": null, "privateKeyPem": null}]}
//! ```
//!
//! Decisions:
//! - **The schema is a string, `"sftoken": "profiles/N"`.** A file without it (or with another string) is not
//!   sftoken's; `profiles/2` and later are a newer sftoken's: both are refused, naming which, and never guessed at.
//!   The stored profiles carry the same stamp (extension/lib/store.js), so one number says what a profile is.
//! - **No secret unless asked.** Without "Include secrets" a profile's consumer secret and private key are left
//!   out (`null`); with it they are written in plain text, and [`export_summary`] says so in words. A password, a
//!   security token and a token are never exported: they belong to one person's session.
//! - **Matched by login host + consumer key.** An imported profile updates the existing profile whose normalised
//!   login host (with a site's path prefix) and consumer key are the same, and is added otherwise. Ids are local
//!   and never travel. Two profiles of the file with the same key make the plan ambiguous: the file is refused.
//! - **All or nothing.** Any bad entry refuses the whole file, naming the entry: the plan is only ever computed
//!   for a file that can be applied entirely. An update without a secret in the file keeps the stored one, and an
//!   update keeps the stored profile's "Keep secrets for this browser session only" (where its secrets live is
//!   that browser's choice, not the file's).

use crate::encoding::json::{JsonDecoder, Scalar};
use crate::error::SfError;
use crate::salesforce::fields::validate_client_id;
use crate::salesforce::flow::parse_flow;
use crate::salesforce::login_host::normalize_login_url;
use crate::secret::Secret;
use serde::Deserialize;

/// The schema this version writes and reads.
pub const PROFILES_SCHEMA: &str = "profiles/1";
/// The schema family: `profiles/` followed by the version number.
const SCHEMA_PREFIX: &str = "profiles/";
/// The version of [`PROFILES_SCHEMA`].
const SCHEMA_VERSION: u64 = 1;
/// More profiles than anyone keeps: a file with more is refused rather than frozen on.
pub const MAX_PROFILES: usize = 5000;

/// A profile as it travels in the file: everything but its local id, its token and its session secrets.
#[derive(Debug, Clone, Default)]
pub struct PortableProfile {
    pub name: String,
    /// `web_server`, `password`, `client_credentials`, `jwt_bearer` or `device`.
    pub flow: String,
    pub login_url: String,
    pub allow_custom_domain: bool,
    pub client_id: String,
    pub redirect_uri: String,
    pub scopes: String,
    pub username: String,
    /// The certificate "Generate key pair" made: public, travels always.
    pub certificate_pem: Option<String>,
    pub session_only: bool,
    /// Only with "Include secrets".
    pub client_secret: Option<Secret>,
    /// Only with "Include secrets".
    pub private_key_pem: Option<Secret>,
}

impl PartialEq for PortableProfile {
    /// Field by field; the secrets compared by value (tests and the import plan's "already the same").
    fn eq(&self, other: &Self) -> bool {
        let exposed = |s: &Option<Secret>| s.as_ref().map(|s| s.expose().to_owned());
        self.name == other.name
            && self.flow == other.flow
            && self.login_url == other.login_url
            && self.allow_custom_domain == other.allow_custom_domain
            && self.client_id == other.client_id
            && self.redirect_uri == other.redirect_uri
            && self.scopes == other.scopes
            && self.username == other.username
            && self.certificate_pem == other.certificate_pem
            && self.session_only == other.session_only
            && exposed(&self.client_secret) == exposed(&other.client_secret)
            && exposed(&self.private_key_pem) == exposed(&other.private_key_pem)
    }
}

/// What "Export profiles" writes: the profiles (secrets removed unless included), and what to tell the person.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfilesExport {
    pub profiles: Vec<PortableProfile>,
    /// Whether the file carries secrets (the file's `secrets` member).
    pub secrets: bool,
    /// The file name to offer.
    pub file_name: &'static str,
    /// What the file contains, in plain words.
    pub summary: String,
}

/// The profiles to export; with `include_secrets` false their consumer secrets and private keys are dropped.
pub fn export_profiles(profiles: Vec<PortableProfile>, include_secrets: bool) -> ProfilesExport {
    let profiles: Vec<PortableProfile> = profiles
        .into_iter()
        .map(|mut p| {
            let keep = |s: Option<Secret>| s.filter(|s| include_secrets && !s.is_empty());
            p.client_secret = keep(p.client_secret.take());
            p.private_key_pem = keep(p.private_key_pem.take());
            p
        })
        .collect();
    let summary = export_summary(&profiles, include_secrets);
    ProfilesExport {
        profiles,
        secrets: include_secrets,
        file_name: if include_secrets {
            "sftoken-profiles-WITH-SECRETS.json"
        } else {
            "sftoken-profiles.json"
        },
        summary,
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What the exported file holds, said plainly: with secrets, how many of which, in plain text.
pub fn export_summary(profiles: &[PortableProfile], include_secrets: bool) -> String {
    let count = plural(profiles.len(), "profile", "profiles");
    if !include_secrets {
        return format!(
            "{count}, without secrets: no consumer secret, private key, password or token is in the file."
        );
    }
    let secrets = profiles
        .iter()
        .filter(|p| p.client_secret.is_some())
        .count();
    let keys = profiles
        .iter()
        .filter(|p| p.private_key_pem.is_some())
        .count();
    format!(
        "{count} WITH SECRETS: the file holds {} and {} in plain text. Anyone who has this file can act as \
         these apps (and, with a private key, log in as its user): keep it like a password and delete it once \
         imported. Passwords, security tokens and tokens are never exported.",
        plural(secrets, "consumer secret", "consumer secrets"),
        plural(keys, "JWT private key", "JWT private keys"),
    )
}

// ---------------------------------------------------------------- reading a file

/// The file's head: read first, so that a foreign or newer file is told apart from a damaged one.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawHead {
    sftoken: Scalar,
}

/// The whole file. An entry that is not an object fails the decode, and the file is told damaged: one shape of
/// entry keeps the wasm module small (a lenient per-entry reader costs it several KB).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct RawDocument {
    profiles: Option<Vec<ProfileFields>>,
}

/// A profile object, read leniently (every member a [`Scalar`]): an entry of a profiles file, and a profile as the
/// extension stores it (its `id`, and the summary of its token the profile list reads). One reader for every profile
/// that crosses into the core keeps the wasm module small.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ProfileFields {
    pub id: Scalar,
    pub name: Scalar,
    pub flow: Scalar,
    pub login_url: Scalar,
    pub allow_custom_domain: Scalar,
    pub client_id: Scalar,
    pub redirect_uri: Scalar,
    pub scopes: Scalar,
    pub username: Scalar,
    pub certificate_pem: Scalar,
    pub session_only: Scalar,
    pub client_secret: Scalar,
    pub private_key_pem: Scalar,
    /// The profile list's summary of the stored token (never the token): whether there is one, when it was issued
    /// (ms), whether a refresh token is kept, and its instance URL.
    pub has_token: Scalar,
    pub token_issued_at: Scalar,
    pub has_refresh_token: Scalar,
    pub instance_url: Scalar,
}

/// A member's text as written (empty unless a string).
pub fn text_of(s: &Scalar) -> &str {
    match s {
        Scalar::Text(t) => t,
        _ => "",
    }
}

/// A member's flag (false unless `true`).
pub fn flag_of(s: &Scalar) -> bool {
    s.flag().unwrap_or(false)
}

impl ProfileFields {
    /// The profile as a file carries it, as stored (no check: a stored profile is exported as it is).
    pub fn portable(&self) -> PortableProfile {
        let secret = |s: &Scalar| Some(text_of(s)).filter(|t| !t.is_empty()).map(Secret::new);
        PortableProfile {
            name: text_of(&self.name).trim().to_owned(),
            flow: text_of(&self.flow).trim().to_owned(),
            login_url: text_of(&self.login_url).trim().to_owned(),
            allow_custom_domain: flag_of(&self.allow_custom_domain),
            client_id: text_of(&self.client_id).trim().to_owned(),
            redirect_uri: text_of(&self.redirect_uri).trim().to_owned(),
            scopes: text_of(&self.scopes).trim().to_owned(),
            username: text_of(&self.username).trim().to_owned(),
            certificate_pem: self.certificate_pem.text(),
            session_only: flag_of(&self.session_only),
            client_secret: secret(&self.client_secret),
            private_key_pem: secret(&self.private_key_pem),
        }
    }

    /// The stored profile as the import plan compares it (its secrets are never read).
    pub fn existing(&self) -> ExistingProfile {
        let p = self.portable();
        ExistingProfile {
            id: text_of(&self.id).to_owned(),
            name: p.name,
            flow: p.flow,
            login_url: p.login_url,
            allow_custom_domain: p.allow_custom_domain,
            client_id: p.client_id,
            redirect_uri: p.redirect_uri,
            scopes: p.scopes,
            username: p.username,
            certificate_pem: p.certificate_pem,
            session_only: p.session_only,
        }
    }
}

const HINT_EXPORT_AGAIN: &str =
    "Choose the file exactly as sftoken's \"Export profiles\" wrote it, or export the profiles again.";

fn damaged(message: impl Into<std::borrow::Cow<'static, str>>) -> SfError {
    SfError::new("profiles_file_damaged", message, HINT_EXPORT_AGAIN)
}

/// Reads a `profiles/1` file: every entry checked, nothing half-read. Errors: `profiles_file_empty`,
/// `profiles_file_damaged` (not JSON, or not the shape of the schema), `profiles_file_foreign` (no sftoken schema),
/// `profiles_file_newer` (a later schema), `profiles_file_invalid` (an entry that cannot be a profile, named).
pub fn read_profiles_file(
    json: &impl JsonDecoder,
    text: &str,
) -> Result<Vec<PortableProfile>, SfError> {
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return Err(SfError::new(
            "profiles_file_empty",
            "The file is empty.",
            HINT_EXPORT_AGAIN,
        ));
    }
    if !text.starts_with('{') {
        return Err(damaged(
            "This file is not an sftoken profiles file: it is not a JSON object (it may be damaged or another kind of file).",
        ));
    }
    let head: RawHead = json.decode(text).ok_or_else(|| {
        damaged("This file is damaged: it is not valid JSON (it may have been cut short or edited by hand).")
    })?;
    check_schema(&head.sftoken)?;
    let document: RawDocument = json.decode(text).unwrap_or_default();
    let entries = document.profiles.ok_or_else(|| {
        damaged(
            "This profiles file is damaged: its \"profiles\" member is missing or is not a list.",
        )
    })?;
    if entries.is_empty() {
        return Err(SfError::new(
            "profiles_file_empty",
            "The file holds no profiles.",
            HINT_EXPORT_AGAIN,
        ));
    }
    if entries.len() > MAX_PROFILES {
        return Err(damaged(format!(
            "The file holds {} profiles; sftoken reads at most {MAX_PROFILES}.",
            entries.len()
        )));
    }
    let profiles = entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| portable(i + 1, entry))
        .collect::<Result<Vec<_>, _>>()?;
    check_unique(&profiles)?;
    Ok(profiles)
}

fn check_schema(schema: &Scalar) -> Result<(), SfError> {
    let foreign = || {
        SfError::new(
            "profiles_file_foreign",
            "This is not an sftoken profiles file: it has no \"sftoken\": \"profiles/1\" member.",
            "Choose a file made with sftoken's \"Export profiles\".",
        )
    };
    let Some(name) = schema.text() else {
        return Err(foreign());
    };
    let version = name
        .strip_prefix(SCHEMA_PREFIX)
        .filter(|v| !v.is_empty() && v.len() <= 9 && v.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|v| v.parse::<u64>().ok())
        .ok_or_else(foreign)?;
    match version {
        SCHEMA_VERSION => Ok(()),
        newer if newer > SCHEMA_VERSION => Err(SfError::new(
            "profiles_file_newer",
            format!(
                "This profiles file was written by a newer sftoken (schema {SCHEMA_PREFIX}{newer}); this \
                 version reads {PROFILES_SCHEMA}."
            ),
            "Update sftoken, then import the file again.",
        )),
        _ => Err(foreign()),
    }
}

/// One entry of the file, checked: a login URL sftoken accepts, a consumer key, a known flow.
fn portable(number: usize, raw: ProfileFields) -> Result<PortableProfile, SfError> {
    let p = raw.portable();
    let name = p.name.clone();
    let which = if name.is_empty() {
        format!("Profile {number} in the file")
    } else {
        format!("Profile {number} (\"{}\") in the file", shorten(&name))
    };
    let invalid = |error: SfError| {
        SfError::new(
            "profiles_file_invalid",
            format!("{which}: {} Nothing was imported.", error.message),
            error.hint,
        )
    };
    normalize_login_url(&p.login_url, p.allow_custom_domain).map_err(invalid)?;
    validate_client_id(&p.client_id).map_err(invalid)?;
    let flow = parse_flow(&p.flow).map_err(invalid)?;
    Ok(PortableProfile {
        flow: flow.as_str().to_owned(),
        ..p
    })
}

fn shorten(name: &str) -> String {
    let mut short: String = name.chars().take(60).collect();
    if short.len() < name.len() {
        short.push('…');
    }
    short
}

/// The key profiles are matched by: the normalised login host with a site's path prefix, and the consumer key.
/// `None` for a login URL sftoken does not accept (a stored profile saved before a rule tightened).
pub fn match_key(login_url: &str, allow_custom_domain: bool, client_id: &str) -> Option<String> {
    let login = normalize_login_url(login_url, allow_custom_domain).ok()?;
    let client_id = validate_client_id(client_id).ok()?;
    Some(format!("{}{} {client_id}", login.host, login.path_prefix))
}

fn check_unique(profiles: &[PortableProfile]) -> Result<(), SfError> {
    let mut seen: Vec<(String, usize)> = Vec::with_capacity(profiles.len());
    for (i, p) in profiles.iter().enumerate() {
        let Some(key) = match_key(&p.login_url, p.allow_custom_domain, &p.client_id) else {
            continue;
        };
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            return Err(SfError::new(
                "profiles_file_invalid",
                format!(
                    "Profiles {} and {} in the file have the same login host and consumer key, so sftoken cannot \
                     tell which one to import. Nothing was imported.",
                    first + 1,
                    i + 1
                ),
                "Keep one of them in the file (profiles are matched by login host + consumer key).",
            ));
        }
        seen.push((key, i));
    }
    Ok(())
}

// ---------------------------------------------------------------- the plan of an import

/// A stored profile, as the plan needs it (no secret: an update without one in the file keeps the stored one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExistingProfile {
    pub id: String,
    pub name: String,
    pub flow: String,
    pub login_url: String,
    pub allow_custom_domain: bool,
    pub client_id: String,
    pub redirect_uri: String,
    pub scopes: String,
    pub username: String,
    pub certificate_pem: Option<String>,
    pub session_only: bool,
}

/// An existing profile the file updates.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfileUpdate {
    /// The stored profile's id (kept).
    pub id: String,
    /// Its name before the import.
    pub name: String,
    /// What the file says it is now.
    pub profile: PortableProfile,
    /// What changes, by the form's labels (`Name`, `Scopes`, `Consumer secret`…); empty: already the same.
    pub changes: Vec<&'static str>,
}

/// What an import will do.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    /// New profiles.
    pub add: Vec<PortableProfile>,
    /// Existing profiles the file changes.
    pub update: Vec<ProfileUpdate>,
    /// Existing profiles the file holds exactly as stored (nothing to do).
    pub unchanged: Vec<ProfileUpdate>,
    /// Whether the file carries any secret.
    pub secrets: bool,
    /// The plan in one sentence.
    pub summary: String,
}

/// Reads the file and plans its import against the stored profiles: matched by login host + consumer key.
pub fn plan_profile_import(
    json: &impl JsonDecoder,
    text: &str,
    existing: &[ExistingProfile],
) -> Result<ImportPlan, SfError> {
    let incoming = read_profiles_file(json, text)?;
    let keyed: Vec<(Option<String>, &ExistingProfile)> = existing
        .iter()
        .map(|e| {
            (
                match_key(&e.login_url, e.allow_custom_domain, &e.client_id),
                e,
            )
        })
        .collect();
    let mut plan = ImportPlan {
        add: Vec::new(),
        update: Vec::new(),
        unchanged: Vec::new(),
        secrets: incoming
            .iter()
            .any(|p| p.client_secret.is_some() || p.private_key_pem.is_some()),
        summary: String::new(),
    };
    for profile in incoming {
        let key = match_key(
            &profile.login_url,
            profile.allow_custom_domain,
            &profile.client_id,
        );
        let found = key
            .as_ref()
            .and_then(|key| keyed.iter().find(|(k, _)| k.as_ref() == Some(key)));
        match found {
            None => plan.add.push(profile),
            Some((_, stored)) => {
                let changes = changes(stored, &profile);
                let update = ProfileUpdate {
                    id: stored.id.clone(),
                    name: stored.name.clone(),
                    profile,
                    changes,
                };
                if update.changes.is_empty() {
                    plan.unchanged.push(update);
                } else {
                    plan.update.push(update);
                }
            }
        }
    }
    plan.summary = format!(
        "{} to add, {} to update, {} already the same.{}",
        plan.add.len(),
        plan.update.len(),
        plan.unchanged.len(),
        if plan.secrets {
            " The file carries secrets (consumer secrets or private keys): they replace the stored ones."
        } else {
            " The file carries no secrets: updated profiles keep their stored consumer secret and private key."
        }
    );
    Ok(plan)
}

/// The form labels of what the file changes in a stored profile.
fn changes(stored: &ExistingProfile, incoming: &PortableProfile) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut differs = |label: &'static str, same: bool| {
        if !same {
            out.push(label);
        }
    };
    differs("Name", stored.name == incoming.name);
    differs(
        "Flow",
        parse_flow(&stored.flow).map(|f| f.as_str()) == Ok(incoming.flow.as_str()),
    );
    differs("Login URL", stored.login_url.trim() == incoming.login_url);
    differs(
        "Callback URL",
        stored.redirect_uri.trim() == incoming.redirect_uri,
    );
    differs("Scopes", stored.scopes.trim() == incoming.scopes);
    differs("Username", stored.username.trim() == incoming.username);
    differs(
        "Certificate",
        incoming.certificate_pem.is_none() || stored.certificate_pem == incoming.certificate_pem,
    );
    differs("Consumer secret", incoming.client_secret.is_none());
    differs("Private key", incoming.private_key_pem.is_none());
    out
}

/// The name of a duplicate: `NAME (copy)`, or `NAME (copy 2)`… when that is taken.
pub fn duplicate_name<'a>(
    name: &str,
    existing: impl IntoIterator<Item = &'a str> + Clone,
) -> String {
    let base = name.trim();
    let base = if base.is_empty() { "Profile" } else { base };
    let taken = |candidate: &str| existing.clone().into_iter().any(|n| n.trim() == candidate);
    let first = format!("{base} (copy)");
    if !taken(&first) {
        return first;
    }
    (2..10_000)
        .map(|n| format!("{base} (copy {n})"))
        .find(|candidate| !taken(candidate))
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::json::SerdeJson;

    fn profile(name: &str, login_url: &str, client_id: &str) -> PortableProfile {
        PortableProfile {
            name: name.to_owned(),
            flow: "web_server".to_owned(),
            login_url: login_url.to_owned(),
            client_id: client_id.to_owned(),
            redirect_uri: "https://login.salesforce.com/".to_owned(),
            scopes: "api refresh_token".to_owned(),
            ..PortableProfile::default()
        }
    }

    fn existing(id: &str, p: &PortableProfile) -> ExistingProfile {
        ExistingProfile {
            id: id.to_owned(),
            name: p.name.clone(),
            flow: p.flow.clone(),
            login_url: p.login_url.clone(),
            allow_custom_domain: p.allow_custom_domain,
            client_id: p.client_id.clone(),
            redirect_uri: p.redirect_uri.clone(),
            scopes: p.scopes.clone(),
            username: p.username.clone(),
            certificate_pem: p.certificate_pem.clone(),
            session_only: p.session_only,
        }
    }

    /// The file as the wasm boundary writes it (the same member names).
    fn file(export: &ProfilesExport) -> String {
        let entries: Vec<serde_json::Value> = export
            .profiles
            .iter()
            .map(|p| {
                serde_json::json!({
                    "name": p.name, "flow": p.flow, "loginUrl": p.login_url,
                    "allowCustomDomain": p.allow_custom_domain, "clientId": p.client_id,
                    "redirectUri": p.redirect_uri, "scopes": p.scopes, "username": p.username,
                    "certificatePem": p.certificate_pem, "sessionOnly": p.session_only,
                    "clientSecret": p.client_secret.as_ref().map(Secret::expose),
                    "privateKeyPem": p.private_key_pem.as_ref().map(Secret::expose),
                })
            })
            .collect();
        serde_json::json!({"sftoken": PROFILES_SCHEMA, "exportedAt": 0, "secrets": export.secrets, "profiles": entries})
            .to_string()
    }

    fn with_secret(mut p: PortableProfile) -> PortableProfile {
        p.client_secret = Some(Secret::new("FAKE-consumer-secret"));
        p
    }

    #[test]
    fn an_export_without_secrets_leaves_them_out_and_says_so() {
        let export = export_profiles(
            vec![with_secret(profile(
                "Acme",
                "login.salesforce.com",
                "3MVGa",
            ))],
            false,
        );
        assert!(export.profiles[0].client_secret.is_none());
        assert!(!export.secrets);
        assert!(
            export.summary.contains("without secrets"),
            "{}",
            export.summary
        );
        assert!(!file(&export).contains("FAKE-consumer-secret"));
    }

    #[test]
    fn an_export_with_secrets_counts_them_in_plain_words() {
        let export = export_profiles(
            vec![
                with_secret(profile("Acme", "login.salesforce.com", "3MVGa")),
                profile("Beta", "test.salesforce.com", "3MVGb"),
            ],
            true,
        );
        assert!(export.secrets);
        assert!(file(&export).contains("FAKE-consumer-secret"));
        assert!(
            export.summary.contains("2 profiles WITH SECRETS"),
            "{}",
            export.summary
        );
        assert!(
            export
                .summary
                .contains("1 consumer secret and 0 JWT private keys in plain text"),
            "{}",
            export.summary
        );
        assert!(export.file_name.contains("SECRETS"));
    }

    #[test]
    fn an_exported_file_reads_back_the_same() {
        let original = vec![
            with_secret(profile("Acme", "login.salesforce.com", "3MVGa")),
            profile("Beta", "acme--uat.sandbox.my.salesforce.com", "3MVGb"),
        ];
        let export = export_profiles(original.clone(), true);
        assert_eq!(
            read_profiles_file(&SerdeJson, &file(&export)).unwrap(),
            original
        );
    }

    #[test]
    fn the_plan_adds_updates_and_keeps() {
        let same = profile("Same", "login.salesforce.com", "3MVGsame");
        let mut changed = profile("Changed", "https://acme.my.salesforce.com/", "3MVGchanged");
        let stored = vec![existing("id-same", &same), existing("id-changed", &changed)];
        changed.scopes = "api".to_owned();
        changed.login_url = "acme.my.salesforce.com".to_owned();
        let new = profile("New", "acme--uat.sandbox.my.salesforce.com", "3MVGchanged");
        let export = export_profiles(vec![same, changed, new], false);
        let plan = plan_profile_import(&SerdeJson, &file(&export), &stored).unwrap();
        assert_eq!(
            plan.add.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
            ["New"]
        );
        assert_eq!(plan.update.len(), 1);
        assert_eq!(plan.update[0].id, "id-changed");
        assert_eq!(plan.update[0].changes, ["Login URL", "Scopes"]);
        assert_eq!(plan.unchanged[0].id, "id-same");
        assert!(
            plan.summary
                .starts_with("1 to add, 1 to update, 1 already the same."),
            "{}",
            plan.summary
        );
    }

    #[test]
    fn damaged_foreign_and_newer_files_are_told_apart() {
        let code = |text: &str| read_profiles_file(&SerdeJson, text).unwrap_err().code;
        assert_eq!(code(""), "profiles_file_empty");
        assert_eq!(code("PK\u{3}\u{4}zip"), "profiles_file_damaged");
        assert_eq!(
            code(r#"{"sftoken": "profiles/1", "profiles": [{"name": "#),
            "profiles_file_damaged"
        );
        assert_eq!(
            code(r#"{"sftoken": "profiles/1", "profiles": {}}"#),
            "profiles_file_damaged"
        );
        assert_eq!(
            code(r#"{"sftoken": "profiles/1", "profiles": []}"#),
            "profiles_file_empty"
        );
        assert_eq!(
            code(r#"{"name": "a postman environment", "values": []}"#),
            "profiles_file_foreign"
        );
        assert_eq!(
            code(r#"{"sftoken": "tokens/1", "profiles": []}"#),
            "profiles_file_foreign"
        );
        assert_eq!(
            code(r#"{"sftoken": "profiles/0", "profiles": []}"#),
            "profiles_file_foreign"
        );
        assert_eq!(
            code(r#"{"sftoken": 1, "profiles": []}"#),
            "profiles_file_foreign"
        );
        let newer = read_profiles_file(&SerdeJson, r#"{"sftoken": "profiles/2", "profiles": []}"#)
            .unwrap_err();
        assert_eq!(newer.code, "profiles_file_newer");
        assert!(
            newer.message.contains("newer sftoken (schema profiles/2)"),
            "{}",
            newer.message
        );
        assert!(newer.hint.contains("Update sftoken"));
    }

    #[test]
    fn one_bad_entry_refuses_the_whole_file_naming_it() {
        let text = r#"{"sftoken": "profiles/1", "profiles": [
            {"name": "Good", "loginUrl": "login.salesforce.com", "clientId": "3MVGa"},
            {"name": "Evil", "loginUrl": "https://evil.example.com", "clientId": "3MVGb"}]}"#;
        let error = read_profiles_file(&SerdeJson, text).unwrap_err();
        assert_eq!(error.code, "profiles_file_invalid");
        assert!(error.message.starts_with("Profile 2 (\"Evil\") in the file: evil.example.com is not a Salesforce login host."), "{}", error.message);
        assert!(error.message.ends_with("Nothing was imported."));
        let text = r#"{"sftoken": "profiles/1", "profiles": [{"loginUrl": "login.salesforce.com", "clientId": ""}]}"#;
        assert_eq!(
            read_profiles_file(&SerdeJson, text).unwrap_err().code,
            "profiles_file_invalid"
        );
        let text = r#"{"sftoken": "profiles/1", "profiles": [{"loginUrl": "login.salesforce.com", "clientId": "a", "flow": "saml"}]}"#;
        assert_eq!(
            read_profiles_file(&SerdeJson, text).unwrap_err().code,
            "profiles_file_invalid"
        );
        // An entry that is not an object: the file is not the schema's shape.
        let text = r#"{"sftoken": "profiles/1", "profiles": [7]}"#;
        assert_eq!(
            read_profiles_file(&SerdeJson, text).unwrap_err().code,
            "profiles_file_damaged"
        );
    }

    #[test]
    fn the_same_app_twice_on_one_host_is_ambiguous() {
        let text = r#"{"sftoken": "profiles/1", "profiles": [
            {"name": "A", "loginUrl": "login.salesforce.com", "clientId": "3MVGa"},
            {"name": "B", "loginUrl": "https://login.salesforce.com/", "clientId": "3MVGa"}]}"#;
        let error = read_profiles_file(&SerdeJson, text).unwrap_err();
        assert!(
            error.message.starts_with("Profiles 1 and 2 in the file"),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_duplicate_gets_a_free_name() {
        assert_eq!(duplicate_name("Acme", ["Acme"]), "Acme (copy)");
        assert_eq!(
            duplicate_name("Acme", ["Acme", "Acme (copy)", "Acme (copy 2)"]),
            "Acme (copy 3)"
        );
        assert_eq!(duplicate_name("  ", [""]), "Profile (copy)");
    }
}
