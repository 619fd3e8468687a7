//! Derived figures (balances, totals, growth, implied totals) and the
//! classification of every claim against what the data allows us to
//! compute. The source is not assumed to be right.

use serde::Serialize;

use crate::locale::{format_number, format_percent};
use crate::model::{CheckMethod, Claim, ClaimKind, Dataset, Flow, StatedMetric};
use crate::types::{Date, Lang, Provenance, Year};

/// The coup against Allende: 11 September 1973 (historical record; the
/// source only says "three days" before 14 September).
pub const COUP_1973: Date = Date {
    year: 1973,
    month: Some(9),
    day: Some(11),
};
/// The Cuban revolution triumphed on 1 January 1959 (historical record).
pub const CUBAN_REVOLUTION_YEAR: i32 = 1959;

/// Outcome of checking a claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckClass {
    /// The recomputed figure matches at the stated precision.
    Consistent,
    /// Off by less than one unit of the stated precision.
    RoundingDifference,
    /// Contradicted by the data or by the historical record.
    Inconsistent,
    /// Nothing in the data to check it against.
    NotCheckable,
}

impl CheckClass {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (CheckClass::Consistent, Lang::En) => "consistent",
            (CheckClass::RoundingDifference, Lang::En) => "rounding difference",
            (CheckClass::Inconsistent, Lang::En) => "inconsistent",
            (CheckClass::NotCheckable, Lang::En) => "not checkable",
            (CheckClass::Consistent, Lang::Fa) => "سازگار",
            (CheckClass::RoundingDifference, Lang::Fa) => "اختلاف گردکردن",
            (CheckClass::Inconsistent, Lang::Fa) => "ناسازگار",
            (CheckClass::NotCheckable, Lang::Fa) => "غیرقابل بررسی",
        }
    }
}

/// The result of checking one claim.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClaimCheck {
    pub claim_id: String,
    pub kind: ClaimKind,
    pub class: CheckClass,
    pub stated: Option<f64>,
    pub computed: Option<f64>,
    /// The computation, human-readable, in English.
    pub computation_en: String,
    /// The same in Persian (Persian digits).
    pub computation_fa: String,
    pub checkable_against: String,
    pub provenance: Provenance,
}

impl ClaimCheck {
    pub fn computation(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.computation_en,
            Lang::Fa => &self.computation_fa,
        }
    }
}

/// Trade figures of one year with derived values.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct YearTrade {
    pub year: Year,
    pub exports: f64,
    pub imports: f64,
    /// Exports − imports (negative: Chilean deficit with the US).
    pub balance: f64,
    /// Exports + imports.
    pub total: f64,
}

/// Growth of a flow between two years, percent.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Growth {
    pub flow: Flow,
    pub from: Year,
    pub to: Year,
    pub percent: f64,
}

/// A Chilean total implied by a stated share: value / share.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImpliedTotal {
    pub flow: Flow,
    pub year: Year,
    pub share_pct: f64,
    pub total_musd: f64,
}

/// Figures derived from the trade tables.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Derived {
    pub years: Vec<YearTrade>,
    /// Year-on-year growth for each flow.
    pub growth: Vec<Growth>,
    /// Implied totals (share assumed to refer to the last year, 1995).
    pub implied_totals: Vec<ImpliedTotal>,
    /// Share of the US in Chile's total trade in the last year, percent,
    /// from the implied totals.
    pub us_share_of_total_trade: Option<f64>,
}

/// Computes [`Derived`] from a data set.
pub fn derive(ds: &Dataset) -> Derived {
    let years = ds.trade_years();
    let mut out = Derived {
        years: Vec::new(),
        growth: Vec::new(),
        implied_totals: Vec::new(),
        us_share_of_total_trade: None,
    };
    for y in &years {
        if let (Some(e), Some(i)) = (
            ds.trade_value(Flow::Exports, y.0),
            ds.trade_value(Flow::Imports, y.0),
        ) {
            out.years.push(YearTrade {
                year: *y,
                exports: e.0,
                imports: i.0,
                balance: e.0 - i.0,
                total: e.0 + i.0,
            });
        }
    }
    for flow in [Flow::Exports, Flow::Imports] {
        for w in years.windows(2) {
            if let (Some(a), Some(b)) = (ds.trade_value(flow, w[0].0), ds.trade_value(flow, w[1].0))
            {
                if a.0 != 0.0 {
                    out.growth.push(Growth {
                        flow,
                        from: w[0],
                        to: w[1],
                        percent: (b.0 - a.0) / a.0 * 100.0,
                    });
                }
            }
        }
        if let (Some(last), Some(share)) =
            (years.last(), ds.stated(flow, StatedMetric::ShareOfTotal))
        {
            if let Some(v) = ds.trade_value(flow, last.0) {
                if share.0 > 0.0 {
                    out.implied_totals.push(ImpliedTotal {
                        flow,
                        year: *last,
                        share_pct: share.0,
                        total_musd: v.0 / share.fraction(),
                    });
                }
            }
        }
    }
    if let ([e, i], Some(last)) = (out.implied_totals.as_slice(), out.years.last()) {
        out.us_share_of_total_trade = Some(last.total / (e.total_musd + i.total_musd) * 100.0);
    }
    out
}

