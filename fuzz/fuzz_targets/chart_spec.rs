//! Arbitrary TOML text through `parse_spec`; a spec that parses is drawn
//! in both languages with small sample data of its kind, with one data
//! series per spec series.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

use dossier_charts::{examples, parse_spec, render, ChartData, ChartKind, Series};
use dossier_core::Lang;

type Samples = Vec<(dossier_charts::ChartSpec, ChartData)>;

/// The two languages and their sample charts, made once.
fn languages() -> &'static [(Lang, Samples)] {
    static LANGS: OnceLock<Vec<(Lang, Samples)>> = OnceLock::new();
    LANGS.get_or_init(|| {
        ["fa", "en"]
            .iter()
            .filter_map(|t| Lang::parse(t).ok())
            .map(|l| (l, examples::samples(l)))
            .collect()
    })
}

fuzz_target!(|text: &str| {
    let spec = match parse_spec(text, "chart.toml") {
        Ok(spec) => spec,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    for (lang, samples) in languages() {
        let lang = *lang;
        let Some((_, data)) = samples.iter().find(|(s, _)| s.kind == spec.kind) else {
            continue;
        };
        let data = match (data, spec.kind) {
            (ChartData::Categories(c), kind) if kind != ChartKind::Timeline => {
                let mut c = c.clone();
                let base = c.series.clone();
                c.series = spec
                    .series
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let mut series =
                            Series::new(s.name.get(lang), base[i % base.len()].values.clone());
                        series.color = s.color;
                        series
                    })
                    .collect();
                ChartData::Categories(c)
            }
            (d, _) => d.clone(),
        };
        match render(&spec, &data, lang) {
            Ok(scene) => {
                let _ = dossier_canvas::to_svg(&scene);
            }
            Err(e) => {
                let _ = e.to_string();
            }
        }
    }
});
