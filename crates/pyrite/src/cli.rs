//! The command line: `pyrite [options] (FILE | -c CMD | -m MOD | -) [args]`, the options of
//! `python3` that pyrite honours, locating CPython's standard library, and the top-level run
//! with CPython's exit-status rules (SystemExit, uncaught exceptions, KeyboardInterrupt).

use std::path::{Path, PathBuf};
use vm::value::Value;
use vm::{Config, Vm};

const HELP: &str = "usage: pyrite [option] ... [-c cmd | -m mod | file | -] [arg] ...
Options (and corresponding environment variables):
-B     : don't write .pyc files on import; also PYTHONDONTWRITEBYTECODE=x
-c cmd : program passed in as string (terminates option list)
-E     : ignore PYTHON* environment variables (such as PYTHONPATH)
-h     : print this help message and exit (also -? or --help)
-I     : isolate pyrite from the user's environment (implies -E and -s)
-m mod : run library module as a script (terminates option list)
-O     : remove assert and __debug__-dependent statements
-OO    : do -O changes and also discard docstrings
-q     : don't print version and copyright messages on interactive startup
-s     : don't add user site directory to sys.path
-S     : don't imply 'import site' on initialization
-u     : force the stdout and stderr streams to be unbuffered
-v     : verbose (trace import statements); also PYTHONVERBOSE=x
-V     : print the Python version number and exit (also --version)
-W arg : warning control; arg is action:message:category:module:lineno
         also PYTHONWARNINGS=arg
-X opt : set implementation-specific option (dev, int_max_str_digits=N; others are
         recorded in sys._xoptions)
file   : program read from script file
-      : program read from stdin (default; interactive mode if a tty)
arg ...: arguments passed to program in sys.argv[1:]

Other environment variables:
PYTHONPATH       : ':'-separated list of directories prefixed to the module search path.
PYTHONPYCACHEPREFIX: root directory for bytecode cache (pyc) files.
PYTHONHASHSEED   : if this variable is set to 'random', a random value is used to seed the
                   hashes of str and bytes objects; an integer gives repeatable hashes.
PYRITE_STDLIB    : the directory of CPython 3.11's standard library to import from.
";

enum Target {
    File(String),
    Command(String),
    Module(String),
    Stdin,
}

struct Options {
    config: Config,
    target: Target,
}

fn usage(args: &[String]) -> String {
    let exe = args.first().map(|s| s.as_str()).unwrap_or("pyrite");
    format!("usage: {exe} [option] ... [-c cmd | -m mod | file | -] [arg] ...")
}

