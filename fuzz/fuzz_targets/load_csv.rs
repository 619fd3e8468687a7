//! Arbitrary bytes as one of the CSV files of `data/`, through the real
//! loader and the derivations and claim checks that follow it. The first
//! byte picks the file; the rest is its content.

#![no_main]

use libfuzzer_sys::fuzz_target;

use dossier_core::load::{
    CUBA_EVENTS_FILE, CUBA_PERIODS_FILE, POLICY_FILE, TRADE_FILE, TRADE_STATED_FILE,
};
use dossier_fuzz::ScratchData;

const FILES: [&str; 5] = [
    TRADE_FILE,
    TRADE_STATED_FILE,
    POLICY_FILE,
    CUBA_EVENTS_FILE,
    CUBA_PERIODS_FILE,
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, content)) = data.split_first() else {
        return;
    };
    let file = FILES[which as usize % FILES.len()];
    let result = ScratchData::get().with_file(file, content, dossier_core::load_briefing);
    if let Err(errors) = result {
        assert!(!errors.is_empty());
        for e in &errors {
            let _ = e.to_string();
        }
    }
});
