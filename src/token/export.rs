//! A token, written out for where people use it: an HTTP header, a curl or HTTPie command, a `.env` file, a
//! Salesforce CLI login, an SFDX auth URL, a Postman environment.
//!
//! Salesforce access tokens contain `!` (`00D…!AQ…`): an interactive bash or zsh expands `!` inside double quotes
//! (history expansion), so every shell value here is single-quoted, which bash, zsh and fish all take literally.
//! The only characters single quotes cannot carry the same way in all three are `'` and `\` (fish reads `\'` and
//! `\\` inside single quotes as escapes; bash and zsh do not), so those two are written outside the quotes as `\'`
//! and `\\`, which all three read as the character itself ([`shell_quote`]).
//!
//! Each format says what it lacks in an [`SfError`] naming the missing piece and how to get it (an SFDX auth URL
//! needs a refresh token: the `refresh_token` scope).

use crate::error::SfError;
use crate::salesforce::login_host::normalize_login_url;
use crate::secret::Secret;
use crate::token::lifecycle::{api_base, checked_token};

/// The formats `exportToken` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// `Authorization: Bearer <token>`.
    Header,
    /// A `curl` GET of the REST API root.
    Curl,
    /// The same request as an HTTPie `http` command.
    Httpie,
    /// `SF_ACCESS_TOKEN=…` lines for a `.env` file.
    Dotenv,
    /// `sf org login access-token`, the token in `SF_ACCESS_TOKEN`.
    SfCli,
    /// `force://<clientId>:<clientSecret>:<refreshToken>@<host>`.
    SfdxAuthUrl,
    /// A Postman environment (JSON) for Salesforce's "Salesforce Platform APIs" collection.
    PostmanEnvironment,
}

/// Every format, as `exportToken` names it.
pub const EXPORT_FORMATS: [&str; 7] = [
    "header",
    "curl",
    "httpie",
    "dotenv",
    "sf-cli",
    "sfdx-auth-url",
    "postman-environment",
];

impl ExportFormat {
    /// The name `exportToken` takes and returns.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Header => "header",
            ExportFormat::Curl => "curl",
            ExportFormat::Httpie => "httpie",
            ExportFormat::Dotenv => "dotenv",
            ExportFormat::SfCli => "sf-cli",
            ExportFormat::SfdxAuthUrl => "sfdx-auth-url",
            ExportFormat::PostmanEnvironment => "postman-environment",
        }
    }
}

/// A name quoted in a message: its first 40 characters, anything but printable ASCII as `?` (no `Debug`
/// formatting: its Unicode tables would cost the wasm module several KB).
fn printable(text: &str) -> String {
    text.chars()
        .take(40)
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .collect()
}

/// Reads a format name.
pub fn parse_export_format(name: &str) -> Result<ExportFormat, SfError> {
    Ok(match name.trim() {
        "header" => ExportFormat::Header,
        "curl" => ExportFormat::Curl,
        "httpie" => ExportFormat::Httpie,
        "dotenv" => ExportFormat::Dotenv,
        "sf-cli" => ExportFormat::SfCli,
        "sfdx-auth-url" => ExportFormat::SfdxAuthUrl,
        "postman-environment" => ExportFormat::PostmanEnvironment,
        other => {
            return Err(SfError::new(
                "unknown_export_format",
                format!("sftoken cannot export a token as \"{}\".", printable(other)),
                format!("Choose one of: {}.", EXPORT_FORMATS.join(", ")),
            ))
        }
    })
}

/// The token to export: what the token answer (or the stored token) holds.
#[derive(Debug, Clone, Copy)]
pub struct ExportToken<'a> {
    pub access_token: &'a Secret,
    pub refresh_token: Option<&'a Secret>,
    pub instance_url: Option<&'a str>,
    pub org_id: Option<&'a str>,
    pub user_id: Option<&'a str>,
}

/// The profile the token belongs to, where a format needs it (consumer key, secret, name, login host).
#[derive(Debug, Clone, Copy, Default)]
pub struct ExportProfile<'a> {
    pub name: &'a str,
    pub login_url: &'a str,
    pub allow_custom_domain: bool,
    pub client_id: &'a str,
    pub client_secret: Option<&'a Secret>,
}

/// What to export.
#[derive(Debug, Clone, Copy)]
pub struct ExportInput<'a> {
    pub format: ExportFormat,
    pub token: ExportToken<'a>,
    pub profile: Option<ExportProfile<'a>>,
    /// `"66.0"`; `None`: `/services/data/` without a version.
    pub api_version: Option<&'a str>,
}

