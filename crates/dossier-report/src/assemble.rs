//! Assembly of one language edition: figures for prose, the blocks of every
//! section, the charts, and the cover.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dossier_canvas::{Direction, Scene};
use dossier_charts::{
    CategorySeries, ChartData, ChartKind, ChartSpec, Event, Period, Status, TimelineData, PALETTE,
};
use dossier_core::locale::{format_date, format_number, format_percent, format_year};
use dossier_core::{
    Briefing, ClaimKind, Date, Flow, Lang, Limits, RelationStatus, Sandbox, StatedMetric,
};
use dossier_doc::{
    Block, Caption, Cover, Document, Figure, Heading, Inline, Labels, Link, List, Metadata,
    NumberFormatter, Script, ScriptLanguages, Span, Theme,
};
use dossier_lang::LanguageTag;

use crate::error::ReportError;
use crate::prose::{self, ProseBlock};
use crate::spec::{parse_date, BlockKind};
use crate::tables::{self, source_note, tr};
use crate::{access, Report};

/// Counts the text of a document against [`Limits::max_document_chars`].
struct TextBudget<'a> {
    used: usize,
    limits: &'a Limits,
    path: std::path::PathBuf,
}

impl TextBudget<'_> {
    fn spend<'s>(&mut self, texts: impl IntoIterator<Item = &'s str>) -> Result<(), ReportError> {
        for t in texts {
            self.used = self.used.saturating_add(t.chars().count());
        }
        if self.used > self.limits.max_document_chars {
            return Err(limit(
                &self.path,
                "the number of characters of text in the document",
                self.used,
                self.limits.max_document_chars,
                "max-document-chars",
            ));
        }
        Ok(())
    }
}

fn limit(path: &Path, what: &str, value: usize, max: usize, name: &str) -> ReportError {
    ReportError::Limit(dossier_core::LimitExceeded::new(
        path, what, value, max, name,
    ))
}

/// A language edition, ready to render.
pub struct Assembled {
    pub document: Document,
    /// Chart spec path (relative to the report folder, as written) →
    /// scene, in the order they appear; the output plan names the files.
    pub charts: Vec<(PathBuf, Scene)>,
}

/// The theme shared by pages and charts: charts' palette for series.
pub fn theme() -> Theme {
    Theme {
        palette: PALETTE.to_vec(),
        ..Theme::default()
    }
}

/// Every figure prose and the cover can name, formatted for `lang`:
/// `exports.1995`, `imports.1995`, `balance.1995`, `total.1995`,
/// `deficit.1995` or `surplus.1995` (the balance without its sign),
/// `growth.exports.1995` (on the year before), `growth.exports.1992_1995`,
/// `stated.exports.change` / `stated.exports.share`, and `claim.<id>` (the
/// value a claim states).
pub fn figures(b: &Briefing, lang: Lang) -> BTreeMap<String, String> {
    let mut f = BTreeMap::new();
    let years = &b.derived.years;
    for y in years {
        let year = y.year.0;
        f.insert(format!("exports.{year}"), format_number(y.exports, 0, lang));
        f.insert(format!("imports.{year}"), format_number(y.imports, 0, lang));
        f.insert(format!("balance.{year}"), format_number(y.balance, 0, lang));
        f.insert(format!("total.{year}"), format_number(y.total, 0, lang));
        if y.balance < 0.0 {
            f.insert(
                format!("deficit.{year}"),
                format_number(-y.balance, 0, lang),
            );
        } else {
            f.insert(format!("surplus.{year}"), format_number(y.balance, 0, lang));
        }
    }
    for pair in years.windows(2) {
        let (a, z) = (&pair[0], &pair[1]);
        let to = z.year.0;
        f.insert(
            format!("growth.exports.{to}"),
            format_percent(growth(a.exports, z.exports), 1, lang),
        );
        f.insert(
            format!("growth.imports.{to}"),
            format_percent(growth(a.imports, z.imports), 1, lang),
        );
    }
    if let (Some(a), Some(z)) = (years.first(), years.last()) {
        let span = format!("{}_{}", a.year.0, z.year.0);
        f.insert(
            format!("growth.exports.{span}"),
            format_percent(growth(a.exports, z.exports), 0, lang),
        );
        f.insert(
            format!("growth.imports.{span}"),
            format_percent(growth(a.imports, z.imports), 0, lang),
        );
    }
    for flow in [Flow::Exports, Flow::Imports] {
        let name = if flow == Flow::Exports {
            "exports"
        } else {
            "imports"
        };
        if let Some(p) = b.dataset.stated(flow, StatedMetric::Change1994To1995) {
            f.insert(
                format!("stated.{name}.change"),
                format_percent(p.0, 1, lang),
            );
        }
        if let Some(p) = b.dataset.stated(flow, StatedMetric::ShareOfTotal) {
            f.insert(format!("stated.{name}.share"), format_percent(p.0, 1, lang));
        }
    }
    for claim in &b.dataset.claims {
        if let Some(v) = claim.stated_value {
            let text = match claim.kind {
                ClaimKind::Percent | ClaimKind::Growth | ClaimKind::Share => {
                    format_percent(v, if v.fract() == 0.0 { 0 } else { 1 }, lang)
                }
                ClaimKind::Year => format_year(v as i32, lang),
                _ => format_number(v, if v.fract() == 0.0 { 0 } else { 1 }, lang),
            };
            f.insert(format!("claim.{}", claim.id), text);
        }
    }
    f
}

