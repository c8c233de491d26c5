//! Turning whatever a user pastes into the one Salesforce host that serves
//! the OAuth endpoints for their org.
//!
//! People paste `login.salesforce.com`, a Lightning page URL, a Setup URL,
//! a sandbox My Domain with a path, sometimes with `http://` or a port. The
//! goal is to accept every real Salesforce login host (docs/salesforce.md#my-domain-hostnames), map
//! UI hosts to their login host, and refuse everything else with a message
//! that says why — because the consumer secret and the authorization code
//! will be sent to this host.
//!
//! Decisions (documented here because the UI depends on them):
//! - **Origin is always `https://` + host.** Salesforce requires HTTPS, and no
//!   Salesforce host uses a port, so `http://`, ports and `user:pass@` are
//!   refused rather than silently fixed: they usually mean a wrong paste.
//! - **UI hosts are rewritten**, with a note: `*.lightning.force.com` and
//!   `*.my.salesforce-setup.com` → `*.my.salesforce.com` (and the Gov Cloud,
//!   China and alternative-domain equivalents). OAuth on the Lightning host
//!   does not work, so keeping it would only fail later.
//! - **Experience Cloud sites** (`X.my.site.com`) may live under a URL path
//!   prefix (`/partners`), and their OAuth endpoints then live under that
//!   prefix too. The origin stays scheme + host; the prefix is returned
//!   separately in [`LoginHost::path_prefix`] and used by
//!   [`LoginHost::endpoint`]. Only the first path segment is taken, and only
//!   when it is not one of Salesforce's own root paths (`/s`, `/services`,
//!   `/secur`, `/login`…), so `…/s/login` keeps an empty prefix. The same rule
//!   applies to opted-in custom domains, which mostly front Experience sites.
//! - **Environment names** are lowercase strings. Gov Cloud and China
//!   sandboxes are `government_sandbox` / `china_sandbox`: one field tells
//!   both the cloud and that it is a sandbox, without a second field.
//! - **Alternative domains** (`X.my-salesforce.com`) are accepted: they are
//!   Salesforce-owned per sfdx-core's own host list (docs/salesforce.md#my-domain-hostnames).
//! - **Visualforce and file hosts** are rewritten to the org's My Domain
//!   too, with a note: `acme--c.vf.force.com` → `acme.my.salesforce.com`
//!   (`--c` or a managed package namespace is the last `--` part),
//!   `acme--uat--c.sandbox.vf.force.com` → `acme--uat.sandbox.my.salesforce.com`,
//!   `acme.file.force.com` → `acme.my.salesforce.com`, and the legacy
//!   `acme--c.visualforce.com` / `acme--c.na44.visual.force.com` forms.
//!   A Salesforce-owned host that cannot be mapped is refused with the My
//!   Domain derived from it ("use acme.my.salesforce.com"). Host formats:
//!   docs/salesforce.md.
//! - **Legacy instance hosts** (`na44.salesforce.com`) are accepted with a
//!   warning note: Salesforce no longer recommends them (docs/salesforce.md#hosts).
//!   `csNN` instances and instance names ending in `s` (`usa2s`) are
//!   sandboxes: the rule of sfdx-core's `SfdcUrl.isSandboxUrl`
//!   (`src/util/sfdcUrl.ts`, https://github.com/forcedotcom/sfdx-core).
//! - **Legacy site URLs** (`acme.force.com/partners`, `acme.secure.force.com`)
//!   are refused with the enhanced-domain address to use instead
//!   (`acme.my.site.com/partners`).
//! - **Custom domains** (`login.acme.com`) are refused unless the caller opts
//!   in with `allow_custom_domain`: we cannot verify that an arbitrary host
//!   belongs to Salesforce, and this host receives the secret.

use crate::error::SfError;
use serde::Serialize;
use std::borrow::Cow;

/// What kind of org (or which cloud) a login host belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Environment {
    /// `login.salesforce.com` or a production My Domain.
    Production,
    /// `test.salesforce.com` or a sandbox My Domain.
    Sandbox,
    /// Developer Edition (`X-dev-ed.develop.my.salesforce.com`).
    Developer,
    /// Scratch org (`X.scratch.my.salesforce.com`).
    Scratch,
    /// Trailhead Playground (`X.trailblaze.my.salesforce.com`).
    Playground,
    /// Patch org (`X.patch.my.salesforce.com`).
    Patch,
    /// Demo org (`X.demo.my.salesforce.com`).
    Demo,
    /// Free org (`X.free.my.salesforce.com`, Salesforce-internal).
    Free,
    /// Experience Cloud site (`X.my.site.com`).
    Site,
    /// Government Cloud Plus production (`X.my.salesforce.mil`).
    Government,
    /// Government Cloud Plus sandbox (`X--SBX.sandbox.my.salesforce.mil`).
    GovernmentSandbox,
    /// Salesforce on Alibaba Cloud (`X.my.sfcrmproducts.cn`).
    China,
    /// Sandbox on Alibaba Cloud (`X--SBX.sandbox.my.sfcrmproducts.cn`).
    ChinaSandbox,
    /// Legacy instance host such as `na44.salesforce.com`.
    Instance,
    /// A custom domain the caller explicitly allowed.
    Custom,
}

impl Environment {
    /// The name JavaScript sees (`"production"`, `"government_sandbox"`…),
    /// the same as its serde (snake_case) serialization.
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Production => "production",
            Environment::Sandbox => "sandbox",
            Environment::Developer => "developer",
            Environment::Scratch => "scratch",
            Environment::Playground => "playground",
            Environment::Patch => "patch",
            Environment::Demo => "demo",
            Environment::Free => "free",
            Environment::Site => "site",
            Environment::Government => "government",
            Environment::GovernmentSandbox => "government_sandbox",
            Environment::China => "china",
            Environment::ChinaSandbox => "china_sandbox",
            Environment::Instance => "instance",
            Environment::Custom => "custom",
        }
    }
}

