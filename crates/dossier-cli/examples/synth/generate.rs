//! Writes synthetic trade briefings for batch-build benchmarks and tests.
//!
//! Each report is a country pair with its own data package: a short
//! Persian source document stating the figures, the declared CSV data sets
//! quoting it, and a report spec in the general format with figures, a
//! table view, prose and three charts. Figures vary with the
//! report's index, from a fixed seed, so the same `n` always gives the same
//! files.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

const COUNTRIES: &[(&str, &str)] = &[
    ("Portugal", "پرتغال"),
    ("Argentina", "آرژانتین"),
    ("Brazil", "برزیل"),
    ("Peru", "پرو"),
    ("Mexico", "مکزیک"),
    ("Colombia", "کلمبیا"),
    ("Uruguay", "اروگوئه"),
    ("Bolivia", "بولیوی"),
    ("Ecuador", "اکوادور"),
    ("Paraguay", "پاراگوئه"),
    ("Venezuela", "ونزوئلا"),
    ("Greece", "یونان"),
    ("Panama", "پاناما"),
    ("Canada", "کانادا"),
    ("Spain", "اسپانیا"),
    ("Japan", "ژاپن"),
    ("India", "هند"),
    ("Turkey", "ترکیه"),
    ("Egypt", "مصر"),
    ("Kenya", "کنیا"),
];

const PARTNERS: &[(&str, &str)] = &[
    ("the United States", "آمریکا"),
    ("Germany", "آلمان"),
    ("China", "چین"),
    ("France", "فرانسه"),
    ("Italy", "ایتالیا"),
    ("Korea", "کره"),
    ("Russia", "روسیه"),
    ("Iran", "ایران"),
    ("Australia", "استرالیا"),
    ("Sweden", "سوئد"),
];

const YEARS: [i32; 4] = [1992, 1993, 1994, 1995];

/// A small deterministic generator (SplitMix64), so that no dependency is
/// needed and the same index gives the same figures everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

fn fa_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32('۰' as u32 + (c as u32 - '0' as u32)).unwrap_or(c),
            '.' => '/',
            _ => c,
        })
        .collect()
}

/// Writes `n` reports under `root/reports/synth-NNNN/`, each with its data
/// in `root/reports/synth-NNNN/data/`.
pub fn generate(root: &Path, n: usize) -> io::Result<()> {
    for i in 0..n {
        write_report(&root.join("reports").join(format!("synth-{i:04}")), i)?;
    }
    Ok(())
}

