//! Figures: named formulas over the data sets, evaluated in dependency
//! order, each with the unit and decimals it is printed with.
//!
//! ```toml
//! [[figure]]
//! name = "growth.b.2"
//! formula = "pct_change(t['b', 1].v, t['b', 2].v)"
//! decimals = 1            # default: percent 1, everything else 0
//! # unit = "percent"      # default: from the formula, see FigureUnit::infer
//!
//! [[figure]]              # a family: one figure per row of the set
//! each = "t[kind = 'b']"  # a data set, optionally filtered
//! name = "b.{year}"       # `{field}` takes the row's value
//! formula = "v"           # bare names are the row's fields
//! ```
//!
//! Figures are evaluated on demand and kept: a figure is computed once,
//! the first time a formula (or the report) asks for it. While one is
//! being computed it is on a stack; asking for a figure already on the
//! stack is a circular definition, reported with the chain (`a -> b -> a`).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use dossier_formula::{
    closest, Context, Decimal, Expr, ExprKind, FigureError, Formula, Table, Value,
};
use serde::Serialize;

use super::reads::Reads;
use super::{EvalError, FormulaSource};
use crate::package::{FieldType, Package, Place, Unit};

/// How a figure is printed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureUnit {
    Number,
    Percent,
    /// An amount of a currency in units of `scale` (printed as the
    /// number; the words for the unit are the report's).
    Money {
        currency: String,
        scale: u64,
    },
    Days,
    Years,
    /// A calendar year: never grouped.
    Year,
    Date,
    Text,
}

impl FigureUnit {
    /// The names a spec may write.
    pub const NAMES: &'static [&'static str] = &[
        "number", "percent", "money", "days", "years", "year", "date", "text",
    ];

    pub fn parse(name: &str) -> Option<FigureUnit> {
        Some(match name {
            "number" => FigureUnit::Number,
            "percent" => FigureUnit::Percent,
            "days" => FigureUnit::Days,
            "years" => FigureUnit::Years,
            "year" => FigureUnit::Year,
            "date" => FigureUnit::Date,
            "text" => FigureUnit::Text,
            _ => return None,
        })
    }

    /// The unit of a package field.
    pub fn of_field(field_type: FieldType, unit: Option<&Unit>) -> FigureUnit {
        match (field_type, unit) {
            (_, Some(Unit::Percent)) => FigureUnit::Percent,
            (_, Some(Unit::Money { currency, scale })) => FigureUnit::Money {
                currency: currency.clone(),
                scale: *scale,
            },
            (_, Some(Unit::Days)) => FigureUnit::Days,
            (_, Some(Unit::Years)) => FigureUnit::Years,
            (_, Some(Unit::Year)) => FigureUnit::Year,
            (_, Some(Unit::Number)) => FigureUnit::Number,
            (FieldType::Year, _) => FigureUnit::Year,
            (FieldType::Date | FieldType::YearMonth, _) => FigureUnit::Date,
            (FieldType::String | FieldType::Localized | FieldType::Boolean, _) => FigureUnit::Text,
            _ => FigureUnit::Number,
        }
    }

    /// The unit a formula's value has: `pct_change` and `share` give
    /// percent, `days_between` days, `years_between` years, `year()` a
    /// year; a field of a data set keeps its field's unit; arithmetic
    /// keeps the unit of its first operand (a money amount minus another
    /// is money); a date value is a date; anything else is a number.
    pub fn infer(expr: &Expr, value: &Value, package: &Package) -> FigureUnit {
        match value {
            Value::Date(_) => return FigureUnit::Date,
            Value::Text(_) | Value::Bool(_) => return FigureUnit::Text,
            _ => {}
        }
        Self::of_expr(expr, package).unwrap_or(FigureUnit::Number)
    }

    fn of_expr(expr: &Expr, package: &Package) -> Option<FigureUnit> {
        match &expr.kind {
            ExprKind::Call { function, args } => match function.name.as_str() {
                "pct_change" | "share" => Some(FigureUnit::Percent),
                "days_between" => Some(FigureUnit::Days),
                "years_between" => Some(FigureUnit::Years),
                "year" => Some(FigureUnit::Year),
                "round" | "abs" | "min" | "max" | "sum" | "mean" => {
                    args.first().and_then(|a| Self::of_expr(a, package))
                }
                _ => None,
            },
            ExprKind::Field { field, .. } => {
                // The last field named: look it up in every data set.
                package.resources.iter().find_map(|r| {
                    r.field(&field.name)
                        .map(|(_, f)| FigureUnit::of_field(f.field_type, f.unit.as_ref()))
                })
            }
            ExprKind::Binary { left, right, op } => {
                if op.is_comparison() {
                    return None;
                }
                Self::of_expr(left, package).or_else(|| Self::of_expr(right, package))
            }
            ExprKind::Unary { operand, .. } => Self::of_expr(operand, package),
            _ => None,
        }
    }

    /// The decimals a figure of this unit shows unless it says otherwise.
    pub fn default_decimals(&self) -> u32 {
        match self {
            FigureUnit::Percent => 1,
            _ => 0,
        }
    }
}

