//! Claims checked: each claim's formula evaluated over the data sets and
//! the report's figures, and classed against the stated value by its rule
//! (see [`dossier_formula::classify`]): consistent, rounding difference,
//! inconsistent, or not checkable (no formula, or a missing value).

use dossier_formula::{classify, Class, Decimal, Formula, Rule, Stated, Trace, Value};
use serde::Serialize;

use super::figures::{FigureUnit, Figures};
use super::EvalError;
use crate::package::{Claim, Package, Unit};

/// One claim, checked.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClaimCheck {
    pub id: String,
    pub class: Class,
    /// The stated value as the source writes it (`"43.8"`).
    pub stated: Option<String>,
    /// Decimals of the stated value: the stated precision.
    pub decimals: u32,
    pub unit: FigureUnit,
    /// The rule's name (`equal`, `more_than`, …).
    pub rule: &'static str,
    pub formula: Option<String>,
    /// What the data gives, unrounded.
    pub computed: Option<Decimal>,
    /// The computation with every value in place, for the claims table.
    #[serde(skip)]
    pub trace: Option<Trace>,
}

impl ClaimCheck {
    /// How many decimals show the computed value unrounded enough to see
    /// why it has its class: three, or two more than the stated precision
    /// when that is more; none for a whole number.
    pub fn shown_decimals(&self) -> u32 {
        match self.computed {
            Some(c) if c.fract().is_zero() => 0,
            _ => (self.decimals + 2).max(3),
        }
    }
}

/// The unit a claim's values are printed in.
pub fn claim_unit(unit: Option<&Unit>) -> FigureUnit {
    match unit {
        Some(Unit::Percent) => FigureUnit::Percent,
        Some(Unit::Money { currency, scale }) => FigureUnit::Money {
            currency: currency.clone(),
            scale: *scale,
        },
        Some(Unit::Days) => FigureUnit::Days,
        Some(Unit::Years) => FigureUnit::Years,
        Some(Unit::Year) => FigureUnit::Year,
        Some(Unit::Number) | None => FigureUnit::Number,
    }
}

/// Checks every claim of `package` with `figures` in scope.
pub fn check_claims(
    package: &Package,
    figures: &Figures,
) -> Result<Vec<ClaimCheck>, Vec<EvalError>> {
    let ctx = figures.context(package);
    let mut errors = Vec::new();
    let mut checks = Vec::new();
    for claim in &package.claims {
        match check_claim(package, claim, &ctx) {
            Ok(c) => checks.push(c),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(checks)
    } else {
        Err(errors)
    }
}

fn check_claim(
    package: &Package,
    claim: &Claim,
    ctx: &dyn dossier_formula::Context,
) -> Result<ClaimCheck, EvalError> {
    let mut check = ClaimCheck {
        id: claim.id.clone(),
        class: Class::NotCheckable,
        stated: claim.stated.as_ref().map(|s| s.text.clone()),
        decimals: claim.stated.as_ref().map_or(0, |s| s.decimals),
        unit: claim_unit(claim.unit.as_ref()),
        rule: "equal",
        formula: claim.formula.as_ref().map(|f| f.text.clone()),
        computed: None,
        trace: None,
    };
    let rule = Rule::new(rule_name(claim), claim.tolerance)
        .map_err(|e| EvalError::new(claim.place.clone(), "claim", e.to_string()))?;
    check.rule = rule.name();
    let Some(source) = &claim.formula else {
        return Ok(check);
    };
    let at = |pos: usize| package.formula_place(source, pos);
    let formula = Formula::parse(&source.text).map_err(|e| {
        EvalError::new(
            at(e.span.start),
            "formula",
            format!("in the formula of claim `{}`: {e}", claim.id),
        )
    })?;
    let traced = formula.evaluate_traced(ctx).map_err(|e| {
        EvalError::new(
            at(e.span.start),
            "formula",
            format!("in the formula of claim `{}`: {e}", claim.id),
        )
    })?;
    let Some(stated) = &claim.stated else {
        return Err(EvalError::new(
            claim.place.clone(),
            "claim",
            format!(
                "claim `{}` has a formula but no `stated` value to compare it with",
                claim.id
            ),
        ));
    };
    check.trace = Some(traced.trace);
    match traced.value {
        Value::Number(n) => {
            check.computed = Some(n);
            check.class = classify(
                n,
                &Stated {
                    value: stated.value,
                    decimals: stated.decimals,
                },
                &rule,
            );
        }
        Value::Missing => {}
        other => {
            return Err(EvalError::new(
                at(0),
                "claim",
                format!(
                    "the formula of claim `{}` gives {}, expected a number to compare with the stated {}",
                    claim.id,
                    other.kind(),
                    stated.text
                ),
            ))
        }
    }
    Ok(check)
}

fn rule_name(claim: &Claim) -> &'static str {
    use crate::package::Rule as R;
    match claim.rule {
        R::Equal => "equal",
        R::MoreThan => "more_than",
        R::AtLeast => "at_least",
        R::LessThan => "less_than",
        R::AtMost => "at_most",
    }
}
