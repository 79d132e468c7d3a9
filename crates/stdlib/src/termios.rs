//! Stdlib stage: the `termios` module — `tcgetattr`/`tcsetattr` (the 7-item attribute list,
//! `cc` as 1-byte bytes except VMIN/VTIME as ints in non-canonical mode), `tcsendbreak`,
//! `tcdrain`, `tcflush`, `tcflow`, `tcgetwinsize`/`tcsetwinsize`, the Linux constants, and
//! failures raised as `termios.error(errno, strerror)` as CPython does.

use crate::native::{self, as_fd, clinic_int};
use std::cell::RefCell;
use vm::func::{Args, NativeFn};
use vm::value::{Payload, PyRef, Value};
use vm::{PyResult, Vm};

vm::gil_local! {
    static ERROR: RefCell<Option<PyRef>> = const { RefCell::new(None) };
}

/// `termios.error(errno, strerror)` for the current errno.
fn last_error(vm: &Vm) -> PyRef {
    let errno = std::io::Error::last_os_error().raw_os_error().unwrap_or(0);
    let msg = std::io::Error::from_raw_os_error(errno).to_string();
    let msg = msg.split(" (os error").next().unwrap_or(&msg).to_string();
    let t = ERROR.with(|e| e.borrow().clone().expect("termios module initialised"));
    vm.new_exception_args(&t, vec![Value::Int(errno as i64), vm.new_str(msg)])
}

fn check(vm: &Vm, r: libc::c_int) -> PyResult<()> {
    if r == -1 {
        Err(last_error(vm))
    } else {
        Ok(())
    }
}

fn get_attr(vm: &Vm, fd: i32) -> PyResult<libc::termios> {
    // SAFETY: `termios` is plain old data; tcgetattr fills it.
    let mut mode: libc::termios = unsafe { std::mem::zeroed() };
    // SAFETY: `mode` is a valid out-parameter.
    check(vm, unsafe { libc::tcgetattr(fd, &mut mode) })?;
    Ok(mode)
}

fn t_tcgetattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "termios.tcgetattr", 1)?;
    let fd = as_fd(vm, &a[0])?;
    let mode = get_attr(vm, fd)?;
    // SAFETY: `mode` is a valid termios.
    let (ispeed, ospeed) = unsafe { (libc::cfgetispeed(&mode), libc::cfgetospeed(&mode)) };
    let mut cc: Vec<Value> = mode.c_cc.iter().map(|&c| vm.new_bytes(vec![c])).collect();
    if mode.c_lflag & libc::ICANON == 0 {
        cc[libc::VMIN] = Value::Int(mode.c_cc[libc::VMIN] as i64);
        cc[libc::VTIME] = Value::Int(mode.c_cc[libc::VTIME] as i64);
    }
    let items = vec![
        Value::Int(mode.c_iflag as i64),
        Value::Int(mode.c_oflag as i64),
        Value::Int(mode.c_cflag as i64),
        Value::Int(mode.c_lflag as i64),
        Value::Int(ispeed as i64),
        Value::Int(ospeed as i64),
        vm.new_list(cc),
    ];
    Ok(vm.new_list(items))
}

/// `PyLong_AsLong`: `__index__` and the C long range.
fn as_long(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    let b = vm.to_index(v)?;
    num_traits::ToPrimitive::to_i64(&b)
        .ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C long"))
}

fn list_items(v: &Value) -> Option<Vec<Value>> {
    match v.payload() {
        Some(Payload::List(l)) => Some(l.borrow().to_vec()),
        _ => None,
    }
}

