//! The evaluator: walks the tree over a [`Context`] in decimal arithmetic,
//! counting steps and depth, and builds the trace as it goes.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

use crate::ast::{BinaryOp, Expr, ExprKind, Ident, Subscript, UnaryOp};
use crate::context::{Context, FigureError, Table};
use crate::date::Date;
use crate::error::{closest, ErrorKind, FormulaError, Span};
use crate::functions;
use crate::trace::Trace;
use crate::value::Value;
use crate::Limits;

/// What a node evaluates to: a value, or rows of a data set (which only
/// lookups, filters, `.field` and `count` consume).
pub(crate) enum Eval<'a> {
    Value(Value),
    Row {
        table: &'a dyn Table,
        name: String,
        row: usize,
    },
    Rows {
        table: &'a dyn Table,
        name: String,
        rows: Vec<usize>,
    },
}

impl Eval<'_> {
    fn describe(&self) -> String {
        match self {
            Eval::Value(v) => v.kind().to_string(),
            Eval::Row { name, .. } => format!("a row of `{name}`"),
            Eval::Rows { name, .. } => format!("a set of rows of `{name}`"),
        }
    }

    /// The value, or a type error naming what was found instead.
    pub(crate) fn into_value(self, span: Span) -> Result<Value, FormulaError> {
        match self {
            Eval::Value(v) => Ok(v),
            other => Err(type_error(
                "a value (add `.field` to take a field of a row)",
                other.describe(),
                span,
            )),
        }
    }
}

pub(crate) fn type_error(expected: &str, found: String, span: Span) -> FormulaError {
    FormulaError::new(
        ErrorKind::Type {
            expected: expected.to_string(),
            found,
        },
        span,
    )
}

/// The row a filter condition (or a row-scoped formula) is looking at.
struct Scope<'a> {
    table: &'a dyn Table,
    row: usize,
}

/// The parts of a condition that do not depend on the row it looks at,
/// each evaluated once for all the rows of one filter: in
/// `country = countries[param.c].name`, the lookup on the right.
struct Memo {
    /// Nodes whose value is the same for every row.
    free: HashSet<*const Expr>,
    values: HashMap<*const Expr, Value>,
}

impl Memo {
    /// The memo of a condition evaluated over the rows of `table`: a node
    /// is the same for every row when no bare one-word name inside it is a
    /// field of `table` (a name of a field of another scope, of a figure
    /// or of a data set cannot be the row's).
    fn of(cond: &Expr, table: &dyn Table) -> Memo {
        fn walk(e: &Expr, table: &dyn Table, free: &mut HashSet<*const Expr>) -> bool {
            let inner = crate::parser::children(e);
            let mut ok = true;
            for c in inner {
                ok &= walk(c, table, free);
            }
            let leaf_ok = match &e.kind {
                ExprKind::Name(segments) => {
                    !(segments.len() == 1 && table.field_index(&segments[0].name).is_some())
                }
                _ => true,
            };
            let ok = ok && leaf_ok;
            let worth = !matches!(
                e.kind,
                ExprKind::Number(_) | ExprKind::Text(_) | ExprKind::Bool(_) | ExprKind::Param(_)
            );
            if ok && worth {
                free.insert(e as *const Expr);
            }
            ok
        }
        let mut free = HashSet::new();
        walk(cond, table, &mut free);
        Memo {
            free,
            values: HashMap::new(),
        }
    }
}

/// A filter condition that compares a field of the row with a value the
/// same for every row (`country = countries[param.country].country`).
struct FieldComparison {
    op: BinaryOp,
    field: usize,
    field_left: bool,
    /// The side that is not the field, whose value the memo keeps.
    other: *const Expr,
    spans: (Span, Span),
    span: Span,
}

impl FieldComparison {
    fn of(cond: &Expr, table: &dyn Table, memo: &Memo) -> Option<FieldComparison> {
        let ExprKind::Binary { op, left, right } = &cond.kind else {
            return None;
        };
        if !matches!(
            op,
            BinaryOp::Eq | BinaryOp::Ne | BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge
        ) {
            return None;
        }
        let field = |e: &Expr| match &e.kind {
            ExprKind::Name(segments) if segments.len() == 1 => table.field_index(&segments[0].name),
            _ => None,
        };
        let free = |e: &Expr| memo.free.contains(&(e as *const Expr));
        let (field, field_left, other) = match (field(left), field(right)) {
            (Some(f), None) if free(right) => (f, true, &**right),
            (None, Some(f)) if free(left) => (f, false, &**left),
            _ => return None,
        };
        Some(FieldComparison {
            op: *op,
            field,
            field_left,
            other: other as *const Expr,
            spans: (left.span, right.span),
            span: cond.span,
        })
    }
}

