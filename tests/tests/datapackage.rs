//! The shipped `data/` folder, declared in `data/datapackage.toml`, loads
//! and checks cleanly with the general package loader, and holds the same
//! facts as the briefing's own loader reads.

use dossier_core::package::{load, LoadOptions, Locator, Package};
use dossier_core::{Flow, Limits, Sandbox};
use dossier_formula::Value;
use dossier_lang::LanguageTag;

use dossier_e2e::root;

fn package() -> Package {
    let data = root().join("data");
    let sandbox = Sandbox::new(std::slice::from_ref(&data), Limits::default()).unwrap();
    let options = LoadOptions {
        languages: vec![
            LanguageTag::parse("fa").unwrap(),
            LanguageTag::parse("en").unwrap(),
        ],
    };
    load(&data, &sandbox, &options).unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

#[test]
fn shipped_data_loads_as_a_package() {
    let p = package();
    let rows = |name: &str| p.resource(name).map(|r| r.rows.len()).unwrap_or(0);
    assert_eq!(rows("trade"), 8);
    assert_eq!(rows("trade_stated"), 4);
    assert_eq!(rows("policy"), 9);
    assert_eq!(rows("cuba_events"), 7);
    assert_eq!(rows("cuba_periods"), 5);
    assert_eq!(rows("claims"), 14);
    assert_eq!(rows("errata"), 8);
    assert_eq!(p.text("000_be3af3bae581de8e").unwrap().paragraphs.len(), 11);
    for r in &p.resources {
        for row in &r.rows {
            assert_eq!(
                row.provenance.sources,
                ["000_be3af3bae581de8e"],
                "{}:{}",
                r.name,
                row.line
            );
            assert!(
                matches!(row.provenance.locator, Locator::Text { .. }),
                "{}:{}",
                r.name,
                row.line
            );
        }
    }
}

#[test]
fn package_and_briefing_loader_agree() {
    let p = package();
    let ds = dossier_core::load_dataset(&root().join("data")).expect("briefing loader");
    let trade = p.resource("trade").unwrap();
    for t in &ds.trade {
        let flow = match t.flow {
            Flow::Exports => "exports",
            Flow::Imports => "imports",
        };
        let rows = trade.find(&[Value::from(flow), Value::from(i64::from(t.year.0))]);
        assert_eq!(rows.len(), 1, "{flow} {}", t.year.0);
        let v = trade
            .value(rows[0], "value_musd")
            .and_then(Value::as_number)
            .unwrap();
        assert_eq!(
            v.to_string(),
            format!("{}", t.value.0),
            "{flow} {}",
            t.year.0
        );
        assert_eq!(rows[0].line, t.origin.line);
    }
    let events = p.resource("cuba_events").unwrap();
    let fa = LanguageTag::parse("fa").unwrap();
    for e in &ds.cuba_events {
        let row = &events.find(&[Value::from(e.id.as_str())])[0];
        assert_eq!(events.text(row, "label", &fa), Some(e.label_fa.as_str()));
    }
    assert_eq!(
        p.resource("trade").unwrap().label("flow", "imports", &fa),
        Some(Flow::Imports.label(dossier_core::Lang::Fa))
    );
}
