//! End-to-end tests of the bytecode cache: `__pycache__/NAME.pyrite-311.pyc` is written on first
//! import, reused on the next run (seen through `-v`), rewritten when stale, corrupt, truncated
//! or foreign, validated by hash when compiled that way (PEP 552), skipped where it cannot be
//! written, and disabled by `-B`, `PYTHONDONTWRITEBYTECODE` and `sys.dont_write_bytecode`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PYRITE: &str = env!("CARGO_BIN_EXE_pyrite");

/// A scratch directory with a main script importing module `m`.
struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("pyrite-cache-{}-{}", name, std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("m.py"), "VALUE = 'one'\n").unwrap();
        std::fs::write(dir.join("main.py"), "import m\nprint(m.VALUE)\n").unwrap();
        Scratch { dir }
    }

    fn pyc(&self) -> PathBuf {
        self.dir.join("__pycache__").join("m.pyrite-311.pyc")
    }

    /// Runs pyrite with the machine's bytecode-suppressing variables cleared.
    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut c = Command::new(PYRITE);
        c.current_dir(&self.dir).args(args).env_remove("PYTHONDONTWRITEBYTECODE").env_remove("PYTHONPYCACHEPREFIX");
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().unwrap()
    }

    fn run_v(&self) -> (String, String) {
        let o = self.run(&["-v", "main.py"], &[]);
        assert!(o.status.success(), "pyrite failed: {}", String::from_utf8_lossy(&o.stderr));
        (String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
    }

    /// Rewrites m.py with new text, forcing a different mtime.
    fn edit(&self, text: &str, mtime_secs: u64) {
        let p = self.dir.join("m.py");
        std::fs::write(&p, text).unwrap();
        set_mtime(&p, mtime_secs);
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn set_mtime(p: &Path, secs: u64) {
    let f = std::fs::File::options().write(true).open(p).unwrap();
    f.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs)).unwrap();
}

#[test]
fn fresh_write_then_reuse() {
    let s = Scratch::new("reuse");
    let (out, err) = s.run_v();
    assert_eq!(out, "one\n");
    assert!(err.contains("# code object from "), "{err}");
    assert!(err.contains(&format!("# created '{}'", s.pyc().display())), "{err}");
    assert!(s.pyc().is_file());
    let (out, err) = s.run_v();
    assert_eq!(out, "one\n");
    assert!(err.contains(&format!("matches {}", s.dir.join("m.py").display())), "{err}");
    assert!(err.contains(&format!("# code object from '{}'", s.pyc().display())), "{err}");
    assert!(!err.contains("# created"), "{err}");
}

#[test]
fn stale_mtime_is_recompiled() {
    let s = Scratch::new("stale");
    s.run_v();
    s.edit("VALUE = 'two'\n", 1_000_000);
    let (out, err) = s.run_v();
    assert_eq!(out, "two\n");
    assert!(err.contains("# bytecode is stale for 'm'"), "{err}");
    assert!(err.contains("# created"), "{err}");
}

