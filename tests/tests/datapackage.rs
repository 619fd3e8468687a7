//! The shipped `data/` folder, declared in `data/datapackage.toml`, loads
//! and checks cleanly with the general package loader in every language of
//! the briefing, and every row cites a declared source.

use dossier_core::package::{load, LoadOptions, Locator, Package, SourceKind};
use dossier_core::{Limits, Sandbox};
use dossier_formula::Value;
use dossier_lang::LanguageTag;

use dossier_e2e::root;

fn package() -> Package {
    let data = root().join("data");
    let sandbox = Sandbox::new(std::slice::from_ref(&data), Limits::default()).unwrap();
    let options = LoadOptions {
        languages: ["fa", "en", "es-CL"]
            .iter()
            .map(|t| LanguageTag::parse(t).unwrap())
            .collect(),
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
    assert_eq!(rows("reference"), 10);
    assert_eq!(p.claims.len(), 15);
    assert_eq!(p.errata.len(), 12);
    assert_eq!(p.text("article").unwrap().paragraphs.len(), 11);
    for r in &p.resources {
        for row in &r.rows {
            assert_eq!(row.provenance.sources.len(), 1, "{}:{}", r.name, row.line);
            let source = p.source(&row.provenance.sources[0]).unwrap();
            match source.kind {
                SourceKind::Text => assert!(
                    matches!(row.provenance.locator, Locator::Text { .. }),
                    "{}:{}",
                    r.name,
                    row.line
                ),
                _ => assert!(
                    matches!(row.provenance.locator, Locator::Reference { .. }),
                    "{}:{}",
                    r.name,
                    row.line
                ),
            }
        }
    }
}

#[test]
fn dates_follow_the_editors_corrections() {
    let p = package();
    let events = p.resource("cuba_events").unwrap();
    let row = events.find(&[Value::from("consular_trade_restored")])[0];
    assert_eq!(
        events
            .value(row, "date")
            .and_then(Value::as_date)
            .map(|d| d.to_string()),
        Some("1991-07".into())
    );
    assert_eq!(
        events.qualifier(row, "date"),
        Some(dossier_core::package::Qualifier::After)
    );
    let periods = p.resource("cuba_periods").unwrap();
    assert_eq!(periods.find(&[Value::from("severed_1973_1991")]).len(), 1);
    let es = LanguageTag::parse("es-CL").unwrap();
    assert_eq!(
        p.resource("trade").unwrap().label("flow", "exports", &es),
        Some("Exportaciones a Estados Unidos")
    );
}
