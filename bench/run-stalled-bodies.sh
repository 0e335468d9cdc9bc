#!/usr/bin/env bash
# Request bodies left open against a published server (docs/api.md §3 step 4): starts KESDIR/kes on an fs keystore,
# then bench/stalled-bodies.cs opens N streams on each of CONNECTIONS HTTP/2 connections (one process) whose bodies stop short of
# their end ("large" or "tiny", see the .cs), as the admin ("allowed") or with a certificate no policy names
# ("unknown"). Prints the server's resident set every 2 s, a generate from a second client 8 s in, and whether the
# server still answers afterwards.
# Usage: bench/run-stalled-bodies.sh KESDIR [N=400] [SECONDS=18] [allowed|unknown] [large|tiny] [CONNECTIONS=1]
set -uo pipefail
cd "$(dirname "$0")/.."
kes=$1; n=${2:-400}; seconds=${3:-18}; who=${4:-allowed}; body=${5:-large}; connections=${6:-1}
work=$(mktemp -d); trap 'kill ${server:-} 2>/dev/null; rm -rf "$work"' EXIT
. bench/setup-server.sh; bench_setup "$work" 17599
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/unknown.key" -out "$work/unknown.crt" \
  -days 2 -subj "/CN=unknown" -addext "basicConstraints=critical,CA:FALSE" -addext "extendedKeyUsage=clientAuth" 2>/dev/null
admin() { curl -sk --cert "$work/client.crt" --key "$work/client.key" "$@"; }
"$kes/kes" server --config "$work/config.yml" > /dev/null 2>&1 & server=$!
until admin -o /dev/null https://127.0.0.1:17599/version; do sleep 0.05; done
admin -X POST https://127.0.0.1:17599/v1/key/create/k
( while kill -0 $server 2>/dev/null && [ -e /proc/$server/status ]; do echo "rss $(awk '/VmRSS/ {print int($2 / 1024)}' /proc/$server/status) MiB"; sleep 2; done ) &
( sleep 8; echo "meanwhile, a generate from a second client: $(admin -o /dev/null -w '%{http_code}' -X POST -d '{}' https://127.0.0.1:17599/v1/key/generate/k)" ) & meanwhile=$!
cert=client; [ "$who" = unknown ] && cert=unknown
dotnet build bench/stalled-bodies.cs > /dev/null
dotnet run --no-build bench/stalled-bodies.cs https://127.0.0.1:17599 "$work/server.crt" "$work/$cert.crt" "$work/$cert.key" "$n" /v1/key/encrypt/k "$seconds" "$body" "$connections"
wait $meanwhile
sleep 1
echo "afterwards: describe answers $(admin -o /dev/null -w '%{http_code}' https://127.0.0.1:17599/v1/key/describe/k)"
