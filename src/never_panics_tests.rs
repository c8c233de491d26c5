//! Feeds odd, malformed and truncated inputs into every parser (JSON read by
//! `serde_json`, [`SerdeJson`], as the browser's `JSON.parse` would). Each must
//! return a value or an error; a panic fails the test. (This whole file is
//! test-only: `#[cfg(test)] mod never_panics_tests;` in lib.rs.)

use crate::*;

const SAMPLES: &[&str] = &[
    "https://acme.lightning.force.com/lightning/page/home",
    "https://acme--uat.sandbox.my.salesforce.com/?x=%3D#frag",
    "https://acme.my.site.com/partners/s/login",
    "http://localhost:1717/OauthRedirect?code=aPrxGfV7WpWW%3D%3D&state=5e464f1da81b",
    "chrome-extension://abc/cb.html#code=a+b%2B%3D&state=s&error_description=a+b",
    "error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match%20configuration",
    "error=unsupported_token_type&error_description=this%20token%20type%20is%20not%20supported",
    "https://acme.my.site.com/p/setup/secur/RemoteAccessErrorPage.apexp?error=invalid_scope&error_description=x+%ZZ",
    "HTTPS://é/setup/secur/RemoteAccessErrorPage.apexp?error=x",
    "acme--uat--c.sandbox.vf.force.com",
    "--.vf.force.com",
    "a--.visual.force.com",
    "é--c.na1.visual.force.com",
    "x.force.com/é",
    r#"{"access_token":"t","id":"https://login.salesforce.com/id/00Dxx/005xx","issued_at":"1278448384422","signature":"K7iV+SozELJWMu4JPu6wHqtu4R3wbdZ9mNz2Z26G/wQ="}"#,
    r#"{"error":"invalid_grant","error_description":"expired authorization code"}"#,
    "<html><title>x</title></html>",
    r#"[{"message":"Session expired","errorCode":"INVALID_SESSION_ID"}]"#,
    r#"{"a":[1,-2.5e-3,true,false,null,"\ud83d\ude00\u00e9\n\"\\"],"issued_at":12,"b":{}}"#,
    r#"{"x":"\ud800","y":"\udc00\u12","z":1e400,"w":01}"#,
    r#"{"device_code":"M2Q1","user_code":"AB12","verification_uri":"https://x/setup/connect","interval":5}"#,
    r#"{"error":"authorization_pending"}"#,
    r#"{"sftoken":"profiles/1","profiles":[{"name":"A","loginUrl":"login.salesforce.com","clientId":"3MVGa","clientSecret":"s"},null,{"loginUrl":[1]}]}"#,
    r#"{"sftoken":"profiles/99999999999999999999","profiles":{}}"#,
    r#"{"sftoken":"profiles/","profiles":"x"}"#,
    r#"{"error":"slow_down","interval":"1e9"}"#,
    "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    "%",
    "%Z",
    "%C3",
    "%C3%28",
    "%FF%FE",
    "%E2%82%AC",
    "+",
    "&&&",
    "===",
    "?#?#",
    "\\\\",
    "[::1]:443",
    "user@host:99999999999999999999",
    "é€😀",
    "\u{0}\u{7f}\u{200b}",
    "https://[",
    "https://a:",
    "//",
    ":",
    "a.b.c.d.e.f.g.h.my.salesforce.com",
    "0x",
    "0x.0x",
    "-.-",
    ".",
    "..",
    "xn--e1a.com",
    "force://PlatformCLI::5Aep861Fake==@acme.my.salesforce.com",
    "force://a:b:c:d@@",
    "FORCE://é:é:é@é",
    "Bearer 00D5g000000FAKE!AQ.x",
    "authorization:bearer 00D5g000000FAKEEAA!",
    "00Dé00000000000!aaaaaaaaaaaa",
];

fn prefixes(s: &str) -> impl Iterator<Item = &str> {
    s.char_indices()
        .map(move |(i, _)| &s[..i])
        .chain(std::iter::once(s))
}

