//! Stdlib stage: the ancillary-data half of `_socket` — the socket methods `sendmsg`,
//! `recvmsg` and `recvmsg_into` and the module functions `CMSG_LEN`/`CMSG_SPACE`, following
//! CPython 3.11's Modules/socketmodule.c: the same argument parsing and messages, control
//! messages laid out with the C library's CMSG_* rules, a RuntimeWarning for truncated or
//! malformed received control data, and descriptors received through SCM_RIGHTS closed again
//! when an error follows the system call. The blocking calls go through `socket::sock_call`
//! (GIL released, timeouts honoured); every buffer the kernel touches is Rust-owned.

use crate::socket::{bytes_arg, family_of, int_of, sock_call};
use crate::socket_addr::{make_sockaddr, sockaddr_from, SockAddr};
use num_traits::ToPrimitive;
use std::mem::size_of;
use vm::func::Args;
use vm::value::{Payload, Value};
use vm::{PyResult, Vm};

/// CPython's `SOCKLEN_T_LIMIT` on Linux.
const SOCKLEN_T_LIMIT: usize = i32::MAX as usize;

/// `CMSG_LEN(0)`: the size of a control message header, data aligned.
fn cmsg_len(n: usize) -> usize {
    // SAFETY: pure arithmetic.
    unsafe { libc::CMSG_LEN(0) as usize + n }
}

fn cmsg_align(n: usize) -> usize {
    let a = size_of::<usize>();
    (n + a - 1) & !(a - 1)
}

fn cmsg_space(n: usize) -> usize {
    // SAFETY: pure arithmetic.
    unsafe { libc::CMSG_SPACE(0) as usize + cmsg_align(n) }
}

/// CPython's `get_CMSG_LEN`: `None` when the result would pass `SOCKLEN_T_LIMIT`.
fn checked_cmsg_len(n: usize) -> Option<usize> {
    if n > SOCKLEN_T_LIMIT - cmsg_len(0) {
        return None;
    }
    Some(cmsg_len(n))
}

/// CPython's `get_CMSG_SPACE`.
fn checked_cmsg_space(n: usize) -> Option<usize> {
    if n > SOCKLEN_T_LIMIT - cmsg_space(1) {
        return None;
    }
    let r = cmsg_space(n);
    (r <= SOCKLEN_T_LIMIT && r >= n).then_some(r)
}

/// A `Py_ssize_t` argument (`n` format unit).
fn ssize_arg(vm: &mut Vm, v: &Value) -> PyResult<i64> {
    if let Value::Int(i) = v {
        return Ok(*i);
    }
    if matches!(v, Value::Float(_)) || matches!(v.payload(), Some(Payload::Float(_))) {
        return Err(vm.new_type_error("'float' object cannot be interpreted as an integer"));
    }
    let b = vm.to_index(v)?;
    b.to_i64().ok_or_else(|| vm.new_overflow_error("Python int too large to convert to C ssize_t"))
}

/// `PySequence_Fast(v, msg)`: the items of a list or tuple, or of any iterable; `msg` replaces
/// the TypeError of a non-iterable.
fn seq_fast(vm: &mut Vm, v: &Value, msg: &str) -> PyResult<Vec<Value>> {
    if let Some(Payload::List(_) | Payload::Tuple(_)) = v.payload() {
        return vm.collect(v);
    }
    let it = match vm.iter(v) {
        Ok(it) => it,
        Err(e) => {
            if vm.isinstance_exc(&e, &vm.exc.type_error.clone()) {
                return Err(vm.new_type_error(msg));
            }
            return Err(e);
        }
    };
    let mut out = Vec::new();
    while let Some(x) = vm.next(&it)? {
        out.push(x);
    }
    Ok(out)
}

/// `PyArg_Parse(item, "(iiy*):[sendmsg() ancillary data items]")`.
fn ancillary_item(vm: &mut Vm, item: &Value) -> PyResult<(i32, i32, Vec<u8>)> {
    const WHO: &str = "[sendmsg() ancillary data items]()";
    let items = match item.payload() {
        Some(Payload::List(_) | Payload::Tuple(_)) => vm.collect(item)?,
        Some(Payload::Bytes(_) | Payload::Dict(_)) | None => {
            return Err(
                vm.new_type_error(format!("{WHO} argument must be 3-item sequence, not {}", vm.type_name(item)))
            );
        }
        Some(_) => {
            if vm.lookup_special(item, "__getitem__").is_none() {
                return Err(
                    vm.new_type_error(format!("{WHO} argument must be 3-item sequence, not {}", vm.type_name(item)))
                );
            }
            let n = vm.len(item)?;
            if n != 3 {
                return Err(vm.new_type_error(format!("{WHO} argument must be sequence of length 3, not {n}")));
            }
            (0..3).map(|i| vm.getitem(item, &Value::Int(i))).collect::<PyResult<Vec<_>>>()?
        }
    };
    if items.len() != 3 {
        return Err(vm.new_type_error(format!("{WHO} argument must be sequence of length 3, not {}", items.len())));
    }
    let level = int_of(vm, &items[0])?;
    let kind = int_of(vm, &items[1])?;
    let data = bytes_arg(vm, &items[2])?;
    Ok((level, kind, data))
}

