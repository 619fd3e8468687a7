//! What a formula names, resolved the way the evaluator resolves it, and
//! the order in which named formulas can be evaluated.

use std::collections::BTreeMap;

use crate::ast::{Expr, ExprKind, Ident, Subscript};
use crate::context::{Context, Table};
use crate::error::Span;

/// What a name in a formula refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DependencyKind {
    DataSet,
    Figure,
    Parameter,
    /// Neither a field in scope, a figure nor a data set: evaluating the
    /// formula will fail here.
    Unknown,
}

/// One data set, figure or parameter a formula names, where it names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dependency {
    pub kind: DependencyKind,
    pub name: String,
    pub span: Span,
}

/// Every data set, figure and parameter `expr` names, in the order they
/// appear. Fields of rows in scope are not dependencies. Data sets and
/// figures are told apart through `ctx` (`Context::table` and
/// `Context::is_figure`), without evaluating anything.
pub(crate) fn dependencies(expr: &Expr, ctx: &dyn Context) -> Vec<Dependency> {
    let mut walk = Walk {
        ctx,
        scopes: Vec::new(),
        out: Vec::new(),
    };
    walk.expr(expr);
    walk.out
}

struct Walk<'a> {
    ctx: &'a dyn Context,
    scopes: Vec<Option<&'a dyn Table>>,
    out: Vec<Dependency>,
}

impl<'a> Walk<'a> {
    fn push(&mut self, kind: DependencyKind, name: String, span: Span) {
        self.out.push(Dependency { kind, name, span });
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Number(_) | ExprKind::Text(_) | ExprKind::Bool(_) => {}
            ExprKind::Name(segments) => self.name(segments, e.span),
            ExprKind::Param(name) => {
                self.push(DependencyKind::Parameter, name.name.clone(), e.span)
            }
            ExprKind::Unary { operand, .. } => self.expr(operand),
            ExprKind::Binary { left, right, .. } => {
                self.expr(left);
                self.expr(right);
            }
            ExprKind::Call { args, .. } => args.iter().for_each(|a| self.expr(a)),
            ExprKind::Subscript { subject, items } => {
                let table = self.subject(subject);
                match items {
                    Subscript::Key(values) => values.iter().for_each(|v| self.expr(v)),
                    Subscript::Named(pairs) => pairs.iter().for_each(|(_, v)| self.expr(v)),
                    Subscript::Filter(cond) => {
                        self.scopes.push(table);
                        self.expr(cond);
                        self.scopes.pop();
                    }
                }
            }
            ExprKind::Field { subject, .. } => self.expr(subject),
        }
    }

    /// Walks the subject of a subscript; returns the data set its rows
    /// come from, when known.
    fn subject(&mut self, subject: &Expr) -> Option<&'a dyn Table> {
        match &subject.kind {
            ExprKind::Name(segments) => {
                let full = joined(segments);
                let table = self.ctx.table(&full);
                let kind = if table.is_some() {
                    DependencyKind::DataSet
                } else {
                    DependencyKind::Unknown
                };
                self.push(kind, full, subject.span);
                table
            }
            ExprKind::Subscript { subject: inner, .. } => {
                self.expr(subject);
                rows_table(inner, self.ctx)
            }
            _ => {
                self.expr(subject);
                None
            }
        }
    }

    fn name(&mut self, segments: &[Ident], span: Span) {
        if let [only] = segments {
            // A field of a row in scope; an unknown scope may hold it too.
            let in_scope = self
                .scopes
                .iter()
                .any(|s| s.is_none_or(|t| t.field_index(&only.name).is_some()));
            if in_scope {
                return;
            }
        }
        let full = joined(segments);
        if self.ctx.is_figure(&full) {
            return self.push(DependencyKind::Figure, full, span);
        }
        for n in (1..=segments.len()).rev() {
            let prefix = joined(&segments[..n]);
            if self.ctx.table(&prefix).is_some() {
                let span = segments[0].span.to(segments[n - 1].span);
                return self.push(DependencyKind::DataSet, prefix, span);
            }
        }
        self.push(DependencyKind::Unknown, full, span);
    }
}