/// The export: its text (which carries the token), a file name where it is a file, and what to know.
#[derive(Debug, Clone)]
pub struct Export {
    pub format: ExportFormat,
    pub text: Secret,
    /// A file name for the formats people save (`.env`, `….postman_environment.json`).
    pub filename: Option<String>,
    /// What to know about it, in plain words.
    pub note: String,
}

/// Writes the token in `input.format`, or says what is missing and how to get it.
pub fn export_token(input: &ExportInput<'_>) -> Result<Export, SfError> {
    let token = checked_token(input.token.access_token, "access token").map_err(|_| {
        SfError::new(
            "missing_access_token",
            "There is no access token to export.",
            "Get a token first (Log in or Get token), or import one with Paste.",
        )
    })?;
    let version = input.api_version.map(checked_api_version).transpose()?;
    let needs_instance = !matches!(input.format, ExportFormat::Header);
    let base = if needs_instance {
        Some(instance_base(input.token.instance_url)?)
    } else {
        None
    };
    let base = base.as_deref().unwrap_or_default();
    let rest_url = match version {
        Some(v) => format!("{base}/services/data/v{v}/"),
        None => format!("{base}/services/data/"),
    };
    let (text, filename, note) = match input.format {
        ExportFormat::Header => (
            format!("Authorization: Bearer {token}"),
            None,
            "The HTTP header every Salesforce API call takes. Keep it secret: it works until the session ends."
                .to_owned(),
        ),
        ExportFormat::Curl => (
            format!(
                "curl -sS -H {} {}",
                shell_quote(&format!("Authorization: Bearer {token}"))?,
                shell_quote(&rest_url)?
            ),
            None,
            "One command for bash, zsh and fish: GET of the REST API root with the bearer header. The values are \
             single-quoted, so the ! in the token is not history-expanded."
                .to_owned(),
        ),
        ExportFormat::Httpie => (
            format!(
                "http GET {} {}",
                shell_quote(&rest_url)?,
                shell_quote(&format!("Authorization:Bearer {token}"))?
            ),
            None,
            "One HTTPie command for bash, zsh and fish: the same GET as the curl export.".to_owned(),
        ),
        ExportFormat::Dotenv => dotenv(input, token, base, version)?,
        ExportFormat::SfCli => sf_cli(input, token, base)?,
        ExportFormat::SfdxAuthUrl => sfdx_auth_url(input, base)?,
        ExportFormat::PostmanEnvironment => postman_environment(input, token, base, version)?,
    };
    Ok(Export {
        format: input.format,
        text: Secret::new(text),
        filename,
        note,
    })
}

/// `66.0` (a `v` in front is dropped); anything else is refused.
fn checked_api_version(version: &str) -> Result<&str, SfError> {
    let v = version.trim();
    let v = v.strip_prefix('v').unwrap_or(v);
    let plausible = v.split_once('.').is_some_and(|(major, minor)| {
        (1..=3).contains(&major.len())
            && (1..=2).contains(&minor.len())
            && major
                .bytes()
                .chain(minor.bytes())
                .all(|b| b.is_ascii_digit())
    });
    if plausible {
        Ok(v)
    } else {
        Err(SfError::new(
            "invalid_api_version",
            "The API version is not a REST API version.",
            "Give it like 66.0 (Test call shows the latest one), or leave it empty for /services/data/.",
        ))
    }
}

/// The token's instance URL, checked like every token action checks it (an https Salesforce host).
fn instance_base(instance_url: Option<&str>) -> Result<String, SfError> {
    api_base(instance_url.unwrap_or_default()).map_err(|e| {
        if e.code == "missing_instance_url" {
            SfError::new(
                "missing_instance_url",
                "This token has no instance URL, so the export would not know where to call.",
                "Log in again (every login answers with the instance URL), or import the token with its instance URL.",
            )
        } else {
            e
        }
    })
}

/// Quotes one word for bash, zsh and fish alike, interactive or not (see the module docs). Control characters
/// (a newline would end an interactive command) are refused.
pub fn shell_quote(value: &str) -> Result<String, SfError> {
    if value.chars().any(char::is_control) {
        return Err(SfError::new(
            "unquotable_value",
            "A value to export contains a line break or another control character.",
            "Check the token and instance URL: Salesforce's contain none.",
        ));
    }
    Ok(crate::encoding::shell_quote::shell_quote(value))
}