#[test]
fn checked_hash_detects_same_size_same_mtime_edit() {
    let s = Scratch::new("hash");
    set_mtime(&s.dir.join("m.py"), 2_000_000);
    let o = s.run(&["-m", "compileall", "-q", "--invalidation-mode", "checked-hash", "."], &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let data = std::fs::read(s.pyc()).unwrap();
    assert_eq!(u32::from_le_bytes(data[4..8].try_into().unwrap()), 0b11, "checked hash-based flags");
    let (out, err) = s.run_v();
    assert_eq!(out, "one\n");
    assert!(err.contains("matches"), "{err}");
    // Same length, same mtime, different text: only the hash notices.
    s.edit("VALUE = 'six'\n", 2_000_000);
    let (out, err) = s.run_v();
    assert_eq!(out, "six\n");
    assert!(err.contains("# bytecode is stale for 'm'"), "{err}");
}

#[test]
fn unchecked_hash_is_trusted() {
    let s = Scratch::new("unchecked");
    let o = s.run(&["-m", "compileall", "-q", "--invalidation-mode", "unchecked-hash", "."], &[]);
    assert!(o.status.success());
    s.edit("VALUE = 'new'\n", 3_000_000);
    let (out, _) = s.run_v();
    assert_eq!(out, "one\n", "an unchecked pyc is used without looking at the source (PEP 552)");
}

#[test]
fn bad_magic_truncated_and_garbage_are_rewritten() {
    for (name, damage) in [
        ("magic", Box::new(|d: &mut Vec<u8>| d[0] ^= 0xff) as Box<dyn Fn(&mut Vec<u8>)>),
        ("truncated", Box::new(|d: &mut Vec<u8>| d.truncate(d.len() / 2))),
        ("short", Box::new(|d: &mut Vec<u8>| d.truncate(7))),
        ("garbage", Box::new(|d: &mut Vec<u8>| d[20..].iter_mut().for_each(|b| *b = 0xab))),
        ("cpython", Box::new(|d: &mut Vec<u8>| d[..4].copy_from_slice(&[0xa7, 0x0d, b'\r', b'\n']))),
    ] {
        let s = Scratch::new(name);
        s.run_v();
        let mut data = std::fs::read(s.pyc()).unwrap();
        damage(&mut data);
        std::fs::write(s.pyc(), &data).unwrap();
        let (out, err) = s.run_v();
        assert_eq!(out, "one\n", "{name}");
        assert!(err.contains("# bytecode is stale for 'm'"), "{name}: {err}");
        assert!(err.contains("# created"), "{name}: {err}");
        let (_, err) = s.run_v();
        assert!(err.contains("matches"), "{name}: rewritten file is valid: {err}");
    }
}

#[test]
fn unwritable_cache_is_skipped_silently() {
    let s = Scratch::new("unwritable");
    // A regular file named __pycache__ makes the directory impossible to create, even as root.
    std::fs::write(s.dir.join("__pycache__"), "not a directory").unwrap();
    let o = s.run(&["main.py"], &[]);
    assert!(o.status.success());
    assert_eq!(String::from_utf8_lossy(&o.stdout), "one\n");
    assert_eq!(String::from_utf8_lossy(&o.stderr), "");
}

#[test]
fn dont_write_bytecode_switches() {
    let s = Scratch::new("nowrite");
    let o = s.run(&["-B", "main.py"], &[]);
    assert_eq!(String::from_utf8_lossy(&o.stdout), "one\n");
    assert!(!s.pyc().exists(), "-B");
    let o = s.run(&["main.py"], &[("PYTHONDONTWRITEBYTECODE", "1")]);
    assert_eq!(String::from_utf8_lossy(&o.stdout), "one\n");
    assert!(!s.pyc().exists(), "PYTHONDONTWRITEBYTECODE");
    std::fs::write(s.dir.join("main2.py"), "import sys\nsys.dont_write_bytecode = True\nimport m\nprint(m.VALUE)\n")
        .unwrap();
    let o = s.run(&["main2.py"], &[]);
    assert_eq!(String::from_utf8_lossy(&o.stdout), "one\n");
    assert!(!s.pyc().exists(), "sys.dont_write_bytecode");
    let o = s.run(&["main.py"], &[]);
    assert!(o.status.success());
    assert!(s.pyc().exists(), "written once nothing forbids it");
}

#[test]
fn pycache_prefix_and_running_a_pyc() {
    let s = Scratch::new("prefix");
    let prefix = s.dir.join("prefix");
    let o = s.run(&["main.py"], &[("PYTHONPYCACHEPREFIX", prefix.to_str().unwrap())]);
    assert_eq!(String::from_utf8_lossy(&o.stdout), "one\n");
    assert!(!s.pyc().exists());
    let canon = std::fs::canonicalize(&s.dir).unwrap();
    let under = prefix.join(canon.strip_prefix("/").unwrap()).join("m.pyrite-311.pyc");
    assert!(under.is_file(), "expected {}", under.display());
    // A .pyc runs directly.
    std::fs::write(s.dir.join("hello.py"), "print('from pyc')\n").unwrap();
    let o = s.run(&["-m", "py_compile", "hello.py"], &[]);
    assert!(o.status.success());
    let o = s.run(&["__pycache__/hello.pyrite-311.pyc"], &[]);
    assert_eq!(String::from_utf8_lossy(&o.stdout), "from pyc\n");
}

#[test]
fn main_script_is_not_cached() {
    let s = Scratch::new("main");
    s.run_v();
    assert!(!s.dir.join("__pycache__").join("main.pyrite-311.pyc").exists());
}