fn t_tcsetattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "tcsetattr", 3)?;
    let fd = as_fd(vm, &a[0])?;
    let when = clinic_int(vm, &a[1])?;
    let term = match list_items(&a[2]) {
        Some(t) if t.len() == 7 => t,
        _ => return Err(vm.new_type_error("tcsetattr, arg 3: must be 7 element list")),
    };
    let mut mode = get_attr(vm, fd)?;
    mode.c_iflag = as_long(vm, &term[0])? as libc::tcflag_t;
    mode.c_oflag = as_long(vm, &term[1])? as libc::tcflag_t;
    mode.c_cflag = as_long(vm, &term[2])? as libc::tcflag_t;
    mode.c_lflag = as_long(vm, &term[3])? as libc::tcflag_t;
    let ispeed = as_long(vm, &term[4])? as libc::speed_t;
    let ospeed = as_long(vm, &term[5])? as libc::speed_t;
    let cc = match list_items(&term[6]) {
        Some(c) if c.len() == libc::NCCS => c,
        _ => return Err(vm.new_type_error(format!("tcsetattr: attributes[6] must be {} element list", libc::NCCS))),
    };
    for (i, v) in cc.iter().enumerate() {
        match v.payload() {
            Some(Payload::Bytes(b)) if b.len() == 1 => mode.c_cc[i] = b[0],
            _ if matches!(v, Value::Int(_) | Value::Bool(_)) || matches!(v.payload(), Some(Payload::Int(_))) => {
                mode.c_cc[i] = as_long(vm, v)? as libc::cc_t
            }
            _ => return Err(vm.new_type_error("tcsetattr: elements of attributes must be characters or integers")),
        }
    }
    // SAFETY: `mode` is a valid termios.
    check(vm, unsafe { libc::cfsetispeed(&mut mode, ispeed) })?;
    // SAFETY: as above.
    check(vm, unsafe { libc::cfsetospeed(&mut mode, ospeed) })?;
    // SAFETY: as above.
    check(vm, unsafe { libc::tcsetattr(fd, when, &mode) })?;
    Ok(Value::None)
}

/// The `fd, int` functions: tcsendbreak, tcflush, tcflow.
fn fd_and_int(vm: &mut Vm, args: &Args, name: &str) -> PyResult<(i32, i32)> {
    let a = args.exact(vm, name, 2)?;
    let fd = as_fd(vm, &a[0])?;
    Ok((fd, clinic_int(vm, &a[1])?))
}

fn t_tcsendbreak(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (fd, duration) = fd_and_int(vm, &args, "tcsendbreak")?;
    // SAFETY: plain call.
    check(vm, unsafe { libc::tcsendbreak(fd, duration) })?;
    Ok(Value::None)
}

fn t_tcdrain(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "termios.tcdrain", 1)?;
    let fd = as_fd(vm, &a[0])?;
    // SAFETY: plain call; it may block until output is written, so other threads run.
    let r = vm.allow_threads(|| unsafe { libc::tcdrain(fd) });
    check(vm, r)?;
    Ok(Value::None)
}

fn t_tcflush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (fd, queue) = fd_and_int(vm, &args, "tcflush")?;
    // SAFETY: plain call.
    check(vm, unsafe { libc::tcflush(fd, queue) })?;
    Ok(Value::None)
}

fn t_tcflow(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (fd, action) = fd_and_int(vm, &args, "tcflow")?;
    // SAFETY: plain call.
    check(vm, unsafe { libc::tcflow(fd, action) })?;
    Ok(Value::None)
}

fn get_winsize(vm: &Vm, fd: i32) -> PyResult<libc::winsize> {
    let mut w = libc::winsize { ws_row: 0, ws_col: 0, ws_xpixel: 0, ws_ypixel: 0 };
    // SAFETY: `w` is a valid out-parameter for TIOCGWINSZ.
    check(vm, unsafe { libc::ioctl(fd, libc::TIOCGWINSZ, &mut w) })?;
    Ok(w)
}

fn t_tcgetwinsize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "termios.tcgetwinsize", 1)?;
    let fd = as_fd(vm, &a[0])?;
    let w = get_winsize(vm, fd)?;
    Ok(vm.new_tuple(vec![Value::Int(w.ws_row as i64), Value::Int(w.ws_col as i64)]))
}

