//! Assembly stage: a unit's instruction list (with symbolic labels and handler blocks) →
//! code units. Guarantees: unreachable instructions are dropped, every jump operand is the
//! absolute index of a code unit that starts an instruction, `EXTENDED_ARG` prefixes are sized
//! to a fixed point, every code unit carries a position (but a loop's jump back, which may have
//! none, as in CPython), `co_stacksize` and each exception-table
//! depth come from flow analysis, and table entries never overlap.

use bytecode::opcode::Opcode;
use bytecode::{ExceptionEntry, Position};

/// A symbolic jump target inside one unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label(pub u32);

/// An exception handler block: where to go and whether the raising offset is pushed first.
#[derive(Clone, Debug)]
pub struct Handler {
    pub target: Label,
    pub lasti: bool,
    /// Items above the setup depth that belong to the block and are discarded on unwinding.
    pub pop: u32,
}

#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// A real instruction; `target` is set for jumps (the operand is then resolved).
    Op { op: Opcode, arg: u32, target: Option<Label> },
    /// CPython's SETUP_FINALLY/SETUP_CLEANUP/SETUP_WITH pseudo-instruction: records the stack
    /// depth for handler `.0` and makes its target reachable. Emits nothing.
    Setup(u32),
}

#[derive(Clone, Copy, Debug)]
pub struct Instr {
    pub kind: Kind,
    pub pos: Position,
    /// Innermost active handler when the instruction was emitted.
    pub handler: Option<u32>,
}

/// Instruction list being built for one code object.
#[derive(Default)]
pub struct InstrList {
    pub instrs: Vec<Instr>,
    /// label → index of the instruction it precedes.
    pub labels: Vec<Option<usize>>,
    pub handlers: Vec<Handler>,
}

/// Result of assembly.
pub struct Assembled {
    pub code: Vec<u16>,
    pub positions: Vec<Position>,
    pub exception_table: Vec<ExceptionEntry>,
    pub stacksize: u32,
}

impl InstrList {
    pub fn new_label(&mut self) -> Label {
        self.labels.push(None);
        Label(self.labels.len() as u32 - 1)
    }

    /// The position of the last instruction, if the next one would follow it in the same
    /// basic block (no label bound in between, and it does not end its block).
    pub fn position_to_inherit(&self) -> Option<Position> {
        let n = self.instrs.len();
        let last = self.instrs.last()?;
        if self.labels.contains(&Some(n)) {
            return None;
        }
        match last.kind {
            Kind::Op { op, .. } if op.is_jump() || op.is_terminator() => None,
            _ => Some(last.pos),
        }
    }

    /// The jump instructions whose target is bound at instruction index `at`.
    pub fn jumps_to(&self, at: usize) -> Vec<usize> {
        let mut v = Vec::new();
        for (i, ins) in self.instrs.iter().enumerate() {
            if let Kind::Op { target: Some(l), .. } = ins.kind {
                if self.labels[l.0 as usize] == Some(at) {
                    v.push(i);
                }
            }
        }
        v
    }

    /// The position of instruction `i`, or if it has none, of the nearest one before it that
    /// does (CPython's `guarantee_lineno_for_exits`).
    pub fn position_or_earlier(&self, i: usize) -> Position {
        self.instrs[..=i].iter().rev().map(|ins| ins.pos).find(|p| p.line != 0).unwrap_or_default()
    }

    /// Points jump `i` at `l`.
    pub fn retarget(&mut self, i: usize, l: Label) {
        if let Kind::Op { target, .. } = &mut self.instrs[i].kind {
            *target = Some(l);
        }
    }

    /// The position of the last instruction if control can fall through it to the next one.
    pub fn fallthrough_position(&self) -> Option<Position> {
        let last = self.instrs.iter().rev().find(|i| matches!(i.kind, Kind::Op { .. }))?;
        match last.kind {
            Kind::Op { op, .. } if op.is_terminator() => None,
            _ => Some(last.pos),
        }
    }

    pub fn bind(&mut self, l: Label) {
        self.labels[l.0 as usize] = Some(self.instrs.len());
    }

    pub fn new_handler(&mut self, target: Label, lasti: bool, pop: u32) -> u32 {
        self.handlers.push(Handler { target, lasti, pop });
        self.handlers.len() as u32 - 1
    }

    fn label_index(&self, l: Label) -> usize {
        self.labels[l.0 as usize].expect("unbound label")
    }

