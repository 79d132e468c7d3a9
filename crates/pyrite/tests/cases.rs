//! Differential cases: runs `pyrite tests/cases/NAME.py` for every case and compares with
//! `NAME.out`, the output CPython 3.11 produced. The run and the `.out` format are defined in
//! `tests/regen.py` (its docstring); `render` below mirrors its `render` function.
//! A case whose first line is `# xfail: reason` must fail (strictly: an unexpected pass is an
//! error). `PYRITE_CASES=substring` runs only the cases whose name contains the substring.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(10);
const THREADS: usize = 2;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// The `.out` text for one run (same rules as `render` in tests/regen.py).
fn render(root: &Path, name: &str, stdout: &str, stderr: &str, code: i32) -> String {
    let mut out = stdout.to_string();
    let full = name.starts_with("tb__");
    let mut block = String::new();
    if code != 0 {
        block.push_str(&format!("--- exit {code}\n"));
    }
    if full && (code != 0 || !stderr.is_empty()) {
        block.push_str("--- stderr:\n");
        let prefix = format!("{}/", root.display());
        block.push_str(&stderr.replace(&prefix, "<ROOT>/"));
    } else if code != 0 {
        let last = stderr.lines().map(|l| l.trim_end()).rfind(|l| !l.trim().is_empty());
        block.push_str(&format!("--- stderr-last: {}\n", last.unwrap_or("")));
    }
    if !block.is_empty() && !out.is_empty() && !out.ends_with('\n') {
        out.push_str("\n--- no-newline\n");
    }
    out + &block
}

/// Runs one case exactly as regen.py runs CPython.
fn actual(root: &Path, name: &str) -> Result<String, String> {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pyrite"));
    cmd.arg(format!("tests/cases/{name}.py")).current_dir(root);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("PYTHON") {
            cmd.env_remove(&key);
        }
    }
    cmd.env("PYTHONHASHSEED", "0").env("PYTHONDONTWRITEBYTECODE", "1");
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| format!("cannot start pyrite: {e}"))?;
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out.read_to_end(&mut b);
        b
    });
    let t_err = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err.read_to_end(&mut b);
        b
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) => {}
            Err(e) => return Err(e.to_string()),
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("timed out after {} s (killed)", TIMEOUT.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = String::from_utf8_lossy(&t_out.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&t_err.join().unwrap()).into_owned();
    // Like Python's subprocess: killed by signal N is exit status -N (CPython itself ends
    // with SIGINT on an uncaught KeyboardInterrupt).
    let code = match status.code() {
        Some(c) => c,
        None => {
            use std::os::unix::process::ExitStatusExt;
            -status.signal().unwrap_or(0)
        }
    };
    Ok(render(root, name, &stdout, &stderr, code))
}

fn clip(s: &str) -> String {
    let mut t: String = s.chars().take(160).collect();
    if t.len() < s.len() {
        t.push('…');
    }
    t
}

fn first_difference(want: &str, got: &str) -> String {
    let (w, g): (Vec<&str>, Vec<&str>) = (want.split('\n').collect(), got.split('\n').collect());
    for i in 0..w.len().max(g.len()) {
        let (a, b) = (w.get(i).copied(), g.get(i).copied());
        if a != b {
            return format!(
                "line {}:\n    want {:?}\n    got  {:?}",
                i + 1,
                clip(a.unwrap_or("<end of output>")),
                clip(b.unwrap_or("<end of output>")),
            );
        }
    }
    "outputs differ".into()
}

type Verdict = Result<(), String>;

fn check(root: &Path, dir: &Path, name: &str) -> (Option<String>, Verdict) {
    let src = std::fs::read_to_string(dir.join(format!("{name}.py"))).unwrap_or_default();
    let xfail = src.lines().next().and_then(|l| l.strip_prefix("# xfail:")).map(|r| r.trim().to_string());
    let want = std::fs::read_to_string(dir.join(format!("{name}.out")));
    let verdict = match (want, actual(root, name)) {
        (Err(_), _) => Err(format!("missing {name}.out (run python3 tests/regen.py {name})")),
        (_, Err(e)) => Err(e),
        (Ok(w), Ok(g)) if w == g => Ok(()),
        (Ok(w), Ok(g)) => Err(first_difference(&w, &g)),
    };
    (xfail, verdict)
}

#[test]
fn differential_cases() {
    let root = root();
    let dir = root.join("tests/cases");
    let filter = std::env::var("PYRITE_CASES").unwrap_or_default();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file())
        .filter_map(|e| {
            let n = e.file_name().to_str()?.strip_suffix(".py")?.to_string();
            Some(n)
        })
        .filter(|n| n.contains(&filter))
        .collect();
    names.sort();
    names.reverse(); // workers pop from the end: run in name order
    let total = names.len();
    let queue = Arc::new(Mutex::new(names));
    let results = Arc::new(Mutex::new(Vec::new()));
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let (queue, results, root, dir) = (queue.clone(), results.clone(), root.clone(), dir.clone());
            std::thread::spawn(move || loop {
                let next = queue.lock().unwrap().pop();
                let Some(name) = next else { break };
                let (xfail, verdict) = check(&root, &dir, &name);
                results.lock().unwrap().push((name, xfail, verdict));
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let mut results = std::mem::take(&mut *results.lock().unwrap());
    results.sort_by(|a, b| a.0.cmp(&b.0));
    let (mut passed, mut failed, mut xfailed) = (0, 0, 0);
    let mut report = Vec::new();
    for (name, xfail, verdict) in results {
        match (xfail, verdict) {
            (None, Ok(())) => passed += 1,
            (None, Err(msg)) => {
                failed += 1;
                report.push(format!("FAIL {name}: {msg}"));
            }
            (Some(_), Err(_)) => xfailed += 1,
            (Some(reason), Ok(())) => {
                failed += 1;
                report.push(format!("FAIL {name}: passed but is marked xfail ({reason}): remove the marker"));
            }
        }
    }
    for r in &report {
        eprintln!("{r}");
    }
    eprintln!("cases: {passed} passed, {failed} failed, {xfailed} xfailed");
    assert!(total > 0, "no cases found in {} (filter {filter:?})", dir.display());
    assert_eq!(failed, 0, "{failed} differential case(s) failed");
}
