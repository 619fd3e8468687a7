//! Arbitrary bytes as one of the data files of `data/`, through the real
//! package loader (typing, keys, provenance checks) and the evaluation of
//! the briefing's figures and claims that follows it. The first byte picks
//! the file; the rest is its content.

#![no_main]

use libfuzzer_sys::fuzz_target;

use dossier_fuzz::{load_package, ScratchData};

const FILES: [&str; 6] = [
    "trade.csv",
    "trade_stated.csv",
    "policy.csv",
    "cuba_events.csv",
    "cuba_periods.csv",
    "reference.csv",
];

fuzz_target!(|data: &[u8]| {
    let Some((&which, content)) = data.split_first() else {
        return;
    };
    let file = FILES[which as usize % FILES.len()];
    ScratchData::get().with_file(file, content, load_package);
});
