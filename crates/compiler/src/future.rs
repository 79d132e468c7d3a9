//! Future stage (CPython's future.c): reads the `from __future__ import ...` statements at the
//! start of a module. Guarantees: unknown features and `braces` are the SyntaxErrors CPython
//! raises; the returned flags say which features are on.

use ruff_python_ast::{Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};

#[derive(Default)]
pub struct Features {
    pub annotations: bool,
}

const KNOWN: &[&str] = &[
    "nested_scopes",
    "generators",
    "division",
    "absolute_import",
    "with_statement",
    "print_function",
    "unicode_literals",
    "barry_as_FLUFL",
    "generator_stop",
    "annotations",
];

pub fn parse_future(body: &[Stmt]) -> Result<Features, (String, TextRange)> {
    let mut f = Features::default();
    for (i, s) in body.iter().enumerate() {
        match s {
            Stmt::Expr(e) if i == 0 && matches!(&*e.value, Expr::StringLiteral(_)) => continue,
            Stmt::ImportFrom(imp)
                if imp.module.as_ref().is_some_and(|m| m.as_str() == "__future__") && imp.level == 0 =>
            {
                for a in &imp.names {
                    let name = a.name.as_str();
                    if name == "braces" {
                        return Err(("not a chance".into(), s.range()));
                    }
                    if !KNOWN.contains(&name) {
                        return Err((format!("future feature {name} is not defined"), s.range()));
                    }
                    if name == "annotations" {
                        f.annotations = true;
                    }
                }
            }
            _ => break,
        }
    }
    Ok(f)
}

impl crate::compile::Compiler<'_> {
    /// Is this `from __future__` statement among the leading ones (after a docstring)?
    pub fn future_ok(&self, s: &ruff_python_ast::StmtImportFrom) -> bool {
        if self.units.len() != 1 {
            return false;
        }
        self.future_positions.contains(&s.range.start())
    }
}

/// Start offsets of the leading `from __future__` statements.
pub fn leading_future_positions(body: &[Stmt]) -> Vec<ruff_text_size::TextSize> {
    let mut out = Vec::new();
    for (i, s) in body.iter().enumerate() {
        match s {
            Stmt::Expr(e) if i == 0 && matches!(&*e.value, Expr::StringLiteral(_)) => continue,
            Stmt::ImportFrom(imp)
                if imp.module.as_ref().is_some_and(|m| m.as_str() == "__future__") && imp.level == 0 =>
            {
                out.push(s.range().start())
            }
            _ => break,
        }
    }
    out
}
