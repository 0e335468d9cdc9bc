#!/usr/bin/env bash
# usage: bench/run-idle-connections.sh KESDIR PORT [N]: RSS (MiB) of a published kes (KESDIR/kes) idle, after 4 s of load on one
# connection, with N (2,000) idle HTTP/2 TLS connections open, and 12 s after they close. KESENV passes environment
# to the server, WRAP a command to run it under (heaptrack); SNAP/SNAPCMD0/SNAPCMD take snapshots (gcdump, dotnet-dump).
set -euo pipefail
kes=$1; port=$2; n=${3:-2000}; work=$(mktemp -d)
trap 'kill ${server:-} 2>/dev/null; sleep 3 || true; rm -rf "$work"' EXIT
bench=$(cd "$(dirname "$0")" && pwd); . "$bench/setup-server.sh"; bench_setup "$work" "$port"
dotnet build "$bench/Load" -c Release -o "$work/load" >/dev/null
env ${KESENV:-} ${WRAP:-} "$kes/kes" server --config "$work/config.yml" > "$work/server.out" 2> "$work/server.err" & server=$!
until curl -sk --cert "$work/client.crt" --key "$work/client.key" -o /dev/null https://127.0.0.1:$port/version; do sleep 0.01; done
rss() { awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/$server/status; }
heap() { curl -sk --cert "$work/client.crt" --key "$work/client.key" https://127.0.0.1:$port/v1/metrics | awk '/^kes_system_mem_heap_used/ {printf "%.1f", $2/1048576}'; }
echo "idle $(rss) MiB"
dotnet $work/load/Kes.Bench.Load.dll --server https://127.0.0.1:$port --cert "$work/client.crt" --client-key "$work/client.key" --op generate --one-connection -c 64 -d 4 --rounds 1 --warmup 1 >/dev/null 2>&1 || true
sleep 12
b=$(rss); echo "after load (+12s) $b MiB heap $(heap)"
[ -n "${SNAP:-}" ] && { cp /proc/$server/smaps_rollup "$SNAP.0.rollup"; eval "${SNAPCMD0:-}"; b=$(rss); echo "before conns $b MiB"; } || true
python3 "$bench/idle-connections.py" $port $n 8 "$work/client.crt" "$work/client.key" > "$work/idle.out" &
idle=$!
for i in $(seq 1 480); do grep -q open "$work/idle.out" 2>/dev/null && break; sleep 0.5; done
k=$(awk '/^open/ {print $2}' "$work/idle.out"); grep '^open' "$work/idle.out"
sleep 3; o=$(rss); echo "$k open $o MiB heap $(heap) MiB  per-conn $(awk -v a=$o -v b=$b -v n=$k 'BEGIN{printf "%.1f", (a-b)*1024/n}') KiB"
[ -n "${SNAP:-}" ] && cp /proc/$server/smaps_rollup "$SNAP.rollup" && eval "$SNAPCMD" || true
wait $idle
sleep 12; echo "12s after close $(rss) MiB heap $(heap) MiB"
grep -i "warn\|error" "$work/server.err" | head -3 || true
