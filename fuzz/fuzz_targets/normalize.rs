//! Arbitrary text through the Persian normaliser: normalising twice equals
//! normalising once, and every reported change has a well-formed range.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let once = dossier_core::normalize(text);
    // Every range, also of a change made in a later round, refers to the
    // input (see `normalize`).
    for change in &once.changes {
        let r = &change.range;
        assert!(r.start <= r.end && r.end <= text.len(), "{change:?}");
        assert!(
            text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "{change:?}"
        );
    }
    let twice = dossier_core::normalize(&once.text);
    assert_eq!(twice.text, once.text, "normalising is not idempotent");
    let _ = dossier_core::match_key(text);
});