/// A zeroed control buffer of at least `len` bytes, aligned for `cmsghdr`.
fn control_buffer(len: usize) -> Vec<u64> {
    vec![0u64; len.div_ceil(8)]
}

/// `socket.sendmsg(buffers[, ancdata[, flags[, address]]])`.
pub fn sock_sendmsg(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.varargs(vm, "sendmsg", 1, 4)?;
    let sv = &a[0];
    let flags = match a.get(3) {
        Some(f) => int_of(vm, f)?,
        None => 0,
    };
    let addr = match a.get(4) {
        Some(v) if !v.is_none() => {
            let family = family_of(vm, sv)?;
            Some(sockaddr_from(vm, family, v, "sendmsg")?)
        }
        _ => None,
    };
    let parts = seq_fast(vm, &a[1], "sendmsg() argument 1 must be an iterable")?;
    let mut data = Vec::with_capacity(parts.len());
    for p in &parts {
        data.push(bytes_arg(vm, p)?);
    }
    let mut cmsgs = Vec::new();
    let mut controllen = 0usize;
    if let Some(anc) = a.get(2) {
        for item in seq_fast(vm, anc, "sendmsg() argument 2 must be an iterable")? {
            let (level, kind, bytes) = ancillary_item(vm, &item)?;
            let space =
                checked_cmsg_space(bytes.len()).ok_or_else(|| vm.new_os_error("ancillary data item too large"))?;
            controllen = controllen.saturating_add(space);
            if controllen > SOCKLEN_T_LIMIT {
                return Err(vm.new_os_error("too much ancillary data"));
            }
            cmsgs.push((level, kind, bytes));
        }
    }
    let mut control = control_buffer(controllen);
    let mut iovs: Vec<libc::iovec> =
        data.iter().map(|d| libc::iovec { iov_base: d.as_ptr() as *mut libc::c_void, iov_len: d.len() }).collect();
    // SAFETY: msghdr is plain old data; all-zero is a valid value.
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    let mut addr = addr;
    if let Some(sa) = addr.as_mut() {
        msg.msg_name = sa.as_mut_ptr() as *mut libc::c_void;
        msg.msg_namelen = sa.len;
    }
    msg.msg_iov = iovs.as_mut_ptr();
    msg.msg_iovlen = iovs.len();
    if !cmsgs.is_empty() {
        msg.msg_control = control.as_mut_ptr() as *mut libc::c_void;
        msg.msg_controllen = controllen;
        let mut h: *mut libc::cmsghdr = std::ptr::null_mut();
        for (i, (level, kind, bytes)) in cmsgs.iter().enumerate() {
            // SAFETY: `msg` describes `control`, zeroed and `controllen` bytes long; each header
            // and its data stay inside it (checked against the space left below).
            unsafe {
                h = if i == 0 { libc::CMSG_FIRSTHDR(&msg) } else { libc::CMSG_NXTHDR(&msg, h) };
                if h.is_null() {
                    let which = if i == 0 { "CMSG_FIRSTHDR" } else { "CMSG_NXTHDR" };
                    return Err(vm.new_runtime_error(format!("unexpected NULL result from {which}()")));
                }
                let data_off = libc::CMSG_DATA(h) as usize - control.as_ptr() as usize;
                if data_off > controllen || controllen - data_off < bytes.len() {
                    return Err(vm.new_runtime_error("ancillary data does not fit in calculated space"));
                }
                (*h).cmsg_len = cmsg_len(bytes.len());
                (*h).cmsg_level = *level;
                (*h).cmsg_type = *kind;
                std::ptr::copy_nonoverlapping(bytes.as_ptr(), libc::CMSG_DATA(h), bytes.len());
            }
        }
    }
    let n = sock_call(vm, sv, true, |fd| {
        // SAFETY: `msg` points at `iovs`, `data`, `control` and `addr`, all alive and unmoved.
        unsafe { libc::sendmsg(fd, &msg, flags) }
    })?;
    Ok(Value::Int(n as i64))
}

/// What `recvmsg(2)` returned besides the data.
struct Received {
    n: usize,
    control: Vec<u64>,
    controllen: usize,
    msg_flags: i32,
    addr: SockAddr,
}

