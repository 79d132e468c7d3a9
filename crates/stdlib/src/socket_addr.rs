//! Stdlib stage: the address half of the `_socket` module — Python address objects to and from
//! C `sockaddr`s (AF_INET `(host, port)`, AF_INET6 `(host, port, flowinfo, scope_id)`, AF_UNIX
//! paths, including Linux abstract names), host name resolution through libc `getaddrinfo`
//! (`gaierror` carries the EAI code and `gai_strerror` text), and the module functions built on
//! it: `getaddrinfo`, `gethostbyname`, `getnameinfo`, `inet_aton`/`inet_ntoa`/`inet_pton`/
//! `inet_ntop`, `htons`/`ntohs`/`htonl`/`ntohl`. Messages are CPython 3.11's.

use std::ffi::{CStr, CString};
use std::mem::{size_of, zeroed};
use vm::func::Args;
use vm::value::{Payload, PyRef, Value};
use vm::{PyResult, Vm};

vm::gil_local! {
    static GAIERROR: std::cell::RefCell<Option<PyRef>> = const { std::cell::RefCell::new(None) };
    static HERROR: std::cell::RefCell<Option<PyRef>> = const { std::cell::RefCell::new(None) };
}

pub(crate) fn set_gaierror(t: &PyRef) {
    GAIERROR.with(|g| *g.borrow_mut() = Some(t.clone()));
}

pub(crate) fn set_herror(t: &PyRef) {
    HERROR.with(|g| *g.borrow_mut() = Some(t.clone()));
}

/// `socket.herror(h_errno, hstrerror(h_errno))` (`set_herror`).
fn h_error(vm: &Vm, code: i32) -> PyRef {
    // SAFETY: hstrerror returns a static NUL-terminated string.
    let msg = unsafe { CStr::from_ptr(hstrerror(code)) }.to_string_lossy().into_owned();
    let t = HERROR.with(|g| g.borrow().clone()).unwrap_or_else(|| vm.exc.os_error.clone());
    vm.new_exception_args(&t, vec![Value::Int(code as i64), vm.new_str(msg)])
}

/// A sockaddr buffer big enough for every family, with its used length.
pub struct SockAddr {
    pub storage: libc::sockaddr_storage,
    pub len: libc::socklen_t,
}

impl SockAddr {
    pub fn empty() -> SockAddr {
        // SAFETY: sockaddr_storage is plain old data; all-zero is a valid value.
        SockAddr { storage: unsafe { zeroed() }, len: size_of::<libc::sockaddr_storage>() as libc::socklen_t }
    }

    pub fn as_ptr(&self) -> *const libc::sockaddr {
        &self.storage as *const _ as *const libc::sockaddr
    }

    pub fn as_mut_ptr(&mut self) -> *mut libc::sockaddr {
        &mut self.storage as *mut _ as *mut libc::sockaddr
    }
}

/// `socket.gaierror(code, gai_strerror(code))`, or an OSError from errno for EAI_SYSTEM.
pub fn gai_error(vm: &Vm, code: i32) -> PyRef {
    if code == libc::EAI_SYSTEM {
        return vm.os_error_errno(std::io::Error::last_os_error().raw_os_error().unwrap_or(0), None, None);
    }
    // SAFETY: gai_strerror returns a static NUL-terminated string.
    let msg = unsafe { CStr::from_ptr(libc::gai_strerror(code)) }.to_string_lossy().into_owned();
    let t = GAIERROR.with(|g| g.borrow().clone()).unwrap_or_else(|| vm.exc.os_error.clone());
    let e = vm.new_exception_args(&t, vec![Value::Int(code as i64), vm.new_str(msg.clone())]);
    e.exc_set_field("errno", Value::Int(code as i64));
    e.exc_set_field("strerror", vm.new_str(msg));
    e
}

fn is_int(v: &Value) -> bool {
    matches!(v, Value::Int(_) | Value::Bool(_)) || matches!(v.payload(), Some(Payload::Int(_)))
}

