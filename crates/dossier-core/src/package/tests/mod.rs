//! Behaviour of the package loader on a neutral fixture: what loads, and
//! one test per kind of error, each asserting the file, line and column.

mod fixture;

use dossier_formula::{Context, Date, Value};
use dossier_lang::LanguageTag;

use fixture::{assert_at, find, shown, Fixture, DECLARATION, SALES};

fn tag(t: &str) -> LanguageTag {
    LanguageTag::parse(t).unwrap()
}

#[test]
fn fixture_loads() {
    let fx = Fixture::new();
    let p = fx.load().unwrap_or_else(|e| panic!("{}", shown(&e)));
    assert_eq!(p.resources.len(), 5);
    let sales = p.resource("sales").unwrap();
    assert_eq!(sales.rows.len(), 4);
    assert_eq!(sales.rows[0].line, 2);
    let v = sales.find(&[Value::from("south"), Value::from(1993)]);
    assert_eq!(v.len(), 1);
    assert_eq!(sales.value(v[0], "value"), Some(&Value::from(2375)));
    assert_eq!(sales.label("region", "south", &tag("fa")), Some("جنوب"));
    let prov = &sales.rows[0].provenance;
    assert_eq!(prov.sources, ["notes"]);
    assert!(matches!(
        prov.locator,
        crate::package::Locator::Text { paragraph: 2, .. }
    ));

    let events = p.resource("events").unwrap();
    let closing = &events.rows[1];
    assert_eq!(
        events.value(closing, "date"),
        Some(&Value::Date(Date::parse("1976").unwrap()))
    );
    assert_eq!(
        events.qualifier(closing, "date"),
        Some(crate::package::Qualifier::About)
    );
    assert_eq!(
        events.text(closing, "label", &tag("fa")),
        Some("بسته شدن کارخانه")
    );
    assert_eq!(
        events.text(closing, "label", &tag("en-GB")),
        Some("Plant closed")
    );

    let regions = p.resource("regions").unwrap();
    assert_eq!(
        regions.text(&regions.rows[1], "name", &tag("fa")),
        Some("Sud")
    );
    assert!(matches!(
        &regions.rows[0].provenance.locator,
        crate::package::Locator::Reference { locator } if locator == "p. 3"
    ));

    let pop = p.resource("population").unwrap();
    assert!(matches!(
        &pop.rows[1].provenance.locator,
        crate::package::Locator::Table { line: 3, .. }
    ));
    assert_eq!(p.files["census"].sha256.len(), 64);
    assert_eq!(p.errata.len(), 1);
    assert_eq!(p.claims.len(), 2);
    assert_eq!(p.claims[0].stated.as_ref().unwrap().decimals, 0);
    assert_eq!(p.text("notes").unwrap().paragraphs.len(), 4);
    assert!(p.warnings.is_empty());
}

#[test]
fn formulas_read_the_package() {
    let fx = Fixture::new();
    let p = fx.load().unwrap();
    let t = Context::table(&p, "sales").unwrap();
    assert_eq!(t.fields()[2], "value");
    let rows = t.find(&[Value::from("north"), Value::from(1993)]);
    assert_eq!(rows.len(), 1);
    assert_eq!(t.value(rows[0], 2), Some(&Value::from(1655)));
    assert!(Context::table(&p, "nothing").is_none());
    assert!(p.names().contains(&"rates"));
    let e = p.resource("events").unwrap();
    let t: &dyn dossier_formula::Table = e;
    assert_eq!(t.find(&[Value::from("opening")]).len(), 1);
}

#[test]
fn claim_formulas_evaluate_over_the_package() {
    let fx = Fixture::new();
    let p = fx.load().unwrap();
    let f = p.claims[0].formula.as_ref().unwrap();
    let formula = dossier_formula::Formula::parse(&f.text).unwrap();
    let v = formula.evaluate(&p).unwrap();
    // (1655 - 1649) * 100 / 1649
    let want: dossier_formula::Decimal = "0.3638568829593693147362037598".parse().unwrap();
    let got = v.as_number().unwrap();
    assert!((got - want).abs() < "0.000001".parse().unwrap(), "{got}");
    let sum = dossier_formula::Formula::parse("sum(sales[region = 'south'].value)").unwrap();
    assert_eq!(sum.evaluate(&p).unwrap(), Value::from(4387));
    let date =
        dossier_formula::Formula::parse("days_between(events['opening'].date, date('1973-09-14'))")
            .unwrap();
    assert_eq!(date.evaluate(&p).unwrap(), Value::from(3));
}

