import errno, os
print(errno.ENOENT, errno.EAGAIN, errno.EWOULDBLOCK, errno.errorcode[11], errno.errorcode[35], errno.errorcode[95])
print(len(errno.errorcode), sorted(errno.errorcode.items())[:5], len([n for n in dir(errno) if n.startswith("E")]))
try:
    open("/nonexistent/x")
except OSError as e:
    print(e.errno == errno.ENOENT, errno.errorcode[e.errno], os.strerror(errno.EACCES))