/// Receives into the buffers `iovs` describes, with a control buffer of `controllen` bytes
/// (CPython's `sock_recvmsg_guts` up to the system call).
fn recvmsg_raw(vm: &mut Vm, sv: &Value, iovs: &mut [libc::iovec], flags: i32, controllen: i64) -> PyResult<Received> {
    if controllen < 0 || controllen as u64 > SOCKLEN_T_LIMIT as u64 {
        return Err(vm.new_value_error("invalid ancillary data buffer length"));
    }
    let controllen = controllen as usize;
    let mut control = control_buffer(controllen);
    let mut addr = SockAddr::empty();
    addr.storage.ss_family = libc::AF_UNSPEC as libc::sa_family_t;
    let addrlen = addr.len;
    let mut out = (0usize, 0i32, 0 as libc::socklen_t);
    let n = sock_call(vm, sv, false, |fd| {
        // SAFETY: msghdr is plain old data; every pointer in it names a live Rust buffer of the
        // given length.
        unsafe {
            let mut msg: libc::msghdr = std::mem::zeroed();
            msg.msg_name = addr.as_mut_ptr() as *mut libc::c_void;
            msg.msg_namelen = addrlen;
            msg.msg_iov = iovs.as_mut_ptr();
            msg.msg_iovlen = iovs.len();
            if controllen > 0 {
                msg.msg_control = control.as_mut_ptr() as *mut libc::c_void;
            }
            msg.msg_controllen = controllen;
            let r = libc::recvmsg(fd, &mut msg, flags);
            out = (msg.msg_controllen, msg.msg_flags, msg.msg_namelen);
            r
        }
    })?;
    addr.len = out.2.min(addrlen);
    Ok(Received { n: n as usize, control, controllen: if controllen > 0 { out.0 } else { 0 }, msg_flags: out.1, addr })
}

/// One received control message: its header offset, level, type and the data length present
/// in the buffer; `status` as CPython's `get_cmsg_data_len` (0 whole, 1 truncated, -1 invalid).
struct CmsgItem {
    level: i32,
    kind: i32,
    data: std::ops::Range<usize>,
    status: i32,
}

/// Walks the control messages of `r` the way glibc's CMSG_FIRSTHDR/CMSG_NXTHDR do.
fn control_items(r: &Received) -> Vec<CmsgItem> {
    let hdr = size_of::<libc::cmsghdr>();
    // SAFETY: `control` holds at least `controllen` initialised bytes (the kernel never reports
    // more than it was given).
    let buf = unsafe { std::slice::from_raw_parts(r.control.as_ptr() as *const u8, r.controllen) };
    let clen = buf.len();
    let read_hdr = |off: usize| -> (usize, i32, i32) {
        // SAFETY: callers check `off + hdr <= clen`; `off` is a multiple of the alignment.
        let h = unsafe { &*(buf.as_ptr().add(off) as *const libc::cmsghdr) };
        (h.cmsg_len, h.cmsg_level, h.cmsg_type)
    };
    let mut items = Vec::new();
    let mut off = if clen >= hdr { Some(0) } else { None };
    while let Some(o) = off {
        let (len, level, kind) = read_hdr(o);
        // get_cmsg_data_len
        let head = cmsg_len(0);
        let status;
        let mut data = 0..0;
        if o + head.max(size_of::<usize>()) > clen || len < head {
            status = -1;
        } else {
            let want = len - head;
            let start = o + head;
            let space = clen - start;
            if space >= want {
                status = 0;
                data = start..start + want;
            } else {
                status = 1;
                data = start..clen;
            }
        }
        items.push(CmsgItem { level, kind, data, status });
        if status != 0 {
            break;
        }
        // CMSG_NXTHDR
        if len < hdr {
            break;
        }
        let next = o + cmsg_align(len);
        if next + hdr > clen {
            break;
        }
        let (nlen, _, _) = read_hdr(next);
        off = if next + cmsg_align(nlen) > clen { None } else { Some(next) };
    }
    items
}

/// Closes the descriptors received through SCM_RIGHTS (after a failure).
fn close_fds(r: &Received) {
    // SAFETY: as in `control_items`.
    let buf = unsafe { std::slice::from_raw_parts(r.control.as_ptr() as *const u8, r.controllen) };
    for it in control_items(r) {
        if it.status < 0 {
            break;
        }
        if it.level == libc::SOL_SOCKET && it.kind == libc::SCM_RIGHTS {
            for c in buf[it.data.clone()].chunks_exact(4) {
                // SAFETY: the descriptor came to this process and nothing else holds it.
                unsafe { libc::close(i32::from_ne_bytes([c[0], c[1], c[2], c[3]])) };
            }
        }
    }
}

