//! End-to-end tests: build real reports with the `dossier` binary and read the results back with poppler and qpdf.
