//! Percent-decoding (both `+` rules), and the round trip through `percent_encode`.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sftoken::{percent_decode, percent_encode, Plus, RawParams};

fuzz_target!(|data: &[u8]| {
    let input = sftoken_fuzz::text(data);
    let _ = percent_decode(&input, Plus::IsSpace);
    let _ = percent_decode(&input, Plus::IsLiteral);
    let params = RawParams::parse(&input);
    for name in params.names() {
        let _ = params.get(name, Plus::IsSpace);
    }
    // Encoding then decoding (exactly once) gives the text back, whatever `+` means.
    let encoded = percent_encode(&input);
    for plus in [Plus::IsSpace, Plus::IsLiteral] {
        assert_eq!(
            percent_decode(&encoded, plus).ok().as_deref(),
            Some(&*input)
        );
    }
});