/// A filter condition made only of [`FieldComparison`]s joined by `and`
/// and `or` (`country = c and life_expect = life.max`), which a filter
/// answers for each row without the evaluator, with the same values,
/// errors and steps.
enum Direct {
    Compare(FieldComparison),
    Logic {
        op: BinaryOp,
        sides: Box<(Direct, Direct)>,
        spans: (Span, Span),
        span: Span,
    },
}

impl Direct {
    fn of(cond: &Expr, table: &dyn Table, memo: &Memo) -> Option<Direct> {
        match &cond.kind {
            ExprKind::Binary {
                op: op @ (BinaryOp::And | BinaryOp::Or),
                left,
                right,
            } => Some(Direct::Logic {
                op: *op,
                sides: Box::new((
                    Direct::of(left, table, memo)?,
                    Direct::of(right, table, memo)?,
                )),
                spans: (left.span, right.span),
                span: cond.span,
            }),
            _ => FieldComparison::of(cond, table, memo).map(Direct::Compare),
        }
    }

    /// The comparison alone, which a field's index may answer.
    fn comparison(&self) -> Option<&FieldComparison> {
        match self {
            Direct::Compare(c) => Some(c),
            Direct::Logic { .. } => None,
        }
    }

    /// How many levels deep the evaluator would go in the condition: a
    /// comparison's sides are one below it.
    fn height(&self) -> usize {
        match self {
            Direct::Compare(_) => 2,
            Direct::Logic { sides, .. } => 1 + sides.0.height().max(sides.1.height()),
        }
    }

    /// Whether the memo holds the value each comparison needs.
    fn known(&self, memo: &Memo) -> bool {
        match self {
            Direct::Compare(c) => memo.values.contains_key(&c.other),
            Direct::Logic { sides, .. } => sides.0.known(memo) && sides.1.known(memo),
        }
    }
}

pub(crate) struct Evaluator<'a> {
    ctx: &'a dyn Context,
    limits: Limits,
    steps: usize,
    depth: usize,
    scopes: Vec<Scope<'a>>,
    /// Off inside filters and key values, whose traces are never shown.
    tracing: bool,
    /// One per filter being evaluated, innermost last.
    memos: Vec<Memo>,
    /// Whether conditions are answered without the evaluator where they
    /// can be (see [`Direct`]); off only to test that they give the same.
    direct: bool,
}

