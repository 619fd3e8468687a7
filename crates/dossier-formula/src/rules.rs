//! Rounding, and the rules that compare a claim's stated value with what
//! the data gives.
//!
//! Rounding is half away from zero everywhere (`0.5` → `1`, `-0.5` →
//! `-1`, `43.75` → `43.8` at one decimal), the rule most sources follow
//! when they round by hand.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// `x` rounded to `decimals` places, halves away from zero.
pub fn round_half_away(x: Decimal, decimals: u32) -> Decimal {
    x.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
}

/// One unit of the last place of `decimals` places: `0.1` for 1.
pub fn unit_of_last_place(decimals: u32) -> Decimal {
    // Scales above 28 are clamped by `Decimal::new`'s contract; every
    // caller passes a precision read from a decimal, at most 28.
    Decimal::new(1, decimals.min(28))
}

/// A value as a source states it, with the precision its text shows:
/// `"43.8"` is 43.8 to 1 decimal, `"1649"` is 1649 to 0 decimals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Stated {
    pub value: Decimal,
    pub decimals: u32,
}

/// Why a text is not a stated value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a stated value (expected plain decimal notation such as `43.8`, `-2` or `1649`)"
)]
pub struct StatedError(pub String);

impl Stated {
    /// Parses plain decimal notation: an optional `-`, ASCII digits, and
    /// optionally `.` and more digits; no exponent, no group separators.
    pub fn parse(text: &str) -> Result<Stated, StatedError> {
        let err = || StatedError(text.to_string());
        let digits = text.strip_prefix('-').unwrap_or(text);
        let (whole, fraction) = match digits.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (digits, None),
        };
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(whole) || fraction.is_some_and(|f| !all_digits(f)) {
            return Err(err());
        }
        let value = Decimal::from_str_exact(text).map_err(|_| err())?;
        Ok(Stated {
            value,
            decimals: fraction.map_or(0, |f| f.len() as u32),
        })
    }
}

/// The number of decimals a stated value's text shows (`"43.8"` → 1,
/// `"43.80"` → 2, `"1649"` → 0); `None` when it is not plain decimal
/// notation.
pub fn stated_decimals(text: &str) -> Option<u32> {
    Stated::parse(text).ok().map(|s| s.decimals)
}

/// How a computed value is compared with a stated one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Equal at the stated precision, or, with a tolerance, within it.
    Equal { tolerance: Option<Decimal> },
    /// "more than 20%": computed > stated.
    MoreThan,
    /// "at least 20%": computed ≥ stated.
    AtLeast,
    /// "less than 20%": computed < stated.
    LessThan,
    /// "at most 20%": computed ≤ stated.
    AtMost,
}

/// The names a claim gives its rule by.
pub const RULE_NAMES: [&str; 5] = ["equal", "more_than", "at_least", "less_than", "at_most"];

/// Why a rule cannot be built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("unknown rule `{name}`{}; the rules are {}", .suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default(), RULE_NAMES.join(", "))]
    Unknown {
        name: String,
        suggestion: Option<String>,
    },
    #[error("a tolerance applies only to the rule `equal`, not to `{0}`")]
    ToleranceWithThreshold(String),
    #[error("a tolerance cannot be negative, found {0}")]
    NegativeTolerance(Decimal),
}

impl Rule {
    /// The rule named `name` (one of [`RULE_NAMES`]), with an optional
    /// tolerance for `equal`.
    pub fn new(name: &str, tolerance: Option<Decimal>) -> Result<Rule, RuleError> {
        if let Some(t) = tolerance {
            if t.is_sign_negative() && !t.is_zero() {
                return Err(RuleError::NegativeTolerance(t));
            }
        }
        let rule = match name {
            "equal" => return Ok(Rule::Equal { tolerance }),
            "more_than" => Rule::MoreThan,
            "at_least" => Rule::AtLeast,
            "less_than" => Rule::LessThan,
            "at_most" => Rule::AtMost,
            _ => {
                return Err(RuleError::Unknown {
                    name: name.to_string(),
                    suggestion: crate::error::closest(name, RULE_NAMES),
                })
            }
        };
        if tolerance.is_some() {
            return Err(RuleError::ToleranceWithThreshold(name.to_string()));
        }
        Ok(rule)
    }

    pub fn name(&self) -> &'static str {
        match self {
            Rule::Equal { .. } => "equal",
            Rule::MoreThan => "more_than",
            Rule::AtLeast => "at_least",
            Rule::LessThan => "less_than",
            Rule::AtMost => "at_most",
        }
    }

    fn holds(&self, computed: Decimal, stated: Decimal) -> bool {
        match self {
            Rule::Equal { .. } => computed == stated,
            Rule::MoreThan => computed > stated,
            Rule::AtLeast => computed >= stated,
            Rule::LessThan => computed < stated,
            Rule::AtMost => computed <= stated,
        }
    }
}