impl Environment {
    /// Whether a person acting on this environment acts on a live org: production, Government Cloud and China
    /// production, a legacy non-sandbox instance, and a custom domain (sftoken cannot tell which org is behind
    /// it, so it takes the careful side). A site is judged by its host: see [`OrgKind::of`].
    pub fn is_production(self) -> bool {
        matches!(
            self,
            Environment::Production
                | Environment::Government
                | Environment::China
                | Environment::Instance
                | Environment::Custom
        )
    }

    /// The mark the profile list shows: a word and a shape, never a colour alone. Every production-like
    /// environment shares the warning triangle and an upper-case word, so production is unmistakable.
    pub fn mark(self) -> EnvironmentMark {
        let (label, symbol) = match self {
            Environment::Production => ("PRODUCTION", "▲"),
            Environment::Sandbox => ("Sandbox", "●"),
            Environment::Developer => ("Developer", "◆"),
            Environment::Scratch => ("Scratch", "✱"),
            Environment::Playground => ("Playground", "★"),
            Environment::Patch => ("Patch", "✚"),
            Environment::Demo => ("Demo", "▶"),
            Environment::Free => ("Free", "○"),
            Environment::Site => ("Site", "■"),
            Environment::Government => ("PRODUCTION (Government Cloud)", "▲"),
            Environment::GovernmentSandbox => ("Sandbox (Government Cloud)", "●"),
            Environment::China => ("PRODUCTION (China)", "▲"),
            Environment::ChinaSandbox => ("Sandbox (China)", "●"),
            Environment::Instance => ("PRODUCTION (instance host)", "▲"),
            Environment::Custom => ("CUSTOM DOMAIN (treated as production)", "▲"),
        };
        EnvironmentMark { label, symbol }
    }
}

/// How an environment is shown: a word and a symbol (a shape), both readable without colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnvironmentMark {
    /// `PRODUCTION`, `Sandbox`, `Developer`… (production-like words are upper case).
    pub label: &'static str,
    /// `▲` production-like, `●` sandbox, `◆` developer, `✱` scratch, `■` site…
    pub symbol: &'static str,
}

/// What kind of org a profile reaches, as far as sftoken can tell, and whether it is a live one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrgKind {
    /// The environment.
    pub environment: Environment,
    /// Whether Refresh, Forget and revoke act on a live org (see [`Environment::is_production`]).
    pub production: bool,
}

impl OrgKind {
    /// The org behind a login host, refined by the instance URL a token named when there is one.
    ///
    /// The generic hosts say little: `login.salesforce.com` serves production *and* Developer Edition, Trailhead
    /// Playground and scratch orgs' logins alike, `test.salesforce.com` sandboxes and scratch orgs, a legacy instance
    /// host any org on it. A token's `instance_url` is the org's own My Domain, whose enhanced-domain partition word
    /// names the org type (docs/salesforce.md#my-domain-hostnames): so when the login host is generic and the
    /// instance URL is a recognised My Domain, the instance URL decides. A My Domain login host already names its
    /// org and is kept. An Experience Cloud site is a sandbox site under the `sandbox` partition
    /// (`X--SBX.sandbox.my.site.com`), a live one otherwise.
    pub fn of(login: &LoginHost, instance_url: Option<&str>) -> OrgKind {
        let generic = matches!(
            login.host.as_str(),
            "login.salesforce.com" | "test.salesforce.com"
        ) || login.environment == Environment::Instance;
        let environment = match instance_url.filter(|_| generic) {
            Some(url) => match normalize_login_url(url, false) {
                Ok(instance) if instance.host.contains(".my.") => instance.environment,
                _ => login.environment,
            },
            None => login.environment,
        };
        let production = match environment {
            Environment::Site => !login.host.contains(".sandbox.my."),
            other => other.is_production(),
        };
        OrgKind {
            environment,
            production,
        }
    }
}

/// A validated OAuth login host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoginHost {
    /// `https://` + host, no trailing slash.
    pub origin: String,
    /// Lowercase host name.
    pub host: String,
    /// Experience Cloud site path prefix (`/partners`) or empty.
    pub path_prefix: String,
    /// Which kind of org this host serves.
    pub environment: Environment,
    /// Things the user should know (rewrites, warnings), in plain words.
    pub notes: Vec<Cow<'static, str>>,
}

impl LoginHost {
    /// Full URL of an endpoint path such as `/services/oauth2/token`,
    /// including the site path prefix when there is one.
    pub fn endpoint(&self, path: &str) -> String {
        let mut url =
            String::with_capacity(self.origin.len() + self.path_prefix.len() + path.len());
        url.push_str(&self.origin);
        url.push_str(&self.path_prefix);
        url.push_str(path);
        url
    }
}

const HINT_SALESFORCE_HOSTS: &str =
    "Use login.salesforce.com (production), test.salesforce.com (sandbox), \
or your org's My Domain, e.g. acme.my.salesforce.com or acme--uat.sandbox.my.salesforce.com.";

fn malformed(message: &'static str) -> SfError {
    SfError::new("malformed_login_url", message, HINT_SALESFORCE_HOSTS)
}