fn growth(from: f64, to: f64) -> f64 {
    (to - from) / from * 100.0
}

/// Assembles the `lang` edition of `report`.
pub fn document(
    report: &Report,
    lang: Lang,
    source_date_epoch: Option<i64>,
) -> Result<Assembled, ReportError> {
    let spec = &report.spec;
    let b = &report.briefing;
    let limits = &report.sandbox.limits;
    let figs = figures(b, lang);
    let mut blocks = Vec::new();
    let mut charts = Vec::new();
    let (mut table_no, mut figure_no) = (0u32, 0u32);
    let mut page_breaks = 0usize;
    let mut budget = TextBudget {
        used: 0,
        limits,
        path: report.dir.join("report.toml"),
    };
    for section in &spec.sections {
        budget.spend([section.title.get(lang)])?;
        blocks.push(Block::Heading(Heading {
            level: 1,
            text: section.title.get(lang).to_string(),
            numbered: true,
            id: Some(section.id.clone()),
        }));
        check_blocks(report, blocks.len())?;
        for block in &section.blocks {
            match block.kind() {
                Some(BlockKind::Prose(name)) => {
                    let path = report
                        .dir
                        .join("prose")
                        .join(format!("{name}.{}.md", lang.code()));
                    let text = report.sandbox.read_text(&path).map_err(access)?;
                    let chars = text.chars().count();
                    if chars > limits.max_prose_chars {
                        return Err(limit(
                            &path,
                            "the number of characters of the prose file",
                            chars,
                            limits.max_prose_chars,
                            "max-prose-chars",
                        ));
                    }
                    for p in prose::parse(&text, &path, &figs)? {
                        let pieces: Vec<&prose::Inline> = match &p {
                            ProseBlock::Paragraph(inlines) => inlines.iter().collect(),
                            ProseBlock::List { items, .. } => items.iter().flatten().collect(),
                        };
                        let longest = match &p {
                            ProseBlock::Paragraph(inlines) => paragraph_chars(inlines),
                            ProseBlock::List { items, .. } => {
                                items.iter().map(|i| paragraph_chars(i)).max().unwrap_or(0)
                            }
                        };
                        if longest > limits.max_paragraph_chars {
                            return Err(limit(
                                &path,
                                "the number of characters of a paragraph",
                                longest,
                                limits.max_paragraph_chars,
                                "max-paragraph-chars",
                            ));
                        }
                        budget.spend(pieces.iter().map(|i| i.text.as_str()))?;
                        blocks.push(match p {
                            ProseBlock::Paragraph(inlines) => Block::Paragraph(rich(inlines)),
                            ProseBlock::List { ordered, items } => Block::List(List {
                                ordered,
                                items: items.into_iter().map(rich).collect(),
                            }),
                        });
                    }
                }
                Some(BlockKind::Table(name)) => {
                    let mut table = tables::table(name, b, lang).ok_or_else(|| {
                        spec_error(
                            report,
                            &format!("table = \"{name}\""),
                            format!(
                                "unknown table `{name}`; known tables: {}",
                                tables::TABLES.join(", ")
                            ),
                        )
                    })?;
                    if table.rows.len() > limits.max_table_rows {
                        return Err(limit(
                            &report.dir.join("report.toml"),
                            &format!("the number of rows of table `{name}`"),
                            table.rows.len(),
                            limits.max_table_rows,
                            "max-table-rows",
                        ));
                    }
                    budget.spend(
                        std::iter::once(table.caption.as_str())
                            .chain(table.header.iter().flatten().map(|h| h.text.as_str()))
                            .chain(table.rows.iter().flatten().map(String::as_str))
                            .chain(table.total_row.iter().flatten().map(String::as_str))
                            .chain(table.all_notes()),
                    )?;
                    for cell in table.rows.iter_mut().flatten() {
                        *cell = break_long_words(cell);
                    }
                    table_no += 1;
                    table.number = Some(table_no);
                    blocks.push(Block::Table(table));
                }
                Some(BlockKind::Chart(rel)) => {
                    let path = report.dir.join(rel);
                    if figure_no as usize >= limits.max_charts {
                        return Err(limit(
                            &report.dir.join("report.toml"),
                            "the number of charts in the document",
                            figure_no as usize + 1,
                            limits.max_charts,
                            "max-charts",
                        ));
                    }
                    let (chart_spec, scene) = chart_with_spec(b, &path, lang, &report.sandbox)?;
                    budget.spend([
                        chart_spec.title.get(lang),
                        chart_spec
                            .subtitle
                            .as_ref()
                            .map(|s| s.get(lang))
                            .unwrap_or(""),
                    ])?;
                    figure_no += 1;
                    let caption = Caption {
                        title: chart_spec.title.get(lang).to_string(),
                        subtitle: chart_spec
                            .subtitle
                            .as_ref()
                            .map(|s| s.get(lang).to_string()),
                    };
                    blocks.push(Block::Figure(Figure {
                        id: None,
                        scene: scene.clone(),
                        // What the chart shows, in words, until the chart
                        // data itself is written out.
                        alt: caption.text(),
                        caption,
                        // The chart draws its own source note.
                        source_note: String::new(),
                        number: Some(figure_no),
                    }));
                    charts.push((rel.to_path_buf(), scene));
                }
                Some(BlockKind::PageBreak) => {
                    page_breaks += 1;
                    // Every page break starts a page: the page limit can
                    // be checked before any layout is done.
                    if page_breaks + 1 > limits.max_pages {
                        return Err(limit(
                            &report.dir.join("report.toml"),
                            &format!(
                                "the number of pages of the {} PDF (counting page breaks alone)",
                                lang.code()
                            ),
                            page_breaks + 1,
                            limits.max_pages,
                            "max-pages",
                        ));
                    }
                    blocks.push(Block::PageBreak);
                }
                None => {}
            }
            check_blocks(report, blocks.len())?;
        }
    }

    let date = spec.date.as_deref().and_then(parse_date);
    let date_text = date.map(|d| format_date(&d, lang)).unwrap_or_default();
    let mut key_figures = Vec::new();
    for k in &spec.cover.key_figures {
        let value = figs.get(&k.figure).ok_or_else(|| {
            spec_error(
                report,
                &format!("figure = \"{}\"", k.figure),
                format!("unknown figure `{}` on the cover", k.figure),
            )
        })?;
        key_figures.push((value.clone(), k.label.get(lang).to_string()));
    }
    let title = spec.title.get(lang).to_string();
    let subtitle = spec.subtitle.get(lang).to_string();
    let mut scripts = ScriptLanguages::new(script(lang));
    for other in spec.langs() {
        scripts = scripts.with(script(other), language_tag(other));
    }
    let document = Document {
        lang: language_tag(lang),
        direction: if lang.is_rtl() {
            Direction::Rtl
        } else {
            Direction::Ltr
        },
        scripts,
        numbers: NumberFormatter::from_digits(move |s| dossier_core::locale::digits(s, lang)),
        labels: labels(lang),
        metadata: Metadata {
            title: title.clone(),
            subtitle: subtitle.clone(),
            author: spec.author.get(lang).to_string(),
            subject: subtitle.clone(),
            keywords: spec.keywords.clone(),
            date_text: date_text.clone(),
            creation_date: source_date_epoch,
        },
        cover: Some(Cover {
            title,
            subtitle,
            date: date_text,
            key_figures,
        }),
        toc: true,
        blocks,
    };
    Ok(Assembled { document, charts })
}

