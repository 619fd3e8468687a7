//! Assembly of one language edition: the cover, the blocks of every
//! section and of the annex (prose, table views, built-in tables, charts),
//! with every id known before any text is resolved, so that references
//! may point forward.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dossier_canvas::{Direction, Scene};
use dossier_charts::PALETTE;
use dossier_core::package::position::LineIndex;
use dossier_core::Lang;
use dossier_doc::{
    Block, Caption, Cover, Document, Figure, Heading, Inline, Labels, List, Metadata,
    NumberFormatter, RefKind, RichText, Script, ScriptLanguages, Theme,
};

use crate::budget::{Origin, TextBudget};
use crate::charts;
use crate::error::ReportError;
use crate::prose::{self, ProseBlock};
use crate::resolve::{anchor, Resolver};
use crate::spec::{parse_date, BlockKind, BUILTINS};
use crate::views::resolved;
use crate::{access, builtins, views, Report};

/// A limit exceeded in `path`, at `line` (0 for the whole file).
fn limit(
    path: &Path,
    what: &str,
    value: usize,
    max: usize,
    name: &str,
    line: usize,
) -> ReportError {
    ReportError::Limit(dossier_core::LimitExceeded::new(path, what, value, max, name).at_line(line))
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

/// Every id a cross-reference or internal link may name: sections, the
/// annex, table views and built-in tables placed, and charts.
pub fn ids(report: &Report) -> BTreeMap<String, Vec<RefKind>> {
    let mut ids: BTreeMap<String, Vec<RefKind>> = BTreeMap::new();
    let mut add = |id: String, kind: RefKind| {
        let kinds = ids.entry(id).or_default();
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    };
    for (section, _) in report.parsed.all_sections() {
        add(section.id.get_ref().clone(), RefKind::Section);
        for block in &section.blocks {
            let b = block.get_ref();
            match b.kind() {
                Some(BlockKind::Table(t)) => add(t.to_string(), RefKind::Table),
                Some(BlockKind::Chart(_)) => {
                    if let Some(id) = b.chart_id() {
                        add(id, RefKind::Figure);
                    }
                }
                _ => {}
            }
        }
    }
    if let Some(a) = &report.parsed.spec.annex {
        add(a.id.get_ref().clone(), RefKind::Section);
    }
    for kinds in ids.values_mut() {
        kinds.sort();
    }
    ids
}

/// Assembles the `lang` edition of `report`.
pub fn document(
    report: &Report,
    lang: Lang,
    source_date_epoch: Option<i64>,
) -> Result<Assembled, ReportError> {
    document_in(report, &report.sandbox, lang, source_date_epoch)
}

/// As [`document`], reading prose and chart specs through `sandbox` (the
/// report's, with a journal of its own), whose journal then says what the
/// edition read.
pub fn document_in(
    report: &Report,
    sandbox: &dossier_core::Sandbox,
    lang: Lang,
    source_date_epoch: Option<i64>,
) -> Result<Assembled, ReportError> {
    let parsed = &report.parsed;
    let spec = &parsed.spec;
    let limits = &report.sandbox.limits;
    let ids = ids(report);
    let resolver = Resolver {
        lang,
        package: &report.package,
        figures: &report.figures,
        ids: &ids,
        params: &report.params,
        run: &report.run,
    };
    let chart_data = charts::Data {
        package: &report.package,
        figures: &report.figures,
        views: &report.views,
        languages: &parsed.languages,
        strict: true,
        resolver: Some(&resolver),
    };
    let text = |t: &crate::spec::Text| resolved(parsed, &resolver, t);
    let mut blocks = Vec::new();
    let mut charts = Vec::new();
    let (mut table_no, mut figure_no) = (0u32, 0u32);
    let mut page_breaks = 0usize;
    let mut budget = TextBudget::new(limits);
    let spec_path = &parsed.path;
    // The line of byte `offset` of report.toml. Each block asks for its
    // line, so report.toml is indexed once: counting from the top for
    // every block added up.
    let lines = LineIndex::new(&parsed.text);
    let line = |offset: usize| lines.line_col(&parsed.text, offset).0;
    let at = |offset: usize| Origin::new(spec_path, line(offset));

    // The cover and the running header come first in the budget, so that
    // a huge title fails before anything else is done.
    let title = text(&spec.title)?;
    let subtitle = text(&spec.subtitle)?;
    let author = text(&spec.author)?;
    // Placed twice: on the cover and in the running header.
    budget.spend(
        at(spec.title.0.offset),
        "the title",
        [title.as_str(), title.as_str()],
    )?;
    budget.spend(
        at(spec.subtitle.0.offset),
        "the subtitle",
        [subtitle.as_str()],
    )?;
    budget.spend(at(spec.author.0.offset), "the author", [author.as_str()])?;
    let byline = match &spec.byline {
        Some(b) => {
            let t = text(b)?;
            budget.spend(at(b.0.offset), "the byline", [t.as_str()])?;
            Some(t)
        }
        None => None,
    };
    let mut key_figures = Vec::new();
    for k in &spec.cover.key_figures {
        let figure = report.figures.get(k.figure.get_ref()).ok_or_else(|| {
            let hint = dossier_core::closest(k.figure.get_ref(), report.figures.names())
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            parsed.error(
                k.figure.span().start,
                format!("unknown figure `{}` on the cover{hint}", k.figure.get_ref()),
            )
        })?;
        let value = crate::format::figure(figure, lang);
        let label = text(&k.label)?;
        budget.spend(
            at(k.figure.span().start),
            "a key-figure label",
            [value.as_str(), label.as_str()],
        )?;
        key_figures.push((value, label));
    }
    let mut annex_started = false;
    let mut placed = std::collections::BTreeSet::new();
    for (section, in_annex) in parsed.all_sections() {
        if in_annex && !annex_started {
            annex_started = true;
            if let Some(a) = &spec.annex {
                let title = text(&a.title)?;
                // Placed twice: as the heading and in the contents.
                budget.spend(
                    at(a.title.0.offset),
                    "the annex title",
                    [title.as_str(), title.as_str()],
                )?;
                blocks.push(Block::Heading(Heading {
                    level: 1,
                    text: title,
                    numbered: false,
                    id: Some(anchor(RefKind::Section, a.id.get_ref())),
                }));
            }
        }
        let heading = text(&section.title)?;
        budget.spend(
            at(section.title.0.offset),
            "a section title",
            [heading.as_str(), heading.as_str()],
        )?;
        blocks.push(Block::Heading(Heading {
            level: if in_annex { 2 } else { 1 },
            text: heading,
            numbered: !in_annex,
            id: Some(anchor(RefKind::Section, section.id.get_ref())),
        }));
        check_blocks(report, blocks.len(), line(section.id.span().start))?;
        for block in &section.blocks {
            let b = block.get_ref();
            let here = block.span().start;
            match b.kind() {
                Some(BlockKind::Prose(name)) => {
                    let path = report
                        .dir
                        .join("prose")
                        .join(format!("{name}.{}.md", prose_suffix(report, name, lang)));
                    let source = sandbox.read_text(&path).map_err(access)?;
                    let chars = source.chars().count();
                    if chars > limits.max_prose_chars {
                        return Err(limit(
                            &path,
                            "the number of characters of the prose file",
                            chars,
                            limits.max_prose_chars,
                            "max-prose-chars",
                            0,
                        ));
                    }
                    for (prose_line, p) in prose::parse_lines(&source, &path, &resolver)? {
                        let origin = Origin::new(&path, prose_line);
                        let (what, texts): (&str, Vec<String>) = match &p {
                            ProseBlock::Paragraph(i) => ("a paragraph", vec![plain_text(i)]),
                            ProseBlock::List { items, .. } => {
                                ("a list item", items.iter().map(plain_text).collect())
                            }
                        };
                        budget.spend_placed(
                            origin,
                            at(here),
                            what,
                            texts.iter().map(String::as_str),
                        )?;
                        blocks.push(match p {
                            ProseBlock::Paragraph(inlines) => Block::Paragraph(rich(inlines)),
                            ProseBlock::List { ordered, items } => Block::List(List {
                                ordered,
                                items: items.into_iter().map(rich).collect(),
                            }),
                        });
                        check_blocks(report, blocks.len(), line(here))?;
                    }
                }
                Some(BlockKind::Table(name)) => {
                    let mut table = if let Some(view) = report.views.get(name) {
                        let spec = spec
                            .tables
                            .iter()
                            .find(|t| t.id.get_ref() == name)
                            .ok_or_else(|| {
                                parsed.error(
                                    block.span().start,
                                    format!("table `{name}` has no spec"),
                                )
                            })?;
                        views::table(report, spec, view, &resolver, lang)?
                    } else if let Some(t) = builtins::table(report, name, lang) {
                        t
                    } else {
                        let mut known: Vec<&str> = spec
                            .tables
                            .iter()
                            .map(|t| t.id.get_ref().as_str())
                            .collect();
                        known.extend(BUILTINS);
                        return Err(parsed.error(
                            block.span().start,
                            crate::spec::unknown("table", name, &known),
                        ));
                    };
                    if table.rows.len() > limits.max_table_rows {
                        return Err(limit(
                            spec_path,
                            &format!("the number of rows of table `{name}`"),
                            table.rows.len(),
                            limits.max_table_rows,
                            "max-table-rows",
                            line(here),
                        ));
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
                    table.id = Some(anchor(RefKind::Table, name));
                    blocks.push(Block::Table(table));
                }
                Some(BlockKind::Chart(rel)) => {
                    let path = report.dir.join(rel);
                    if figure_no as usize >= limits.max_charts {
                        return Err(limit(
                            spec_path,
                            "the number of charts in the document",
                            figure_no as usize + 1,
                            limits.max_charts,
                            "max-charts",
                            line(here),
                        ));
                    }
                    let drawn = charts::draw(
                        &chart_data,
                        &path,
                        lang,
                        sandbox,
                        dossier_charts::PNG_SCALE,
                        &mut budget,
                    )?;
                    let chart_spec = &drawn.spec;
                    let caption = Caption {
                        title: chart_spec.title.get(lang).to_string(),
                        subtitle: chart_spec
                            .subtitle
                            .as_ref()
                            .map(|s| s.get(lang).to_string()),
                    };
                    // Counted as its parts, each of which the chart spec
                    // may make as long as one text may be.
                    budget.spend(
                        at(here),
                        "a figure caption",
                        [
                            caption.title.as_str(),
                            caption.subtitle.as_deref().unwrap_or(""),
                            " — ",
                        ],
                    )?;
                    figure_no += 1;
                    // A chart placed twice is referred to at its first place.
                    let id = b
                        .chart_id()
                        .map(|id| anchor(RefKind::Figure, &id))
                        .filter(|id| placed.insert(id.clone()));
                    let source_note = chart_spec
                        .source_note
                        .as_ref()
                        .map(|n| n.get(lang).to_string())
                        .unwrap_or_default();
                    blocks.push(Block::Figure(Figure {
                        id,
                        scene: drawn.figure,
                        alt: drawn.alt,
                        caption,
                        source_note,
                        number: Some(figure_no),
                    }));
                    charts.push((rel.to_path_buf(), drawn.standalone));
                }
                Some(BlockKind::PageBreak) => {
                    page_breaks += 1;
                    // Every page break starts a page: the page limit can
                    // be checked before any layout is done.
                    if page_breaks + 1 > limits.max_pages {
                        return Err(limit(
                            spec_path,
                            &format!(
                                "the number of pages of the {} PDF (counting page breaks alone)",
                                lang.code()
                            ),
                            page_breaks + 1,
                            limits.max_pages,
                            "max-pages",
                            line(here),
                        ));
                    }
                    blocks.push(Block::PageBreak);
                }
                None => {}
            }
            check_blocks(report, blocks.len(), line(here))?;
        }
    }

    let date = spec.date.as_ref().and_then(|d| parse_date(d.get_ref()));
    // The edition date, in the calendar the report chose for the language.
    let date_style = parsed.edition(lang.tag()).date;
    let date_text = date
        .map(|d| crate::format::styled_date(&d, &date_style, lang))
        .unwrap_or_default();
    let mut cover_line = author.clone();
    if let Some(b) = &byline {
        cover_line = format!("{cover_line} · {b}");
    }
    let mut dated = vec![cover_line];
    if let Some(n) = &spec.number {
        dated.push(lang.language().localize_digits(n));
    }
    if !date_text.is_empty() {
        dated.push(date_text.clone());
    }
    let mut scripts = ScriptLanguages::new(script(lang));
    for &other in &report.langs {
        scripts = scripts.with(script(other), other.tag().clone());
    }
    let document = Document {
        lang: lang.tag().clone(),
        direction: if lang.is_rtl() {
            Direction::Rtl
        } else {
            Direction::Ltr
        },
        scripts,
        numbers: NumberFormatter::from_language(lang.language()),
        labels: Labels::from_language(lang.language()),
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
            date: dated.join(" · "),
            key_figures,
        }),
        toc: true,
        blocks,
    };
    Ok(Assembled { document, charts })
}