impl<'a> Evaluator<'a> {
    pub(crate) fn new(ctx: &'a dyn Context, limits: Limits) -> Evaluator<'a> {
        Evaluator {
            ctx,
            limits,
            steps: 0,
            depth: 0,
            scopes: Vec::new(),
            tracing: true,
            memos: Vec::new(),
            direct: true,
        }
    }

    /// The values of `e` with each of `rows` of `table` in scope, as
    /// [`Evaluator::in_row`] gives them one by one, each within the step
    /// limit on its own; what does not depend on the row is evaluated
    /// once. The list ends at the first error.
    pub(crate) fn each_row(
        mut self,
        e: &'a Expr,
        table: &'a dyn Table,
        rows: impl IntoIterator<Item = usize>,
    ) -> Vec<Result<Value, FormulaError>> {
        self.tracing = false;
        let memo = Memo::of(e, table);
        let direct = Direct::of(e, table, &memo).filter(|_| self.direct);
        self.memos.push(memo);
        let rows: Vec<usize> = rows.into_iter().collect();
        let mut out = Vec::with_capacity(rows.len());
        for (i, &row) in rows.iter().enumerate() {
            if i == 1 && self.limits.max_steps >= 3 {
                // As in a filter: once the first row has put the value in
                // the memo, the field's index answers for the rest, each
                // true or false as comparing it would be.
                if let Some(kept) = self.indexed(direct.as_ref(), table, &rows[1..]) {
                    let mut kept = kept.into_iter().peekable();
                    for &r in &rows[1..] {
                        while kept.next_if(|&k| k < r).is_some() {}
                        out.push(Ok(Value::Bool(kept.peek() == Some(&r))));
                    }
                    break;
                }
            }
            self.steps = 0;
            let v = match self.compared(direct.as_ref(), table, row) {
                Some(v) => v,
                None => {
                    self.scopes.push(Scope { table, row });
                    let v = self.run(e).map(|(v, _)| v);
                    self.scopes.pop();
                    v
                }
            };
            let failed = v.is_err();
            out.push(v);
            if failed {
                break;
            }
        }
        out
    }

    /// Evaluates with `row` of `table` in scope, as a filter condition sees it.
    pub(crate) fn in_row(mut self, table: &'a dyn Table, row: usize) -> Evaluator<'a> {
        self.scopes.push(Scope { table, row });
        self
    }

    pub(crate) fn untraced(mut self) -> Evaluator<'a> {
        self.tracing = false;
        self
    }

    /// The value and trace of a whole formula.
    pub(crate) fn run(&mut self, e: &'a Expr) -> Result<(Value, Trace), FormulaError> {
        let (eval, trace) = self.eval(e)?;
        Ok((eval.into_value(e.span)?, trace))
    }

    fn leaf(&self, value: &Value) -> Trace {
        if self.tracing {
            Trace::Leaf(value.clone())
        } else {
            Trace::Ellipsis
        }
    }

    pub(crate) fn eval(&mut self, e: &'a Expr) -> Result<(Eval<'a>, Trace), FormulaError> {
        self.steps += 1;
        if self.steps > self.limits.max_steps {
            return Err(FormulaError::new(
                ErrorKind::TooManySteps {
                    max: self.limits.max_steps,
                },
                e.span,
            ));
        }
        if self.depth >= self.limits.max_depth {
            return Err(FormulaError::new(
                ErrorKind::TooDeep {
                    max: self.limits.max_depth,
                },
                e.span,
            ));
        }
        let key = e as *const Expr;
        let free = self.memos.last().is_some_and(|m| m.free.contains(&key));
        if free {
            if let Some(v) = self.memos.last().and_then(|m| m.values.get(&key)) {
                return Ok((Eval::Value(v.clone()), Trace::Ellipsis));
            }
        }
        self.depth += 1;
        let out = self.eval_node(e);
        self.depth -= 1;
        if free {
            if let (Ok((Eval::Value(v), _)), Some(m)) = (&out, self.memos.last_mut()) {
                m.values.insert(key, v.clone());
            }
        }
        out
    }

    fn value(&mut self, value: Value) -> Result<(Eval<'a>, Trace), FormulaError> {
        let trace = self.leaf(&value);
        Ok((Eval::Value(value), trace))
    }

    fn eval_node(&mut self, e: &'a Expr) -> Result<(Eval<'a>, Trace), FormulaError> {
        match &e.kind {
            ExprKind::Number(n) => self.value(Value::Number(*n)),
            ExprKind::Text(t) => self.value(Value::Text(t.clone())),
            ExprKind::Bool(b) => self.value(Value::Bool(*b)),
            ExprKind::Name(segments) => {
                let eval = self.name(segments, e.span)?;
                let trace = match &eval {
                    Eval::Value(v) => self.leaf(v),
                    _ => Trace::Ellipsis,
                };
                Ok((eval, trace))
            }
            ExprKind::Param(name) => match self.ctx.parameter(&name.name) {
                Some(v) => self.value(v),
                None => Err(FormulaError::new(
                    ErrorKind::UnknownParameter {
                        name: name.name.clone(),
                        suggestion: closest(&name.name, self.ctx.parameter_names()),
                    },
                    e.span,
                )),
            },
            ExprKind::Unary { op, operand } => {
                let (v, t) = self.eval(operand)?;
                let v = v.into_value(operand.span)?;
                let value = unary(*op, v, operand.span)?;
                let trace = match op {
                    UnaryOp::Neg => Trace::Neg(Box::new(t)),
                    UnaryOp::Not => Trace::Not(Box::new(t)),
                };
                Ok((Eval::Value(value), trace))
            }
            ExprKind::Binary { op, left, right } => {
                let (l, lt) = self.eval(left)?;
                let l = l.into_value(left.span)?;
                let (r, rt) = self.eval(right)?;
                let r = r.into_value(right.span)?;
                let value = binary(*op, l, r, left.span, right.span, e.span)?;
                let trace = if self.tracing {
                    Trace::binary(*op, lt, rt)
                } else {
                    Trace::Ellipsis
                };
                Ok((Eval::Value(value), trace))
            }
            ExprKind::Call { function, args } => {
                functions::check_call(function, args.len())?;
                let mut evaluated = Vec::with_capacity(args.len());
                for a in args {
                    let (eval, trace) = self.eval(a)?;
                    self.used(&eval);
                    evaluated.push(functions::Arg {
                        eval,
                        trace,
                        span: a.span,
                    });
                }
                let (value, trace) = functions::apply(function, evaluated, e.span)?;
                let trace = if self.tracing { trace } else { Trace::Ellipsis };
                Ok((Eval::Value(value), trace))
            }
            ExprKind::Subscript { subject, items } => {
                let (table, name, rows) = self.rows_of(subject)?;
                let eval = match items {
                    Subscript::Key(values) => self.key_lookup(table, name, rows, values, e.span)?,
                    Subscript::Named(pairs) => {
                        self.named_lookup(table, name, rows, pairs, e.span)?
                    }
                    Subscript::Filter(cond) => self.filter(table, name, rows, cond)?,
                };
                Ok((eval, Trace::Ellipsis))
            }
            ExprKind::Field { subject, field } => {
                let (s, _) = self.eval(subject)?;
                self.used(&s);
                let value = field_of(s, field)?;
                self.value(value)
            }
        }
    }

    /// A bare name: a field of a row in scope (innermost first), then a
    /// figure, then a data set named by its first segments, followed by
    /// fields named by the rest.
    fn name(&mut self, segments: &'a [Ident], span: Span) -> Result<Eval<'a>, FormulaError> {
        if let [only] = segments {
            for scope in self.scopes.iter().rev() {
                if let Some(f) = scope.table.field_index(&only.name) {
                    let v = scope
                        .table
                        .value(scope.row, f)
                        .cloned()
                        .unwrap_or(Value::Missing);
                    return Ok(Eval::Value(v));
                }
            }
        }
        let full = joined(segments);
        if self.ctx.is_figure(&full) {
            return match self.ctx.figure(&full) {
                Some(Ok(v)) => Ok(Eval::Value(v)),
                Some(Err(FigureError::Circular { chain })) => {
                    Err(FormulaError::new(ErrorKind::Circular { chain }, span))
                }
                Some(Err(FigureError::Failed { message })) => Err(FormulaError::new(
                    ErrorKind::FigureFailed {
                        name: full,
                        message,
                    },
                    span,
                )),
                None => Err(self.unknown_name(full, span)),
            };
        }
        for n in (1..=segments.len()).rev() {
            let prefix = joined(&segments[..n]);
            let Some(table) = self.ctx.table(&prefix) else {
                continue;
            };
            let mut eval = Eval::Rows {
                table,
                name: prefix,
                rows: (0..table.len()).collect(),
            };
            for field in &segments[n..] {
                self.used(&eval);
                eval = Eval::Value(field_of(eval, field)?);
            }
            return Ok(eval);
        }
        Err(self.unknown_name(full, span))
    }

    /// Tells the context of the rows whose values are taken.
    fn used(&self, eval: &Eval<'_>) {
        match eval {
            Eval::Row { name, row, .. } => self.ctx.rows_used(name, std::slice::from_ref(row)),
            Eval::Rows { name, rows, .. } => self.ctx.rows_used(name, rows),
            Eval::Value(_) => {}
        }
    }

    fn unknown_name(&self, name: String, span: Span) -> FormulaError {
        let mut candidates: Vec<&str> = self.ctx.names();
        for scope in &self.scopes {
            candidates.extend(scope.table.fields().iter().map(String::as_str));
        }
        let suggestion = closest(&name, candidates);
        FormulaError::new(ErrorKind::UnknownName { name, suggestion }, span)
    }

    /// The rows a subscript selects from: a data set by name, or the rows
    /// an inner subscript gave.
    fn rows_of(
        &mut self,
        subject: &'a Expr,
    ) -> Result<(&'a dyn Table, String, Vec<usize>), FormulaError> {
        if let ExprKind::Name(segments) = &subject.kind {
            self.steps += 1;
            let full = joined(segments);
            return match self.ctx.table(&full) {
                Some(table) => Ok((table, full, (0..table.len()).collect())),
                None => Err(FormulaError::new(
                    ErrorKind::UnknownDataSet {
                        suggestion: closest(&full, self.ctx.names()),
                        name: full,
                    },
                    subject.span,
                )),
            };
        }
        match self.eval(subject)?.0 {
            Eval::Rows { table, name, rows } => Ok((table, name, rows)),
            other => Err(type_error(
                "a data set or a set of rows before `[`",
                other.describe(),
                subject.span,
            )),
        }
    }

    /// A value given in a lookup, evaluated where the lookup stands.
    fn given(&mut self, e: &'a Expr) -> Result<Value, FormulaError> {
        let tracing = std::mem::replace(&mut self.tracing, false);
        let out = self.eval(e);
        self.tracing = tracing;
        let v = out?.0.into_value(e.span)?;
        if matches!(v, Value::List(_)) {
            return Err(type_error("one value", v.kind().to_string(), e.span));
        }
        Ok(v)
    }

    fn key_lookup(
        &mut self,
        table: &'a dyn Table,
        name: String,
        rows: Vec<usize>,
        values: &'a [Expr],
        span: Span,
    ) -> Result<Eval<'a>, FormulaError> {
        let key = table.key();
        if key.len() != values.len() {
            return Err(FormulaError::new(
                ErrorKind::KeyCount {
                    data_set: name,
                    fields: key.iter().map(|&f| field_name(table, f)).collect(),
                    expected: key.len(),
                    found: values.len(),
                },
                span,
            ));
        }
        let given = values
            .iter()
            .map(|v| self.given(v))
            .collect::<Result<Vec<_>, _>>()?;
        let fields: Vec<String> = key.iter().map(|&f| field_name(table, f)).collect();
        let all = rows.len() == table.len();
        let found: Vec<usize> = table
            .find(&given)
            .into_iter()
            .filter(|r| all || rows.binary_search(r).is_ok())
            .collect();
        one_row(table, name, found, &fields, &given, span)
    }

    fn named_lookup(
        &mut self,
        table: &'a dyn Table,
        name: String,
        rows: Vec<usize>,
        pairs: &'a [(Ident, Expr)],
        span: Span,
    ) -> Result<Eval<'a>, FormulaError> {
        let mut fields = Vec::with_capacity(pairs.len());
        let mut given = Vec::with_capacity(pairs.len());
        for (field, value) in pairs {
            fields.push(field_index(table, &name, field)?);
            given.push(self.given(value)?);
        }
        let found: Vec<usize> = rows
            .into_iter()
            .filter(|&r| {
                fields
                    .iter()
                    .zip(&given)
                    .all(|(&f, g)| table.value(r, f).is_some_and(|v| v.matches(g)))
            })
            .collect();
        let names: Vec<String> = pairs.iter().map(|(f, _)| f.name.clone()).collect();
        one_row(table, name, found, &names, &given, span)
    }