/// The `(ancdata, msg_flags, address)` part of the result; on failure the received
/// descriptors are closed first.
fn finish(vm: &mut Vm, r: &Received) -> PyResult<(Value, Value, Value)> {
    let res = (|| {
        // SAFETY: as in `control_items`.
        let buf = unsafe { std::slice::from_raw_parts(r.control.as_ptr() as *const u8, r.controllen) };
        let mut list = Vec::new();
        for it in control_items(r) {
            if it.status != 0 {
                let cat = vm.exc.runtime_warning.clone();
                vm.warn(&cat, "received malformed or improperly-truncated ancillary data", 1, None)?;
            }
            if it.status < 0 {
                break;
            }
            let bytes = vm.new_bytes(buf[it.data.clone()].to_vec());
            list.push(vm.new_tuple(vec![Value::Int(it.level as i64), Value::Int(it.kind as i64), bytes]));
        }
        let list = vm.new_list(list);
        let addr = make_sockaddr(vm, &r.addr)?;
        Ok((list, Value::Int(r.msg_flags as i64), addr))
    })();
    if res.is_err() {
        close_fds(r);
    }
    res
}

/// `socket.recvmsg(bufsize[, ancbufsize[, flags]])`.
pub fn sock_recvmsg(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.varargs(vm, "recvmsg", 1, 3)?;
    let bufsize = ssize_arg(vm, &a[1])?;
    let ancbufsize = match a.get(2) {
        Some(v) => ssize_arg(vm, v)?,
        None => 0,
    };
    let flags = match a.get(3) {
        Some(v) => int_of(vm, v)?,
        None => 0,
    };
    if bufsize < 0 {
        return Err(vm.new_value_error("negative buffer size in recvmsg()"));
    }
    // Like PyBytes_FromStringAndSize(NULL, n): the memory is not touched before the kernel
    // writes into it.
    let mut data: Vec<u8> = Vec::new();
    if data.try_reserve_exact(bufsize as usize).is_err() {
        return Err(vm.new_exception(&vm.exc.memory_error.clone(), ""));
    }
    let mut iov = [libc::iovec { iov_base: data.as_mut_ptr() as *mut libc::c_void, iov_len: bufsize as usize }];
    let r = recvmsg_raw(vm, &a[0], &mut iov, flags, ancbufsize)?;
    // SAFETY: the kernel wrote the first `r.n <= bufsize` bytes.
    unsafe { data.set_len(r.n) };
    let (anc, msg_flags, addr) = finish(vm, &r)?;
    Ok(vm.new_tuple(vec![vm.new_bytes(data), anc, msg_flags, addr]))
}

/// `socket.recvmsg_into(buffers[, ancbufsize[, flags]])`.
pub fn sock_recvmsg_into(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.varargs(vm, "recvmsg_into", 1, 3)?;
    let ancbufsize = match a.get(2) {
        Some(v) => ssize_arg(vm, v)?,
        None => 0,
    };
    let flags = match a.get(3) {
        Some(v) => int_of(vm, v)?,
        None => 0,
    };
    let targets = seq_fast(vm, &a[1], "recvmsg_into() argument 1 must be an iterable")?;
    let mut bufs = Vec::with_capacity(targets.len());
    for t in &targets {
        let n = vm::objects::memoryview::with_writable_buffer(t, |b| b.len()).ok_or_else(|| {
            vm.new_type_error("recvmsg_into() argument 1 must be an iterable of single-segment read-write buffers")
        })?;
        bufs.push(vec![0u8; n]);
    }
    let mut iovs: Vec<libc::iovec> = bufs
        .iter_mut()
        .map(|b| libc::iovec { iov_base: b.as_mut_ptr() as *mut libc::c_void, iov_len: b.len() })
        .collect();
    let r = recvmsg_raw(vm, &a[0], &mut iovs, flags, ancbufsize)?;
    vm::objects::memoryview::scatter_into(&targets, &bufs, r.n);
    let (anc, msg_flags, addr) = finish(vm, &r)?;
    Ok(vm.new_tuple(vec![Value::Int(r.n as i64), anc, msg_flags, addr]))
}

fn length_arg(vm: &mut Vm, args: &Args, fname: &str) -> PyResult<i64> {
    let a = args.parse_exact(vm, fname, 1)?;
    ssize_arg(vm, &a[0])
}

/// `socket.CMSG_LEN(length)`.
pub fn m_cmsg_len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let n = length_arg(vm, &args, "CMSG_LEN")?;
    match usize::try_from(n).ok().and_then(checked_cmsg_len) {
        Some(r) => Ok(Value::Int(r as i64)),
        None => Err(vm.new_overflow_error("CMSG_LEN() argument out of range")),
    }
}

/// `socket.CMSG_SPACE(length)`.
pub fn m_cmsg_space(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let n = length_arg(vm, &args, "CMSG_SPACE")?;
    match usize::try_from(n).ok().and_then(checked_cmsg_space) {
        Some(r) => Ok(Value::Int(r as i64)),
        None => Err(vm.new_overflow_error("CMSG_SPACE() argument out of range")),
    }
}