/// A host argument: str (IDNA-encoded) or bytes-like, as bytes without the encoding step for ASCII.
pub fn host_bytes(vm: &mut Vm, v: &Value) -> PyResult<Vec<u8>> {
    if let Some(s) = v.as_str() {
        let s = s.as_str();
        if s.is_ascii() {
            return Ok(s.as_bytes().to_vec());
        }
        let enc = vm.getattr_str(v, "encode")?;
        let idna = vm.new_str("idna");
        let b = vm.call(&enc, Args::new(&[idna]))?;
        return Ok(vm::objects::memoryview::buffer_bytes(&b).unwrap_or_default());
    }
    match v.payload() {
        Some(Payload::Bytes(b)) => Ok(b.to_vec()),
        Some(Payload::ByteArray(b)) => Ok(b.borrow().clone()),
        _ => Err(vm.new_type_error(format!("str, bytes or bytearray expected, not {}", vm.type_name(v)))),
    }
}

/// Resolves `name` for `family` into `out` (CPython's `setipaddr`): `""` is the wildcard
/// address, `"<broadcast>"` the broadcast address, numeric addresses skip the resolver.
fn setipaddr(vm: &mut Vm, name: &[u8], family: i32, out: &mut SockAddr) -> PyResult<()> {
    if name.is_empty() || name == b"<broadcast>" {
        if family == libc::AF_INET6 && name == b"<broadcast>" {
            return Err(vm.new_os_error("address family mismatched"));
        }
        if name == b"<broadcast>" {
            set_v4(out, u32::MAX.to_be_bytes(), 0);
            return Ok(());
        }
        return resolve(vm, None, family, libc::AI_PASSIVE, out);
    }
    if family != libc::AF_INET6 {
        if let Some(a) = parse_v4(name) {
            set_v4(out, a, 0);
            return Ok(());
        }
    }
    if family != libc::AF_INET {
        if let Some(a) = parse_v6(name) {
            set_v6(out, a, 0, 0, 0);
            return Ok(());
        }
    }
    resolve(vm, Some(name), family, 0, out)
}

fn resolve(vm: &mut Vm, name: Option<&[u8]>, family: i32, flags: i32, out: &mut SockAddr) -> PyResult<()> {
    let c = match name {
        Some(n) => Some(CString::new(n).map_err(|_| vm.new_value_error("embedded null character"))?),
        None => None,
    };
    // SAFETY: zeroed addrinfo is the documented "no hints" value.
    let mut hints: libc::addrinfo = unsafe { zeroed() };
    hints.ai_family = family;
    hints.ai_socktype = libc::SOCK_DGRAM;
    hints.ai_flags = flags;
    let mut res: *mut libc::addrinfo = std::ptr::null_mut();
    let host = c.as_ref().map(|c| c.as_ptr()).unwrap_or(std::ptr::null());
    let port = if c.is_none() { c"0".as_ptr() } else { std::ptr::null() };
    // SAFETY: valid C strings / null, hints and out-pointer.
    let r = unsafe { libc::getaddrinfo(host, port, &hints, &mut res) };
    if r != 0 {
        return Err(gai_error(vm, r));
    }
    // SAFETY: on success `res` is a non-empty list owned by us until freeaddrinfo.
    unsafe {
        let ai = &*res;
        let n = (ai.ai_addrlen as usize).min(size_of::<libc::sockaddr_storage>());
        std::ptr::copy_nonoverlapping(ai.ai_addr as *const u8, out.as_mut_ptr() as *mut u8, n);
        out.len = n as libc::socklen_t;
        libc::freeaddrinfo(res);
    }
    Ok(())
}

fn parse_v4(name: &[u8]) -> Option<[u8; 4]> {
    std::str::from_utf8(name).ok()?.parse::<std::net::Ipv4Addr>().ok().map(|a| a.octets())
}

fn parse_v6(name: &[u8]) -> Option<[u8; 16]> {
    let s = std::str::from_utf8(name).ok()?;
    let c = CString::new(s).ok()?;
    let mut out = [0u8; 16];
    // SAFETY: `out` has room for an in6_addr.
    let r = unsafe { inet_pton(libc::AF_INET6, c.as_ptr(), out.as_mut_ptr() as *mut libc::c_void) };
    (r == 1).then_some(out)
}