fn env_flag(cfg_ignore: bool, name: &str) -> Option<String> {
    if cfg_ignore {
        return None;
    }
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The digit limit for int/str conversions from `-X int_max_str_digits=N` (which wins) or
/// PYTHONINTMAXSTRDIGITS: 0 (no limit) or at least 640, else a fatal error as in CPython.
fn int_max_str_digits(xoptions: &[String], ignore_env: bool) -> Result<Option<usize>, (String, i32)> {
    let fatal = |what: &str| {
        let msg = format!(
            "Fatal Python error: config_init_int_max_str_digits: {what}: invalid limit; must be >= 640 or 0 for unlimited.\nPython runtime state: preinitialized\n\n"
        );
        (msg, 1)
    };
    let from_x = xoptions.iter().rev().find_map(|x| match x.split_once('=') {
        Some(("int_max_str_digits", v)) => Some(Some(v)),
        None if x == "int_max_str_digits" => Some(None),
        _ => None,
    });
    let (text, what) = match from_x {
        Some(v) => (v.map(str::to_string), "-X int_max_str_digits"),
        None => match env_flag(ignore_env, "PYTHONINTMAXSTRDIGITS") {
            Some(v) => (Some(v), "PYTHONINTMAXSTRDIGITS"),
            None => return Ok(None),
        },
    };
    match text.as_deref().map(str::parse::<usize>) {
        Some(Ok(n)) if n == 0 || n >= 640 => Ok(Some(n)),
        _ => Err(fatal(what)),
    }
}

fn parse_args(args: Vec<String>) -> Result<Options, (String, i32)> {
    let mut cmdline_warnoptions: Vec<String> = Vec::new();
    let mut config = Config {
        executable: std::env::current_exe().map(|p| p.to_string_lossy().to_string()).unwrap_or_default(),
        ..Default::default()
    };
    let mut i = 1;
    let mut target = None;
    while i < args.len() {
        let a = &args[i];
        if a == "-" {
            target = Some(Target::Stdin);
            i += 1;
            break;
        }
        if a == "--version" {
            return Err(("Python 3.11.7\n".into(), 0));
        }
        if a == "--help" {
            return Err((HELP.into(), 0));
        }
        if !a.starts_with('-') || a.len() < 2 {
            target = Some(Target::File(a.clone()));
            i += 1;
            break;
        }
        if a == "--" {
            i += 1;
            if i < args.len() {
                target = Some(Target::File(args[i].clone()));
                i += 1;
            }
            break;
        }
        if a.starts_with("--") {
            return Err((format!("unknown option {a}\n{}\nTry `python -h' for more information.\n", usage(&args)), 2));
        }
        let chars: Vec<char> = a[1..].chars().collect();
        let mut j = 0;
        let mut done = false;
        while j < chars.len() {
            let c = chars[j];
            match c {
                'c' | 'm' | 'W' | 'X' => {
                    let rest: String = chars[j + 1..].iter().collect();
                    let val = if !rest.is_empty() {
                        rest
                    } else {
                        i += 1;
                        match args.get(i) {
                            Some(v) => v.clone(),
                            None => return Err((format!("Argument expected for the -{c} option\n{}\nTry `python -h' for more information.\n", usage(&args)), 2)),
                        }
                    };
                    match c {
                        'c' => {
                            target = Some(Target::Command(val));
                            done = true;
                        }
                        'm' => {
                            target = Some(Target::Module(val));
                            done = true;
                        }
                        'W' => cmdline_warnoptions.push(val),
                        _ => config.xoptions.push(val),
                    }
                    break;
                }
                'B' => config.dont_write_bytecode = true,
                'v' => config.verbose += 1,
                'E' => config.ignore_environment = true,
                'I' => {
                    config.isolated = true;
                    config.ignore_environment = true;
                    config.no_user_site = true;
                }
                'S' => config.no_site = true,
                's' => config.no_user_site = true,
                'b' => config.bytes_warning = config.bytes_warning.saturating_add(1),
                'q' | 'd' | 'i' | 'R' | 'P' => {}
                'u' => config.unbuffered = true,
                'O' => config.optimize += 1,
                'V' => return Err(("Python 3.11.7\n".into(), 0)),
                'h' | '?' => return Err((HELP.into(), 0)),
                other => {
                    return Err((
                        format!("Unknown option: -{other}\n{}\nTry `python -h' for more information.\n", usage(&args)),
                        2,
                    ))
                }
            }
            j += 1;
        }
        i += 1;
        if done {
            break;
        }
    }
    let target = target.unwrap_or(Target::Stdin);
    let rest: Vec<String> = args[i.min(args.len())..].to_vec();
    config.argv = match &target {
        Target::File(f) => std::iter::once(f.clone()).chain(rest).collect(),
        Target::Command(_) => std::iter::once("-c".to_string()).chain(rest).collect(),
        Target::Module(_) => std::iter::once("-m".to_string()).chain(rest).collect(),
        Target::Stdin => std::iter::once(if args.iter().any(|a| a == "-") { "-".to_string() } else { String::new() })
            .chain(rest)
            .collect(),
    };
    let ign = config.ignore_environment;
    if env_flag(ign, "PYTHONDONTWRITEBYTECODE").is_some() {
        config.dont_write_bytecode = true;
    }
    if env_flag(ign, "PYTHONNOUSERSITE").is_some() {
        config.no_user_site = true;
    }
    if env_flag(ign, "PYTHONUNBUFFERED").is_some() {
        config.unbuffered = true;
    }
    if let Some(v) = env_flag(ign, "PYTHONVERBOSE") {
        config.verbose = config.verbose.max(v.parse().unwrap_or(1));
    }
    if let Some(v) = env_flag(ign, "PYTHONOPTIMIZE") {
        config.optimize = config.optimize.max(v.parse().unwrap_or(1));
    }
    config.pycache_prefix = env_flag(ign, "PYTHONPYCACHEPREFIX");
    config.dev_mode = env_flag(ign, "PYTHONDEVMODE").is_some() || config.xoptions.iter().any(|x| x == "dev");
    config.faulthandler = config.dev_mode
        || env_flag(ign, "PYTHONFAULTHANDLER").is_some()
        || config.xoptions.iter().any(|x| x == "faulthandler");
    // sys.warnoptions, lowest precedence first (CPython's `config_init_warnoptions`).
    if config.dev_mode {
        config.warnoptions.push("default".into());
    }
    if let Some(w) = env_flag(ign, "PYTHONWARNINGS") {
        config.warnoptions.extend(w.split(',').filter(|s| !s.is_empty()).map(str::to_string));
    }
    config.warnoptions.extend(cmdline_warnoptions);
    // Highest precedence: the BytesWarning filter of -b / -bb (`config_init_warnoptions`).
    match config.bytes_warning {
        0 => {}
        1 => config.warnoptions.push("default::BytesWarning".into()),
        _ => config.warnoptions.push("error::BytesWarning".into()),
    }
    config.int_max_str_digits = int_max_str_digits(&config.xoptions, ign)?;
    if let Some(p) = env_flag(ign, "PYTHONPATH") {
        config.pythonpath = p.split(':').filter(|s| !s.is_empty()).map(|s| s.to_string()).collect();
    }
    config.path0 = if config.isolated {
        None
    } else {
        Some(match &target {
            // A directory or zip archive is itself the first search path entry (its
            // `__main__` module runs).
            Target::File(f) if is_main_importer(Path::new(f)) => {
                std::fs::canonicalize(f).map(|d| d.to_string_lossy().to_string()).unwrap_or_else(|_| f.to_string())
            }
            Target::File(f) => {
                let p = Path::new(f);
                let dir = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
                std::fs::canonicalize(dir)
                    .map(|d| d.to_string_lossy().to_string())
                    .unwrap_or_else(|_| dir.to_string_lossy().to_string())
            }
            Target::Module(_) => std::env::current_dir().map(|d| d.to_string_lossy().to_string()).unwrap_or_default(),
            _ => String::new(),
        })
    };
    config.lib_dir = find_lib_dir();
    config.stdlib_dir = find_stdlib(ign);
    Ok(Options { config, target })
}

/// pyrite's own `lib/` (Python modules shipped with pyrite), next to the build tree.
fn find_lib_dir() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    for anc in exe.ancestors().skip(1).take(4) {
        let cand = anc.join("lib");
        if cand.join("README.md").is_file() || cand.join("_pyrite.py").is_file() {
            return Some(cand.to_string_lossy().to_string());
        }
    }
    let dev = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../lib");
    std::fs::canonicalize(dev).ok().map(|p| p.to_string_lossy().to_string())
}

