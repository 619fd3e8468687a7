//! Assembly of one language edition: figures for prose, the blocks of every
//! section, the charts, and the cover.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dossier_canvas::{Direction, Scene, Weight};
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

use crate::budget::{self, Origin, TextBudget};
use crate::error::ReportError;
use crate::prose::{self, ProseBlock};
use crate::resolve::Resolver;
use crate::spec::{parse_date, BlockKind};
use crate::tables::{self, source_note, tr};
use crate::{access, Report};

/// A limit exceeded in `path`, still to be pointed at its line.
fn limit(path: &Path, what: &str, value: usize, max: usize, name: &str) -> PendingLimit {
    PendingLimit(dossier_core::LimitExceeded::new(
        path, what, value, max, name,
    ))
}

/// A limit error whose line may still be set.
struct PendingLimit(dossier_core::LimitExceeded);

impl PendingLimit {
    /// The error, at the line of `place`.
    fn at(self, (line, _): (usize, usize)) -> ReportError {
        ReportError::Limit(self.0.at_line(line))
    }
}

impl From<PendingLimit> for ReportError {
    fn from(p: PendingLimit) -> ReportError {
        ReportError::Limit(p.0)
    }
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
    let places = &spec.places;
    let b = &report.briefing;
    let limits = &report.sandbox.limits;
    let figs = figures(b, lang);
    let resolver = Resolver::new(&figs, spec.sections.iter().map(|s| s.id.clone()));
    let spec_path = report.dir.join("report.toml");
    let at = |(line, _): (usize, usize)| Origin::new(&spec_path, line);
    let mut blocks = Vec::new();
    let mut charts = Vec::new();
    let (mut table_no, mut figure_no) = (0u32, 0u32);
    let mut page_breaks = 0usize;
    let mut budget = TextBudget::new(limits);

    // The cover and the running header come first in the budget, so that
    // a huge title fails before anything else is done.
    let title = spec.title.get(lang).to_string();
    let subtitle = spec.subtitle.get(lang).to_string();
    let author = spec.author.get(lang).to_string();
    // Placed twice: on the cover and in the running header.
    budget.spend(
        at(places.title),
        "the title",
        [title.as_str(), title.as_str()],
    )?;
    budget.spend(at(places.subtitle), "the subtitle", [subtitle.as_str()])?;
    budget.spend(at(places.author), "the author", [author.as_str()])?;
    let date = spec.date.as_deref().and_then(parse_date);
    let date_text = date.map(|d| format_date(&d, lang)).unwrap_or_default();
    let mut key_figures = Vec::new();
    for (k, key) in spec.cover.key_figures.iter().enumerate() {
        let value = figs.get(&key.figure).ok_or_else(|| {
            spec_error(
                report,
                places.key_figure(k),
                format!("unknown figure `{}` on the cover", key.figure),
            )
        })?;
        let label = key.label.get(lang);
        budget.spend(
            at(places.key_figure(k)),
            "a key-figure label",
            [value.as_str(), label],
        )?;
        key_figures.push((value.clone(), label.to_string()));
    }

