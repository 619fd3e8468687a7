//! How values print in an edition: figures, table cells, dates, source
//! notes and citations, every number, date and word through the edition's
//! [`dossier_lang::Language`] (`lang.language()`).

use std::collections::BTreeSet;

use dossier_core::evaluate::{Cell, Figure, FigureUnit};
use dossier_core::package::{Locator, Package, RowProvenance};
use dossier_core::{Date, Decimal, Lang, Value};
use dossier_lang::{Args, DateStyle, Message, PartialDate};

/// Decimal places as the formatter takes them (at most 28 mean anything
/// to a decimal).
fn places(decimals: u32) -> u8 {
    decimals.min(28) as u8
}

/// A date of the data at the precision it was given in (a year, a month,
/// a day).
pub fn partial_date(d: &Date) -> PartialDate {
    match (d.month(), d.day()) {
        (Some(m), Some(day)) => PartialDate::ymd(d.year(), m, day),
        (Some(m), None) => PartialDate::ym(d.year(), m),
        _ => PartialDate::y(d.year()),
    }
}

/// A date of the data, in the Gregorian calendar the data gives it in:
/// historical dates stay as the source wrote them, «۱۱ سپتامبر ۱۹۷۳».
pub fn date(d: &Date, lang: Lang) -> String {
    styled_date(d, &DateStyle::default(), lang)
}

/// A date shown as `style` says (the cover's edition date). A date the
/// language cannot show so (a year outside what a calendar holds) is its
/// ISO form in the language's digits.
pub fn styled_date(d: &Date, style: &DateStyle, lang: Lang) -> String {
    let l = lang.language();
    l.date(&partial_date(d), style)
        .unwrap_or_else(|_| l.localize_digits(&d.to_string()))
}

/// A value in `unit` with `decimals`, as the edition writes it.
pub fn value(v: &Value, unit: &FigureUnit, decimals: u32, lang: Lang) -> String {
    match v {
        Value::Number(n) => number(*n, unit, decimals, lang),
        Value::Date(d) => date(d, lang),
        Value::Text(t) => t.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Missing => "—".into(),
        Value::List(items) => lang.language().list(
            &items
                .iter()
                .map(|i| value(i, unit, decimals, lang))
                .collect::<Vec<_>>(),
        ),
    }
}

/// A number in `unit`: a year never grouped, a percentage with the
/// language's sign, anything else grouped.
pub fn number(n: Decimal, unit: &FigureUnit, decimals: u32, lang: Lang) -> String {
    match unit {
        FigureUnit::Percent => lang.language().percent(n, places(decimals)),
        FigureUnit::Year => {
            match i32::try_from(dossier_formula::round_half_away(n, 0).mantissa()) {
                Ok(y) => lang.language().year(y),
                Err(_) => lang.language().integer(n),
            }
        }
        _ => lang.language().decimal(n, places(decimals)),
    }
}

/// A figure, as prose and the cover print it.
pub fn figure(f: &Figure, lang: Lang) -> String {
    value(&f.value, &f.unit, f.decimals, lang)
}

/// A table cell.
pub fn cell(c: &Cell, lang: Lang) -> String {
    match c {
        Cell::Number {
            value,
            decimals,
            unit,
        } => number(*value, unit, *decimals, lang),
        Cell::Text(t) => t.clone(),
        Cell::Localized(texts) => texts
            .iter()
            .filter_map(|t| t.get(lang.tag()))
            .collect::<Vec<_>>()
            .join(" "),
        Cell::Category { value, label } => label
            .as_ref()
            .and_then(|l| l.get(lang.tag()))
            .unwrap_or(value)
            .to_string(),
        Cell::Date { date: d, .. } => date(d, lang),
        Cell::Missing => "—".into(),
    }
}

/// The name a source note and a citation give a source: its short name
/// in the edition's language, else its title, else its id.
pub fn source_name(package: &Package, name: &str, lang: Lang) -> String {
    match package.source(name) {
        Some(s) => s
            .short
            .as_ref()
            .and_then(|l| l.get(lang.tag()))
            .map(str::to_string)
            .or_else(|| s.title.clone())
            .unwrap_or_else(|| name.to_string()),
        None => name.to_string(),
    }
}

/// "Source: Persian article, paragraphs 7 and 9 (see Sources)", from the
/// provenance of the rows a table or chart shows: one sentence per
/// source, in order of first use.
pub fn source_note(package: &Package, rows: &[RowProvenance], lang: Lang) -> String {
    let l = lang.language();
    let mut order: Vec<&str> = Vec::new();
    for p in rows {
        for s in &p.sources {
            if !order.contains(&s.as_str()) {
                order.push(s);
            }
        }
    }
    let mut notes = Vec::new();
    for source in order {
        let name = source_name(package, source, lang);
        let mut paragraphs = BTreeSet::new();
        let mut locators = BTreeSet::new();
        for p in rows
            .iter()
            .filter(|p| p.sources.iter().any(|s| s == source))
        {
            match &p.locator {
                Locator::Text { paragraph, .. } => {
                    paragraphs.insert(*paragraph);
                }
                Locator::Reference { locator } if !locator.is_empty() => {
                    // A page or section: words of the data, digits of the edition.
                    locators.insert(l.localize_digits(locator));
                }
                _ => {}
            }
        }
        let note = if !paragraphs.is_empty() {
            let list: Vec<String> = paragraphs.iter().map(|p| l.digits(u64::from(*p))).collect();
            let list = l.list(&list);
            l.message(
                Message::SourceNoteParagraphs,
                &Args::new()
                    .text("source", &name)
                    .text("paragraphs", &list)
                    .number("count", paragraphs.len()),
            )
        } else if !locators.is_empty() && locators.len() <= 3 {
            let list: Vec<String> = locators.into_iter().collect();
            let list = l.list(&list);
            l.message(
                Message::SourceNoteLocator,
                &Args::new().text("source", &name).text("locator", &list),
            )
        } else {
            l.message(Message::SourceNote, &Args::new().text("source", &name))
        };
        notes.push(note.unwrap_or_default());
    }
    let joined = notes.join(" ");
    if joined.is_empty() {
        return joined;
    }
    l.message(Message::SeeSources, &Args::new().text("note", &joined))
        .unwrap_or(joined)
}

/// A citation in running text: "(Persian article, paragraph 7)".
pub fn citation(package: &Package, source: &str, locator: Option<&str>, lang: Lang) -> String {
    let l = lang.language();
    let name = source_name(package, source, lang);
    let text = match locator {
        Some(loc) => {
            let loc = l.localize_digits(loc);
            l.message(
                Message::CitationParagraph,
                &Args::new().text("source", &name).text("paragraph", &loc),
            )
        }
        None => l.message(Message::Citation, &Args::new().text("source", &name)),
    };
    text.unwrap_or(name)
}

/// The value `v` of field `index` of `res`, as a label: a category's
/// label, a year ungrouped, a date at its precision.
pub fn field_value(
    res: &dossier_core::package::Resource,
    index: usize,
    v: &Value,
    lang: Lang,
) -> String {
    let field = &res.schema.fields[index];
    match v {
        Value::Text(t) => field
            .category(t)
            .and_then(|c| c.label.as_ref())
            .and_then(|l| l.get(lang.tag()))
            .unwrap_or(t)
            .to_string(),
        Value::Number(n) => {
            let unit = FigureUnit::of_field(field.field_type, field.unit.as_ref());
            number(*n, &unit, n.normalize().scale(), lang)
        }
        other => value(other, &FigureUnit::Text, 0, lang),
    }
}
