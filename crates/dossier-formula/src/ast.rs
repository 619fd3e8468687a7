//! The syntax tree of a formula; every node keeps its byte span.

use std::fmt;

use rust_decimal::Decimal;

use crate::error::Span;

/// A name as written, with its span: a field, a function, a segment of a
/// dotted name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

/// One node of the tree.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ExprKind {
    Number(Decimal),
    Text(String),
    Bool(bool),
    /// A bare name, dotted or not (`exports.1995`): a field of the row
    /// being filtered, a figure, or a data set followed by fields.
    Name(Vec<Ident>),
    /// `param.NAME`.
    Param(Ident),
    Unary {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    Binary {
        op: BinaryOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Call {
        function: Ident,
        args: Vec<Expr>,
    },
    /// `subject[...]`: a lookup or a filter.
    Subscript {
        subject: Box<Expr>,
        items: Subscript,
    },
    /// `subject.field`.
    Field {
        subject: Box<Expr>,
        field: Ident,
    },
}

/// What stands between the brackets of a subscript.
#[derive(Clone, Debug, PartialEq)]
pub enum Subscript {
    /// Values of the primary key, in key order: one row.
    Key(Vec<Expr>),
    /// Two or more `field = value` pairs: one row.
    Named(Vec<(Ident, Expr)>),
    /// One condition (a comparison, or comparisons joined with `and`, `or`,
    /// `not`): the set of rows for which it holds.
    Filter(Box<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Not,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
}

impl BinaryOp {
    /// Binding strength, higher binds tighter (`not` is 3, unary minus 7).
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => 1,
            BinaryOp::And => 2,
            BinaryOp::Eq
            | BinaryOp::Ne
            | BinaryOp::Lt
            | BinaryOp::Le
            | BinaryOp::Gt
            | BinaryOp::Ge => 4,
            BinaryOp::Add | BinaryOp::Sub => 5,
            BinaryOp::Mul | BinaryOp::Div => 6,
        }
    }

    pub fn is_comparison(self) -> bool {
        self.precedence() == 4
    }

    /// The operator as a formula writes it.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "or",
            BinaryOp::And => "and",
            BinaryOp::Eq => "=",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
            BinaryOp::Add => "+",
            BinaryOp::Sub => "-",
            BinaryOp::Mul => "*",
            BinaryOp::Div => "/",
        }
    }
}

pub(crate) const NOT_PRECEDENCE: u8 = 3;
pub(crate) const NEG_PRECEDENCE: u8 = 7;
pub(crate) const ATOM_PRECEDENCE: u8 = 8;

impl Expr {
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        Expr { kind, span }
    }

    /// Whether this node is a condition, which makes a lone subscript item
    /// a filter.
    pub fn is_condition(&self) -> bool {
        match &self.kind {
            ExprKind::Binary { op, .. } => {
                op.is_comparison() || matches!(op, BinaryOp::And | BinaryOp::Or)
            }
            ExprKind::Unary { op, .. } => *op == UnaryOp::Not,
            _ => false,
        }
    }

    fn precedence(&self) -> u8 {
        match &self.kind {
            ExprKind::Binary { op, .. } => op.precedence(),
            ExprKind::Unary {
                op: UnaryOp::Not, ..
            } => NOT_PRECEDENCE,
            ExprKind::Unary {
                op: UnaryOp::Neg, ..
            } => NEG_PRECEDENCE,
            _ => ATOM_PRECEDENCE,
        }
    }

    /// The depth of the tree under this node (a leaf is 1).
    pub fn depth(&self) -> usize {
        let below = match &self.kind {
            ExprKind::Number(_)
            | ExprKind::Text(_)
            | ExprKind::Bool(_)
            | ExprKind::Name(_)
            | ExprKind::Param(_) => 0,
            ExprKind::Unary { operand, .. } => operand.depth(),
            ExprKind::Binary { left, right, .. } => left.depth().max(right.depth()),
            ExprKind::Call { args, .. } => args.iter().map(Expr::depth).max().unwrap_or(0),
            ExprKind::Subscript { subject, items } => {
                let inner = match items {
                    Subscript::Key(values) => values.iter().map(Expr::depth).max().unwrap_or(0),
                    Subscript::Named(pairs) => {
                        pairs.iter().map(|(_, v)| v.depth()).max().unwrap_or(0)
                    }
                    Subscript::Filter(cond) => cond.depth(),
                };
                subject.depth().max(inner)
            }
            ExprKind::Field { subject, .. } => subject.depth(),
        };
        below + 1
    }
}

/// A name as a formula writes it: plain when it is one, else in backticks.
pub(crate) struct WrittenName<'a>(pub &'a str);

