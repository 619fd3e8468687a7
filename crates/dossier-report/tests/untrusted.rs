//! Untrusted reports: what a report may read, and the resource limits,
//! checked on a copy of the minimal fixture laid out as a project.

use std::path::{Path, PathBuf};

use dossier_report::{BuildOptions, Limits, ReportError};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
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

/// `<tmp>/<data_at>` holds a copy of the minimal report's data package
/// (with a `sources/` folder, as a project's data folder has) and
/// `<tmp>/reports/minimal` the minimal report without its own data,
/// reading `data`.
fn project(data_at: &str, data: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let fixture = repo().join("tests/fixtures/minimal");
    copy_dir(&fixture.join("data"), &tmp.path().join(data_at));
    std::fs::create_dir_all(tmp.path().join(data_at).join("sources")).unwrap();
    let report = tmp.path().join("reports/minimal");
    copy_dir(&fixture, &report);
    std::fs::remove_dir_all(report.join("data")).unwrap();
    let spec = std::fs::read_to_string(report.join("report.toml")).unwrap();
    std::fs::write(
        report.join("report.toml"),
        spec.replace("data = \"data\"", &format!("data = \"{data}\"")),
    )
    .unwrap();
    (tmp, report)
}

fn pdf_only(limits: Limits) -> BuildOptions {
    BuildOptions {
        pdf: true,
        limits,
        ..Default::default()
    }
}

#[test]
fn the_fixture_reads_its_folder_and_the_project_data() {
    let options = BuildOptions::default();
    {
        let dir = repo().join("tests/fixtures/minimal");
        let roots = dossier_report::allowed_roots(&dir, &options).unwrap();
        assert_eq!(roots.len(), 2, "{roots:?}");
        assert_eq!(
            roots[1],
            std::fs::canonicalize(repo().join("data")).unwrap()
        );
        dossier_report::check(&dir, &options).unwrap();
    }
}

#[test]
fn data_outside_the_project_needs_root() {
    let (tmp, report) = project("shared/data", "../../shared/data");
    let e = dossier_report::check(&report, &BuildOptions::default())
        .expect_err("refused without --root");
    assert_eq!(e.kind(), "path", "{e}");
    let msg = e.to_string();
    assert!(msg.contains("shared/data: refused"), "{msg}");
    assert!(msg.contains("reports/minimal"), "{msg}");

    let options = BuildOptions {
        root: Some(tmp.path().join("shared")),
        ..Default::default()
    };
    dossier_report::check(&report, &options).unwrap();
}

#[test]
fn root_replaces_the_project_data() {
    let (tmp, report) = project("data", "../../data");
    dossier_report::check(&report, &BuildOptions::default()).unwrap();
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let options = BuildOptions {
        root: Some(elsewhere),
        ..Default::default()
    };
    let e = dossier_report::check(&report, &options)
        .expect_err("the project data is not allowed when --root names another folder");
    assert_eq!(e.kind(), "path", "{e}");
}

#[test]
fn every_limit_names_itself_and_its_flag() {
    let (_tmp, report) = project("data", "../../data");
    dossier_report::build(&report, &pdf_only(Limits::default())).unwrap();
    let cases: [(&str, Limits); 9] = [
        (
            "max-file-bytes",
            Limits {
                max_file_bytes: 100,
                ..Default::default()
            },
        ),
        (
            "max-table-rows",
            Limits {
                max_table_rows: 2,
                ..Default::default()
            },
        ),
        (
            "max-pages",
            Limits {
                max_pages: 1,
                ..Default::default()
            },
        ),
        (
            "max-prose-chars",
            Limits {
                max_prose_chars: 10,
                ..Default::default()
            },
        ),
        (
            "max-paragraph-chars",
            Limits {
                max_paragraph_chars: 10,
                ..Default::default()
            },
        ),
        (
            "max-document-chars",
            Limits {
                max_document_chars: 10,
                ..Default::default()
            },
        ),
        (
            "max-blocks",
            Limits {
                max_blocks: 2,
                ..Default::default()
            },
        ),
        (
            "max-charts",
            Limits {
                max_charts: 0,
                ..Default::default()
            },
        ),
        (
            "max-chart-points",
            Limits {
                max_chart_points: 2,
                ..Default::default()
            },
        ),
    ];
    for (name, limits) in cases {
        let e = dossier_report::build(&report, &pdf_only(limits))
            .err()
            .unwrap_or_else(|| panic!("{name}: expected an error"));
        assert_eq!(e.kind(), "limit", "{name}: {e}");
        let msg = e.to_string();
        assert!(
            msg.contains(&format!("raise it with --{name} <N>")),
            "{msg}"
        );
        assert!(msg.contains("over the limit of"), "{msg}");
    }
}

#[test]
fn a_report_id_cannot_name_a_path() {
    let (_tmp, report) = project("data", "../../data");
    let spec = std::fs::read_to_string(report.join("report.toml")).unwrap();
    for bad in ["../x", "a/b", ".hidden", ""] {
        std::fs::write(
            report.join("report.toml"),
            spec.replace("id = \"minimal\"", &format!("id = {bad:?}")),
        )
        .unwrap();
        let e = dossier_report::check(&report, &BuildOptions::default())
            .err()
            .unwrap_or_else(|| panic!("id {bad:?} accepted"));
        assert!(matches!(e, ReportError::Spec { .. }), "{e}");
        assert!(e.to_string().contains("not a plain name"), "{e}");
    }
}
