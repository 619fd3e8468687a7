//! Arbitrary TOML text through `parse_spec`; a spec that parses is drawn
//! in both languages with small real data of its kind (the example
//! US–Chile figures), with one data series per spec series.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

use dossier_charts::{examples, parse_spec, render, ChartData, ChartKind, Series};
use dossier_core::Lang;

fn samples(lang: Lang) -> &'static [(dossier_charts::ChartSpec, ChartData)] {
    static FA: OnceLock<Vec<(dossier_charts::ChartSpec, ChartData)>> = OnceLock::new();
    static EN: OnceLock<Vec<(dossier_charts::ChartSpec, ChartData)>> = OnceLock::new();
    match lang {
        Lang::Fa => FA.get_or_init(|| examples::samples(Lang::Fa)),
        Lang::En => EN.get_or_init(|| examples::samples(Lang::En)),
    }
}

fuzz_target!(|text: &str| {
    let spec = match parse_spec(text, "chart.toml") {
        Ok(spec) => spec,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    for lang in [Lang::Fa, Lang::En] {
        let Some((_, data)) = samples(lang).iter().find(|(s, _)| s.kind == spec.kind) else {
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