/// A `.env` value: bare when every parser reads it unchanged (Docker's `--env-file` takes quotes literally), else
/// single-quoted (dotenv, python-dotenv and the shells read single quotes literally).
fn dotenv_value(value: &str) -> Result<String, SfError> {
    let bare = |c: char| c.is_ascii_alphanumeric() || "!._-:/@%+,".contains(c);
    if !value.is_empty() && value.chars().all(bare) {
        Ok(value.to_owned())
    } else if value.chars().any(|c| c == '\'' || c.is_control()) {
        Err(SfError::new(
            "unquotable_value",
            "A value to export contains a quote or a line break, which .env files cannot carry the same way for \
             every reader.",
            "Check the token and instance URL: Salesforce's contain neither.",
        ))
    } else {
        Ok(format!("'{value}'"))
    }
}

type Written = (String, Option<String>, String);

fn dotenv(
    input: &ExportInput<'_>,
    token: &str,
    base: &str,
    version: Option<&str>,
) -> Result<Written, SfError> {
    let mut lines = vec![
        "# Salesforce access token exported by sftoken. Keep this file out of version control."
            .to_owned(),
        format!("SF_ACCESS_TOKEN={}", dotenv_value(token)?),
        format!("SF_INSTANCE_URL={}", dotenv_value(base)?),
    ];
    if let Some(v) = version {
        lines.push(format!("SF_API_VERSION={}", dotenv_value(v)?));
    }
    for (name, value) in [
        ("SF_ORG_ID", input.token.org_id),
        ("SF_USER_ID", input.token.user_id),
    ] {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            lines.push(format!("{name}={}", dotenv_value(value)?));
        }
    }
    if let Some(profile) = input.profile.filter(|p| !p.client_id.trim().is_empty()) {
        lines.push(format!(
            "SF_CLIENT_ID={}",
            dotenv_value(profile.client_id.trim())?
        ));
    }
    let mut text = lines.join("\n");
    text.push('\n');
    Ok((
        text,
        Some(".env".to_owned()),
        "KEY=value lines read by dotenv, python-dotenv, Docker's --env-file and a shell's source. The refresh \
         token is left out: export an SFDX auth URL to carry it."
            .to_owned(),
    ))
}

/// An alias the Salesforce CLI accepts as one word: letters, digits, `.`, `_`, `-`, not starting with `-`.
fn cli_alias(name: &str) -> Option<&str> {
    let name = name.trim();
    let valid = !name.is_empty()
        && name.len() <= 80
        && !name.starts_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
    valid.then_some(name)
}

fn sf_cli(input: &ExportInput<'_>, token: &str, base: &str) -> Result<Written, SfError> {
    let mut text = format!(
        "SF_ACCESS_TOKEN={} sf org login access-token --instance-url {} --no-prompt",
        shell_quote(token)?,
        shell_quote(base)?
    );
    let name = input.profile.map(|p| p.name).unwrap_or_default();
    let note = match cli_alias(name) {
        Some(alias) => {
            text.push_str(" --alias ");
            text.push_str(&shell_quote(alias)?);
            format!(
                "Logs the Salesforce CLI in with this token as {alias}. The CLI cannot refresh it: log in again \
                 when the session ends."
            )
        }
        None if name.trim().is_empty() => {
            "Logs the Salesforce CLI in with this token. The CLI cannot refresh it: log in again when the \
             session ends."
                .to_owned()
        }
        None => format!(
            "Logs the Salesforce CLI in with this token. No --alias: the profile name \"{}\" is not a CLI alias \
             (letters, digits, . _ - only); add --alias yourself if you want one.",
            printable(name.trim())
        ),
    };
    Ok((text, None, note))
}

/// The parts of an SFDX auth URL, in the characters `@salesforce/core` reads there (letters, digits, `.`, `_`,
/// `-`, and up to two trailing `=`).
pub(crate) fn auth_url_part(value: &str) -> bool {
    let body = value.trim_end_matches('=');
    value.len() - body.len() <= 2
        && body
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
}

