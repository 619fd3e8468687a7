//! A small neutral package written to a temporary folder, to load and to
//! break one file at a time.

use std::path::PathBuf;

use dossier_lang::LanguageTag;

use crate::access::{sha256_hex, Limits, Sandbox};
use crate::package::{load, LoadOptions, Package, PackageError};

pub const NOTES: &str = "A first paragraph without numbers.

Widget sales by year: ۱۶۴۹ ۱۶۵۵ ۲۰۱۲ ۲۳۷۵

Growth was %۱۸ and the share ۱۴/۴ of the total.

On ۱۱/۹/۱۹۷۳ the plant opened, and it closed ۳ years later.
";

pub const CENSUS: &str = r#"[
  {"country": "A", "year": 2000, "pop": 1.5},
  {"country": "B", "year": 2000, "pop": 0.30000000000000004}
]"#;

pub const DECLARATION: &str = r#"name = "sample"
title = { en = "Sample package", fa = "بستهٔ نمونه" }
errata = "errata.toml"
claims = "claims.toml"

[[sources]]
name = "notes"
kind = "text"
path = "sources/notes.txt"
title = "یادداشت‌ها"
author = "A. Writer"
date = "1996"
language = "fa"
short = { en = "Notes", fa = "یادداشت‌ها" }

[[sources]]
name = "census"
kind = "table"
path = "sources/census.json"
sha256 = "CENSUS_SHA"
license = "CC-BY-4.0"
short = "Census"

[[sources]]
name = "ledger"
kind = "reference"
title = "The ledger"
url = "https://example.org/ledger"

[[resources]]
name = "regions"
path = "regions.toml"

[resources.provenance]
source_name = "ledger"
locator = "page"

[resources.schema]
primaryKey = "id"

[[resources.schema.fields]]
name = "id"
type = "string"

[[resources.schema.fields]]
name = "name"
type = "localized"

[[resources.schema.fields]]
name = "page"
type = "string"

[[resources]]
name = "sales"
path = "sales.csv"

[resources.provenance]
source = "source_id"
paragraph = "para"
quote = "quote"
values = ["value"]
match = "position"

[resources.schema]
primaryKey = ["region", "year"]
foreignKeys = [{ fields = "region", reference = { resource = "regions", fields = "id" } }]

[[resources.schema.fields]]
name = "region"
type = "string"
categories = [
  { value = "north", label = { en = "North", fa = "شمال" } },
  { value = "south", label = { en = "South", fa = "جنوب" } },
]

[[resources.schema.fields]]
name = "year"
type = "year"
constraints = { minimum = 1900, maximum = 2100 }

[[resources.schema.fields]]
name = "value"
type = "money"
unit = { currency = "USD", scale = 1000000 }
title = { en = "US$ million", fa = "میلیون دلار" }

[[resources.schema.fields]]
name = "source_id"

[[resources.schema.fields]]
name = "para"
type = "integer"

[[resources.schema.fields]]
name = "quote"

[[resources]]
name = "rates"
path = "rates.csv"

[resources.provenance]
source_name = "notes"
paragraph = "para"
quote = "quote"
values = ["value"]

[resources.schema]
primaryKey = "metric"

[[resources.schema.fields]]
name = "metric"

[[resources.schema.fields]]
name = "value"
type = "percent"

[[resources.schema.fields]]
name = "para"
type = "integer"

[[resources.schema.fields]]
name = "quote"

[[resources]]
name = "events"
path = "events.csv"

[resources.provenance]
source_name = "notes"
paragraph = "para"
quote = "quote"

[resources.schema]
primaryKey = "id"

[[resources.schema.fields]]
name = "id"

[[resources.schema.fields]]
name = "date"
type = "date"
qualifier = "certainty"

[[resources.schema.fields]]
name = "certainty"

[[resources.schema.fields]]
name = "label"
type = "localized"

[[resources.schema.fields]]
name = "para"
type = "integer"

[[resources.schema.fields]]
name = "quote"

[[resources]]
name = "population"
path = "population.csv"

[resources.provenance]
source_name = "census"
key = { country = "country", year = "year" }
columns = { pop = "pop" }

[resources.schema]
primaryKey = ["country", "year"]

[[resources.schema.fields]]
name = "country"

[[resources.schema.fields]]
name = "year"
type = "year"

[[resources.schema.fields]]
name = "pop"
type = "number"
"#;

pub const REGIONS: &str = r#"[[row]]
id = "north"
name = { en = "North", fa = "شمال" }
page = "p. 3"

[[row]]
id = "south"
name = "Sud"
page = "p. 4"
"#;