#[test]
fn claim_formulas_keep_their_place() {
    let fx = Fixture::new();
    let p = fx.load().unwrap();
    let f = p.claims[0].formula.as_ref().unwrap();
    assert!(f.verbatim);
    let claims = fx.read("claims.toml");
    let pos = f.text.find("sales['north', 1993]").unwrap();
    let at = p.formula_place(f, pos);
    let (line, col) = find(&claims, "sales['north', 1993]");
    assert_eq!((at.line, at.column), (line, col));
}

// ------------------------------------------------------ the declaration ----

#[test]
fn unknown_type_points_into_the_declaration() {
    let fx = Fixture::new();
    fx.replace(
        "datapackage.toml",
        "type = \"percent\"",
        "type = \"precent\"",
    );
    let e = fx.error();
    let (line, col) = find(&fx.read("datapackage.toml"), "\"precent\"");
    assert_at(&e, "unknown_type", "datapackage.toml", line, col);
    assert!(e.to_string().contains("did you mean `percent`"), "{e}");
}

#[test]
fn unknown_key_suggests_the_closest() {
    let fx = Fixture::new();
    fx.replace(
        "datapackage.toml",
        "primaryKey = \"metric\"",
        "primaryKy = \"metric\"",
    );
    let e = fx.error();
    let (line, col) = find(&fx.read("datapackage.toml"), "primaryKy");
    assert_at(&e, "unknown_key", "datapackage.toml", line, col);
    assert!(e.to_string().contains("did you mean `primaryKey`"), "{e}");
}

#[test]
fn unknown_field_in_a_key() {
    let fx = Fixture::new();
    fx.replace(
        "datapackage.toml",
        "primaryKey = [\"region\", \"year\"]",
        "primaryKey = [\"region\", \"yaer\"]",
    );
    let e = fx.error();
    let (line, col) = find(&fx.read("datapackage.toml"), "\"yaer\"");
    assert_at(&e, "unknown_name", "datapackage.toml", line, col);
    assert!(e.to_string().contains("did you mean `year`"), "{e}");
}

#[test]
fn missing_label_in_the_declaration() {
    let fx = Fixture::new();
    fx.replace(
        "datapackage.toml",
        "{ value = \"south\", label = { en = \"South\", fa = \"جنوب\" } }",
        "{ value = \"south\", label = { en = \"South\" } }",
    );
    let e = fx.error();
    let (line, col) = find(&fx.read("datapackage.toml"), "{ value = \"south\"");
    assert_at(&e, "missing_label", "datapackage.toml", line, col);
    assert!(e.to_string().contains("`fa`"), "{e}");
}

#[test]
fn bad_constraint() {
    let fx = Fixture::new();
    fx.replace(
        "datapackage.toml",
        "minimum = 1900, maximum = 2100",
        "minimum = 1900, maximum = 99999",
    );
    let e = fx.error();
    let (line, col) = find(&fx.read("datapackage.toml"), "99999");
    assert_at(&e, "bad_constraint", "datapackage.toml", line, col);
    assert!(e.to_string().contains("1 to 9999"), "{e}");
}

#[test]
fn syntax_error_in_the_declaration() {
    let fx = Fixture::new();
    fx.replace(
        "datapackage.toml",
        "name = \"sample\"",
        "name = = \"sample\"",
    );
    let e = fx.error();
    assert_eq!(e.kind(), "syntax");
    assert_eq!(e.line(), 1);
}

#[test]
fn unknown_source_in_the_declaration() {
    let fx = Fixture::new();
    fx.replace(
        "datapackage.toml",
        "source_name = \"census\"",
        "source_name = \"cencus\"",
    );
    let e = fx.error();
    let (line, col) = find(&fx.read("datapackage.toml"), "\"cencus\"");
    assert_at(&e, "unknown_name", "datapackage.toml", line, col);
    assert!(e.to_string().contains("did you mean `census`"), "{e}");
}