fn set_v4(out: &mut SockAddr, a: [u8; 4], port: u16) {
    // SAFETY: sockaddr_storage is large enough and suitably aligned for sockaddr_in.
    let sin = unsafe { &mut *(out.as_mut_ptr() as *mut libc::sockaddr_in) };
    sin.sin_family = libc::AF_INET as libc::sa_family_t;
    sin.sin_port = port.to_be();
    sin.sin_addr.s_addr = u32::from_ne_bytes(a);
    out.len = size_of::<libc::sockaddr_in>() as libc::socklen_t;
}

fn set_v6(out: &mut SockAddr, a: [u8; 16], port: u16, flow: u32, scope: u32) {
    // SAFETY: sockaddr_storage is large enough and suitably aligned for sockaddr_in6.
    let sin6 = unsafe { &mut *(out.as_mut_ptr() as *mut libc::sockaddr_in6) };
    sin6.sin6_family = libc::AF_INET6 as libc::sa_family_t;
    sin6.sin6_port = port.to_be();
    sin6.sin6_addr.s6_addr = a;
    sin6.sin6_flowinfo = flow.to_be();
    sin6.sin6_scope_id = scope;
    out.len = size_of::<libc::sockaddr_in6>() as libc::socklen_t;
}

fn port_of(vm: &mut Vm, v: &Value, caller: &str) -> PyResult<u16> {
    let p = vm.to_i64_index(v)?;
    u16::try_from(p).map_err(|_| vm.new_overflow_error(format!("{caller}(): port must be 0-65535.")))
}

/// CPython's `getsockaddrarg`: the C address for a Python address of `family`.
pub fn sockaddr_from(vm: &mut Vm, family: i32, addr: &Value, caller: &str) -> PyResult<SockAddr> {
    let mut out = SockAddr::empty();
    match family {
        libc::AF_UNIX => {
            let path: Vec<u8> = if let Some(s) = addr.as_str() {
                let s = s.as_str().to_string();
                vm::codecs::fs_encode(vm, &s)?
            } else {
                vm::objects::memoryview::bytes_like(vm, addr)?
            };
            // SAFETY: sockaddr_storage is large enough for sockaddr_un.
            let sun = unsafe { &mut *(out.as_mut_ptr() as *mut libc::sockaddr_un) };
            if path.len() >= sun.sun_path.len() {
                return Err(vm.new_os_error("AF_UNIX path too long"));
            }
            sun.sun_family = libc::AF_UNIX as libc::sa_family_t;
            for (d, s) in sun.sun_path.iter_mut().zip(&path) {
                *d = *s as libc::c_char;
            }
            let base = size_of::<libc::sa_family_t>();
            out.len = (base + path.len() + usize::from(path.first() != Some(&0))) as libc::socklen_t;
            Ok(out)
        }
        libc::AF_INET | libc::AF_INET6 => {
            let fname = if family == libc::AF_INET { "AF_INET" } else { "AF_INET6" };
            let Some(Payload::Tuple(t)) = addr.payload() else {
                return Err(
                    vm.new_type_error(format!("{caller}(): {fname} address must be tuple, not {}", vm.type_name(addr)))
                );
            };
            let t = t.to_vec();
            let ok = if family == libc::AF_INET { t.len() == 2 } else { (2..=4).contains(&t.len()) };
            if !ok {
                return Err(vm.new_type_error(if family == libc::AF_INET {
                    "AF_INET address must be a pair (host, port)"
                } else {
                    "AF_INET6 address must be a tuple (host, port[, flowinfo[, scopeid]])"
                }));
            }
            let host = host_bytes(vm, &t[0])?;
            let port = port_of(vm, &t[1], caller)?;
            let flow = match t.get(2) {
                Some(v) => {
                    let f = vm.to_i64_index(v)?;
                    if !(0..=0xfffff).contains(&f) {
                        return Err(vm.new_overflow_error(format!("{caller}(): flowinfo must be 0-1048575.")));
                    }
                    f as u32
                }
                None => 0,
            };
            let scope = match t.get(3) {
                Some(v) => vm.to_i64_index(v)? as u32,
                None => 0,
            };
            setipaddr(vm, &host, family, &mut out)?;
            if family == libc::AF_INET {
                // SAFETY: setipaddr filled an AF_INET address.
                let sin = unsafe { &mut *(out.as_mut_ptr() as *mut libc::sockaddr_in) };
                sin.sin_port = port.to_be();
            } else {
                // SAFETY: setipaddr filled an AF_INET6 address.
                let sin6 = unsafe { &mut *(out.as_mut_ptr() as *mut libc::sockaddr_in6) };
                sin6.sin6_port = port.to_be();
                sin6.sin6_flowinfo = flow.to_be();
                sin6.sin6_scope_id = scope;
            }
            Ok(out)
        }
        _ => Err(vm.new_os_error(format!("{caller}(): bad family"))),
    }
}

