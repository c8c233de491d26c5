//! A token request as a command to run by hand: curl for a POSIX shell (bash, zsh, Git Bash, WSL, macOS) and
//! `Invoke-RestMethod` for Windows PowerShell and PowerShell 7. The standalone page shows these when the org does
//! not let a web page call its token endpoint (CORS), so the person runs the request themselves.
//!
//! Every value is quoted, never interpolated, so a secret with any character in it reaches Salesforce unchanged:
//! - POSIX shells: [`shell_quote`], the one quoting every command sftoken writes uses (exports too): single quotes,
//!   in which nothing is special — not `$`, not `` ` ``, and not bash's history character `!` ("Enclosing
//!   characters in single quotes preserves the literal value of each character", bash manual, Single Quotes;
//!   history expansion is not performed inside them, bash manual, History Interaction); `'` and `\` outside them.
//! - PowerShell: single-quoted (verbatim) strings, in which `$` and `` ` `` are literal; a quote is written twice.
//!   PowerShell counts the typographic quotes ‘ ’ ‚ ‛ as single quotes too (about_Quoting_Rules), so they are
//!   doubled as well, or a pasted value with one would end the string early.
//!
//! The command carries the code, the PKCE verifier and maybe the consumer secret: it is a [`Secret`].

use super::http::Request;
use crate::encoding::shell_quote::shell_quote;
use crate::error::SfError;
use crate::secret::Secret;

/// What to tell the person about a code exchange command.
pub const RUN_ONCE_NOTE: &str = "Run it once, within 15 minutes of logging in: the code is single-use. The \
answer's access_token is your token; an error in the answer says what to change (log in again for a new code).";

/// The shell a command is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shell {
    /// curl in a POSIX shell.
    Curl,
    /// `Invoke-RestMethod` in PowerShell.
    PowerShell,
}

impl Shell {
    /// `curl` or `powershell`, as the boundary names them.
    pub fn parse(name: &str) -> Result<Shell, SfError> {
        match name.trim().to_ascii_lowercase().as_str() {
            "curl" | "bash" | "sh" => Ok(Shell::Curl),
            "powershell" | "pwsh" => Ok(Shell::PowerShell),
            _ => Err(SfError::new(
                "unknown_shell",
                "sftoken writes the token request for curl or for PowerShell only.",
                "Ask for \"curl\" or \"powershell\".",
            )),
        }
    }
}

/// The characters PowerShell reads as a single quote (its tokenizer's `IsSingleQuote`).
const POWERSHELL_SINGLE_QUOTES: [char; 5] = ['\'', '\u{2018}', '\u{2019}', '\u{201A}', '\u{201B}'];

