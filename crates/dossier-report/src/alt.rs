//! The alternative text of a chart, written from the data it draws in the
//! edition's language, never typed by hand: its kind and caption, then
//! every series with its values ("Exports: 1992 1,649; 1993 1,700."), or a
//! timeline's periods and events. Screen readers read it in place of the
//! picture, so it says what the picture shows.

use dossier_charts::{ChartData, ChartKind, ChartSpec};
use dossier_core::Lang;
use dossier_lang::{Args, Label, Message, Number};

/// More values than this and the text ends with "…": a reader would not
/// listen to them all, and the data is in the report's tables.
const MAX_VALUES: usize = 240;

fn kind_label(kind: ChartKind) -> Label {
    match kind {
        ChartKind::GroupedBar => Label::ChartKindBar,
        ChartKind::Line => Label::ChartKindLine,
        ChartKind::HorizontalBar => Label::ChartKindHorizontalBar,
        ChartKind::Diverging => Label::ChartKindDiverging,
        ChartKind::StackedBar => Label::ChartKindStackedBar,
        ChartKind::Timeline => Label::ChartKindTimeline,
    }
}

/// A value as the chart's labels write it.
fn value(spec: &ChartSpec, v: f64, lang: Lang) -> String {
    let l = lang.language();
    let places = spec.decimals.min(6) as u8;
    match Number::try_from(v) {
        Ok(n) if spec.percent => l.percent(n, places),
        Ok(n) => l.decimal(n, places),
        Err(_) => String::new(),
    }
}

/// A year of a timeline's axis (fractional years), as the language writes it.
fn year(at: f64, lang: Lang) -> String {
    lang.language().year(at.floor() as i32)
}

fn message(lang: Lang, m: Message, args: &Args<'_>) -> String {
    lang.language().message(m, args).unwrap_or_default()
}

/// The alternative text of the chart `spec` drawing `data` in `lang`;
/// `caption` is the figure's caption on one line.
pub fn chart_alt(spec: &ChartSpec, data: &ChartData, caption: &str, lang: Lang) -> String {
    let l = lang.language();
    let mut title = caption.to_string();
    if let Some(unit) = spec.unit.as_ref().map(|u| u.get(lang)) {
        if !unit.is_empty() {
            title = format!("{title} ({unit})");
        }
    }
    let mut out = message(
        lang,
        Message::ChartAlt,
        &Args::new()
            .text("kind", l.label(kind_label(spec.kind)))
            .text("title", &title),
    );
    let separator = l.label(Label::ChartKeySeparator);
    let mut told = 0usize;
    let mut parts: Vec<String> = Vec::new();
    match data {
        ChartData::Categories(c) => {
            for s in &c.series {
                let mut points = Vec::new();
                for (category, v) in c.categories.iter().zip(&s.values) {
                    if told == MAX_VALUES {
                        points.push("…".to_string());
                        break;
                    }
                    told += 1;
                    let v = value(spec, *v, lang);
                    points.push(message(
                        lang,
                        Message::ChartAltPoint,
                        &Args::new().text("category", category).text("value", &v),
                    ));
                }
                let values = points.join(separator);
                parts.push(message(
                    lang,
                    Message::ChartAltSeries,
                    &Args::new().text("name", &s.name).text("values", &values),
                ));
            }
        }
        ChartData::Timeline(t) => {
            for p in &t.periods {
                if told == MAX_VALUES {
                    break;
                }
                told += 1;
                let status = t
                    .statuses
                    .iter()
                    .find(|s| s.key == p.status_key)
                    .map_or(p.label.as_str(), |s| s.label.as_str());
                let label = if p.label.is_empty() { status } else { &p.label };
                parts.push(message(
                    lang,
                    Message::ChartAltPeriod,
                    &Args::new()
                        .text("start", &year(p.start, lang))
                        .text("end", &year(p.end, lang))
                        .text("label", label),
                ));
            }
            for e in &t.events {
                if told == MAX_VALUES {
                    break;
                }
                told += 1;
                parts.push(message(
                    lang,
                    Message::ChartAltEvent,
                    &Args::new()
                        .text("date", &year(e.at, lang))
                        .text("label", &e.label),
                ));
            }
            if told == MAX_VALUES && t.periods.len() + t.events.len() > MAX_VALUES {
                parts.push("…".to_string());
            }
        }
    }
    for p in parts {
        out.push(' ');
        out.push_str(&p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_charts::{CategorySeries, Localized, Series};

    #[test]
    fn bar_chart_alt_text_lists_every_value_in_the_language() {
        let mut spec = ChartSpec::new(
            ChartKind::GroupedBar,
            Localized::from_pairs(&[("en", "Sales"), ("fa", "فروش")]),
        );
        spec.unit = Some(Localized::from_pairs(&[("en", "tonnes"), ("fa", "تن")]));
        let data = ChartData::Categories(CategorySeries {
            categories: vec!["2001".into(), "2002".into()],
            series: vec![Series::new("North", vec![1500.0, -2.0])],
        });
        let en = Lang::parse("en").unwrap();
        let text = chart_alt(&spec, &data, "Sales", en);
        assert_eq!(
            text,
            "Bar chart: Sales (tonnes). North: 2001 1,500; 2002 -2."
        );
        let fa = Lang::parse("fa").unwrap();
        let text = chart_alt(&spec, &data, "فروش", fa);
        assert!(text.starts_with("نمودار میله‌ای: فروش (تن)."), "{text}");
        assert!(text.contains("۱٬۵۰۰"), "{text}");
        assert!(!text.contains("1500"), "{text}");
    }
}
