//! The built-in tables any report can place, read as a reader's annex:
//! `claims` (each claim stated in the edition's language, its verdict,
//! the computation with unrounded values, and its note), `errata` (what the
//! source says, the correction, its basis and confidence), `provenance`
//! (where each data set comes from), `normalisation` (what was changed in
//! quoted text, in words) and `sources` (the sources list, from the source
//! declarations).

use std::collections::BTreeSet;

use dossier_core::evaluate::ClaimCheck;
use dossier_core::package::{Confidence, Locator};
use dossier_core::{normalize, Class, Decimal, Lang};
use dossier_doc::{ColumnAlign, HeaderCell, Table, TableStyle};
use dossier_lang::{isolate, Args, Direction, Label, Message};

use crate::format;
use crate::Report;

/// Builds built-in table `name`, or `None` when there is no such table.
pub fn table(report: &Report, name: &str, lang: Lang) -> Option<Table> {
    Some(match name {
        "claims" => claims(report, lang),
        "errata" => errata(report, lang),
        "provenance" => provenance(report, lang),
        "normalisation" => normalisation(report, lang),
        "sources" => sources(report, lang),
        _ => return None,
    })
}

fn base(id: &str, caption: &str, header: Vec<String>, rows: Vec<Vec<String>>) -> Table {
    let columns = header.len();
    Table {
        id: Some(id.to_string()),
        caption: caption.to_string(),
        number: None,
        header: vec![HeaderCell::row_of(header)],
        rows,
        total_row: None,
        align: vec![ColumnAlign::Start; columns],
        row_headers: false,
        source_note: None,
        notes: Vec::new(),
        style: TableStyle::Ruled,
    }
}

/// The word for a claim's class.
pub fn verdict(class: Class, lang: Lang) -> &'static str {
    lang.language().label(match class {
        Class::Consistent => Label::CheckConsistent,
        Class::RoundingDifference => Label::CheckRoundingDifference,
        Class::Inconsistent => Label::CheckInconsistent,
        Class::NotCheckable => Label::CheckNotCheckable,
    })
}

/// A claim's computation in the edition's language: the formula with
/// every value in place, and its unrounded result (`(3,792 − 2,638) /
/// 2,638 = 43.745%`); for a threshold, the rule it is held to; for a claim
/// that cannot be checked, what it could be checked against.
pub fn computation(report: &Report, check: &ClaimCheck, lang: Lang) -> String {
    let l = lang.language();
    let claim = report.package.claims.iter().find(|c| c.id == check.id);
    let (Some(trace), Some(computed)) = (&check.trace, check.computed) else {
        let what = claim
            .and_then(|c| c.checkable_against.as_ref())
            .and_then(|t| t.get(lang.tag()));
        return match what {
            Some(what) => l
                .message(Message::CheckableAgainst, &Args::new().text("what", what))
                .unwrap_or_default(),
            None => String::new(),
        };
    };
    let notation = Notation {
        lang,
        unit: &check.unit,
    };
    let shown = format::number(computed, &check.unit, check.shown_decimals(), lang);
    let mut text = match trace {
        // A single value needs no computation.
        dossier_formula::Trace::Leaf(_) => shown,
        _ => format!("{} = {shown}", trace.render(&notation)),
    };
    if check.rule != "equal" {
        let stated = check
            .stated
            .as_deref()
            .and_then(|s| s.parse::<Decimal>().ok())
            .map(|s| format::number(s, &check.unit, check.decimals, lang))
            .unwrap_or_default();
        let message = match check.rule {
            "more_than" => Message::RuleMoreThan,
            "at_least" => Message::RuleAtLeast,
            "less_than" => Message::RuleLessThan,
            _ => Message::RuleAtMost,
        };
        if let Ok(rule) = l.message(message, &Args::new().text("value", &stated)) {
            text.push_str(&format!(" ({rule})"));
        }
    }
    text
}

/// Values in a computation as the edition writes them: numbers with the
/// digits they have (a year ungrouped), dates at their precision.
struct Notation<'a> {
    lang: Lang,
    unit: &'a dossier_core::FigureUnit,
}

impl dossier_formula::Notation for Notation<'_> {
    fn number(&self, n: &Decimal) -> String {
        match self.unit {
            dossier_core::FigureUnit::Year if n.fract().is_zero() => {
                format::number(*n, self.unit, 0, self.lang)
            }
            _ => self.lang.language().number(*n),
        }
    }

    fn date(&self, d: &dossier_core::Date) -> String {
        format::date(d, self.lang)
    }
}

fn claims(report: &Report, lang: Lang) -> Table {
    let l = lang.language();
    let rows = report
        .claims
        .iter()
        .filter_map(|c| {
            let claim = report.package.claims.iter().find(|k| k.id == c.id)?;
            let statement = claim.statement.get(lang.tag()).unwrap_or("").to_string();
            let mut how = computation(report, c, lang);
            if let Some(note) = claim.note.as_ref().and_then(|n| n.get(lang.tag())) {
                if !how.is_empty() {
                    how.push_str(". ");
                }
                how.push_str(note);
            }
            Some(vec![statement, verdict(c.class, lang).to_string(), how])
        })
        .collect();
    let mut t = base(
        "claims",
        l.label(Label::ClaimsCaption),
        vec![
            l.label(Label::ClaimsClaim).into(),
            l.label(Label::ClaimsVerdict).into(),
            l.label(Label::ClaimsComputation).into(),
        ],
        rows,
    );
    t.notes.push(l.label(Label::ClaimsNote).into());
    t
}

fn quoted(text: &str, lang: Lang) -> String {
    lang.language()
        .message(Message::Quoted, &Args::new().text("text", text))
        .unwrap_or_else(|_| text.to_string())
}

