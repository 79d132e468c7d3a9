//! Bytecode goldens: `pyrite -m dis tests/bytecode/NAME.py` must print `NAME.dis` exactly
//! (code-object addresses normalised). `PYRITE_REGEN=1 cargo test --test bytecode` rewrites
//! the goldens after a deliberate compiler change; review the diff before committing.

use std::path::PathBuf;
use std::process::Command;

fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(" at 0x") {
        out.push_str(&rest[..i + 6]);
        rest = &rest[i + 6..];
        let hex = rest.chars().take_while(|c| c.is_ascii_hexdigit()).count();
        out.push_str("...");
        rest = &rest[hex..];
    }
    out.push_str(rest);
    out
}

#[test]
fn disassembly_goldens() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/bytecode");
    let regen = std::env::var_os("PYRITE_REGEN").is_some();
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "py"))
        .collect();
    sources.sort();
    assert!(sources.len() >= 6, "golden sources missing");
    let mut failures = Vec::new();
    for src in sources {
        let name = src.file_name().unwrap().to_string_lossy().to_string();
        let out =
            Command::new(env!("CARGO_BIN_EXE_pyrite")).current_dir(&dir).args(["-m", "dis", &name]).output().unwrap();
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let got = normalise(&String::from_utf8_lossy(&out.stdout));
        let golden = src.with_extension("dis");
        if regen {
            std::fs::write(&golden, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        if got != want {
            failures.push(format!("{name}:\n--- want\n{want}\n--- got\n{got}"));
        }
    }
    assert!(failures.is_empty(), "disassembly differs (PYRITE_REGEN=1 to accept):\n{}", failures.join("\n"));
}