fn exercise(input: &str) {
    let _ = normalize_login_url(input, false);
    let _ = normalize_login_url(input, true);
    let _ = parse_callback(input, "5e464f1da81b");
    let _ = parse_callback(input, "s");
    let _ = parse_callback(input, input);
    let _ = parse_error_page(input);
    let _ = parse_remote_access_error_page(input);
    let _ = read_error_body(&SerdeJson, input);
    // The page's origin and any value quoted into a command (the standalone page).
    let _ = (powershell_quote(input), Shell::parse(input));
    if let Ok(login) = normalize_login_url(input, false) {
        let _ = (
            cors_refusal(&login, input),
            cors_probe_request(&login, input),
        );
        let _ = token_request_command(
            &Request::form_post(login.endpoint(input), input.into()),
            Shell::PowerShell,
        );
    }
    for grant in [
        "",
        "authorization_code",
        "refresh_token",
        "urn:ietf:params:oauth:grant-type:jwt-bearer",
        input,
    ] {
        let _ = explain_in(input, Some(input), ErrorContext::from_grant_type(grant));
    }
    if let Ok(login) = normalize_login_url("acme--uat.sandbox.my.site.com/p", false) {
        let _ = alternate_audience(&login, input);
        for grant in [GrantType::JwtBearer, GrantType::RefreshToken] {
            let _ = parse_token_response_for(
                &SerdeJson,
                400,
                input,
                None,
                &TokenContext {
                    grant: Some(grant),
                    login: Some(&login),
                    audience: Some(input),
                },
            );
        }
    }
    let _ = percent_decode(input, Plus::IsSpace);
    let _ = percent_decode(input, Plus::IsLiteral);
    let _ = RawParams::parse(input).names().count();
    let _ = validate_redirect_uri(input);
    let _ = parse_scopes([input]);
    let _ = validate_verifier(input);
    let _ = challenge_for(input);
    let _ = base64_decode_standard(input);
    let _ = explain(input, Some(input));
    let _ = ids_from_identity_url(input);
    let _ = read_answer::<salesforce::answer::OAuthError>(&SerdeJson, 400, input).snippet(&[input]);
    let _ = redact(input, &[input]);
    let _ = check_grant_type(input);
    exercise_paste_and_exports(input);
    exercise_flows(input);
    exercise_lifecycle(input);
    exercise_requests(input);
    exercise_profiles(input);
    for status in [0, 200, 400, 503, u16::MAX] {
        let _ = parse_token_response(&SerdeJson, status, input, Some(&Secret::from("secret")));
    }
    let _ = verify_signature(Some(&Secret::from("secret")), input, input, input);
    if let Ok(login) = normalize_login_url("login.salesforce.com", false) {
        let mut random = |buf: &mut [u8]| {
            buf.fill(7);
            Ok(())
        };
        let scopes = [input];
        let _ = build_authorize_request(
            &AuthorizeInput {
                login: &login,
                client_id: input,
                redirect_uri: input,
                scopes: &scopes,
                pkce: true,
                prompt: Some(input),
                login_hint: Some(input),
            },
            &mut random,
        );
        let _ = build_token_request(&TokenRequestInput {
            login: &login,
            client_id: input,
            client_secret: Some(&Secret::from(input)),
            grant: Grant::AuthorizationCode {
                code: Secret::from(input),
                redirect_uri: input.to_owned(),
                code_verifier: Some(Secret::from(input)),
            },
        });
    }
}

/// The flow-aware parts: profiles, every grant, the device flow, refresh merging.
fn exercise_flows(input: &str) {
    let _ = parse_flow(input);
    let _ = flow_note(input);
    let _ = check_private_key_pem(input);
    let _ = merge_refresh_token(Some(input), Some(input));
    for status in [0, 200, 400, 503, u16::MAX] {
        let _ = parse_device_code_response(&SerdeJson, status, input);
        for interval in [0, 5000, u32::MAX] {
            let _ = parse_device_poll(
                &SerdeJson,
                status,
                input,
                Some(&Secret::from(input)),
                interval,
            );
        }
    }
    let scopes = [input];
    for flow in [
        "web_server",
        "password",
        "client_credentials",
        "jwt_bearer",
        "device",
        input,
    ] {
        let _ = validate_profile(&ProfileInput {
            flow,
            name: input,
            login_url: input,
            allow_custom_domain: true,
            client_id: input,
            client_secret: input,
            redirect_uri: input,
            scopes: &scopes,
            username: input,
            private_key_pem: input,
        });
    }
    for login_url in ["login.salesforce.com", "acme.my.salesforce.com"] {
        let Ok(login) = normalize_login_url(login_url, false) else {
            continue;
        };
        let _ = build_device_code_request(&login, input, &scopes);
        let secret = Secret::from(input);
        for grant in [
            Grant::RefreshToken {
                refresh_token: Secret::from(input),
            },
            Grant::Password {
                username: input.to_owned(),
                password: Secret::from(input),
                security_token: Secret::from(input),
            },
            Grant::ClientCredentials,
            Grant::JwtBearer {
                assertion: Secret::from(input),
            },
            Grant::Device {
                device_code: Secret::from(input),
            },
        ] {
            let _ = build_token_request(&TokenRequestInput {
                login: &login,
                client_id: input,
                client_secret: Some(&secret),
                grant,
            });
        }
    }
}

