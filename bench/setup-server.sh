# Sourced by the bench scripts: `bench_setup DIR PORT` writes a server and a client certificate (P-256,
# self-signed, the client's identity as admin) and DIR/config.yml for a server on 127.0.0.1:PORT with
# auditing off and an fs keystore in DIR/keys.
bench_setup() {
  local work=$1 port=$2 admin
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/server.key" -out "$work/server.crt" \
    -days 2 -subj "/CN=localhost" -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/client.key" -out "$work/client.crt" \
    -days 2 -subj "/CN=bench" -addext "basicConstraints=critical,CA:FALSE" -addext "extendedKeyUsage=clientAuth" 2>/dev/null
  admin=$(openssl x509 -in "$work/client.crt" -pubkey -noout | openssl pkey -pubin -outform DER | sha256sum | cut -d' ' -f1)
  cat > "$work/config.yml" <<YAML
version: v1
address: 127.0.0.1:$port
admin:
  identity: $admin
tls:
  key: $work/server.key
  cert: $work/server.crt
log:
  audit: off
keystore:
  fs:
    path: $work/keys
YAML
}

# `bench_cpu_run WORK PORT PID OP [C=64]`: one 6 s run (after a 3 s warm-up) of the load tool built in WORK/load,
# one HTTP/2 connection with C streams, against 127.0.0.1:PORT; prints ops/s, the server's (PID) CPU time per
# request in µs (utime + stime from /proc over warm-up and run, the warm-up's requests counted at the run's rate)
# and p99 ms.
bench_cpu_run() {
  local work=$1 port=$2 pid=$3 op=$4 c0 c1
  c0=$(awk '{print $14+$15}' "/proc/$pid/stat")
  dotnet "$work/load/Kes.Bench.Load.dll" --server "https://127.0.0.1:$port" --cert "$work/client.crt" --client-key "$work/client.key" \
    --op "$op" --one-connection -c "${5:-64}" -d 6 --warmup 3 --json > "$work/r.json"
  c1=$(awk '{print $14+$15}' "/proc/$pid/stat")
  python3 -c "
import json; r=json.load(open('$work/r.json'))['results'][0]; print(round(r['OpsPerSecond']), round(($c1-$c0)*1e6/100/(r['Requests']+r['OpsPerSecond']*3),2), r['P99Ms'])"
}
