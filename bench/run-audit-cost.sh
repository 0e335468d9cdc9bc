#!/usr/bin/env bash
# What auditing every request costs: two Native AOT servers side by side, `audit: off` and `audit: on` (records to a
# file), the load tool against each in turn (one HTTP/2 connection, 64 streams, 6 s after a 3 s warm-up), for
# generate and decrypt. Each line gives, for off then on, ops/s and the server's CPU time per request in µs
# (utime + stime from /proc/PID/stat over warm-up and run, divided by the requests, the warm-up's counted at the run's rate).
# Usage: bench/run-audit-cost.sh [rounds]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."; work=$(mktemp -d)
trap 'kill ${a:-} ${b:-} 2>/dev/null || true; rm -rf "$work"' EXIT
. bench/setup-server.sh; bench_setup "$work" 17581
sed -e 's/audit: off/audit: on/' -e 's/17581/17582/' -e "s|$work/keys|$work/keys2|" "$work/config.yml" > "$work/audited.yml"
dotnet publish src/Api -c Release -r linux-x64 -o "$work/kes" >/dev/null
dotnet build bench/Load -c Release -o "$work/load" >/dev/null
"$work/kes/kes" server --config "$work/config.yml" > /dev/null 2>&1 & a=$!
"$work/kes/kes" server --config "$work/audited.yml" > "$work/audit.log" 2>&1 & b=$!
for p in 17581 17582; do until curl -sk --cert "$work/client.crt" --key "$work/client.key" -o /dev/null https://127.0.0.1:$p/version; do sleep 0.01; done; done
run() { bench_cpu_run "$work" "$1" "$2" "$3" | cut -d" " -f1,2; }   # port pid op -> "ops us_per_req"
for op in generate decrypt; do
  for r in $(seq 1 "${1:-5}"); do
    off=$(run 17581 $a $op); on=$(run 17582 $b $op)
    echo "$op round $r off $off on $on"
  done
done
echo "audit lines: $(wc -l < "$work/audit.log")"