impl FromStr for Rule {
    type Err = RuleError;
    fn from_str(name: &str) -> Result<Rule, RuleError> {
        Rule::new(name, None)
    }
}

/// The class of a checked claim.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    Consistent,
    /// The stated value is what a rounding of the data could give, but not
    /// the data rounded half away from zero.
    RoundingDifference,
    Inconsistent,
    /// The claim has no formula, or its formula gives a missing value; the
    /// caller assigns this class, [`classify`] never does.
    NotCheckable,
}

impl Class {
    pub fn name(&self) -> &'static str {
        match self {
            Class::Consistent => "consistent",
            Class::RoundingDifference => "rounding difference",
            Class::Inconsistent => "inconsistent",
            Class::NotCheckable => "not checkable",
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Compares the value the data gives with the stated one.
///
/// - `equal` without tolerance: consistent when the computed value rounded
///   half away from zero to the stated decimals equals the stated value; a
///   rounding difference when it does not, but the two differ by less than
///   one unit of the last stated place (43.745 against a stated 43.8);
///   inconsistent otherwise (a difference of exactly one unit or more).
/// - `equal` with a tolerance: consistent when |computed − stated| ≤
///   tolerance, inconsistent otherwise.
/// - thresholds: consistent when the computed value satisfies the rule; a
///   rounding difference when only the computed value rounded to the
///   stated decimals does (19.96 is "at least 20" once rounded);
///   inconsistent otherwise.
pub fn classify(computed: Decimal, stated: &Stated, rule: &Rule) -> Class {
    let rounded = round_half_away(computed, stated.decimals);
    // A difference too large for a decimal is beyond any tolerance.
    let distance = computed.checked_sub(stated.value).map(|d| d.abs());
    let within = |bound: Decimal, strict: bool| {
        distance.is_some_and(|d| if strict { d < bound } else { d <= bound })
    };
    match rule {
        Rule::Equal {
            tolerance: Some(tolerance),
        } => {
            if within(*tolerance, false) {
                Class::Consistent
            } else {
                Class::Inconsistent
            }
        }
        Rule::Equal { tolerance: None } => {
            if rounded == stated.value {
                Class::Consistent
            } else if within(unit_of_last_place(stated.decimals), true) {
                Class::RoundingDifference
            } else {
                Class::Inconsistent
            }
        }
        threshold => {
            if threshold.holds(computed, stated.value) {
                Class::Consistent
            } else if threshold.holds(rounded, stated.value) {
                Class::RoundingDifference
            } else {
                Class::Inconsistent
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn stated(s: &str) -> Stated {
        Stated::parse(s).unwrap()
    }

    fn class(computed: &str, s: &str, rule: Rule) -> Class {
        classify(d(computed), &stated(s), &rule)
    }

    const EQUAL: Rule = Rule::Equal { tolerance: None };

    #[test]
    fn rounds_halves_away_from_zero() {
        assert_eq!(round_half_away(d("43.75"), 1), d("43.8"));
        assert_eq!(round_half_away(d("43.7499"), 1), d("43.7"));
        assert_eq!(round_half_away(d("43.85"), 1), d("43.9"));
        assert_eq!(round_half_away(d("0.5"), 0), d("1"));
        assert_eq!(round_half_away(d("1.5"), 0), d("2"));
        assert_eq!(round_half_away(d("2.5"), 0), d("3"));
        assert_eq!(round_half_away(d("-0.5"), 0), d("-1"));
        assert_eq!(round_half_away(d("-2.45"), 1), d("-2.5"));
        assert_eq!(round_half_away(d("-2.449"), 1), d("-2.4"));
        assert_eq!(round_half_away(d("1649"), 0), d("1649"));
    }

    #[test]
    fn reads_the_stated_precision() {
        assert_eq!(
            stated("43.8"),
            Stated {
                value: d("43.8"),
                decimals: 1
            }
        );
        assert_eq!(stated_decimals("43.80"), Some(2));
        assert_eq!(stated_decimals("1649"), Some(0));
        assert_eq!(stated_decimals("-0.25"), Some(2));
        for bad in [
            "", "-", ".5", "5.", "1e3", "1,649", "+3", "۴۳/۸", " 4", "4.5.6",
        ] {
            assert!(Stated::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn equal_at_stated_precision() {
        assert_eq!(class("43.8", "43.8", EQUAL), Class::Consistent);
        assert_eq!(
            class("43.75", "43.8", EQUAL),
            Class::Consistent,
            "a half rounds up"
        );
        assert_eq!(
            class("43.84999", "43.8", EQUAL),
            Class::Consistent,
            "just under a half rounds down"
        );
        assert_eq!(
            class("43.85", "43.8", EQUAL),
            Class::RoundingDifference,
            "a half above rounds up to 43.9"
        );
        assert_eq!(class("43.745", "43.8", EQUAL), Class::RoundingDifference);
        assert_eq!(class("43.7001", "43.8", EQUAL), Class::RoundingDifference);
        assert_eq!(
            class("43.7", "43.8", EQUAL),
            Class::Inconsistent,
            "one whole unit off"
        );
        assert_eq!(class("43.9", "43.8", EQUAL), Class::Inconsistent);
        assert_eq!(
            class("-2.45", "-2.5", EQUAL),
            Class::Consistent,
            "negative halves round away from zero"
        );
        assert_eq!(class("-2.45", "-2.4", EQUAL), Class::RoundingDifference);
        assert_eq!(class("1649.5", "1650", EQUAL), Class::Consistent);
        assert_eq!(class("1649.49", "1650", EQUAL), Class::RoundingDifference);
        assert_eq!(class("1649", "1650", EQUAL), Class::Inconsistent);
    }

    #[test]
    fn tolerance_edges() {
        let rule = Rule::new("equal", Some(d("0.5"))).unwrap();
        assert_eq!(class("20.5", "20", rule), Class::Consistent, "on the edge");
        assert_eq!(
            class("19.5", "20", rule),
            Class::Consistent,
            "on the lower edge"
        );
        assert_eq!(class("20.5001", "20", rule), Class::Inconsistent);
        assert_eq!(class("19.4999", "20", rule), Class::Inconsistent);
        let exact = Rule::new("equal", Some(Decimal::ZERO)).unwrap();
        assert_eq!(class("20.0", "20", exact), Class::Consistent);
        assert_eq!(class("20.01", "20", exact), Class::Inconsistent);
    }

    #[test]
    fn thresholds_both_ways() {
        assert_eq!(class("20.1", "20", Rule::MoreThan), Class::Consistent);
        assert_eq!(class("20", "20", Rule::MoreThan), Class::Inconsistent);
        assert_eq!(class("19.9", "20", Rule::MoreThan), Class::Inconsistent);
        assert_eq!(class("20.4", "20", Rule::MoreThan), Class::Consistent);
        assert_eq!(class("20", "20", Rule::AtLeast), Class::Consistent);
        assert_eq!(
            class("19.5", "20", Rule::AtLeast),
            Class::RoundingDifference,
            "19.5 rounds to 20"
        );
        assert_eq!(class("19.49", "20", Rule::AtLeast), Class::Inconsistent);
        assert_eq!(class("19.9", "20", Rule::LessThan), Class::Consistent);
        assert_eq!(class("20", "20", Rule::LessThan), Class::Inconsistent);
        assert_eq!(class("20", "20", Rule::AtMost), Class::Consistent);
        assert_eq!(
            class("20.49", "20", Rule::AtMost),
            Class::RoundingDifference
        );
        assert_eq!(
            class("20.5", "20", Rule::AtMost),
            Class::Inconsistent,
            "20.5 rounds to 21"
        );
        assert_eq!(class("-20.5", "-20", Rule::LessThan), Class::Consistent);
    }

    #[test]
    fn huge_differences_are_inconsistent() {
        let max = Decimal::MAX.to_string();
        let min = Decimal::MIN.to_string();
        assert_eq!(class(&max, &min, EQUAL), Class::Inconsistent);
        let rule = Rule::new("equal", Some(Decimal::MAX)).unwrap();
        assert_eq!(class(&max, &min, rule), Class::Inconsistent);
        assert_eq!(class(&max, &min, Rule::MoreThan), Class::Consistent);
    }

    #[test]
    fn rule_names() {
        assert_eq!("at_least".parse::<Rule>(), Ok(Rule::AtLeast));
        assert_eq!(
            Rule::new("more_then", None),
            Err(RuleError::Unknown {
                name: "more_then".into(),
                suggestion: Some("more_than".into())
            })
        );
        assert_eq!(
            Rule::new("at_most", Some(d("1"))),
            Err(RuleError::ToleranceWithThreshold("at_most".into()))
        );
        assert_eq!(
            Rule::new("equal", Some(d("-1"))),
            Err(RuleError::NegativeTolerance(d("-1")))
        );
        for name in RULE_NAMES {
            assert_eq!(Rule::new(name, None).unwrap().name(), name);
        }
        assert_eq!(Class::RoundingDifference.to_string(), "rounding difference");
    }
}
