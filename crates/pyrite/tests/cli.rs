//! The command line behaves like `python3`'s: `-c`, `-m`, `-` and piped stdin, `sys.argv`,
//! `-V`/`-h`, bad options (status 2), missing files (status 2 with CPython's message),
//! `PYTHONPATH` and `-E`/`-I`, exit statuses of SystemExit and uncaught exceptions.
//! Expected texts were taken from CPython 3.11 on this machine.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const PYRITE: &str = env!("CARGO_BIN_EXE_pyrite");

fn run(args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(PYRITE);
    c.args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).env_remove("PYTHONPATH");
    for (k, v) in env {
        c.env(k, v);
    }
    let mut child = c.spawn().unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn command_and_argv() {
    let o = run(&["-c", "import sys; print(sys.argv)", "a", "b"], "", &[]);
    assert_eq!(out(&o), "['-c', 'a', 'b']\n");
    assert!(o.status.success());
}

/// Arguments that are not UTF-8 reach `sys.argv` through surrogateescape (and were a panic).
#[test]
fn undecodable_argv() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let o = Command::new(PYRITE)
        .args([OsStr::new("-c"), OsStr::new("import sys, os; print(ascii(sys.argv), os.fsencode(sys.argv[1]))")])
        .arg(OsStr::from_bytes(b"a\xff\xfe"))
        .output()
        .unwrap();
    assert_eq!(out(&o), "['-c', 'a\\udcff\\udcfe'] b'a\\xff\\xfe'\n");
    assert!(o.status.success());
}

#[test]
fn stdin_program() {
    let o = run(&["-", "x", "y"], "import sys\nprint(sys.argv)\n", &[]);
    assert_eq!(out(&o), "['-', 'x', 'y']\n");
    let o = run(&[], "print(6 * 7)\n", &[]);
    assert_eq!(out(&o), "42\n");
}

#[test]
fn version_and_help() {
    let o = run(&["-V"], "", &[]);
    assert_eq!(out(&o), "Python 3.11.7\n");
    assert!(o.status.success());
    let o = run(&["--version"], "", &[]);
    assert_eq!(out(&o), "Python 3.11.7\n");
    let o = run(&["-h"], "", &[]);
    assert!(out(&o).starts_with("usage: "));
    assert!(o.status.success());
}

#[test]
fn bad_options_exit_2() {
    let o = run(&["-Z"], "", &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).starts_with("Unknown option: -Z\nusage: "), "{}", err(&o));
    let o = run(&["-c"], "", &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).starts_with("Argument expected for the -c option\n"));
}

#[test]
fn missing_script_exit_2() {
    let o = run(&["/nonexistent/prog.py"], "", &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).ends_with("can't open file '/nonexistent/prog.py': [Errno 2] No such file or directory\n"),
        "{}",
        err(&o)
    );
}

#[test]
fn exit_statuses() {
    assert_eq!(run(&["-c", "raise SystemExit(4)"], "", &[]).status.code(), Some(4));
    assert_eq!(run(&["-c", "import sys; sys.exit()"], "", &[]).status.code(), Some(0));
    let o = run(&["-c", "raise SystemExit('bye')"], "", &[]);
    assert_eq!((o.status.code(), err(&o)), (Some(1), "bye\n".to_string()));
    let o = run(&["-c", "1/0"], "", &[]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        err(&o),
        "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nZeroDivisionError: division by zero\n"
    );
}

#[test]
fn module_and_pythonpath() {
    let dir = std::env::temp_dir().join(format!("pyrite-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("ppmod.py"),
        "import sys\nV = 7\nif __name__ == '__main__':\n    print('main', sys.argv[1:])\n",
    )
    .unwrap();
    let p = dir.to_str().unwrap();
    let o = run(&["-c", "import ppmod; print(ppmod.V)"], "", &[("PYTHONPATH", p)]);
    assert_eq!(out(&o), "7\n");
    let o = run(&["-E", "-c", "import ppmod"], "", &[("PYTHONPATH", p)]);
    assert!(err(&o).ends_with("ModuleNotFoundError: No module named 'ppmod'\n"), "{}", err(&o));
    let o = run(&["-m", "ppmod", "q"], "", &[("PYTHONPATH", p)]);
    assert_eq!(out(&o), "main ['q']\n");
    let o = run(&["-m", "no_such_module_q"], "", &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).ends_with(": No module named no_such_module_q\n"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dis_module_from_python() {
    let o = run(&["-c", "import dis\ndef f(a):\n    return a + 1\ndis.dis(f)"], "", &[]);
    assert!(out(&o).contains("LOAD_FAST                0 (a)"), "{}{}", out(&o), err(&o));
    assert!(out(&o).contains("BINARY_OP                0 (+)"));
}

/// `-W`, PYTHONWARNINGS and `-X dev` fill `sys.warnoptions` in CPython's order, and
/// `warnings` applies them at start-up (a bad one is reported and ignored).
#[test]
fn warning_options() {
    let show = "import sys; print(sys.warnoptions, sys.flags.dev_mode)";
    let o = run(
        &["-X", "dev", "-W", "error::DeprecationWarning", "-c", show],
        "",
        &[("PYTHONWARNINGS", "ignore,default:x")],
    );
    assert_eq!(out(&o), "['default', 'ignore', 'default:x', 'error::DeprecationWarning'] True\n");
    let o = run(&["-E", "-c", show], "", &[("PYTHONWARNINGS", "error")]);
    assert_eq!(out(&o), "[] False\n");
    let o = run(&["-W", "error", "-c", "import warnings;warnings.warn('boom')"], "", &[]);
    assert_eq!(
        err(&o),
        "Traceback (most recent call last):\n  File \"<string>\", line 1, in <module>\nUserWarning: boom\n"
    );
    assert_eq!(o.status.code(), Some(1));
    let o = run(&["-W", "bogus", "-c", "print(1)"], "", &[]);
    assert_eq!((out(&o), err(&o)), ("1\n".into(), "Invalid -W option ignored: invalid action: 'bogus'\n".into()));
}

/// `-X name[=value]` lands in `sys._xoptions`; `-X int_max_str_digits` (or
/// PYTHONINTMAXSTRDIGITS) sets the limit, and an invalid one is fatal.
#[test]
fn x_options() {
    let o = run(
        &[
            "-X",
            "a=b=c",
            "-X",
            "x",
            "-X",
            "int_max_str_digits=1000",
            "-c",
            "import sys; print(sys._xoptions, sys.flags.int_max_str_digits, sys.get_int_max_str_digits())",
        ],
        "",
        &[],
    );
    assert_eq!(out(&o), "{'a': 'b=c', 'x': True, 'int_max_str_digits': '1000'} 1000 1000\n");
    let o = run(&["-c", "import sys; print(sys.get_int_max_str_digits())"], "", &[("PYTHONINTMAXSTRDIGITS", "700")]);
    assert_eq!(out(&o), "700\n");
    let o = run(&["-X", "int_max_str_digits=5", "-c", "pass"], "", &[]);
    assert_eq!(err(&o), "Fatal Python error: config_init_int_max_str_digits: -X int_max_str_digits: invalid limit; must be >= 640 or 0 for unlimited.\nPython runtime state: preinitialized\n\n");
    assert_eq!(o.status.code(), Some(1));
}