fn decimals_of(x: f64) -> usize {
    (0..6)
        .find(|&d| {
            let s = 10f64.powi(d as i32);
            ((x * s).round() - x * s).abs() < 1e-9
        })
        .unwrap_or(6)
}

/// Consistent if `computed` rounds to `stated` at the stated precision;
/// a rounding difference if within one unit of it; else inconsistent.
pub fn classify_rounded(stated: f64, computed: f64) -> CheckClass {
    let d = decimals_of(stated);
    let s = 10f64.powi(d as i32);
    if ((computed * s).round() / s - stated).abs() < 1e-9 {
        CheckClass::Consistent
    } else if (computed - stated).abs() <= 1.0 / s + 1e-9 {
        CheckClass::RoundingDifference
    } else {
        CheckClass::Inconsistent
    }
}

fn n(v: f64, d: usize, lang: Lang) -> String {
    format_number(v, d, lang)
}
fn p(v: f64, d: usize, lang: Lang) -> String {
    format_percent(v, d, lang)
}

/// Whole years between two dates and the fractional length in years.
fn years_between(a: Date, b: Date) -> (i64, f64) {
    let days = (b.days_from_epoch() - a.days_from_epoch()) as f64;
    let mut whole = (b.year - a.year) as i64;
    if (b.month, b.day) < (a.month, a.day) {
        whole -= 1;
    }
    (whole, days / 365.2425)
}

struct Outcome {
    class: CheckClass,
    computed: Option<f64>,
    en: String,
    fa: String,
}

fn not_checkable(claim: &Claim, why_en: &str, why_fa: &str) -> Outcome {
    Outcome {
        class: CheckClass::NotCheckable,
        computed: None,
        en: format!("not checkable: {why_en} ({})", claim.checkable_against),
        fa: format!("قابل بررسی نیست: {why_fa}"),
    }
}

fn growth_check(ds: &Dataset, claim: &Claim, flow: Flow) -> Outcome {
    let (Some(a), Some(b), Some(stated)) = (
        ds.trade_value(flow, 1994),
        ds.trade_value(flow, 1995),
        claim.stated_value,
    ) else {
        return not_checkable(
            claim,
            "1994/1995 values missing",
            "ارقام ۱۹۹۴ و ۱۹۹۵ موجود نیست",
        );
    };
    let g = (b.0 - a.0) / a.0 * 100.0;
    let class = classify_rounded(stated, g);
    let d = decimals_of(stated);
    Outcome {
        class,
        computed: Some(g),
        en: format!(
            "({} - {}) / {} = {} (rounds to {}); stated {} -> {}",
            n(b.0, 0, Lang::En),
            n(a.0, 0, Lang::En),
            n(a.0, 0, Lang::En),
            p(g, 2, Lang::En),
            p(g, d, Lang::En),
            p(stated, d, Lang::En),
            class.label(Lang::En)
        ),
        fa: format!(
            "({} − {}) ÷ {} = {} (گردشده: {})؛ رقم منبع {}؛ نتیجه: {}",
            n(b.0, 0, Lang::Fa),
            n(a.0, 0, Lang::Fa),
            n(a.0, 0, Lang::Fa),
            p(g, 2, Lang::Fa),
            p(g, d, Lang::Fa),
            p(stated, d, Lang::Fa),
            class.label(Lang::Fa)
        ),
    }
}