    /// `field = value` for `row`, once the value is known (the innermost
    /// memo holds it after the first row): the comparison the evaluator
    /// would make, with the steps it would count, without evaluating three
    /// nodes and copying both sides for each row; and comparisons joined by
    /// `and` and `or`, each side evaluated as the evaluator does, left
    /// first. `None` until then.
    fn compared(
        &mut self,
        direct: Option<&Direct>,
        table: &dyn Table,
        row: usize,
    ) -> Option<Result<Value, FormulaError>> {
        let d = direct?;
        // Where the evaluator would go too deep, it is left to say so.
        if !d.known(self.memos.last()?) || self.depth + d.height() >= self.limits.max_depth {
            return None;
        }
        Some(self.answer(d, table, row))
    }

    fn answer(&mut self, d: &Direct, table: &dyn Table, row: usize) -> Result<Value, FormulaError> {
        let too_many = |max, span| FormulaError::new(ErrorKind::TooManySteps { max }, span);
        match d {
            Direct::Compare(c) => {
                // The comparison, then its field and its other side, as the
                // evaluator steps through them.
                let (field, other) = if c.field_left {
                    c.spans
                } else {
                    (c.spans.1, c.spans.0)
                };
                for span in [c.span, field, other] {
                    self.steps += 1;
                    if self.steps > self.limits.max_steps {
                        return Err(too_many(self.limits.max_steps, span));
                    }
                }
                let v = self
                    .memos
                    .last()
                    .and_then(|m| m.values.get(&c.other))
                    .unwrap_or(&Value::Missing);
                let cell = table.value(row, c.field).unwrap_or(&Value::Missing);
                if c.field_left {
                    compare(c.op, cell, v, c.spans.0, c.spans.1, c.span)
                } else {
                    compare(c.op, v, cell, c.spans.0, c.spans.1, c.span)
                }
            }
            Direct::Logic {
                op,
                sides,
                spans,
                span,
            } => {
                self.steps += 1;
                if self.steps > self.limits.max_steps {
                    return Err(too_many(self.limits.max_steps, *span));
                }
                let l = self.answer(&sides.0, table, row)?;
                let r = self.answer(&sides.1, table, row)?;
                logic(*op, &l, &r, spans.0, spans.1)
            }
        }
    }

