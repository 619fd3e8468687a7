//! The web editions in a real browser: every report under `reports/` is
//! built as HTML and PDF, and each web edition is loaded in headless
//! Chromium at 1280 and 390 px wide. A check script (`tests/browser/check.js`)
//! and axe-core (`tests/browser/axe/`), added to a copy of each page (the
//! page itself forbids scripts), report:
//!
//! - whether the page overflows horizontally;
//! - whether every web font loaded, every text is set in the embedded
//!   family in a face that loaded, and every character of the text is one
//!   the embedded fonts draw (so nothing falls back to another font);
//! - whether headings go down one level at a time, and every SVG and image
//!   has alternative text;
//! - axe-core's accessibility violations (none are allowed);
//! - the text a reader sees, which must hold the same words in the same
//!   order as the PDF edition's text (read back with `pdftotext`): every
//!   word of the page is in the PDF in order, and every word of the PDF
//!   the page lacks there is one the PDF places or repeats on its own
//!   (page numbers and running heads, chart labels, footnotes at the foot
//!   of the page, table heads repeated on a new page).
//!
//! Screenshots of the pages themselves land beside them in
//! `target/browser/`, for a person to look at. Skipped, with a message,
//! when `chromium` is not installed (`scripts/test` installs it).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use dossier_e2e::{read_with, root};
use dossier_report::{build, BuildOptions};

const CHECK: &str = include_str!("../browser/check.js");
const AXE: &str = include_str!("../browser/axe/axe.min.js");

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser"].into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn headless(
    browser: &str,
    (width, height): (u32, u32),
    extra: &[String],
    page: &Path,
) -> std::process::Output {
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--virtual-time-budget=30000",
            &format!("--window-size={width},{height}"),
        ])
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap_or_else(|e| panic!("{browser} could not run: {e}"))
}

/// What the check script found on one page at one width.
struct Findings {
    problems: Vec<String>,
    body: String,
    prose: String,
    tables: String,
    notes: String,
    extras: String,
    chars: String,
    axe: Vec<String>,
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits: Vec<u8> = text.bytes().filter_map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &d)| n | (u32::from(d) << (18 - 6 * i)));
        for i in 0..chunk.len().saturating_sub(1) {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    out
}