    /// Flow analysis: stack depth before every reachable instruction and each handler's depth.
    fn depths(&self) -> (Vec<Option<u32>>, Vec<Option<u32>>, u32) {
        let n = self.instrs.len();
        let mut depth: Vec<Option<u32>> = vec![None; n + 1];
        let mut hdepth: Vec<Option<u32>> = vec![None; self.handlers.len()];
        let mut max = 0u32;
        let mut work: Vec<(usize, i64)> = vec![(0, 0)];
        while let Some((mut i, mut d)) = work.pop() {
            loop {
                if i >= n {
                    break;
                }
                if let Some(old) = depth[i] {
                    debug_assert_eq!(old as i64, d.max(0), "inconsistent stack depth at instruction {i}");
                    break;
                }
                debug_assert!(d >= 0, "negative stack depth at instruction {i}");
                let d0 = d.max(0) as u32;
                depth[i] = Some(d0);
                max = max.max(d0);
                match self.instrs[i].kind {
                    Kind::Setup(h) => {
                        let hd = &self.handlers[h as usize];
                        let base = (d0 as i64 - hd.pop as i64).max(0);
                        if hdepth[h as usize].is_none() {
                            hdepth[h as usize] = Some(base as u32);
                        }
                        let t = self.label_index(hd.target);
                        work.push((t, base + 1 + hd.lasti as i64));
                        i += 1;
                    }
                    Kind::Op { op, arg, target } => {
                        if let Some(t) = target {
                            let jd = d + op.stack_effect(arg, true) as i64;
                            max = max.max(jd.max(0) as u32);
                            work.push((self.label_index(t), jd));
                        }
                        d += op.stack_effect(arg, false) as i64;
                        max = max.max(d.max(0) as u32);
                        if op.is_terminator() {
                            break;
                        }
                        i += 1;
                    }
                }
            }
        }
        (depth, hdepth, max)
    }

    pub fn assemble(&self) -> Assembled {
        let (depth, hdepth, max) = self.depths();
        // Keep reachable real instructions.
        let keep: Vec<usize> = (0..self.instrs.len())
            .filter(|&i| depth[i].is_some() && matches!(self.instrs[i].kind, Kind::Op { .. }))
            .collect();
        // Map instruction index → kept index of the first kept instruction at or after it.
        let mut next_kept = vec![keep.len(); self.instrs.len() + 1];
        {
            let mut k = keep.len();
            for i in (0..self.instrs.len()).rev() {
                if k > 0 && keep[k - 1] == i {
                    k -= 1;
                }
                next_kept[i] = k;
            }
        }
        let target_of = |l: Label| -> usize { next_kept[self.label_index(l)] };
        // Sizes with EXTENDED_ARG, iterated to a fixed point.
        let mut sizes = vec![1u32; keep.len()];
        let mut offsets = vec![0u32; keep.len() + 1];
        loop {
            let mut off = 0;
            for (k, &s) in sizes.iter().enumerate() {
                offsets[k] = off;
                off += s;
            }
            offsets[keep.len()] = off;
            let mut changed = false;
            for (k, &i) in keep.iter().enumerate() {
                let Kind::Op { arg, target, .. } = self.instrs[i].kind else { unreachable!() };
                let a = match target {
                    Some(t) => offsets[target_of(t)],
                    None => arg,
                };
                let s = unit_count(a);
                if s > sizes[k] {
                    sizes[k] = s;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        let mut code = Vec::with_capacity(offsets[keep.len()] as usize);
        let mut positions = Vec::with_capacity(code.capacity());
        for (k, &i) in keep.iter().enumerate() {
            let ins = &self.instrs[i];
            let Kind::Op { op, arg, target } = ins.kind else { unreachable!() };
            let a = match target {
                Some(t) => offsets[target_of(t)],
                None => arg,
            };
            let size = sizes[k];
            for j in (1..size).rev() {
                code.push(Opcode::EXTENDED_ARG as u16 | ((((a >> (8 * j)) & 0xff) as u16) << 8));
                positions.push(ins.pos);
            }
            code.push(op as u16 | (((a & 0xff) as u16) << 8));
            positions.push(ins.pos);
        }
        // Exception table: coalesce runs with the same handler.
        let mut table: Vec<ExceptionEntry> = Vec::new();
        let mut cur: Option<(u32, u32)> = None; // (handler, start)
        for (k, &i) in keep.iter().enumerate() {
            let h = self.instrs[i].handler.filter(|&h| hdepth[h as usize].is_some());
            let here = offsets[k];
            if cur.map(|c| c.0) != h {
                if let Some((ch, start)) = cur.take() {
                    push_entry(&mut table, self, &hdepth, ch, start, here, &offsets, &target_of);
                }
                if let Some(h) = h {
                    cur = Some((h, here));
                }
            }
        }
        if let Some((ch, start)) = cur {
            push_entry(&mut table, self, &hdepth, ch, start, offsets[keep.len()], &offsets, &target_of);
        }
        Assembled { code, positions, exception_table: table, stacksize: max }
    }
}

#[allow(clippy::too_many_arguments)]
fn push_entry(
    table: &mut Vec<ExceptionEntry>,
    list: &InstrList,
    hdepth: &[Option<u32>],
    h: u32,
    start: u32,
    end: u32,
    offsets: &[u32],
    target_of: &dyn Fn(Label) -> usize,
) {
    let hd = &list.handlers[h as usize];
    table.push(ExceptionEntry {
        start,
        end,
        target: offsets[target_of(hd.target)],
        depth: hdepth[h as usize].unwrap_or(0),
        lasti: hd.lasti,
    });
}

fn unit_count(a: u32) -> u32 {
    if a <= 0xff {
        1
    } else if a <= 0xffff {
        2
    } else if a <= 0xff_ffff {
        3
    } else {
        4
    }
}