/// CPython 3.11's `Lib` directory: `PYRITE_STDLIB`, else the usual install locations.
fn find_stdlib(ignore_env: bool) -> Option<String> {
    if !ignore_env {
        if let Ok(p) = std::env::var("PYRITE_STDLIB") {
            return Some(p);
        }
    }
    // pyenv's CPython (the `python3` first on PATH here) before the system one, so imported
    // library modules are those of the CPython that tests compare against.
    let mut cands: Vec<PathBuf> = Vec::new();
    if let Ok(home) = std::env::var("HOME") {
        if let Ok(rd) = std::fs::read_dir(Path::new(&home).join(".pyenv/versions")) {
            let mut vs: Vec<PathBuf> = rd
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.file_name().map(|n| n.to_string_lossy().starts_with("3.11")).unwrap_or(false))
                .collect();
            vs.sort();
            for v in vs.into_iter().rev() {
                cands.push(v.join("lib/python3.11"));
            }
        }
    }
    cands.extend([PathBuf::from("/usr/lib/python3.11"), PathBuf::from("/usr/local/lib/python3.11")]);
    cands.into_iter().find(|c| c.join("os.py").is_file()).map(|c| c.to_string_lossy().to_string())
}

pub fn main() -> i32 {
    // Arguments are decoded as `sys.argv` is: UTF-8 with surrogateescape, never a panic.
    use std::os::unix::ffi::OsStrExt;
    let args: Vec<String> = std::env::args_os().map(|a| vm::codecs::fs_decode(a.as_bytes())).collect();
    let opts = match parse_args(args) {
        Ok(o) => o,
        Err((msg, code)) => {
            if code == 0 {
                print!("{msg}");
            } else {
                eprint!("{msg}");
            }
            return code;
        }
    };
    let seed = match std::env::var("PYTHONHASHSEED").ok().filter(|_| !opts.config.ignore_environment) {
        Some(s) if s == "random" => None,
        Some(s) => match s.parse::<u32>() {
            Ok(v) => Some(v),
            Err(_) => {
                eprintln!(
                    "Fatal Python error: PYTHONHASHSEED must be \"random\" or an integer in range [0; 4294967295]"
                );
                return 1;
            }
        },
        None => None,
    };
    // CPython's pre-initialisation: LC_CTYPE from the environment (C-locale coercion) and the
    // UTF-8 mode, before any other thread exists.
    let mut opts = opts;
    opts.config.utf8_mode = stdlib::locale::startup(&opts.config.xoptions, opts.config.ignore_environment);
    vm::hash::init_hash_seed(seed);
    vm::signals::install();
    vm::gil::init_main_thread();
    let mut vm = Vm::new(opts.config);
    stdlib::register(&mut vm);
    vm.publish_builtin_module_names();
    // With warning options, `warnings` is imported before `site` so that it applies them
    // (`_processoptions`), as CPython's `init_interp_main` does.
    if !vm.config.warnoptions.is_empty() {
        if let Err(e) = vm.import_fullname("warnings") {
            eprintln!("'import warnings' failed; traceback:");
            let text = vm.format_exception(&e);
            vm.write_stderr(&text);
        }
    }
    if vm.config.faulthandler {
        let enabled = vm.import_fullname("faulthandler").and_then(|m| {
            let f = vm.getattr_str(&m, "enable")?;
            vm.call(&f, vm::func::Args::new(&[]))
        });
        if let Err(e) = enabled {
            let text = vm.format_exception(&e);
            vm.write_stderr(&text);
        }
    }
    if let Err(e) = vm.init_import_site() {
        // CPython's `init_import_site` failure is fatal.
        vm.flush_std_streams();
        eprintln!("Fatal Python error: init_import_site: Failed to import the site module");
        eprintln!("Python runtime state: initialized");
        let text = vm.format_exception(&e);
        vm.write_stderr(&text);
        return 1;
    }
    if let Err(e) = vm.insert_path0() {
        return handle_uncaught(&mut vm, e);
    }
    let code = run(&mut vm, opts.target);
    vm.wait_for_thread_shutdown();
    vm::gil::begin_finalizing();
    vm.run_atexit();
    vm.finalize_main();
    vm.flush_std_streams();
    code
}

