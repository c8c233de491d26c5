//! Native throughput of the pure core: `cargo bench --bench core` (no external harness, no dependencies).
//!
//! Each benchmark calls one function of the public API in a loop for about `ROUND_MS` per round, several rounds, and
//! reports operations per second (median, min, max over the rounds). The inputs are what the extension really feeds
//! those functions. `./build.sh bench` runs this with `--json` and puts the figures in its table.
//!
//! Arguments (after `--`): `--json` prints one JSON object per benchmark on stdout instead of a table; `--quick`
//! runs fewer, shorter rounds. Whatever else cargo passes (`--bench`) is ignored.

use sftoken::{
    build_authorize_request, normalize_login_url, parse_callback, parse_token_response,
    AuthorizeInput, SerdeJson, SfError,
};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// What people paste as a login URL: the two generic hosts, a My Domain, a sandbox My Domain and a Lightning URL
/// (rewritten to its My Domain with a note). One operation is one call; the inputs take turns.
const LOGIN_URLS: [&str; 5] = [
    "login.salesforce.com",
    "test.salesforce.com",
    "acme.my.salesforce.com",
    "https://acme--uat.sandbox.my.salesforce.com/",
    "https://acme.lightning.force.com/lightning/page/home",
];
const CLIENT_ID: &str =
    "3MVG9FAKE.PKCE.sftoken.public.client.0000000000000000000000000000000000001";
const REDIRECT_URI: &str = "https://login.salesforce.com/";
const STATE: &str = "q5Yb0mJ2kXz7vR1cN8wLp3tA6sD9fG4hJ0kL2zX5cV7";
/// A callback as Salesforce sends it: the code ends in `%3D%3D`, decoded exactly once.
const CALLBACK: &str = "https://login.salesforce.com/?code=aPrxFAKE0uN1zWq7bY3Vx9Kd2Lm5Np8Qr4St6Uv0Wx2Yz4Ab6Cd8Ef0Gh2Ij4Kl6Mn8Op0Qr2St4Uv6Wx8Yz%3D%3D&state=q5Yb0mJ2kXz7vR1cN8wLp3tA6sD9fG4hJ0kL2zX5cV7";

/// A token response shaped like Salesforce's (tests/emulator: field order, `issued_at` as a string, a signature).
fn token_body() -> String {
    let access_token = format!(
        "00D5g000000FAKEEAA!{}",
        "AQ0AQFAKE.token_"
            .repeat(7)
            .chars()
            .take(100)
            .collect::<String>()
    );
    format!(
        concat!(
            r#"{{"access_token":"{}","refresh_token":"5Aep861FAKErefreshTOKEN0000000000000000000000000000000000000000000000000000000000000","#,
            r#""signature":"m9Cq2bFAKEsignatureBASE64valueAAAAAAAAAAAAA=","scope":"refresh_token api","#,
            r#""instance_url":"https://acme.my.salesforce.com","#,
            r#""id":"https://login.salesforce.com/id/00D5g000000FAKEEAA/0055g000000FAKEAAA","#,
            r#""token_type":"Bearer","issued_at":"1767225600000"}}"#
        ),
        access_token
    )
}

/// A cheap, never-all-zero stand-in for `crypto.getRandomValues` (xorshift64*): the benchmark measures the core's
/// own work (SHA-256 challenge, base64url, percent-encoding), not the operating system's random source.
fn fake_random(seed: &mut u64) -> impl FnMut(&mut [u8]) -> Result<(), SfError> + '_ {
    move |bytes: &mut [u8]| {
        for chunk in bytes.chunks_mut(8) {
            *seed ^= *seed >> 12;
            *seed ^= *seed << 25;
            *seed ^= *seed >> 27;
            let value = seed.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes();
            chunk.copy_from_slice(&value[..chunk.len()]);
        }
        Ok(())
    }
}

struct Config {
    rounds: usize,
    round: Duration,
    json: bool,
}

struct Figures {
    name: &'static str,
    what: &'static str,
    ops_per_sec: Vec<f64>,
}

