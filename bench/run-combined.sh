#!/usr/bin/env bash
# Issue 12's combined memory run: the published Native AOT kes under 1,000,000 valid requests (one HTTP/2 connection,
# 64 streams), a 100,000-request malformed campaign and 2,000 idle TLS connections at once; prints the RSS at start,
# after warm-up, the peak (sampled every 100 ms, and VmHWM), RSS 10/30/60 s after the connections close, and whether
# the peak is <= 150 MB and the 60 s figure <= 1.5 x idle. Takes a while: run it on a quiet machine.
# Usage: bench/run-combined.sh [extra bench/Fuzz options, e.g. --seed 3]   (exit status 1 if a request or connection failed)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# 2,000 connections hold ~4,100 descriptors across the two processes (both ends, plus each side's own).
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 65536 ]; then
  ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
fi
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 8192 ]; then
  echo "ulimit -n is $(ulimit -n): 2,000 idle connections need at least 8192 (raise the hard limit)" >&2
  exit 2
fi
dotnet publish src/Api -c Release -r linux-x64 -o "$work/kes" >/dev/null
dotnet build bench/Fuzz -c Release -o "$work/fuzz" >/dev/null
dotnet "$work/fuzz/Kes.Bench.Fuzz.dll" --kes "$work/kes/kes" --idle-connections 2000 --valid-requests 1000000 -n 100000 "$@"