/// Normalizes a pasted login URL or host. See the module docs for the rules.
pub fn normalize_login_url(input: &str, allow_custom_domain: bool) -> Result<LoginHost, SfError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(SfError::new(
            "empty_login_url",
            "No login URL was given.",
            HINT_SALESFORCE_HOSTS,
        ));
    }
    if trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(malformed(
            "The login URL contains spaces or invisible characters.",
        ));
    }

    let rest = strip_scheme(trimmed)?;
    // `\` ends the authority like `/` does: browsers treat it as a path
    // separator in https URLs, so `https://evil.io\@x.my.salesforce.com`
    // really goes to evil.io and must be judged as evil.io.
    let authority_end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let (authority, after_authority) = rest.split_at_checked(authority_end).unwrap_or((rest, ""));
    let host = parse_authority(authority)?;
    let path = after_authority.split(['?', '#']).next().unwrap_or_default();

    let mut notes: Vec<Cow<'static, str>> = Vec::new();
    let recognised = classify(&host, path, &mut notes)?;
    let (host, environment) = match recognised {
        Some(found) => found,
        None if allow_custom_domain => {
            notes.push(Cow::Borrowed(
                "Custom domain accepted because you allowed it. Make sure it really is your \
                 Salesforce org's domain: the consumer secret and authorization code are sent there.",
            ));
            (host, Environment::Custom)
        }
        None => return Err(not_salesforce(&host)),
    };

    let path_prefix = if matches!(environment, Environment::Site | Environment::Custom) {
        site_path_prefix(path)
    } else {
        String::new()
    };
    if !path_prefix.is_empty() {
        notes.push(Cow::Owned(format!(
            "Kept the site path prefix {path_prefix}: a site's OAuth endpoints live under it."
        )));
    }

    Ok(LoginHost {
        origin: format!("https://{host}"),
        host,
        path_prefix,
        environment,
        notes,
    })
}

/// Returns what follows the scheme, refusing anything but https.
fn strip_scheme(input: &str) -> Result<&str, SfError> {
    if let Some(rest) = input.strip_prefix("//") {
        return Ok(rest);
    }
    let Some((scheme, rest)) = input.split_once("://") else {
        return Ok(input); // No scheme typed: https is assumed.
    };
    let valid_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid_scheme {
        // `://` appears later, e.g. inside a path: there was no scheme.
        return Ok(input);
    }
    if scheme.eq_ignore_ascii_case("https") {
        Ok(rest)
    } else if scheme.eq_ignore_ascii_case("http") {
        Err(SfError::new(
            "https_required",
            "The login URL uses http://, but Salesforce only serves OAuth over HTTPS.",
            "Use https:// (or just type the host name, e.g. login.salesforce.com).",
        ))
    } else {
        Err(SfError::new(
            "unsupported_scheme",
            "The login URL does not start with https://.",
            HINT_SALESFORCE_HOSTS,
        ))
    }
}

/// Validates `host[:port]` and returns the lowercase host without a trailing dot.
fn parse_authority(authority: &str) -> Result<String, SfError> {
    if authority.is_empty() {
        return Err(malformed("The login URL has no host name."));
    }
    if authority.contains('@') {
        return Err(SfError::new(
            "userinfo_not_allowed",
            "The login URL contains a user name or password before the host (user:pass@host).",
            "Remove everything up to and including '@': you log in on the Salesforce page, never in the URL.",
        ));
    }
    if authority.starts_with('[') {
        return Err(ip_not_allowed());
    }
    let host = match authority.split_once(':') {
        None => authority,
        Some((_, port)) if port.bytes().all(|b| b.is_ascii_digit()) => {
            return Err(SfError::new(
                "port_not_allowed",
                "The login URL contains a port number (':…' after the host). Salesforce hosts have none.",
                "Remove the ':' and the number after the host name.",
            ))
        }
        Some(_) => return Err(malformed("The login URL's host name contains ':'.")),
    };
    let host = host.to_ascii_lowercase();
    let host = host.strip_suffix('.').unwrap_or(&host).to_owned();

    if !host.is_ascii() {
        return Err(malformed(
            "The host name contains non-ASCII characters; Salesforce host names are plain ASCII.",
        ));
    }
    if host.is_empty() || host.len() > 253 {
        return Err(malformed("The login URL's host name is empty or too long."));
    }
    let labels_ok = host.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    });
    if !labels_ok {
        return Err(malformed(
            "The login URL's host name contains characters that are not allowed in a host name.",
        ));
    }
    if ends_in_a_number(&host) {
        return Err(ip_not_allowed());
    }
    if !host.contains('.') {
        return Err(SfError::new(
            "incomplete_host",
            "The login URL is a single word, not a full host name.",
            "If it is your My Domain name, add .my.salesforce.com (e.g. acme.my.salesforce.com); \
             for a sandbox use NAME--SANDBOX.sandbox.my.salesforce.com.",
        ));
    }
    Ok(host)
}

/// The WHATWG URL rule: a host whose last label is a number is an IPv4
/// address (`10.0.0.1`, `0x7f.1`), whatever the other labels are.
fn ends_in_a_number(host: &str) -> bool {
    let last = host.rsplit('.').next().unwrap_or_default();
    let is_decimal = !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit());
    let is_hex = last
        .strip_prefix("0x")
        .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()));
    is_decimal || is_hex
}

fn ip_not_allowed() -> SfError {
    SfError::new(
        "ip_address_not_allowed",
        "The login URL is an IP address. Salesforce OAuth needs the host name.",
        HINT_SALESFORCE_HOSTS,
    )
}

fn not_salesforce(host: &str) -> SfError {
    SfError::new(
        "not_salesforce_host",
        format!("{host} is not a Salesforce login host."),
        "Use login.salesforce.com, test.salesforce.com or your My Domain (acme.my.salesforce.com). \
         If this is your org's own custom domain (e.g. login.acme.com), turn on \"allow custom domain\".",
    )
}

/// UI hosts and the login host that serves OAuth for the same org.
const UI_TO_LOGIN_SUFFIXES: &[(&str, &str)] = &[
    (".lightning.force.com", ".my.salesforce.com"),
    (".file.force.com", ".my.salesforce.com"),
    (".my.salesforce-setup.com", ".my.salesforce.com"),
    (".lightning.crmforce.mil", ".my.salesforce.mil"),
    (".lightning.sfcrmapps.cn", ".my.sfcrmproducts.cn"),
    (".my-lightning.com", ".my-salesforce.com"),
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    Commercial,
    Alternative,
    Government,
    China,
    Site,
}

const MY_DOMAIN_SUFFIXES: &[(&str, Family)] = &[
    (".my.salesforce.com", Family::Commercial),
    (".my-salesforce.com", Family::Alternative),
    (".my.salesforce.mil", Family::Government),
    (".my.sfcrmproducts.cn", Family::China),
    (".my.site.com", Family::Site),
];