/// The language tag of an edition (the PDF `/Lang`).
fn language_tag(lang: Lang) -> LanguageTag {
    let tag = match lang {
        Lang::Fa => "fa-IR",
        Lang::En => "en-US",
    };
    // Both are fixed, valid tags.
    LanguageTag::parse(tag).expect("a valid language tag")
}

/// The script an edition's language is written in.
fn script(lang: Lang) -> Script {
    match lang {
        Lang::Fa => Script::ARABIC,
        Lang::En => Script::LATIN,
    }
}

/// The words the layout adds: contents, section, table and figure, and the
/// page footer.
fn labels(lang: Lang) -> Labels {
    Labels {
        contents: tr(lang, "فهرست مطالب", "Contents"),
        section: tr(lang, "بخش", "Section"),
        table: tr(lang, "جدول", "Table"),
        figure: tr(lang, "شکل", "Figure"),
        page_of: tr(lang, "صفحهٔ {page} از {pages}", "Page {page} of {pages}"),
    }
}

/// Checks the number of blocks against [`Limits::max_blocks`].
fn check_blocks(report: &Report, count: usize) -> Result<(), ReportError> {
    let max = report.sandbox.limits.max_blocks;
    if count > max {
        return Err(limit(
            &report.dir.join("report.toml"),
            "the number of blocks in the document",
            count,
            max,
            "max-blocks",
        ));
    }
    Ok(())
}