#[test]
fn pattern_is_refused_not_ignored() {
    let fx = Fixture::new();
    fx.replace(
        "datapackage.toml",
        "name = \"metric\"\n",
        "name = \"metric\"\nconstraints = { pattern = \"[a-z]+\" }\n",
    );
    let e = fx.error();
    assert_eq!(e.kind(), "unsupported");
    assert!(e.to_string().contains("pattern"), "{e}");
}

// ------------------------------------------------------------ data files ----

#[test]
fn missing_declared_column() {
    let fx = Fixture::new();
    fx.write("rates.csv", "metric,para,quote\ngrowth,3,%۱۸\n");
    let e = fx.error();
    assert_at(&e, "missing_column", "rates.csv", 1, 1);
    assert!(e.to_string().contains("`value`"), "{e}");
}

#[test]
fn undeclared_column() {
    let fx = Fixture::new();
    fx.write(
        "rates.csv",
        "metric,value,para,quote,vaule\ngrowth,18,3,%۱۸,x\n",
    );
    let e = fx.error();
    assert_at(&e, "undeclared_column", "rates.csv", 1, 25);
}

#[test]
fn value_of_the_wrong_type() {
    let fx = Fixture::new();
    fx.replace("sales.csv", "south,1992,2012", "south,1992,2O12");
    let e = fx.error();
    let (line, col) = find(&fx.read("sales.csv"), "2O12");
    assert_eq!((line, col), (4, 12));
    assert_at(&e, "bad_value", "sales.csv", line, col);
    assert!(e.to_string().contains("`2O12`"), "{e}");
}

#[test]
fn out_of_range_years() {
    for bad in ["99999", "0", "-1", "1850"] {
        let fx = Fixture::new();
        fx.replace("sales.csv", "north,1993,", &format!("north,{bad},"));
        let e = fx.error();
        assert_at(&e, "out_of_range", "sales.csv", 3, 7);
        assert!(e.to_string().contains("1900 to 2100"), "{bad}: {e}");
    }
    let fx = Fixture::new();
    fx.replace("events.csv", "1976,about", "0000,about");
    let e = fx.error();
    assert_at(&e, "out_of_range", "events.csv", 3, 9);
    let fx = Fixture::new();
    fx.replace("population.csv", "A,2000,1.5", "A,2000,10000000000000000");
    let e = fx.error();
    assert_eq!(e.kind(), "out_of_range", "{e}");
    assert!(e.to_string().contains("1000000000000000"), "{e}");
}

#[test]
fn duplicate_key() {
    let fx = Fixture::new();
    fx.replace("sales.csv", "south,1993", "south,1992");
    let errors = fx.errors();
    let e = errors.iter().find(|e| e.kind() == "duplicate_key").unwrap();
    assert_at(e, "duplicate_key", "sales.csv", 5, 1);
    assert!(e.to_string().contains("first on line 4"), "{e}");
}

#[test]
fn category_not_declared() {
    let fx = Fixture::new();
    fx.replace("sales.csv", "south,1993", "sout,1993");
    let errors = fx.errors();
    let e = &errors[0];
    assert_at(e, "undeclared_category", "sales.csv", 5, 1);
    assert!(e.to_string().contains("did you mean `south`"), "{e}");
}

#[test]
fn missing_label_in_data() {
    let fx = Fixture::new();
    fx.replace(
        "events.csv",
        "Plant closed,بسته شدن کارخانه",
        "Plant closed,",
    );
    let e = fx.error();
    assert_at(&e, "missing_label", "events.csv", 3, 33);
    let fx = Fixture::new();
    fx.write(
        "events.csv",
        &fixture::EVENTS
            .replace(",label_fa", "")
            .replace(",افتتاح کارخانه", "")
            .replace(",بسته شدن کارخانه", ""),
    );
    let e = fx.error();
    assert_at(&e, "missing_label", "events.csv", 1, 1);
    let fx = Fixture::new();
    fx.replace(
        "regions.toml",
        "name = { en = \"North\", fa = \"شمال\" }",
        "name = { en = \"North\" }",
    );
    let e = fx.error();
    assert_at(&e, "missing_label", "regions.toml", 3, 8);
}