#[test]
fn every_prefix_of_every_sample() {
    for sample in SAMPLES {
        for prefix in prefixes(sample) {
            exercise(prefix);
        }
    }
}

#[test]
fn invalid_utf8_through_percent_decoding_is_an_error_not_a_panic() {
    for bytes in 0u16..=255 {
        let escaped = format!("%{bytes:02X}");
        let decoded = percent_decode(&escaped, Plus::IsLiteral);
        if bytes < 0x80 {
            assert_eq!(
                decoded.ok().map(String::into_bytes),
                Some(vec![bytes as u8])
            );
        } else {
            assert_eq!(decoded.err().map(|e| e.code), Some("invalid_utf8"));
        }
        exercise(&escaped);
        exercise(&format!("https://x.io/cb?code={escaped}&state=s"));
    }
}

#[test]
fn pseudo_random_junk() {
    // Deterministic xorshift so failures reproduce.
    let mut x: u32 = 0x9e37_79b9;
    let alphabet: Vec<char> = "%&=?#/:@.+-_~ aZ09\\[]{}\"<>é😀\u{0}".chars().collect();
    for _ in 0..3000 {
        let mut s = String::new();
        for _ in 0..(x % 40) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            s.push(alphabet[(x as usize) % alphabet.len()]);
        }
        exercise(&s);
    }
}

/// The JWT key, certificate and token-lifecycle parsers (pem, der, jwt,
/// userinfo, introspect, revoke, rest, token_age).
fn exercise_lifecycle(input: &str) {
    let _ = pkcs8_from_pem(input);
    let pem = [
        "-----BEGIN PRIVATE KEY-----\n",
        input,
        "\n-----END PRIVATE KEY-----",
    ]
    .concat();
    let _ = pkcs8_from_pem(&pem);
    let token = Secret::from(input);
    let _ = userinfo_request(input, &token);
    let _ = api_versions_request(input);
    let _ = limits_request(input, &token, input);
    let _ = limits_request("https://acme.my.salesforce.com", &token, input);
    for status in [0, 200, 401, 403, 404, 503, u16::MAX] {
        let _ = parse_userinfo(&SerdeJson, status, input);
        let _ = parse_revoke_response(&SerdeJson, status, input);
        let _ = parse_api_versions(&SerdeJson, status, input);
        let _ = parse_limits(&SerdeJson, status, input);
        for now in [0, 1_700_000_000_000, u64::MAX] {
            let _ = parse_introspection(&SerdeJson, status, input, now);
        }
    }
    for (issued, now) in [(None, 0), (Some(0), u64::MAX), (Some(u64::MAX), 0)] {
        let _ = describe_token_age(issued, now);
    }
    let user = UserInfo {
        username: Some(input.to_owned()),
        org_id: Some(input.to_owned()),
        user_id: Some(input.to_owned()),
        ..UserInfo::default()
    };
    let ids = TokenIds {
        org_id: Some(input),
        user_id: Some(input),
        scope: Some(input),
    };
    let _ = compare_identity(ids, &user, Some(input), Some(&[input]));
    let _ = compare_identity(TokenIds::default(), &UserInfo::default(), None, None);
    if let Ok(login) = normalize_login_url("acme.my.site.com/x", false) {
        let _ = revoke_request(&login, &token);
        let _ = introspect_request(&login, input, Some(&token), &token, Some(input));
        for audience in [None, Some(input)] {
            for now_ms in [0, u64::MAX] {
                let _ = build_jwt(&JwtInput {
                    login: &login,
                    client_id: input,
                    username: input,
                    audience,
                    now_ms,
                });
            }
        }
    }
    for now_ms in [0, 2_524_608_000_000, u64::MAX] {
        let _ = tbs_certificate(&CertificateInput {
            common_name: input,
            serial: [0xff; SERIAL_BYTES],
            now_ms,
            valid_years: u32::MAX,
            spki: input.as_bytes(),
        });
    }
    let _ = assemble_jwt(input, input.as_bytes());
    let _ = x509_certificate(input.as_bytes(), input.as_bytes());
    let _ = pem_wrap(input, input.as_bytes());
}

