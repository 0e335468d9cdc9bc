#!/usr/bin/env bash
# Seal figures (bench/RESULTS.md): a fresh SoftHSM2 token in a temporary folder, its root key made by
# `kes hsm init-root-key`, then bench/Seal with SOFTHSM2_CONF exported before it starts.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/tokens"
printf 'directories.tokendir = %s\nobjectstore.backend = file\nlog.level = ERROR\n' "$work/tokens" > "$work/softhsm2.conf"
export SOFTHSM2_CONF="$work/softhsm2.conf" KES_HSM_PIN=1234
softhsm2-util --init-token --free --label kes --pin "$KES_HSM_PIN" --so-pin 5678 >/dev/null
dotnet run -c Release --project src/Api -- hsm init-root-key --module /usr/lib/softhsm/libsofthsm2.so --token kes --key kes-root
dotnet run -c Release --project bench/Seal -- "$@"