#[test]
fn foreign_key_not_found() {
    let fx = Fixture::new();
    fx.replace("regions.toml", "id = \"south\"", "id = \"east\"");
    let e = fx.errors();
    assert_eq!(e.len(), 2, "{}", shown(&e));
    assert_at(&e[0], "foreign_key_not_found", "sales.csv", 4, 1);
    assert_at(&e[1], "foreign_key_not_found", "sales.csv", 5, 1);
}

#[test]
fn required_key_value() {
    let fx = Fixture::new();
    fx.replace("sales.csv", "north,1992,", ",1992,");
    let e = fx.errors();
    assert!(
        e.iter()
            .any(|e| e.kind() == "missing_value" && e.line() == 2),
        "{}",
        shown(&e)
    );
}

#[test]
fn bad_qualifier() {
    let fx = Fixture::new();
    fx.replace("events.csv", "1976,about", "1976,around");
    let e = fx.error();
    assert_at(&e, "undeclared_category", "events.csv", 3, 14);
    assert!(e.to_string().contains("about"), "{e}");
}

#[test]
fn json_rows_point_at_their_values() {
    let fx = Fixture::new();
    fx.replace(
        "datapackage.toml",
        "path = \"population.csv\"",
        "path = \"population.json\"",
    );
    fx.write(
        "population.json",
        "[\n  {\"country\": \"A\", \"year\": 2000, \"pop\": 1.5},\n  {\"country\": \"B\", \"year\": \"2k\", \"pop\": 0.30000000000000004}\n]\n",
    );
    let e = fx.error();
    let (line, col) = find(&fx.read("population.json"), "\"2k\"");
    assert_at(&e, "bad_value", "population.json", line, col);
}

// ------------------------------------------------------------ line ends ----

#[test]
fn lone_cr_line_ends_count() {
    let fx = Fixture::new();
    let text = SALES
        .replace('\n', "\r")
        .replace("south,1993,2375", "south,1993,23x5");
    fx.write("sales.csv", &text);
    let e = fx.error();
    assert_at(&e, "bad_value", "sales.csv", 5, 12);
    let fx = Fixture::new();
    fx.write(
        "sales.csv",
        &SALES
            .replace('\n', "\r\n")
            .replace("south,1993,2375", "south,1993,23x5"),
    );
    assert_at(&fx.error(), "bad_value", "sales.csv", 5, 12);
}

#[test]
fn a_huge_field_blames_the_csv() {
    let fx = Fixture::new();
    let huge = "x".repeat(1 << 20);
    fx.replace("rates.csv", "share,14.4", &format!("{huge},14.4"));
    let e = fx.error();
    assert_at(&e, "limit", "rates.csv", 3, 1);
    assert!(e.to_string().contains("--max-paragraph-chars"), "{e}");
    assert!(
        e.to_string().len() < 400,
        "the message must not quote the field"
    );
}

#[test]
fn row_limit() {
    let fx = Fixture::new();
    let limits = crate::access::Limits {
        max_table_rows: 3,
        ..Default::default()
    };
    let e = fx.load_with(limits).unwrap_err();
    let e = e.iter().find(|e| e.path().ends_with("sales.csv")).unwrap();
    assert_at(e, "limit", "sales.csv", 5, 1);
    assert!(e.to_string().contains("--max-table-rows"), "{e}");
}

// ----------------------------------------------------------- provenance ----

#[test]
fn a_value_must_be_a_whole_token() {
    // 16 is inside 1649, and 0 inside 2012: neither is a token.
    for bad in ["16", "0", "165", "649"] {
        let fx = Fixture::new();
        fx.replace("datapackage.toml", "match = \"position\"\n", "");
        fx.replace("sales.csv", "north,1992,1649", &format!("north,1992,{bad}"));
        let e = fx.error();
        assert_at(&e, "value_not_in_quote", "sales.csv", 2, 12);
        assert!(e.to_string().contains("1649, 1655, 2012, 2375"), "{e}");
    }
}

#[test]
fn a_series_matches_by_position() {
    let fx = Fixture::new();
    // 1655 is in the quote, but at position 2, not 1.
    fx.replace("sales.csv", "north,1992,1649", "north,1992,1655");
    let e = fx.error();
    assert_at(&e, "value_not_at_position", "sales.csv", 2, 12);
    assert!(
        e.to_string().contains("token 1 of the quote is 1649"),
        "{e}"
    );
    // Without `position`, any token passes.
    let fx = Fixture::new();
    fx.replace("datapackage.toml", "match = \"position\"\n", "");
    fx.replace("sales.csv", "north,1992,1649", "north,1992,1655");
    assert!(fx.load().is_ok());
}