/// Salesforce-owned domains that are not OAuth login hosts themselves
/// (Visualforce, content, bare instance names…). They get a specific error
/// even when custom domains are allowed, because they are never custom.
const SALESFORCE_OWNED: &[&str] = &[
    "salesforce.com",
    "force.com",
    "visualforce.com",
    "cloudforce.com",
    "database.com",
    "salesforce-setup.com",
    "salesforce-sites.com",
    "site.com",
    "my-salesforce.com",
    "my-lightning.com",
    "salesforce.mil",
    "force.mil",
    "crmforce.mil",
    "sfcrmproducts.cn",
    "sfcrmapps.cn",
];

/// The note for a page host rewritten to its My Domain.
fn rewritten(from: &str, to: &str) -> Cow<'static, str> {
    Cow::Owned(format!(
        "{from} is a Salesforce page address, not a login host; using the org's My Domain {to} \
         instead."
    ))
}

/// First labels that are Salesforce's own, never an org's My Domain name.
const GENERIC_LABELS: &[&str] = &[
    "www",
    "login",
    "test",
    "lightning",
    "c",
    "vf",
    "file",
    "content",
    "secure",
    "my",
    "help",
    "developer",
    "trailhead",
    "status",
    "appexchange",
];

/// The My Domain login host of a Visualforce host, or `None`.
/// Enhanced: `NAME--PKG[.PARTITION].vf.force.com`; legacy:
/// `NAME--PKG.visualforce.com`, `NAME--PKG.INSTANCE.visual.force.com`. The
/// last `--` part is the package (`c`, or a managed package namespace).
fn visualforce_my_domain(host: &str) -> Option<String> {
    let (prefix, partitioned) = if let Some(p) = host.strip_suffix(".vf.force.com") {
        (p, true)
    } else if let Some(p) = host.strip_suffix(".visualforce.com") {
        (p, false)
    } else {
        let p = host.strip_suffix(".visual.force.com")?;
        let (name, instance) = p.split_once('.')?;
        if !is_instance_name(instance) {
            return None;
        }
        (name, false)
    };
    let mut labels = prefix.split('.');
    let name = labels.next()?;
    let partition = if partitioned { labels.next() } else { None };
    if labels.next().is_some() {
        return None;
    }
    let cut = name.rfind("--")?;
    let my_domain = name.get(..cut).filter(|n| !n.is_empty())?;
    if partition == Some("sandbox") && !my_domain.contains("--") {
        return None;
    }
    Some(match partition {
        Some(partition) => format!("{my_domain}.{partition}.my.salesforce.com"),
        None => format!("{my_domain}.my.salesforce.com"),
    })
}

/// The My Domain to suggest for a Salesforce-owned host that cannot be
/// mapped: its first label as a My Domain name (a sandbox when it has a
/// `--` part), in the cloud of the host.
fn suggested_my_domain(host: &str) -> Option<String> {
    let mut labels = host.split('.');
    let first = labels.next()?;
    if labels.count() < 2
        || GENERIC_LABELS.contains(&first)
        || is_instance_name(first)
        || first.is_empty()
    {
        return None;
    }
    let suffix = if host.ends_with(".mil") {
        ".my.salesforce.mil"
    } else if host.ends_with(".cn") {
        ".my.sfcrmproducts.cn"
    } else {
        ".my.salesforce.com"
    };
    let sandbox = if first.contains("--") { ".sandbox" } else { "" };
    Some([first, sandbox, suffix].concat())
}

/// The hint naming the My Domain derived from `host`, or the general one.
fn hint_for(host: &str) -> Cow<'static, str> {
    match suggested_my_domain(host) {
        Some(my_domain) => Cow::Owned(format!(
            "Use your org's My Domain login host: use {my_domain} if that is your org (Setup → My \
             Domain shows it), or login.salesforce.com / test.salesforce.com."
        )),
        None => Cow::Borrowed(HINT_SALESFORCE_HOSTS),
    }
}

/// A legacy Salesforce Sites / Experience Cloud host (`NAME.force.com`,
/// `NAME.secure.force.com`): refused, naming `NAME.my.site.com` with the
/// path prefix kept.
fn legacy_site(host: &str, path: &str) -> Option<SfError> {
    let prefix = host.strip_suffix(".force.com")?;
    let name = prefix.strip_suffix(".secure").unwrap_or(prefix);
    if name.is_empty()
        || name.contains('.')
        || GENERIC_LABELS.contains(&name)
        || is_instance_name(name)
    {
        return None;
    }
    let site = format!("{name}.my.site.com{}", site_path_prefix(path));
    Some(SfError::new(
        "legacy_site_url",
        format!(
            "{host} is a legacy Salesforce Sites address. Since enhanced domains (enforced in \
             Winter '24) sites are served from {name}.my.site.com, and their OAuth endpoints live \
             there."
        ),
        format!(
            "Use {site} as the login URL (open the site and copy the address it redirects to, if \
             it differs)."
        ),
    ))
}