fn t_tcsetwinsize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "tcsetwinsize", 2)?;
    let fd = as_fd(vm, &a[0])?;
    let bad = || "tcsetwinsize, arg 2: must be a two-item sequence";
    let is_seq = match a[1].payload() {
        Some(Payload::List(_) | Payload::Tuple(_)) => true,
        Some(Payload::Dict(_)) | None => false,
        _ => vm.getattr_opt(&a[1], "__getitem__")?.is_some() && vm.getattr_opt(&a[1], "__len__")?.is_some(),
    };
    if !is_seq {
        return Err(vm.new_type_error(bad()));
    }
    let items = vm.collect(&a[1])?;
    if items.len() != 2 {
        return Err(vm.new_type_error(bad()));
    }
    let (rows, cols) = (as_long(vm, &items[0])?, as_long(vm, &items[1])?);
    let mut w = get_winsize(vm, fd)?;
    let (Ok(r), Ok(c)) = (u16::try_from(rows), u16::try_from(cols)) else {
        return Err(vm.new_overflow_error("winsize value(s) out of range."));
    };
    w.ws_row = r;
    w.ws_col = c;
    // SAFETY: `w` is a valid winsize for TIOCSWINSZ.
    check(vm, unsafe { libc::ioctl(fd, libc::TIOCSWINSZ, &w) })?;
    Ok(Value::None)
}

