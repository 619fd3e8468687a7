//! The folders a report is confined to must themselves be what they seem.
//!
//! A report folder is the first allowed root of its build, so a report
//! folder that is a symlink would confine nothing: `reports/x -> ..`,
//! committed in a pull request, would make the whole checkout (its `.git`
//! too) the report's own folder. Resolving the link is not enough, since
//! `..` resolves to a perfectly real folder. So a report folder, and the
//! project's `data/` folder found above it, must be plain folders: not a
//! symlink, and resolving to themselves inside the folder they were found
//! in.

use std::path::{Path, PathBuf};

use dossier_core::access::lexical;

use crate::error::ReportError;

/// The report folder `dir`, checked (see [`plain_folder`]) and resolved.
pub fn report_folder(dir: &Path) -> Result<PathBuf, ReportError> {
    plain_folder(dir, "the report folder")
}

/// `dir` resolved, when it is a plain folder: not a symlink, and resolving
/// to the same name inside its parent folder resolved. `what` names the
/// folder in errors ("the report folder").
pub fn plain_folder(dir: &Path, what: &str) -> Result<PathBuf, ReportError> {
    let written = lexical(&std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()));
    let refuse = |message: String| ReportError::Folder {
        path: dir.to_path_buf(),
        message,
    };
    let meta = std::fs::symlink_metadata(&written).map_err(|e| ReportError::Io {
        path: dir.to_path_buf(),
        message: format!("cannot open {what}: {e}"),
    })?;
    if meta.file_type().is_symlink() {
        let target = std::fs::read_link(&written)
            .map(|t| format!(" to {}", t.display()))
            .unwrap_or_default();
        return Err(refuse(format!(
            "{what} is a symlink{target}; expected a plain folder, so that a report can \
             never take in more than its own files"
        )));
    }
    if !meta.is_dir() {
        return Err(refuse(format!("{what} is not a folder; expected a folder")));
    }
    let resolved = std::fs::canonicalize(dir).map_err(|e| ReportError::Io {
        path: dir.to_path_buf(),
        message: format!("cannot open {what}: {e}"),
    })?;
    let (Some(parent), Some(name)) = (written.parent(), written.file_name()) else {
        return Err(refuse(format!(
            "{what} is a file-system root; expected a folder inside another folder"
        )));
    };
    let expected = std::fs::canonicalize(parent).map(|p| p.join(name));
    if expected.as_ref().ok() != Some(&resolved) {
        return Err(refuse(format!(
            "{what} resolves to {}, not to a folder inside {}, where it was found; \
             expected a plain folder",
            resolved.display(),
            parent.display()
        )));
    }
    Ok(resolved)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn plain_folders_pass() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("reports/x")).unwrap();
        let dir = tmp.path().join("reports/x");
        assert_eq!(
            report_folder(&dir).unwrap(),
            std::fs::canonicalize(&dir).unwrap()
        );
        assert!(report_folder(&tmp.path().join("reports/x/")).is_ok());
    }

    #[test]
    fn linked_folders_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let reports = tmp.path().join("reports");
        std::fs::create_dir_all(reports.join("x")).unwrap();
        std::os::unix::fs::symlink("..", reports.join("up")).unwrap();
        std::os::unix::fs::symlink("x", reports.join("alias")).unwrap();
        for name in ["up", "alias", "up/", "alias/."] {
            let e = report_folder(&reports.join(name)).unwrap_err();
            assert_eq!(e.kind(), "path", "{name}: {e}");
            let msg = e.to_string();
            assert!(
                msg.contains("the report folder is a symlink"),
                "{name}: {msg}"
            );
            assert!(!msg.contains("resolves to"), "{name}: {msg}");
        }
        // As written, `x/back/..` is `x`; it resolves to the folder above
        // the project instead.
        std::os::unix::fs::symlink(tmp.path(), reports.join("x/back")).unwrap();
        let e = report_folder(&reports.join("x/back/..")).unwrap_err();
        assert!(e.to_string().contains("resolves to"), "{e}");
        let e = report_folder(&reports.join("missing")).unwrap_err();
        assert_eq!(e.kind(), "io", "{e}");
    }
}
