//! Example charts of every kind with realistic data (US–Sicily trade), in
//! both languages: used by the tests, the benchmarks and for looking at.

use dossier_core::Lang;

use crate::*;

/// Years from `from`, formatted for `lang`.
pub fn years(lang: Lang, from: i32, n: usize) -> Vec<String> {
    (0..n)
        .map(|i| lang.language().year(from + i as i32))
        .collect()
}

fn loc(fa: &str, en: &str) -> Localized {
    Localized::from_pairs(&[("fa", fa), ("en", en)])
}

/// One spec and data set per kind (grouped bar, line, horizontal bar,
/// diverging, timeline, stacked bar), 800×500 pt, as the report layer
/// would build them.
pub fn samples(lang: Lang) -> Vec<(ChartSpec, ChartData)> {
    let name = |fa: &str, en: &str| loc(fa, en).get(lang).to_string();
    let with = |kind, title: Localized| {
        let mut s = ChartSpec::new(kind, title);
        s.subtitle = Some(loc(
            "میلیارد دلار آمریکا، به قیمت جاری",
            "Billion US dollars, current prices",
        ));
        s.source_note = Some(loc(
            "منبع: دفتر سرشماری ایالات متحده",
            "Source: US Census Bureau",
        ));
        s.x_title = Some(loc("سال", "Year"));
        s.y_title = Some(loc("ارزش", "Value"));
        s.width = 800.0;
        s.height = 500.0;
        s
    };
    let trade = CategorySeries {
        categories: years(lang, 2014, 10),
        series: vec![
            Series::new(
                &name("صادرات", "Exports"),
                vec![16.5, 15.6, 12.4, 13.7, 16.0, 15.8, 11.0, 17.5, 18.9, 17.2],
            ),
            Series::new(
                &name("واردات", "Imports"),
                vec![9.3, 8.8, 8.9, 10.0, 11.3, 10.7, 10.2, 16.2, 17.0, 15.9],
            ),
        ],
    };
    let mut bar = with(
        ChartKind::GroupedBar,
        loc(
            "تجارت کالا میان ایالات متحده و سیسیلی",
            "US–Sicily goods trade",
        ),
    );
    bar.decimals = 1;
    let mut line = with(
        ChartKind::Line,
        loc("روند صادرات و واردات", "Exports and imports over time"),
    );
    line.decimals = 1;
    let mut share = with(
        ChartKind::HorizontalBar,
        loc(
            "سهم از صادرات سیسیلی به آمریکا",
            "Share of Sicily's exports to the US",
        ),
    );
    share.percent = true;
    share.decimals = 1;
    share.subtitle = Some(loc("درصد، ۲۰۲۳", "Per cent, 2023"));
    share.y_title = None;
    share.x_title = None;
    let shares = CategorySeries {
        categories: ["مس", "میوه", "ماهی سالمون", "چوب", "شراب"]
            .iter()
            .zip(["Copper", "Fruit", "Salmon", "Wood", "Wine"])
            .map(|(f, e)| name(f, e))
            .collect(),
        series: vec![Series::new(
            &name("سهم", "Share"),
            vec![43.8, 18.2, 12.5, 6.1, 2.4],
        )],
    };
    let mut div = with(
        ChartKind::Diverging,
        loc(
            "تراز تجاری آمریکا با سیسیلی",
            "US trade balance with Sicily",
        ),
    );
    div.decimals = 1;
    let balance = CategorySeries {
        categories: years(lang, 2000, 12),
        series: vec![Series::new(
            &name("تراز", "Balance"),
            vec![
                -0.9, -0.5, -0.3, -0.6, -1.9, -3.0, -2.9, -0.6, 3.4, 1.6, 1.9, 7.0,
            ],
        )],
    };
    let mut tl = with(
        ChartKind::Timeline,
        loc("روابط تجاری آمریکا و سیسیلی", "US–Sicily trade relations"),
    );
    tl.subtitle = Some(loc(
        "موافقت‌نامه تجارت آزاد، از مذاکره تا اجرای کامل",
        "The free trade agreement, from negotiation to full effect",
    ));
    tl.y_title = None;
    tl.height = 300.0;
    let timeline = TimelineData {
        periods: vec![
            Period {
                start: 2000.9,
                end: 2003.45,
                status_key: "neg".into(),
                label: name("مذاکره", "Negotiation"),
            },
            Period {
                start: 2004.0,
                end: 2015.0,
                status_key: "phase".into(),
                label: name("کاهش تدریجی تعرفه‌ها", "Tariff phase-out"),
            },
            Period {
                start: 2015.0,
                end: 2024.0,
                status_key: "free".into(),
                label: name("تجارت آزاد کامل", "Full free trade"),
            },
        ],
        events: vec![
            Event {
                at: 2003.45,
                label: name("امضای موافقت‌نامه", "Agreement signed"),
            },
            Event {
                at: 2004.0,
                label: name("اجرایی شدن", "Entry into force"),
            },
            Event {
                at: 2015.0,
                label: name("حذف آخرین تعرفه‌ها", "Last tariffs removed"),
            },
            Event {
                at: 2009.5,
                label: name("بحران مالی", "Financial crisis"),
            },
        ],
        statuses: vec![
            Status {
                key: "neg".into(),
                label: name("مذاکره", "Negotiation"),
                color: PALETTE[4],
            },
            Status {
                key: "phase".into(),
                label: name("در حال اجرا", "Phasing in"),
                color: PALETTE[1],
            },
            Status {
                key: "free".into(),
                label: name("کاملاً اجرا شده", "Fully in force"),
                color: PALETTE[2],
            },
        ],
    };
    let mut stacked = with(
        ChartKind::StackedBar,
        loc(
            "صادرات و واردات آمریکا با سیسیلی و تراز آن",
            "US trade with Sicily and its balance",
        ),
    );
    stacked.decimals = 1;
    stacked.subtitle = Some(loc(
        "میلیارد دلار آمریکا؛ واردات زیر صفر، تراز بالای هر ستون",
        "Billion US dollars; imports below zero, balance above each bar",
    ));
    let flows = CategorySeries {
        categories: trade.categories.clone(),
        series: vec![
            trade.series[0].clone(),
            Series::new(
                &trade.series[1].name,
                trade.series[1].values.iter().map(|v| -v).collect(),
            ),
        ],
    };
    vec![
        (bar, ChartData::Categories(trade.clone())),
        (line, ChartData::Categories(trade)),
        (share, ChartData::Categories(shares)),
        (div, ChartData::Categories(balance)),
        (tl, ChartData::Timeline(timeline)),
        (stacked, ChartData::Categories(flows)),
    ]
}
