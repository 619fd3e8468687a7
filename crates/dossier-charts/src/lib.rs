//! dossier-charts: what a chart is.
//!
//! This crate turns a [`ChartSpec`] (read from a report's TOML with
//! [`parse_spec`]) and typed data ([`ChartData`]: categories × series, or a
//! timeline of periods and events) into a [`Scene`], the display list of
//! dossier-canvas. The same Scene goes to the SVG and PNG writers of
//! dossier-canvas and, as vector graphics, into the PDF of dossier-pdf, so a
//! chart looks the same in all three.
//!
//! Place in the data flow: dossier-core loads and checks the tables; the
//! report layer converts a table into [`CategorySeries`] or
//! [`TimelineData`] (already in the chart's language, e.g. category labels
//! with Persian digits); [`render`] lays out and draws; the writers never
//! shape or measure text.
//!
//! Drawing goes through plotters with a custom [`backend::SceneBackend`]
//! that records f32 paths (plotters' integer pixels are subdivided by
//! [`backend::SUBPIXEL`]), and plotters maps data coordinates onto the plot
//! area. plotters never draws text here: every title, tick, legend entry,
//! value label and note is shaped by dossier-canvas (so Persian letters join
//! and runs are ordered right to left), measured, and placed by this crate,
//! which also checks that labels do not overlap (tick labels are thinned at
//! a common step, bar value labels are drawn all or none, line and event
//! labels find a free place or are left out).
//!
//! Kinds: [`ChartKind::GroupedBar`], [`ChartKind::Line`],
//! [`ChartKind::HorizontalBar`], [`ChartKind::Diverging`],
//! [`ChartKind::StackedBar`] and [`ChartKind::Timeline`]. Colours come from the Okabe–Ito palette
//! ([`PALETTE`]), which stays distinguishable with the common colour-vision
//! deficiencies; line series also differ by marker shape.
//!
//! Right-to-left charts: in Persian the title, subtitle, legend, axis
//! caption and source note are right-aligned, the legend reads from the
//! right (its order is mirrored), value-axis labels stand on the right, and
//! a horizontal bar chart is mirrored entirely (categories on the right,
//! bars growing leftwards). **The time (category) axis of vertical bar, line,
//! diverging and timeline charts runs left to right in Persian too**, as in
//! the statistical publications of Iran's Statistical Centre and Central
//! Bank: the digits of years are themselves written left to right, and
//! readers of Persian data graphics expect time to advance rightwards.
//! Within a group of bars, Persian puts the first series rightmost, matching
//! the legend.
//!
//! Numbers are formatted by `dossier_core::locale` (Persian digits, `٬`
//! thousands separator, `٫` decimal separator, `٪` after the number). Font
//! sizes are at least 9 pt. Sizes are in points; PNGs are written at
//! [`PNG_SCALE`] pixels per point by default.

pub mod backend;
mod chart;
mod context;
pub mod data;
mod event_labels;
pub mod examples;
mod fmt;
mod frame;
mod horizontal;
mod plot;
pub mod spec;
pub mod ticks;
mod timeline;
mod vertical;

pub use chart::render_with_layout;
pub use context::{ChartLayout, PlacedLabel, Role, DEFICIT, INK, MUTED, SURPLUS};
pub use data::{
    CategorySeries, ChartData, ChartError, Event, Period, Series, Status, TimelineData,
};
pub use dossier_canvas::{Color, Scene};
pub use spec::{parse_spec, ChartKind, ChartSpec, Localized, SeriesSpec, SpecError};

use dossier_core::Lang;

/// The Okabe–Ito colour-blind-safe palette, in the order series use it:
/// blue, orange, bluish green, vermillion, sky blue, reddish purple,
/// yellow, black.
pub const PALETTE: [Color; 8] = [
    Color::rgb(0x00, 0x72, 0xB2),
    Color::rgb(0xE6, 0x9F, 0x00),
    Color::rgb(0x00, 0x9E, 0x73),
    Color::rgb(0xD5, 0x5E, 0x00),
    Color::rgb(0x56, 0xB4, 0xE9),
    Color::rgb(0xCC, 0x79, 0xA7),
    Color::rgb(0xF0, 0xE4, 0x42),
    Color::rgb(0x00, 0x00, 0x00),
];

/// Default pixels per point of chart PNGs.
pub const PNG_SCALE: f32 = 2.0;

/// Draws the chart `spec` of `data` in `lang`.
///
/// Errors: no data, series whose length differs from the categories,
/// values that are NaN or infinite, data of the wrong shape for the kind,
/// bad timeline periods, and text the embedded fonts cannot set. A single
/// point, negative, huge or all-equal values give an ordinary chart.
pub fn render(spec: &ChartSpec, data: &ChartData, lang: Lang) -> Result<Scene, ChartError> {
    render_with_layout(spec, data, lang).map(|(scene, _)| scene)
}

#[cfg(test)]
mod tests;