/// "Try a request" and "Check setup": the path, the answer's layout and error, the setup answers.
fn exercise_requests(input: &str) {
    use crate::oauth::setup_check::{decide_setup, Seen, SetupCheckInput};
    use crate::token::try_request::{
        build_try_request, checked_path, read_try_response, TryRequestInput,
    };
    let _ = checked_path("https://acme.my.salesforce.com", input);
    let _ = checked_path("https://acme.my.site.com/p", input);
    let _ = checked_path(input, input);
    let _ = crate::encoding::pretty::pretty_json(input);
    let _ = crate::encoding::pretty::pretty_xml(input);
    let _ = crate::encoding::shell_quote::shell_quote(input);
    let token = Secret::from("00D!t");
    for method in ["GET", "POST", input] {
        let built = build_try_request(
            &SerdeJson,
            &TryRequestInput {
                instance_url: "https://acme.my.salesforce.com",
                access_token: &token,
                method,
                path: input,
                body: Some(input),
                format: input,
            },
        );
        if let Ok(request) = &built {
            let _ = crate::token::try_request::curl_command(request);
        }
    }
    let request = Request::get("https://acme.my.salesforce.com/x".into());
    let headers = [
        ("content-type".to_owned(), input.to_owned()),
        (input.to_owned(), input.to_owned()),
    ];
    for status in [0, 200, 300, 400, 401, 503, u16::MAX] {
        let _ = read_try_response(&SerdeJson, &request, status, &headers, input);
        let _ = crate::token::rest_errors::explain_rest_error(&SerdeJson, status, input);
    }
    if let Ok(login) = normalize_login_url("login.salesforce.com", false) {
        let error = SfError::new("x", "x", "x");
        for flow in [Flow::WebServer, Flow::ClientCredentials] {
            let check = SetupCheckInput {
                login: &login,
                flow,
                client_id: input,
                redirect_uri: input,
            };
            for status in [200, 400] {
                let seen = Seen::Answer {
                    status,
                    body: input,
                };
                let _ = decide_setup(&SerdeJson, &check, seen, seen, Some(seen));
                let _ = decide_setup(
                    &SerdeJson,
                    &check,
                    Seen::Redirected,
                    seen,
                    Some(Seen::Unreachable(&error)),
                );
            }
        }
    }
}

/// What "Paste" and "Copy as" read: the pasted text, and every export of a token made of it.
fn exercise_paste_and_exports(input: &str) {
    let _ = classify_paste(&SerdeJson, input);
    let _ = shell_quote(input);
    let secret = Secret::from(input);
    let _ = check_import(&ImportInput {
        access_token: Some(&secret),
        instance_url: input,
        refresh_token: Some(&secret),
        client_id: input,
        login_url: input,
    });
    for format in EXPORT_FORMATS {
        let Ok(format) = parse_export_format(format) else {
            continue;
        };
        let _ = export_token(&ExportInput {
            format,
            token: ExportToken {
                access_token: &secret,
                refresh_token: Some(&secret),
                instance_url: Some(input),
                org_id: Some(input),
                user_id: Some(input),
            },
            profile: Some(ExportProfile {
                name: input,
                login_url: input,
                allow_custom_domain: true,
                client_id: input,
                client_secret: Some(&secret),
            }),
            api_version: Some(input),
        });
    }
}

/// The profiles file (outside input: whatever file a person chooses) and the list built from stored profiles.
fn exercise_profiles(input: &str) {
    use crate::salesforce::profiles_file::{
        duplicate_name, plan_profile_import, read_profiles_file, ExistingProfile,
    };
    use crate::token::profile_list::{profile_rows, search_profiles, ListedProfile, ListedToken};
    let _ = read_profiles_file(&SerdeJson, input);
    let wrapped = format!(
        r#"{{"sftoken":"profiles/1","profiles":[{{"name":{input:?},"loginUrl":{input:?},"clientId":{input:?}}}]}}"#
    );
    let existing = [ExistingProfile {
        login_url: input.to_owned(),
        client_id: input.to_owned(),
        ..ExistingProfile::default()
    }];
    let _ = plan_profile_import(&SerdeJson, &wrapped, &existing);
    let _ = plan_profile_import(&SerdeJson, input, &existing);
    let _ = duplicate_name(input, [input]);
    let rows = profile_rows(
        &[ListedProfile {
            id: input,
            name: input,
            login_url: input,
            allow_custom_domain: true,
            token: Some(ListedToken {
                issued_at_ms: Some(u64::MAX),
                has_refresh_token: true,
                instance_url: Some(input),
            }),
        }],
        0,
    );
    let _ = search_profiles(input, rows.iter().map(|r| r.search_text.as_str()));
}