fn v6_text(a: &[u8; 16]) -> String {
    let mut buf = [0 as libc::c_char; 64];
    // SAFETY: `buf` is larger than INET6_ADDRSTRLEN.
    unsafe {
        inet_ntop(libc::AF_INET6, a.as_ptr() as *const libc::c_void, buf.as_mut_ptr(), buf.len() as u32);
        CStr::from_ptr(buf.as_ptr()).to_string_lossy().into_owned()
    }
}

/// CPython's `makesockaddr`: the Python object for a C address.
pub fn make_sockaddr(vm: &mut Vm, a: &SockAddr) -> PyResult<Value> {
    if (a.len as usize) < size_of::<libc::sa_family_t>() {
        return Ok(Value::None);
    }
    match a.storage.ss_family as i32 {
        libc::AF_INET => {
            // SAFETY: the family says the storage holds a sockaddr_in.
            let sin = unsafe { &*(a.as_ptr() as *const libc::sockaddr_in) };
            let ip = std::net::Ipv4Addr::from(sin.sin_addr.s_addr.to_ne_bytes());
            Ok(vm.new_tuple(vec![vm.new_str(ip.to_string()), Value::Int(u16::from_be(sin.sin_port) as i64)]))
        }
        libc::AF_INET6 => {
            // SAFETY: the family says the storage holds a sockaddr_in6.
            let sin6 = unsafe { &*(a.as_ptr() as *const libc::sockaddr_in6) };
            Ok(vm.new_tuple(vec![
                vm.new_str(v6_text(&sin6.sin6_addr.s6_addr)),
                Value::Int(u16::from_be(sin6.sin6_port) as i64),
                Value::Int(u32::from_be(sin6.sin6_flowinfo) as i64),
                Value::Int(sin6.sin6_scope_id as i64),
            ]))
        }
        libc::AF_UNIX => {
            // SAFETY: the family says the storage holds a sockaddr_un.
            let sun = unsafe { &*(a.as_ptr() as *const libc::sockaddr_un) };
            let n = (a.len as usize).saturating_sub(size_of::<libc::sa_family_t>()).min(sun.sun_path.len());
            let bytes: Vec<u8> = sun.sun_path[..n].iter().map(|c| *c as u8).collect();
            if bytes.first() == Some(&0) {
                return Ok(vm.new_bytes(bytes));
            }
            let end = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
            Ok(vm.new_str(vm::codecs::fs_decode(&bytes[..end])))
        }
        f => Ok(vm.new_tuple(vec![Value::Int(f as i64), vm.new_bytes(Vec::new())])),
    }
}

fn int_arg(vm: &mut Vm, v: Option<&Value>) -> PyResult<i32> {
    match v {
        None => Ok(0),
        Some(v) => {
            let i = vm.to_i64_index(v)?;
            i32::try_from(i).map_err(|_| vm.new_overflow_error("Python int too large to convert to C int"))
        }
    }
}

