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
//! a common step, bar value labels are drawn all or none, line value labels
//! find a free place or are left out, event labels find a free place or are
//! numbered with a key).
//!
//! Kinds: [`ChartKind::GroupedBar`], [`ChartKind::Line`],
//! [`ChartKind::HorizontalBar`], [`ChartKind::Diverging`],
//! [`ChartKind::StackedBar`] and [`ChartKind::Timeline`]. Colours come from the Okabe–Ito palette
//! ([`PALETTE`]), which stays distinguishable with the common colour-vision
//! deficiencies; line series also differ by marker shape.
//!
//! # Right to left
//!
//! One convention holds for every kind, in every right-to-left language
//! (Persian today, Arabic or Urdu tomorrow): **time and numbers keep their
//! direction; everything read as text, and every order that is not time,
//! follows the reading direction.** The code that decides which side a
//! thing goes to lives in one place (`sides.rs`).
//!
//! - **Time runs left to right.** The category axis of grouped bar, line,
//!   diverging and stacked bar charts, and the date axis of a timeline, run
//!   left to right in Persian as in English. The digits of a year are
//!   written left to right in Persian and Arabic too; Material Design's
//!   bidirectionality guidance keeps charts left to right for Persian and
//!   Urdu, Adobe Spectrum's says components that represent time are not
//!   mirrored, and a survey of 128 charts in Arabic news outlets (Alebri,
//!   Rakotondravony and Harrison, "Design Patterns in Right-to-Left
//!   Visualizations", IEEE VIS 2024) found right-to-left layouts mostly on
//!   categorical charts and left-to-right time axes common. A Persian and
//!   an English edition of one series then agree about which way "later"
//!   and "rising" go. So the category axis of a vertical chart is read as
//!   an order (years, in practice); categories with no order belong in a
//!   horizontal bar chart.
//! - **Text starts on the start side** (the right in a right-to-left
//!   language): title, subtitle, legend, value-axis caption, source note
//!   and the key of unlabelled events are aligned there, and legend and key
//!   entries read from it (so their order is mirrored).
//! - **The value axis stands on the start side**, under its caption: on the
//!   right in Persian, on the left in English. Its tick labels are numbers,
//!   right-aligned in both directions so that their units line up; in
//!   Persian they are flush with the chart's right edge, under the title.
//! - **Orders that are not time follow reading.** Within a group of bars
//!   the first series is at the start side (rightmost in Persian), in the
//!   order of the legend. A horizontal bar chart is mirrored as a whole:
//!   category labels on the start side, set flush against the bars, and
//!   bars growing away from them, with value labels past the bar's end.
//! - **Labels next to a mark go after it in reading order.** A line chart's
//!   value label that cannot sit above or below its marker goes beside it,
//!   to the right in English and to the left in Persian. A timeline's event
//!   label hangs from its leader line towards the reading direction, so
//!   that its start, the date, is next to the marker: rightwards in
//!   English, leftwards in Persian. Near an edge, or where that side is
//!   taken, it hangs the other way or is centred.
//!
//! Which events of a timeline are labelled does not depend on the
//! direction: the placement search explores the same candidates in both
//! directions and keeps the labelled set that is best by a
//! direction-neutral rule, and only then prefers flags on the reading side.
//! An event that cannot be labelled is numbered: its marker carries the
//! number, and a key below the axis gives its label. Events on one date
//! share one flag.
//!
//! # Honest legends and clean labels
//!
//! A legend lists only what the chart draws: a bar series with no non-zero
//! value, a diverging chart's surplus or deficit when no value has that
//! sign, and a timeline status with no period of some length are left out.
//! No grid line crosses text: where one would pass through a value or event
//! label, the label stands on an opaque backing of the background colour.
//!
//! # In a figure
//!
//! [`RenderOptions`] draws a chart without its title and subtitle, and
//! without its source note, for a figure whose caption and source line the
//! document sets around it; the height they took goes to the plot. The
//! default draws both, as the standalone PNG and SVG files need.
//!
//! Numbers are formatted by the edition's `dossier_lang::Language` (CLDR
//! through ICU4X; in Persian: Persian digits, `٬` thousands separator, `٫`
//! decimal separator, `٪` after the number). Font sizes are at least 9 pt. Sizes are in points; PNGs are written at
//! [`PNG_SCALE`] pixels per point by default.

pub mod backend;
mod bars;
mod chart;
mod context;
pub mod data;
mod event_labels;
pub mod examples;
mod fmt;
mod frame;
mod horizontal;
mod key;
mod line;
mod plot;
mod sides;
pub mod spec;
pub mod ticks;
mod timeline;
mod vertical;

pub use chart::{render_with_layout, render_with_layout_and_options, RenderOptions};
pub use context::{ChartLayout, PlacedLabel, Role, DEFICIT, INK, MUTED, SURPLUS};
pub use data::{
    CategorySeries, ChartData, ChartError, Event, Period, Series, Status, TimelineData,
};
pub use dossier_canvas::{Color, Scene};
pub use spec::{
    check_languages, parse_spec, ChartKind, ChartSpec, EventSource, Localized, PeriodSource,
    SeriesSpec, SpecError, SpecPlaces, MAX_SIZE, MIN_SIZE,
};

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

/// Draws the chart `spec` of `data` in `lang` as `options` ask: for a
/// figure of a document, [`RenderOptions::FIGURE`] leaves the title,
/// subtitle and source note to the document. Errors as [`render`].
pub fn render_with_options(
    spec: &ChartSpec,
    data: &ChartData,
    lang: Lang,
    options: RenderOptions,
) -> Result<Scene, ChartError> {
    render_with_layout_and_options(spec, data, lang, options).map(|(scene, _)| scene)
}

#[cfg(test)]
mod tests;