fn implied_total_check(ds: &Dataset, claim: &Claim, flow: Flow) -> Outcome {
    let derived = derive(ds);
    let Some(t) = derived.implied_totals.iter().find(|t| t.flow == flow) else {
        return not_checkable(
            claim,
            "share or 1995 value missing",
            "سهم یا رقم ۱۹۹۵ موجود نیست",
        );
    };
    let v = t.total_musd * t.share_pct / 100.0;
    let (what_en, what_fa) = match flow {
        Flow::Exports => ("total exports", "کل صادرات"),
        Flow::Imports => ("total imports", "کل واردات"),
    };
    Outcome {
        class: CheckClass::NotCheckable,
        computed: Some(t.total_musd),
        en: format!(
            "not checkable (Chile's {what_en} are not in the source); implies {what_en} {} = {} / {} = {} million US$",
            t.year.0, n(v, 0, Lang::En), p(t.share_pct, 1, Lang::En), n(t.total_musd, 0, Lang::En)
        ),
        fa: format!(
            "قابل بررسی نیست ({what_fa} شیلی در منبع نیامده)؛ {what_fa} ضمنی {} = {} ÷ {} = {} میلیون دلار",
            crate::locale::format_year(t.year.0 as i32, Lang::Fa), n(v, 0, Lang::Fa),
            p(t.share_pct, 1, Lang::Fa), n(t.total_musd, 0, Lang::Fa)
        ),
    }
}

fn trade_1995(ds: &Dataset) -> Option<(f64, f64, f64, f64)> {
    Some((
        ds.trade_value(Flow::Exports, 1995)?.0,
        ds.trade_value(Flow::Imports, 1995)?.0,
        ds.stated(Flow::Exports, StatedMetric::ShareOfTotal)?.0,
        ds.stated(Flow::Imports, StatedMetric::ShareOfTotal)?.0,
    ))
}

fn us_share_check(ds: &Dataset, claim: &Claim) -> Outcome {
    let (Some((ex, im, se, si)), Some(stated)) = (trade_1995(ds), claim.stated_value) else {
        return not_checkable(
            claim,
            "1995 values or shares missing",
            "ارقام یا سهم‌های ۱۹۹۵ موجود نیست",
        );
    };
    let share = |se: f64, si: f64| (ex + im) / (ex / (se / 100.0) + im / (si / 100.0)) * 100.0;
    let mid = share(se, si);
    // Stated shares are rounded to 0.1: the widest range they allow.
    let hi = share(se + 0.05, si + 0.05);
    let lo = share(se - 0.05, si - 0.05);
    let class = if mid > stated {
        CheckClass::Consistent
    } else if hi > stated {
        CheckClass::RoundingDifference
    } else {
        CheckClass::Inconsistent
    };
    let (te, ti) = (ex / (se / 100.0), im / (si / 100.0));
    let f = |lang: Lang| {
        (
            n(ex + im, 0, lang),
            n(te, 0, lang),
            n(ti, 0, lang),
            n(te + ti, 0, lang),
            p(mid, 1, lang),
            p(lo, 2, lang),
            p(hi, 2, lang),
            p(stated, 0, lang),
        )
    };
    let e = f(Lang::En);
    let a = f(Lang::Fa);
    Outcome {
        class,
        computed: Some(mid),
        en: format!(
            "US trade 1995 = {} / (implied total exports {} + implied total imports {} = {}) = {} (range {}-{} given the rounded shares); claim: more than {} -> {}",
            e.0, e.1, e.2, e.3, e.4, e.5, e.6, e.7, class.label(Lang::En)
        ),
        fa: format!(
            "تجارت با آمریکا ۱۹۹۵ = {} ÷ (کل صادرات ضمنی {} + کل واردات ضمنی {} = {}) = {} (بازه {} تا {} با توجه به گردشدن سهم‌ها)؛ ادعا: بیش از {}؛ نتیجه: {}",
            a.0, a.1, a.2, a.3, a.4, a.5, a.6, a.7, class.label(Lang::Fa)
        ),
    }
}

