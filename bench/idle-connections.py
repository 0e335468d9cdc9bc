# usage: idle-connections.py PORT N HOLD_SECONDS CERT KEY: opens N TLS connections (ALPN h2, client certificate, 10 s
# timeout each), sends the HTTP/2 preface and an empty SETTINGS frame on each, prints "open K failed F" (F: refused or
# closed by the server, with the first reasons), holds them, closes them and prints "closed".
import socket, ssl, sys, time, concurrent.futures as cf
port, n, hold, cert, key = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
ctx.load_cert_chain(cert, key); ctx.set_alpn_protocols(["h2"])
def one(_):
    try:
        s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=10))
        s.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + b"\x00\x00\x00\x04\x00\x00\x00\x00\x00")
        return s
    except OSError as e:
        return type(e).__name__
with cf.ThreadPoolExecutor(32) as ex: results = list(ex.map(one, range(n)))
conns = [r for r in results if not isinstance(r, str)]
reasons = sorted({r for r in results if isinstance(r, str)})
print("open", len(conns), "failed", n - len(conns), *reasons, flush=True)
time.sleep(hold)
for s in conns: s.close()
print("closed", flush=True)