fn main_module(vm: &mut Vm, file: Option<&str>) -> vm::PyRef {
    let m = vm.new_module("__main__");
    let d = m.dict.get().unwrap();
    vm.dict_set_str(&d, "__builtins__", Value::Obj(vm.builtins.clone()));
    if let Some(f) = file {
        vm.dict_set_str(&d, "__file__", vm.new_str(f));
    }
    vm.dict_set_str(&vm.modules.clone(), "__main__", Value::Obj(m.clone()));
    m
}

fn run(vm: &mut Vm, target: Target) -> i32 {
    let result = match target {
        Target::File(path) => run_file(vm, &path),
        Target::Command(cmd) => {
            let m = main_module(vm, None);
            vm.compile_source(&cmd, "<string>", compiler::Mode::Exec)
                .and_then(|code| vm.run_code(code, m.dict.get().unwrap(), None))
        }
        Target::Module(name) => return run_module(vm, &name),
        Target::Stdin => {
            let mut src = Vec::new();
            use std::io::Read;
            if std::io::stdin().read_to_end(&mut src).is_err() {
                return 1;
            }
            let m = main_module(vm, None);
            match compiler::decode_source(&src, "<stdin>") {
                Ok(text) => vm
                    .compile_source(&text, "<stdin>", compiler::Mode::Exec)
                    .and_then(|code| vm.run_code(code, m.dict.get().unwrap(), None)),
                Err(e) => Err(vm.syntax_error_from(&e)),
            }
        }
    };
    match result {
        Ok(_) => 0,
        Err(e) => handle_uncaught(vm, e),
    }
}