fn share_header_check(ds: &Dataset, claim: &Claim) -> Outcome {
    let Some((ex, im, se, si)) = trade_1995(ds) else {
        return not_checkable(
            claim,
            "1995 values or shares missing",
            "ارقام یا سهم‌های ۱۹۹۵ موجود نیست",
        );
    };
    let from_exports = ex / (se / 100.0);
    let literal = im / (si / 100.0);
    // Ranges allowed by rounding of the shares to 0.1.
    let e_rng = (ex / ((se + 0.05) / 100.0), ex / ((se - 0.05) / 100.0));
    let l_rng = (im / ((si + 0.05) / 100.0), im / ((si - 0.05) / 100.0));
    let overlap = e_rng.0 <= l_rng.1 && l_rng.0 <= e_rng.1;
    let class = if overlap {
        CheckClass::Consistent
    } else {
        CheckClass::Inconsistent
    };
    Outcome {
        class,
        computed: Some(literal),
        en: format!(
            "read literally (share of total exports), {} / {} = {} million US$ of total exports, but the exports table implies {} / {} = {} -> {}; the column is the share of total imports",
            n(im, 0, Lang::En), p(si, 1, Lang::En), n(literal, 0, Lang::En),
            n(ex, 0, Lang::En), p(se, 1, Lang::En), n(from_exports, 0, Lang::En), class.label(Lang::En)
        ),
        fa: format!(
            "اگر عنوان ستون («سهم از کل صادرات») را بپذیریم، {} ÷ {} = {} میلیون دلار کل صادرات می‌شود، اما جدول صادرات {} ÷ {} = {} را نتیجه می‌دهد؛ نتیجه: {}؛ ستون در واقع سهم از کل واردات است",
            n(im, 0, Lang::Fa), p(si, 1, Lang::Fa), n(literal, 0, Lang::Fa),
            n(ex, 0, Lang::Fa), p(se, 1, Lang::Fa), n(from_exports, 0, Lang::Fa), class.label(Lang::Fa)
        ),
    }
}

fn revolution_check(claim: &Claim) -> Outcome {
    let Some(stated) = claim.stated_value else {
        return not_checkable(claim, "no stated year", "سالی ذکر نشده");
    };
    let known = CUBAN_REVOLUTION_YEAR as f64;
    let class = if stated == known {
        CheckClass::Consistent
    } else {
        CheckClass::Inconsistent
    };
    let y = |v: f64, l| crate::locale::format_year(v as i32, l);
    Outcome {
        class,
        computed: Some(known),
        en: format!(
            "stated {}; the Cuban revolution triumphed on 1 January {} (historical record) -> {}",
            y(stated, Lang::En),
            y(known, Lang::En),
            class.label(Lang::En)
        ),
        fa: format!(
            "منبع: {}؛ انقلاب کوبا در ۱ ژانویه {} پیروز شد (سابقهٔ تاریخی)؛ نتیجه: {}",
            y(stated, Lang::Fa),
            y(known, Lang::Fa),
            class.label(Lang::Fa)
        ),
    }
}

fn days_after_coup_check(ds: &Dataset, claim: &Claim) -> Outcome {
    let (Some(ev), Some(stated)) = (ds.event("severed_1973"), claim.stated_value) else {
        return not_checkable(
            claim,
            "event severed_1973 missing",
            "رویداد قطع روابط ۱۹۷۳ موجود نیست",
        );
    };
    if ev.date.day.is_none() {
        return not_checkable(
            claim,
            "severance date has no day",
            "روز قطع روابط معلوم نیست",
        );
    }
    let days = (ev.date.days_from_epoch() - COUP_1973.days_from_epoch()) as f64;
    let class = if days == stated {
        CheckClass::Consistent
    } else {
        CheckClass::Inconsistent
    };
    let d = |x: &Date, l| crate::locale::format_date(x, l);
    Outcome {
        class,
        computed: Some(days),
        en: format!(
            "{} - {} (coup, historical record) = {} days; stated {} -> {}",
            d(&ev.date, Lang::En),
            d(&COUP_1973, Lang::En),
            n(days, 0, Lang::En),
            n(stated, 0, Lang::En),
            class.label(Lang::En)
        ),
        fa: format!(
            "{} − {} (کودتا، سابقهٔ تاریخی) = {} روز؛ منبع: {}؛ نتیجه: {}",
            d(&ev.date, Lang::Fa),
            d(&COUP_1973, Lang::Fa),
            n(days, 0, Lang::Fa),
            n(stated, 0, Lang::Fa),
            class.label(Lang::Fa)
        ),
    }
}