/// The suffix of the prose file of `name` for `lang`: the tag, or the
/// first less specific tag that has a file (`es-CL` reads `name.es.md`).
fn prose_suffix(report: &Report, name: &str, lang: Lang) -> String {
    for tag in lang.tag().fallbacks() {
        let code = tag.to_string();
        let path = report.dir.join("prose").join(format!("{name}.{code}.md"));
        if report.sandbox.is_file(&path) {
            return code;
        }
    }
    lang.code().to_string()
}

/// The script an edition's language is written in.
fn script(lang: Lang) -> Script {
    if lang.is_rtl() {
        Script::ARABIC
    } else {
        Script::LATIN
    }
}

fn plain_text(inlines: &RichText) -> String {
    let mut out = String::new();
    dossier_doc::walk_inlines(inlines, &mut |i| {
        if let Inline::Text(s) = i {
            out.push_str(&s.text)
        }
    });
    out
}

/// Checks the number of blocks against [`dossier_core::Limits::max_blocks`];
/// `line` is the line of `report.toml` that added the last of them.
fn check_blocks(report: &Report, count: usize, line: usize) -> Result<(), ReportError> {
    let max = report.sandbox.limits.max_blocks;
    if count > max {
        return Err(limit(
            &report.parsed.path,
            "the number of blocks in the document",
            count,
            max,
            "max-blocks",
            line,
        ));
    }
    Ok(())
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

/// Long words in prose get break opportunities (see [`break_long_words`]).
fn rich(inlines: RichText) -> RichText {
    inlines
        .into_iter()
        .map(|i| match i {
            Inline::Text(mut s) => {
                s.text = break_long_words(&s.text);
                Inline::Text(s)
            }
            Inline::Footnote(mut f) => {
                f.content = rich(f.content);
                Inline::Footnote(f)
            }
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// report.toml's lines, looked up in its index, are those its errors
    /// name (TOML allows no lone CR, the one line end they count apart).
    #[test]
    fn lines_found_from_their_starts_are_those_counted_from_the_top() {
        for text in ["", "a", "\n", "a\nb\n", "ab\n\nسلام\r\nx\n۱۲\n", "\n\nend"] {
            let index = LineIndex::new(text);
            for offset in 0..=text.len() + 2 {
                assert_eq!(
                    index.line_col(text, offset).0,
                    crate::error::locate(text, offset).0,
                    "{text:?} at {offset}"
                );
            }
        }
    }
}