/// `getaddrinfo(host, port, family=0, type=0, proto=0, flags=0)`.
pub fn sock_getaddrinfo(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [host, port, family, kind, proto, flags] =
        args.bind(vm, "getaddrinfo", ["host", "port", "family", "type", "proto", "flags"], 2)?;
    let (host, port) = (host.unwrap(), port.unwrap());
    let host_c = if host.is_none() {
        None
    } else {
        let h = host_bytes(vm, &host)?;
        Some(CString::new(h).map_err(|_| vm.new_value_error("embedded null character"))?)
    };
    let port_c = if port.is_none() {
        None
    } else if is_int(&port) {
        Some(CString::new(vm.to_i64_index(&port)?.to_string()).unwrap_or_default())
    } else if let Some(s) = port.as_str() {
        Some(CString::new(s.as_str()).map_err(|_| vm.new_value_error("embedded null character"))?)
    } else if let Some(Payload::Bytes(b)) = port.payload() {
        Some(CString::new(b.to_vec()).map_err(|_| vm.new_value_error("embedded null character"))?)
    } else {
        return Err(vm.new_os_error("Int or String expected"));
    };
    // SAFETY: zeroed addrinfo is the documented "no hints" value.
    let mut hints: libc::addrinfo = unsafe { zeroed() };
    hints.ai_family = int_arg(vm, family.as_ref())?;
    hints.ai_socktype = int_arg(vm, kind.as_ref())?;
    hints.ai_protocol = int_arg(vm, proto.as_ref())?;
    hints.ai_flags = int_arg(vm, flags.as_ref())?;
    let mut res: *mut libc::addrinfo = std::ptr::null_mut();
    let hp = host_c.as_ref().map(|c| c.as_ptr()).unwrap_or(std::ptr::null());
    let pp = port_c.as_ref().map(|c| c.as_ptr()).unwrap_or(std::ptr::null());
    // SAFETY: valid C strings / null, hints and out-pointer.
    let r = unsafe { libc::getaddrinfo(hp, pp, &hints, &mut res) };
    if r != 0 {
        return Err(gai_error(vm, r));
    }
    let mut entries = Vec::new();
    let mut p = res;
    while !p.is_null() {
        // SAFETY: `p` walks the list getaddrinfo returned.
        let ai = unsafe { &*p };
        let mut sa = SockAddr::empty();
        let n = (ai.ai_addrlen as usize).min(size_of::<libc::sockaddr_storage>());
        // SAFETY: ai_addr points at ai_addrlen bytes.
        unsafe { std::ptr::copy_nonoverlapping(ai.ai_addr as *const u8, sa.as_mut_ptr() as *mut u8, n) };
        sa.len = n as libc::socklen_t;
        let canon = if ai.ai_canonname.is_null() {
            String::new()
        } else {
            // SAFETY: a NUL-terminated string owned by the list.
            unsafe { CStr::from_ptr(ai.ai_canonname) }.to_string_lossy().into_owned()
        };
        entries.push((ai.ai_family, ai.ai_socktype, ai.ai_protocol, canon, sa));
        p = ai.ai_next;
    }
    // SAFETY: `res` came from a successful getaddrinfo.
    unsafe { libc::freeaddrinfo(res) };
    let mut out = Vec::new();
    for (f, t, pr, canon, sa) in entries {
        let addr = make_sockaddr(vm, &sa)?;
        out.push(vm.new_tuple(vec![
            Value::Int(f as i64),
            Value::Int(t as i64),
            Value::Int(pr as i64),
            vm.new_str(canon),
            addr,
        ]));
    }
    Ok(vm.new_list(out))
}

/// `gethostbyname(host)`: the IPv4 address as a dotted string.
pub fn sock_gethostbyname(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.parse_exact(vm, "gethostbyname", 1)?;
    let h = host_bytes(vm, &a[0])?;
    let mut sa = SockAddr::empty();
    setipaddr(vm, &h, libc::AF_INET, &mut sa)?;
    let v = make_sockaddr(vm, &sa)?;
    match v.payload() {
        Some(Payload::Tuple(t)) => Ok(t[0].clone()),
        _ => Ok(v),
    }
}