fn years_severed_check(ds: &Dataset, claim: &Claim) -> Outcome {
    let (Some(a), Some(b), Some(stated)) = (
        ds.event("severed_1973"),
        ds.event("diplomatic_restored_1995"),
        claim.stated_value,
    ) else {
        return not_checkable(
            claim,
            "events severed_1973/diplomatic_restored_1995 missing",
            "رویدادهای ۱۹۷۳ و ۱۹۹۵ موجود نیست",
        );
    };
    let (whole, exact) = years_between(a.date, b.date);
    let class = if whole as f64 == stated {
        CheckClass::Consistent
    } else if exact.round() == stated {
        CheckClass::RoundingDifference
    } else {
        CheckClass::Inconsistent
    };
    let d = |x: &Date, l| crate::locale::format_date(x, l);
    Outcome {
        class,
        computed: Some(exact),
        en: format!(
            "{} to {} = {} years ({} full years, rounds to {}); stated {} -> {}",
            d(&a.date, Lang::En),
            d(&b.date, Lang::En),
            n(exact, 2, Lang::En),
            whole,
            n(exact, 0, Lang::En),
            n(stated, 0, Lang::En),
            class.label(Lang::En)
        ),
        fa: format!(
            "از {} تا {} = {} سال ({} سال کامل، گردشده {})؛ منبع: {}؛ نتیجه: {}",
            d(&a.date, Lang::Fa),
            d(&b.date, Lang::Fa),
            n(exact, 2, Lang::Fa),
            n(whole as f64, 0, Lang::Fa),
            n(exact, 0, Lang::Fa),
            n(stated, 0, Lang::Fa),
            class.label(Lang::Fa)
        ),
    }
}

/// Checks one claim.
pub fn check_claim(ds: &Dataset, claim: &Claim) -> ClaimCheck {
    let o = match claim.check {
        CheckMethod::None => not_checkable(
            claim,
            "no data in the source to check against",
            "داده‌ای در منبع برای مقایسه نیست",
        ),
        CheckMethod::GrowthExports1994To1995 => growth_check(ds, claim, Flow::Exports),
        CheckMethod::GrowthImports1994To1995 => growth_check(ds, claim, Flow::Imports),
        CheckMethod::ImpliedTotalExports => implied_total_check(ds, claim, Flow::Exports),
        CheckMethod::ImpliedTotalImports => implied_total_check(ds, claim, Flow::Imports),
        CheckMethod::ImportsShareHeader => share_header_check(ds, claim),
        CheckMethod::UsShareTotalTrade1995 => us_share_check(ds, claim),
        CheckMethod::CubanRevolutionYear => revolution_check(claim),
        CheckMethod::DaysAfterCoup1973 => days_after_coup_check(ds, claim),
        CheckMethod::YearsSevered1973To1995 => years_severed_check(ds, claim),
    };
    ClaimCheck {
        claim_id: claim.id.clone(),
        kind: claim.kind,
        class: o.class,
        stated: claim.stated_value,
        computed: o.computed,
        computation_en: o.en,
        computation_fa: o.fa,
        checkable_against: claim.checkable_against.clone(),
        provenance: claim.provenance.clone(),
    }
}

/// Checks every claim of the data set, in file order.
pub fn check_claims(ds: &Dataset) -> Vec<ClaimCheck> {
    ds.claims.iter().map(|c| check_claim(ds, c)).collect()
}

/// A plain-text table of claim checks: id, class, stated, computed,
/// paragraph and computation.
pub fn claims_table(checks: &[ClaimCheck], lang: Lang) -> String {
    let head: [&str; 6] = match lang {
        Lang::En => [
            "claim",
            "class",
            "stated",
            "computed",
            "para",
            "computation",
        ],
        Lang::Fa => ["ادعا", "نتیجه", "منبع", "محاسبه", "بند", "شرح محاسبه"],
    };
    let num = |v: Option<f64>, kind: ClaimKind| match v {
        Some(v) if kind == ClaimKind::Year => crate::locale::format_year(v.round() as i32, lang),
        Some(v) => format_number(v, decimals_of(v).min(2), lang),
        None => "-".to_string(),
    };
    let rows: Vec<[String; 6]> = checks
        .iter()
        .map(|c| {
            [
                c.claim_id.clone(),
                c.class.label(lang).to_string(),
                num(c.stated, c.kind),
                num(c.computed, c.kind),
                crate::locale::digits(&c.provenance.paragraph.to_string(), lang),
                c.computation(lang).to_string(),
            ]
        })
        .collect();
    let mut widths = head.map(|h| h.chars().count());
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String; 6]| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i + 1 == cells.len() {
                s.push_str(cell);
            } else {
                s.push_str(cell);
                s.push_str(&" ".repeat(w - cell.chars().count()));
                s.push_str(" | ");
            }
        }
        s.trim_end().to_string()
    };
    let mut out = line(&head.map(str::to_string));
    out.push('\n');
    let total: usize = widths.iter().sum::<usize>() + 3 * (widths.len() - 1);
    out.push_str(&"-".repeat(total.min(160)));
    out.push('\n');
    for r in &rows {
        out.push_str(&line(r));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_classes() {
        assert_eq!(classify_rounded(18.0, 18.0417), CheckClass::Consistent);
        assert_eq!(
            classify_rounded(43.8, 43.745),
            CheckClass::RoundingDifference
        );
        assert_eq!(classify_rounded(43.8, 45.0), CheckClass::Inconsistent);
        assert_eq!(decimals_of(43.8), 1);
        assert_eq!(decimals_of(18.0), 0);
    }

    #[test]
    fn years_between_counts_full_years() {
        let (w, x) = years_between(Date::day(1973, 9, 14), Date::day(1995, 4, 7));
        assert_eq!(w, 21);
        assert!((x - 21.56).abs() < 0.01, "{x}");
    }
}