/// Recognises a Salesforce login host. `Ok(None)` means "not Salesforce".
fn classify(
    host: &str,
    path: &str,
    notes: &mut Vec<Cow<'static, str>>,
) -> Result<Option<(String, Environment)>, SfError> {
    let mut host = host.to_owned();
    for (ui_suffix, login_suffix) in UI_TO_LOGIN_SUFFIXES {
        if let Some(name) = host.strip_suffix(ui_suffix).filter(|n| !n.is_empty()) {
            let login_host = [name, login_suffix].concat();
            notes.push(rewritten(&host, &login_host));
            host = login_host;
            break;
        }
    }
    if let Some(login_host) = visualforce_my_domain(&host) {
        notes.push(rewritten(&host, &login_host));
        host = login_host;
    }
    if let Some(refusal) = legacy_site(&host, path) {
        return Err(refusal);
    }

    match host.as_str() {
        "login.salesforce.com" => return Ok(Some((host, Environment::Production))),
        "test.salesforce.com" => return Ok(Some((host, Environment::Sandbox))),
        _ => {}
    }

    for &(suffix, family) in MY_DOMAIN_SUFFIXES {
        if let Some(prefix) = host.strip_suffix(suffix) {
            let environment = my_domain_environment(prefix, family, notes)?;
            return Ok(Some((host, environment)));
        }
    }

    if let Some(instance) = host.strip_suffix(".salesforce.com") {
        if is_instance_name(instance) {
            // sfdx-core `SfdcUrl.isSandboxUrl` (src/util/sfdcUrl.ts):
            // `cs` instances and instance names ending in `s` are sandboxes.
            if instance.starts_with("cs") || instance.ends_with('s') {
                notes.push(Cow::Borrowed(
                    "This is a legacy sandbox instance host. Salesforce no longer recommends instance \
                     URLs for login: the instance changes (refreshes, Hyperforce moves) and wrong instance \
                     URLs are no longer redirected since Spring '26. Prefer test.salesforce.com or the \
                     sandbox's My Domain (NAME--SANDBOX.sandbox.my.salesforce.com).",
                ));
                return Ok(Some((host, Environment::Sandbox)));
            }
            notes.push(Cow::Borrowed(
                "This is a legacy instance host. Salesforce no longer recommends instance URLs for \
                 login: the instance changes (refreshes, Hyperforce moves) and wrong instance URLs are \
                 no longer redirected since Spring '26. Prefer your My Domain.",
            ));
            return Ok(Some((host, Environment::Instance)));
        }
    }

    let owned_by_salesforce = SALESFORCE_OWNED.iter().any(|domain| {
        host == *domain
            || host
                .strip_suffix(domain)
                .is_some_and(|rest| rest.ends_with('.'))
    });
    if owned_by_salesforce {
        return Err(SfError::new(
            "not_a_login_host",
            format!("{host} belongs to Salesforce but does not serve OAuth logins."),
            hint_for(&host),
        ));
    }
    Ok(None)
}

/// Environment from the part of a My Domain host before the suffix:
/// `acme`, `acme--uat.sandbox`, `acme-dev-ed.develop`, …
fn my_domain_environment(
    prefix: &str,
    family: Family,
    notes: &mut Vec<Cow<'static, str>>,
) -> Result<Environment, SfError> {
    let unknown = || {
        let host = [prefix, family_suffix(family)].concat();
        SfError::new(
            "unrecognized_my_domain",
            "This looks like a My Domain host, but not in a form Salesforce uses.",
            hint_for(&host),
        )
    };
    let mut labels = prefix.split('.');
    let name = labels.next().unwrap_or_default();
    let partition = labels.next();
    if name.is_empty() || labels.next().is_some() {
        return Err(unknown());
    }
    let legacy_sandbox = name.contains("--");

    let environment = match (family, partition) {
        (Family::Commercial | Family::Alternative, None) => {
            if legacy_sandbox {
                notes.push(Cow::Borrowed(
                    "Legacy sandbox My Domain (without enhanced domains). Since Winter '24 the \
                     sandbox login host is NAME--SANDBOX.sandbox.my.salesforce.com.",
                ));
                Environment::Sandbox
            } else if name.ends_with("-dev-ed") {
                notes.push(Cow::Borrowed(
                    "Legacy Developer Edition My Domain. Since Winter '24 the login host is \
                     NAME-dev-ed.develop.my.salesforce.com.",
                ));
                Environment::Developer
            } else {
                Environment::Production
            }
        }
        (Family::Commercial | Family::Alternative, Some(partition)) => {
            partition_environment(partition).ok_or_else(unknown)?
        }
        (Family::Government, None) if legacy_sandbox => Environment::GovernmentSandbox,
        (Family::Government, None) => Environment::Government,
        (Family::Government, Some("sandbox")) => Environment::GovernmentSandbox,
        (Family::China, None) if legacy_sandbox => Environment::ChinaSandbox,
        (Family::China, None) => Environment::China,
        (Family::China, Some("sandbox")) => Environment::ChinaSandbox,
        (Family::Government | Family::China, Some(_)) => return Err(unknown()),
        (Family::Site, None) => Environment::Site,
        (Family::Site, Some(partition)) => {
            partition_environment(partition).ok_or_else(unknown)?;
            Environment::Site
        }
    };
    if family == Family::Alternative {
        notes.push(Cow::Borrowed(
            "Alternative Salesforce domain (my-salesforce.com); it works like my.salesforce.com.",
        ));
    }
    Ok(environment)
}

fn family_suffix(family: Family) -> &'static str {
    MY_DOMAIN_SUFFIXES
        .iter()
        .find(|(_, f)| *f == family)
        .map_or(".my.salesforce.com", |(suffix, _)| suffix)
}

/// The org-type word of a partitioned My Domain (docs/salesforce.md#my-domain-hostnames).
fn partition_environment(partition: &str) -> Option<Environment> {
    Some(match partition {
        "sandbox" => Environment::Sandbox,
        "develop" => Environment::Developer,
        "scratch" => Environment::Scratch,
        "trailblaze" => Environment::Playground,
        "patch" => Environment::Patch,
        "demo" => Environment::Demo,
        "free" => Environment::Free,
        _ => return None,
    })
}

/// Legacy instance names: letters then digits, optionally one letter
/// (`na44`, `cs91`, `eu12`, `ap4`, `um5`, `gs0`, `usa2s`).
fn is_instance_name(label: &str) -> bool {
    let letters = label.bytes().take_while(u8::is_ascii_lowercase).count();
    let rest = label.get(letters..).unwrap_or_default();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let tail = rest.get(digits..).unwrap_or_default();
    (2..=3).contains(&letters)
        && (1..=3).contains(&digits)
        && tail.len() <= 1
        && tail.bytes().all(|b| b.is_ascii_lowercase())
}