/// A figure as the spec defines it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FigureDef {
    /// The name, or for a family the name pattern with `{field}` in it.
    pub name: String,
    pub formula: FormulaSource,
    /// For a family: the data set (optionally filtered) whose rows each
    /// give one figure.
    pub each: Option<FormulaSource>,
    pub decimals: Option<u32>,
    pub unit: Option<FigureUnit>,
    /// Where the figure is defined.
    pub place: Place,
}

/// A figure's value and how it is printed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Figure {
    pub name: String,
    pub value: Value,
    pub unit: FigureUnit,
    pub decimals: u32,
    /// The formula that gives it (for `check`).
    pub formula: String,
}

/// The values of a report's parameters for one run, by name: what
/// `param.NAME` gives in a formula.
pub type Params = BTreeMap<String, Value>;

/// Every figure of a report, by name, with the parameter values they were
/// evaluated with and the record of the rows they read, so that every
/// later formula (a view's filter, a chart's) sees the same parameters and
/// adds to the same record.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Figures {
    pub figures: BTreeMap<String, Figure>,
    pub params: Params,
    /// Where the rows formulas take values from are recorded, if anywhere.
    #[serde(skip)]
    pub reads: Option<Arc<Reads>>,
}

impl PartialEq for Figures {
    /// Equal values; where reads are recorded does not count.
    fn eq(&self, other: &Figures) -> bool {
        self.figures == other.figures && self.params == other.params
    }
}

impl Figures {
    /// No figures, with `params` in scope and reads recorded in `reads`.
    pub fn with_params(params: Params, reads: Option<Arc<Reads>>) -> Figures {
        Figures {
            figures: BTreeMap::new(),
            params,
            reads,
        }
    }

    /// Records that values of `rows` of data set `name` were taken.
    pub fn mark(&self, name: &str, rows: impl IntoIterator<Item = usize>) {
        if let Some(reads) = &self.reads {
            reads.mark(name, rows);
        }
    }

    pub fn get(&self, name: &str) -> Option<&Figure> {
        self.figures.get(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.figures.keys().map(String::as_str)
    }

    /// A formula context over `package` with these figures.
    pub fn context<'a>(&'a self, package: &'a Package) -> Evaluated<'a> {
        Evaluated {
            package,
            figures: self,
        }
    }
}

/// A formula context with evaluated figures: data sets from the package,
/// figures by value.
pub struct Evaluated<'a> {
    pub package: &'a Package,
    pub figures: &'a Figures,
}

impl Context for Evaluated<'_> {
    fn table(&self, name: &str) -> Option<&dyn Table> {
        self.package.table(name)
    }

    fn is_figure(&self, name: &str) -> bool {
        self.figures.figures.contains_key(name)
    }

    fn figure(&self, name: &str) -> Option<Result<Value, FigureError>> {
        self.figures.get(name).map(|f| Ok(f.value.clone()))
    }

    fn parameter(&self, name: &str) -> Option<Value> {
        self.figures.params.get(name).cloned()
    }

    fn names(&self) -> Vec<&str> {
        self.package
            .resources
            .iter()
            .map(|r| r.name.as_str())
            .chain(self.figures.names())
            .collect()
    }

    fn parameter_names(&self) -> Vec<&str> {
        self.figures.params.keys().map(String::as_str).collect()
    }

    fn rows_used(&self, name: &str, rows: &[usize]) {
        self.figures.mark(name, rows.iter().copied());
    }
}

/// One concrete figure to evaluate: a plain definition, or a member of a
/// family bound to a row.
struct Pending<'a> {
    def: &'a FigureDef,
    formula: Formula,
    row: Option<(&'a str, usize)>,
    name: String,
}

/// A figure to add: its name, the row it is bound to, its formula.
type Member<'a> = (String, Option<(&'a str, usize)>, Formula);

/// Evaluation in progress: figures computed on demand, with the stack of
/// those being computed.
struct Scope<'a> {
    package: &'a Package,
    /// The parameters and the record of reads, carried to the result.
    env: &'a Figures,
    pending: HashMap<String, Pending<'a>>,
    done: RefCell<BTreeMap<String, Result<Value, FigureError>>>,
    stack: RefCell<Vec<String>>,
    errors: RefCell<Vec<EvalError>>,
}