/// `getnameinfo(sockaddr, flags)`.
pub fn sock_getnameinfo(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "getnameinfo", 2)?;
    let flags = int_arg(vm, Some(&a[1]))?;
    let Some(Payload::Tuple(t)) = a[0].payload() else {
        return Err(vm.new_type_error("getnameinfo() argument 1 must be a tuple"));
    };
    let family = if t.first().and_then(|h| h.as_str()).is_some_and(|h| h.as_str().contains(':')) {
        libc::AF_INET6
    } else {
        libc::AF_INET
    };
    let sa = sockaddr_from(vm, family, &a[0], "getnameinfo")?;
    let mut host = [0 as libc::c_char; 1025];
    let mut serv = [0 as libc::c_char; 32];
    // SAFETY: buffers and their lengths are valid.
    let r = unsafe {
        libc::getnameinfo(
            sa.as_ptr(),
            sa.len,
            host.as_mut_ptr(),
            host.len() as u32,
            serv.as_mut_ptr(),
            serv.len() as u32,
            flags,
        )
    };
    if r != 0 {
        return Err(gai_error(vm, r));
    }
    // SAFETY: getnameinfo NUL-terminates both on success.
    let (h, s) = unsafe {
        (
            CStr::from_ptr(host.as_ptr()).to_string_lossy().into_owned(),
            CStr::from_ptr(serv.as_ptr()).to_string_lossy().into_owned(),
        )
    };
    Ok(vm.new_tuple(vec![vm.new_str(h), vm.new_str(s)]))
}

/// The `(hostname, aliaslist, ipaddrlist)` of a `hostent` (`gethost_common`).
fn host_entry(vm: &mut Vm, h: &libc::hostent) -> PyResult<Value> {
    // SAFETY: a hostent filled by the resolver: NUL-terminated strings and NULL-terminated
    // arrays, addresses of h_length bytes.
    let (name, aliases, addrs) = unsafe {
        let name = CStr::from_ptr(h.h_name).to_string_lossy().into_owned();
        let mut aliases = Vec::new();
        let mut p = h.h_aliases;
        while !p.is_null() && !(*p).is_null() {
            aliases.push(CStr::from_ptr(*p).to_string_lossy().into_owned());
            p = p.add(1);
        }
        let mut addrs = Vec::new();
        let mut p = h.h_addr_list;
        while !p.is_null() && !(*p).is_null() {
            let mut text = [0 as libc::c_char; 64];
            if !inet_ntop(h.h_addrtype, *p as *const libc::c_void, text.as_mut_ptr(), text.len() as libc::socklen_t)
                .is_null()
            {
                addrs.push(CStr::from_ptr(text.as_ptr()).to_string_lossy().into_owned());
            }
            p = p.add(1);
        }
        (name, aliases, addrs)
    };
    let aliases = aliases.into_iter().map(|a| vm.new_str(a)).collect();
    let addrs = addrs.into_iter().map(|a| vm.new_str(a)).collect();
    Ok(vm.new_tuple(vec![vm.new_str(name), vm.new_list(aliases), vm.new_list(addrs)]))
}

/// Runs a `gethostby*_r` call with a growing buffer; the entry, or the `h_errno` code.
fn lookup_host(
    vm: &mut Vm,
    call: impl Fn(*mut libc::hostent, *mut libc::c_char, usize, *mut *mut libc::hostent, *mut libc::c_int) -> libc::c_int,
) -> PyResult<Value> {
    let mut buf = vec![0 as libc::c_char; 16384];
    loop {
        // SAFETY: zeroed hostent is a valid out-parameter.
        let mut ent: libc::hostent = unsafe { zeroed() };
        let mut result: *mut libc::hostent = std::ptr::null_mut();
        let mut herr: libc::c_int = 0;
        let r = vm.allow_threads(|| call(&mut ent, buf.as_mut_ptr(), buf.len(), &mut result, &mut herr));
        if r == libc::ERANGE && buf.len() < 1 << 20 {
            buf.resize(buf.len() * 2, 0);
            continue;
        }
        if result.is_null() {
            return Err(h_error(vm, if herr == 0 { 1 } else { herr }));
        }
        return host_entry(vm, &ent);
    }
}

