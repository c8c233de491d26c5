//! The OAuth flows a profile can use, and what a Salesforce admin must set up
//! in the org before each one works (docs/salesforce.md#hosts,
//! docs/salesforce.md#grants, docs/salesforce.md#lifetimes,
//! docs/salesforce.md#refresh-tokens).
//!
//! The notes are plain sentences for the profile form, each fact from the
//! reference: what the app needs, and where Salesforce blocks the flow.

use crate::error::SfError;

/// How a profile gets its token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Web-server login (authorization code + PKCE) in a browser tab.
    WebServer,
    /// Username-password: one request with the user's password.
    Password,
    /// Client credentials: the app's Run As user, no person involved.
    ClientCredentials,
    /// JWT bearer: an assertion signed with the profile's private key.
    JwtBearer,
    /// Device flow: a code the person enters at the verification page.
    Device,
}

impl Flow {
    /// The name JavaScript uses (`"web_server"`, `"jwt_bearer"`…).
    pub fn as_str(self) -> &'static str {
        match self {
            Flow::WebServer => "web_server",
            Flow::Password => "password",
            Flow::ClientCredentials => "client_credentials",
            Flow::JwtBearer => "jwt_bearer",
            Flow::Device => "device",
        }
    }

    /// What an admin must know before using this flow: one or two sentences.
    pub fn note(self) -> &'static str {
        match self {
            Flow::WebServer => {
                "The app's Callback URL must be exactly the callback URL set here (same scheme, host, path \
                 and trailing slash). Turn on \"Require Proof Key for Code Exchange (PKCE)\" and turn off \
                 \"Require Secret for Web Server Flow\" so no consumer secret has to be stored in the browser."
            }
            Flow::Password => {
                "Orgs created in Summer '23 or later block this flow by default (Salesforce Help \"Block \
                 Authorization Flows\"; allowed in Setup → OAuth and OpenID Connect Settings), and Salesforce \
                 is deprecating it. It needs the consumer secret and the user's security token appended to \
                 the password unless the login IP is trusted, and gives no refresh token."
            }
            Flow::ClientCredentials => {
                "Works only on the org's My Domain login URL (e.g. acme.my.salesforce.com), never on \
                 login.salesforce.com or test.salesforce.com. The app needs the client credentials flow \
                 enabled with a Run As user who has the API Only permission; no refresh token is issued."
            }
            Flow::JwtBearer => {
                "Upload this profile's certificate to the app (\"Use digital signatures\") and pre-authorize \
                 the user: \"Admin approved users are pre-authorized\" plus the user's profile or a permission \
                 set. The audience follows the login URL (https://login.salesforce.com for production, \
                 https://test.salesforce.com for a sandbox); no refresh token is issued."
            }
            Flow::Device => {
                "The app needs \"Enable for Device Flow\", and since September 2025 device-flow apps that are \
                 not installed in the org are blocked for everyone. Salesforce is retiring the flow: the \
                 Salesforce CLI no longer offers it."
            }
        }
    }
}

/// The flow with this JavaScript name; absent or empty means the
/// web-server login.
fn from_name(flow: &str) -> Option<Flow> {
    Some(match flow.trim() {
        "" | "web_server" => Flow::WebServer,
        "password" => Flow::Password,
        "client_credentials" => Flow::ClientCredentials,
        "jwt_bearer" => Flow::JwtBearer,
        "device" => Flow::Device,
        _ => return None,
    })
}

/// Reads a profile's `flow`; absent or empty means the web-server login.
pub fn parse_flow(flow: &str) -> Result<Flow, SfError> {
    from_name(flow).ok_or_else(|| {
        SfError::new(
            "unknown_flow",
            "Unknown login flow.",
            "Choose web_server, password, client_credentials, jwt_bearer or device.",
        )
    })
}

/// The note for a flow name; `""` for an unknown one.
pub fn flow_note(flow: &str) -> &'static str {
    from_name(flow).map_or("", Flow::note)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Flow; 5] = [
        Flow::WebServer,
        Flow::Password,
        Flow::ClientCredentials,
        Flow::JwtBearer,
        Flow::Device,
    ];

    #[test]
    fn names_round_trip() {
        for flow in ALL {
            assert_eq!(parse_flow(flow.as_str()).unwrap(), flow);
        }
        assert_eq!(parse_flow("").unwrap(), Flow::WebServer);
        assert_eq!(parse_flow(" password ").unwrap(), Flow::Password);
        assert_eq!(parse_flow("implicit").unwrap_err().code, "unknown_flow");
    }

    #[test]
    fn notes_say_what_the_admin_needs() {
        for flow in ALL {
            let note = flow.note();
            assert!(!note.is_empty());
            assert!(note.matches(". ").count() <= 2, "{note}");
        }
        assert!(flow_note("web_server").contains("Callback URL"));
        assert!(flow_note("web_server").contains("PKCE"));
        assert!(flow_note("password").contains("Summer '23"));
        assert!(flow_note("password").contains("Block Authorization Flows"));
        assert!(flow_note("password").contains("security token"));
        assert!(flow_note("client_credentials").contains("My Domain"));
        assert!(flow_note("client_credentials").contains("Run As"));
        assert!(flow_note("client_credentials").contains("API Only"));
        assert!(flow_note("jwt_bearer").contains("certificate"));
        assert!(flow_note("jwt_bearer").contains("pre-authorize"));
        assert!(flow_note("jwt_bearer").contains("test.salesforce.com"));
        assert!(flow_note("device").contains("September 2025"));
        assert!(flow_note("device").contains("CLI"));
        assert_eq!(flow_note("saml"), "");
    }
}
