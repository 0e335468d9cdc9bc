#!/usr/bin/env bash
# Publishes each build candidate of `kes` and measures it the way MinIO calls it: the load tool starts the
# server itself (--launch), times process start → first answer, drives the first 20,000 generate requests
# over one HTTP/2 connection with 64 streams (cold), then warm rounds against the same-run bare Kestrel
# baseline; the resident set at the first answer (idle) and its peak come from /proc.
# Usage: bench/compare-builds.sh [seconds-per-run] [rounds] [candidate...]   (writes bench/results/build-*.json)
# Candidates: aot (the publish default, as shipped) aot-speed aot-v3 aot-conserve r2r r2r-composite r2r-nopgo r2r-servergc jit
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-6}
rounds=${2:-3}
shift $(( $# > 2 ? 2 : $# )) || true
candidates=("$@")
[ ${#candidates[@]} -eq 0 ] && candidates=(aot aot-speed aot-v3 aot-conserve r2r r2r-composite r2r-nopgo r2r-servergc jit)
work=$(mktemp -d)
out=bench/results
mkdir -p "$out"
trap 'rm -rf "$work"' EXIT

. bench/setup-server.sh
bench_setup "$work" 17576

dotnet build bench/Load -c Release -o "$work/load" >/dev/null
# Native AOT is the publish default of src/Api (the shipped build); the other candidates turn it off.
jit=(-p:PublishAot=false)
publish() { # name, extra publish arguments...
  local name=$1; shift
  [ -x "$work/$name/kes" ] || dotnet publish src/Api -c Release -r linux-x64 -o "$work/$name" "$@" >"$work/$name.log" 2>&1 \
    || { echo "publishing $name failed:" >&2; grep -m3 error "$work/$name.log" >&2; return 1; }
}

for candidate in "${candidates[@]}"; do
  environment=()
  case $candidate in
    aot) publish aot || continue; build=aot ;;
    aot-speed) publish aot-speed -p:OptimizationPreference=Speed || continue; build=aot-speed ;;
    aot-v3) publish aot-v3 -p:IlcInstructionSet=x86-64-v3 || continue; build=aot-v3 ;;
    aot-conserve) publish aot || continue; build=aot; environment=(DOTNET_GCConserveMemory=5) ;;
    r2r) publish r2r "${jit[@]}" -p:PublishReadyToRun=true --self-contained false || continue; build=r2r ;;
    r2r-composite) publish r2r-composite "${jit[@]}" -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true --self-contained true || continue; build=r2r-composite ;;
    r2r-nopgo) publish r2r "${jit[@]}" -p:PublishReadyToRun=true --self-contained false || continue; build=r2r; environment=(DOTNET_TieredPGO=0) ;;
    r2r-servergc) publish r2r "${jit[@]}" -p:PublishReadyToRun=true --self-contained false || continue; build=r2r; environment=(DOTNET_gcServer=1) ;;
    jit) publish jit "${jit[@]}" -p:PublishReadyToRun=false --self-contained false || continue; build=jit ;;
    *) echo "unknown candidate $candidate" >&2; exit 2 ;;
  esac
  rm -rf "$work/keys"
  echo "== $candidate (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
  dotnet "$work/load/Kes.Bench.Load.dll" --server https://127.0.0.1:17576 --cert "$work/client.crt" --client-key "$work/client.key" \
    --launch "env ${environment[*]} $work/$build/kes server --config $work/config.yml" \
    --op generate --one-connection -c 64 -d "$seconds" --rounds "$rounds" --json \
    --baseline-cert "$work/server.crt" --baseline-key "$work/server.key" > "$out/build-$candidate.json" \
    || echo "$candidate: some requests failed (errors in $out/build-$candidate.json)" >&2
done
