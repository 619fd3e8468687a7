//! Typed records of the data set.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::types::{Date, Lang, Money, Percent, Provenance, Year};

/// Direction of trade, seen from Chile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flow {
    /// Chilean exports to the US.
    Exports,
    /// Chilean imports from the US.
    Imports,
}

impl Flow {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Flow::Exports, Lang::En) => "Exports to the US",
            (Flow::Imports, Lang::En) => "Imports from the US",
            (Flow::Exports, Lang::Fa) => "صادرات به آمریکا",
            (Flow::Imports, Lang::Fa) => "واردات از آمریکا",
        }
    }
}

/// What a stated percentage in the trade tables measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatedMetric {
    /// Change from 1994 to 1995, percent.
    #[serde(rename = "change_1994_1995")]
    Change1994To1995,
    /// Share of Chile's total (exports or imports), percent.
    ShareOfTotal,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Administration {
    Carter,
    Reagan,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lever {
    MultilateralLoans,
    EximbankCredit,
    ArmsSalesTraining,
    HumanRightsDiplomacy,
    DiplomaticStaff,
    MilitaryContacts,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Restrict,
    Ease,
}

/// How a date of an event relates to the event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateQualifier {
    /// The event happened at this date (at the given precision).
    Exact,
    /// The event happened some time after this date.
    After,
    /// The source gives this date, which is wrong (see errata).
    AsStated,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Revolution,
    Severed,
    RestoredFull,
    RestoredConsularTrade,
    GovernmentChange,
}

/// State of Chile-Cuba relations during a period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationStatus {
    Full,
    Severed,
    ConsularTrade,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimKind {
    Percent,
    Year,
    Ranking,
    Growth,
    Share,
    Label,
    Count,
    IntervalDays,
    IntervalYears,
}

/// Which computation checks a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckMethod {
    None,
    #[serde(rename = "growth_exports_1994_1995")]
    GrowthExports1994To1995,
    #[serde(rename = "growth_imports_1994_1995")]
    GrowthImports1994To1995,
    ImpliedTotalExports,
    ImpliedTotalImports,
    ImportsShareHeader,
    #[serde(rename = "us_share_total_trade_1995")]
    UsShareTotalTrade1995,
    CubanRevolutionYear,
    #[serde(rename = "days_after_coup_1973")]
    DaysAfterCoup1973,
    #[serde(rename = "years_severed_1973_1995")]
    YearsSevered1973To1995,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErratumKind {
    Factual,
    Transliteration,
    Spelling,
    Typo,
    Finding,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

/// Where a record was read from.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Origin {
    pub file: PathBuf,
    pub line: usize,
}

/// One value of the trade tables.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TradeFigure {
    pub flow: Flow,
    pub year: Year,
    pub value: Money,
    pub provenance: Provenance,
    pub origin: Origin,
}

/// A percentage stated in the trade tables.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatedFigure {
    pub flow: Flow,
    pub metric: StatedMetric,
    pub value: Percent,
    pub provenance: Provenance,
    pub origin: Origin,
}

/// A US policy measure towards Chile.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PolicyMeasure {
    pub id: String,
    pub administration: Administration,
    pub lever: Lever,
    pub direction: Direction,
    pub description_en: String,
    pub description_fa: String,
    pub provenance: Provenance,
    pub origin: Origin,
}

impl PolicyMeasure {
    pub fn description(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.description_en,
            Lang::Fa => &self.description_fa,
        }
    }
}

/// An event in Chile-Cuba relations.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CubaEvent {
    pub id: String,
    pub date: Date,
    pub qualifier: DateQualifier,
    pub kind: EventKind,
    pub label_en: String,
    pub label_fa: String,
    pub provenance: Provenance,
    pub origin: Origin,
}

impl CubaEvent {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.label_en,
            Lang::Fa => &self.label_fa,
        }
    }
}

