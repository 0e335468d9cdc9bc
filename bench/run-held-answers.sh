#!/usr/bin/env bash
# Answers a client does not let out (docs/api.md §1): starts KESDIR/kes on an fs keystore, then CONNECTIONS HTTP/2
# connections of STREAMS generate requests each with a stream window of 0 (bench/held-answers.py), held SECONDS.
# Prints the server's resident set every 2 s, a generate from a second client (HTTP/1.1) 6 s in, whether the server
# still answers afterwards, and its busy/no-longer-busy records.
# Usage: bench/run-held-answers.sh KESDIR [CONNECTIONS=96] [STREAMS=512] [SECONDS=20]
set -uo pipefail
cd "$(dirname "$0")/.."
kes=$1; connections=${2:-96}; streams=${3:-512}; seconds=${4:-20}
work=$(mktemp -d); trap 'kill ${server:-} 2>/dev/null; rm -rf "$work"' EXIT
. bench/setup-server.sh; bench_setup "$work" 17598
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 8192 ]; then ulimit -n 8192 2>/dev/null || true; fi
admin() { curl -sk -m 5 --cert "$work/client.crt" --key "$work/client.key" "$@"; }
"$kes/kes" server --config "$work/config.yml" > /dev/null 2> "$work/server.err" & server=$!
until admin -o /dev/null https://127.0.0.1:17598/version; do sleep 0.05; done
admin -o /dev/null -X POST https://127.0.0.1:17598/v1/key/create/bench
echo "rss idle $(awk '/VmRSS/ {print int($2 / 1024)}' /proc/$server/status) MiB"
( while kill -0 $server 2>/dev/null; do echo "rss $(awk '/VmRSS/ {print int($2 / 1024)}' /proc/$server/status 2>/dev/null) MiB"; sleep 2; done ) & sampler=$!
( sleep 6; echo "meanwhile, a generate from a second client: $(admin -o /dev/null -w '%{http_code}' -X POST -d '{}' https://127.0.0.1:17598/v1/key/generate/bench)" ) &
python3 bench/held-answers.py 17598 "$work/client.crt" "$work/client.key" "$connections" "$streams" "$seconds"
sleep 1; kill $sampler 2>/dev/null
if kill -0 $server 2>/dev/null; then
  echo "afterwards: generate answers $(admin -o /dev/null -w '%{http_code}' -X POST -d '{}' https://127.0.0.1:17598/v1/key/generate/bench)"
else
  wait $server; echo "afterwards: the server exited with status $?"
fi
grep -E 'server busy|no longer busy|unhandled' "$work/server.err" | cut -c1-200