    /// The rows of `rows` (in table order) that `field = 'text'` keeps,
    /// from the table's index of the field, once the text is known;
    /// counted as the steps comparing each row would take. `None` where
    /// the comparison is no equality with a known text, the table keeps
    /// no index, or the steps would run out (the row-by-row comparison
    /// then fails at the row where they do).
    fn indexed(
        &mut self,
        direct: Option<&Direct>,
        table: &dyn Table,
        rows: &[usize],
    ) -> Option<Vec<usize>> {
        let d = direct?.comparison()?;
        if d.op != BinaryOp::Eq {
            return None;
        }
        let Value::Text(text) = self.memos.last()?.values.get(&d.other)? else {
            return None;
        };
        let steps = self.steps.checked_add(rows.len().checked_mul(3)?)?;
        if steps > self.limits.max_steps {
            return None;
        }
        if !rows.is_sorted() {
            return None;
        }
        let matching = table.rows_with_text(d.field, text)?;
        self.steps = steps;
        let whole = rows.len() == table.len().saturating_sub(1)
            && rows.first() == Some(&1)
            && rows.last() == Some(&(table.len() - 1));
        if whole {
            return Some(matching.iter().copied().filter(|&r| r >= 1).collect());
        }
        // Both lists are in table order: keep what is in both.
        let mut out = Vec::new();
        let mut m = matching.iter().copied().peekable();
        for &r in rows {
            while m.next_if(|&x| x < r).is_some() {}
            if m.peek() == Some(&r) {
                out.push(r);
            }
        }
        Some(out)
    }