/// The data set whose rows a subscript subject gives.
fn rows_table<'a>(subject: &Expr, ctx: &'a dyn Context) -> Option<&'a dyn Table> {
    match &subject.kind {
        ExprKind::Name(segments) => ctx.table(&joined(segments)),
        ExprKind::Subscript { subject, .. } => rows_table(subject, ctx),
        _ => None,
    }
}

fn joined(segments: &[Ident]) -> String {
    segments
        .iter()
        .map(|s| s.name.as_str())
        .collect::<Vec<_>>()
        .join(".")
}

/// A cycle among named formulas: the chain from a name back to itself.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("circular definition: {}", chain.join(" -> "))]
pub struct Cycle {
    pub chain: Vec<String>,
}

/// An order in which named formulas can be evaluated, every name after
/// the names it depends on, or the first cycle found.
///
/// `graph` maps each name to the names it depends on (for figures, the
/// [`DependencyKind::Figure`] entries of their dependencies); names that
/// are not keys of `graph` are ignored. The order is deterministic: names
/// are visited in the map's order and their dependencies in list order.
pub fn evaluation_order(graph: &BTreeMap<String, Vec<String>>) -> Result<Vec<String>, Cycle> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut marks: BTreeMap<&str, Mark> = graph.keys().map(|k| (k.as_str(), Mark::New)).collect();
    let mut order = Vec::with_capacity(graph.len());
    for root in graph.keys() {
        if marks.get(root.as_str()) != Some(&Mark::New) {
            continue;
        }
        // An explicit stack of (name, index of the next dependency), so a
        // long chain of figures cannot exhaust the call stack.
        let mut stack: Vec<(&str, usize)> = vec![(root.as_str(), 0)];
        marks.insert(root.as_str(), Mark::Open);
        while let Some((name, next)) = stack.last_mut() {
            let deps = graph.get(*name).map(Vec::as_slice).unwrap_or(&[]);
            let Some(dep) = deps.get(*next) else {
                marks.insert(name, Mark::Done);
                order.push(name.to_string());
                stack.pop();
                continue;
            };
            *next += 1;
            match marks.get(dep.as_str()) {
                Some(Mark::New) => {
                    marks.insert(dep.as_str(), Mark::Open);
                    stack.push((dep.as_str(), 0));
                }
                Some(Mark::Open) => {
                    let start = stack.iter().position(|(n, _)| *n == dep).unwrap_or(0);
                    let mut chain: Vec<String> =
                        stack[start..].iter().map(|(n, _)| n.to_string()).collect();
                    chain.push(dep.clone());
                    return Err(Cycle { chain });
                }
                Some(Mark::Done) | None => {}
            }
        }
    }
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
        edges
            .iter()
            .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn orders_dependencies_first() {
        let g = graph(&[("c", &["b", "x"]), ("b", &["a"]), ("a", &[])]);
        assert_eq!(evaluation_order(&g).unwrap(), ["a", "b", "c"]);
    }

    #[test]
    fn finds_the_cycle() {
        let g = graph(&[("a", &["b"]), ("b", &["c"]), ("c", &["a"]), ("d", &[])]);
        assert_eq!(
            evaluation_order(&g).unwrap_err().chain,
            ["a", "b", "c", "a"]
        );
        let g = graph(&[("a", &["a"])]);
        assert_eq!(
            evaluation_order(&g).unwrap_err().to_string(),
            "circular definition: a -> a"
        );
    }

    #[test]
    fn long_chains_do_not_recurse() {
        let names: Vec<String> = (0..100_000).map(|i| format!("f{i:06}")).collect();
        let g: BTreeMap<String, Vec<String>> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), names.get(i + 1).cloned().into_iter().collect()))
            .collect();
        let order = evaluation_order(&g).unwrap();
        assert_eq!(order.first().map(String::as_str), Some("f099999"));
        assert_eq!(order.len(), 100_000);
    }
}
