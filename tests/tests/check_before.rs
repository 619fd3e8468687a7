//! What `dossier check --json` checked before the report layer became
//! general (`fixtures/check-before.json`) is still checked: every claim id,
//! every figure name with the same value where the old check recorded one,
//! and every data row of the shipped data.

use dossier_e2e::root;
use dossier_report::{check, BuildOptions};

fn before() -> serde_json::Value {
    let text = std::fs::read_to_string(root().join("tests/fixtures/check-before.json"))
        .expect("the snapshot");
    serde_json::from_str(&text).expect("JSON")
}

#[test]
fn what_was_checked_before_is_still_checked() {
    let old = before();
    let old = &old["reports"][0];
    let now = check(&root().join("reports/us-chile"), &BuildOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    for name in old["figures"].as_array().expect("figures") {
        let name = name.as_str().expect("a name");
        assert!(
            now.figures.iter().any(|f| f.name == name),
            "figure `{name}` is gone"
        );
    }
    for claim in old["claims"].as_array().expect("claims") {
        let id = claim["claim_id"].as_str().expect("an id");
        let new = now
            .claims
            .iter()
            .find(|c| c.id == id)
            .unwrap_or_else(|| panic!("claim `{id}` is gone"));
        let old_class = claim["class"].as_str().unwrap_or("");
        // The old check recorded the implied total imports as the computed
        // value of the header claim; the claim's formula now gives the share
        // it states (3,792 / 16,493.06 = 22.991%), in the same class.
        if id == "imports_share_header" {
            assert_eq!(old_class, "inconsistent");
            assert_eq!(new.class, dossier_core::Class::Inconsistent);
            let share: f64 = new.computed.expect("computed").to_string().parse().unwrap();
            assert!((share - 22.991_494_736_842_107).abs() < 1e-9, "{share}");
            continue;
        }
        if old_class != "not_checkable" {
            let computed = new
                .computed
                .unwrap_or_else(|| panic!("claim `{id}` was checked and is not now"));
            let old_value = claim["computed"].as_f64().expect("a computed value");
            let new_value: f64 = computed.to_string().parse().expect("a number");
            assert!(
                (old_value - new_value).abs() < 1e-9,
                "claim `{id}`: {old_value} before, {new_value} now"
            );
        }
    }
    // Every row of the old loader's data sets is still loaded and checked.
    let rows = |name: &str| {
        now.data_sets
            .iter()
            .find(|d| d.name == name)
            .map_or(0, |d| d.rows)
    };
    assert_eq!(rows("trade"), 8);
    assert_eq!(rows("trade_stated"), 4);
    assert_eq!(rows("policy"), 9);
    assert_eq!(rows("cuba_events"), 7);
    assert_eq!(rows("cuba_periods"), 5);
    assert!(rows("reference") >= 10);
}

#[test]
fn figures_keep_their_values() {
    let now = check(&root().join("reports/us-chile"), &BuildOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let text = |name: &str| {
        now.figures
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.text.clone())
            .unwrap_or_else(|| panic!("no figure `{name}`"))
    };
    // As the old engine printed them in English.
    assert_eq!(text("exports.1995"), "2,375");
    assert_eq!(text("imports.1995"), "3,792");
    assert!(text("balance.1995").ends_with("1,417"));
    assert_ne!(text("balance.1995"), "1,417");
    assert_eq!(text("deficit.1995"), "1,417");
    assert_eq!(text("growth.imports.1995"), "43.7%");
    assert_eq!(text("growth.exports.1992_1995"), "44%");
    assert_eq!(text("stated.exports.share"), "14.4%");
    assert_eq!(text("claim.imports_growth_1994_1995"), "43.8%");
    assert_eq!(text("claim.cuban_revolution_1961"), "1961");
    assert_eq!(text("implied.total_exports.1995"), "16,493");
    assert_eq!(text("share.us_trade.1995"), "19.4%");
}
