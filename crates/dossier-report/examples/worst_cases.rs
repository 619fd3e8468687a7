//! Generates hostile report folders that sit at or just past the default
//! [`Limits`](dossier_report::Limits), to measure that a build stays
//! bounded in time and memory:
//!
//! ```text
//! cargo run --release -p dossier-report --example worst_cases -- /tmp/worst
//! /usr/bin/time -v target/release/dossier build /tmp/worst/reports/huge-text --out /tmp/worst/out
//! ```
//!
//! With `--build`, it also builds each report in process and prints the
//! time each took and its outcome.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

const HEAD: &str = r#"languages = ["fa", "en"]
[title]
fa = "بدترین حالت"
en = "Worst case"
[subtitle]
fa = "آزمون"
en = "Test"
[author]
fa = "dossier"
en = "dossier"
"#;

const TRADE_CHART: &str = r#"kind = "grouped-bar"
table = "trade"
category = "year"
title = { fa = "تجارت", en = "Trade" }
[[series]]
column = "exports"
name = { fa = "صادرات", en = "Exports" }
[[series]]
column = "imports"
name = { fa = "واردات", en = "Imports" }
"#;

/// One report folder: `report.toml` with `blocks` in one section, plus
/// the given files.
fn report(
    root: &Path,
    id: &str,
    data: &str,
    blocks: &str,
    files: &[(&str, String)],
) -> std::io::Result<()> {
    let dir = root.join("reports").join(id);
    std::fs::create_dir_all(dir.join("prose"))?;
    std::fs::create_dir_all(dir.join("charts"))?;
    std::fs::write(dir.join("charts/trade.toml"), TRADE_CHART)?;
    let spec = format!(
        "id = \"{id}\"\ndata = \"{data}\"\n{HEAD}\n[[section]]\nid = \"s\"\ntitle = {{ fa = \"بخش\", en = \"Section\" }}\nblocks = [{blocks}]\n"
    );
    std::fs::write(dir.join("report.toml"), spec)?;
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap_or(&dir))?;
        std::fs::write(path, text)?;
    }
    Ok(())
}

/// Paragraphs of `chars` characters each (words of five letters and a
/// space), separated by blank lines.
fn paragraphs(count: usize, chars: usize, word: &str) -> String {
    let mut text = String::new();
    for _ in 0..count {
        let mut p = String::new();
        while p.chars().count() + word.chars().count() < chars {
            p.push_str(word);
        }
        text.push_str(p.trim_end());
        text.push_str("\n\n");
    }
    text
}

fn repeat_blocks(block: &str, n: usize) -> String {
    vec![block; n].join(", ")
}