    fn filter(
        &mut self,
        table: &'a dyn Table,
        name: String,
        rows: Vec<usize>,
        cond: &'a Expr,
    ) -> Result<Eval<'a>, FormulaError> {
        let tracing = std::mem::replace(&mut self.tracing, false);
        let memo = Memo::of(cond, table);
        let direct = Direct::of(cond, table, &memo).filter(|_| self.direct);
        self.memos.push(memo);
        let mut kept = Vec::new();
        let mut result = Ok(());
        for (i, &row) in rows.iter().enumerate() {
            if i == 1 {
                // The first row has put the value in the memo; an index of
                // the field answers for the rest at once.
                if let Some(rest) = self.indexed(direct.as_ref(), table, &rows[1..]) {
                    kept.extend(rest);
                    break;
                }
            }
            let out = match self.compared(direct.as_ref(), table, row) {
                Some(out) => out,
                None => {
                    self.scopes.push(Scope { table, row });
                    let out = self.eval(cond).and_then(|(v, _)| v.into_value(cond.span));
                    self.scopes.pop();
                    out
                }
            };
            match out {
                Ok(Value::Bool(true)) => kept.push(row),
                Ok(Value::Bool(false) | Value::Missing) => {}
                Ok(other) => {
                    result = Err(type_error(
                        "a condition (true or false)",
                        other.kind().to_string(),
                        cond.span,
                    ));
                    break;
                }
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        self.memos.pop();
        self.tracing = tracing;
        result.map(|()| Eval::Rows {
            table,
            name,
            rows: kept,
        })
    }
}

fn joined(segments: &[Ident]) -> String {
    let mut out = String::new();
    for (i, s) in segments.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        out.push_str(&s.name);
    }
    out
}

fn field_name(table: &dyn Table, f: usize) -> String {
    table.fields().get(f).cloned().unwrap_or_default()
}

fn field_index(table: &dyn Table, data_set: &str, field: &Ident) -> Result<usize, FormulaError> {
    table.field_index(&field.name).ok_or_else(|| {
        FormulaError::new(
            ErrorKind::UnknownField {
                data_set: data_set.to_string(),
                field: field.name.clone(),
                suggestion: closest(&field.name, table.fields().iter().map(String::as_str)),
            },
            field.span,
        )
    })
}

/// `.field` of a row (a value) or of a set of rows (a list).
fn field_of(subject: Eval<'_>, field: &Ident) -> Result<Value, FormulaError> {
    match subject {
        Eval::Row { table, name, row } => {
            let f = field_index(table, &name, field)?;
            Ok(table.value(row, f).cloned().unwrap_or(Value::Missing))
        }
        Eval::Rows { table, name, rows } => {
            let f = field_index(table, &name, field)?;
            Ok(Value::List(
                rows.iter()
                    .map(|&r| table.value(r, f).cloned().unwrap_or(Value::Missing))
                    .collect(),
            ))
        }
        Eval::Value(v) => Err(type_error(
            &format!("a row or a set of rows before `.{}`", field.name),
            v.kind().to_string(),
            field.span,
        )),
    }
}

