#!/usr/bin/env python3
"""Prints the bench/results/*.json files of run-load.sh as the Markdown table of bench/RESULTS.md."""
import json, pathlib, sys

folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "bench/results")
print("| op | C | proto | kes ops/s | baseline ops/s | kes/baseline | kes p99 ms | baseline p99 ms | p99 ratio | kes B/req | baseline B/req | keystore reads |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for op in ("generate", "decrypt"):
    for c in (8, 64, 256):
        for proto in ("http1", "http2", "one", "one-audit"):
            path = folder / f"{op}-c{c}-{proto}.json"
            if not path.exists():
                continue
            run = json.loads(path.read_text())
            kes, base = run["results"][0], run["results"][1]
            proto_name = {"one": "h2, 1 conn", "one-audit": "h2, 1 conn, audit on"}.get(proto, kes["Protocol"])
            fmt = lambda v: "-" if v is None else f"{v:.0f}"
            print(f"| {op} | {c} | {proto_name} | {kes['OpsPerSecond']:.0f} | {base['OpsPerSecond']:.0f} | "
                  f"{run['throughputRatio']:.1%} | {kes['P99Ms']:.2f} | {base['P99Ms']:.2f} | {run['p99Ratio']:.2f}x | "
                  f"{fmt(kes['ServerBytesPerRequest'])} | {fmt(base['ServerBytesPerRequest'])} | {kes['KeyStoreReads']} |")
builds = sorted(folder.glob("build-*.json"))
if builds:
    print("\n| build | startup ms | idle RSS MB | cold ops/s (first 20,000) | warm ops/s | cold/warm | baseline warm ops/s | warm/baseline | p99 ms | p99 vs baseline | peak RSS MB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for path in builds:
        run = json.loads(path.read_text())
        kes, base, cold = run["results"][0], run["results"][1], run["cold"]
        print(f"| {path.stem[6:]} | {cold['StartupMs']:.0f} | {cold['IdleResidentKb'] / 1024:.0f} | {cold['First']['OpsPerSecond']:.0f} | "
              f"{kes['OpsPerSecond']:.0f} | {run['coldRatio']:.1%} | {base['OpsPerSecond']:.0f} | {run['throughputRatio']:.1%} | "
              f"{kes['P99Ms']:.2f} | {run['p99Ratio']:.2f}x | {run['peakResidentKb'] / 1024:.0f} |")
for name in ("startup.json", "rss.json"):
    path = folder / name
    if path.exists():
        print(f"\n`{name}`: {path.read_text().strip()}")
