#!/usr/bin/env python3
"""Checks that a change of structure left a scenario's outputs as they were.

Runs `cposim run` for one scenario of scenarios.txt and compares its JSON report (and, where
the scenario asks for them, its CSV time series and VCD waves) with the references in
reference/ that the model wrote before the change.

- Report: every field of the reference must be present with the same value; fields may be
  added. Only the wall-clock measurements (sim.wall_s, sim.cpu_s, sim.kernel_cpu_s, sim.packets_per_wall_s,
  a fabric's sim.packet_hops_per_wall_s, sim.peak_rss_mb) are skipped, and the RTL's simulated clocks (pipelines[k].rtl_clocks_simulated: how the
  RTL was run, not what it did). Numbers must be equal exactly: the same seed gives the same run.
- CSV: identical text.
- VCD: every signal of the reference must exist (by scope and name) with the same changes
  (time, value); signals may be added and declarations may be reordered. The reference
  keeps each signal's number of changes and a SHA-256 of them (the waves are megabytes).

  check_identity.py --cposim BIN --source DIR NAME            compare (exit 0 same, 1 differs)
  check_identity.py --cposim BIN --source DIR --update NAME   rewrite NAME's references
"""
import argparse
import hashlib
import json
import os
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
WALL_CLOCK = {"sim.wall_s", "sim.cpu_s", "sim.kernel_cpu_s", "sim.packets_per_wall_s", "sim.packet_hops_per_wall_s", "sim.peak_rss_mb"}


def scenarios():
    out = {}
    with open(os.path.join(HERE, "scenarios.txt")) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, outputs, args = (part.strip() for part in line.split("|", 2))
            out[name] = (outputs.split(","), shlex.split(args))
    return out


def run(cposim, source, args, outdir, outputs):
    files = {"report": os.path.join(outdir, "report.json")}
    cmd = [cposim, "run", *args, "--report", files["report"]]
    if "csv" in outputs:
        files["csv"] = os.path.join(outdir, "series.csv")
        cmd += ["--csv", files["csv"]]
    if "vcd" in outputs:
        files["vcd"] = os.path.join(outdir, "waves.vcd")
        cmd += ["--vcd", files["vcd"]]
    env = dict(os.environ, SYSTEMC_DISABLE_COPYRIGHT_MESSAGE="1")
    done = subprocess.run(cmd, cwd=source, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"cposim failed with exit {done.returncode}: {' '.join(cmd)}\n{done.stdout}{done.stderr}")
    return files


def compare_json(ref, new, path, problems):
    if path in WALL_CLOCK or path.endswith(".rtl_clocks_simulated"):  # how the RTL was run, not what it did
        return
    if isinstance(ref, dict):
        if not isinstance(new, dict):
            problems.append(f"{path}: was an object, now {json.dumps(new)[:80]}")
            return
        for k, v in ref.items():
            sub = f"{path}.{k}" if path else k
            if k not in new:
                problems.append(f"{sub}: missing")
            else:
                compare_json(v, new[k], sub, problems)
    elif isinstance(ref, list):
        if not isinstance(new, list) or len(new) != len(ref):
            problems.append(f"{path}: list of {len(ref)} became {json.dumps(new)[:80]}")
            return
        for i, (a, b) in enumerate(zip(ref, new)):
            compare_json(a, b, f"{path}[{i}]", problems)
    elif ref != new or type(ref) is not type(new):
        problems.append(f"{path}: {json.dumps(ref)} -> {json.dumps(new)}")


def vcd_signals(path):
    """{scope.name: [(time, value), ...]} from a VCD file."""
    ids, scope, signals, t = {}, [], {}, 0
    with open(path) as f:
        in_header = True
        for line in f:
            words = line.split()
            if not words:
                continue
            if in_header:
                if words[0] == "$scope":
                    scope.append(words[2])
                elif words[0] == "$upscope":
                    scope.pop()
                elif words[0] == "$var":
                    ids.setdefault(words[3], []).append(".".join(scope + [words[4]]))
                elif words[0] == "$enddefinitions":
                    in_header = False
                continue
            w = words[0]
            if w[0] == "#":
                t = int(w[1:])
            elif w[0] in "bBrR":
                for name in ids.get(words[1], []):
                    signals.setdefault(name, []).append((t, w[1:]))
            elif w[0] in "01xzXZ":
                for name in ids.get(w[1:], []):
                    signals.setdefault(name, []).append((t, w[0]))
    for name in (n for names in ids.values() for n in names):
        signals.setdefault(name, [])
    return signals


def vcd_digest(path):
    """{signal: [changes, sha256 of the changes]}"""
    return {name: [len(changes), hashlib.sha256(repr(changes).encode()).hexdigest()]
            for name, changes in vcd_signals(path).items()}


def compare_vcd(ref_digest_path, new_path, problems):
    with open(ref_digest_path) as f:
        ref = json.load(f)
    new = vcd_digest(new_path)
    for name, (count, digest) in ref.items():
        if name not in new:
            problems.append(f"vcd {name}: missing")
        elif new[name] != [count, digest]:
            problems.append(f"vcd {name}: {count} changes -> {new[name][0]} changes, or other values")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cposim", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("name")
    a = ap.parse_args()
    outputs, args = scenarios()[a.name]
    refdir = os.path.join(HERE, "reference")
    with tempfile.TemporaryDirectory() as tmp:
        files = run(a.cposim, a.source, args, tmp, outputs)
        if a.update:
            os.makedirs(refdir, exist_ok=True)
            for kind, path in files.items():
                with open(path) as f:
                    text = f.read()
                if kind == "report":  # compact: the references stay small
                    text = json.dumps(json.loads(text), separators=(",", ":"), sort_keys=True) + "\n"
                if kind == "vcd":
                    text = json.dumps(vcd_digest(path), indent=0, sort_keys=True) + "\n"
                suffix = {"report": "json", "csv": "csv", "vcd": "vcd.json"}[kind]
                with open(os.path.join(refdir, f"{a.name}.{suffix}"), "w") as f:
                    f.write(text)
            print(f"{a.name}: references written")
            return 0
        problems = []
        with open(os.path.join(refdir, f"{a.name}.json")) as f:
            ref = json.load(f)
        with open(files["report"]) as f:
            compare_json(ref, json.load(f), "", problems)
        if "csv" in files:
            with open(os.path.join(refdir, f"{a.name}.csv")) as f, open(files["csv"]) as g:
                if f.read() != g.read():
                    problems.append("csv time series differs")
        if "vcd" in files:
            compare_vcd(os.path.join(refdir, f"{a.name}.vcd.json"), files["vcd"], problems)
    if problems:
        print(f"{a.name}: {len(problems)} difference(s) from the reference:")
        for p in problems[:40]:
            print("  " + p)
        return 1
    print(f"{a.name}: identical to the reference")
    return 0


if __name__ == "__main__":
    sys.exit(main())