/// `value` as a PowerShell single-quoted (verbatim) string.
pub fn powershell_quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        out.push(c);
        if POWERSHELL_SINGLE_QUOTES.contains(&c) {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// The request as one command for `shell`: the method, the URL, every header and the body, each quoted.
pub fn token_request_command(request: &Request, shell: Shell) -> Secret {
    match shell {
        Shell::Curl => curl(request),
        Shell::PowerShell => powershell(request),
    }
}

fn curl(request: &Request) -> Secret {
    // -sS: no progress bar, but errors shown; --data-raw: a body starting with '@' is not a file name.
    let mut lines = vec![format!(
        "curl -sS -X {} {}",
        request.method,
        shell_quote(&request.url)
    )];
    for (name, value) in &request.headers {
        lines.push(format!(
            "-H {}",
            shell_quote(&[name, ": ", value.expose()].concat())
        ));
    }
    if let Some(body) = &request.body {
        lines.push(format!("--data-raw {}", shell_quote(body.expose())));
    }
    Secret::new(lines.join(" \\\n  "))
}

fn powershell(request: &Request) -> Secret {
    // One line: a line continuation (a backtick) breaks when a trailing space is pasted after it.
    let method = if request.method == "POST" {
        "Post"
    } else {
        "Get"
    };
    let mut parts = vec![format!(
        "Invoke-RestMethod -Method {method} -Uri {}",
        powershell_quote(&request.url)
    )];
    // Content-Type goes in -ContentType: Invoke-RestMethod takes it from there for a string body.
    let headers: Vec<String> = request
        .headers
        .iter()
        .filter(|(name, _)| !name.eq_ignore_ascii_case("Content-Type"))
        .map(|(name, value)| {
            format!(
                "{} = {}",
                powershell_quote(name),
                powershell_quote(value.expose())
            )
        })
        .collect();
    if !headers.is_empty() {
        parts.push(format!("-Headers @{{ {} }}", headers.join("; ")));
    }
    if let Some(content_type) = request.header("Content-Type") {
        parts.push(format!("-ContentType {}", powershell_quote(content_type)));
    }
    if let Some(body) = &request.body {
        parts.push(format!("-Body {}", powershell_quote(body.expose())));
    }
    // The answer as JSON text, to copy, instead of PowerShell's formatted object.
    parts.push("| ConvertTo-Json".to_owned());
    Secret::new(parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{build_token_request, normalize_login_url, Grant, Secret as S, TokenRequestInput};

    fn exchange(secret: Option<&str>, code: &str) -> Request {
        let login = normalize_login_url("acme.my.salesforce.com", false).unwrap();
        let secret = secret.map(S::new);
        build_token_request(&TokenRequestInput {
            login: &login,
            client_id: "3MVG9.key",
            client_secret: secret.as_ref(),
            grant: Grant::AuthorizationCode {
                code: S::new(code),
                redirect_uri: "http://localhost:8080/".into(),
                code_verifier: Some(S::new(
                    "verifier-abc_123-0123456789abcdefghijklmnopqrstuvwxyz",
                )),
            },
        })
        .unwrap()
    }

    /// What a POSIX shell reads back from a quoted word: strips the quoting, `\'` and `\\` included.
    fn posix_unquote(word: &str) -> String {
        let mut out = String::new();
        let mut rest = word;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('\'') {
                let end = after.find('\'').expect("closed quote");
                out.push_str(&after[..end]);
                rest = &after[end + 1..];
            } else if let Some(after) = rest.strip_prefix('\\') {
                let mut chars = after.chars();
                out.push(chars.next().expect("an escaped character"));
                rest = chars.as_str();
            } else {
                panic!("unquoted text in {word:?}");
            }
        }
        out
    }

    /// What PowerShell reads back from one single-quoted string: a doubled quote is one.
    fn powershell_unquote(word: &str) -> String {
        let inner: Vec<char> = word.chars().collect();
        assert!(POWERSHELL_SINGLE_QUOTES.contains(&inner[0]));
        assert!(POWERSHELL_SINGLE_QUOTES.contains(inner.last().unwrap()));
        let mut out = String::new();
        let mut i = 1;
        while i < inner.len() - 1 {
            let c = inner[i];
            if POWERSHELL_SINGLE_QUOTES.contains(&c) {
                assert!(
                    POWERSHELL_SINGLE_QUOTES.contains(&inner[i + 1]) && i + 1 < inner.len() - 1,
                    "a lone quote ends the string early in {word:?}"
                );
                out.push(c);
                i += 2;
            } else {
                out.push(c);
                i += 1;
            }
        }
        out
    }

    const HOSTILE: &[&str] = &[
        "",
        "plain",
        "it's",
        "''",
        "a!b !! !$ !-1",
        "$HOME `whoami` $(id) \\n \" ; & | > <",
        "line\nbreak",
        "‘curly’ ‚low‛ quotes",
        "%21%3D%3D",
        "@file",
    ];

    #[test]
    fn shell_quoting_round_trips_every_character() {
        for value in HOSTILE {
            let quoted = shell_quote(value);
            assert_eq!(posix_unquote(&quoted), *value, "{quoted}");
        }
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        // bash's history character stays inside single quotes, where it is not expanded.
        assert_eq!(shell_quote("a!b"), "'a!b'");
    }

    #[test]
    fn powershell_quoting_doubles_every_kind_of_single_quote() {
        for value in HOSTILE {
            let quoted = powershell_quote(value);
            assert_eq!(powershell_unquote(&quoted), *value, "{quoted}");
        }
        assert_eq!(powershell_quote("it's"), "'it''s'");
        assert_eq!(powershell_quote("a’b"), "'a’’b'");
        assert_eq!(powershell_quote("$env:X `n"), "'$env:X `n'");
    }

    #[test]
    fn curl_command_carries_method_url_headers_and_body() {
        let request = exchange(Some("s3cr'et!"), "aPrx!code==");
        let command = token_request_command(&request, Shell::Curl);
        let text = command.expose();
        assert!(text.starts_with(
            "curl -sS -X POST 'https://acme.my.salesforce.com/services/oauth2/token' \\\n  "
        ));
        assert!(text.contains("-H 'Content-Type: application/x-www-form-urlencoded'"));
        assert!(text.contains("-H 'Accept: application/json'"));
        let body = text.split("--data-raw ").nth(1).unwrap();
        assert_eq!(posix_unquote(body), request.expose_body());
        assert!(request
            .expose_body()
            .contains("code_verifier=verifier-abc_123-0123456789abcdefghijklmnopqrstuvwxyz"));
        assert!(!format!("{command:?}").contains("verifier"));
    }

    #[test]
    fn powershell_command_is_one_line_with_content_type_apart() {
        let request = exchange(None, "aPrx'code");
        let command = token_request_command(&request, Shell::PowerShell);
        let text = command.expose();
        assert!(!text.contains('\n'));
        assert!(text.starts_with(
            "Invoke-RestMethod -Method Post -Uri 'https://acme.my.salesforce.com/services/oauth2/token' "
        ));
        assert!(text.contains("-Headers @{ 'Accept' = 'application/json' }"));
        assert!(text.contains("-ContentType 'application/x-www-form-urlencoded'"));
        assert!(text.ends_with("| ConvertTo-Json"));
        let body = text
            .split("-Body ")
            .nth(1)
            .unwrap()
            .strip_suffix(" | ConvertTo-Json")
            .unwrap();
        assert_eq!(powershell_unquote(body), request.expose_body());
    }

    #[test]
    fn shells_by_name() {
        assert_eq!(Shell::parse("curl").unwrap(), Shell::Curl);
        assert_eq!(Shell::parse(" PowerShell ").unwrap(), Shell::PowerShell);
        assert_eq!(Shell::parse("cmd").unwrap_err().code, "unknown_shell");
    }
}
