//! `dossier new`: a report made by it builds at once in every shipped
//! language, alone and all together, and its PDFs read back (with
//! poppler's `pdftotext`) with its title, its figures in the edition's
//! digits and no reference left unresolved. It never writes into a folder
//! that is there, and `--data` starts a report on an existing package.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dossier_lang::{Language, LanguageTag};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn dossier(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(cwd)
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .env("CI", "true")
        .output()
        .expect("run dossier")
}

fn ok(o: &Output, what: &str) {
    assert!(
        o.status.success(),
        "{what}: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// No-break spaces as plain ones: pdftotext writes them so.
fn spaces(text: &str) -> String {
    text.replace(['\u{a0}', '\u{202f}'], " ")
}

/// pdftotext's text, with the non-joiners it spaces out removed and
/// no-break spaces as plain ones.
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext could not run ({e}); install poppler-utils"));
    assert!(out.status.success(), "pdftotext {}", pdf.display());
    spaces(
        &String::from_utf8_lossy(&out.stdout)
            .replace(" \u{200C}", "")
            .replace('\u{200C}', ""),
    )
}

/// The title the example report has in the language of `tag`.
fn title(tag: &str) -> &'static str {
    match tag.split('-').next().unwrap_or(tag) {
        "en" => "Library visits",
        "fa" => "مراجعه به کتابخانه",
        "es" => "Visitas a la biblioteca",
        "ar" => "زيارات المكتبة",
        other => panic!("no title known for {other}: add it with the language's template texts"),
    }
}

fn builds_and_reads_back(tags: &[&str]) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let list = tags.join(",");
    ok(
        &dossier(&["new", "reports/fresh", "--lang", &list], tmp.path()),
        "new",
    );
    let built = dossier(
        &[
            "build",
            "reports/fresh",
            "--format",
            "pdf,png,svg,html",
            "--json",
        ],
        tmp.path(),
    );
    ok(&built, &format!("build of a new report in {list}"));
    let summary: serde_json::Value = serde_json::from_slice(&built.stdout).expect("json summary");
    let report = &summary["reports"][0];
    assert_eq!(report["status"], "built", "{summary}");
    assert_eq!(
        report["warnings"],
        serde_json::json!([]),
        "the example's claim is consistent with its data"
    );
    for tag in tags {
        let lang = Language::load(
            &LanguageTag::parse(tag).expect("a language tag"),
            Default::default(),
            &|_| true,
        )
        .expect("a shipped language");
        let out = tmp.path().join("out/fresh");
        let text = pdf_text(&out.join(format!("fresh.{tag}.pdf")));
        let visits = spaces(&lang.decimal(57_900, 0));
        let growth = spaces(&lang.percent(dossier_core::Decimal::new(405, 1), 1));
        for needle in [title(tag), visits.as_str(), growth.as_str()] {
            assert!(
                text.contains(needle),
                "{tag}: the PDF lacks {needle:?}:\n{text}"
            );
        }
        for unresolved in ["{", "}", "@@"] {
            assert!(
                !text.contains(unresolved),
                "{tag}: {unresolved:?} in\n{text}"
            );
        }
        for file in [
            format!("fresh.{tag}.html"),
            format!("visits.{tag}.png"),
            format!("visits.{tag}.svg"),
        ] {
            assert!(out.join(&file).is_file(), "{file}");
        }
    }
}

#[test]
fn a_new_report_builds_in_each_shipped_language() {
    for lang in dossier_lang::shipped_languages() {
        builds_and_reads_back(&[lang]);
    }
}

#[test]
fn a_new_report_builds_in_every_shipped_language_at_once() {
    let mut all = dossier_lang::shipped_languages();
    // A regional tag is served by its language's texts.
    if let Some(es) = all.iter_mut().find(|l| **l == "es") {
        *es = "es-CL";
    }
    builds_and_reads_back(&all);
}

#[test]
fn nothing_that_is_there_is_overwritten() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(tmp.path().join("reports/empty")).expect("mkdir");
    let o = dossier(&["new", "reports/empty"], tmp.path());
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("reports/empty") && err.contains("already exists"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(tmp.path().join("reports/empty"))
            .expect("read")
            .count(),
        0,
        "nothing was written into the empty folder"
    );
    let file = tmp.path().join("reports/file");
    std::fs::write(&file, "keep").expect("write");
    let o = dossier(&["new", "reports/file"], tmp.path());
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&file).expect("read"), "keep");

    for (args, expected) in [
        (&["new", "reports/.hidden"][..], "not starting with `.`"),
        (&["new", "reports/x", "--lang", "en,en"], "twice"),
        (&["new", "reports/x", "--lang", "qq"], "qq"),
    ] {
        let o = dossier(args, tmp.path());
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(!tmp.path().join("reports/x").exists(), "{args:?}");
    }
}

#[test]
fn a_new_report_can_read_an_existing_package() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let data = tmp.path().join("data");
    std::fs::create_dir_all(data.join("sources")).expect("mkdir");
    for name in [
        "datapackage.toml",
        "claims.toml",
        "trade.csv",
        "sources/notes.txt",
    ] {
        std::fs::copy(
            root().join("tests/fixtures/project/data").join(name),
            data.join(name),
        )
        .expect("copy the fixture package");
    }
    let o = dossier(
        &["new", "reports/sales", "--lang", "fa,en", "--data", "data"],
        tmp.path(),
    );
    ok(&o, "new --data");
    assert!(
        !String::from_utf8_lossy(&o.stdout).contains("--root"),
        "the project's data/ needs no --root"
    );
    let spec = std::fs::read_to_string(tmp.path().join("reports/sales/report.toml")).expect("spec");
    assert!(spec.contains("data = \"../../data\""), "{spec}");
    assert!(
        !tmp.path().join("reports/sales/data").exists(),
        "the package is read, not copied"
    );
    let built = dossier(&["build", "reports/sales"], tmp.path());
    ok(&built, "build of a report on an existing package");
    let en = pdf_text(&tmp.path().join("out/sales/sales.en.pdf"));
    assert!(en.contains("Started from the data set trade"), "{en}");
    assert!(en.contains("it has 4 rows"), "{en}");

    let elsewhere = tempfile::tempdir().expect("tempdir");
    let o = dossier(
        &[
            "new",
            "reports/far",
            "--lang",
            "en,fa",
            "--data",
            &data.display().to_string(),
        ],
        elsewhere.path(),
    );
    ok(&o, "new --data elsewhere");
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("--root"),
        "a package outside the project needs --root"
    );
}
