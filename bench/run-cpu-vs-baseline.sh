#!/usr/bin/env bash
# Where one connection's throughput goes: the published server and the bare Kestrel baseline, one HTTP/2 connection
# with C streams each, alternating 6 s runs (3 s warm-up). For each run: ops/s, the server process's CPU µs per
# request (utime + stime from /proc), its voluntary context switches per request, p99 ms, and its system calls per
# request counted by `perf stat` tracepoints (sendto, recvfrom, epoll_wait, futex, sched_yield).
# Usage: [OP=generate] [C=8] bench/run-cpu-vs-baseline.sh KESDIR [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
kes=$1; rounds=${2:-3}
work=$(mktemp -d); trap 'kill ${server:-} ${baseline:-} 2>/dev/null || true; rm -rf "$work"' EXIT
. bench/setup-server.sh; bench_setup "$work" 17587
dotnet build bench/Load -c Release -o "$work/load" >/dev/null
"$kes/kes" server --config "$work/config.yml" > /dev/null 2>&1 & server=$!
# The baseline serves until its stdin closes: this script holds the fifo's write end, so it ends with the script.
mkfifo "$work/stdin"
dotnet "$work/load/Kes.Bench.Load.dll" serve-baseline --baseline-cert "$work/server.crt" --baseline-key "$work/server.key" < "$work/stdin" > "$work/port" & baseline=$!
exec 3> "$work/stdin"
until [ -s "$work/port" ]; do sleep 0.05; done
port=$(head -1 "$work/port")
until curl -sk --cert "$work/client.crt" --key "$work/client.key" -o /dev/null https://127.0.0.1:17587/version; do sleep 0.01; done
switches() { cat /proc/$1/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ {s += $2} END {print s}'; }
run() { # NAME PORT PID
  local c0 s0 c1 s1 stat
  stat=$(mktemp -p "$work")
  c0=$(awk '{print $14+$15}' /proc/$3/stat); s0=$(switches $3)
  perf stat -x, -o "$stat" -p $3 -e syscalls:sys_enter_sendto,syscalls:sys_enter_recvfrom,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_futex,syscalls:sys_enter_sched_yield -- sleep 8 & local perf=$!
  dotnet "$work/load/Kes.Bench.Load.dll" --server "https://127.0.0.1:$2" --cert "$work/client.crt" --client-key "$work/client.key" \
    --op "${OP:-generate}" --one-connection -c "${C:-8}" -d 6 --warmup 3 --json > "$work/r.json"
  c1=$(awk '{print $14+$15}' /proc/$3/stat); s1=$(switches $3)
  wait $perf
  python3 - "$1" "$work/r.json" "$stat" "$c0" "$c1" "$s0" "$s1" <<'PY'
import json, sys
name, result, stat, c0, c1, s0, s1 = sys.argv[1], json.load(open(sys.argv[2]))['results'][0], sys.argv[3], *map(int, sys.argv[4:])
n = result['Requests'] + result['OpsPerSecond'] * 3
calls = ' '.join(f"{l.split(',')[2].rsplit('_', 1)[-1]} {int(l.split(',')[0]) / n:.2f}" for l in open(stat) if l[:1].isdigit())
print(f"{name:8} {result['OpsPerSecond']:8.0f} ops/s  cpu {(c1 - c0) * 1e6 / 100 / n:5.2f} µs/req  switches {(s1 - s0) / n:4.2f}/req  p99 {result['P99Ms']:.3f} ms  calls/req: {calls}")
PY
}
for r in $(seq 1 "$rounds"); do
  run kes 17587 $server
  run baseline "$port" $baseline
done
