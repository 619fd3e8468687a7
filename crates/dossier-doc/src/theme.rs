//! Paper, font sizes, colours and spacing: the look shared by pages,
//! charts (which take their colours from [`Theme::palette`]) and the web
//! edition.

use dossier_canvas::Color;

/// Paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PageSize {
    #[default]
    A4,
    Letter,
}

impl PageSize {
    /// (width, height) in points.
    pub fn points(self) -> (f32, f32) {
        match self {
            PageSize::A4 => (595.28, 841.89),
            PageSize::Letter => (612.0, 792.0),
        }
    }
}

/// Fonts sizes, colours, spacing and page geometry, shared with charts
/// (which take their colours from [`Theme::palette`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub page: PageSize,
    /// Margins in points: top, right, bottom, left (physical sides).
    pub margin_top: f32,
    pub margin_right: f32,
    pub margin_bottom: f32,
    pub margin_left: f32,
    pub body_size: f32,
    /// Heading sizes for levels 1, 2, 3.
    pub heading_sizes: [f32; 3],
    pub small_size: f32,
    pub title_size: f32,
    pub line_height: f32,
    /// Space after a paragraph, in points.
    pub paragraph_gap: f32,
    pub text: Color,
    pub muted: Color,
    pub accent: Color,
    pub rule: Color,
    pub zebra: Color,
    pub callout_fill: Color,
    /// Series colours for charts.
    pub palette: Vec<Color>,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme {
            page: PageSize::A4,
            margin_top: 72.0,
            margin_right: 62.0,
            margin_bottom: 66.0,
            margin_left: 62.0,
            body_size: 10.5,
            heading_sizes: [17.0, 13.5, 11.5],
            small_size: 8.5,
            title_size: 28.0,
            line_height: 1.55,
            paragraph_gap: 7.0,
            text: Color::rgb(0x1f, 0x23, 0x28),
            muted: Color::rgb(0x6a, 0x72, 0x7c),
            accent: Color::rgb(0x1d, 0x4e, 0x89),
            rule: Color::rgb(0xc8, 0xcd, 0xd3),
            zebra: Color::rgb(0xf1, 0xf4, 0xf8),
            callout_fill: Color::rgb(0xea, 0xf1, 0xfa),
            palette: vec![
                Color::rgb(0x1d, 0x4e, 0x89),
                Color::rgb(0xd9, 0x7b, 0x29),
                Color::rgb(0x3a, 0x8d, 0x5c),
                Color::rgb(0xb0, 0x3a, 0x48),
                Color::rgb(0x6b, 0x5b, 0x95),
                Color::rgb(0x7f, 0x7f, 0x7f),
            ],
        }
    }
}

impl Theme {
    /// US Letter paper, otherwise the default.
    pub fn letter() -> Theme {
        Theme {
            page: PageSize::Letter,
            ..Theme::default()
        }
    }
}