fn sfdx_auth_url(input: &ExportInput<'_>, base: &str) -> Result<Written, SfError> {
    let refresh = input
        .token
        .refresh_token
        .map(|r| r.expose().trim())
        .filter(|r| !r.is_empty())
        .ok_or_else(|| {
            SfError::new(
                "missing_refresh_token",
                "An SFDX auth URL carries a refresh token, and this token came without one.",
                "Add the refresh_token scope (\"Perform requests at any time\") to the app and to the profile's \
                 Scopes, then log in again. Username-password, client credentials and JWT bearer never give one.",
            )
        })?;
    let profile = input.profile.unwrap_or_default();
    let client_id = profile.client_id.trim();
    if client_id.is_empty() {
        return Err(SfError::new(
            "missing_client_id",
            "An SFDX auth URL carries the consumer key of the app that issued the refresh token, and none is known.",
            "Export from the profile the token belongs to (its Consumer key), or import the token with its consumer key.",
        ));
    }
    let secret = profile
        .client_secret
        .map(|s| s.expose().trim())
        .unwrap_or_default();
    if !auth_url_part(client_id)
        || !auth_url_part(refresh)
        || !(secret.is_empty() || auth_url_part(secret))
    {
        return Err(SfError::new(
            "not_sfdx_compatible",
            "The consumer key, consumer secret or refresh token holds characters an SFDX auth URL cannot carry.",
            "Check the profile's Consumer key and Consumer secret: Salesforce's hold only letters, digits, . _ -.",
        ));
    }
    let host = base
        .strip_prefix("https://")
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_default();
    let note = if secret.is_empty() {
        "For sf org login sfdx-url --sfdx-url-file <file> (or @salesforce/core). No consumer secret: the app \
         must not require one for the refresh token flow. Anyone holding it can act as you until the refresh \
         token is revoked."
    } else {
        "For sf org login sfdx-url --sfdx-url-file <file> (or @salesforce/core). It holds the consumer secret \
         and a refresh token: anyone holding it can act as you until the refresh token is revoked."
    };
    Ok((
        format!("force://{client_id}:{secret}:{refresh}@{host}"),
        Some("sfdx-auth-url.txt".to_owned()),
        note.to_owned(),
    ))
}

/// A JSON string literal.
fn json_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The variable names of Salesforce's "Salesforce Platform APIs" Postman collection (docs/salesforce.md#exports-and-imports):
/// its auth requests read `url`, `site`, `clientId`, `clientSecret` and store `_accessToken`, `_endpoint`,
/// `_userId`, `_orgId`, which its API requests use with `version` (`{{_endpoint}}/services/data/v{{version}}`).
pub const POSTMAN_VARIABLES: [&str; 9] = [
    "url",
    "site",
    "version",
    "clientId",
    "clientSecret",
    "_endpoint",
    "_accessToken",
    "_orgId",
    "_userId",
];