fn write_report(dir: &Path, i: usize) -> io::Result<()> {
    let mut rng = Rng(0x5EED_0000 + i as u64);
    let (country_en, country_fa) = COUNTRIES[i % COUNTRIES.len()];
    let (partner_en, partner_fa) = PARTNERS[(i / COUNTRIES.len()) % PARTNERS.len()];
    let source_id = format!("synth_{i:04}");

    // Figures: a base level and year-on-year changes between -10% and +30%.
    let mut exports = Vec::new();
    let mut imports = Vec::new();
    let (mut ex, mut im) = (rng.range(200, 4000) as f64, rng.range(200, 4000) as f64);
    for _ in YEARS {
        exports.push(ex.round() as i64);
        imports.push(im.round() as i64);
        ex *= 1.0 + (rng.range(0, 40) as f64 - 10.0) / 100.0;
        im *= 1.0 + (rng.range(0, 40) as f64 - 10.0) / 100.0;
    }
    let growth = |v: &[i64]| ((v[3] - v[2]) as f64 / v[2] as f64 * 100.0).round() as i64;
    let share_ex = rng.range(50, 400) as f64 / 10.0;
    let share_im = rng.range(50, 400) as f64 / 10.0;

    let list = |v: &[i64]| {
        fa_digits(
            &v.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(" "),
        )
    };
    let ex_list = list(&exports);
    let im_list = list(&imports);
    let ex_growth = fa_digits(&format!("%{}", growth(&exports)));
    let im_growth = fa_digits(&format!("%{}", growth(&imports)));
    let ex_share = fa_digits(&format!("{share_ex:.1}"));
    let im_share = fa_digits(&format!("{share_im:.1}"));

    // The source: one statement per paragraph, paragraphs separated by a
    // blank line.
    let source = format!(
        "تجارت {country_fa} با {partner_fa}\n\n\
         صادرات {country_fa} به {partner_fa} از ۱۹۹۲ تا ۱۹۹۵ (میلیون دلار): {ex_list}\n\n\
         واردات {country_fa} از {partner_fa} از ۱۹۹۲ تا ۱۹۹۵ (میلیون دلار): {im_list}\n\n\
         صادرات در سال ۱۹۹۵ {ex_growth} رشد داشت و سهم {partner_fa} از کل صادرات {ex_share} درصد بود.\n\n\
         واردات در سال ۱۹۹۵ {im_growth} رشد داشت و سهم {partner_fa} از کل واردات {im_share} درصد بود.\n"
    );

    let data = dir.join("data");
    std::fs::create_dir_all(data.join("sources"))?;
    std::fs::write(
        data.join("sources").join(format!("{source_id}.txt")),
        source,
    )?;

    let mut trade = String::from("flow,year,value_musd,source_para,quote\n");
    for (flow, values, para, quote) in [
        ("exports", &exports, 2, &ex_list),
        ("imports", &imports, 3, &im_list),
    ] {
        for (year, v) in YEARS.iter().zip(values.iter()) {
            let _ = writeln!(trade, "{flow},{year},{v},{para},{quote}");
        }
    }
    std::fs::write(data.join("trade.csv"), trade)?;

    let stated = format!(
        "flow,metric,value_pct,source_para,quote\n\
         exports,change,{},4,{ex_growth}\n\
         exports,share,{share_ex:.1},4,{ex_share}\n\
         imports,change,{},5,{im_growth}\n\
         imports,share,{share_im:.1},5,{im_share}\n",
        growth(&exports),
        growth(&imports),
    );
    std::fs::write(data.join("trade_stated.csv"), stated)?;
    std::fs::write(
        data.join("datapackage.toml"),
        format!(
            r#"name = "synth-{i:04}"

[[sources]]
name = "article"
kind = "text"
path = "sources/{source_id}.txt"
language = "fa"
short = {{ fa = "مقاله", en = "the article" }}

[[resources]]
name = "trade"
path = "trade.csv"

[resources.provenance]
source_name = "article"
paragraph = "source_para"
quote = "quote"
values = ["value_musd"]
match = "position"

[resources.schema]
primaryKey = ["flow", "year"]

[[resources.schema.fields]]
name = "flow"
type = "string"
categories = [
  {{ value = "exports", label = {{ fa = "صادرات", en = "Exports" }} }},
  {{ value = "imports", label = {{ fa = "واردات", en = "Imports" }} }},
]

[[resources.schema.fields]]
name = "year"
type = "year"

[[resources.schema.fields]]
name = "value_musd"
type = "money"
unit = {{ currency = "USD", scale = 1000000 }}

[[resources.schema.fields]]
name = "source_para"
type = "integer"

[[resources.schema.fields]]
name = "quote"
type = "string"

[[resources]]
name = "trade_stated"
path = "trade_stated.csv"

[resources.provenance]
source_name = "article"
paragraph = "source_para"
quote = "quote"
values = ["value_pct"]

[resources.schema]
primaryKey = ["flow", "metric"]

[[resources.schema.fields]]
name = "flow"
type = "string"
categories = [
  {{ value = "exports", label = {{ fa = "صادرات", en = "Exports" }} }},
  {{ value = "imports", label = {{ fa = "واردات", en = "Imports" }} }},
]

[[resources.schema.fields]]
name = "metric"
type = "string"

[[resources.schema.fields]]
name = "value_pct"
type = "percent"

[[resources.schema.fields]]
name = "source_para"
type = "integer"

[[resources.schema.fields]]
name = "quote"
type = "string"
"#
        ),
    )?;

    let spec = format!(
        r#"id = "synth-{i:04}"
data = "data"
languages = ["fa", "en"]
keywords = ["{country_en}", "{partner_en}", "trade"]
date = "2026-11-28"
title = {{ fa = "تجارت {country_fa} با {partner_fa}", en = "{country_en}'s trade with {partner_en}" }}
subtitle = {{ fa = "۱۹۹۲ تا ۱۹۹۵", en = "1992–1995" }}
author = {{ fa = "گروه پژوهش", en = "Research Desk" }}

[[cover.key_figures]]
figure = "exports.1995"
label = {{ fa = "صادرات، ۱۹۹۵ (میلیون دلار)", en = "Exports, 1995 (US$ million)" }}

[[cover.key_figures]]
figure = "balance.1995"
label = {{ fa = "تراز، ۱۹۹۵ (میلیون دلار)", en = "Balance, 1995 (US$ million)" }}

[[figure]]
each = "trade[flow = 'exports']"
name = "exports.{{year}}"
formula = "value_musd"

[[figure]]
each = "trade[flow = 'imports']"
name = "imports.{{year}}"
formula = "value_musd"

[[figure]]
each = "trade[flow = 'exports']"
name = "balance.{{year}}"
formula = "value_musd - trade['imports', year].value_musd"

[[figure]]
name = "growth.exports.1995"
formula = "pct_change(exports.1994, exports.1995)"

[[figure]]
name = "growth.imports.1995"
formula = "pct_change(imports.1994, imports.1995)"

[[table]]
id = "trade"
data = "trade"
caption = {{ fa = "تجارت (میلیون دلار)", en = "Trade (US$ million)" }}
corner = {{ fa = "میلیون دلار", en = "US$ million" }}
pivot = {{ rows = "flow", columns = "year", value = "value_musd" }}

[[table.row]]
id = "balance"
label = {{ fa = "تراز", en = "Balance" }}
formula = "exports - imports"

[[section]]
id = "trade"
title = {{ fa = "روند تجارت", en = "Trade trends" }}
blocks = [
  {{ prose = "trade" }},
  {{ table = "trade" }},
  {{ chart = "charts/trade.toml" }},
  {{ chart = "charts/balance.toml" }},
  {{ chart = "charts/share.toml" }},
]
"#
    );
    std::fs::write(dir.join("report.toml"), spec)?;

    std::fs::create_dir_all(dir.join("prose"))?;
    std::fs::write(
        dir.join("prose/trade.en.md"),
        format!(
            "{country_en}'s exports to {partner_en} went from {{exports.1992}} million dollars in 1992 to {{exports.1995}} in 1995, \
             and its imports from {{imports.1992}} to {{imports.1995}} ({{@tbl:trade}}). In 1995 exports changed by {{growth.exports.1995}} and \
             imports by {{growth.imports.1995}}, leaving a balance of {{balance.1995}} million dollars {{cite:article, 2}}.\n"
        ),
    )?;
    std::fs::write(
        dir.join("prose/trade.fa.md"),
        format!(
            "صادرات {country_fa} به {partner_fa} از {{exports.1992}} میلیون دلار در سال ۱۹۹۲ به {{exports.1995}} در سال ۱۹۹۵ رسید \
             و واردات آن از {{imports.1992}} به {{imports.1995}} ({{@tbl:trade}}). در سال ۱۹۹۵ صادرات {{growth.exports.1995}} و واردات \
             {{growth.imports.1995}} تغییر کرد و تراز تجاری به {{balance.1995}} میلیون دلار رسید {{cite:article, 2}}.\n"
        ),
    )?;

    std::fs::create_dir_all(dir.join("charts"))?;
    std::fs::write(
        dir.join("charts/trade.toml"),
        format!(
            r#"kind = "grouped-bar"
data = "trade"
category = "year"
series_by = "flow"
value = "value_musd"
value_labels = true
title = {{ fa = "تجارت {country_fa} با {partner_fa}", en = "{country_en}'s trade with {partner_en}" }}
y_title = {{ fa = "میلیون دلار", en = "US$ million" }}
"#
        ),
    )?;
    std::fs::write(
        dir.join("charts/balance.toml"),
        r#"kind = "diverging"
view = "trade"
value_labels = true
title = { fa = "تراز تجاری", en = "Trade balance" }
y_title = { fa = "میلیون دلار", en = "US$ million" }
positive_label = { fa = "مازاد", en = "Surplus" }
negative_label = { fa = "کسری", en = "Deficit" }

[[series]]
column = "balance"
name = { fa = "تراز", en = "Balance" }
"#,
    )?;
    std::fs::write(
        dir.join("charts/share.toml"),
        format!(
            r#"kind = "horizontal-bar"
data = "trade_stated"
filter = "metric = 'share'"
category = "flow"
value_labels = true
percent = true
decimals = 1
height = 200
title = {{ fa = "سهم {partner_fa} در تجارت {country_fa}، ۱۹۹۵", en = "{partner_en}'s share of {country_en}'s trade, 1995" }}

[[series]]
column = "value_pct"
name = {{ fa = "سهم از کل", en = "Share of total" }}
"#
        ),
    )?;
    Ok(())
}
