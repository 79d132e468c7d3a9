# A ThreadingHTTPServer serving five concurrent urllib clients, each on its own thread.
import threading, http.server, urllib.request, socketserver
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = ("hello " + self.path).encode()
        self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a): pass
srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
t = threading.Thread(target=srv.serve_forever); t.start()
port = srv.server_address[1]
res = []
def get(p):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{p}") as r:
        res.append(r.read().decode())
cs = [threading.Thread(target=get, args=(f"p{i}",)) for i in range(5)]
for c in cs: c.start()
for c in cs: c.join()
srv.shutdown(); t.join(); srv.server_close()
print(sorted(res))
