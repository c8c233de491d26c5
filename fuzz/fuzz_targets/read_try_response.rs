//! "Try a request": the answer laid out (pretty JSON or XML, the headers shown, a REST error explained). First line:
//! the status and the Content-Type; the rest: the body.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sftoken::token::try_request::read_try_response;
use sftoken_fuzz::{head_body, status, word};

fuzz_target!(|data: &[u8]| {
    let input = sftoken_fuzz::text(data);
    let (head, body) = head_body(&input);
    let request = sftoken::Request::get("https://acme.my.salesforce.com/services/data/".into());
    let headers = [(
        "Content-Type".to_owned(),
        word(head, 1).unwrap_or_default().to_owned(),
    )];
    let read = read_try_response(&sftoken::SerdeJson, &request, status(word(head, 0)), &headers, body);
    // The layout only re-spaces: every character of a JSON body but
    // whitespace between tokens is kept, in order (a string holding spaces compares equal once both are squeezed).
    if read.body_format == "json" {
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert_eq!(squeeze(&read.body), squeeze(body));
    }
});
