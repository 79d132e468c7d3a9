//! VM stage: `compile()`'s AST side. Guarantees: `compile(src, fn, mode, PyCF_ONLY_AST)` returns
//! a tree of `_ast` node objects (classes of `lib/_ast.py`) built from the compiler's exported
//! tree, with fields then position attributes in CPython's order and the shared `Load()`/`Add()`
//! style singletons of `_ast._singletons`; `compile(tree, fn, mode)` compiles an AST object by
//! turning it back into source with `_ast._source_of` (Lib/ast.py's unparser, laid out so each
//! statement that carries a `lineno` starts on that line) and compiling that text. Columns of
//! code compiled from a tree are therefore the unparsed text's, not the tree's.

use crate::func::Args;
use crate::value::{PyRef, Value};
use crate::vm::PyResult;
use crate::vm::Vm;
use compiler::{AstMode, AstNode, AstValue};
use std::collections::HashMap;

/// `_ast.PyCF_ONLY_AST`.
pub const PY_CF_ONLY_AST: i64 = 1024;

impl Vm {
    fn ast_module(&mut self) -> PyResult<Value> {
        let name = self.new_str("_ast");
        self.import_module_level(&name, None, &Value::None, 0)
    }

    /// Parses source text into `_ast` objects, as `ast.parse` does.
    pub fn parse_to_ast(&mut self, text: &str, filename: &str, mode: AstMode) -> PyResult<Value> {
        let tree = compiler::parse_ast(text, filename, mode).map_err(|e| self.syntax_error_from(&e))?;
        let module = self.ast_module()?;
        let singletons = self.getattr_str(&module, "_singletons")?;
        let mut b = Builder { module, singletons, classes: HashMap::new() };
        b.node(self, &tree)
    }

    /// Is `v` an instance of `_ast.AST`? (False while `_ast` cannot be imported.)
    pub fn is_ast_object(&mut self, v: &Value) -> bool {
        let Ok(module) = self.ast_module() else { return false };
        match self.getattr_str(&module, "AST") {
            Ok(Value::Obj(cls)) => self.isinstance(v, &cls),
            _ => false,
        }
    }

    /// `compile(tree, filename, mode)` for an AST object: checks the root class against `mode`,
    /// then compiles the tree's source text (see the module note on positions).
    pub fn compile_ast_object(&mut self, tree: &Value, filename: &str, mode: &str) -> PyResult<Value> {
        let (expected, cmode) = match mode {
            "exec" => ("Module", compiler::Mode::Exec),
            "eval" => ("Expression", compiler::Mode::Eval),
            "single" => ("Interactive", compiler::Mode::Single),
            _ => return Err(self.new_type_error("compile() mode 'func_type' requires flag PyCF_ONLY_AST")),
        };
        let got = self.type_of(tree).as_type().map(|t| t.name().to_string()).unwrap_or_default();
        if got != expected {
            return Err(self.new_type_error(format!("expected {expected} node, got {got}")));
        }
        let module = self.ast_module()?;
        let source_of = self.getattr_str(&module, "_source_of")?;
        let text = self.call(&source_of, Args::new(std::slice::from_ref(tree)))?;
        let text = self.str_string(&text)?;
        let code = self.compile_source(&text, filename, cmode)?;
        Ok(Value::Obj(crate::value::Object::new(self.types.code.clone(), crate::value::Payload::Code(code))))
    }
}

/// Builds `_ast` objects, looking each class up once.
struct Builder {
    module: Value,
    singletons: Value,
    classes: HashMap<&'static str, PyRef>,
}

impl Builder {
    fn class(&mut self, vm: &mut Vm, name: &'static str) -> PyResult<PyRef> {
        if let Some(c) = self.classes.get(name) {
            return Ok(c.clone());
        }
        match vm.getattr_str(&self.module, name)? {
            Value::Obj(c) if c.as_type().is_some() => {
                self.classes.insert(name, c.clone());
                Ok(c)
            }
            _ => Err(vm.new_type_error(format!("_ast.{name} is not a class"))),
        }
    }

    fn node(&mut self, vm: &mut Vm, n: &AstNode) -> PyResult<Value> {
        if n.fields.is_empty() && n.pos.is_none() {
            let key = vm.new_str(n.class);
            if let Ok(v) = vm.getitem(&self.singletons, &key) {
                return Ok(v);
            }
        }
        let cls = self.class(vm, n.class)?;
        let obj = vm.alloc_instance(&cls, &[])?;
        let Some(dict) = obj.as_obj().and_then(|o| vm.instance_dict(o)) else {
            return Err(vm.new_type_error(format!("_ast.{} instances have no __dict__", n.class)));
        };
        for (name, v) in &n.fields {
            let v = self.value(vm, v)?;
            vm.dict_set_str(&dict, name, v);
        }
        if let Some(p) = n.pos {
            vm.dict_set_str(&dict, "lineno", Value::Int(p.lineno as i64));
            vm.dict_set_str(&dict, "col_offset", Value::Int(p.col_offset as i64));
            vm.dict_set_str(&dict, "end_lineno", Value::Int(p.end_lineno as i64));
            vm.dict_set_str(&dict, "end_col_offset", Value::Int(p.end_col_offset as i64));
        }
        Ok(obj)
    }

    fn value(&mut self, vm: &mut Vm, v: &AstValue) -> PyResult<Value> {
        Ok(match v {
            AstValue::None => Value::None,
            AstValue::Node(n) => self.node(vm, n)?,
            AstValue::List(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.value(vm, i)?);
                }
                vm.new_list(out)
            }
            AstValue::Ident(s) => vm.new_str(&**s),
            AstValue::Int(i) => Value::Int(*i),
            AstValue::Const(c) => vm.const_value(c),
        })
    }
}
