//! Recursive-descent parser from tokens to the syntax tree, following the
//! grammar in the crate documentation, within the length and depth limits.

use crate::ast::{BinaryOp, Expr, ExprKind, Ident, Subscript, UnaryOp};
use crate::error::{ErrorKind, FormulaError, Span};
use crate::functions;
use crate::lexer::{tokenize, Tok, Token};
use crate::Limits;

/// Parses `text` into a tree, or the first error.
pub(crate) fn parse(text: &str, limits: &Limits) -> Result<Expr, FormulaError> {
    if let Some((cut, _)) = text.char_indices().nth(limits.max_length) {
        return Err(FormulaError::new(
            ErrorKind::TooLong {
                max: limits.max_length,
                found: text.chars().count(),
            },
            Span::new(cut, text.len()),
        ));
    }
    let tokens = tokenize(text)?;
    let mut parser = Parser {
        tokens,
        pos: 0,
        nesting: 0,
        max_depth: limits.max_depth,
    };
    let expr = parser.expr()?;
    if parser.peek() != &Tok::End {
        let expected = if matches!(
            parser.peek(),
            Tok::Eq | Tok::Ne | Tok::Lt | Tok::Le | Tok::Gt | Tok::Ge
        ) {
            "`and` or `or` (comparisons do not chain)"
        } else {
            "an operator or the end of the formula"
        };
        return Err(parser.unexpected(expected));
    }
    if let Some(span) = too_deep(&expr, limits.max_depth) {
        return Err(FormulaError::new(
            ErrorKind::TooDeep {
                max: limits.max_depth,
            },
            span,
        ));
    }
    Ok(expr)
}

/// The span of the first node found below `max` levels, if any.
pub(crate) fn too_deep(expr: &Expr, max: usize) -> Option<Span> {
    if expr.depth() <= max {
        return None;
    }
    // Walk down the deepest branch to the node at level `max + 1`.
    let mut node = expr;
    for _ in 0..max {
        node = children(node)
            .into_iter()
            .max_by_key(|c| c.depth())
            .unwrap_or(node);
    }
    Some(node.span)
}

pub(crate) fn children(e: &Expr) -> Vec<&Expr> {
    match &e.kind {
        ExprKind::Number(_)
        | ExprKind::Text(_)
        | ExprKind::Bool(_)
        | ExprKind::Name(_)
        | ExprKind::Param(_) => vec![],
        ExprKind::Unary { operand, .. } => vec![operand],
        ExprKind::Binary { left, right, .. } => vec![left, right],
        ExprKind::Call { args, .. } => args.iter().collect(),
        ExprKind::Subscript { subject, items } => {
            let mut out: Vec<&Expr> = vec![subject];
            match items {
                Subscript::Key(values) => out.extend(values),
                Subscript::Named(pairs) => out.extend(pairs.iter().map(|(_, v)| v)),
                Subscript::Filter(cond) => out.push(cond),
            }
            out
        }
        ExprKind::Field { subject, .. } => vec![subject],
    }
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    /// How many nested expressions are open, bounded by the depth limit
    /// so that no input can exhaust the stack.
    nesting: usize,
    max_depth: usize,
}

impl Parser {
    fn peek(&self) -> &Tok {
        &self.tokens[self.pos.min(self.tokens.len() - 1)].tok
    }

    fn span(&self) -> Span {
        self.tokens[self.pos.min(self.tokens.len() - 1)].span
    }

    fn next(&mut self) -> Token {
        let t = self.tokens[self.pos.min(self.tokens.len() - 1)].clone();
        if self.pos < self.tokens.len() - 1 {
            self.pos += 1;
        }
        t
    }

    fn unexpected(&self, expected: &str) -> FormulaError {
        FormulaError::new(
            ErrorKind::Syntax {
                expected: expected.to_string(),
                found: self.peek().describe(),
            },
            self.span(),
        )
    }

    fn expect(&mut self, tok: Tok, expected: &str) -> Result<Span, FormulaError> {
        if *self.peek() == tok {
            Ok(self.next().span)
        } else {
            Err(self.unexpected(expected))
        }
    }

