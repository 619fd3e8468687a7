//! Parameters: the runs of the parameter fixture (one per harbour of its
//! data set), what each run shows, the errors that name the file, line
//! and column, and the rows each run records as read.

use std::path::{Path, PathBuf};

use dossier_report::{BuildOptions, Selection, Template};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/params")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A copy of the fixture with `file` edited by `edit`.
fn edited(file: &str, edit: impl Fn(&str) -> String) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("harbour");
    copy_dir(&fixture(), &dir);
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = edit(&text);
    assert_ne!(changed, text, "the edit of {file} changed nothing");
    std::fs::write(&path, changed).unwrap();
    (tmp, dir)
}

fn open(dir: &Path) -> Template {
    Template::open(dir, &BuildOptions::default()).unwrap()
}

fn error(dir: &Path, selection: &Selection) -> String {
    let result = Template::open(dir, &BuildOptions::default())
        .and_then(|t| {
            let runs = t.runs(selection)?;
            for run in &runs {
                let report = t.evaluate(run)?;
                dossier_report::build_report(&report, &html())?;
            }
            Ok(())
        })
        .expect_err("an error");
    result.to_string()
}

fn html() -> BuildOptions {
    BuildOptions {
        html: true,
        ..Default::default()
    }
}

/// The web edition of one run in `lang`, as text.
fn page(template: &Template, selection: Selection, lang: &str) -> String {
    let run = template.runs(&selection).unwrap().remove(0);
    let report = template.evaluate(&run).unwrap();
    let built = dossier_report::build_report(&report, &html()).unwrap();
    let name = format!("{}.{lang}.html", run.folder);
    let file = built
        .files
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no {name}"));
    String::from_utf8(file.bytes.clone()).unwrap()
}

#[test]
fn every_run_is_one_allowed_value_with_its_own_folder() {
    let t = open(&fixture());
    assert!(t.is_parameterised());
    let folders: Vec<String> = t
        .runs(&Selection::All)
        .unwrap()
        .into_iter()
        .map(|r| r.folder)
        .collect();
    assert_eq!(folders, ["harbour-N", "harbour-S", "harbour-E"]);
    // The manifest says `all = true`.
    assert_eq!(t.runs(&Selection::Configured).unwrap().len(), 3);
    let one = t
        .runs(&Selection::Given(vec![("harbour".into(), "E".into())]))
        .unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].describe(), "harbour=E");
    let plan = t.plan(&one[0], &html()).unwrap();
    assert_eq!(plan.folder(), "harbour-E");
    assert!(
        plan.names().contains(&"harbour-E.fa.html"),
        "{:?}",
        plan.names()
    );
}

#[test]
fn a_run_shows_its_value_and_label_in_every_text() {
    let t = open(&fixture());
    let south = || Selection::Given(vec![("harbour".into(), "S".into())]);
    let en = page(&t, south(), "en");
    // The title, the caption, prose with figures computed for the run,
    // and the chart's title.
    assert!(en.contains("Harbour note: South Quay"), "title");
    assert!(en.contains("Passengers at South Quay by year"), "caption");
    assert!(en.contains("South Quay (code S) saw 150 thousand"), "prose");
    assert!(en.contains("25.0%"), "a figure of the run");
    let fa = page(&t, south(), "fa");
    assert!(fa.contains("یادداشت بندر: اسکلهٔ جنوبی"), "Persian title");
    assert!(fa.contains("۱۵۰"), "Persian digits of the run's figure");
    assert!(!fa.contains("North Quay") && !en.contains("North Quay"));
}

#[test]
fn unknown_parameters_name_the_place() {
    let (_tmp, dir) = edited("prose/traffic.en.md", |t| {
        t.replace("{param.harbour}", "{param.harbor}")
    });
    let e = error(&dir, &Selection::Configured);
    assert!(e.contains("traffic.en.md:1:"), "{e}");
    assert!(
        e.contains("unknown parameter `harbor`") && e.contains("did you mean `harbour`"),
        "{e}"
    );

    let (_tmp, dir) = edited("report.toml", |t| {
        t.replace(
            "formula = \"traffic[harbour = param.harbour, year",
            "formula = \"traffic[harbour = param.port, year",
        )
    });
    let e = error(&dir, &Selection::Configured);
    assert!(e.contains("report.toml:31:"), "{e}");
    assert!(e.contains("unknown parameter `port`"), "{e}");

    let (_tmp, dir) = edited("charts/passengers.toml", |t| {
        t.replace(
            "Passengers at {param.harbour.label}",
            "Passengers at {param.quay.label}",
        )
    });
    let e = error(&dir, &Selection::Configured);
    assert!(e.contains("passengers.toml:5:"), "{e}");
    assert!(e.contains("unknown parameter `quay`"), "{e}");

    let e = error(
        &fixture(),
        &Selection::Given(vec![("harbor".into(), "N".into())]),
    );
    assert!(
        e.contains("report.toml:12:8") && e.contains("did you mean `harbour`"),
        "{e}"
    );
}

