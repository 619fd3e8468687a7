//! The tables a report can place, built from the data set. Every cell is
//! formatted for the document's language; every table names the paragraphs
//! of the source its figures come from.

use std::collections::BTreeSet;

use dossier_core::locale::{digits, format_date, format_number, format_percent, format_year};
use dossier_core::{
    normalize, Administration, Briefing, Flow, Lang, Lever, Provenance, StatedMetric,
};
use dossier_doc::{ColumnAlign, HeaderCell, Table, TableStyle};

/// Names of the tables a report can place.
pub const TABLES: [&str; 7] = [
    "trade",
    "policy",
    "cuba_events",
    "claims",
    "errata",
    "provenance",
    "normalisation",
];

/// Chooses the text for a language.
pub(crate) fn tr(lang: Lang, fa: &str, en: &str) -> String {
    match lang {
        Lang::Fa => fa.to_string(),
        Lang::En => en.to_string(),
    }
}

/// "Source: document …, paragraphs 7 and 9", from the provenance of rows.
pub(crate) fn source_note<'a>(
    provenance: impl IntoIterator<Item = &'a Provenance>,
    lang: Lang,
) -> String {
    let mut docs = BTreeSet::new();
    let mut paras = BTreeSet::new();
    for p in provenance {
        docs.insert(p.source.clone());
        paras.insert(p.paragraph);
    }
    let paras: Vec<String> = paras.iter().map(|p| format_year(*p as i32, lang)).collect();
    let docs: Vec<String> = docs.into_iter().collect();
    let list = match lang {
        Lang::Fa => paras.join("، "),
        Lang::En => paras.join(", "),
    };
    match lang {
        // The marks keep a Latin document id in one left-to-right piece
        // inside Persian text.
        Lang::Fa => format!(
            "منبع: سند \u{200E}{}\u{200E}، بند {}",
            docs.join("، "),
            list
        ),
        Lang::En => format!(
            "Source: document {}, paragraph{} {}",
            docs.join(", "),
            if paras.len() > 1 { "s" } else { "" },
            list
        ),
    }
}

/// Builds table `name`, or `None` when there is no such table.
pub fn table(name: &str, b: &Briefing, lang: Lang) -> Option<Table> {
    Some(match name {
        "trade" => trade(b, lang),
        "policy" => policy(b, lang),
        "cuba_events" => cuba_events(b, lang),
        "claims" => claims(b, lang),
        "errata" => errata(b, lang),
        "provenance" => provenance(b, lang),
        "normalisation" => normalisation(b, lang),
        _ => return None,
    })
}

fn money(v: f64, lang: Lang) -> String {
    format_number(v, 0, lang)
}

/// The most years the trade table shows as columns. With more, the
/// table is turned: one row per year, with exports, imports, balance and
/// total as columns, so that it stays as wide as the page however many
/// years the data holds (long tables continue on the next page with their
/// header repeated).
pub const TRADE_YEAR_COLUMNS: usize = 8;

fn trade(b: &Briefing, lang: Lang) -> Table {
    if b.derived.years.len() > TRADE_YEAR_COLUMNS {
        return trade_by_year(b, lang);
    }
    let ds = &b.dataset;
    let years = &b.derived.years;
    let mut header = vec![tr(lang, "میلیون دلار، فوب", "US$ million, FOB")];
    header.extend(years.iter().map(|y| format_year(y.year.0 as i32, lang)));
    header.push(tr(lang, "تغییر ۹۴ به ۹۵ (منبع)", "Change 94/95 (stated)"));
    header.push(tr(lang, "سهم از کل (منبع)", "Share of total (stated)"));
    let stated = |flow, metric| {
        ds.stated(flow, metric)
            // As precise as the source states it: 18 stays 18 %.
            .map(|p| format_percent(p.0, usize::from(p.0.fract() != 0.0), lang))
            .unwrap_or_else(|| "—".into())
    };
    let mut rows = Vec::new();
    for flow in [Flow::Exports, Flow::Imports] {
        let mut row = vec![flow.label(lang).to_string()];
        row.extend(years.iter().map(|y| {
            money(
                if flow == Flow::Exports {
                    y.exports
                } else {
                    y.imports
                },
                lang,
            )
        }));
        row.push(stated(flow, StatedMetric::Change1994To1995));
        row.push(stated(flow, StatedMetric::ShareOfTotal));
        rows.push(row);
    }
    let mut balance = vec![tr(lang, "تراز (محاسبه‌شده)", "Balance (computed)")];
    balance.extend(years.iter().map(|y| money(y.balance, lang)));
    balance.extend(["".to_string(), "".to_string()]);
    rows.push(balance);
    let mut total = vec![tr(
        lang,
        "کل تجارت دوجانبه (محاسبه‌شده)",
        "Total bilateral trade (computed)",
    )];
    total.extend(years.iter().map(|y| money(y.total, lang)));
    total.extend(["".to_string(), "".to_string()]);
    let mut align = vec![ColumnAlign::Start];
    align.extend(std::iter::repeat_n(ColumnAlign::Numeric, years.len() + 2));
    let prov = ds
        .trade
        .iter()
        .map(|t| &t.provenance)
        .chain(ds.trade_stated.iter().map(|s| &s.provenance));
    Table {
        caption: tr(
            lang,
            "تجارت شیلی با آمریکا، ۱۹۹۲ تا ۱۹۹۵",
            "Chile's trade with the United States, 1992–1995",
        ),
        id: None,
        number: None,
        header: vec![HeaderCell::row_of(header)],
        rows,
        align,
        total_row: Some(total),
        row_headers: true,
        source_note: Some(source_note(prov, lang)),
        notes: vec![tr(
                lang,
                "تراز = صادرات منهای واردات؛ کل = صادرات به‌اضافهٔ واردات. سرستون سهم جدول واردات در منبع «میزان مشارکت در کل صادرات» است.",
                "Balance = exports minus imports; total = exports plus imports. The source heads the imports share column \"share of total exports\".",
        )],
        style: TableStyle::Zebra,
    }
}