/// A period of Chile-Cuba relations; `end == None` means still current.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CubaPeriod {
    pub id: String,
    pub status: RelationStatus,
    pub start: Date,
    pub end: Option<Date>,
    pub provenance: Provenance,
    pub origin: Origin,
}

/// A quantitative claim made by the source.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Claim {
    pub id: String,
    pub kind: ClaimKind,
    pub statement_en: String,
    pub stated_value: Option<f64>,
    pub check: CheckMethod,
    pub checkable_against: String,
    pub provenance: Provenance,
    pub origin: Origin,
}

/// A confident error or a finding about the source.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Erratum {
    pub id: String,
    pub kind: ErratumKind,
    pub confidence: Confidence,
    pub says: String,
    pub correction: String,
    /// The correction in Persian, for the Persian edition.
    pub correction_fa: String,
    pub basis: String,
    pub basis_fa: String,
    pub provenance: Provenance,
    pub origin: Origin,
}

impl Erratum {
    pub fn correction(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.correction,
            Lang::Fa => &self.correction_fa,
        }
    }

    pub fn basis(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.basis,
            Lang::Fa => &self.basis_fa,
        }
    }
}

/// A source document split into paragraphs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceDoc {
    pub id: String,
    pub path: PathBuf,
    pub text: String,
    /// Paragraphs (blocks separated by blank lines); paragraph `n` is `paragraphs[n - 1]`.
    pub paragraphs: Vec<String>,
}

impl SourceDoc {
    pub fn new(id: impl Into<String>, path: PathBuf, text: String) -> Self {
        let paragraphs = split_paragraphs(&text);
        SourceDoc {
            id: id.into(),
            path,
            text,
            paragraphs,
        }
    }

    /// Paragraph `n` (1-based).
    pub fn paragraph(&self, n: u32) -> Option<&str> {
        let i = (n as usize).checked_sub(1)?;
        self.paragraphs.get(i).map(String::as_str)
    }
}

/// Splits text into blocks separated by blank (whitespace-only) lines.
pub fn split_paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(cur.join("\n"));
                cur.clear();
            }
        } else {
            cur.push(line);
        }
    }
    if !cur.is_empty() {
        out.push(cur.join("\n"));
    }
    out
}

/// Everything loaded from `data/`, validated.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dataset {
    pub data_dir: PathBuf,
    /// Source documents by id (file stem under `data/sources/`).
    pub sources: BTreeMap<String, SourceDoc>,
    pub trade: Vec<TradeFigure>,
    pub trade_stated: Vec<StatedFigure>,
    pub policy: Vec<PolicyMeasure>,
    pub cuba_events: Vec<CubaEvent>,
    pub cuba_periods: Vec<CubaPeriod>,
    pub claims: Vec<Claim>,
    pub errata: Vec<Erratum>,
}

impl Dataset {
    /// The trade value for a flow and year.
    pub fn trade_value(&self, flow: Flow, year: u16) -> Option<Money> {
        self.trade
            .iter()
            .find(|t| t.flow == flow && t.year.0 == year)
            .map(|t| t.value)
    }

    /// A stated percentage.
    pub fn stated(&self, flow: Flow, metric: StatedMetric) -> Option<Percent> {
        self.trade_stated
            .iter()
            .find(|s| s.flow == flow && s.metric == metric)
            .map(|s| s.value)
    }

    /// Years covered by the trade table, ascending.
    pub fn trade_years(&self) -> Vec<Year> {
        let mut y: Vec<Year> = self.trade.iter().map(|t| t.year).collect();
        y.sort();
        y.dedup();
        y
    }

    pub fn event(&self, id: &str) -> Option<&CubaEvent> {
        self.cuba_events.iter().find(|e| e.id == id)
    }

    pub fn claim(&self, id: &str) -> Option<&Claim> {
        self.claims.iter().find(|c| c.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_on_blank_lines() {
        let p = split_paragraphs("a\n\nb\nc\n\n\n  \nd");
        assert_eq!(p, ["a", "b\nc", "d"]);
    }
}