/// Runs `op` (one call of the function under test) for `config.rounds` rounds of about `config.round` each.
fn measure(
    config: &Config,
    name: &'static str,
    what: &'static str,
    mut op: impl FnMut(),
) -> Figures {
    // Warm up, and size a batch at roughly 1 ms so the clock is read rarely.
    let mut batch = 1u64;
    loop {
        let start = Instant::now();
        for _ in 0..batch {
            op();
        }
        if start.elapsed() >= Duration::from_millis(1) || batch >= 1 << 30 {
            break;
        }
        batch *= 2;
    }
    let mut ops_per_sec = Vec::with_capacity(config.rounds);
    for _ in 0..config.rounds {
        let start = Instant::now();
        let mut done = 0u64;
        while start.elapsed() < config.round {
            for _ in 0..batch {
                op();
            }
            done += batch;
        }
        ops_per_sec.push(done as f64 / start.elapsed().as_secs_f64());
    }
    ops_per_sec.sort_by(f64::total_cmp);
    Figures {
        name,
        what,
        ops_per_sec,
    }
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

fn report(config: &Config, f: &Figures) {
    let (med, min, max) = (
        median(&f.ops_per_sec),
        f.ops_per_sec[0],
        f.ops_per_sec[f.ops_per_sec.len() - 1],
    );
    if config.json {
        println!(
            r#"{{"bench":"{}","what":"{}","unit":"ops/s","median":{:.0},"min":{:.0},"max":{:.0},"rounds":{},"roundMs":{}}}"#,
            f.name,
            f.what,
            med,
            min,
            max,
            f.ops_per_sec.len(),
            config.round.as_millis()
        );
    } else {
        println!(
            "{:<20} {:>12.0} {:>12.0} {:>12.0}   {}",
            f.name, med, min, max, f.what
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let config = Config {
        rounds: if quick { 3 } else { 7 },
        round: Duration::from_millis(if quick { 150 } else { 400 }),
        json: args.iter().any(|a| a == "--json"),
    };
    if !config.json {
        println!(
            "{:<20} {:>12} {:>12} {:>12}   (ops/s, {} rounds of {} ms)",
            "function",
            "median",
            "min",
            "max",
            config.rounds,
            config.round.as_millis()
        );
    }

    // Check every input once: a benchmark of an error path would be meaningless.
    for url in LOGIN_URLS {
        normalize_login_url(url, false).unwrap_or_else(|e| panic!("{url}: {}", e.message));
    }
    let body = token_body();
    let parsed = parse_token_response(&SerdeJson, 200, &body, None)
        .unwrap_or_else(|e| panic!("token response: {}", e.message));
    assert_eq!(parsed.org_id.as_deref(), Some("00D5g000000FAKEEAA"));
    assert!(matches!(
        parse_callback(CALLBACK, STATE),
        Ok(sftoken::CallbackOutcome::Code { .. })
    ));

    let mut next = 0usize;
    report(
        &config,
        &measure(
            &config,
            "normalizeLoginUrl",
            "5 typical pasted login URLs, in turn",
            || {
                next = (next + 1) % LOGIN_URLS.len();
                let _ = black_box(normalize_login_url(black_box(LOGIN_URLS[next]), false));
            },
        ),
    );

    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut random = fake_random(&mut seed);
    report(
        &config,
        &measure(
            &config,
            "authorizeRequest",
            "normalize login host + state + PKCE S256 + URL, as the wasm API does",
            || {
                let login = normalize_login_url(black_box("login.salesforce.com"), false)
                    .expect("login host");
                let request = build_authorize_request(
                    &AuthorizeInput {
                        login: &login,
                        client_id: black_box(CLIENT_ID),
                        redirect_uri: black_box(REDIRECT_URI),
                        scopes: &["api refresh_token"],
                        pkce: true,
                        prompt: None,
                        login_hint: None,
                    },
                    &mut random,
                );
                let _ = black_box(request);
            },
        ),
    );

    report(
        &config,
        &measure(
            &config,
            "parseCallback",
            "Salesforce's code redirect, state checked in constant time",
            || {
                let _ = black_box(parse_callback(black_box(CALLBACK), black_box(STATE)));
            },
        ),
    );

    report(
        &config,
        &measure(
            &config,
            "parseTokenResponse",
            "a successful token response (JSON), public client: no signature check",
            || {
                let _ = black_box(parse_token_response(
                    &SerdeJson,
                    200,
                    black_box(&body),
                    None,
                ));
            },
        ),
    );
}
