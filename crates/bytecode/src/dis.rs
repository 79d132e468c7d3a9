//! Bytecode stage: the disassembler. Prints a code object in the layout of CPython 3.11's
//! `dis.dis` (line column, `>>` jump-target marks, byte offsets, opcode names padded to 20,
//! operands right-aligned to 5, the operand's meaning in parentheses) with pyrite's opcodes.

use crate::code::{CodeObject, Constant};
use crate::opcode::{decode, ArgKind, Opcode, BINARY_OPS, CMP_OPS};
use std::collections::BTreeSet;
use std::fmt::Write;

/// Disassembles `code` and, after it, every code object among its constants (recursively), as
/// `dis.dis` does. `repr` renders a constant as Python's `repr()` would.
pub fn disassemble(code: &CodeObject, repr: &dyn Fn(&Constant) -> String) -> String {
    let mut out = String::new();
    disassemble_one(code, repr, &mut out);
    for c in &code.co_consts {
        if let Constant::Code(inner) = c {
            let _ = writeln!(out, "\nDisassembly of {}:", code_repr(inner));
            out.push_str(&disassemble(inner, repr));
        }
    }
    out
}

/// `<code object NAME at 0x..., file "F", line N>` as CPython's `code.__repr__`.
pub fn code_repr(code: &CodeObject) -> String {
    format!(
        "<code object {} at {:#x}, file \"{}\", line {}>",
        code.co_name, code as *const CodeObject as usize, code.co_filename, code.co_firstlineno
    )
}

/// Disassembles a single code object without recursing into nested ones.
pub fn disassemble_one(code: &CodeObject, repr: &dyn Fn(&Constant) -> String, out: &mut String) {
    let instrs = match decode(&code.co_code) {
        Ok(i) => i,
        Err(e) => {
            let _ = writeln!(out, "<invalid bytecode: {e}>");
            return;
        }
    };
    let targets: BTreeSet<u32> = instrs.iter().filter(|i| i.op.is_jump()).map(|i| i.arg).collect();
    let handler_targets: BTreeSet<u32> = code.exception_table.iter().map(|e| e.target).collect();
    let max_line = code.positions.iter().map(|p| p.line).max().unwrap_or(0);
    let lineno_width = max_line.to_string().len().max(3);
    let offset_width = (code.co_code.len() * 2).to_string().len().max(4);
    let mut last_line = None;
    for (n, ins) in instrs.iter().enumerate() {
        let line = code.line_at(ins.start);
        let starts_line = line.is_some() && line != last_line;
        if starts_line {
            if n > 0 {
                out.push('\n');
            }
            last_line = line;
        }
        let mut fields: Vec<String> = Vec::new();
        fields.push(if starts_line {
            format!("{:>w$}", line.unwrap(), w = lineno_width)
        } else {
            " ".repeat(lineno_width)
        });
        fields.push("   ".into());
        let is_target = targets.contains(&(ins.start as u32)) || handler_targets.contains(&(ins.start as u32));
        fields.push(if is_target { ">>".into() } else { "  ".into() });
        fields.push(format!("{:>w$}", ins.offset * 2, w = offset_width));
        fields.push(format!("{:<20}", ins.op.name()));
        if ins.op.arg_kind() != ArgKind::None {
            fields.push(format!("{:>5}", ins.arg));
            let meaning = arg_repr(code, ins.op, ins.arg, repr);
            if !meaning.is_empty() {
                fields.push(format!("({meaning})"));
            }
        }
        let _ = writeln!(out, "{}", fields.join(" ").trim_end());
    }
    if !code.exception_table.is_empty() {
        out.push_str("ExceptionTable:\n");
        for e in &code.exception_table {
            let _ = writeln!(
                out,
                "  {} to {} -> {} [{}]{}",
                e.start * 2,
                e.end * 2 - 2,
                e.target * 2,
                e.depth,
                if e.lasti { " lasti" } else { "" }
            );
        }
    }
}

fn arg_repr(code: &CodeObject, op: Opcode, arg: u32, repr: &dyn Fn(&Constant) -> String) -> String {
    let a = arg as usize;
    let name = |v: &[std::rc::Rc<str>]| v.get(a).map(|s| s.to_string()).unwrap_or_default();
    match op.arg_kind() {
        ArgKind::Const => code.co_consts.get(a).map(repr).unwrap_or_default(),
        ArgKind::Name => name(&code.co_names),
        ArgKind::Local => name(&code.co_varnames),
        ArgKind::Free => {
            let ncell = code.co_cellvars.len();
            if a < ncell {
                name(&code.co_cellvars)
            } else {
                code.co_freevars.get(a - ncell).map(|s| s.to_string()).unwrap_or_default()
            }
        }
        ArgKind::Jump => format!("to {}", a * 2),
        ArgKind::Compare => CMP_OPS.get(a).copied().unwrap_or("?").to_string(),
        ArgKind::BinaryOp => BINARY_OPS.get(a).copied().unwrap_or("?").to_string(),
        ArgKind::Count => match op {
            Opcode::IS_OP => ["is", "is not"].get(a).copied().unwrap_or("?").to_string(),
            Opcode::CONTAINS_OP => ["in", "not in"].get(a).copied().unwrap_or("?").to_string(),
            Opcode::FORMAT_VALUE => {
                let conv = ["", "str", "repr", "ascii"][a & 3];
                let spec = if a & 4 != 0 { "with format" } else { "" };
                [conv, spec].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join(", ")
            }
            _ => String::new(),
        },
        ArgKind::None => String::new(),
    }
}
