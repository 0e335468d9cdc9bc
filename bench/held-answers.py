# usage: held-answers.py PORT CERT KEY CONNECTIONS STREAMS HOLD_SECONDS: opens CONNECTIONS HTTP/2 connections that set
# SETTINGS_INITIAL_WINDOW_SIZE to 0, sends STREAMS complete generate requests on each and never sends WINDOW_UPDATE, so
# no answer's DATA can leave the server; every 2 s prints how many streams got their answer's HEADERS ("held"), how
# many were reset (by error code) and how many connections the server closed; closes everything after HOLD_SECONDS.
import socket, ssl, sys, struct, time, threading, collections
port, cert, key, conns, streams, hold = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6])
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
ctx.load_cert_chain(cert, key); ctx.set_alpn_protocols(["h2"])

def frame(kind, flags, stream, payload):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload

def literal(name, value):  # HPACK literal header field without indexing, new name, no Huffman
    return b"\x00" + bytes([len(name)]) + name + bytes([len(value)]) + value

body = b'{"context":""}'
block = (literal(b":method", b"POST") + literal(b":scheme", b"https") + literal(b":path", b"/v1/key/generate/bench")
         + literal(b":authority", b"127.0.0.1") + literal(b"content-length", str(len(body)).encode()))
seen = collections.Counter(); lock = threading.Lock(); sockets = []
for _ in range(conns):
    try:
        s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port), timeout=hold + 30))
    except OSError as e:
        with lock: seen["connect failed"] += 1
        continue
    out = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + frame(4, 0, 0, struct.pack(">HI", 4, 0))
    for i in range(streams):
        out += frame(1, 4, 1 + 2 * i, block) + frame(0, 1, 1 + 2 * i, body)
    try:
        s.sendall(out); sockets.append(s)
    except OSError:
        with lock: seen["send failed"] += 1

def read(s):
    buffer = b""
    while True:
        try: data = s.recv(65536)
        except OSError: break
        if not data: break
        buffer += data
        while len(buffer) >= 9 and len(buffer) >= 9 + int.from_bytes(buffer[:3], "big"):
            length, kind, flags = int.from_bytes(buffer[:3], "big"), buffer[3], buffer[4]
            payload = buffer[9:9 + length]; buffer = buffer[9 + length:]
            with lock:
                if kind == 1: seen["held"] += 1
                elif kind == 3: seen["reset %d" % int.from_bytes(payload[:4], "big")] += 1
                elif kind == 7: seen["goaway %d" % int.from_bytes(payload[4:8], "big")] += 1
            if kind == 4 and flags == 0:
                try: s.sendall(frame(4, 1, 0, b""))
                except OSError: break
    with lock: seen["closed by the server"] += 1

for s in sockets: threading.Thread(target=read, args=(s,), daemon=True).start()
start = time.time()
while time.time() - start < hold:
    time.sleep(2)
    with lock: print("%2.0fs %s" % (time.time() - start, dict(sorted(seen.items()))), flush=True)
for s in sockets: s.close()