/// `argv[0]` as typed, for the usage and can't-open messages.
fn exe_name() -> String {
    use std::os::unix::ffi::OsStrExt;
    std::env::args_os().next().map(|a| vm::codecs::fs_decode(a.as_bytes())).unwrap_or_else(|| "pyrite".into())
}

/// Whether `python3 PATH` would run PATH's `__main__` module rather than PATH as a script: a
/// directory, or a zip archive (as made by `zipapp`, possibly after a `#!` line), for which
/// CPython finds a path importer.
fn is_main_importer(path: &Path) -> bool {
    if path.is_dir() {
        return true;
    }
    // A zip archive ends with its end-of-central-directory record (22 bytes plus a comment of
    // at most 64 KiB).
    use std::io::{Read, Seek, SeekFrom};
    let Ok(mut f) = std::fs::File::open(path) else { return false };
    let Ok(len) = f.seek(SeekFrom::End(0)) else { return false };
    let tail = len.min(22 + 65535);
    let mut buf = vec![0u8; tail as usize];
    if f.seek(SeekFrom::Start(len - tail)).is_err() || f.read_exact(&mut buf).is_err() {
        return false;
    }
    buf.windows(4).any(|w| w == b"PK\x05\x06")
}

fn run_file(vm: &mut Vm, path: &str) -> vm::PyResult<Value> {
    let os_path = vm::codecs::os_path(path).unwrap_or_else(|| path.into());
    if is_main_importer(Path::new(&os_path)) {
        // As CPython's `pymain_run_module(L"__main__", 0)`: runpy finds `__main__` in the
        // directory or archive, which is already sys.path[0].
        main_module(vm, None);
        let runpy = vm.import_fullname("runpy")?;
        let f = vm.getattr_str(&runpy, "_run_module_as_main")?;
        let name = vm.new_str("__main__");
        return vm.call(&f, vm::func::Args::new(&[name, Value::Bool(false)]));
    }
    let bytes = match std::fs::read(&os_path) {
        Ok(b) => b,
        Err(e) => {
            let errno = e.raw_os_error().unwrap_or(2);
            let msg = std::io::Error::from_raw_os_error(errno).to_string();
            let msg = msg.split(" (os error").next().unwrap_or(&msg).to_string();
            let exe = exe_name();
            vm.flush_std_streams();
            eprintln!("{exe}: can't open file '{}': [Errno {errno}] {msg}", absolute(path));
            std::process::exit(2);
        }
    };
    // CPython names the main script by the current directory joined with the path as given.
    let abs = absolute(path);
    let path = abs.as_str();
    let m = main_module(vm, Some(path));
    let d = m.dict.get().unwrap();
    if path.ends_with(".pyc") {
        return match bytecode::pyc::read(&bytes) {
            Ok((_, code)) => {
                let cd = vm.code_data(code);
                vm.run_code(cd, d, None)
            }
            Err(e) => {
                let exe = exe_name();
                eprintln!("{exe}: can't run '{path}': not a pyrite .pyc file ({e:?})");
                std::process::exit(1);
            }
        };
    }
    let text = compiler::decode_source(&bytes, path).map_err(|e| vm.syntax_error_from(&e))?;
    let code = vm.compile_source(&text, path, compiler::Mode::Exec)?;
    vm.run_code(code, d, None)
}

fn absolute(path: &str) -> String {
    let p = Path::new(path);
    if p.is_absolute() {
        path.to_string()
    } else {
        std::env::current_dir().map(|d| d.join(p).to_string_lossy().to_string()).unwrap_or_else(|_| path.to_string())
    }
}

