//! A small bilingual sample briefing, for tests, benchmarks and eyeballing.

use dossier_canvas::{
    with_typesetter, Color, Direction, Item, Path, Point, Rect, Scene, SpanStyle, Stroke, Weight,
};

use dossier_lang::LanguageTag;

use crate::{
    Block, Callout, Caption, ColumnAlign, Cover, Digits, Document, Figure, HeaderCell, Heading,
    Inline, Labels, Link, List, Metadata, NumberFormatter, Script, ScriptLanguages, Table,
    TableStyle, Theme,
};

/// The digits of the sample's language.
fn digits(persian: bool) -> Digits {
    if persian {
        // U+06F0 starts the ten Extended Arabic-Indic digits.
        Digits::from_zero('۰').expect("۰ starts a set of digits")
    } else {
        Digits::ASCII
    }
}

fn localize_digits(s: &str, persian: bool) -> String {
    digits(persian).apply(s)
}

/// The words a writer adds, in the sample's language.
pub fn sample_labels(persian: bool) -> Labels {
    if persian {
        Labels {
            contents: "فهرست مطالب".into(),
            section: "بخش".into(),
            table: "جدول".into(),
            figure: "شکل".into(),
            page_of: "صفحهٔ {page} از {pages}".into(),
        }
    } else {
        Labels::english()
    }
}

/// An empty document in Persian or English, with the sample's digits and
/// words.
pub fn empty_document(persian: bool) -> Document {
    let (lang, script) = if persian {
        ("fa-IR", Script::ARABIC)
    } else {
        ("en-US", Script::LATIN)
    };
    Document {
        // A fixed, valid tag.
        lang: LanguageTag::parse(lang).expect("a language tag"),
        direction: if persian {
            Direction::Rtl
        } else {
            Direction::Ltr
        },
        scripts: ScriptLanguages::new(script),
        numbers: NumberFormatter::new(digits(persian)),
        labels: sample_labels(persian),
        metadata: Metadata::default(),
        cover: None,
        toc: false,
        blocks: Vec::new(),
    }
}

/// A bar chart made of paths and labels, as dossier-charts would draw it.
pub fn sample_chart(persian: bool, theme: &Theme) -> Scene {
    let mut s = Scene::new(480.0, 220.0);
    let values = [42.0_f32, 55.5, 61.2, 48.9, 70.3];
    let labels_en = ["2020", "2021", "2022", "2023", "2024"];
    let dir = if persian {
        Direction::Rtl
    } else {
        Direction::Ltr
    };
    let axis = Stroke::solid(theme.muted, 0.8);
    s.stroke(
        Path::line(Point::new(40.0, 190.0), Point::new(470.0, 190.0)),
        axis.clone(),
    );
    for (i, v) in values.iter().enumerate() {
        let slot = 86.0;
        // Right to left in Persian: the first year on the right.
        let x = if persian {
            470.0 - (i as f32 + 1.0) * slot + 18.0
        } else {
            40.0 + i as f32 * slot + 18.0
        };
        let h = v * 2.4;
        s.fill(
            Path::rect(Rect::new(x, 190.0 - h, 50.0, h)),
            theme.palette[0],
        );
        let mut grid = Stroke::solid(theme.rule.with_alpha(0.6), 0.5);
        grid.dash = vec![2.0, 2.0];
        s.stroke(
            Path::line(Point::new(40.0, 190.0 - h), Point::new(470.0, 190.0 - h)),
            grid,
        );
        let st = SpanStyle::new(8.0, Weight::Regular, theme.text);
        let year = localize_digits(labels_en[i], persian);
        let value = localize_digits(&format!("{v:.1}"), persian)
            .replace('.', if persian { "٫" } else { "." });
        with_typesetter(|ts| {
            if let Ok(l) = ts.label(&year, &st, dir, "sample") {
                s.items.extend(l.items_at(x + 25.0 - l.width / 2.0, 204.0));
            }
            let bold = SpanStyle::new(8.0, Weight::Bold, theme.text);
            if let Ok(l) = ts.label(&value, &bold, dir, "sample") {
                s.items
                    .extend(l.items_at(x + 25.0 - l.width / 2.0, 186.0 - h));
            }
        });
    }
    s.items.push(Item::Path {
        path: Path::circle(Point::new(30.0, 20.0), 5.0),
        fill: Some(Color::rgb(0xd9, 0x7b, 0x29).with_alpha(0.5)),
        stroke: None,
    });
    s
}

const FA_PARA: &str = "تجارت دوجانبه در سال ۱۴۰۲ به ۲۴٫۵ میلیارد دلار رسید که نسبت به سال پیش ۱۲٪ بیشتر است. سهم صادرات مس همچنان بزرگ‌ترین بخش این مبادلات است و واردات ماشین‌آلات صنعتی رشد چشمگیری داشته است. کارشناسان می‌گویند این روند در سال‌های آینده نیز ادامه خواهد یافت، مگر آنکه قیمت جهانی فلزات کاهش یابد.";
const EN_PARA: &str = "Bilateral trade reached 24.5 billion dollars in 2023, 12% more than the year before. Copper exports remain the largest share of the exchange, and imports of industrial machinery grew markedly. Analysts expect the trend to continue in the coming years unless world metal prices fall.";