fn postman_environment(
    input: &ExportInput<'_>,
    token: &str,
    base: &str,
    version: Option<&str>,
) -> Result<Written, SfError> {
    let profile = input.profile.unwrap_or_default();
    // `url` is where the collection's auth requests log in: the profile's login host, else the instance.
    let login = normalize_login_url(profile.login_url, profile.allow_custom_domain).ok();
    let url = login
        .as_ref()
        .map(|l| l.origin.clone())
        .unwrap_or_else(|| base.to_owned());
    let site = login.map(|l| l.path_prefix).unwrap_or_default();
    let client_id = profile.client_id.trim();
    let secret = profile
        .client_secret
        .map(|s| s.expose().trim())
        .unwrap_or_default();
    let mut values: Vec<(&str, &str, bool)> = vec![("url", &url, false), ("site", &site, false)];
    if let Some(v) = version {
        values.push(("version", v, false));
    }
    if !client_id.is_empty() {
        values.push(("clientId", client_id, false));
    }
    if !secret.is_empty() {
        values.push(("clientSecret", secret, true));
    }
    values.push(("_endpoint", base, false));
    values.push(("_accessToken", token, true));
    for (name, value) in [
        ("_orgId", input.token.org_id),
        ("_userId", input.token.user_id),
    ] {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            values.push((name, value, false));
        }
    }
    let host = base.strip_prefix("https://").unwrap_or(base);
    let name = match profile.name.trim() {
        "" => format!("sftoken {host}"),
        name => format!("sftoken {name}"),
    };
    let rows: Vec<String> = values
        .iter()
        .map(|(key, value, secret)| {
            format!(
                "    {{\"key\": {}, \"value\": {}, \"type\": \"{}\", \"enabled\": true}}",
                json_string(key),
                json_string(value),
                if *secret { "secret" } else { "default" }
            )
        })
        .collect();
    let text = format!(
        "{{\n  \"name\": {},\n  \"values\": [\n{}\n  ],\n  \"_postman_variable_scope\": \"environment\",\n  \
         \"_postman_exported_using\": \"sftoken\"\n}}\n",
        json_string(&name),
        rows.join(",\n")
    );
    let slug: String = host
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok((
        text,
        Some(format!("{slug}.postman_environment.json")),
        "Import it in Postman (Environments → Import) and select it: the requests of Salesforce's \"Salesforce \
         Platform APIs\" collection then run with this token unchanged. The token is marked secret."
            .to_owned(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "00D5g000000FAKE!AQ4AQFake.token_value";
    const REFRESH: &str = "5Aep861FakeRefresh.Token_value==";

    fn export(
        format: &str,
        refresh: Option<&Secret>,
        profile: Option<ExportProfile<'_>>,
        version: Option<&str>,
    ) -> Result<Export, SfError> {
        let access = Secret::new(TOKEN);
        export_token(&ExportInput {
            format: parse_export_format(format)?,
            token: ExportToken {
                access_token: &access,
                refresh_token: refresh,
                instance_url: Some("https://acme.my.salesforce.com"),
                org_id: Some("00D5g000000FAKEEAA"),
                user_id: Some("0055g000000FAKEAAA"),
            },
            profile,
            api_version: version,
        })
    }

    fn profile<'a>(name: &'a str, secret: Option<&'a Secret>) -> ExportProfile<'a> {
        ExportProfile {
            name,
            login_url: "login.salesforce.com",
            allow_custom_domain: false,
            client_id: "3MVG9FAKE.client_id",
            client_secret: secret,
        }
    }

    #[test]
    fn header_is_exactly_the_bearer_header() {
        let e = export("header", None, None, None).unwrap();
        assert_eq!(e.text.expose(), format!("Authorization: Bearer {TOKEN}"));
        assert_eq!(e.format.as_str(), "header");
    }

    #[test]
    fn curl_and_httpie_quote_the_token_and_pick_the_version() {
        let curl = export("curl", None, None, Some("66.0")).unwrap();
        assert_eq!(
            curl.text.expose(),
            format!("curl -sS -H 'Authorization: Bearer {TOKEN}' 'https://acme.my.salesforce.com/services/data/v66.0/'")
        );
        let no_version = export("curl", None, None, None).unwrap();
        assert!(no_version
            .text
            .expose()
            .ends_with("'https://acme.my.salesforce.com/services/data/'"));
        let http = export("httpie", None, None, Some("v66.0")).unwrap();
        assert_eq!(
            http.text.expose(),
            format!("http GET 'https://acme.my.salesforce.com/services/data/v66.0/' 'Authorization:Bearer {TOKEN}'")
        );
        assert_eq!(
            export("curl", None, None, Some("latest")).unwrap_err().code,
            "invalid_api_version"
        );
    }

    #[test]
    fn shell_quote_carries_quotes_and_backslashes_outside() {
        assert_eq!(shell_quote("a!b").unwrap(), "'a!b'");
        assert_eq!(shell_quote("it's").unwrap(), "'it'\\''s'");
        assert_eq!(shell_quote("a\\b").unwrap(), "'a'\\\\'b'");
        assert_eq!(shell_quote("").unwrap(), "''");
        assert_eq!(shell_quote("'").unwrap(), "\\'");
        assert_eq!(shell_quote("a\nb").unwrap_err().code, "unquotable_value");
    }

    #[test]
    fn dotenv_lines() {
        let e = export("dotenv", None, Some(profile("Acme", None)), Some("66.0")).unwrap();
        let text = e.text.expose();
        assert!(text.contains(&format!("\nSF_ACCESS_TOKEN={TOKEN}\n")));
        assert!(text.contains("\nSF_INSTANCE_URL=https://acme.my.salesforce.com\n"));
        assert!(text.contains("\nSF_API_VERSION=66.0\n"));
        assert!(text.contains("\nSF_ORG_ID=00D5g000000FAKEEAA\n"));
        assert!(text.contains("\nSF_CLIENT_ID=3MVG9FAKE.client_id\n"));
        assert!(!text.contains("REFRESH"));
        assert_eq!(e.filename.as_deref(), Some(".env"));
        assert_eq!(dotenv_value("a b").unwrap(), "'a b'");
        assert_eq!(dotenv_value("a'b").unwrap_err().code, "unquotable_value");
    }

    #[test]
    fn sf_cli_with_and_without_alias() {
        let e = export("sf-cli", None, Some(profile("acme-prod", None)), None).unwrap();
        assert_eq!(
            e.text.expose(),
            format!("SF_ACCESS_TOKEN='{TOKEN}' sf org login access-token --instance-url 'https://acme.my.salesforce.com' --no-prompt --alias 'acme-prod'")
        );
        let spaced = export("sf-cli", None, Some(profile("Acme PKCE", None)), None).unwrap();
        assert!(!spaced.text.expose().contains("--alias"));
        assert!(spaced.note.contains("not a CLI alias"));
    }

    #[test]
    fn sfdx_auth_url_needs_refresh_token_and_consumer_key() {
        let refresh = Secret::new(REFRESH);
        let e = export(
            "sfdx-auth-url",
            Some(&refresh),
            Some(profile("Acme", None)),
            None,
        )
        .unwrap();
        assert_eq!(
            e.text.expose(),
            format!("force://3MVG9FAKE.client_id::{REFRESH}@acme.my.salesforce.com")
        );
        let secret = Secret::new("FAKESECRET123");
        let with_secret = export(
            "sfdx-auth-url",
            Some(&refresh),
            Some(profile("Acme", Some(&secret))),
            None,
        )
        .unwrap();
        assert_eq!(
            with_secret.text.expose(),
            format!("force://3MVG9FAKE.client_id:FAKESECRET123:{REFRESH}@acme.my.salesforce.com")
        );
        let missing = export("sfdx-auth-url", None, Some(profile("Acme", None)), None).unwrap_err();
        assert_eq!(missing.code, "missing_refresh_token");
        assert!(missing.hint.contains("refresh_token"));
        assert_eq!(
            export("sfdx-auth-url", Some(&refresh), None, None)
                .unwrap_err()
                .code,
            "missing_client_id"
        );
        let odd = Secret::new("a b");
        assert_eq!(
            export(
                "sfdx-auth-url",
                Some(&odd),
                Some(profile("Acme", None)),
                None
            )
            .unwrap_err()
            .code,
            "not_sfdx_compatible"
        );
    }

    #[test]
    fn postman_environment_uses_the_collection_variable_names() {
        let secret = Secret::new("FAKESECRET123");
        let e = export(
            "postman-environment",
            None,
            Some(profile("Acme \"prod\"", Some(&secret))),
            Some("66.0"),
        )
        .unwrap();
        let json: serde_json::Value = serde_json::from_str(e.text.expose()).unwrap();
        let values = json["values"].as_array().unwrap();
        let get = |key: &str| values.iter().find(|v| v["key"] == key).cloned();
        assert_eq!(get("_accessToken").unwrap()["value"], TOKEN);
        assert_eq!(get("_accessToken").unwrap()["type"], "secret");
        assert_eq!(get("clientSecret").unwrap()["type"], "secret");
        assert_eq!(
            get("_endpoint").unwrap()["value"],
            "https://acme.my.salesforce.com"
        );
        assert_eq!(get("url").unwrap()["value"], "https://login.salesforce.com");
        assert_eq!(get("version").unwrap()["value"], "66.0");
        assert_eq!(json["name"], "sftoken Acme \"prod\"");
        for v in values {
            assert!(POSTMAN_VARIABLES.contains(&v["key"].as_str().unwrap()));
        }
        assert_eq!(
            e.filename.as_deref(),
            Some("acme_my_salesforce_com.postman_environment.json")
        );
    }

    #[test]
    fn missing_pieces_are_named() {
        let empty = Secret::new("");
        let err = export_token(&ExportInput {
            format: ExportFormat::Header,
            token: ExportToken {
                access_token: &empty,
                refresh_token: None,
                instance_url: None,
                org_id: None,
                user_id: None,
            },
            profile: None,
            api_version: None,
        })
        .unwrap_err();
        assert_eq!(err.code, "missing_access_token");
        let access = Secret::new(TOKEN);
        let no_instance = export_token(&ExportInput {
            format: ExportFormat::Curl,
            token: ExportToken {
                access_token: &access,
                refresh_token: None,
                instance_url: None,
                org_id: None,
                user_id: None,
            },
            profile: None,
            api_version: None,
        })
        .unwrap_err();
        assert_eq!(no_instance.code, "missing_instance_url");
        let elsewhere = export_token(&ExportInput {
            format: ExportFormat::Curl,
            token: ExportToken {
                access_token: &access,
                refresh_token: None,
                instance_url: Some("https://evil.example"),
                org_id: None,
                user_id: None,
            },
            profile: None,
            api_version: None,
        })
        .unwrap_err();
        assert_eq!(elsewhere.code, "invalid_instance_url");
        assert_eq!(
            parse_export_format("yaml").unwrap_err().code,
            "unknown_export_format"
        );
    }
}