/// `gethostbyaddr(ip_address)`: `(hostname, aliaslist, ipaddrlist)` from the resolver (a
/// host name is resolved to its address first).
pub fn sock_gethostbyaddr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.parse_exact(vm, "gethostbyaddr", 1)?;
    let h = host_bytes(vm, &a[0])?;
    let mut sa = SockAddr::empty();
    setipaddr(vm, &h, libc::AF_UNSPEC, &mut sa)?;
    let family = sa.storage.ss_family as libc::c_int;
    let base = &sa.storage as *const libc::sockaddr_storage;
    // SAFETY: the storage holds a sockaddr of `family`; the address field is inside it.
    let (addr, len): (*const libc::c_void, libc::socklen_t) = unsafe {
        match family {
            libc::AF_INET6 => (&(*(base as *const libc::sockaddr_in6)).sin6_addr as *const _ as *const _, 16),
            _ => (&(*(base as *const libc::sockaddr_in)).sin_addr as *const _ as *const _, 4),
        }
    };
    // SAFETY: every pointer is valid for the call (see lookup_host).
    lookup_host(vm, |ent, buf, n, res, herr| unsafe { gethostbyaddr_r(addr, len, family, ent, buf, n, res, herr) })
}

/// `gethostbyname_ex(hostname)`: `(hostname, aliaslist, ipaddrlist)` for IPv4.
pub fn sock_gethostbyname_ex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.parse_exact(vm, "gethostbyname_ex", 1)?;
    let h = host_bytes(vm, &a[0])?;
    let mut sa = SockAddr::empty();
    setipaddr(vm, &h, libc::AF_INET, &mut sa)?;
    let name = CString::new(h).map_err(|_| vm.new_value_error("embedded null character"))?;
    // SAFETY: every pointer is valid for the call (see lookup_host).
    lookup_host(vm, |ent, buf, n, res, herr| unsafe {
        gethostbyname2_r(name.as_ptr(), libc::AF_INET, ent, buf, n, res, herr)
    })
}

fn str_arg(vm: &Vm, v: &Value, fname: &str, n: usize) -> PyResult<String> {
    match v.as_str() {
        Some(s) => Ok(s.as_str().to_string()),
        None => Err(vm.new_type_error(format!("{fname}() argument {n} must be str, not {}", vm.type_name(v)))),
    }
}

pub fn sock_inet_aton(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "inet_aton", 1)?;
    let s = str_arg(vm, &a[0], "inet_aton", 1)?;
    let c = CString::new(s).map_err(|_| vm.new_value_error("embedded null character"))?;
    // SAFETY: zeroed in_addr is valid; `c` is NUL-terminated.
    let mut addr: libc::in_addr = unsafe { zeroed() };
    if unsafe { inet_aton(c.as_ptr(), &mut addr) } == 0 {
        return Err(vm.new_os_error("illegal IP address string passed to inet_aton"));
    }
    Ok(vm.new_bytes(addr.s_addr.to_ne_bytes().to_vec()))
}

extern "C" {
    fn hstrerror(err: libc::c_int) -> *const libc::c_char;
    #[allow(clippy::too_many_arguments)]
    fn gethostbyaddr_r(
        addr: *const libc::c_void,
        len: libc::socklen_t,
        family: libc::c_int,
        ret: *mut libc::hostent,
        buf: *mut libc::c_char,
        buflen: usize,
        result: *mut *mut libc::hostent,
        h_errnop: *mut libc::c_int,
    ) -> libc::c_int;
    fn gethostbyname2_r(
        name: *const libc::c_char,
        family: libc::c_int,
        ret: *mut libc::hostent,
        buf: *mut libc::c_char,
        buflen: usize,
        result: *mut *mut libc::hostent,
        h_errnop: *mut libc::c_int,
    ) -> libc::c_int;
    fn inet_aton(cp: *const libc::c_char, inp: *mut libc::in_addr) -> libc::c_int;
    fn inet_pton(af: libc::c_int, src: *const libc::c_char, dst: *mut libc::c_void) -> libc::c_int;
    fn inet_ntop(
        af: libc::c_int,
        src: *const libc::c_void,
        dst: *mut libc::c_char,
        size: libc::socklen_t,
    ) -> *const libc::c_char;
}