/// The trade table with one row per year; the stated percentages go to
/// the notes.
fn trade_by_year(b: &Briefing, lang: Lang) -> Table {
    let ds = &b.dataset;
    let years = &b.derived.years;
    let rows = years
        .iter()
        .map(|y| {
            vec![
                format_year(y.year.0 as i32, lang),
                money(y.exports, lang),
                money(y.imports, lang),
                money(y.balance, lang),
                money(y.total, lang),
            ]
        })
        .collect();
    let mut stated = Vec::new();
    for flow in [Flow::Exports, Flow::Imports] {
        for (metric, fa, en) in [
            (
                StatedMetric::Change1994To1995,
                "تغییر ۹۴ به ۹۵",
                "change 94/95",
            ),
            (StatedMetric::ShareOfTotal, "سهم از کل", "share of total"),
        ] {
            if let Some(p) = ds.stated(flow, metric) {
                let value = format_percent(p.0, usize::from(p.0.fract() != 0.0), lang);
                stated.push(match lang {
                    Lang::Fa => format!("{}، {fa}: {value}", flow.label(lang)),
                    Lang::En => format!("{}, {en}: {value}", flow.label(lang)),
                });
            }
        }
    }
    let prov = ds
        .trade
        .iter()
        .map(|t| &t.provenance)
        .chain(ds.trade_stated.iter().map(|s| &s.provenance));
    let source = source_note(prov, lang);
    let mut notes = Vec::new();
    if !stated.is_empty() {
        notes.push(match lang {
            Lang::Fa => format!("ارقام اعلام‌شده در منبع: {}.", stated.join("؛ ")),
            Lang::En => format!("Stated by the source: {}.", stated.join("; ")),
        });
    }
    Table {
        caption: tr(
            lang,
            "تجارت شیلی با آمریکا (میلیون دلار، فوب)",
            "Chile's trade with the United States (US$ million, FOB)",
        ),
        id: None,
        number: None,
        header: vec![HeaderCell::row_of([
            tr(lang, "سال", "Year"),
            tr(lang, "صادرات", "Exports"),
            tr(lang, "واردات", "Imports"),
            tr(lang, "تراز", "Balance"),
            tr(lang, "کل", "Total"),
        ])],
        rows,
        align: vec![
            ColumnAlign::Start,
            ColumnAlign::Numeric,
            ColumnAlign::Numeric,
            ColumnAlign::Numeric,
            ColumnAlign::Numeric,
        ],
        total_row: None,
        row_headers: true,
        source_note: Some(source),
        notes,
        style: TableStyle::Zebra,
    }
}

fn lever_label(lever: Lever, lang: Lang) -> String {
    let (fa, en) = match lever {
        Lever::MultilateralLoans => ("وام‌های چندجانبه", "Multilateral loans"),
        Lever::EximbankCredit => ("اعتبار بانک صادرات و واردات", "Export-Import Bank credit"),
        Lever::ArmsSalesTraining => ("فروش سلاح و آموزش نظامی", "Arms sales and training"),
        Lever::HumanRightsDiplomacy => ("دیپلماسی حقوق بشر", "Human-rights diplomacy"),
        Lever::DiplomaticStaff => ("کارکنان دیپلماتیک", "Diplomatic staff"),
        Lever::MilitaryContacts => ("ارتباط نظامی", "Military contacts"),
    };
    tr(lang, fa, en)
}

