//! The text budget of one document: every text that is laid out (prose,
//! headings and their contents entries, the cover's title, subtitle, date
//! and key figures, the running header, tables, figure captions and every
//! label a chart draws) counts towards [`Limits::max_document_chars`], as
//! often as it is placed; and no single text may be longer than
//! [`Limits::max_paragraph_chars`]. Both are checked before the text is
//! laid out, which is where the time and memory go.

use std::path::Path;

use dossier_charts::{ChartData, ChartSpec};
use dossier_core::{Lang, LimitExceeded, Limits};

use crate::error::ReportError;

/// Counts the text of one document.
pub struct TextBudget<'a> {
    used: usize,
    limits: &'a Limits,
}

/// Where a text came from, for the error when it is over a limit.
#[derive(Clone, Copy)]
pub struct Origin<'p> {
    pub path: &'p Path,
    /// 1-based; 0 for the whole file.
    pub line: usize,
}

impl<'p> Origin<'p> {
    pub fn new(path: &'p Path, line: usize) -> Origin<'p> {
        Origin { path, line }
    }

    fn limit(&self, what: &str, value: usize, max: usize, name: &str) -> ReportError {
        ReportError::Limit(LimitExceeded::new(self.path, what, value, max, name).at_line(self.line))
    }
}

impl<'a> TextBudget<'a> {
    pub fn new(limits: &'a Limits) -> TextBudget<'a> {
        TextBudget { used: 0, limits }
    }

    /// Counts `texts`, each placed once, written at `origin`; `what` names
    /// them in the error when one of them alone is too long.
    pub fn spend<'s>(
        &mut self,
        origin: Origin<'_>,
        what: &str,
        texts: impl IntoIterator<Item = &'s str>,
    ) -> Result<(), ReportError> {
        self.spend_placed(origin, origin, what, texts)
    }

    /// As [`TextBudget::spend`], for texts written at `origin` (a prose
    /// file) but placed by the block at `placed` (in `report.toml`), which
    /// is named when the document as a whole is over its limit.
    pub fn spend_placed<'s>(
        &mut self,
        origin: Origin<'_>,
        placed: Origin<'_>,
        what: &str,
        texts: impl IntoIterator<Item = &'s str>,
    ) -> Result<(), ReportError> {
        for text in texts {
            let chars = text.chars().count();
            if chars > self.limits.max_paragraph_chars {
                return Err(origin.limit(
                    &format!("the number of characters of {what}"),
                    chars,
                    self.limits.max_paragraph_chars,
                    "max-paragraph-chars",
                ));
            }
            self.used = self.used.saturating_add(chars);
        }
        if self.used > self.limits.max_document_chars {
            return Err(placed.limit(
                "the number of characters of text in the document",
                self.used,
                self.limits.max_document_chars,
                "max-document-chars",
            ));
        }
        Ok(())
    }
}

/// Every text the chart of `spec` and `data` draws in `lang`: its titles,
/// captions, notes and legend, the category and series names, the
/// timeline's labels, and its value labels (counted at their digits).
pub fn chart_texts(spec: &ChartSpec, data: &ChartData, lang: Lang) -> Vec<String> {
    let mut texts: Vec<String> = [
        Some(&spec.title),
        spec.subtitle.as_ref(),
        spec.x_title.as_ref(),
        spec.y_title.as_ref(),
        spec.unit.as_ref(),
        spec.source_note.as_ref(),
        spec.positive_label.as_ref(),
        spec.negative_label.as_ref(),
    ]
    .into_iter()
    .flatten()
    .map(|t| t.get(lang).to_string())
    .collect();
    texts.extend(spec.series.iter().map(|s| s.name.get(lang).to_string()));
    match data {
        ChartData::Categories(c) => {
            texts.extend(c.categories.iter().cloned());
            texts.extend(c.series.iter().map(|s| s.name.clone()));
            if spec.value_labels {
                for s in &c.series {
                    texts.extend(s.values.iter().map(|v| format!("{v:.*}", spec.decimals)));
                }
            }
        }
        ChartData::Timeline(t) => {
            texts.extend(t.periods.iter().map(|p| p.label.clone()));
            texts.extend(t.events.iter().map(|e| e.label.clone()));
            texts.extend(t.statuses.iter().map(|s| s.label.clone()));
        }
    }
    texts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_counts_and_none_may_be_too_long() {
        let limits = Limits {
            max_paragraph_chars: 10,
            max_document_chars: 25,
            ..Limits::default()
        };
        let path = Path::new("report.toml");
        let mut budget = TextBudget::new(&limits);
        budget
            .spend(Origin::new(path, 3), "the title", ["0123456789"])
            .unwrap();
        let e = budget
            .spend(Origin::new(path, 4), "a label", ["01234567890"])
            .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.starts_with("report.toml:4: the number of characters of a label is 11"),
            "{msg}"
        );
        assert!(msg.contains("--max-paragraph-chars"), "{msg}");
        budget
            .spend(Origin::new(path, 5), "a label", ["0123456789"])
            .unwrap();
        let e = budget
            .spend(Origin::new(path, 6), "a label", ["012345"])
            .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.starts_with(
                "report.toml:6: the number of characters of text in the document is 26"
            ),
            "{msg}"
        );
        assert!(msg.contains("--max-document-chars"), "{msg}");
    }
}