#[test]
fn percent_tokens_and_decimal_signs() {
    let fx = Fixture::new();
    fx.replace("rates.csv", "share,14.4", "share,14");
    assert_at(&fx.error(), "value_not_in_quote", "rates.csv", 3, 7);
    // A percentage token is not matched by a plain number.
    let fx = Fixture::new();
    fx.replace(
        "datapackage.toml",
        "type = \"percent\"",
        "type = \"number\"",
    );
    let e = fx.error();
    assert_at(&e, "value_not_in_quote", "rates.csv", 2, 8);
}

#[test]
fn unknown_source_in_a_row() {
    let fx = Fixture::new();
    fx.replace("sales.csv", "2375,notes", "2375,note");
    let e = fx.error();
    assert_at(&e, "unknown_source", "sales.csv", 5, 17);
    assert!(e.to_string().contains("did you mean `notes`"), "{e}");
}

#[test]
fn paragraph_out_of_range() {
    let fx = Fixture::new();
    fx.replace("rates.csv", "share,14.4,3", "share,14.4,9");
    let e = fx.error();
    assert_at(&e, "paragraph_out_of_range", "rates.csv", 3, 12);
    assert!(e.to_string().contains("1 to 4"), "{e}");
}

#[test]
fn quote_not_in_paragraph() {
    let fx = Fixture::new();
    fx.replace("rates.csv", "growth,18,3,%۱۸", "growth,18,2,%۱۸");
    let e = fx.error();
    assert_at(&e, "quote_not_in_paragraph", "rates.csv", 2, 13);
    assert!(e.to_string().contains("it occurs in paragraph 3"), "{e}");
}

#[test]
fn quotes_match_after_normalisation() {
    let fx = Fixture::new();
    // The source writes Arabic yeh and kaf, a ZWNJ and a double space;
    // the quote modern letters, no ZWNJ and single spaces.
    fx.write(
        "sources/notes.txt",
        &fixture::NOTES.replace("Widget sales by year:", "فروش\u{200c}ها  ي ك:"),
    );
    fx.write(
        "sales.csv",
        &SALES.replace(",2,۱۶۴۹", ",2,فروشها ی ک: ۱۶۴۹"),
    );
    fx.load().unwrap_or_else(|e| panic!("{}", shown(&e)));
}

#[test]
fn table_source_values_must_match() {
    let fx = Fixture::new();
    fx.replace("population.csv", "B,2000,0.30000000000000004", "B,2000,0.3");
    let e = fx.error();
    assert_at(&e, "table_value_differs", "population.csv", 3, 8);
    assert!(e.to_string().contains("0.30000000000000004"), "{e}");
    let fx = Fixture::new();
    fx.replace("population.csv", "A,2000", "C,2000");
    let e = fx.error();
    assert_at(&e, "table_row_not_found", "population.csv", 2, 1);
}

#[test]
fn table_source_hash_is_checked() {
    let fx = Fixture::new();
    fx.write(
        "sources/census.json",
        &fixture::CENSUS.replace("1.5", "1.6"),
    );
    let e = fx.error();
    let (line, col) = find(&fx.read("datapackage.toml"), "sha256 = ");
    assert_at(
        &e,
        "hash_mismatch",
        "datapackage.toml",
        line,
        col + "sha256 = ".chars().count(),
    );
}

#[test]
fn reference_rows_need_a_locator() {
    let fx = Fixture::new();
    fx.replace("regions.toml", "page = \"p. 4\"", "page = \"\"");
    let e = fx.error();
    assert_at(&e, "missing_value", "regions.toml", 9, 8);
}