fn policy(b: &Briefing, lang: Lang) -> Table {
    let ds = &b.dataset;
    let levers: BTreeSet<Lever> = ds.policy.iter().map(|m| m.lever).collect();
    let cell = |admin: Administration, lever: Lever| {
        let texts: Vec<&str> = ds
            .policy
            .iter()
            .filter(|m| m.administration == admin && m.lever == lever)
            .map(|m| m.description(lang))
            .collect();
        if texts.is_empty() {
            "—".to_string()
        } else {
            texts.join(" ")
        }
    };
    let rows = levers
        .iter()
        .map(|&l| {
            vec![
                lever_label(l, lang),
                cell(Administration::Carter, l),
                cell(Administration::Reagan, l),
            ]
        })
        .collect();
    Table {
        caption: tr(
            lang,
            "سیاست آمریکا در برابر شیلی: کارتر و ریگان",
            "US policy toward Chile: Carter and Reagan compared",
        ),
        id: None,
        number: None,
        header: vec![HeaderCell::row_of([
            tr(lang, "ابزار سیاست", "Policy lever"),
            tr(lang, "کارتر (۱۹۷۷–۱۹۸۱)", "Carter (1977–1981)"),
            tr(lang, "ریگان (۱۹۸۱–۱۹۸۹)", "Reagan (1981–1989)"),
        ])],
        rows,
        align: vec![ColumnAlign::Start; 3],
        total_row: None,
        row_headers: true,
        source_note: Some(source_note(ds.policy.iter().map(|m| &m.provenance), lang)),
        notes: Vec::new(),
        style: TableStyle::Ruled,
    }
}

fn cuba_events(b: &Briefing, lang: Lang) -> Table {
    let ds = &b.dataset;
    let mut events: Vec<_> = ds.cuba_events.iter().collect();
    events.sort_by_key(|e| e.date);
    Table {
        caption: tr(
            lang,
            "رویدادهای روابط شیلی و کوبا",
            "Events in Chile–Cuba relations",
        ),
        id: None,
        number: None,
        header: vec![HeaderCell::row_of([
            tr(lang, "تاریخ", "Date"),
            tr(lang, "رویداد", "Event"),
        ])],
        rows: events
            .iter()
            .map(|e| vec![format_date(&e.date, lang), e.label(lang).to_string()])
            .collect(),
        align: vec![ColumnAlign::Start, ColumnAlign::Start],
        total_row: None,
        row_headers: false,
        source_note: Some(source_note(events.iter().map(|e| &e.provenance), lang)),
        notes: Vec::new(),
        style: TableStyle::Ruled,
    }
}

fn claims(b: &Briefing, lang: Lang) -> Table {
    let rows = b
        .checks
        .iter()
        .filter_map(|c| {
            let claim = b.dataset.claim(&c.claim_id)?;
            let what = match lang {
                Lang::En => claim.statement_en.clone(),
                Lang::Fa => format!("«{}»", normalize(&claim.provenance.quote).text),
            };
            Some(vec![
                what,
                c.class.label(lang).to_string(),
                c.computation(lang).to_string(),
            ])
        })
        .collect();
    Table {
        caption: tr(lang, "بررسی ارقام اعلام‌شده در منبع", "Checks of the figures the source states"),
        id: None,
        number: None,
        header: vec![HeaderCell::row_of([
            tr(lang, "ادعا", "Claim"),
            tr(lang, "نتیجه", "Verdict"),
            tr(lang, "محاسبه", "Computation"),
        ])],
        rows,
        align: vec![ColumnAlign::Start; 3],
        total_row: None,
        row_headers: false,
        source_note: None,
        notes: vec![tr(
            lang,
            "سازگار: رقم محاسبه‌شده با دقت اعلام‌شده برابر است؛ اختلاف گردکردن: کمتر از یک واحد دقت؛ ناسازگار: با داده یا سابقهٔ تاریخی در تضاد است.",
            "Consistent: the recomputed figure matches at the stated precision; rounding difference: off by less than one unit of that precision; inconsistent: contradicted by the data or the historical record.",
        )],
        style: TableStyle::Ruled,
    }
}

fn errata(b: &Briefing, lang: Lang) -> Table {
    let rows = b
        .dataset
        .errata
        .iter()
        .map(|e| {
            vec![
                format!("«{}»", normalize(&e.provenance.quote).text),
                e.correction(lang).to_string(),
                e.basis(lang).to_string(),
            ]
        })
        .collect();
    Table {
        caption: tr(lang, "اصلاحات", "Errata"),
        id: None,
        number: None,
        header: vec![HeaderCell::row_of([
            tr(lang, "متن منبع", "Source text"),
            tr(lang, "اصلاح", "Correction"),
            tr(lang, "مبنا", "Basis"),
        ])],
        rows,
        align: vec![ColumnAlign::Start; 3],
        total_row: None,
        row_headers: false,
        source_note: None,
        notes: vec![tr(
            lang,
            "ارقام منبع تغییر داده نشده‌اند؛ اصلاحات فقط در این جدول آمده‌اند.",
            "The source's figures are never changed; corrections appear only here.",
        )],
        style: TableStyle::Ruled,
    }
}

