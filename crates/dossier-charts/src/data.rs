//! The data a chart draws, already in the language of the chart: the report
//! layer turns core tables into these types.

use dossier_canvas::Color;
use dossier_core::Lang;

use crate::spec::ChartSpec;

/// One named row of values, one value per category.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<f64>,
    /// Overrides the palette colour.
    pub color: Option<Color>,
}

impl Series {
    pub fn new(name: &str, values: Vec<f64>) -> Series {
        Series {
            name: name.to_string(),
            values,
            color: None,
        }
    }
}

/// Categories (e.g. years, countries) × series.
#[derive(Debug, Clone, PartialEq)]
pub struct CategorySeries {
    /// Category labels, already formatted for the chart's language.
    pub categories: Vec<String>,
    pub series: Vec<Series>,
}

/// A span of time with a status (e.g. "in force", "negotiation").
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    /// Fractional years, e.g. 2004.0 for 1 January 2004.
    pub start: f64,
    pub end: f64,
    /// Key into [`TimelineData::statuses`].
    pub status_key: String,
    pub label: String,
}

/// A dated event, drawn as a labelled marker.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Fractional year.
    pub at: f64,
    pub label: String,
}

/// A status of periods: key, legend label and colour.
#[derive(Debug, Clone, PartialEq)]
pub struct Status {
    pub key: String,
    pub label: String,
    pub color: Color,
}

/// Periods and events on a date axis.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineData {
    pub periods: Vec<Period>,
    pub events: Vec<Event>,
    pub statuses: Vec<Status>,
}

/// The data of one chart.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartData {
    Categories(CategorySeries),
    Timeline(TimelineData),
}

/// Why a chart could not be drawn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ChartError {
    #[error("chart {title:?}: there is no data to draw")]
    Empty { title: String },
    #[error("chart {title:?}: table {table:?} has no column {column:?}")]
    MissingColumn {
        title: String,
        table: String,
        column: String,
    },
    #[error("chart {title:?}: series {series:?} has {got} values for {expected} categories")]
    Length {
        title: String,
        series: String,
        got: usize,
        expected: usize,
    },
    #[error(
        "chart {title:?}: series {series:?}, category {category:?}: {value} is not a finite number"
    )]
    NotFinite {
        title: String,
        series: String,
        category: String,
        value: f64,
    },
    #[error("chart {title:?}: a {kind} chart needs {needs} data")]
    WrongData {
        title: String,
        kind: &'static str,
        needs: &'static str,
    },
    #[error("chart {title:?}: {what}")]
    BadTimeline { title: String, what: String },
    #[error("chart {title:?}: {message}")]
    Text { title: String, message: String },
    #[error("chart {title:?}: drawing failed: {message}")]
    Draw { title: String, message: String },
}

impl CategorySeries {
    /// Builds the data of a category chart from table columns: `categories`
    /// are the (formatted) values of the spec's category column, and
    /// `column(name)` gives the numbers of a column, or `None` when the table
    /// has no such column.
    pub fn from_columns(
        spec: &ChartSpec,
        lang: Lang,
        categories: Vec<String>,
        mut column: impl FnMut(&str) -> Option<Vec<f64>>,
    ) -> Result<CategorySeries, ChartError> {
        let mut series = Vec::new();
        for s in &spec.series {
            let values = column(&s.column).ok_or_else(|| ChartError::MissingColumn {
                title: spec.title.first().to_string(),
                table: spec.table.clone().unwrap_or_default(),
                column: s.column.clone(),
            })?;
            series.push(Series {
                name: s.name.get(lang).to_string(),
                values,
                color: s.color,
            });
        }
        Ok(CategorySeries { categories, series })
    }

    /// Checks shape and values: some data, equal lengths, finite numbers.
    pub fn validate(&self, title: &str) -> Result<(), ChartError> {
        if self.categories.is_empty()
            || self.series.is_empty()
            || self.series.iter().all(|s| s.values.is_empty())
        {
            return Err(ChartError::Empty {
                title: title.to_string(),
            });
        }
        for s in &self.series {
            if s.values.len() != self.categories.len() {
                return Err(ChartError::Length {
                    title: title.to_string(),
                    series: s.name.clone(),
                    got: s.values.len(),
                    expected: self.categories.len(),
                });
            }
            if let Some((i, v)) = s.values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
                return Err(ChartError::NotFinite {
                    title: title.to_string(),
                    series: s.name.clone(),
                    category: self.categories[i].clone(),
                    value: *v,
                });
            }
        }
        Ok(())
    }
}

impl TimelineData {
    /// Checks that there is something to draw, that dates are finite, that
    /// periods do not end before they start and that every status is known.
    pub fn validate(&self, title: &str) -> Result<(), ChartError> {
        let bad = |what: String| ChartError::BadTimeline {
            title: title.to_string(),
            what,
        };
        if self.periods.is_empty() && self.events.is_empty() {
            return Err(ChartError::Empty {
                title: title.to_string(),
            });
        }
        for p in &self.periods {
            if !p.start.is_finite() || !p.end.is_finite() {
                return Err(bad(format!(
                    "period {:?} has a date that is not a number",
                    p.label
                )));
            }
            if p.end < p.start {
                return Err(bad(format!("period {:?} ends before it starts", p.label)));
            }
            if !self.statuses.iter().any(|s| s.key == p.status_key) {
                return Err(bad(format!(
                    "period {:?} has unknown status {:?}",
                    p.label, p.status_key
                )));
            }
        }
        if let Some(e) = self.events.iter().find(|e| !e.at.is_finite()) {
            return Err(bad(format!(
                "event {:?} has a date that is not a number",
                e.label
            )));
        }
        Ok(())
    }
}