#[test]
fn errata_and_claims_are_checked() {
    let fx = Fixture::new();
    fx.replace(
        "errata.toml",
        "quote = \"۳ years later\"",
        "quote = \"four years\"",
    );
    let e = fx.error();
    assert_at(&e, "quote_not_in_paragraph", "errata.toml", 7, 9);
    let fx = Fixture::new();
    fx.replace("claims.toml", "formula = \"pct", "formla = \"pct");
    let e = fx.errors();
    assert!(
        e.iter()
            .any(|e| e.kind() == "unknown_key" && e.to_string().contains("did you mean `formula`")),
        "{}",
        shown(&e)
    );
    let fx = Fixture::new();
    fx.replace("claims.toml", "fa = \"کارخانه افتتاح شد\" }", "}");
    fx.replace(
        "claims.toml",
        "{ en = \"The plant opened\", }",
        "{ en = \"The plant opened\" }",
    );
    let e = fx.error();
    assert_eq!(e.kind(), "missing_label", "{e}");
    assert_eq!(e.path().file_name().unwrap(), "claims.toml");
}

// ---------------------------------------------------------------- import ----

#[test]
fn a_json_declaration_means_the_same() {
    let fx = Fixture::new();
    let decl = std::fs::read_to_string(fx.path("datapackage.toml")).unwrap();
    let value: toml::Value = toml::from_str(&decl).unwrap();
    let json = serde_json::to_string_pretty(&value).unwrap();
    std::fs::remove_file(fx.path("datapackage.toml")).unwrap();
    fx.write("datapackage.json", &json);
    let p = fx.load().unwrap_or_else(|e| panic!("{}", shown(&e)));
    assert_eq!(p.resources.len(), 5);
    assert!(p.declaration.ends_with("datapackage.json"));
    // Errors point into the JSON file.
    fx.write(
        "datapackage.json",
        &json
            .replace("\"precent\"", "x")
            .replace("\"percent\"", "\"precent\""),
    );
    let e = fx.error();
    let (line, col) = find(&fx.read("datapackage.json"), "\"precent\"");
    assert_at(&e, "unknown_type", "datapackage.json", line, col);
}

#[test]
fn declaration_text_is_neutral() {
    // The fixture must stay free of any shipped report's words.
    assert!(!DECLARATION.contains("trade"));
}

// ----------------------------------------------------------- more cases ----

#[test]
fn missing_key_in_the_declaration() {
    let fx = Fixture::new();
    fx.replace(
        "datapackage.toml",
        "name = \"rates\"\npath = \"rates.csv\"\n",
        "name = \"rates\"\n",
    );
    let e = fx.error();
    assert_eq!(e.kind(), "missing_key", "{e}");
    assert!(
        e.to_string().contains("`path`") && e.to_string().contains("resource `rates`"),
        "{e}"
    );
    assert_eq!(e.path().file_name().unwrap(), "datapackage.toml");
}

#[test]
fn wrong_kind_of_value_in_the_declaration() {
    let fx = Fixture::new();
    fx.replace(
        "datapackage.toml",
        "values = [\"value\"]\nmatch",
        "values = [1]\nmatch",
    );
    let e = fx.error();
    let (line, col) = find(&fx.read("datapackage.toml"), "[1]");
    assert_at(&e, "wrong_type", "datapackage.toml", line, col + 1);
    assert!(
        e.to_string().contains("expected a string, found a number"),
        "{e}"
    );
}

#[test]
fn json_syntax_error_in_a_resource() {
    let fx = Fixture::new();
    fx.replace(
        "datapackage.toml",
        "path = \"population.csv\"",
        "path = \"population.json\"",
    );
    fx.write(
        "population.json",
        "[\n  {\"country\": \"A\",\n   \"year\": 2000,, \"pop\": 1}\n]",
    );
    let e = fx.error();
    assert_at(&e, "syntax", "population.json", 3, 17);
}

#[test]
fn undeclared_key_in_a_toml_resource() {
    let fx = Fixture::new();
    fx.replace(
        "regions.toml",
        "page = \"p. 3\"",
        "page = \"p. 3\"\npgae = \"x\"",
    );
    let e = fx.error();
    assert_at(&e, "undeclared_column", "regions.toml", 5, 1);
    assert!(e.to_string().contains("did you mean `page`"), "{e}");
}