#[test]
fn values_outside_the_allowed_set_name_the_place() {
    let e = error(
        &fixture(),
        &Selection::Given(vec![("harbour".into(), "W".into())]),
    );
    assert!(e.contains("report.toml:15:15"), "{e}");
    assert!(
        e.contains("`W` is not an allowed value of `harbour`"),
        "{e}"
    );
    assert!(e.contains("`N`, `S`, `E`"), "{e}");

    let (_tmp, dir) = edited("report.toml", |t| {
        t.replace("default = \"N\"", "default = \"Q\"")
    });
    let e = error(&dir, &Selection::Configured);
    assert!(
        e.contains("report.toml:13:11") && e.contains("default `Q`"),
        "{e}"
    );

    let (_tmp, dir) = edited("report.toml", |t| {
        t.replace(
            "all = true",
            "list = [{ harbour = \"N\" }, { harbour = \"X\" }]",
        )
    });
    let e = error(&dir, &Selection::Configured);
    assert!(e.contains("report.toml:18:"), "{e}");
    assert!(e.contains("`X` is not an allowed value"), "{e}");
}

#[test]
fn literal_values_declare_their_labels() {
    let (_tmp, dir) = edited("report.toml", |t| {
        t.replace(
            "values_from = { data = \"harbours\", key = \"code\", label = \"name\" }",
            "values = [{ value = \"N\", label = { en = \"North\", fa = \"شمال\" } }, \"S\"]",
        )
    });
    let e = error(&dir, &Selection::Configured);
    assert!(
        e.contains("report.toml:15:") && e.contains("give every value a label"),
        "{e}"
    );

    let (_tmp, dir) = edited("report.toml", |t| {
        t.replace(
            "values_from = { data = \"harbours\", key = \"code\", label = \"name\" }",
            "values = [{ value = \"N\", label = { en = \"North\" } }]",
        )
    });
    let e = error(&dir, &Selection::Configured);
    assert!(e.contains("no text for the language `fa`"), "{e}");
}

#[test]
fn a_run_records_the_rows_it_read_and_no_others() {
    let reads = |dir: &Path, harbour: &str| {
        let t = open(dir);
        let run = t
            .runs(&Selection::Given(vec![("harbour".into(), harbour.into())]))
            .unwrap()
            .remove(0);
        // Each copy has its own path: the rows are what count.
        t.evaluate(&run)
            .unwrap()
            .data_reads()
            .unwrap()
            .into_iter()
            .map(|d| (d.name, d.rows, d.sha256))
            .collect::<Vec<_>>()
    };
    let south = reads(&fixture(), "S");
    let counts: Vec<(&str, usize)> = south.iter().map(|d| (d.0.as_str(), d.1)).collect();
    assert_eq!(counts, [("harbours", 1), ("traffic", 3)]);
    // Another harbour's row changed: the same record. Its own: another.
    let (_tmp, north_changed) = edited("data/traffic.csv", |t| {
        t.replace("N,2022,455", "N,2022,456")
    });
    assert_eq!(reads(&north_changed, "S"), south);
    assert_ne!(reads(&north_changed, "N"), reads(&fixture(), "N"));
    // A row added for another harbour changes nothing either.
    let (_tmp, added) = edited("data/traffic.csv", |t| format!("{t}E,2024,99,p. 7\n"));
    assert_eq!(reads(&added, "S"), south);
    assert_ne!(reads(&added, "E"), reads(&fixture(), "E"));
    // A run that shows an aggregate over every row depends on every row.
    let (_tmp, total) = edited("report.toml", |t| {
        format!("{t}\n[[figure]]\nname = \"all\"\nformula = \"sum(traffic.passengers)\"\n")
    });
    let all = reads(&total, "S");
    assert_eq!(all[1].1, 9, "{all:?}");
}
