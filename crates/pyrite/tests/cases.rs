//! Differential cases: runs `pyrite tests/cases/NAME.py` for every case and compares with
//! `NAME.out`, the output CPython 3.11 produced (format in `tests/regen.py`). A case whose
//! first line is `# xfail: reason` must fail (strictly: an unexpected pass is an error).
//! `PYRITE_CASES=substring` runs only matching cases.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// Runs one case as regen.py runs CPython and renders the same format.
fn actual(root: &Path, name: &str) -> Result<String, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pyrite"))
        .arg(format!("tests/cases/{name}.py"))
        .current_dir(root)
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env_remove("PYTHONIOENCODING")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
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
        if let Some(s) = child.try_wait().map_err(|e| e.to_string())? {
            break s;
        }
        if start.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            return Err("timed out after 10 s".into());
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let stdout = String::from_utf8_lossy(&t_out.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&t_err.join().unwrap()).into_owned();
    let code = status.code().unwrap_or(-1);
    let mut text = stdout;
    if name.starts_with("tb__") {
        if code != 0 {
            text.push_str(&format!("--- exit {code}\n"));
        }
        text.push_str("--- stderr:\n");
        text.push_str(&stderr);
    } else if code != 0 {
        let last = stderr.lines().filter(|l| !l.trim().is_empty()).last().unwrap_or("");
        text.push_str(&format!("--- exit {code}\n--- stderr-last: {last}\n"));
    }
    Ok(text)
}

fn first_difference(want: &str, got: &str) -> String {
    let (w, g): (Vec<&str>, Vec<&str>) = (want.lines().collect(), got.lines().collect());
    for i in 0..w.len().max(g.len()) {
        let (a, b) = (w.get(i).copied(), g.get(i).copied());
        if a != b {
            return format!(
                "line {}: want {:?}\n{:>w$}got  {:?}",
                i + 1,
                a.unwrap_or("<end>"),
                "",
                b.unwrap_or("<end>"),
                w = 8
            );
        }
    }
    "trailing newline differs".into()
}

#[test]
fn differential_cases() {
    let root = root();
    let dir = root.join("tests/cases");
    let filter = std::env::var("PYRITE_CASES").unwrap_or_default();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".py")).map(|s| s.to_string()))
        .filter(|n| n.contains(&filter))
        .collect();
    names.sort();
    let queue = Arc::new(Mutex::new(names.clone()));
    let results = Arc::new(Mutex::new(Vec::new()));
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let (queue, results, root, dir) = (queue.clone(), results.clone(), root.clone(), dir.clone());
            std::thread::spawn(move || loop {
                let Some(name) = queue.lock().unwrap().pop() else { break };
                let src = std::fs::read_to_string(dir.join(format!("{name}.py"))).unwrap_or_default();
                let xfail = src.lines().next().and_then(|l| l.strip_prefix("# xfail:")).map(|r| r.trim().to_string());
                let want = std::fs::read_to_string(dir.join(format!("{name}.out")));
                let verdict = match (want, actual(&root, &name)) {
                    (Err(_), _) => Err(format!("{name}: missing {name}.out (run python3 tests/regen.py {name})")),
                    (_, Err(e)) => Err(format!("{name}: {e}")),
                    (Ok(w), Ok(g)) if w == g => Ok(()),
                    (Ok(w), Ok(g)) => Err(format!("{name}: {}", first_difference(&w, &g))),
                };
                results.lock().unwrap().push((name, xfail, verdict));
            })
        })
        .collect();
    for w in workers {
        w.join().unwrap();
    }
    let mut results = Arc::try_unwrap(results).unwrap().into_inner().unwrap();
    results.sort_by(|a, b| a.0.cmp(&b.0));
    let (mut passed, mut failed, mut xfailed) = (0, 0, 0);
    let mut report = Vec::new();
    for (name, xfail, verdict) in results {
        match (xfail, verdict) {
            (None, Ok(())) => passed += 1,
            (None, Err(msg)) => {
                failed += 1;
                report.push(msg);
            }
            (Some(_), Err(_)) => xfailed += 1,
            (Some(reason), Ok(())) => {
                failed += 1;
                report.push(format!("{name}: passed but is marked xfail ({reason}): remove the marker"));
            }
        }
    }
    for r in &report {
        eprintln!("FAIL {r}");
    }
    eprintln!("cases: {passed} passed, {failed} failed, {xfailed} xfailed");
    assert!(!names.is_empty(), "no cases found in {}", dir.display());
    assert_eq!(failed, 0, "{failed} differential case(s) failed");
}
