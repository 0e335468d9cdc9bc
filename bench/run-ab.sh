#!/usr/bin/env bash
# Two published builds side by side (same config, two ports), alternating 6 s runs of the load tool, one HTTP/2
# connection with C streams (C=64 unless set): ops/s, the server's CPU µs per request (utime + stime over warm-up
# and run) and p99 ms for each side, per round. For changes of a few percent, which single load rows cannot resolve.
# Usage: [C=64] bench/run-ab.sh DIR_A DIR_B ["generate decrypt"] [ROUNDS=6]
set -euo pipefail
cd "$(dirname "$0")/.."
a_dir=$1; b_dir=$2; ops=${3:-"generate decrypt"}; rounds=${4:-6}
work=$(mktemp -d); trap 'kill ${a:-} ${b:-} 2>/dev/null || true; rm -rf "$work"' EXIT
. bench/setup-server.sh; bench_setup "$work" 17591
sed -e 's/17591/17592/' -e "s|$work/keys|$work/keys2|" "$work/config.yml" > "$work/b.yml"
dotnet build bench/Load -c Release -o "$work/load" >/dev/null
"$a_dir/kes" server --config "$work/config.yml" > /dev/null 2>&1 & a=$!
"$b_dir/kes" server --config "$work/b.yml" > /dev/null 2>&1 & b=$!
for p in 17591 17592; do until curl -sk --cert "$work/client.crt" --key "$work/client.key" -o /dev/null https://127.0.0.1:$p/version; do sleep 0.01; done; done
run() { bench_cpu_run "$work" "$1" "$2" "$3" "${C:-64}"; }
for op in $ops; do
  for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) = 1 ]; then x=$(run 17591 $a "$op"); y=$(run 17592 $b "$op"); else y=$(run 17592 $b "$op"); x=$(run 17591 $a "$op"); fi
    echo "$op round $r A $x B $y"
  done
done