impl Scope<'_> {
    fn compute(&self, name: &str) -> Option<Result<Value, FigureError>> {
        if let Some(done) = self.done.borrow().get(name) {
            return Some(done.clone());
        }
        let pending = self.pending.get(name)?;
        if let Some(at) = self.stack.borrow().iter().position(|n| n == name) {
            let mut chain: Vec<String> = self.stack.borrow()[at..].to_vec();
            chain.push(name.to_string());
            return Some(Err(FigureError::Circular { chain }));
        }
        self.stack.borrow_mut().push(name.to_string());
        if let Some((table, row)) = pending.row {
            self.env.mark(table, [row]);
        }
        let result = match pending.row {
            Some((table, row)) => match self.package.table(table) {
                Some(t) => pending.formula.evaluate_in_row(self, t, row),
                None => pending.formula.evaluate(self),
            },
            None => pending.formula.evaluate(self),
        };
        self.stack.borrow_mut().pop();
        let result = match result {
            Ok(v) => Ok(v),
            Err(e) => {
                let message = e.to_string();
                let report = !matches!(e.kind, dossier_formula::ErrorKind::FigureFailed { .. });
                if report {
                    let mut err = pending.def.formula.error(&e);
                    if matches!(e.kind, dossier_formula::ErrorKind::Circular { .. }) {
                        err.kind = "circular";
                    }
                    if pending.row.is_some() {
                        err.message = format!("figure `{}`: {}", pending.name, err.message);
                    }
                    self.errors.borrow_mut().push(err);
                }
                Err(FigureError::Failed { message })
            }
        };
        self.done
            .borrow_mut()
            .insert(name.to_string(), result.clone());
        Some(result)
    }
}

impl Context for Scope<'_> {
    fn table(&self, name: &str) -> Option<&dyn Table> {
        self.package.table(name)
    }

    fn is_figure(&self, name: &str) -> bool {
        self.pending.contains_key(name)
    }

    fn figure(&self, name: &str) -> Option<Result<Value, FigureError>> {
        self.compute(name)
    }

    fn parameter(&self, name: &str) -> Option<Value> {
        self.env.params.get(name).cloned()
    }

    fn names(&self) -> Vec<&str> {
        self.package
            .resources
            .iter()
            .map(|r| r.name.as_str())
            .chain(self.pending.keys().map(String::as_str))
            .collect()
    }

    fn parameter_names(&self) -> Vec<&str> {
        self.env.params.keys().map(String::as_str).collect()
    }

    fn rows_used(&self, name: &str, rows: &[usize]) {
        self.env.mark(name, rows.iter().copied());
    }
}

/// The value of a row's field as it reads in a figure name: a number in
/// plain notation, a text or date as written.
fn name_part(v: &Value) -> String {
    match v {
        Value::Number(n) => n.normalize().to_string(),
        Value::Text(t) => t.clone(),
        Value::Date(d) => d.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Missing | Value::List(_) => String::new(),
    }
}

/// Fills `{field}` in a family's name pattern from a row of `table`.
fn family_name(pattern: &str, table: &dyn Table, row: usize) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| format!("`{{` without `}}` in the name `{pattern}`"))?;
        let field = &after[..close];
        let index = table.field_index(field).ok_or_else(|| {
            let hint = closest(field, table.fields().iter().map(String::as_str))
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            format!("the name `{pattern}` names `{field}`, which is not a field{hint}")
        })?;
        out.push_str(&table.value(row, index).map(name_part).unwrap_or_default());
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The data set and rows a family's `each` gives: `name` or
/// `name[condition]`.
fn family_rows<'a>(
    each: &FormulaSource,
    package: &'a Package,
    env: &Figures,
) -> Result<(&'a str, Vec<usize>), EvalError> {
    let text = each.text.trim();
    let (name, condition) = match text.find('[') {
        Some(open) if text.ends_with(']') => {
            (text[..open].trim(), Some(&text[open + 1..text.len() - 1]))
        }
        _ => (text, None),
    };
    let resource = package.resource(name).ok_or_else(|| {
        let hint = closest(name, package.resources.iter().map(|r| r.name.as_str()))
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        EvalError::new(
            each.place.clone(),
            "unknown-data",
            format!("`each` names the unknown data set `{name}`{hint}"),
        )
    })?;
    let mut rows = Vec::new();
    let condition = match condition {
        Some(c) => {
            let offset = text.find('[').map_or(0, |o| o + 1);
            let source = FormulaSource {
                text: c.to_string(),
                place: each.place_at(offset),
                verbatim: each.verbatim,
            };
            Some((source.parse()?, source))
        }
        None => None,
    };
    let ctx = env.context(package);
    let tested = condition
        .as_ref()
        .map(|(f, _)| f.evaluate_in_rows(&ctx, resource, 0..resource.rows.len()));
    for row in 0..resource.rows.len() {
        let keep = match (&condition, &tested) {
            (None, _) | (_, None) => true,
            (Some((_, source)), Some(tested)) => {
                match tested.get(row).cloned().unwrap_or(Ok(Value::Missing)) {
                    Ok(Value::Bool(b)) => b,
                    Ok(Value::Missing) => false,
                    Ok(other) => {
                        return Err(EvalError::new(
                            source.place.clone(),
                            "formula",
                            format!(
                                "the condition of `each` gives {}, expected a condition (true or false)",
                                other.kind()
                            ),
                        ))
                    }
                    Err(e) => return Err(source.error(&e)),
                }
            }
        };
        if keep {
            rows.push(row);
        }
    }
    Ok((resource.name.as_str(), rows))
}

