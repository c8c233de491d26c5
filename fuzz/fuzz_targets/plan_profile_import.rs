//! A profiles file someone chose to import ("Import profiles"), planned against one stored profile. First line:
//! the stored profile's login URL and consumer key (space-separated, `-` for none); the rest: the file.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sftoken::ExistingProfile;
use sftoken_fuzz::{head_body, word};

fuzz_target!(|data: &[u8]| {
    let input = sftoken_fuzz::text(data);
    let (head, body) = head_body(&input);
    let existing = [ExistingProfile {
        id: "stored".to_owned(),
        login_url: word(head, 0).unwrap_or("login.salesforce.com").to_owned(),
        client_id: word(head, 1).unwrap_or("3MVGstored").to_owned(),
        ..ExistingProfile::default()
    }];
    if let Ok(plan) = sftoken::plan_profile_import(&sftoken::SerdeJson, body, &existing) {
        assert!(plan.add.len() + plan.update.len() + plan.unchanged.len() > 0, "a plan imports something");
    }
});