/// Characters of a paragraph or list item.
fn paragraph_chars(inlines: &[prose::Inline]) -> usize {
    inlines.iter().map(|i| i.text.chars().count()).sum()
}

/// The longest run of characters without a break opportunity that prose
/// and table cells keep; see [`break_long_words`].
pub const MAX_UNBROKEN_CHARS: usize = 30;

/// Gives every word longer than [`MAX_UNBROKEN_CHARS`] a break
/// opportunity (U+200B ZERO WIDTH SPACE) after each run of that many
/// characters, so that a long word, URL or number wraps at the page edge
/// instead of running off it. Shorter words are left as they are.
pub fn break_long_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = 0usize;
    for c in text.chars() {
        if c.is_whitespace() || c == '\u{200B}' {
            run = 0;
        } else {
            if run == MAX_UNBROKEN_CHARS {
                out.push('\u{200B}');
                run = 0;
            }
            run += 1;
        }
        out.push(c);
    }
    out
}

fn rich(inlines: Vec<prose::Inline>) -> Vec<Inline> {
    inlines
        .into_iter()
        .map(|i| {
            Inline::Text(Span {
                text: break_long_words(&i.text),
                bold: i.bold,
                italic: i.italic,
                lang: None,
                link: i.link.as_deref().map(Link::from_href),
            })
        })
        .collect()
}

fn spec_error(report: &Report, needle: &str, message: String) -> ReportError {
    let path = report.dir.join("report.toml");
    let text = report.sandbox.read_text(&path).unwrap_or_default();
    let (line, column) = text
        .find(needle)
        .map(|i| crate::error::locate(&text, i))
        .unwrap_or((0, 0));
    ReportError::Spec {
        path,
        line,
        column,
        message,
    }
}

/// Draws the chart spec at `path` with the data of `b`.
pub fn chart(
    b: &Briefing,
    path: &Path,
    lang: Lang,
    sandbox: &Sandbox,
) -> Result<Scene, ReportError> {
    chart_with_spec(b, path, lang, sandbox).map(|(_, scene)| scene)
}

fn chart_with_spec(
    b: &Briefing,
    path: &Path,
    lang: Lang,
    sandbox: &Sandbox,
) -> Result<(ChartSpec, Scene), ReportError> {
    let text = sandbox.read_text(path).map_err(access)?;
    let mut spec = dossier_charts::parse_spec(&text, &path.display().to_string()).map_err(|e| {
        ReportError::Spec {
            path: path.to_path_buf(),
            line: e.line,
            column: e.column,
            message: e.message,
        }
    })?;
    let chart_err = |source| ReportError::Chart {
        path: path.to_path_buf(),
        source,
    };
    let (data, provenance) = chart_data(b, &spec, lang).map_err(chart_err)?;
    let points = match &data {
        ChartData::Categories(c) => c.categories.len().saturating_mul(c.series.len().max(1)),
        ChartData::Timeline(t) => t.periods.len() + t.events.len(),
    };
    if points > sandbox.limits.max_chart_points {
        return Err(limit(
            path,
            "the number of points of the chart",
            points,
            sandbox.limits.max_chart_points,
            "max-chart-points",
        ));
    }
    if spec.source_note.is_none() {
        spec.source_note = Some(dossier_charts::Localized {
            fa: source_note(provenance.iter(), Lang::Fa),
            en: source_note(provenance.iter(), Lang::En),
        });
    }
    let scene = dossier_charts::render(&spec, &data, lang).map_err(chart_err)?;
    Ok((spec, scene))
}