#[rustfmt::skip]
const CONSTS: &[(&str, i64)] = &[
    ("B0", libc::B0 as i64),
    ("B1000000", libc::B1000000 as i64),
    ("B110", libc::B110 as i64),
    ("B115200", libc::B115200 as i64),
    ("B1152000", libc::B1152000 as i64),
    ("B1200", libc::B1200 as i64),
    ("B134", libc::B134 as i64),
    ("B150", libc::B150 as i64),
    ("B1500000", libc::B1500000 as i64),
    ("B1800", libc::B1800 as i64),
    ("B19200", libc::B19200 as i64),
    ("B200", libc::B200 as i64),
    ("B2000000", libc::B2000000 as i64),
    ("B230400", libc::B230400 as i64),
    ("B2400", libc::B2400 as i64),
    ("B2500000", libc::B2500000 as i64),
    ("B300", libc::B300 as i64),
    ("B3000000", libc::B3000000 as i64),
    ("B3500000", libc::B3500000 as i64),
    ("B38400", libc::B38400 as i64),
    ("B4000000", libc::B4000000 as i64),
    ("B460800", libc::B460800 as i64),
    ("B4800", libc::B4800 as i64),
    ("B50", libc::B50 as i64),
    ("B500000", libc::B500000 as i64),
    ("B57600", libc::B57600 as i64),
    ("B576000", libc::B576000 as i64),
    ("B600", libc::B600 as i64),
    ("B75", libc::B75 as i64),
    ("B921600", libc::B921600 as i64),
    ("B9600", libc::B9600 as i64),
    ("BRKINT", libc::BRKINT as i64),
    ("BS0", libc::BS0 as i64),
    ("BS1", libc::BS1 as i64),
    ("BSDLY", libc::BSDLY as i64),
    ("CBAUD", libc::CBAUD as i64),
    ("CBAUDEX", libc::CBAUDEX as i64),
    ("CDSUSP", 25), // not in the libc crate: the Linux header value
    ("CEOF", 4), // not in the libc crate: the Linux header value
    ("CEOL", 0), // not in the libc crate: the Linux header value
    ("CEOT", 4), // not in the libc crate: the Linux header value
    ("CERASE", 127), // not in the libc crate: the Linux header value
    ("CFLUSH", 15), // not in the libc crate: the Linux header value
    ("CIBAUD", libc::CIBAUD as i64),
    ("CINTR", 3), // not in the libc crate: the Linux header value
    ("CKILL", 21), // not in the libc crate: the Linux header value
    ("CLNEXT", 22), // not in the libc crate: the Linux header value
    ("CLOCAL", libc::CLOCAL as i64),
    ("CQUIT", 28), // not in the libc crate: the Linux header value
    ("CR0", libc::CR0 as i64),
    ("CR1", libc::CR1 as i64),
    ("CR2", libc::CR2 as i64),
    ("CR3", libc::CR3 as i64),
    ("CRDLY", libc::CRDLY as i64),
    ("CREAD", libc::CREAD as i64),
    ("CRPRNT", 18), // not in the libc crate: the Linux header value
    ("CRTSCTS", libc::CRTSCTS as i64),
    ("CS5", libc::CS5 as i64),
    ("CS6", libc::CS6 as i64),
    ("CS7", libc::CS7 as i64),
    ("CS8", libc::CS8 as i64),
    ("CSIZE", libc::CSIZE as i64),
    ("CSTART", 17), // not in the libc crate: the Linux header value
    ("CSTOP", 19), // not in the libc crate: the Linux header value
    ("CSTOPB", libc::CSTOPB as i64),
    ("CSUSP", 26), // not in the libc crate: the Linux header value
    ("CWERASE", 23), // not in the libc crate: the Linux header value
    ("ECHO", libc::ECHO as i64),
    ("ECHOCTL", libc::ECHOCTL as i64),
    ("ECHOE", libc::ECHOE as i64),
    ("ECHOK", libc::ECHOK as i64),
    ("ECHOKE", libc::ECHOKE as i64),
    ("ECHONL", libc::ECHONL as i64),
    ("ECHOPRT", libc::ECHOPRT as i64),
    ("EXTA", libc::EXTA as i64),
    ("EXTB", libc::EXTB as i64),
    ("FF0", libc::FF0 as i64),
    ("FF1", libc::FF1 as i64),
    ("FFDLY", libc::FFDLY as i64),
    ("FIOASYNC", libc::FIOASYNC as i64),
    ("FIOCLEX", libc::FIOCLEX as i64),
    ("FIONBIO", libc::FIONBIO as i64),
    ("FIONCLEX", libc::FIONCLEX as i64),
    ("FIONREAD", libc::FIONREAD as i64),
    ("FLUSHO", libc::FLUSHO as i64),
    ("HUPCL", libc::HUPCL as i64),
    ("ICANON", libc::ICANON as i64),
    ("ICRNL", libc::ICRNL as i64),
    ("IEXTEN", libc::IEXTEN as i64),
    ("IGNBRK", libc::IGNBRK as i64),
    ("IGNCR", libc::IGNCR as i64),
    ("IGNPAR", libc::IGNPAR as i64),
    ("IMAXBEL", libc::IMAXBEL as i64),
    ("INLCR", libc::INLCR as i64),
    ("INPCK", libc::INPCK as i64),
    ("IOCSIZE_MASK", 1073676288), // not in the libc crate: the Linux header value
    ("IOCSIZE_SHIFT", 16), // not in the libc crate: the Linux header value
    ("ISIG", libc::ISIG as i64),
    ("ISTRIP", libc::ISTRIP as i64),
    ("IUCLC", libc::IUCLC as i64),
    ("IXANY", libc::IXANY as i64),
    ("IXOFF", libc::IXOFF as i64),
    ("IXON", libc::IXON as i64),
    ("NCC", 8), // not in the libc crate: the Linux header value
    ("NCCS", libc::NCCS as i64),
    ("NL0", libc::NL0 as i64),
    ("NL1", libc::NL1 as i64),
    ("NLDLY", libc::NLDLY as i64),
    ("NOFLSH", libc::NOFLSH as i64),
    ("N_MOUSE", 2), // not in the libc crate: the Linux header value
    ("N_PPP", 3), // not in the libc crate: the Linux header value
    ("N_SLIP", 1), // not in the libc crate: the Linux header value
    ("N_STRIP", 4), // not in the libc crate: the Linux header value
    ("N_TTY", 0), // not in the libc crate: the Linux header value
    ("OCRNL", libc::OCRNL as i64),
    ("OFDEL", libc::OFDEL as i64),
    ("OFILL", libc::OFILL as i64),
    ("OLCUC", libc::OLCUC as i64),
    ("ONLCR", libc::ONLCR as i64),
    ("ONLRET", libc::ONLRET as i64),
    ("ONOCR", libc::ONOCR as i64),
    ("OPOST", libc::OPOST as i64),
    ("PARENB", libc::PARENB as i64),
    ("PARMRK", libc::PARMRK as i64),
    ("PARODD", libc::PARODD as i64),
    ("PENDIN", libc::PENDIN as i64),
    ("TAB0", libc::TAB0 as i64),
    ("TAB1", libc::TAB1 as i64),
    ("TAB2", libc::TAB2 as i64),
    ("TAB3", libc::TAB3 as i64),
    ("TABDLY", libc::TABDLY as i64),
    ("TCFLSH", libc::TCFLSH as i64),
    ("TCGETA", libc::TCGETA as i64),
    ("TCGETS", libc::TCGETS as i64),
    ("TCIFLUSH", libc::TCIFLUSH as i64),
    ("TCIOFF", libc::TCIOFF as i64),
    ("TCIOFLUSH", libc::TCIOFLUSH as i64),
    ("TCION", libc::TCION as i64),
    ("TCOFLUSH", libc::TCOFLUSH as i64),
    ("TCOOFF", libc::TCOOFF as i64),
    ("TCOON", libc::TCOON as i64),
    ("TCSADRAIN", libc::TCSADRAIN as i64),
    ("TCSAFLUSH", libc::TCSAFLUSH as i64),
    ("TCSANOW", libc::TCSANOW as i64),
    ("TCSBRK", libc::TCSBRK as i64),
    ("TCSBRKP", libc::TCSBRKP as i64),
    ("TCSETA", libc::TCSETA as i64),
    ("TCSETAF", libc::TCSETAF as i64),
    ("TCSETAW", libc::TCSETAW as i64),
    ("TCSETS", libc::TCSETS as i64),
    ("TCSETSF", libc::TCSETSF as i64),
    ("TCSETSW", libc::TCSETSW as i64),
    ("TCXONC", libc::TCXONC as i64),
    ("TIOCCONS", libc::TIOCCONS as i64),
    ("TIOCEXCL", libc::TIOCEXCL as i64),
    ("TIOCGETD", libc::TIOCGETD as i64),
    ("TIOCGICOUNT", libc::TIOCGICOUNT as i64),
    ("TIOCGLCKTRMIOS", libc::TIOCGLCKTRMIOS as i64),
    ("TIOCGPGRP", libc::TIOCGPGRP as i64),
    ("TIOCGSERIAL", libc::TIOCGSERIAL as i64),
    ("TIOCGSOFTCAR", libc::TIOCGSOFTCAR as i64),
    ("TIOCGWINSZ", libc::TIOCGWINSZ as i64),
    ("TIOCINQ", libc::TIOCINQ as i64),
    ("TIOCLINUX", libc::TIOCLINUX as i64),
    ("TIOCMBIC", libc::TIOCMBIC as i64),
    ("TIOCMBIS", libc::TIOCMBIS as i64),
    ("TIOCMGET", libc::TIOCMGET as i64),
    ("TIOCMIWAIT", libc::TIOCMIWAIT as i64),
    ("TIOCMSET", libc::TIOCMSET as i64),
    ("TIOCM_CAR", libc::TIOCM_CAR as i64),
    ("TIOCM_CD", libc::TIOCM_CD as i64),
    ("TIOCM_CTS", libc::TIOCM_CTS as i64),
    ("TIOCM_DSR", libc::TIOCM_DSR as i64),
    ("TIOCM_DTR", libc::TIOCM_DTR as i64),
    ("TIOCM_LE", libc::TIOCM_LE as i64),
    ("TIOCM_RI", libc::TIOCM_RI as i64),
    ("TIOCM_RNG", libc::TIOCM_RNG as i64),
    ("TIOCM_RTS", libc::TIOCM_RTS as i64),
    ("TIOCM_SR", libc::TIOCM_SR as i64),
    ("TIOCM_ST", libc::TIOCM_ST as i64),
    ("TIOCNOTTY", libc::TIOCNOTTY as i64),
    ("TIOCNXCL", libc::TIOCNXCL as i64),
    ("TIOCOUTQ", libc::TIOCOUTQ as i64),
    ("TIOCPKT", libc::TIOCPKT as i64),
    ("TIOCPKT_DATA", 0), // not in the libc crate: the Linux header value
    ("TIOCPKT_DOSTOP", 32), // not in the libc crate: the Linux header value
    ("TIOCPKT_FLUSHREAD", 1), // not in the libc crate: the Linux header value
    ("TIOCPKT_FLUSHWRITE", 2), // not in the libc crate: the Linux header value
    ("TIOCPKT_NOSTOP", 16), // not in the libc crate: the Linux header value
    ("TIOCPKT_START", 8), // not in the libc crate: the Linux header value
    ("TIOCPKT_STOP", 4), // not in the libc crate: the Linux header value
    ("TIOCSCTTY", libc::TIOCSCTTY as i64),
    ("TIOCSERCONFIG", libc::TIOCSERCONFIG as i64),
    ("TIOCSERGETLSR", libc::TIOCSERGETLSR as i64),
    ("TIOCSERGETMULTI", libc::TIOCSERGETMULTI as i64),
    ("TIOCSERGSTRUCT", libc::TIOCSERGSTRUCT as i64),
    ("TIOCSERGWILD", libc::TIOCSERGWILD as i64),
    ("TIOCSERSETMULTI", libc::TIOCSERSETMULTI as i64),
    ("TIOCSERSWILD", libc::TIOCSERSWILD as i64),
    ("TIOCSER_TEMT", 1), // not in the libc crate: the Linux header value
    ("TIOCSETD", libc::TIOCSETD as i64),
    ("TIOCSLCKTRMIOS", libc::TIOCSLCKTRMIOS as i64),
    ("TIOCSPGRP", libc::TIOCSPGRP as i64),
    ("TIOCSSERIAL", libc::TIOCSSERIAL as i64),
    ("TIOCSSOFTCAR", libc::TIOCSSOFTCAR as i64),
    ("TIOCSTI", libc::TIOCSTI as i64),
    ("TIOCSWINSZ", libc::TIOCSWINSZ as i64),
    ("TOSTOP", libc::TOSTOP as i64),
    ("VDISCARD", libc::VDISCARD as i64),
    ("VEOF", libc::VEOF as i64),
    ("VEOL", libc::VEOL as i64),
    ("VEOL2", libc::VEOL2 as i64),
    ("VERASE", libc::VERASE as i64),
    ("VINTR", libc::VINTR as i64),
    ("VKILL", libc::VKILL as i64),
    ("VLNEXT", libc::VLNEXT as i64),
    ("VMIN", libc::VMIN as i64),
    ("VQUIT", libc::VQUIT as i64),
    ("VREPRINT", libc::VREPRINT as i64),
    ("VSTART", libc::VSTART as i64),
    ("VSTOP", libc::VSTOP as i64),
    ("VSUSP", libc::VSUSP as i64),
    ("VSWTC", libc::VSWTC as i64),
    ("VSWTCH", 7), // not in the libc crate: the Linux header value
    ("VT0", libc::VT0 as i64),
    ("VT1", libc::VT1 as i64),
    ("VTDLY", libc::VTDLY as i64),
    ("VTIME", libc::VTIME as i64),
    ("VWERASE", libc::VWERASE as i64),
    ("XCASE", libc::XCASE as i64),
    ("XTABS", libc::XTABS as i64),
];

pub fn init(vm: &mut Vm) -> PyResult<PyRef> {
    let m = vm.new_module("termios");
    let d = m.dict.get().unwrap();
    let error = native::exception_type(vm, "termios", "error", &vm.exc.exception.clone())?;
    ERROR.with(|e| *e.borrow_mut() = Some(error.clone()));
    vm.dict_set_str(&d, "error", Value::Obj(error));
    let fns: &[(&'static str, NativeFn)] = &[
        ("tcgetattr", t_tcgetattr),
        ("tcsetattr", t_tcsetattr),
        ("tcsendbreak", t_tcsendbreak),
        ("tcdrain", t_tcdrain),
        ("tcflush", t_tcflush),
        ("tcflow", t_tcflow),
        ("tcgetwinsize", t_tcgetwinsize),
        ("tcsetwinsize", t_tcsetwinsize),
    ];
    vm.add_native_fns(&d, fns);
    for (n, v) in CONSTS {
        vm.dict_set_str(&d, n, Value::Int(*v));
    }
    Ok(m)
}