fn errata(report: &Report, lang: Lang) -> Table {
    let l = lang.language();
    let rows = report
        .package
        .errata
        .iter()
        .map(|e| {
            let get =
                |t: &dossier_core::package::Localized| t.get(lang.tag()).unwrap_or("").to_string();
            let confidence = l.label(match e.confidence {
                Confidence::Low => Label::ConfidenceLow,
                Confidence::Medium => Label::ConfidenceMedium,
                Confidence::High => Label::ConfidenceHigh,
            });
            vec![
                get(&e.says),
                get(&e.correction),
                get(&e.basis),
                confidence.to_string(),
            ]
        })
        .collect();
    let mut t = base(
        "errata",
        l.label(Label::ErrataCaption),
        vec![
            l.label(Label::ErrataSourceText).into(),
            l.label(Label::ErrataCorrection).into(),
            l.label(Label::ErrataBasis).into(),
            l.label(Label::ErrataConfidence).into(),
        ],
        rows,
    );
    t.notes.push(l.label(Label::ErrataNote).into());
    t
}

fn provenance(report: &Report, lang: Lang) -> Table {
    let l = lang.language();
    let mut rows = Vec::new();
    for r in &report.package.resources {
        let what = r
            .title
            .as_ref()
            .and_then(|t| t.get(lang.tag()))
            .unwrap_or(&r.name)
            .to_string();
        let mut sources: Vec<&str> = Vec::new();
        let mut paragraphs = BTreeSet::new();
        let mut first = None;
        for row in &r.rows {
            for s in &row.provenance.sources {
                if !sources.contains(&s.as_str()) {
                    sources.push(s);
                }
            }
            match &row.provenance.locator {
                Locator::Text { paragraph, quote } => {
                    paragraphs.insert(*paragraph);
                    first.get_or_insert_with(|| quoted(&normalize(quote).text, lang));
                }
                Locator::Reference { locator } => {
                    // A page or section: words of the data, digits of the edition.
                    first.get_or_insert_with(|| l.localize_digits(locator));
                }
                _ => {}
            }
        }
        let names: Vec<String> = sources
            .iter()
            .map(|s| format::source_name(&report.package, s, lang))
            .collect();
        let paragraphs: Vec<String> = paragraphs.iter().map(|p| l.digits(u64::from(*p))).collect();
        rows.push(vec![
            what,
            l.list(&names),
            l.list(&paragraphs),
            first.unwrap_or_default(),
        ]);
    }
    let mut t = base(
        "provenance",
        l.label(Label::ProvenanceCaption),
        vec![
            l.label(Label::ProvenanceData).into(),
            l.label(Label::ProvenanceSource).into(),
            l.label(Label::ProvenanceParagraph).into(),
            l.label(Label::ProvenanceQuote).into(),
        ],
        rows,
    );
    t.align[2] = ColumnAlign::Center;
    t
}

fn normalisation(report: &Report, lang: Lang) -> Table {
    let l = lang.language();
    let mut quotes: Vec<&str> = Vec::new();
    for r in &report.package.resources {
        for row in &r.rows {
            if let Locator::Text { quote, .. } = &row.provenance.locator {
                quotes.push(quote);
            }
        }
    }
    for c in &report.package.claims {
        if let Locator::Text { quote, .. } = &c.locator {
            quotes.push(quote);
        }
    }
    for e in &report.package.errata {
        if let Locator::Text { quote, .. } = &e.locator {
            quotes.push(quote);
        }
    }
    let mut seen = BTreeSet::new();
    for q in quotes {
        for change in normalize(q).changes {
            seen.insert((
                change.kind.label(lang).to_string(),
                change.before,
                change.after,
            ));
        }
    }
    let rows = seen
        .into_iter()
        .map(|(kind, before, after)| vec![kind, before, after])
        .collect();
    let mut t = base(
        "normalisation",
        l.label(Label::NormalisationCaption),
        vec![
            l.label(Label::NormalisationKind).into(),
            l.label(Label::NormalisationBefore).into(),
            l.label(Label::NormalisationAfter).into(),
        ],
        rows,
    );
    t.notes.push(l.label(Label::NormalisationNote).into());
    t
}

fn sources(report: &Report, lang: Lang) -> Table {
    let l = lang.language();
    let mut rows = Vec::new();
    let dir = l.direction();
    // An entry reads in the edition's direction, as a sentence of its
    // language; a piece in a language of the other direction (a Persian
    // title in English, an English outlet or a web address in Persian)
    // keeps its own order and does not turn the entry around.
    let own = |text: &str, d: Direction| {
        if d == dir {
            text.to_string()
        } else {
            isolate(text, d)
        }
    };
    for s in &report.package.sources {
        let source_dir = s.language.as_ref().map_or(dir, Direction::of);
        let mut parts: Vec<String> = Vec::new();
        if let Some(title) = &s.title {
            parts.push(quoted(&own(title, source_dir), lang));
        }
        let by: Vec<&str> = [&s.author, &s.outlet, &s.publication]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        if !by.is_empty() {
            parts.push(own(&by.join(", "), source_dir));
        }
        if let Some(date) = &s.date {
            parts.push(format::date(date, lang));
        }
        for id in [&s.url, &s.license].into_iter().flatten() {
            parts.push(own(id, Direction::LeftToRight));
        }
        rows.push(vec![
            format::source_name(&report.package, &s.name, lang),
            parts.join(". "),
        ]);
    }
    let mut t = base(
        "sources",
        l.label(Label::Sources),
        vec![l.label(Label::ProvenanceSource).into(), String::new()],
        rows,
    );
    t.row_headers = true;
    t
}