impl fmt::Display for WrittenName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if crate::lexer::is_plain_name(self.0) {
            f.write_str(self.0)
        } else {
            write!(f, "`{}`", self.0.replace('`', "``"))
        }
    }
}

/// The formula as canonical text: parsing it again gives the same tree
/// (spans aside). Parentheses appear only where precedence needs them.
impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Number(n) => {
                if n.is_sign_negative() && !n.is_zero() {
                    // A literal is never negative when parsed; a built tree
                    // may hold one, written as the negation it parses from.
                    write!(f, "(-{})", n.abs())
                } else {
                    write!(f, "{}", n.abs())
                }
            }
            ExprKind::Text(t) => write!(f, "'{}'", t.replace('\'', "''")),
            ExprKind::Bool(b) => write!(f, "{b}"),
            ExprKind::Name(segments) => write_segments(f, segments),
            ExprKind::Param(name) => {
                f.write_str("param")?;
                for segment in name.name.split('.') {
                    if crate::lexer::is_plain_segment(segment) {
                        write!(f, ".{segment}")?;
                    } else {
                        write!(f, ".{}", WrittenName(segment))?;
                    }
                }
                Ok(())
            }
            ExprKind::Unary { op, operand } => {
                let (symbol, prec) = match op {
                    UnaryOp::Neg => ("-", NEG_PRECEDENCE),
                    UnaryOp::Not => ("not ", NOT_PRECEDENCE),
                };
                f.write_str(symbol)?;
                write_operand(f, operand, operand.precedence() < prec)
            }
            ExprKind::Binary { op, left, right } => {
                let prec = op.precedence();
                // Comparisons do not chain, so a comparison operand of a
                // comparison needs parentheses on either side.
                let cmp = op.is_comparison();
                write_operand(
                    f,
                    left,
                    left.precedence() < prec || (cmp && left.precedence() == prec),
                )?;
                write!(f, " {} ", op.symbol())?;
                write_operand(f, right, right.precedence() <= prec)
            }
            ExprKind::Call { function, args } => {
                write!(f, "{}(", WrittenName(&function.name))?;
                write_list(f, args)?;
                f.write_str(")")
            }
            ExprKind::Subscript { subject, items } => {
                write_operand(f, subject, subject.precedence() < ATOM_PRECEDENCE)?;
                f.write_str("[")?;
                match items {
                    Subscript::Key(values) => write_list(f, values)?,
                    Subscript::Named(pairs) => {
                        for (i, (field, value)) in pairs.iter().enumerate() {
                            if i > 0 {
                                f.write_str(", ")?;
                            }
                            write!(f, "{} = ", WrittenName(&field.name))?;
                            write_operand(
                                f,
                                value,
                                value.precedence() <= BinaryOp::Eq.precedence(),
                            )?;
                        }
                    }
                    Subscript::Filter(cond) => write_operand(f, cond, !cond.is_condition())?,
                }
                f.write_str("]")
            }
            ExprKind::Field { subject, field } => {
                // A bare name followed by `.x` would read as one dotted name.
                let wrap = subject.precedence() < ATOM_PRECEDENCE
                    || matches!(
                        subject.kind,
                        ExprKind::Name(_)
                            | ExprKind::Param(_)
                            | ExprKind::Number(_)
                            | ExprKind::Bool(_)
                    );
                write_operand(f, subject, wrap)?;
                write!(f, ".{}", WrittenName(&field.name))
            }
        }
    }
}

fn write_segments(f: &mut fmt::Formatter<'_>, segments: &[Ident]) -> fmt::Result {
    for (i, s) in segments.iter().enumerate() {
        if i == 0 {
            // A keyword starts a dotted name as any word does (`true.x`
            // is one name); only `param.` is taken.
            let word = segments.len() > 1
                && s.name != "param"
                && crate::lexer::is_plain_name(&format!("x{}", s.name))
                && !s.name.starts_with(|c: char| c.is_numeric());
            if word {
                f.write_str(&s.name)?;
            } else {
                write!(f, "{}", WrittenName(&s.name))?;
            }
        } else if crate::lexer::is_plain_segment(&s.name) {
            write!(f, ".{}", s.name)?;
        } else {
            write!(f, ".{}", WrittenName(&s.name))?;
        }
    }
    Ok(())
}

fn write_operand(f: &mut fmt::Formatter<'_>, e: &Expr, parens: bool) -> fmt::Result {
    if parens {
        write!(f, "({e})")
    } else {
        write!(f, "{e}")
    }
}

fn write_list(f: &mut fmt::Formatter<'_>, items: &[Expr]) -> fmt::Result {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
    }
    Ok(())
}