/// A sample briefing of roughly `sections` × 2 pages in Persian or English.
pub fn sample_document(persian: bool, sections: usize, theme: &Theme) -> Document {
    let d = |s: &str| localize_digits(s, persian);
    let t = |fa: &str, en: &str| {
        if persian {
            fa.to_string()
        } else {
            en.to_string()
        }
    };
    let mut blocks = Vec::new();
    for sec in 0..sections.max(1) {
        blocks.push(Block::Heading(Heading {
            level: 1,
            text: t("بررسی تجارت دوجانبه", "Bilateral trade overview"),
            numbered: true,
            id: None,
        }));
        blocks.push(Block::Paragraph(vec![
            Inline::bold(t("خلاصه: ", "Summary: ")),
            Inline::plain(t(FA_PARA, EN_PARA)),
        ]));
        blocks.push(Block::Paragraph(vec![
            Inline::plain(t("برای جزئیات به ", "For details see ")),
            Inline::link(
                t("جدول صادرات", "the export table"),
                Link::Internal("sec-1-1".into()),
            ),
            Inline::plain(t(" و ", " and ")),
            Inline::link(
                "example.org",
                Link::External("https://example.org/trade".into()),
            ),
            Inline::plain(t(" مراجعه کنید.", ".")),
        ]));
        blocks.push(Block::Heading(Heading {
            level: 2,
            text: t("صادرات اصلی", "Main exports"),
            numbered: true,
            id: None,
        }));
        blocks.push(Block::List(List {
            ordered: sec % 2 == 1,
            items: vec![
                vec![Inline::plain(t(
                    "مس و کنسانتره‌های آن",
                    "Copper and its concentrates",
                ))],
                vec![Inline::plain(t(
                    "میوه‌های تازه، به‌ویژه انگور",
                    "Fresh fruit, especially grapes",
                ))],
                vec![Inline::plain(t(FA_PARA, EN_PARA))],
            ],
        }));
        let rows: Vec<Vec<String>> = (0..14)
            .map(|i| {
                vec![
                    t(
                        &format!("کالای {}", d(&(i + 1).to_string())),
                        &format!("Product {}", i + 1),
                    ),
                    d(&format!("{}", 120 + i * 37)).replace(',', "٬"),
                    {
                        let v = format!("{}.{}", 3 + i % 7, (i * 13) % 100);
                        if persian {
                            d(&v).replace('.', "٫")
                        } else {
                            v
                        }
                    },
                    t("ثابت", "stable"),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            id: None,
            caption: t("صادرات به تفکیک کالا", "Exports by product"),
            number: Some(sec as u32 + 1),
            header: vec![HeaderCell::row_of([
                t("کالا", "Product"),
                t("ارزش (میلیون دلار)", "Value (million USD)"),
                t("سهم ٪", "Share %"),
                t("روند", "Trend"),
            ])],
            rows,
            align: vec![
                ColumnAlign::Start,
                ColumnAlign::Numeric,
                ColumnAlign::Numeric,
                ColumnAlign::Center,
            ],
            total_row: Some(vec![
                t("جمع", "Total"),
                if persian { d("2٬471") } else { "2,471".into() },
                d("100"),
                String::new(),
            ]),
            row_headers: true,
            source_note: Some(t("منبع: گمرک، ۱۴۰۲", "Source: customs office, 2023")),
            notes: Vec::new(),
            style: if sec % 2 == 0 {
                TableStyle::Zebra
            } else {
                TableStyle::Ruled
            },
        }));
        blocks.push(Block::Figure(Figure {
            id: None,
            scene: sample_chart(persian, theme),
            caption: Caption {
                title: t("ارزش تجارت سالانه", "Annual trade value"),
                subtitle: None,
            },
            source_note: t("منبع: بانک مرکزی", "Source: central bank"),
            number: Some(sec as u32 + 1),
            alt: t(
                "نمودار ستونی ارزش تجارت سالانه، ۲۰۲۰ تا ۲۰۲۴: ۴۲٫۰، ۵۵٫۵، ۶۱٫۲، ۴۸٫۹ و ۷۰٫۳.",
                "Bar chart of annual trade value, 2020 to 2024: 42.0, 55.5, 61.2, 48.9 and 70.3.",
            ),
        }));
        blocks.push(Block::Callout(Callout {
            title: t("نکتهٔ کلیدی", "Key point"),
            body: vec![Inline::plain(t(
                "رشد واردات از رشد صادرات پیشی گرفت.",
                "Imports grew faster than exports.",
            ))],
            key_figures: vec![
                (
                    d("24.5").replace('.', if persian { "٫" } else { "." }),
                    t("میلیارد دلار تجارت", "billion USD trade"),
                ),
                (
                    if persian {
                        "۱۲٪".into()
                    } else {
                        "12%".into()
                    },
                    t("رشد سالانه", "annual growth"),
                ),
            ],
        }));
        blocks.push(Block::Paragraph(vec![Inline::plain(t(FA_PARA, EN_PARA))]));
    }
    Document {
        blocks,
        metadata: Metadata {
            title: t("گزارش تجارت دوجانبه", "Bilateral trade briefing"),
            subtitle: t("مروری بر داده‌های ۱۴۰۲", "A review of 2023 data"),
            author: "dossier".into(),
            subject: t("تجارت", "Trade"),
            keywords: vec![t("تجارت", "trade"), t("صادرات", "exports")],
            date_text: t("آذر ۱۴۰۵", "November 2026"),
            creation_date: Some(1_764_000_000),
        },
        cover: Some(Cover {
            title: t("گزارش تجارت دوجانبه", "Bilateral trade briefing"),
            subtitle: t("مروری بر داده‌های ۱۴۰۲", "A review of 2023 data"),
            date: t("آذر ۱۴۰۵", "November 2026"),
            key_figures: vec![
                (
                    d("24.5").replace('.', if persian { "٫" } else { "." }),
                    t("میلیارد دلار", "billion USD"),
                ),
                (
                    if persian {
                        "۱۲٪".into()
                    } else {
                        "12%".into()
                    },
                    t("رشد", "growth"),
                ),
                (d("14"), t("کالای اصلی", "main products")),
            ],
        }),
        toc: true,
        ..empty_document(persian)
    }
}
