# gethostbyaddr / gethostbyname_ex through the resolver (http.server's getfqdn uses them), and
# socket.herror for an address with no name.
import socket

print(socket.gethostbyaddr("127.0.0.1"))
print(socket.gethostbyname_ex("localhost"))
print(socket.getfqdn("127.0.0.1"))
try:
    socket.gethostbyaddr("192.0.2.55")
except socket.herror as e:
    print("herror", e.args, isinstance(e, OSError))
try:
    socket.gethostbyaddr()
except TypeError as e:
    print("TypeError", e)