/// Runs the check script (and axe-core) on a copy of `page` at `width` px.
fn check(browser: &str, page: &Path, width: u32) -> Findings {
    let html = std::fs::read_to_string(page).expect("read page");
    // The copy drops the policy so the check may run, and nothing else.
    let start = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .expect("a policy");
    let end = start + html[start..].find('>').expect("meta ends") + 1;
    let copy = format!("{}{}", &html[..start], &html[end..]).replace(
        "</body>",
        &format!("<script>{AXE}</script>\n<script>{CHECK}</script></body>"),
    );
    let copy_path = page.with_extension(format!("check{width}.html"));
    std::fs::write(&copy_path, copy).expect("write copy");
    let out = headless(browser, (width, 900), &["--dump-dom".into()], &copy_path);
    let dom = String::from_utf8_lossy(&out.stdout);
    let at = dom.find("data-check=\"").unwrap_or_else(|| {
        panic!(
            "{}: the check did not run at {width} px:\n{}",
            page.display(),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let rest = &dom[at + "data-check=\"".len()..];
    let encoded = &rest[..rest.find('"').unwrap_or(rest.len())];
    let json: serde_json::Value =
        serde_json::from_slice(&base64_decode(encoded)).expect("the check's findings as JSON");
    let text = |k: &str| json[k].as_str().unwrap_or_default().to_string();
    let list = |k: &str| -> Vec<String> {
        json[k]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert!(
        json["axe"].is_array(),
        "{}: axe-core did not run at {width} px",
        page.display()
    );
    Findings {
        problems: list("problems"),
        body: text("body"),
        prose: text("prose"),
        tables: text("tables"),
        notes: text("notes"),
        extras: text("extras"),
        chars: text("chars"),
        axe: list("axe"),
    }
}

/// The words of `text`, as both editions are compared: split at spaces
/// and break opportunities, without the marks around words, and without
/// the invisible characters that steer shaping and direction (pdftotext
/// sets a space before a zero-width non-joiner, which is dropped with it).
fn words(text: &str) -> Vec<String> {
    // A zero-width space is a place a long word may break, which the page
    // shows nowhere and a PDF's text may leave out: the word is one word,
    // also where pdftotext ends a line at it.
    let text = text
        .replace(" \u{200C}", "")
        .replace("\u{200B}\n", "")
        .replace('\u{200B}', "");
    let invisible = |c: char| {
        matches!(
            c,
            '\u{200C}'
                | '\u{200D}'
                | '\u{00AD}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{2060}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                // The hamza over a final heh, which pdftotext may set
                // before its letter.
                | '\u{0654}'
        )
    };
    let mark = |c: char| {
        c.is_ascii_punctuation()
            || matches!(
                c,
                '«' | '»'
                    | '“'
                    | '”'
                    | '‘'
                    | '’'
                    | '،'
                    | '؛'
                    | '؟'
                    | '…'
                    | '—'
                    | '–'
                    | '٪'
                    | '·'
                    | '•'
                    | '¿'
                    | '¡'
            )
    };
    // A number and a word side by side are two words: pdftotext drops
    // the space between a number and a word of the other direction, and
    // a footnote's number touches the word it follows.
    // Letters that the fonts draw alike (Arabic and Persian yeh, kaf) are
    // one letter: an extractor cannot tell their glyphs apart.
    let mut spaced = String::with_capacity(text.len());
    // Whether the last letter or digit of the word so far was a digit.
    let mut last_digit: Option<bool> = None;
    let mut mark_after_digit = false;
    for c in text.chars().filter(|&c| !invisible(c)) {
        let c = match c {
            'ي' | 'ى' => 'ی',
            'ك' => 'ک',
            c => c,
        };
        if c.is_whitespace() {
            last_digit = None;
        } else if c.is_numeric() || c.is_alphabetic() {
            // A mark other than a number's own signs between two digits
            // ends a number too: `25%»4` is 25% and a footnote's 4.
            if last_digit.is_some_and(|d| d != c.is_numeric())
                || (c.is_numeric() && mark_after_digit)
            {
                spaced.push(' ');
            }
            last_digit = Some(c.is_numeric());
            mark_after_digit = false;
        } else if last_digit == Some(true) && !matches!(c, '.' | ',' | '٫' | '٬') {
            mark_after_digit = true;
        }
        spaced.push(c);
    }
    spaced
        // A line may break after a hyphen or a slash, which pdftotext
        // keeps at the line's end: words compare as their parts.
        .split(|c: char| c.is_whitespace() || matches!(c, '/' | '-' | '\u{2011}' | '–' | '،' | '؛'))
        .map(|w| w.trim_matches(mark).to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Whether `word` is written right to left (its first letter is).
fn right_to_left(word: &str) -> bool {
    word.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF))
}

/// A number, a date or a page count: digits of any script and the signs
/// between them, no letters.
fn numeric(word: &str) -> bool {
    word.chars().any(|c| c.is_numeric()) && !word.chars().any(char::is_alphabetic)
}

/// Which items of `a` and of `b` a longest common subsequence matches.
fn common_subsequence(a: &[String], b: &[String]) -> (Vec<bool>, Vec<bool>) {
    let (n, m) = (a.len(), b.len());
    let mut t = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[at(i, j)] = if a[i] == b[j] {
                t[at(i + 1, j + 1)] + 1
            } else {
                t[at(i + 1, j)].max(t[at(i, j + 1)])
            };
        }
    }
    let (mut in_a, mut in_b) = (vec![false; n], vec![false; m]);
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if a[i] == b[j] {
            in_a[i] = true;
            in_b[j] = true;
            i += 1;
            j += 1;
        } else if t[at(i + 1, j)] >= t[at(i, j + 1)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    (in_a, in_b)
}

/// Every text the report gives in `lang` (or a tag that serves it) in its
/// chart specs and data package, and the localized columns of its data
/// files: the labels charts draw, which the PDF's text holds and the
/// page's text (where charts are drawings with a description) does not.
fn chart_words(report: &Path, lang: &str) -> BTreeSet<String> {
    let tags: Vec<String> = {
        let mut t = vec![lang.to_string()];
        if let Some((base, _)) = lang.split_once('-') {
            t.push(base.to_string());
        }
        t
    };
    let mut out = BTreeSet::new();
    fn strings(v: &toml::Value, tags: &[String], out: &mut BTreeSet<String>) {
        match v {
            toml::Value::Table(t) => {
                for (k, v) in t {
                    if let (true, toml::Value::String(s)) = (tags.contains(k), v) {
                        out.extend(words(s));
                    }
                    strings(v, tags, out);
                }
            }
            toml::Value::Array(a) => a.iter().for_each(|v| strings(v, tags, out)),
            _ => {}
        }
    }
    let spec: toml::Value =
        toml::from_str(&std::fs::read_to_string(report.join("report.toml")).expect("spec"))
            .expect("report.toml");
    let data = report.join(spec["data"].as_str().unwrap_or("data"));
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(report.join("charts"))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.extend(
        std::fs::read_dir(&data)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.path()),
    );
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        match file.extension().and_then(|e| e.to_str()) {
            Some("toml") => {
                if let Ok(v) = toml::from_str::<toml::Value>(&text) {
                    strings(&v, &tags, &mut out);
                }
            }
            Some("csv") => {
                // Localized columns are named `NAME_<tag>`.
                let mut lines = text.lines();
                let header: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
                let wanted: Vec<usize> = header
                    .iter()
                    .enumerate()
                    .filter(|(_, h)| tags.iter().any(|t| h.ends_with(&format!("_{t}"))))
                    .map(|(i, _)| i)
                    .collect();
                if !wanted.is_empty() {
                    for line in lines {
                        out.extend(words(&line.replace(',', " ")));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Compares the page's text with the PDF's (see the crate docs); returns
/// what does not match.
/// pdftotext gives each page the direction of most of its letters: on a
/// page of a right-to-left edition where Latin letters are the majority
/// (a sources table of English titles), it prints every line's runs left
/// to right, the last run of a right-to-left line first. Those lines are
/// put back in reading order by reversing their runs, which pdftotext
/// opens with U+202B (right-to-left embedding).
fn in_reading_order(text: &str) -> String {
    text.split('\u{c}')
        .map(|page| {
            let letters = |rtl: bool| {
                page.chars()
                    .filter(|c| c.is_alphabetic())
                    .filter(|&c| right_to_left(&c.to_string()) == rtl)
                    .count()
            };
            if letters(false) <= letters(true) {
                return page.to_string();
            }
            page.lines()
                .map(|line| {
                    let mut runs: Vec<&str> = line.split('\u{202b}').collect();
                    runs.reverse();
                    runs.join(" ")
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect::<Vec<_>>()
        .join("\u{c}")
}

fn compare_text(
    name: &str,
    lang: &str,
    found: &Findings,
    pdf_text: &str,
    also_placed: &BTreeSet<String>,
) -> Vec<String> {
    // pdftotext orders the words of the other direction inside a line by
    // its own rule; they are left out of the comparison of order. In a
    // right-to-left edition it also orders numbers among words, and the
    // cells of a table row, and even the parts of a line of a table's note,
    // by their place on the line: there the order of prose and headings is
    // compared, and the words of tables with their notes, and the numbers,
    // are compared as counts.
    let rtl = dossier_core::Lang::parse(lang).is_ok_and(|l| l.is_rtl());
    let own = |w: &String| !w.chars().any(char::is_alphabetic) || right_to_left(w) == rtl;
    let all_pdf = words(pdf_text);
    let (page, pdf): (Vec<String>, Vec<String>) = if rtl {
        let words_only = |w: &String| own(w) && !numeric(w);
        (
            words(&found.prose).into_iter().filter(words_only).collect(),
            all_pdf.iter().filter(|w| words_only(w)).cloned().collect(),
        )
    } else {
        (
            words(&found.body).into_iter().filter(own).collect(),
            all_pdf.iter().filter(|w| own(w)).cloned().collect(),
        )
    };
    assert!(
        page.len() > 20 && pdf.len() > 20,
        "{name}: too little text to compare ({} and {} words)",
        page.len(),
        pdf.len()
    );
    let (in_page, in_pdf) = common_subsequence(&page, &pdf);
    let mut problems = Vec::new();
    if rtl {
        let mut counts: std::collections::BTreeMap<&str, i64> = Default::default();
        for w in &all_pdf {
            *counts.entry(w.as_str()).or_default() += 1;
        }
        let counted: Vec<String> = words(&found.tables)
            .into_iter()
            .chain(words(&found.prose).into_iter().filter(|w| numeric(w)))
            .filter(|w| own(w))
            .collect();
        let mut short = Vec::new();
        for w in &counted {
            let n = counts.entry(w.as_str()).or_default();
            *n -= 1;
            if *n < 0 {
                short.push(w.clone());
            }
        }
        if !short.is_empty() {
            problems.push(format!(
                "{name}: {} words of the page's tables and numbers are not in the PDF as often: {}",
                short.len(),
                short
                    .iter()
                    .take(12)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; ")
            ));
        }
    }
    let missing: Vec<String> = page
        .iter()
        .zip(&in_page)
        .enumerate()
        .filter(|(_, (w, &m))| !m && !numeric(w))
        .map(|(i, (w, _))| format!("{w} (after: {})", page[i.saturating_sub(6)..i].join(" ")))
        .collect();
    if !missing.is_empty() {
        problems.push(format!(
            "{name}: {} words of the page are not in the PDF in that order: {}",
            missing.len(),
            missing
                .iter()
                .take(12)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    let page_label = dossier_core::Lang::parse(lang)
        .ok()
        .and_then(|l| {
            l.language()
                .message(
                    dossier_lang::Message::PageOf,
                    &dossier_lang::Args::new()
                        .text("page", "1")
                        .text("pages", "2"),
                )
                .ok()
        })
        .unwrap_or_default();
    let placed: BTreeSet<String> = words(&found.notes)
        .into_iter()
        .chain(if rtl {
            words(&found.tables)
        } else {
            Vec::new()
        })
        .chain(words(&page_label))
        .chain(words(&found.extras))
        .chain(also_placed.iter().cloned())
        .collect();
    let extra: Vec<String> = pdf
        .iter()
        .zip(&in_pdf)
        .enumerate()
        .filter(|(_, (w, &m))| !m && !numeric(w) && !placed.contains(*w))
        .map(|(i, (w, _))| format!("{w} (after: {})", pdf[i.saturating_sub(6)..i].join(" ")))
        .collect();
    if !extra.is_empty() {
        problems.push(format!(
            "{name}: {} words of the PDF are missing from the page: {}",
            extra.len(),
            extra
                .iter()
                .take(12)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    problems
}

#[test]
fn web_editions_read_well_in_a_browser() {
    let Some(browser) = chromium() else {
        eprintln!("skipped: chromium is not installed (Debian package `chromium`; scripts/test installs it)");
        return;
    };
    let out = root().join("target").join("browser");
    std::fs::create_dir_all(&out).expect("output folder");
    let options = BuildOptions {
        html: true,
        pdf: true,
        source_date_epoch: Some(1_764_288_000),
        ..Default::default()
    };
    let mut pages = 0;
    let mut reports: Vec<_> = std::fs::read_dir(root().join("reports"))
        .expect("reports/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("report.toml").is_file())
        .collect();
    reports.sort();
    let mut problems = Vec::new();
    for report in reports {
        let built =
            build(&report, &options).unwrap_or_else(|e| panic!("{}: {e}", report.display()));
        for file in built.files.iter().filter(|f| f.name.ends_with(".pdf")) {
            std::fs::write(out.join(&file.name), &file.bytes).expect("write PDF");
        }
        for file in built.files.iter().filter(|f| f.name.ends_with(".html")) {
            let page = out.join(&file.name);
            std::fs::write(&page, &file.bytes).expect("write page");
            pages += 1;
            let lang = file
                .name
                .trim_end_matches(".html")
                .rsplit('.')
                .next()
                .unwrap_or("");
            // Left-to-right text reads best in the order it is drawn (a
            // table cell's lines together); right-to-left text only in
            // pdftotext's own reading order.
            let rtl = dossier_core::Lang::parse(lang).is_ok_and(|l| l.is_rtl());
            let mode: &[&str] = if rtl { &[] } else { &["-raw"] };
            let pdf_text = read_with(
                "pdftotext",
                &[mode, &["-enc", "UTF-8"]].concat(),
                &page.with_extension("pdf"),
            );
            let pdf_text = if rtl {
                in_reading_order(&pdf_text)
            } else {
                pdf_text
            };
            let placed = chart_words(&report, lang);
            for width in [1280, 390] {
                let found = check(browser, &page, width);
                let at = format!("{} at {width} px", file.name);
                problems.extend(found.problems.iter().map(|p| format!("{at}: {p}")));
                problems.extend(found.axe.iter().map(|v| format!("{at}: axe: {v}")));
                let uncovered: String = found
                    .chars
                    .chars()
                    .filter(|&c| !c.is_whitespace() && !c.is_control())
                    .filter(|&c| !dossier_canvas::fonts::covers(c))
                    .collect();
                if !uncovered.is_empty() {
                    problems.push(format!(
                        "{at}: characters the embedded fonts lack, which the browser takes from another font: {uncovered:?}"
                    ));
                }
                if width == 1280 {
                    // Both texts beside the page, to compare by eye.
                    std::fs::write(page.with_extension("page.txt"), &found.body).expect("write");
                    std::fs::write(page.with_extension("pdf.txt"), &pdf_text).expect("write");
                    problems.extend(compare_text(&file.name, lang, &found, &pdf_text, &placed));
                }
                let shot = page.with_extension(format!("{width}.png"));
                // Tall enough to show the cover, the contents and the first pages.
                headless(
                    browser,
                    (width, 5000),
                    &[format!("--screenshot={}", shot.display())],
                    &page,
                );
            }
        }
    }
    assert!(pages > 0, "no web edition was built");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn words_compare_across_editions() {
    assert_eq!(
        words("«نکته‌های» (Table 2), 1,234 long\u{200B}word Ibero-American ۱۹۹۲تا."),
        [
            "نکتههای",
            "Table",
            "2",
            "1,234",
            "longword",
            "Ibero",
            "American",
            "۱۹۹۲",
            "تا"
        ]
    );
    assert_eq!(words("نکته \u{200C}های"), ["نکتههای"]);
    // Broken at a zero-width space, or not broken there: one word.
    assert_eq!(words("a/199\u{200B}\n1/07"), ["a", "1991", "07"]);
    assert!(numeric("۱۹۹۲–۱۹۹۵") && numeric("43.8%") && !numeric("R-12"));
    let a: Vec<String> = words("a b c d");
    let b: Vec<String> = words("x a c y d");
    let (in_a, in_b) = common_subsequence(&a, &b);
    assert_eq!(in_a, [true, false, true, true]);
    assert_eq!(in_b, [false, true, true, false, true]);
    assert_eq!(base64_decode("Zm9vYmFy"), b"foobar");
    assert_eq!(base64_decode("Zm8="), b"fo");
}