    fn enter(&mut self) -> Result<(), FormulaError> {
        self.nesting += 1;
        if self.nesting > self.max_depth {
            return Err(FormulaError::new(
                ErrorKind::TooDeep {
                    max: self.max_depth,
                },
                self.span(),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.nesting -= 1;
    }

    fn expr(&mut self) -> Result<Expr, FormulaError> {
        self.enter()?;
        let e = self.or();
        self.leave();
        e
    }

    fn binary(op: BinaryOp, left: Expr, right: Expr) -> Expr {
        let span = left.span.to(right.span);
        Expr::new(
            ExprKind::Binary {
                op,
                left: Box::new(left),
                right: Box::new(right),
            },
            span,
        )
    }

    fn or(&mut self) -> Result<Expr, FormulaError> {
        let mut left = self.and()?;
        while *self.peek() == Tok::Or {
            self.next();
            let right = self.and()?;
            left = Self::binary(BinaryOp::Or, left, right);
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, FormulaError> {
        let mut left = self.not()?;
        while *self.peek() == Tok::And {
            self.next();
            let right = self.not()?;
            left = Self::binary(BinaryOp::And, left, right);
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Expr, FormulaError> {
        if *self.peek() != Tok::Not {
            return self.comparison();
        }
        let start = self.next().span;
        self.enter()?;
        let operand = self.not();
        self.leave();
        let operand = operand?;
        let span = start.to(operand.span);
        Ok(Expr::new(
            ExprKind::Unary {
                op: UnaryOp::Not,
                operand: Box::new(operand),
            },
            span,
        ))
    }

    fn comparison_op(&self) -> Option<BinaryOp> {
        Some(match self.peek() {
            Tok::Eq => BinaryOp::Eq,
            Tok::Ne => BinaryOp::Ne,
            Tok::Lt => BinaryOp::Lt,
            Tok::Le => BinaryOp::Le,
            Tok::Gt => BinaryOp::Gt,
            Tok::Ge => BinaryOp::Ge,
            _ => return None,
        })
    }

    fn comparison(&mut self) -> Result<Expr, FormulaError> {
        let left = self.sum()?;
        let Some(op) = self.comparison_op() else {
            return Ok(left);
        };
        self.next();
        let right = self.sum()?;
        Ok(Self::binary(op, left, right))
    }

    fn sum(&mut self) -> Result<Expr, FormulaError> {
        let mut left = self.term()?;
        loop {
            let op = match self.peek() {
                Tok::Plus => BinaryOp::Add,
                Tok::Minus => BinaryOp::Sub,
                _ => return Ok(left),
            };
            self.next();
            let right = self.term()?;
            left = Self::binary(op, left, right);
        }
    }

    fn term(&mut self) -> Result<Expr, FormulaError> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek() {
                Tok::Star => BinaryOp::Mul,
                Tok::Slash => BinaryOp::Div,
                _ => return Ok(left),
            };
            self.next();
            let right = self.unary()?;
            left = Self::binary(op, left, right);
        }
    }

    fn unary(&mut self) -> Result<Expr, FormulaError> {
        if *self.peek() != Tok::Minus {
            return self.postfix();
        }
        let start = self.next().span;
        self.enter()?;
        let operand = self.unary();
        self.leave();
        let operand = operand?;
        let span = start.to(operand.span);
        Ok(Expr::new(
            ExprKind::Unary {
                op: UnaryOp::Neg,
                operand: Box::new(operand),
            },
            span,
        ))
    }

    fn postfix(&mut self) -> Result<Expr, FormulaError> {
        let mut e = self.primary()?;
        loop {
            match self.peek() {
                Tok::LBracket => e = self.subscript(e)?,
                Tok::Dot => {
                    self.next();
                    let fields = self.field_names()?;
                    for field in fields {
                        let span = e.span.to(field.span);
                        e = Expr::new(
                            ExprKind::Field {
                                subject: Box::new(e),
                                field,
                            },
                            span,
                        );
                    }
                }
                _ => return Ok(e),
            }
        }
    }

    /// The field name(s) after a `.`: a plain or dotted name, a name in
    /// backticks, or digits (`.1995`).
    fn field_names(&mut self) -> Result<Vec<Ident>, FormulaError> {
        let before = self.pos;
        let token = self.next();
        match token.tok {
            Tok::Name(segments) => Ok(segments),
            Tok::Quoted(name) => Ok(vec![Ident {
                name,
                span: token.span,
            }]),
            Tok::Number(n) if n.scale() == 0 => Ok(vec![Ident {
                name: n.to_string(),
                span: token.span,
            }]),
            _ => {
                self.pos = before;
                Err(self.unexpected("a field name after `.`"))
            }
        }
    }

    fn subscript(&mut self, subject: Expr) -> Result<Expr, FormulaError> {
        self.next();
        if *self.peek() == Tok::RBracket {
            return Err(self.unexpected("key values or a condition between `[` and `]`"));
        }
        self.enter()?;
        let items = self.list(Tok::RBracket, "`,` or `]`");
        self.leave();
        let (mut items, close) = items?;
        let items = if items.len() == 1 {
            // `remove(0)` cannot fail: the list holds exactly one item.
            let item = items.remove(0);
            if item.is_condition() {
                Subscript::Filter(Box::new(item))
            } else {
                Subscript::Key(vec![item])
            }
        } else {
            classify_items(items)?
        };
        let span = subject.span.to(close);
        Ok(Expr::new(
            ExprKind::Subscript {
                subject: Box::new(subject),
                items,
            },
            span,
        ))
    }

    /// Expressions separated by commas up to `close`; returns them and the
    /// closing token's span.
    fn list(&mut self, close: Tok, expected: &str) -> Result<(Vec<Expr>, Span), FormulaError> {
        let mut items = Vec::new();
        if *self.peek() == close {
            return Ok((items, self.next().span));
        }
        loop {
            items.push(self.or()?);
            match self.peek() {
                Tok::Comma => {
                    self.next();
                }
                t if *t == close => return Ok((items, self.next().span)),
                _ => return Err(self.unexpected(expected)),
            }
        }
    }

    fn primary(&mut self) -> Result<Expr, FormulaError> {
        let before = self.pos;
        let token = self.next();
        let span = token.span;
        let kind = match token.tok {
            Tok::Number(n) => ExprKind::Number(n),
            Tok::Text(t) => ExprKind::Text(t),
            Tok::True => ExprKind::Bool(true),
            Tok::False => ExprKind::Bool(false),
            Tok::LParen => {
                self.enter()?;
                let inner = self.or();
                self.leave();
                let mut inner = inner?;
                let close = self.expect(Tok::RParen, "`)` or an operator")?;
                inner.span = span.to(close);
                return Ok(inner);
            }
            Tok::Name(segments) if *self.peek() == Tok::LParen => {
                return self.call(segments, span);
            }
            Tok::Name(mut segments) if segments[0].name == "param" => {
                if segments.len() == 1 {
                    return Err(self.unexpected("`.NAME` after `param`, naming a parameter"));
                }
                let rest = segments.split_off(1);
                let name = rest
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join(".");
                ExprKind::Param(Ident {
                    name,
                    span: rest[0].span.to(rest[rest.len() - 1].span),
                })
            }
            Tok::Name(segments) => ExprKind::Name(segments),
            Tok::Quoted(name) => ExprKind::Name(vec![Ident { name, span }]),
            _ => {
                self.pos = before;
                return Err(self.unexpected(
                    "a value: a number, a text in quotes, a name, a function call, `-`, `not` or `(`",
                ));
            }
        };
        Ok(Expr::new(kind, span))
    }

    fn call(&mut self, segments: Vec<Ident>, span: Span) -> Result<Expr, FormulaError> {
        let name = segments
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>()
            .join(".");
        let function = Ident { name, span };
        self.next();
        self.enter()?;
        let args = self.list(Tok::RParen, "`,` or `)`");
        self.leave();
        let (args, close) = args?;
        functions::check_call(&function, args.len())?;
        Ok(Expr::new(ExprKind::Call { function, args }, span.to(close)))
    }
}

/// A `field = value` item, where `field` is one plain or quoted name.
fn named_pair(item: &Expr) -> Option<(&Ident, &Expr)> {
    match &item.kind {
        ExprKind::Binary {
            op: BinaryOp::Eq,
            left,
            right,
        } => match &left.kind {
            ExprKind::Name(segments) if segments.len() == 1 => Some((&segments[0], right)),
            _ => None,
        },
        _ => None,
    }
}

/// Two or more items: all key values, or all `field = value` pairs.
fn classify_items(items: Vec<Expr>) -> Result<Subscript, FormulaError> {
    let named = named_pair(&items[0]).is_some();
    if let Some(odd) = items.iter().find(|i| named_pair(i).is_some() != named) {
        let expected = if named {
            "`field = value`, like the first item (a lookup gives either all key values in key order, or `field = value` pairs)"
        } else {
            "a key value, like the first item (a lookup gives either all key values in key order, or `field = value` pairs)"
        };
        return Err(FormulaError::new(
            ErrorKind::Syntax {
                expected: expected.into(),
                found: odd.to_string(),
            },
            odd.span,
        ));
    }
    if !named {
        return Ok(Subscript::Key(items));
    }
    let pairs = items
        .into_iter()
        .filter_map(|item| match item.kind {
            ExprKind::Binary { left, right, .. } => match left.kind {
                ExprKind::Name(mut segments) => segments.pop().map(|field| (field, *right)),
                _ => None,
            },
            _ => None,
        })
        .collect();
    Ok(Subscript::Named(pairs))
}
