#!/usr/bin/env bash
# The one-connection rows alone (MinIO's pattern: C streams on one HTTP/2 connection), generate and decrypt at
# C = 8 and 64, against the same-run baseline, 3 alternating rounds of 6 s: a quicker check than run-load.sh.
# Usage: bench/run-one-connection.sh   (writes bench/results/*-one.json)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d); out=bench/results; mkdir -p "$out"
trap 'kill ${server:-} 2>/dev/null || true; rm -rf "$work"' EXIT
. bench/setup-server.sh
bench_setup "$work" 17575
dotnet publish src/Api -c Release -r linux-x64 -o "$work/kes" >/dev/null
dotnet build bench/Load -c Release -o "$work/load" >/dev/null
"$work/kes/kes" server --config "$work/config.yml" > "$work/server.out" 2> "$work/server.err" & server=$!
until curl -sk --cert "$work/client.crt" --key "$work/client.key" -o /dev/null https://127.0.0.1:17575/version; do sleep 0.01; done
load() { dotnet "$work/load/Kes.Bench.Load.dll" --server https://127.0.0.1:17575 --cert "$work/client.crt" --client-key "$work/client.key" "$@"; }
for op in generate decrypt; do
  for c in 8 64; do
    load --op "$op" --one-connection -c "$c" -d 6 --rounds 3 --json --baseline-cert "$work/server.crt" --baseline-key "$work/server.key" > "$out/$op-c$c-one.json"
  done
done
echo "rss_kb $(awk '/VmRSS/ {print $2}' /proc/$server/status)"