/// Evaluates every figure of `defs` over `package`, in dependency order.
/// Returns every error: bad formulas, unknown names, circular definitions,
/// two figures of one name.
pub fn evaluate_figures(package: &Package, defs: &[FigureDef]) -> Result<Figures, Vec<EvalError>> {
    evaluate_figures_in(package, defs, Figures::default())
}

/// As [`evaluate_figures`], with the parameters of `env` in scope and the
/// rows read recorded where `env` records them; the result keeps both.
pub fn evaluate_figures_in(
    package: &Package,
    defs: &[FigureDef],
    env: Figures,
) -> Result<Figures, Vec<EvalError>> {
    let mut errors = Vec::new();
    let mut pending: HashMap<String, Pending<'_>> = HashMap::new();
    let mut order = Vec::new();
    for def in defs {
        let formula = match def.formula.parse() {
            Ok(f) => f,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let members: Vec<Member<'_>> = match &def.each {
            None => vec![(def.name.clone(), None, formula)],
            Some(each) => match family_rows(each, package, &env) {
                Ok((table, rows)) => {
                    let mut out = Vec::new();
                    for row in rows {
                        let t = package.table(table);
                        match t.map(|t| family_name(&def.name, t, row)) {
                            Some(Ok(name)) => out.push((name, Some((table, row)), formula.clone())),
                            Some(Err(message)) => {
                                errors.push(EvalError::new(def.place.clone(), "figure", message));
                                break;
                            }
                            None => break,
                        }
                    }
                    out
                }
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            },
        };
        for (name, row, formula) in members {
            if pending.contains_key(&name) {
                errors.push(EvalError::new(
                    def.place.clone(),
                    "figure",
                    format!("the figure `{name}` is defined twice"),
                ));
                continue;
            }
            if package.resource(&name).is_some() {
                errors.push(EvalError::new(
                    def.place.clone(),
                    "figure",
                    format!("the figure `{name}` has the name of a data set; data sets and figures share one namespace"),
                ));
                continue;
            }
            order.push(name.clone());
            pending.insert(
                name.clone(),
                Pending {
                    def,
                    formula,
                    row,
                    name,
                },
            );
        }
    }
    let scope = Scope {
        package,
        env: &env,
        pending,
        done: RefCell::new(BTreeMap::new()),
        stack: RefCell::new(Vec::new()),
        errors: RefCell::new(Vec::new()),
    };
    for name in &order {
        scope.compute(name);
    }
    errors.extend(scope.errors.take());
    if !errors.is_empty() {
        return Err(errors);
    }
    let done = scope.done.take();
    let mut figures = BTreeMap::new();
    for name in order {
        let Some(p) = scope.pending.get(&name) else {
            continue;
        };
        let Some(Ok(value)) = done.get(&name).cloned() else {
            continue;
        };
        let unit = p
            .def
            .unit
            .clone()
            .unwrap_or_else(|| FigureUnit::infer(p.formula.expr(), &value, package));
        let decimals = p.def.decimals.unwrap_or_else(|| unit.default_decimals());
        figures.insert(
            name.clone(),
            Figure {
                name,
                value,
                unit,
                decimals,
                formula: p.formula.source().to_string(),
            },
        );
    }
    Ok(Figures {
        figures,
        params: env.params.clone(),
        reads: env.reads.clone(),
    })
}

/// A number figure's value, rounded as it is printed.
pub fn rounded(figure: &Figure) -> Option<Decimal> {
    figure
        .value
        .as_number()
        .map(|n| dossier_formula::round_half_away(n, figure.decimals))
}