fn provenance(b: &Briefing, lang: Lang) -> Table {
    let ds = &b.dataset;
    let mut rows = Vec::new();
    let mut add = |what: String, provs: Vec<&Provenance>| {
        let mut paras: Vec<u32> = provs.iter().map(|p| p.paragraph).collect();
        paras.sort();
        paras.dedup();
        let paras: Vec<String> = paras.iter().map(|p| digits(&p.to_string(), lang)).collect();
        let quote = provs
            .first()
            .map(|p| format!("«{}»", normalize(&p.quote).text))
            .unwrap_or_default();
        rows.push(vec![
            what,
            paras.join(if lang == Lang::Fa { "، " } else { ", " }),
            quote,
        ]);
    };
    add(
        tr(lang, "صادرات و واردات", "Exports and imports"),
        ds.trade.iter().map(|t| &t.provenance).collect(),
    );
    add(
        tr(lang, "تغییر و سهم اعلام‌شده", "Stated change and share"),
        ds.trade_stated.iter().map(|t| &t.provenance).collect(),
    );
    add(
        tr(lang, "اقدامات سیاستی", "Policy measures"),
        ds.policy.iter().map(|t| &t.provenance).collect(),
    );
    add(
        tr(lang, "رویدادهای شیلی و کوبا", "Chile–Cuba events"),
        ds.cuba_events.iter().map(|t| &t.provenance).collect(),
    );
    add(
        tr(lang, "دوره‌های روابط", "Periods of relations"),
        ds.cuba_periods.iter().map(|t| &t.provenance).collect(),
    );
    let source_ids: Vec<String> = ds.sources.keys().cloned().collect();
    Table {
        caption: tr(lang, "منشأ داده‌ها", "Provenance of the data"),
        id: None,
        number: None,
        header: vec![HeaderCell::row_of([
            tr(lang, "داده", "Data"),
            tr(lang, "بند", "Paragraph"),
            tr(lang, "نخستین عبارت نقل‌شده", "First quoted span"),
        ])],
        rows,
        align: vec![ColumnAlign::Start, ColumnAlign::Center, ColumnAlign::Start],
        total_row: None,
        row_headers: false,
        source_note: None,
        notes: vec![match lang {
            Lang::Fa => format!("سند منبع: {} (در data/sources)", source_ids.join("، ")),
            Lang::En => format!(
                "Source document: {} (in data/sources)",
                source_ids.join(", ")
            ),
        }],
        style: TableStyle::Ruled,
    }
}

fn normalisation(b: &Briefing, lang: Lang) -> Table {
    let ds = &b.dataset;
    let quotes = ds
        .trade
        .iter()
        .map(|t| &t.provenance)
        .chain(ds.policy.iter().map(|t| &t.provenance))
        .chain(ds.cuba_events.iter().map(|t| &t.provenance))
        .chain(ds.claims.iter().map(|t| &t.provenance))
        .chain(ds.errata.iter().map(|t| &t.provenance));
    let mut seen = BTreeSet::new();
    for p in quotes {
        for change in normalize(&p.quote).changes {
            seen.insert((
                change.kind.label(lang).to_string(),
                change.before.clone(),
                change.after.clone(),
            ));
        }
    }
    let rows = seen
        .into_iter()
        .map(|(kind, before, after)| vec![kind, before, after])
        .collect();
    Table {
        caption: tr(
            lang,
            "یکدست‌سازی نوشتار فارسی در عبارت‌های نقل‌شده",
            "Normalisation applied to quoted Persian",
        ),
        id: None,
        number: None,
        header: vec![HeaderCell::row_of([
            tr(lang, "نوع", "Kind"),
            tr(lang, "پیش", "Before"),
            tr(lang, "پس", "After"),
        ])],
        rows,
        align: vec![ColumnAlign::Start; 3],
        total_row: None,
        row_headers: false,
        source_note: None,
        notes: vec![tr(
            lang,
            "متن منبع به املای قدیمی وب است؛ عبارت‌های نقل‌شده با یکدست‌سازی حروف، نیم‌فاصله و نشانه‌گذاری به املای امروزی درآمده‌اند و هیچ واژه‌ای تغییر نکرده است.",
            "The source uses an old web orthography; quoted spans are shown with letters unified, zero-width non-joiners restored and punctuation spaced, without changing any word.",
        )],
        style: TableStyle::Ruled,
    }
}