pub const SALES: &str = "region,year,value,source_id,para,quote
north,1992,1649,notes,2,۱۶۴۹ ۱۶۵۵ ۲۰۱۲ ۲۳۷۵
north,1993,1655,notes,2,۱۶۴۹ ۱۶۵۵ ۲۰۱۲ ۲۳۷۵
south,1992,2012,notes,2,۱۶۴۹ ۱۶۵۵ ۲۰۱۲ ۲۳۷۵
south,1993,2375,notes,2,۱۶۴۹ ۱۶۵۵ ۲۰۱۲ ۲۳۷۵
";

pub const RATES: &str = "metric,value,para,quote
growth,18,3,%۱۸
share,14.4,3,۱۴/۴
";

pub const EVENTS: &str = "id,date,certainty,label_en,label_fa,para,quote
opening,1973-09-11,exact,Plant opened,افتتاح کارخانه,4,۱۱/۹/۱۹۷۳
closing,1976,about,Plant closed,بسته شدن کارخانه,4,۳ years later
";

pub const POPULATION: &str = "country,year,pop
A,2000,1.5
B,2000,0.30000000000000004
";

pub const ERRATA: &str = r#"[[erratum]]
id = "closing_year"
kind = "factual"
confidence = "medium"
source = "notes"
paragraph = 4
quote = "۳ years later"
says = "Three years later."
correction = { en = "Four years later.", fa = "چهار سال بعد." }
basis = { en = "The ledger.", fa = "دفتر." }
"#;

pub const CLAIMS: &str = r#"[[claim]]
id = "growth"
statement = { en = "Sales grew 18%", fa = "فروش ۱۸٪ رشد کرد" }
stated = "18"
unit = "percent"
source = "notes"
paragraph = 3
quote = "%۱۸"
formula = "pct_change(sales['north', 1992].value, sales['north', 1993].value)"

[[claim]]
id = "unchecked"
statement = { en = "The plant opened", fa = "کارخانه افتتاح شد" }
source = "ledger"
locator = "p. 9"
checkable_against = { en = "Plant records", fa = "سوابق کارخانه" }
"#;

/// The fixture package in a temporary folder.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let fx = Fixture { dir };
        std::fs::create_dir(fx.path("sources")).unwrap();
        fx.write("sources/notes.txt", NOTES);
        fx.write("sources/census.json", CENSUS);
        fx.write(
            "datapackage.toml",
            &DECLARATION.replace("CENSUS_SHA", &sha256_hex(CENSUS.as_bytes())),
        );
        fx.write("regions.toml", REGIONS);
        fx.write("sales.csv", SALES);
        fx.write("rates.csv", RATES);
        fx.write("events.csv", EVENTS);
        fx.write("population.csv", POPULATION);
        fx.write("errata.toml", ERRATA);
        fx.write("claims.toml", CLAIMS);
        fx
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, text: &str) {
        std::fs::write(self.path(name), text).unwrap();
    }

    pub fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap()
    }

    /// Replaces the one occurrence of `from` in file `name`.
    pub fn replace(&self, name: &str, from: &str, to: &str) {
        let text = self.read(name);
        assert_eq!(
            text.matches(from).count(),
            1,
            "`{from}` must occur once in {name}"
        );
        self.write(name, &text.replacen(from, to, 1));
    }

    pub fn languages() -> Vec<LanguageTag> {
        vec![
            LanguageTag::parse("en").unwrap(),
            LanguageTag::parse("fa").unwrap(),
        ]
    }

    pub fn load_with(&self, limits: Limits) -> Result<Package, Vec<PackageError>> {
        let sandbox = Sandbox::new(&[self.dir.path().to_path_buf()], limits).unwrap();
        load(
            self.dir.path(),
            &sandbox,
            &LoadOptions {
                languages: Fixture::languages(),
            },
        )
    }

    pub fn load(&self) -> Result<Package, Vec<PackageError>> {
        self.load_with(Limits::default())
    }

    /// The errors of a load that must fail.
    pub fn errors(&self) -> Vec<PackageError> {
        match self.load() {
            Ok(_) => panic!("expected errors"),
            Err(e) => e,
        }
    }

    /// The one error of a load that must fail with exactly one.
    pub fn error(&self) -> PackageError {
        let mut e = self.errors();
        assert_eq!(e.len(), 1, "expected one error, got:\n{}", shown(&e));
        e.remove(0)
    }
}

pub fn shown(errors: &[PackageError]) -> String {
    errors
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts kind, file name, line and column of an error.
pub fn assert_at(e: &PackageError, kind: &str, file: &str, line: usize, column: usize) {
    assert_eq!(e.kind(), kind, "{e}");
    assert_eq!(
        e.path().file_name().and_then(|n| n.to_str()),
        Some(file),
        "{e}"
    );
    assert_eq!((e.line(), e.column()), (line, column), "{e}");
    let text = e.to_string();
    assert!(text.contains(&format!("{file}:{line}")), "{text}");
}

/// Line and column (1-based, characters) of the first `needle` in `text`.
pub fn find(text: &str, needle: &str) -> (usize, usize) {
    let off = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in text"));
    let before = &text[..off];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line, col)
}