/// `-m MOD`: the native tools (`dis`, `py_compile`, `compileall`) or a module run as __main__.
fn run_module(vm: &mut Vm, name: &str) -> i32 {
    let args: Vec<String> = vm.config.argv[1..].to_vec();
    match name {
        "dis" => return crate::cli::tool_dis(vm, &args),
        "py_compile" => return crate::cli::tool_py_compile(vm, &args),
        "compileall" => return crate::cli::tool_compileall(vm, &args),
        _ => {}
    }
    // As CPython's `pymain_run_module`: runpy finds the module (or a package's `__main__`),
    // sets sys.argv[0] and runs it as `__main__`; its errors ("No module named …") end the
    // process with a message, and tracebacks start with its `<frozen runpy>` frames.
    main_module(vm, None);
    let r = (|| -> vm::PyResult<Value> {
        give_real_spec(vm, name)?;
        let runpy = vm.import_fullname("runpy")?;
        let f = vm.getattr_str(&runpy, "_run_module_as_main")?;
        let name = vm.new_str(name);
        vm.call(&f, vm::func::Args::new(&[name, Value::Bool(true)]))
    })();
    match r {
        Ok(_) => 0,
        Err(e) => handle_uncaught(vm, e),
    }
}

/// `-m NAME` for a module start-up already imported (`-m site`, `-m os`): runpy takes the
/// `__spec__` of a module in sys.modules, and the natively imported ones carry pyrite's
/// stand-in without a loader, which runpy would call a namespace package. Give the module the
/// spec importlib builds for it (`_pyrite_importlib.find_spec`, with its loader).
fn give_real_spec(vm: &mut Vm, name: &str) -> vm::PyResult<()> {
    let Some(m) = vm.dict_get_str(&vm.modules.clone(), name) else { return Ok(()) };
    let Some(spec) = vm.getattr_opt(&m, "__spec__")? else { return Ok(()) };
    if spec.is_none() || !vm.getattr_opt(&spec, "loader")?.is_none_or(|l| l.is_none()) {
        return Ok(());
    }
    let path = match name.rsplit_once('.') {
        Some((parent, _)) => match vm.dict_get_str(&vm.modules.clone(), parent) {
            Some(p) => vm.getattr_opt(&p, "__path__")?.unwrap_or(Value::None),
            None => return Ok(()),
        },
        None => Value::None,
    };
    let importlib = vm.import_fullname("_pyrite_importlib")?;
    let find_spec = vm.getattr_str(&importlib, "find_spec")?;
    let real = vm.call(&find_spec, vm::func::Args::new(&[vm.new_str(name), path]))?;
    if !real.is_none() {
        vm.setattr_str(&m, "__spec__", real)?;
    }
    Ok(())
}

/// Prints an uncaught exception as CPython does and returns the exit status.
pub fn handle_uncaught(vm: &mut Vm, e: vm::PyRef) -> i32 {
    if vm.isinstance_exc(&e, &vm.exc.system_exit.clone()) {
        let ev = Value::Obj(e.clone());
        let code = vm.getattr_opt(&ev, "code").ok().flatten().unwrap_or(Value::None);
        return match code {
            Value::None => 0,
            Value::Int(i) => i as i32,
            Value::Bool(b) => b as i32,
            other => {
                let s = vm.str_string(&other).unwrap_or_default();
                vm.flush_std_streams();
                vm.write_stderr(&format!("{s}\n"));
                1
            }
        };
    }
    vm.flush_std_streams();
    let text = vm.format_exception(&e);
    vm.write_stderr(&text);
    if vm.isinstance_exc(&e, &vm.exc.keyboard_interrupt.clone()) {
        vm.flush_std_streams();
        vm::signals::exit_by_sigint();
    }
    1
}

fn constant_repr(vm: &mut Vm) -> impl Fn(&bytecode::Constant) -> String + '_ {
    let vm = std::cell::RefCell::new(vm);
    move |c| {
        let mut vm = vm.borrow_mut();
        let v = vm.const_value(c);
        if let bytecode::Constant::Code(code) = c {
            return bytecode::dis::code_repr(code);
        }
        vm.repr_string(&v).unwrap_or_else(|_| "?".into())
    }
}

/// `pyrite -m dis FILE`: compile and disassemble.
pub fn tool_dis(vm: &mut Vm, args: &[String]) -> i32 {
    let Some(path) = args.first() else {
        eprintln!("usage: pyrite -m dis FILE");
        return 2;
    };
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("pyrite -m dis: {path}: {e}");
            return 1;
        }
    };
    let code = match compiler::decode_source(&bytes, path)
        .and_then(|t| compiler::compile(&t, path, compiler::Mode::Exec, compiler::Options::default()))
    {
        Ok(c) => c,
        Err(e) => {
            let ex = vm.syntax_error_from(&e);
            return handle_uncaught(vm, ex);
        }
    };
    let r = constant_repr(vm);
    print!("{}", bytecode::dis::disassemble(&code, &r));
    0
}