#[test]
fn resource_hash_and_size_are_checked() {
    let fx = Fixture::new();
    fx.replace(
        "datapackage.toml",
        "path = \"rates.csv\"\n",
        &format!(
            "path = \"rates.csv\"\nbytes = 3\nhash = \"sha256:{}\"\n",
            "0".repeat(64)
        ),
    );
    let e = fx.errors();
    let kinds: Vec<&str> = e.iter().map(|e| e.kind()).collect();
    assert_eq!(kinds, ["size_mismatch", "hash_mismatch"], "{}", shown(&e));
    let (line, col) = find(&fx.read("datapackage.toml"), "bytes = 3");
    assert_at(&e[0], "size_mismatch", "datapackage.toml", line, col + 8);
    // Other algorithms are named in a warning, not silently taken as checked.
    let fx = Fixture::new();
    fx.replace(
        "datapackage.toml",
        "path = \"rates.csv\"\n",
        "path = \"rates.csv\"\nhash = \"sha1:abc\"\n",
    );
    let p = fx.load().unwrap();
    assert_eq!(p.warnings.len(), 1);
    assert!(
        p.warnings[0].message.contains("sha1"),
        "{}",
        p.warnings[0].message
    );
}

#[test]
fn several_values_per_row_in_a_series() {
    let fx = Fixture::new();
    fx.write(
        "sales.csv",
        "region,year,value,source_id,para,quote\nnorth,1992,1649,notes,2,۱۶۴۹ ۱۶۵۵ ۲۰۱۲ ۲۳۷۵\n",
    );
    fx.replace(
        "datapackage.toml",
        "values = [\"value\"]\nmatch",
        "values = [\"value\", \"para\"]\nmatch",
    );
    // Row 1 gives tokens 1 and 2: value 1649 and para 2 against 1655.
    let e = fx.errors();
    let e = e
        .iter()
        .find(|e| e.kind() == "value_not_at_position")
        .unwrap();
    assert_at(e, "value_not_at_position", "sales.csv", 2, 23);
    assert!(e.to_string().contains("value 2 of the series"), "{e}");
}

#[test]
fn a_row_citing_a_source_it_cannot_be_checked_against() {
    let fx = Fixture::new();
    fx.replace("sales.csv", "2375,notes", "2375,ledger");
    let e = fx.errors();
    let e = e.iter().find(|e| e.kind() == "wrong_source_kind").unwrap();
    assert_at(e, "wrong_source_kind", "sales.csv", 5, 17);
    assert!(e.to_string().contains("locator"), "{e}");
}

#[test]
fn errata_kinds_are_checked() {
    let fx = Fixture::new();
    fx.replace("errata.toml", "kind = \"factual\"", "kind = \"factul\"");
    let e = fx.error();
    assert_at(&e, "unknown_name", "errata.toml", 3, 8);
    assert!(e.to_string().contains("did you mean `factual`"), "{e}");
}

