//! The one reader of Salesforce's answers. First line: `status secret`; the rest: the body.
//! The snippet quoted in error messages never contains the secret it was given.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sftoken::salesforce::answer::OAuthError;
use sftoken::SerdeJson;
use sftoken_fuzz::{assert_redacted, head_body, status, word};

fuzz_target!(|data: &[u8]| {
    let input = sftoken_fuzz::text(data);
    let (head, body) = head_body(&input);
    let secret = word(head, 1).unwrap_or("");
    let answer = sftoken::read_answer::<OAuthError>(&SerdeJson, status(word(head, 0)), body);
    let _ = (answer.ok(), answer.is_foreign(), answer.error());
    assert_redacted(&answer.snippet(&[secret]), secret);
    let _ = sftoken::read_error_body(&SerdeJson, body);
});