/// The one row a lookup must give.
fn one_row<'a>(
    table: &'a dyn Table,
    name: String,
    found: Vec<usize>,
    fields: &[String],
    given: &[Value],
    span: Span,
) -> Result<Eval<'a>, FormulaError> {
    let key = || {
        fields
            .iter()
            .zip(given)
            .map(|(f, v)| format!("{f} = {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match found.as_slice() {
        [row] => Ok(Eval::Row {
            table,
            name,
            row: *row,
        }),
        [] => Err(FormulaError::new(
            ErrorKind::NoRow {
                data_set: name,
                key: key(),
            },
            span,
        )),
        many => Err(FormulaError::new(
            ErrorKind::SeveralRows {
                data_set: name,
                key: key(),
                count: many.len(),
            },
            span,
        )),
    }
}

fn unary(op: UnaryOp, v: Value, span: Span) -> Result<Value, FormulaError> {
    match (op, v) {
        (_, Value::Missing) => Ok(Value::Missing),
        (UnaryOp::Neg, Value::Number(n)) => Ok(Value::Number(-n)),
        (UnaryOp::Not, Value::Bool(b)) => Ok(Value::Bool(!b)),
        (UnaryOp::Neg, other) => Err(type_error(
            "a number after `-`",
            other.kind().to_string(),
            span,
        )),
        (UnaryOp::Not, other) => Err(type_error(
            "a condition (true or false) after `not`",
            other.kind().to_string(),
            span,
        )),
    }
}

/// Decimal arithmetic with overflow and division by zero as errors.
pub(crate) fn arithmetic(
    op: BinaryOp,
    a: Decimal,
    b: Decimal,
    span: Span,
) -> Result<Decimal, FormulaError> {
    let out = match op {
        BinaryOp::Add => a.checked_add(b),
        BinaryOp::Sub => a.checked_sub(b),
        BinaryOp::Mul => a.checked_mul(b),
        _ => {
            if b.is_zero() {
                return Err(FormulaError::new(ErrorKind::DivisionByZero, span));
            }
            a.checked_div(b)
        }
    };
    out.ok_or_else(|| FormulaError::new(ErrorKind::Overflow, span))
}

fn binary(
    op: BinaryOp,
    l: Value,
    r: Value,
    ls: Span,
    rs: Span,
    span: Span,
) -> Result<Value, FormulaError> {
    match op {
        BinaryOp::And | BinaryOp::Or => logic(op, &l, &r, ls, rs),
        BinaryOp::Add | BinaryOp::Sub | BinaryOp::Mul | BinaryOp::Div => {
            let expected = format!("a number on each side of `{}`", op.symbol());
            let number = |v: &Value, s: Span| {
                match v {
                Value::Number(n) => Ok(Some(*n)),
                Value::Missing => Ok(None),
                Value::List(_) => Err(type_error(
                    &format!("{expected} (a filter gives a list: use sum, mean, min, max or count, or look up one row by its key)"),
                    "a list".into(),
                    s,
                )),
                Value::Date(_) => Err(type_error(
                    &format!("{expected} (for the time between dates use days_between or years_between)"),
                    "a date".into(),
                    s,
                )),
                other => Err(type_error(&expected, other.kind().to_string(), s)),
            }
            };
            match (number(&l, ls)?, number(&r, rs)?) {
                (Some(a), Some(b)) => Ok(Value::Number(arithmetic(op, a, b, span)?)),
                _ => Ok(Value::Missing),
            }
        }
        _ => compare(op, &l, &r, ls, rs, span),
    }
}

/// Three-valued logic: a missing operand is unknown, so `false and
/// missing` is false, `true or missing` is true, and otherwise unknown
/// stays missing.
fn logic(op: BinaryOp, l: &Value, r: &Value, ls: Span, rs: Span) -> Result<Value, FormulaError> {
    let truth = |v: &Value, s: Span| match v {
        Value::Bool(b) => Ok(Some(*b)),
        Value::Missing => Ok(None),
        other => Err(type_error(
            &format!(
                "a condition (true or false) on each side of `{}`",
                op.symbol()
            ),
            other.kind().to_string(),
            s,
        )),
    };
    let (a, b) = (truth(l, ls)?, truth(r, rs)?);
    let out = match op {
        BinaryOp::And => match (a, b) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        },
        _ => match (a, b) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        },
    };
    Ok(out.map_or(Value::Missing, Value::Bool))
}

