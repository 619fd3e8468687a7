//! Arbitrary Unicode text, width, direction, alignment and font size
//! through paragraph layout and single-line labels: no panic, and the
//! clusters account for every input character exactly once.
//!
//! Input: byte 0 = flags (bit 0 right-to-left, bit 1 bold, bits 2–3 the
//! alignment, bit 4 split the text into two spans, bit 5 use a degenerate
//! width), bytes 1–2 = width in 1/16 pt, byte 3 = font size, byte 4 = where
//! to split; the rest is the text (invalid UTF-8 becomes U+FFFD).

#![no_main]

use libfuzzer_sys::fuzz_target;

use dossier_canvas::{
    with_typesetter, Align, Color, Direction, ParagraphSpec, Span, SpanStyle, TextError, Weight,
};
use dossier_fuzz::char_counts;

const HEADER: usize = 5;

fuzz_target!(|data: &[u8]| {
    if data.len() < HEADER {
        return;
    }
    let flags = data[0];
    let direction = if flags & 1 != 0 {
        Direction::Rtl
    } else {
        Direction::Ltr
    };
    let weight = if flags & 2 != 0 {
        Weight::Bold
    } else {
        Weight::Regular
    };
    let align = match (flags >> 2) & 3 {
        0 => Align::Start,
        1 => Align::End,
        2 => Align::Center,
        _ => Align::Justify,
    };
    let raw_width = u16::from_le_bytes([data[1], data[2]]);
    let width = if flags & 32 != 0 {
        [0.0, -1.0, f32::NAN, f32::INFINITY, f32::MIN_POSITIVE][raw_width as usize % 5]
    } else {
        f32::from(raw_width) / 16.0
    };
    let size = 4.0 + f32::from(data[3]) / 4.0;
    let text = String::from_utf8_lossy(&data[HEADER..]).into_owned();

    let style = SpanStyle::new(size, weight, Color::BLACK);
    let spans = if flags & 16 != 0 {
        let mut at = (data[4] as usize * text.len()) / 255;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let other = SpanStyle::new(
            size * 1.5,
            if weight == Weight::Bold {
                Weight::Regular
            } else {
                Weight::Bold
            },
            Color::BLACK,
        );
        vec![
            Span {
                text: text[..at].to_string(),
                style: style.clone(),
            },
            Span {
                text: text[at..].to_string(),
                style: other,
            },
        ]
    } else {
        vec![Span {
            text: text.clone(),
            style: style.clone(),
        }]
    };
    let spec = ParagraphSpec {
        spans,
        direction,
        align,
        width,
        line_height: 1.5,
        origin: "fuzz".to_string(),
    };

    match with_typesetter(|ts| ts.paragraph(&spec)) {
        Ok(p) => {
            let clusters = p
                .lines
                .iter()
                .flat_map(|l| l.runs.iter())
                .flat_map(|r| r.clusters_with_text())
                .map(|(_, t)| t);
            assert_eq!(
                char_counts(clusters),
                char_counts(std::iter::once(text.as_str())),
                "paragraph clusters do not cover the text exactly once"
            );
            for line in &p.lines {
                assert!(line.width.is_finite());
                for run in &line.runs {
                    for c in &run.clusters {
                        assert!(c.glyphs.start <= c.glyphs.end && c.glyphs.end <= run.glyphs.len());
                    }
                }
            }
        }
        Err(TextError::Uncovered { ch, .. }) => assert!(text.contains(ch)),
    }

    match with_typesetter(|ts| ts.label(&text, &style, direction, "fuzz")) {
        Ok(label) => {
            let clusters = label
                .runs
                .iter()
                .flat_map(|r| r.clusters_with_text())
                .map(|(_, t)| t);
            // Labels lay out line breaks as spaces.
            let expected: String = text
                .chars()
                .map(|c| {
                    if matches!(
                        c,
                        '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}' | '\u{0B}' | '\u{0C}'
                    ) {
                        ' '
                    } else {
                        c
                    }
                })
                .collect();
            assert_eq!(
                char_counts(clusters),
                char_counts(std::iter::once(expected.as_str())),
                "label clusters do not cover the text exactly once"
            );
            assert!(label.width.is_finite());
        }
        Err(TextError::Uncovered { ch, .. }) => assert!(text.contains(ch)),
    }
});