#[test]
fn table_source_in_csv() {
    let fx = Fixture::new();
    fx.write(
        "sources/census.csv",
        "country,year,pop\nA,2000,1.5\nB,2000,0.30000000000000004\n",
    );
    let sha = crate::access::sha256_hex(fx.read("sources/census.csv").as_bytes());
    let decl = fx.read("datapackage.toml");
    let decl = decl.replace("sources/census.json", "sources/census.csv");
    let old_sha = decl
        .split("sha256 = \"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    fx.write("datapackage.toml", &decl.replace(&old_sha, &sha));
    fx.load().unwrap_or_else(|e| panic!("{}", shown(&e)));
    fx.replace("sources/census.csv", "A,2000,1.5", "A,2000,1.50");
    // The hash is checked first.
    assert_eq!(fx.error().kind(), "hash_mismatch");
}

#[test]
fn enum_and_length_constraints() {
    let fx = Fixture::new();
    fx.replace(
        "datapackage.toml",
        "name = \"metric\"\n",
        "name = \"metric\"\nconstraints = { enum = [\"growth\", \"share\"], maxLength = 5 }\n",
    );
    fx.replace("rates.csv", "growth,18", "grow,18");
    let e = fx.error();
    assert_at(&e, "constraint_failed", "rates.csv", 2, 1);
    assert!(e.to_string().contains("enum"), "{e}");
    let fx = Fixture::new();
    fx.replace(
        "datapackage.toml",
        "name = \"metric\"\n",
        "name = \"metric\"\nconstraints = { maxLength = 5 }\n",
    );
    let e = fx.error();
    assert_at(&e, "constraint_failed", "rates.csv", 2, 1);
    assert!(
        e.to_string().contains("at most 5 characters, found 6"),
        "{e}"
    );
}

#[test]
fn missing_values_are_missing() {
    let fx = Fixture::new();
    fx.replace(
        "datapackage.toml",
        "[resources.schema]\nprimaryKey = [\"country\", \"year\"]",
        "[resources.schema]\nprimaryKey = [\"country\", \"year\"]\nmissingValues = [\"\", \"n/a\"]",
    );
    fx.write(
        "sources/census.json",
        &fixture::CENSUS.replace("1.5", "null"),
    );
    let sha = crate::access::sha256_hex(fx.read("sources/census.json").as_bytes());
    let decl = fx.read("datapackage.toml");
    let old_sha = decl
        .split("sha256 = \"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    fx.write("datapackage.toml", &decl.replace(&old_sha, &sha));
    fx.replace("population.csv", "A,2000,1.5", "A,2000,n/a");
    let p = fx.load().unwrap_or_else(|e| panic!("{}", shown(&e)));
    let pop = p.resource("population").unwrap();
    assert_eq!(pop.value(&pop.rows[0], "pop"), Some(&Value::Missing));
}

#[test]
fn integer_categories() {
    let fx = Fixture::new();
    let decl = fx.read("datapackage.toml");
    let rates = decl.find("name = \"rates\"").unwrap();
    let at = rates
        + decl[rates..]
            .find("name = \"para\"\ntype = \"integer\"")
            .unwrap();
    let end = at + "name = \"para\"\ntype = \"integer\"".len();
    let decl = format!(
        "{}\ncategories = [{{ value = 3, label = \"third\" }}, 4]{}",
        &decl[..end],
        &decl[end..]
    );
    fx.write("datapackage.toml", &decl);
    let fx_ok = fx.load();
    assert!(fx_ok.is_err(), "category 4 has no label for en and fa");
    fx.write("datapackage.toml", &decl.replace(", 4]", "]"));
    fx.load().unwrap_or_else(|e| panic!("{}", shown(&e)));
    fx.replace("rates.csv", "share,14.4,3", "share,14.4,5");
    let e = fx.errors();
    assert_at(&e[0], "undeclared_category", "rates.csv", 3, 12);
}

// ------------------------------------------------------------- robustness ----

mod never_panics {
    use super::fixture::Fixture;
    use proptest::prelude::*;

    /// Bytes that look like CSV often enough to reach the typing and
    /// provenance checks: cells from a small alphabet of digits, Persian
    /// digits, quotes, separators and line ends, or raw bytes.
    fn csvish() -> impl Strategy<Value = Vec<u8>> {
        let cell = prop_oneof![
            Just("north".to_string()),
            Just("south".to_string()),
            Just("notes".to_string()),
            Just("1992".to_string()),
            Just("2".to_string()),
            Just("۱۶۴۹ ۱۶۵۵".to_string()),
            "[0-9.\\-]{0,6}",
            "[\"a-z,\r\n ]{0,6}",
            any::<String>(),
        ];
        let row = proptest::collection::vec(cell, 0..8).prop_map(|cells| cells.join(","));
        prop_oneof![
            proptest::collection::vec(row, 0..6).prop_map(|rows| {
                let mut text = String::from("region,year,value,source_id,para,quote\n");
                text.push_str(&rows.join("\r"));
                text.into_bytes()
            }),
            proptest::collection::vec(any::<u8>(), 0..300),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_csv_bytes(bytes in csvish()) {
            let fx = Fixture::new();
            std::fs::write(fx.path("sales.csv"), &bytes).unwrap();
            if let Err(errors) = fx.load() {
                prop_assert!(!errors.is_empty());
                for e in &errors {
                    prop_assert!(!e.to_string().is_empty());
                    prop_assert!(!e.path().as_os_str().is_empty(), "{}", e);
                }
            }
        }

        #[test]
        fn arbitrary_declarations(text in "[\\[\\]a-z={}\", \n0-9.]{0,200}") {
            let fx = Fixture::new();
            fx.write("datapackage.toml", &text);
            prop_assert!(fx.load().is_err() || text.contains("resources"));
        }
    }
}