/// The chart tables: `trade` (category `year`; columns `exports`,
/// `imports`, `balance`, `total`), `shares` (category `flow`; column
/// `share`, the stated share of the total) and `cuba` (a timeline).
fn chart_data(
    b: &Briefing,
    spec: &ChartSpec,
    lang: Lang,
) -> Result<(ChartData, Vec<dossier_core::Provenance>), dossier_charts::ChartError> {
    let ds = &b.dataset;
    let table = spec.table.as_deref().unwrap_or("");
    let missing = |column: &str| dossier_charts::ChartError::MissingColumn {
        title: spec.title.en.clone(),
        table: table.to_string(),
        column: column.to_string(),
    };
    if spec.kind == ChartKind::Timeline {
        if table != "cuba" {
            return Err(missing("(timeline table `cuba`)"));
        }
        return Ok((
            ChartData::Timeline(timeline(b, lang)),
            timeline_provenance(b),
        ));
    }
    match table {
        "trade" => {
            if spec.category.as_deref().unwrap_or("year") != "year" {
                return Err(missing(spec.category.as_deref().unwrap_or("")));
            }
            let years = &b.derived.years;
            let categories = years
                .iter()
                .map(|y| format_year(y.year.0 as i32, lang))
                .collect();
            let data = CategorySeries::from_columns(spec, lang, categories, |col| {
                let pick: fn(&dossier_core::checks::YearTrade) -> f64 = match col {
                    "exports" => |y| y.exports,
                    "imports" => |y| y.imports,
                    "balance" => |y| y.balance,
                    "total" => |y| y.total,
                    _ => return None,
                };
                Some(years.iter().map(pick).collect())
            })?;
            let prov = ds.trade.iter().map(|t| t.provenance.clone()).collect();
            Ok((ChartData::Categories(data), prov))
        }
        "shares" => {
            if spec.category.as_deref().unwrap_or("flow") != "flow" {
                return Err(missing(spec.category.as_deref().unwrap_or("")));
            }
            let flows: Vec<Flow> = [Flow::Exports, Flow::Imports]
                .into_iter()
                .filter(|f| ds.stated(*f, StatedMetric::ShareOfTotal).is_some())
                .collect();
            let categories = flows.iter().map(|f| f.label(lang).to_string()).collect();
            let data = CategorySeries::from_columns(spec, lang, categories, |col| {
                (col == "share").then(|| {
                    flows
                        .iter()
                        .filter_map(|f| ds.stated(*f, StatedMetric::ShareOfTotal))
                        .map(|p| p.0)
                        .collect()
                })
            })?;
            let prov = ds
                .trade_stated
                .iter()
                .filter(|s| s.metric == StatedMetric::ShareOfTotal)
                .map(|s| s.provenance.clone())
                .collect();
            Ok((ChartData::Categories(data), prov))
        }
        other => Err(dossier_charts::ChartError::MissingColumn {
            title: spec.title.en.clone(),
            table: other.to_string(),
            column: "(no such chart table; known: trade, shares, cuba)".into(),
        }),
    }
}

fn fractional_year(d: &Date) -> f64 {
    let month = d.month.unwrap_or(1) as f64;
    let day = d.day.unwrap_or(1) as f64;
    d.year as f64 + (month - 1.0) / 12.0 + (day - 1.0) / 365.0
}

fn status_label(s: RelationStatus, lang: Lang) -> String {
    match s {
        RelationStatus::Full => tr(lang, "روابط کامل", "Full relations"),
        RelationStatus::Severed => tr(lang, "قطع روابط", "Severed"),
        RelationStatus::ConsularTrade => tr(lang, "فقط کنسولی و تجاری", "Consular and trade only"),
    }
}