/// Comparisons of two numbers, texts, dates (a text in date form counts as
/// a date) or booleans. `=` and `!=` treat a missing value as equal only to
/// a missing value; an ordering with a missing value is missing.
fn compare(
    op: BinaryOp,
    l: &Value,
    r: &Value,
    ls: Span,
    rs: Span,
    span: Span,
) -> Result<Value, FormulaError> {
    for (v, s) in [(l, ls), (r, rs)] {
        if matches!(v, Value::List(_)) {
            return Err(type_error(
                &format!("one value on each side of `{}` (a filter gives a list: use sum, mean, min, max or count, or look up one row by its key)", op.symbol()),
                "a list".into(),
                s,
            ));
        }
    }
    let equality = matches!(op, BinaryOp::Eq | BinaryOp::Ne);
    let date_of = |text: &str| {
        Date::parse(text)
            .map_err(|e| type_error("a date to compare with a date", format!("{e}"), span))
    };
    let ordering: Option<Ordering> = match (l, r) {
        (Value::Missing, _) | (_, Value::Missing) => {
            if !equality {
                return Ok(Value::Missing);
            }
            Some(if l == r {
                Ordering::Equal
            } else {
                Ordering::Less
            })
        }
        (Value::Number(a), Value::Number(b)) => Some(a.cmp(b)),
        (Value::Text(a), Value::Text(b)) => Some(a.cmp(b)),
        (Value::Date(a), Value::Date(b)) => Some(a.cmp(b)),
        (Value::Date(a), Value::Text(b)) => Some(a.cmp(&date_of(b)?)),
        (Value::Text(a), Value::Date(b)) => Some(date_of(a)?.cmp(b)),
        (Value::Bool(a), Value::Bool(b)) if equality => Some(a.cmp(b)),
        _ => None,
    };
    let Some(ord) = ordering else {
        if l.kind() == r.kind() {
            return Err(type_error(
                &format!("numbers, texts or dates on each side of `{}`", op.symbol()),
                format!("{} on each side", l.kind()),
                span,
            ));
        }
        return Err(type_error(
            &format!(
                "{} on the right of `{}`, to compare with the left",
                l.kind(),
                op.symbol()
            ),
            r.kind().to_string(),
            rs,
        ));
    };
    let holds = match op {
        BinaryOp::Eq => ord == Ordering::Equal,
        BinaryOp::Ne => ord != Ordering::Equal,
        BinaryOp::Lt => ord == Ordering::Less,
        BinaryOp::Le => ord != Ordering::Greater,
        BinaryOp::Gt => ord == Ordering::Greater,
        _ => ord != Ordering::Less,
    };
    Ok(Value::Bool(holds))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Formula, MemoryContext, MemoryTable};

    #[test]
    fn direct_answers_are_the_evaluators_with_its_steps() {
        let text = |s: &str| Value::from(s);
        let table = MemoryTable::new(
            ["kind", "n", "tag"].map(String::from).to_vec(),
            &["kind", "n"],
            vec![
                vec![text("a"), 1.into(), text("x")],
                vec![text("a"), 2.into(), Value::Missing],
                vec![text("b"), 1.into(), text("y")],
                vec![text("b"), 3.into(), text("x")],
                vec![text("c"), 5.into(), text("x")],
            ],
        )
        .unwrap();
        let ctx = MemoryContext::new()
            .with_table("t", table)
            .with_parameter("k", text("b"));
        let table = ctx.table("t").unwrap();
        for formula in [
            "kind = t['b', 1].kind",
            "kind = t['b', 1].kind and n > t['a', 1].n",
            "(kind = t['a', 2].kind or tag = t['b', 1].tag) and n >= t['a', 2].n",
            "tag = t['a', 1].tag or n < t['b', 3].n",
            "kind = t['a', 1].n and tag = t['a', 1].tag",
            "tag = t['a', 1].tag and kind = t['a', 1].n",
        ] {
            for max_steps in 1..80 {
                let limits = Limits {
                    max_steps,
                    ..Limits::default()
                };
                let evaluator = |direct| Evaluator {
                    direct,
                    ..Evaluator::new(&ctx, limits)
                };
                let f = Formula::parse_with(formula, limits).unwrap();
                let rows = 0..table.len();
                let a = evaluator(true).each_row(&f.expr, table, rows.clone());
                let b = evaluator(false).each_row(&f.expr, table, rows);
                assert_eq!(a, b, "{formula}, {max_steps} steps");
                // A filter counts its steps over all its rows.
                let f = Formula::parse_with(&format!("count(t[{formula}])"), limits).unwrap();
                let a = evaluator(true).run(&f.expr).map(|(v, _)| v);
                let b = evaluator(false).run(&f.expr).map(|(v, _)| v);
                assert_eq!(a, b, "count(t[{formula}]), {max_steps} steps");
            }
        }
    }
}
