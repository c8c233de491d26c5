//! The self-signed certificate (`encoding::der`) and a JWT bearer assertion (`oauth::jwt`) checked by their
//! real consumers: openssl must parse and verify the certificate, and node must accept certificate and JWT
//! exactly as the emulator does (`new X509Certificate(pem)`, `crypto.verify('sha256', …)`). An integration
//! test because it crosses two layers.

use sftoken::{tbs_certificate, CertificateInput, SERIAL_BYTES};

/// Runs a command, returning stdout, or panics with its stderr.
fn run(dir: &std::path::Path, program: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn on_path(program: &str) -> bool {
    std::process::Command::new(program)
        .arg("version")
        .output()
        .is_ok()
}

/// A real key, certificate and JWT: openssl must parse and verify the
/// certificate, and node must accept it exactly as the emulator does
/// (`new X509Certificate(pem)`, `crypto.verify('sha256', …)`).
#[test]
fn openssl_and_node_accept_the_certificate() {
    // openssl and node are test requirements (build.sh installs them): a missing one fails the test
    // rather than skipping it.
    assert!(on_path("openssl"), "openssl is not on PATH");
    assert!(on_path("node"), "node is not on PATH");
    let dir = std::env::temp_dir().join(format!(
        "sftoken-der-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    run(
        &dir,
        "openssl",
        &[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
            "key.pem",
        ],
    );
    run(
        &dir,
        "openssl",
        &[
            "pkey", "-in", "key.pem", "-pubout", "-outform", "DER", "-out", "spki.der",
        ],
    );
    let key_pem = std::fs::read_to_string(dir.join("key.pem")).unwrap();
    assert!(sftoken::pkcs8_from_pem(&key_pem).is_ok());
    let spki = std::fs::read(dir.join("spki.der")).unwrap();
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    // Now, and mid-2049 (UTCTime start, GeneralizedTime end).
    for (name, start_ms, attime) in [
        ("cert", now_ms, None),
        ("cert2049", 2_508_537_600_000, Some("2508537700")),
    ] {
        let tbs = tbs_certificate(&CertificateInput {
            common_name: "sftoken test é",
            serial: [0xa5; SERIAL_BYTES],
            now_ms: start_ms,
            valid_years: 2,
            spki: &spki,
        })
        .unwrap();
        std::fs::write(dir.join("tbs.der"), &tbs).unwrap();
        run(
            &dir,
            "openssl",
            &[
                "dgst", "-sha256", "-sign", "key.pem", "-out", "sig.bin", "tbs.der",
            ],
        );
        let signature = std::fs::read(dir.join("sig.bin")).unwrap();
        let pem = sftoken::pem_wrap("CERTIFICATE", &sftoken::x509_certificate(&tbs, &signature));
        let file = format!("{name}.pem");
        std::fs::write(dir.join(&file), &pem).unwrap();
        let text = run(&dir, "openssl", &["x509", "-in", &file, "-noout", "-text"]);
        assert!(text.contains("Version: 3"), "{text}");
        assert!(text.contains("sha256WithRSAEncryption"), "{text}");
        assert!(
            text.contains("CN=sftoken test") || text.contains("CN = sftoken test"),
            "{text}"
        );
        let mut args = vec!["verify", "-CAfile", &file];
        if let Some(at) = attime {
            args.extend(["-attime", at]);
        }
        args.push(&file);
        assert!(run(&dir, "openssl", &args).contains(": OK"));
    }
    {
        let login = sftoken::normalize_login_url("login.salesforce.com", false).unwrap();
        let unsigned = sftoken::build_jwt(&sftoken::JwtInput {
            login: &login,
            client_id: "3MVG9.key",
            username: "admin@acme.example",
            audience: None,
            now_ms,
        })
        .unwrap();
        std::fs::write(dir.join("input.txt"), &unsigned.signing_input).unwrap();
        run(
            &dir,
            "openssl",
            &[
                "dgst",
                "-sha256",
                "-sign",
                "key.pem",
                "-out",
                "jwt.bin",
                "input.txt",
            ],
        );
        let signature = std::fs::read(dir.join("jwt.bin")).unwrap();
        let assertion = sftoken::assemble_jwt(&unsigned.signing_input, &signature);
        std::fs::write(dir.join("jwt.txt"), assertion.expose()).unwrap();
        let script = "const c=require('crypto'),f=require('fs');\
            const cert=new c.X509Certificate(f.readFileSync('cert.pem','utf8'));\
            const p=f.readFileSync('jwt.txt','utf8').split('.');\
            const ok=c.verify('sha256',Buffer.from(p[0]+'.'+p[1]),cert.publicKey,Buffer.from(p[2],'base64url'));\
            if(!ok||!cert.verify(cert.publicKey))process.exit(1);\
            console.log(JSON.parse(Buffer.from(p[1],'base64url')).aud)";
        let aud = run(&dir, "node", &["-e", script]);
        assert_eq!(aud.trim(), "https://login.salesforce.com");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