fn status_key(s: RelationStatus) -> &'static str {
    match s {
        RelationStatus::Full => "full",
        RelationStatus::Severed => "severed",
        RelationStatus::ConsularTrade => "consular_trade",
    }
}

fn timeline(b: &Briefing, lang: Lang) -> TimelineData {
    let ds = &b.dataset;
    let last = ds
        .cuba_events
        .iter()
        .map(|e| fractional_year(&e.date))
        .chain(ds.cuba_periods.iter().map(|p| fractional_year(&p.start)))
        .fold(f64::MIN, f64::max);
    let periods = ds
        .cuba_periods
        .iter()
        .map(|p| Period {
            start: fractional_year(&p.start),
            end: p
                .end
                .as_ref()
                .map(fractional_year)
                .unwrap_or(last.ceil().max(last + 0.5)),
            status_key: status_key(p.status).to_string(),
            label: status_label(p.status, lang),
        })
        .collect();
    let events = ds
        .cuba_events
        .iter()
        .map(|e| Event {
            at: fractional_year(&e.date),
            label: format!("{} · {}", format_date(&e.date, lang), e.label(lang)),
        })
        .collect();
    let statuses = [
        (RelationStatus::Full, PALETTE[2]),
        (RelationStatus::ConsularTrade, PALETTE[1]),
        (RelationStatus::Severed, PALETTE[3]),
    ]
    .into_iter()
    .map(|(s, color)| Status {
        key: status_key(s).to_string(),
        label: status_label(s, lang),
        color,
    })
    .collect();
    TimelineData {
        periods,
        events,
        statuses,
    }
}

fn timeline_provenance(b: &Briefing) -> Vec<dossier_core::Provenance> {
    let ds = &b.dataset;
    ds.cuba_events
        .iter()
        .map(|e| e.provenance.clone())
        .chain(ds.cuba_periods.iter().map(|p| p.provenance.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use dossier_doc::{Block, RefKind, Scope};

    use super::*;
    use crate::BuildOptions;

    fn minimal(lang: Lang) -> Document {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/minimal");
        let report = Report::open(&dir, &BuildOptions::default()).unwrap();
        document(&report, lang, None).unwrap().document
    }

    #[test]
    fn editions_carry_their_language_and_the_other_editions_script() {
        let fa = minimal(Lang::Fa);
        assert_eq!(fa.lang.to_string(), "fa-IR");
        assert_eq!(fa.direction, Direction::Rtl);
        // Latin letters in the Persian edition are in the English edition's language.
        let span = Span::new("نام Sevilla ۱۲");
        let runs = fa.language_runs(&span);
        let tagged: Vec<_> = runs
            .iter()
            .filter_map(|r| r.lang.map(|l| l.to_string()))
            .collect();
        assert_eq!(tagged, ["en-US"]);
        assert_eq!(fa.numbers.section(&[2, 10]), "۲.۱۰");
        let en = minimal(Lang::En);
        assert_eq!(en.lang.to_string(), "en-US");
        assert_eq!(en.numbers.count(12), "12");
        assert_eq!(en.labels, Labels::english());
    }

    #[test]
    fn blocks_carry_their_ids_header_cells_captions_and_alternative_text() {
        for lang in [Lang::Fa, Lang::En] {
            let doc = minimal(lang);
            let index = doc.index().unwrap();
            let section = index.get("trade").unwrap();
            assert_eq!(section.kind, RefKind::Section);
            assert!(matches!(doc.blocks[section.block], Block::Heading(_)));
            let table = doc
                .blocks
                .iter()
                .find_map(|b| match b {
                    Block::Table(t) => Some(t),
                    _ => None,
                })
                .unwrap();
            assert_eq!(table.number, Some(1));
            assert!(table.row_headers);
            assert!(!table.header.is_empty());
            assert!(table.header[0].iter().all(|h| h.scope == Scope::Column));
            assert!(table.source_note.as_deref().is_some_and(|s| !s.is_empty()));
            let figure = doc
                .blocks
                .iter()
                .find_map(|b| match b {
                    Block::Figure(f) => Some(f),
                    _ => None,
                })
                .unwrap();
            assert_eq!(figure.number, Some(1));
            assert!(!figure.caption.title.is_empty());
            assert!(!figure.alt.is_empty());
        }
    }
}