    for (s, section) in spec.sections.iter().enumerate() {
        // Placed twice: as the heading and in the contents.
        let heading = section.title.get(lang);
        budget.spend(at(places.section(s)), "a section title", [heading, heading])?;
        blocks.push(Block::Heading(Heading {
            level: 1,
            text: heading.to_string(),
            numbered: true,
            id: Some(section.id.clone()),
        }));
        check_blocks(report, blocks.len(), places.section(s))?;
        for (bi, block) in section.blocks.iter().enumerate() {
            let here = places.block(s, bi);
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
                        )
                        .into());
                    }
                    for (line, p) in prose::parse_lines(&text, &path, &resolver)? {
                        let origin = Origin::new(&path, line);
                        match &p {
                            ProseBlock::Paragraph(inlines) => budget.spend_placed(
                                origin,
                                at(here),
                                "a paragraph",
                                [paragraph_text(inlines).as_str()],
                            )?,
                            ProseBlock::List { items, .. } => {
                                let items: Vec<String> =
                                    items.iter().map(|i| paragraph_text(i)).collect();
                                budget.spend_placed(
                                    origin,
                                    at(here),
                                    "a list item",
                                    items.iter().map(String::as_str),
                                )?
                            }
                        }
                        blocks.push(match p {
                            ProseBlock::Paragraph(inlines) => Block::Paragraph(rich(inlines)),
                            ProseBlock::List { ordered, items } => Block::List(List {
                                ordered,
                                items: items.into_iter().map(rich).collect(),
                            }),
                        });
                        check_blocks(report, blocks.len(), here)?;
                    }
                }
                Some(BlockKind::Table(name)) => {
                    let mut table = tables::table(name, b, lang).ok_or_else(|| {
                        spec_error(
                            report,
                            here,
                            format!(
                                "unknown table `{name}`; known tables: {}",
                                tables::TABLES.join(", ")
                            ),
                        )
                    })?;
                    if table.rows.len() > limits.max_table_rows {
                        return Err(limit(
                            &spec_path,
                            &format!("the number of rows of table `{name}`"),
                            table.rows.len(),
                            limits.max_table_rows,
                            "max-table-rows",
                        )
                        .at(here));
                    }
                    budget.spend(
                        at(here),
                        &format!("a text of table `{name}`"),
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
                            &spec_path,
                            "the number of charts in the document",
                            figure_no as usize + 1,
                            limits.max_charts,
                            "max-charts",
                        )
                        .at(here));
                    }
                    let (chart_spec, scene) = chart_with_spec(
                        b,
                        &path,
                        lang,
                        &report.sandbox,
                        dossier_charts::PNG_SCALE,
                        &mut budget,
                    )?;
                    figure_no += 1;
                    // Counted as its parts, each of which the chart spec
                    // may make as long as one text may be.
                    let title = chart_spec.title.get(lang);
                    let subtitle = chart_spec.subtitle.as_ref().map_or("", |s| s.get(lang));
                    budget.spend(at(here), "a figure caption", [title, subtitle, " — "])?;
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
                            &spec_path,
                            &format!(
                                "the number of pages of the {} PDF (counting page breaks alone)",
                                lang.code()
                            ),
                            page_breaks + 1,
                            limits.max_pages,
                            "max-pages",
                        )
                        .at(here));
                    }
                    blocks.push(Block::PageBreak);
                }
                None => {}
            }
            check_blocks(report, blocks.len(), here)?;
        }
    }

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
            author,
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

/// Checks the number of blocks against [`Limits::max_blocks`]; `here` is
/// the block of `report.toml` that added the last of them.
fn check_blocks(report: &Report, count: usize, here: (usize, usize)) -> Result<(), ReportError> {
    let max = report.sandbox.limits.max_blocks;
    if count > max {
        return Err(limit(
            &report.dir.join("report.toml"),
            "the number of blocks in the document",
            count,
            max,
            "max-blocks",
        )
        .at(here));
    }
    Ok(())
}

/// The text of a paragraph or list item, as it will be laid out.
fn paragraph_text(inlines: &[prose::Inline]) -> String {
    inlines.iter().map(|i| i.text.as_str()).collect()
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

fn spec_error(report: &Report, (line, column): (usize, usize), message: String) -> ReportError {
    ReportError::Spec {
        path: report.dir.join("report.toml"),
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
    scale: f32,
) -> Result<Scene, ReportError> {
    let mut budget = TextBudget::new(&sandbox.limits);
    chart_with_spec(b, path, lang, sandbox, scale, &mut budget).map(|(_, scene)| scene)
}

/// Reads, checks and draws the chart spec at `path`: its strings (see
/// [`crate::characters`]), its size against the chart limits at raster
/// `scale`, its points, and its texts against `budget`.
fn chart_with_spec(
    b: &Briefing,
    path: &Path,
    lang: Lang,
    sandbox: &Sandbox,
    scale: f32,
    budget: &mut TextBudget,
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
    crate::characters::check_toml(&text, path)?;
    check_chart_size(&spec, path, &sandbox.limits, scale)?;
    let chart_err = |spec: &ChartSpec, source: dossier_charts::ChartError| {
        let (line, column) = chart_error_place(spec, &source);
        ReportError::Chart {
            path: path.to_path_buf(),
            line,
            column,
            source,
        }
    };
    let (data, provenance) = chart_data(b, &spec, lang).map_err(|e| chart_err(&spec, e))?;
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
        )
        .at(spec.places.table));
    }
    if spec.source_note.is_none() {
        spec.source_note = Some(dossier_charts::Localized {
            fa: source_note(provenance.iter(), Lang::Fa),
            en: source_note(provenance.iter(), Lang::En),
        });
    }
    let texts = budget::chart_texts(&spec, &data, lang);
    budget.spend(
        Origin::new(path, spec.places.kind.0),
        "a chart label",
        texts.iter().map(String::as_str),
    )?;
    // Labels from the data are checked here, where the chart is known;
    // the error points at the first input that holds the character.
    for t in &texts {
        if let Some((offset, message)) = crate::characters::refusal(t, true, Weight::Regular) {
            let ch = t[offset..].chars().next().unwrap_or(' ');
            let (file, line, column) = crate::characters::locate(sandbox, ch)
                .unwrap_or_else(|| (path.to_path_buf(), spec.places.table.0, 0));
            return Err(ReportError::Character {
                path: file,
                line,
                column,
                message,
            });
        }
    }
    let scene = dossier_charts::render(&spec, &data, lang).map_err(|e| chart_err(&spec, e))?;
    Ok((spec, scene))
}

