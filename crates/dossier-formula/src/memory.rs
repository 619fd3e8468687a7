//! A ready [`Context`] over data held in memory: tables, figures given as
//! formulas (evaluated on first use, cached, cycles detected) and
//! parameters.

use std::cell::RefCell;
use std::collections::BTreeMap;

use crate::context::{Context, FigureError, MemoryTable, Table};
use crate::error::ErrorKind;
use crate::value::Value;
use crate::Formula;

/// Data sets, figures and parameters by name.
#[derive(Debug, Default)]
pub struct MemoryContext {
    tables: BTreeMap<String, MemoryTable>,
    figures: BTreeMap<String, Formula>,
    parameters: BTreeMap<String, Value>,
    /// Figures being evaluated, outermost first, to detect cycles.
    stack: RefCell<Vec<String>>,
    values: RefCell<BTreeMap<String, Result<Value, FigureError>>>,
}

impl MemoryContext {
    pub fn new() -> MemoryContext {
        MemoryContext::default()
    }

    pub fn with_table(mut self, name: &str, table: MemoryTable) -> MemoryContext {
        self.tables.insert(name.to_string(), table);
        self
    }

    pub fn with_figure(mut self, name: &str, formula: Formula) -> MemoryContext {
        self.figures.insert(name.to_string(), formula);
        self.values.get_mut().clear();
        self
    }

    pub fn with_parameter(mut self, name: &str, value: Value) -> MemoryContext {
        self.parameters.insert(name.to_string(), value);
        self.values.get_mut().clear();
        self
    }

    pub fn memory_table(&self, name: &str) -> Option<&MemoryTable> {
        self.tables.get(name)
    }
}

impl Context for MemoryContext {
    fn table(&self, name: &str) -> Option<&dyn Table> {
        self.tables.get(name).map(|t| t as &dyn Table)
    }

    fn is_figure(&self, name: &str) -> bool {
        self.figures.contains_key(name)
    }

    fn figure(&self, name: &str) -> Option<Result<Value, FigureError>> {
        let formula = self.figures.get(name)?;
        if let Some(known) = self.values.borrow().get(name) {
            return Some(known.clone());
        }
        let open = self.stack.borrow().iter().position(|n| n == name);
        if let Some(start) = open {
            let mut chain = self.stack.borrow()[start..].to_vec();
            chain.push(name.to_string());
            return Some(Err(FigureError::Circular { chain }));
        }
        self.stack.borrow_mut().push(name.to_string());
        let out = formula.evaluate(self).map_err(|e| match e.kind {
            ErrorKind::Circular { chain } => FigureError::Circular { chain },
            other => FigureError::Failed {
                message: other.to_string(),
            },
        });
        self.stack.borrow_mut().pop();
        self.values
            .borrow_mut()
            .insert(name.to_string(), out.clone());
        Some(out)
    }

    fn parameter(&self, name: &str) -> Option<Value> {
        self.parameters.get(name).cloned()
    }

    fn names(&self) -> Vec<&str> {
        self.tables
            .keys()
            .chain(self.figures.keys())
            .map(String::as_str)
            .collect()
    }

    fn parameter_names(&self) -> Vec<&str> {
        self.parameters.keys().map(String::as_str).collect()
    }
}