/// `pyrite -m py_compile FILE...`: write each file's `__pycache__` entry.
pub fn tool_py_compile(vm: &mut Vm, args: &[String]) -> i32 {
    let mut status = 0;
    for path in args {
        if let Err(msg) = compile_one(vm, Path::new(path), Invalidation::Timestamp) {
            eprintln!("{msg}");
            status = 1;
        }
    }
    status
}

/// How a written .pyc is validated (`--invalidation-mode`, PEP 552).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Invalidation {
    Timestamp,
    CheckedHash,
    UncheckedHash,
}

fn compile_one(vm: &mut Vm, path: &Path, mode: Invalidation) -> Result<PathBuf, String> {
    let ps = path.to_string_lossy().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| format!("[Errno {}] {}: '{}'", e.raw_os_error().unwrap_or(0), e, ps))?;
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_secs() as u32)
        .unwrap_or(0);
    let code = compiler::decode_source(&bytes, &ps)
        .and_then(|t| compiler::compile(&t, &ps, compiler::Mode::Exec, compiler::Options::default()))
        .map_err(|e| {
            let ex = vm.syntax_error_from(&e);
            vm.format_exception(&ex).trim_end().to_string()
        })?;
    use bytecode::pyc::{source_hash, Validation};
    let validation = match mode {
        Invalidation::Timestamp => Validation::Timestamp { mtime, size: bytes.len() as u32 },
        Invalidation::CheckedHash => Validation::Hash { hash: source_hash(&bytes), check_source: true },
        Invalidation::UncheckedHash => Validation::Hash { hash: source_hash(&bytes), check_source: false },
    };
    let data = bytecode::pyc::write(&code, validation);
    let cpath = vm::import::cache_path(path, vm.config.pycache_prefix.as_deref());
    vm::import::write_atomic(&cpath, &data).map_err(|e| format!("cannot write {}: {e}", cpath.display()))?;
    Ok(cpath)
}

/// `pyrite -m compileall [-q] [--invalidation-mode MODE] [DIR...]`: compile every `.py` file
/// below each directory.
pub fn tool_compileall(vm: &mut Vm, args: &[String]) -> i32 {
    let mut dirs: Vec<String> = Vec::new();
    let mut quiet = false;
    let mut mode = Invalidation::Timestamp;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-q" => quiet = true,
            "--invalidation-mode" => {
                mode = match it.next().map(|s| s.as_str()) {
                    Some("timestamp") => Invalidation::Timestamp,
                    Some("checked-hash") => Invalidation::CheckedHash,
                    Some("unchecked-hash") => Invalidation::UncheckedHash,
                    other => {
                        eprintln!("compileall: invalid --invalidation-mode {:?}", other.unwrap_or(""));
                        return 2;
                    }
                }
            }
            d => dirs.push(d.to_string()),
        }
    }
    if dirs.is_empty() {
        dirs.push(".".into());
    }
    let mut status = 0;
    for d in dirs {
        let mut stack = vec![PathBuf::from(&d)];
        if !quiet {
            println!("Listing '{d}'...");
        }
        while let Some(p) = stack.pop() {
            if p.is_dir() {
                if p.file_name().map(|n| n == "__pycache__").unwrap_or(false) {
                    continue;
                }
                let mut entries: Vec<PathBuf> =
                    std::fs::read_dir(&p).map(|rd| rd.flatten().map(|e| e.path()).collect()).unwrap_or_default();
                entries.sort();
                for e in entries.into_iter().rev() {
                    stack.push(e);
                }
            } else if p.extension().map(|e| e == "py").unwrap_or(false) {
                if !quiet {
                    println!("Compiling '{}'...", p.display());
                }
                if let Err(msg) = compile_one(vm, &p, mode) {
                    println!("*** Error compiling '{}'...\n{msg}", p.display());
                    status = 1;
                }
            }
        }
    }
    status
}
