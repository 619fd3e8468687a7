//! Prints what dossier knows of a language: its direction, digits and
//! signs, calendar, plural categories, sample numbers and dates, and
//! every message of its file, so that a translator or reviewer can read
//! an edition's formatting on one page.
//!
//! ```sh
//! cargo run -p dossier-lang --example sheet -- fa
//! cargo run -p dossier-lang --example sheet -- ar native
//! ```

use std::process::ExitCode;

use dossier_lang::{
    Args, CalendarChoice, DatePrecision, DateStyle, Label, Language, LanguageOptions, LanguageTag,
    Message, Numbering, PartialDate,
};
use rust_decimal::Decimal;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(tag) = args.next() else {
        eprintln!("usage: sheet TAG [default|native|latin]");
        return ExitCode::from(2);
    };
    let numbering = match args.next().as_deref() {
        None | Some("default") => Numbering::Default,
        Some("native") => Numbering::Native,
        Some("latin") => Numbering::Latin,
        Some(other) => {
            eprintln!("unknown numbering `{other}` (expected default, native or latin)");
            return ExitCode::from(2);
        }
    };
    let tag = match LanguageTag::parse(&tag) {
        Ok(tag) => tag,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let options = LanguageOptions { numbering };
    let lang = match Language::load(&tag, options, &dossier_canvas::covers) {
        Ok(lang) => lang,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    print!("{}", sheet(&lang));
    ExitCode::SUCCESS
}

fn sheet(lang: &Language) -> String {
    let mut out = String::new();
    let mut line = |k: &str, v: String| out.push_str(&format!("{k:<28} {v}\n"));
    let s = lang.symbols();
    line("tag", lang.tag().to_string());
    line("messages", lang.message_file().to_string());
    line("direction", lang.direction().html().to_string());
    line("numbering system", s.numbering_system.clone());
    line("digits", s.digits.iter().collect());
    line("decimal, group", format!("{:?} {:?}", s.decimal, s.group));
    line(
        "minus",
        format!("{:?} {:?}", s.minus_prefix, s.minus_suffix),
    );
    line(
        "percent",
        format!("{:?} {:?}", s.percent_sign, s.percent_pattern),
    );
    line("calendar", lang.default_calendar().id().to_string());
    let plurals: Vec<String> = lang
        .plural_categories()
        .iter()
        .map(|c| format!("{c:?}").to_lowercase())
        .collect();
    line("plural categories", plurals.join(", "));
    line("integer 1649", lang.integer(1649));
    line("integer 2375", lang.integer(2375));
    line("integer 16493", lang.integer(16493));
    line("integer -1417", lang.integer(-1417));
    line(
        "decimal 1234567.891, 2",
        lang.decimal(Decimal::new(1_234_567_891, 3), 2),
    );
    line("decimal 43.75, 1", lang.decimal(Decimal::new(4375, 2), 1));
    line("decimal -2.5, 1", lang.decimal(Decimal::new(-25, 1), 1));
    line("percent 43.7, 1", lang.percent(Decimal::new(437, 1), 1));
    line("percent 18, 0", lang.percent(18, 0));
    line("percent -5.25, 2", lang.percent(Decimal::new(-525, 2), 2));
    line("year 1995", lang.year(1995));
    line("page 12", lang.digits(12));
    line("heading 3.1", lang.heading_number(&[3, 1]));
    line("list 7, 9", lang.list(&[lang.digits(7), lang.digits(9)]));
    let cover = PartialDate::ymd(2026, 11, 28);
    let historical = PartialDate::ymd(1973, 9, 11);
    for (name, date, calendar, precision, other) in [
        ("edition date", cover, CalendarChoice::Default, None, false),
        (
            "edition date, both",
            cover,
            CalendarChoice::Default,
            None,
            true,
        ),
        (
            "edition month",
            cover,
            CalendarChoice::Default,
            Some(DatePrecision::Month),
            false,
        ),
        (
            "edition year",
            cover,
            CalendarChoice::Default,
            Some(DatePrecision::Year),
            false,
        ),
        (
            "historical date",
            historical,
            CalendarChoice::Gregorian,
            None,
            false,
        ),
        (
            "historical month",
            PartialDate::ym(1990, 3),
            CalendarChoice::Gregorian,
            None,
            false,
        ),
        (
            "historical year",
            PartialDate::y(1970),
            CalendarChoice::Gregorian,
            None,
            false,
        ),
    ] {
        let style = DateStyle {
            calendar,
            precision,
            other_calendar: other,
        };
        line(
            name,
            lang.date(&date, &style).unwrap_or_else(|e| e.to_string()),
        );
    }
    for label in Label::ALL {
        line(label.id(), lang.label(*label).to_string());
    }
    for message in Message::ALL {
        let samples: Vec<String> = message
            .arguments()
            .iter()
            .map(|a| format!("[{a}]"))
            .collect();
        let mut args = Args::new();
        for (name, sample) in message.arguments().iter().zip(&samples) {
            args = if *name == "count" {
                args.number(name, 2)
            } else {
                args.text(name, sample)
            };
        }
        line(
            message.id(),
            lang.message(*message, &args)
                .unwrap_or_else(|e| e.to_string()),
        );
    }
    out
}