/// Salesforce's own root paths: never a site prefix.
const ROOT_PATHS: &[&str] = &[
    "s",
    "services",
    "secur",
    "login",
    "apex",
    "sfsites",
    "_ui",
    "lightning",
    "sfc",
    "id",
    "setup",
    "home",
    "resource",
    "_nc_external",
];

fn site_path_prefix(path: &str) -> String {
    let first = path
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default();
    let plausible = !first.is_empty()
        && first.len() <= 80
        && first
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if plausible && !ROOT_PATHS.iter().any(|r| r.eq_ignore_ascii_case(first)) {
        ["/", first].concat()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Environment::*;

    fn ok(input: &str) -> LoginHost {
        normalize_login_url(input, false).unwrap_or_else(|e| panic!("{input}: {e:?}"))
    }

    fn err(input: &str) -> SfError {
        match normalize_login_url(input, false) {
            Ok(h) => panic!("{input} accepted as {h:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn accepts_every_documented_host_form() {
        let cases: &[(&str, &str, Environment)] = &[
            ("login.salesforce.com", "login.salesforce.com", Production),
            ("test.salesforce.com", "test.salesforce.com", Sandbox),
            (
                "https://acme.my.salesforce.com/",
                "acme.my.salesforce.com",
                Production,
            ),
            (
                "acme--uat.sandbox.my.salesforce.com",
                "acme--uat.sandbox.my.salesforce.com",
                Sandbox,
            ),
            (
                "acme-dev-ed.develop.my.salesforce.com",
                "acme-dev-ed.develop.my.salesforce.com",
                Developer,
            ),
            (
                "x.scratch.my.salesforce.com",
                "x.scratch.my.salesforce.com",
                Scratch,
            ),
            (
                "x.trailblaze.my.salesforce.com",
                "x.trailblaze.my.salesforce.com",
                Playground,
            ),
            (
                "x.patch.my.salesforce.com",
                "x.patch.my.salesforce.com",
                Patch,
            ),
            ("x.demo.my.salesforce.com", "x.demo.my.salesforce.com", Demo),
            ("x.free.my.salesforce.com", "x.free.my.salesforce.com", Free),
            (
                "X--SBX.my.salesforce.com",
                "x--sbx.my.salesforce.com",
                Sandbox,
            ),
            (
                "x-dev-ed.my.salesforce.com",
                "x-dev-ed.my.salesforce.com",
                Developer,
            ),
            ("acme.my.site.com", "acme.my.site.com", Site),
            (
                "acme--uat.sandbox.my.site.com",
                "acme--uat.sandbox.my.site.com",
                Site,
            ),
            ("x.my.salesforce.mil", "x.my.salesforce.mil", Government),
            (
                "x--sbx.sandbox.my.salesforce.mil",
                "x--sbx.sandbox.my.salesforce.mil",
                GovernmentSandbox,
            ),
            (
                "x--sbx.my.salesforce.mil",
                "x--sbx.my.salesforce.mil",
                GovernmentSandbox,
            ),
            ("x.my.sfcrmproducts.cn", "x.my.sfcrmproducts.cn", China),
            (
                "x--sbx.sandbox.my.sfcrmproducts.cn",
                "x--sbx.sandbox.my.sfcrmproducts.cn",
                ChinaSandbox,
            ),
            ("na44.salesforce.com", "na44.salesforce.com", Instance),
            ("cs91.salesforce.com", "cs91.salesforce.com", Sandbox),
            ("usa2s.salesforce.com", "usa2s.salesforce.com", Sandbox),
            ("x.my-salesforce.com", "x.my-salesforce.com", Production),
        ];
        for (input, host, env) in cases {
            let h = ok(input);
            assert_eq!(&h.host, host, "{input}");
            assert_eq!(h.origin, format!("https://{host}"), "{input}");
            assert_eq!(h.environment, *env, "{input}");
            assert_eq!(h.path_prefix, "", "{input}");
        }
    }

    #[test]
    fn legacy_forms_and_instances_carry_notes() {
        assert!(ok("X--SBX.my.salesforce.com").notes[0].contains("Legacy sandbox"));
        assert!(ok("x-dev-ed.my.salesforce.com").notes[0].contains("Legacy Developer"));
        assert!(ok("na44.salesforce.com").notes[0].contains("no longer recommends"));
        assert!(ok("x.my-salesforce.com").notes[0].contains("Alternative"));
        assert!(ok("login.salesforce.com").notes.is_empty());
    }

    #[test]
    fn trims_lowercases_and_ignores_path_query_fragment() {
        let h = ok("  HTTPS://Acme.My.Salesforce.COM./lightning/setup?x=1#frag \n");
        assert_eq!(h.origin, "https://acme.my.salesforce.com");
        assert_eq!(ok("//login.salesforce.com").host, "login.salesforce.com");
        assert_eq!(ok("login.salesforce.com?foo").host, "login.salesforce.com");
        assert_eq!(ok("login.salesforce.com#x").host, "login.salesforce.com");
    }

    #[test]
    fn rewrites_ui_hosts_to_login_hosts() {
        let cases = [
            (
                "https://acme.lightning.force.com/lightning/page/home",
                "acme.my.salesforce.com",
                Production,
            ),
            (
                "acme--uat.sandbox.lightning.force.com",
                "acme--uat.sandbox.my.salesforce.com",
                Sandbox,
            ),
            (
                "x.develop.lightning.force.com",
                "x.develop.my.salesforce.com",
                Developer,
            ),
            (
                "https://acme.my.salesforce-setup.com/lightning/setup/SetupOneHome/home",
                "acme.my.salesforce.com",
                Production,
            ),
            (
                "x.lightning.crmforce.mil",
                "x.my.salesforce.mil",
                Government,
            ),
            ("x.lightning.sfcrmapps.cn", "x.my.sfcrmproducts.cn", China),
            ("x.my-lightning.com", "x.my-salesforce.com", Production),
        ];
        for (input, host, env) in cases {
            let h = ok(input);
            assert_eq!(h.host, host, "{input}");
            assert_eq!(h.environment, env, "{input}");
            assert!(h.notes[0].contains("not a login host"), "{input}");
        }
    }

    #[test]
    fn rewrites_visualforce_and_file_hosts_to_the_my_domain() {
        let cases = [
            ("acme--c.vf.force.com", "acme.my.salesforce.com", Production),
            (
                "https://acme--uat--c.sandbox.vf.force.com/apex/Page?id=1",
                "acme--uat.sandbox.my.salesforce.com",
                Sandbox,
            ),
            (
                "acme--sbqq.vf.force.com",
                "acme.my.salesforce.com",
                Production,
            ),
            (
                "acme-dev-ed--c.develop.vf.force.com",
                "acme-dev-ed.develop.my.salesforce.com",
                Developer,
            ),
            ("acme.file.force.com", "acme.my.salesforce.com", Production),
            (
                "acme--uat.sandbox.file.force.com",
                "acme--uat.sandbox.my.salesforce.com",
                Sandbox,
            ),
            (
                "acme--c.visualforce.com",
                "acme.my.salesforce.com",
                Production,
            ),
            (
                "acme--uat--c.visualforce.com",
                "acme--uat.my.salesforce.com",
                Sandbox,
            ),
            (
                "acme--c.na44.visual.force.com",
                "acme.my.salesforce.com",
                Production,
            ),
        ];
        for (input, host, env) in cases {
            let h = ok(input);
            assert_eq!(h.host, host, "{input}");
            assert_eq!(h.environment, env, "{input}");
            assert!(h.notes[0].contains("not a login host"), "{input}");
            assert!(h.notes[0].contains(host), "{input}");
        }
    }

    #[test]
    fn unmappable_salesforce_hosts_name_the_derived_my_domain() {
        for (input, my_domain) in [
            ("acme.vf.force.com", "acme.my.salesforce.com"),
            ("acme.salesforce.com", "acme.my.salesforce.com"),
            (
                "acme--c.sandbox.vf.force.com",
                "acme--c.sandbox.my.salesforce.com",
            ),
            ("x.sfdctest.my.salesforce.com", "x.my.salesforce.com"),
            ("x.develop.my.salesforce.mil", "x.my.salesforce.mil"),
        ] {
            let e = err(input);
            assert!(
                e.hint.contains(&format!("use {my_domain}")),
                "{input}: {}",
                e.hint
            );
            assert!(!e.hint.contains("MyCompany"));
        }
    }

    #[test]
    fn sandbox_instances_and_legacy_sites() {
        assert!(ok("cs91.salesforce.com").notes[0].contains("legacy sandbox instance"));
        assert_eq!(ok("na44.salesforce.com").environment, Instance);
        let e = err("https://acme.force.com/partners/s/login");
        assert_eq!(e.code, "legacy_site_url");
        assert!(e.message.contains("acme.my.site.com"), "{}", e.message);
        assert!(
            e.hint.contains("Use acme.my.site.com/partners "),
            "{}",
            e.hint
        );
        let e = err("acme.secure.force.com");
        assert!(e.hint.contains("Use acme.my.site.com "), "{}", e.hint);
        assert_eq!(err("lightning.force.com").code, "not_a_login_host");
    }

    #[test]
    fn site_path_prefix_is_kept_for_sites_only() {
        let h = ok("https://acme.my.site.com/partners/s/login?startURL=x");
        assert_eq!(h.path_prefix, "/partners");
        assert_eq!(
            h.endpoint("/services/oauth2/token"),
            "https://acme.my.site.com/partners/services/oauth2/token"
        );
        assert!(h.notes.iter().any(|n| n.contains("/partners")));
        assert_eq!(ok("https://acme.my.site.com/s/login").path_prefix, "");
        assert_eq!(
            ok("https://acme.my.site.com/services/oauth2/authorize").path_prefix,
            ""
        );
        assert_eq!(
            ok("https://acme.my.salesforce.com/partners").path_prefix,
            ""
        );
        let custom = normalize_login_url("https://login.acme.com/portal/s/", true).unwrap();
        assert_eq!(custom.path_prefix, "/portal");
    }

    #[test]
    fn refuses_with_clear_codes() {
        let cases = [
            ("", "empty_login_url"),
            ("   ", "empty_login_url"),
            ("http://login.salesforce.com", "https_required"),
            ("HTTP://acme.my.salesforce.com", "https_required"),
            ("ftp://login.salesforce.com", "unsupported_scheme"),
            (
                "https://user:pass@acme.my.salesforce.com",
                "userinfo_not_allowed",
            ),
            ("acme.my.salesforce.com@evil.io", "userinfo_not_allowed"),
            ("https://acme.my.salesforce.com:443", "port_not_allowed"),
            ("login.salesforce.com:8443/", "port_not_allowed"),
            ("example.com", "not_salesforce_host"),
            ("salesforce.com.evil.io", "not_salesforce_host"),
            ("evilsalesforce.com", "not_salesforce_host"),
            ("my.salesforce.com.evil.io", "not_salesforce_host"),
            ("login.acme.com", "not_salesforce_host"),
            (
                "https://evil.io\\@acme.my.salesforce.com",
                "not_salesforce_host",
            ),
            ("127.0.0.1", "ip_address_not_allowed"),
            ("https://10.1.2.3/services", "ip_address_not_allowed"),
            ("0x7f.1", "ip_address_not_allowed"),
            ("[::1]", "ip_address_not_allowed"),
            ("https://", "malformed_login_url"),
            ("https:///path", "malformed_login_url"),
            ("acme..my.salesforce.com", "malformed_login_url"),
            ("acme.my.salesforce.com:abc", "malformed_login_url"),
            ("acme .my.salesforce.com", "malformed_login_url"),
            ("ac_me.my.salesforce.com", "malformed_login_url"),
            ("exämple.com", "malformed_login_url"),
            ("acme", "incomplete_host"),
            ("localhost", "incomplete_host"),
            ("salesforce.com", "not_a_login_host"),
            ("www.salesforce.com", "not_a_login_host"),
            ("c.na44.visual.force.com", "not_a_login_host"),
            ("acme.vf.force.com", "not_a_login_host"),
            ("acme--c.sandbox.vf.force.com", "not_a_login_host"),
            ("https://acme.force.com/partners", "legacy_site_url"),
            ("acme.secure.force.com", "legacy_site_url"),
            ("lightning.force.com", "not_a_login_host"),
            ("acme.salesforce.com", "not_a_login_host"),
            ("a.b.c.my.salesforce.com", "unrecognized_my_domain"),
            ("x.sfdctest.my.salesforce.com", "unrecognized_my_domain"),
            ("x.develop.my.salesforce.mil", "unrecognized_my_domain"),
        ];
        for (input, code) in cases {
            assert_eq!(err(input).code, code, "{input}");
        }
        assert!(err("http://login.salesforce.com").message.contains("HTTPS"));
        assert!(err("example.com").hint.contains("allow custom domain"));
    }

    #[test]
    fn custom_domain_needs_opt_in() {
        assert_eq!(err("login.acme.com").code, "not_salesforce_host");
        let h = normalize_login_url("https://login.acme.com/", true).unwrap();
        assert_eq!(h.environment, Custom);
        assert_eq!(h.origin, "https://login.acme.com");
        assert!(h.notes[0].contains("Custom domain"));
        // Opting in never relaxes the other rules, nor turns Salesforce-owned
        // non-login hosts into "custom" ones.
        for (input, code) in [
            ("http://login.acme.com", "https_required"),
            ("login.acme.com:8443", "port_not_allowed"),
            ("10.0.0.1", "ip_address_not_allowed"),
            ("localhost", "incomplete_host"),
            ("www.salesforce.com", "not_a_login_host"),
        ] {
            assert_eq!(
                normalize_login_url(input, true).unwrap_err().code,
                code,
                "{input}"
            );
        }
    }

    #[test]
    fn serializes_environment_in_snake_case() {
        let h = ok("x--sbx.sandbox.my.salesforce.mil");
        let json = serde_json::to_value(&h).unwrap();
        assert_eq!(json["environment"], "government_sandbox");
        assert_eq!(json["pathPrefix"], "");
        assert_eq!(serde_json::to_value(Playground).unwrap(), "playground");
    }

    #[test]
    fn as_str_is_the_serde_name() {
        for env in [
            Production,
            Sandbox,
            Developer,
            Scratch,
            Playground,
            Patch,
            Demo,
            Free,
            Site,
            Government,
            GovernmentSandbox,
            China,
            ChinaSandbox,
            Instance,
            Custom,
        ] {
            assert_eq!(serde_json::to_value(env).unwrap(), env.as_str());
        }
    }
}

#[cfg(test)]
mod org_kind_tests {
    use super::*;

    fn kind(login_url: &str, instance: Option<&str>) -> OrgKind {
        let login = normalize_login_url(login_url, true).expect("a login host");
        OrgKind::of(&login, instance)
    }

    #[test]
    fn a_my_domain_login_host_names_its_org() {
        let k = kind("acme--uat.sandbox.my.salesforce.com", None);
        assert_eq!(k.environment, Environment::Sandbox);
        assert!(!k.production);
        let k = kind("acme.my.salesforce.com", None);
        assert_eq!(k.environment, Environment::Production);
        assert!(k.production);
        // A My Domain login host is kept even if a token named another instance.
        let k = kind(
            "acme.my.salesforce.com",
            Some("https://x.scratch.my.salesforce.com"),
        );
        assert_eq!(k.environment, Environment::Production);
    }

    #[test]
    fn a_generic_login_host_is_refined_by_the_instance_url() {
        assert_eq!(
            kind("login.salesforce.com", None).environment,
            Environment::Production
        );
        let dev = kind(
            "login.salesforce.com",
            Some("https://acme-dev-ed.develop.my.salesforce.com"),
        );
        assert_eq!(dev.environment, Environment::Developer);
        assert!(!dev.production);
        let scratch = kind(
            "test.salesforce.com",
            Some("https://speed-ruby-1234.scratch.my.salesforce.com"),
        );
        assert_eq!(scratch.environment, Environment::Scratch);
        let prod = kind(
            "login.salesforce.com",
            Some("https://acme.my.salesforce.com"),
        );
        assert!(prod.production);
        // An instance URL that is no My Domain (a legacy instance, garbage) says nothing more.
        let legacy = kind("test.salesforce.com", Some("https://cs42.salesforce.com"));
        assert_eq!(legacy.environment, Environment::Sandbox);
        assert_eq!(
            kind("login.salesforce.com", Some("not a url")).environment,
            Environment::Production
        );
    }

    #[test]
    fn sites_are_live_unless_under_the_sandbox_partition() {
        assert!(kind("acme.my.site.com/partners", None).production);
        assert!(!kind("acme--uat.sandbox.my.site.com", None).production);
    }

    #[test]
    fn every_production_like_environment_shares_one_unmistakable_mark() {
        for env in [
            Environment::Production,
            Environment::Government,
            Environment::China,
            Environment::Instance,
            Environment::Custom,
        ] {
            assert!(env.is_production());
            assert_eq!(env.mark().symbol, "▲");
            assert!(
                env.mark().label.starts_with("PRODUCTION")
                    || env.mark().label.starts_with("CUSTOM")
            );
        }
        let others = [
            Environment::Sandbox,
            Environment::Developer,
            Environment::Scratch,
            Environment::Playground,
            Environment::Patch,
            Environment::Demo,
            Environment::Free,
            Environment::Site,
        ];
        let symbols: std::collections::HashSet<_> =
            others.iter().map(|e| e.mark().symbol).collect();
        assert_eq!(
            symbols.len(),
            others.len(),
            "each environment has its own shape"
        );
        assert!(!symbols.contains("▲"));
    }
}