#[cfg(test)]
mod data_tests {
    use super::*;
    use std::path::Path;

    fn ds() -> Dataset {
        crate::load_dataset(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")).unwrap()
    }

    fn class_of(checks: &[ClaimCheck], id: &str) -> CheckClass {
        checks
            .iter()
            .find(|c| c.claim_id == id)
            .unwrap_or_else(|| panic!("{id}"))
            .class
    }

    #[test]
    fn derived_figures() {
        let d = derive(&ds());
        let y95 = d.years.iter().find(|y| y.year.0 == 1995).unwrap();
        assert_eq!(y95.balance, 2375.0 - 3792.0);
        assert_eq!(y95.total, 6167.0);
        let b: Vec<f64> = d.years.iter().map(|y| y.balance).collect();
        assert_eq!(b, [-335.0, -822.0, -626.0, -1417.0]);
        let g = d
            .growth
            .iter()
            .find(|g| g.flow == Flow::Imports && g.to.0 == 1995)
            .unwrap();
        assert!((g.percent - 43.745).abs() < 0.001, "{}", g.percent);
        let te = d
            .implied_totals
            .iter()
            .find(|t| t.flow == Flow::Exports)
            .unwrap();
        assert!((te.total_musd - 16493.06).abs() < 0.01);
        let share = d.us_share_of_total_trade.unwrap();
        assert!((share - 19.37).abs() < 0.01, "{share}");
    }

    #[test]
    fn claim_classes() {
        let checks = check_claims(&ds());
        assert_eq!(
            class_of(&checks, "exports_growth_1994_1995"),
            CheckClass::Consistent
        );
        assert_eq!(
            class_of(&checks, "imports_growth_1994_1995"),
            CheckClass::RoundingDifference
        );
        assert_eq!(
            class_of(&checks, "us_share_total_trade_1995"),
            CheckClass::Inconsistent
        );
        assert_eq!(
            class_of(&checks, "imports_share_header"),
            CheckClass::Inconsistent
        );
        assert_eq!(
            class_of(&checks, "severed_22_years"),
            CheckClass::RoundingDifference
        );
        assert_eq!(
            class_of(&checks, "severed_three_days_after_coup"),
            CheckClass::Consistent
        );
        assert_eq!(
            class_of(&checks, "cuban_revolution_1961"),
            CheckClass::Inconsistent
        );
        assert_eq!(
            class_of(&checks, "embassy_staff_25pct"),
            CheckClass::NotCheckable
        );
        assert_eq!(
            class_of(&checks, "exports_share_of_total"),
            CheckClass::NotCheckable
        );
        for c in &checks {
            assert!(!c.computation_en.is_empty() && !c.computation_fa.is_empty());
            assert!(
                !c.computation_fa.chars().any(|ch| ch.is_ascii_digit()),
                "{}",
                c.computation_fa
            );
        }
    }

    #[test]
    fn table_and_json() {
        let checks = check_claims(&ds());
        let en = claims_table(&checks, Lang::En);
        assert!(en.contains("imports_growth_1994_1995") && en.contains("rounding difference"));
        assert!(en.contains("(3,792 - 2,638) / 2,638 = 43.75%"), "{en}");
        let fa = claims_table(&checks, Lang::Fa);
        assert!(fa.contains("ناسازگار") && fa.contains("۴۳٫۷۵٪"), "{fa}");
        assert!(en.contains("| 1961 ") && !en.contains("1,961"), "{en}");
        let json = serde_json::to_string(&checks).unwrap();
        assert!(json.contains("\"class\":\"rounding_difference\""));
    }

    #[test]
    fn briefing_builds() {
        let b = crate::load_briefing(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data"))
            .unwrap();
        let paras = &b.normalized_sources["000_be3af3bae581de8e"];
        assert_eq!(paras.len(), 11);
        assert!(paras[6].contains("۱۸٪ ۱۴٫۴"));
        assert!(serde_json::to_string(&b).is_ok());
    }
}