/// Checks the size of `spec` against the chart limits: width and height in
/// points, and pixels at raster `scale`.
fn check_chart_size(
    spec: &ChartSpec,
    path: &Path,
    limits: &Limits,
    scale: f32,
) -> Result<(), ReportError> {
    let places = &spec.places;
    let or_kind = |p: (usize, usize)| if p.0 > 0 { p } else { places.kind };
    if spec.width > limits.max_chart_width as f32 {
        return Err(limit(
            path,
            "the width of the chart in points",
            spec.width.ceil() as usize,
            limits.max_chart_width as usize,
            "max-chart-width",
        )
        .at(or_kind(places.width)));
    }
    if spec.height > limits.max_chart_height as f32 {
        return Err(limit(
            path,
            "the height of the chart in points",
            spec.height.ceil() as usize,
            limits.max_chart_height as usize,
            "max-chart-height",
        )
        .at(or_kind(places.height)));
    }
    let pixels = |points: f32| (points * scale).ceil().max(0.0) as u64;
    let total = pixels(spec.width).saturating_mul(pixels(spec.height));
    if total > limits.max_chart_pixels {
        let place = if places.width.0 > 0 {
            places.width
        } else {
            or_kind(places.height)
        };
        return Err(ReportError::Limit(
            dossier_core::LimitExceeded {
                path: path.to_path_buf(),
                line: 0,
                what: format!(
                    "the number of pixels of the chart image ({} × {} points at {scale} pixels per point)",
                    spec.width, spec.height
                ),
                value: total,
                limit: limits.max_chart_pixels,
                name: "max-chart-pixels".into(),
            }
            .at_line(place.0),
        ));
    }
    Ok(())
}

/// The field of `spec` to change for `error`: the series or category
/// naming a missing column, else the table, else the kind (which every
/// spec has).
fn chart_error_place(spec: &ChartSpec, error: &dossier_charts::ChartError) -> (usize, usize) {
    use dossier_charts::ChartError;
    let places = &spec.places;
    let or_table = |p: (usize, usize)| match (p, places.table) {
        ((0, _), (0, _)) => places.kind,
        ((0, _), table) => table,
        (p, _) => p,
    };
    let place = match error {
        ChartError::MissingColumn { column, .. } => spec
            .series
            .iter()
            .zip(&places.series)
            .find(|(s, _)| &s.column == column)
            .map(|(_, p)| *p)
            .or((spec.category.as_deref() == Some(column.as_str())).then_some(places.category))
            .unwrap_or(places.table),
        ChartError::Length { series, .. } | ChartError::NotFinite { series, .. } => spec
            .series
            .iter()
            .zip(&places.series)
            .find(|(s, _)| s.name.fa == *series || s.name.en == *series)
            .map(|(_, p)| *p)
            .unwrap_or(places.table),
        ChartError::WrongData { .. } => places.kind,
        _ => places.table,
    };
    or_table(place)
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