fn generate(root: &Path) -> std::io::Result<Vec<String>> {
    copy_dir(&repo().join("data"), &root.join("data"))?;
    let mut ids = Vec::new();
    let mut add = |id: &str| ids.push(id.to_string());

    // About 1,000,000 characters of text per document (the limit):
    // 10 paragraphs of 19,999 characters, placed five times.
    let en = paragraphs(10, 19_999, "trade ");
    let fa = paragraphs(10, 19_999, "تجارت ");
    report(
        root,
        "huge-text",
        "../../data",
        &repeat_blocks("{ prose = \"p\" }", 5),
        &[("prose/p.en.md", en), ("prose/p.fa.md", fa)],
    )?;
    add("huge-text");

    // Words as long as a paragraph may be: 19,999 characters, no spaces.
    let en = paragraphs(10, 19_999, "a");
    let fa = paragraphs(10, 19_999, "ب");
    report(
        root,
        "long-words",
        "../../data",
        &repeat_blocks("{ prose = \"p\" }", 5),
        &[("prose/p.en.md", en), ("prose/p.fa.md", fa)],
    )?;
    add("long-words");

    // 10,000 data rows (5,000 years of exports and imports), a table of
    // 5,000 rows and a chart of 10,000 points.
    let mut trade = String::from("flow,year,value_musd,source_id,source_para,quote\n");
    for flow in ["exports", "imports"] {
        for year in 0..5_000 {
            writeln!(trade, "{flow},{},1649,s1,1,۱۶۴۹", 1000 + year).ok();
        }
    }
    let data = root.join("reports/many-rows/data");
    std::fs::create_dir_all(data.join("sources"))?;
    std::fs::write(data.join("sources/s1.txt"), "صادرات ۱۶۴۹\n")?;
    std::fs::write(data.join("trade.csv"), trade)?;
    // The project's other data files, with their headers only.
    let mut others: Vec<PathBuf> = std::fs::read_dir(repo().join("data"))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .filter(|p| p.file_name().is_some_and(|n| n != "trade.csv"))
        .collect();
    others.sort();
    for path in others {
        let Some(file) = path.file_name() else {
            continue;
        };
        let text = std::fs::read_to_string(&path)?;
        let header = text.lines().next().unwrap_or_default();
        std::fs::write(data.join(file), format!("{header}\n"))?;
    }
    std::fs::write(data.join("claims.toml"), "")?;
    std::fs::write(data.join("errata.toml"), "")?;
    report(
        root,
        "many-rows",
        "data",
        "{ table = \"trade\" }, { chart = \"charts/trade.toml\" }",
        &[],
    )?;
    add("many-rows");

    // 200 charts (the limit), each written as PNG and SVG.
    report(
        root,
        "many-charts",
        "../../data",
        &repeat_blocks("{ chart = \"charts/trade.toml\" }", 200),
        &[],
    )?;
    add("many-charts");

    // 9,000 blocks (the limit is 10,000), mostly short
    // paragraphs and 990 page breaks (just under 1,000 pages with the
    // cover and contents).
    let mut blocks = vec!["{ prose = \"p\" }"; 8_999];
    for i in 0..990 {
        blocks[i * 9] = "{ page_break = true }";
    }
    report(
        root,
        "many-blocks",
        "../../data",
        &blocks.join(", "),
        &[
            ("prose/p.en.md", "A short paragraph.\n".into()),
            ("prose/p.fa.md", "یک بند کوتاه.\n".into()),
        ],
    )?;
    add("many-blocks");

    // Nesting: arrays 100,000 deep in report.toml, emphasis 5,000 deep.
    report(
        root,
        "deep-nesting",
        "../../data",
        "{ prose = \"p\" }",
        &[
            (
                "prose/p.en.md",
                format!("{}x{}\n", "*".repeat(5_000), "*".repeat(5_000)),
            ),
            (
                "prose/p.fa.md",
                format!("{}ب{}\n", "*".repeat(5_000), "*".repeat(5_000)),
            ),
        ],
    )?;
    let spec = root.join("reports/deep-nesting/report.toml");
    let text = std::fs::read_to_string(&spec)?;
    std::fs::write(
        &spec,
        format!(
            "keywords = {}{}\n{text}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
    )?;
    add("deep-nesting");

    // The cover at the limits: a title, subtitle and author of 19,999
    // characters each (the title is placed twice, on the cover and in the
    // running header) and 45 key figures with labels of 19,999.
    let long_en = "a".repeat(19_999);
    let long_fa = "ب".repeat(19_999);
    let localized = format!("{{ fa = \"{long_fa}\", en = \"{long_en}\" }}");
    report(
        root,
        "huge-cover",
        "../../data",
        "{ prose = \"p\" }",
        &[
            ("prose/p.en.md", "A short paragraph.\n".into()),
            ("prose/p.fa.md", "یک بند کوتاه.\n".into()),
        ],
    )?;
    let spec = root.join("reports/huge-cover/report.toml");
    let text = std::fs::read_to_string(&spec)?;
    let text = text
        .replace(
            "[title]\nfa = \"بدترین حالت\"\nen = \"Worst case\"",
            &format!("title = {localized}"),
        )
        .replace(
            "[subtitle]\nfa = \"آزمون\"\nen = \"Test\"",
            &format!("subtitle = {localized}"),
        )
        .replace(
            "[author]\nfa = \"dossier\"\nen = \"dossier\"",
            &format!("author = {localized}"),
        );
    let key = format!("{{ figure = \"exports.1995\", label = {localized} }}");
    std::fs::write(
        &spec,
        text.replace(
            "\n[[section]]",
            &format!(
                "\n[cover]\nkey_figures = [{}]\n\n[[section]]",
                vec![key.as_str(); 45].join(", ")
            ),
        ),
    )?;
    add("huge-cover");

    // Charts at the size limits: 2,000 x 2,000 points, 4,000 x 4,000
    // pixels (16,777,216, the pixel limit) as PNG; 20 of them.
    let big = TRADE_CHART.replace(
        "kind = \"grouped-bar\"",
        "kind = \"grouped-bar\"\nwidth = 2000\nheight = 2000",
    );
    report(
        root,
        "big-charts",
        "../../data",
        &repeat_blocks("{ chart = \"charts/big.toml\" }", 20),
        &[("charts/big.toml", big)],
    )?;
    add("big-charts");

    // Chart labels at the limits: a title, subtitle and series names of
    // 19,999 characters each, in 6 charts (about 960,000 characters with
    // the captions, under the document limit).
    let labels = format!(
        "kind = \"grouped-bar\"\ntable = \"trade\"\ncategory = \"year\"\ntitle = {localized}\nsubtitle = {localized}\n\
         [[series]]\ncolumn = \"exports\"\nname = {localized}\n[[series]]\ncolumn = \"imports\"\nname = {localized}\n"
    );
    report(
        root,
        "long-chart-labels",
        "../../data",
        &repeat_blocks("{ chart = \"charts/labels.toml\" }", 6),
        &[("charts/labels.toml", labels)],
    )?;
    add("long-chart-labels");

    // Past the limits: a 2 MB paragraph and a 17 MiB file are refused
    // before they cost anything.
    report(
        root,
        "huge-paragraph",
        "../../data",
        "{ prose = \"p\" }",
        &[
            ("prose/p.en.md", "word ".repeat(400_000)),
            ("prose/p.fa.md", "word ".repeat(400_000)),
        ],
    )?;
    add("huge-paragraph");
    report(
        root,
        "huge-file",
        "../../data",
        "{ prose = \"p\" }",
        &[
            ("prose/p.en.md", "x".repeat(17 << 20)),
            ("prose/p.fa.md", "x".repeat(17 << 20)),
        ],
    )?;
    add("huge-file");
    Ok(ids)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: worst_cases <folder> [--build]");
        std::process::exit(2);
    };
    let build = args.next().as_deref() == Some("--build");
    let ids = match generate(&root) {
        Ok(ids) => ids,
        Err(e) => {
            eprintln!("{}: {e}", root.display());
            std::process::exit(1);
        }
    };
    for id in ids {
        let dir = root.join("reports").join(&id);
        if !build {
            println!("{}", dir.display());
            continue;
        }
        let options = dossier_report::BuildOptions {
            pdf: true,
            png: true,
            svg: true,
            ..Default::default()
        };
        let start = Instant::now();
        let outcome = match dossier_report::build(&dir, &options) {
            Ok(built) => format!(
                "ok, {} files, {} bytes",
                built.files.len(),
                built.files.iter().map(|f| f.bytes.len()).sum::<usize>()
            ),
            Err(e) => format!("refused: {}", e.to_string().lines().next().unwrap_or("")),
        };
        println!("{id}: {:.2} s: {outcome}", start.elapsed().as_secs_f64());
    }
}
