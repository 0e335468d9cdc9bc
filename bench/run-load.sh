#!/usr/bin/env bash
# Reproduces the server-throughput figures of bench/RESULTS.md: a Release server on loopback, the load tool
# with its same-run baseline for generate and decrypt at C=8 and C=64 over HTTP/1.1 and HTTP/2 connections,
# then as MinIO calls us (C = 8, 64, 256 streams on one HTTP/2 connection), the same with auditing on,
# resident memory after 100,000 and 1,000,000 requests, and the time from process start to the first answer.
# Usage: bench/run-load.sh [seconds-per-run] [rounds]   (writes bench/results/*.json)
# Each row alternates server and baseline runs for the given rounds (5 s warm-up before every run) and
# reports the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
rounds=${2:-3}
work=$(mktemp -d)
out=bench/results
mkdir -p "$out"
trap 'kill ${server:-} ${audited:-} 2>/dev/null || true; rm -rf "$work"' EXIT

. bench/setup-server.sh
bench_setup "$work" 17575

# The shipped build (Native AOT, the publish default of src/Api); PUBLISH_ARGS="-p:PublishAot=false -p:PublishReadyToRun=true --self-contained false" measures the JIT build.
dotnet publish src/Api -c Release -r linux-x64 -o "$work/kes" ${PUBLISH_ARGS:-} >/dev/null
dotnet build bench/Load -c Release -o "$work/load" >/dev/null
load() { dotnet "$work/load/Kes.Bench.Load.dll" --server https://127.0.0.1:17575 --cert "$work/client.crt" --client-key "$work/client.key" "$@"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }

start=$(date +%s%N)
"$work/kes/kes" server --config "$work/config.yml" > "$work/server.out" 2> "$work/server.err" & server=$!
until curl -sk --cert "$work/client.crt" --key "$work/client.key" -o /dev/null https://127.0.0.1:17575/version; do sleep 0.01; done
echo "{\"startup_ms\": $(( ($(date +%s%N) - start) / 1000000 ))}" | tee "$out/startup.json"

load --op generate -c 8 -n 100000 --warmup 0 --json > "$out/rss-100k.json"; rss100=$(rss)
load --op generate -c 8 -n 900000 --warmup 0 --json > "$out/rss-1m.json"; rss1m=$(rss)
echo "{\"rss_kb_after_100k\": $rss100, \"rss_kb_after_1m\": $rss1m}" | tee "$out/rss.json"

for op in generate decrypt; do
  for c in 8 64; do
    for proto in http1 http2; do
      flag=""; [ "$proto" = http2 ] && flag="--http2"
      load --op "$op" -c "$c" -d "$seconds" --rounds "$rounds" $flag --json \
        --baseline-cert "$work/server.crt" --baseline-key "$work/server.key" | tee "$out/$op-c$c-$proto.json"
    done
  done
done

for op in generate decrypt; do
  for c in 8 64 256; do
    load --op "$op" --one-connection -c "$c" -d "$seconds" --rounds "$rounds" --json \
      --baseline-cert "$work/server.crt" --baseline-key "$work/server.key" | tee "$out/$op-c$c-one.json"
  done
done

# The same server with auditing on (the default), its records going to a file, against the same-run baseline.
sed -e 's/audit: off/audit: on/' -e 's/17575/17577/' "$work/config.yml" > "$work/audited.yml"
"$work/kes/kes" server --config "$work/audited.yml" > "$work/audit.out" 2> "$work/audited.err" & audited=$!
until curl -sk --cert "$work/client.crt" --key "$work/client.key" -o /dev/null https://127.0.0.1:17577/version; do sleep 0.01; done
for op in generate decrypt; do
  for c in 8 64; do
    dotnet "$work/load/Kes.Bench.Load.dll" --server https://127.0.0.1:17577 --cert "$work/client.crt" --client-key "$work/client.key" \
      --op "$op" --one-connection -c "$c" -d "$seconds" --rounds "$rounds" --json \
      --baseline-cert "$work/server.crt" --baseline-key "$work/server.key" | tee "$out/$op-c$c-one-audit.json"
  done
done