fn bytes_arg(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    vm::objects::memoryview::bytes_like(vm, v)
}

pub fn sock_inet_ntoa(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "inet_ntoa", 1)?;
    let b = bytes_arg(vm, &a[0])?;
    let Ok(q) = <[u8; 4]>::try_from(b.as_slice()) else {
        return Err(vm.new_os_error("packed IP wrong length for inet_ntoa"));
    };
    Ok(vm.new_str(std::net::Ipv4Addr::from(q).to_string()))
}

pub fn sock_inet_pton(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "inet_pton", 2)?;
    let af = int_arg(vm, Some(&a[0]))?;
    let s = str_arg(vm, &a[1], "inet_pton", 2)?;
    let c = CString::new(s).map_err(|_| vm.new_value_error("embedded null character"))?;
    let mut out = [0u8; 16];
    // SAFETY: `out` has room for either address kind.
    let r = unsafe { inet_pton(af, c.as_ptr(), out.as_mut_ptr() as *mut libc::c_void) };
    match r {
        1 => Ok(vm.new_bytes(out[..if af == libc::AF_INET { 4 } else { 16 }].to_vec())),
        0 => Err(vm.new_os_error("illegal IP address string passed to inet_pton")),
        _ => Err(vm.os_error_errno(std::io::Error::last_os_error().raw_os_error().unwrap_or(0), None, None)),
    }
}

pub fn sock_inet_ntop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "inet_ntop", 2)?;
    let af = int_arg(vm, Some(&a[0]))?;
    let b = bytes_arg(vm, &a[1])?;
    match af {
        libc::AF_INET => match <[u8; 4]>::try_from(b.as_slice()) {
            Ok(q) => Ok(vm.new_str(std::net::Ipv4Addr::from(q).to_string())),
            Err(_) => Err(vm.new_value_error("invalid length of packed IP address string")),
        },
        libc::AF_INET6 => match <[u8; 16]>::try_from(b.as_slice()) {
            Ok(q) => Ok(vm.new_str(v6_text(&q))),
            Err(_) => Err(vm.new_value_error("invalid length of packed IP address string")),
        },
        _ => Err(vm.new_value_error(format!("unknown address family {af}"))),
    }
}

fn unsigned_arg(vm: &mut Vm, v: &Value, fname: &str, bits: u32) -> PyResult<u64> {
    if !is_int(v) {
        return Err(vm.new_type_error(format!("'{}' object cannot be interpreted as an integer", vm.type_name(v))));
    }
    let i = vm.to_index(v)?;
    let what = if bits == 16 { "C 16-bit unsigned integer" } else { "C 32-bit unsigned integer" };
    if i.sign() == num_bigint::Sign::Minus {
        return Err(vm.new_overflow_error(format!("{fname}: can't convert negative Python int to {what}")));
    }
    match u64::try_from(&i) {
        Ok(n) if n < (1u64 << bits) => Ok(n),
        _ => Err(vm.new_overflow_error(format!("{fname}: Python int too large to convert to {what}"))),
    }
}

pub fn sock_htons(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "htons", 1)?;
    Ok(Value::Int((unsigned_arg(vm, &a[0], "htons", 16)? as u16).to_be() as i64))
}

pub fn sock_ntohs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "ntohs", 1)?;
    Ok(Value::Int(u16::from_be(unsigned_arg(vm, &a[0], "ntohs", 16)? as u16) as i64))
}

pub fn sock_htonl(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "htonl", 1)?;
    Ok(Value::Int((unsigned_arg(vm, &a[0], "htonl", 32)? as u32).to_be() as i64))
}

pub fn sock_ntohl(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let a = args.exact(vm, "ntohl", 1)?;
    Ok(Value::Int(u32::from_be(unsigned_arg(vm, &a[0], "ntohl", 32)? as u32) as i64))
}
