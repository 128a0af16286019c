#!/usr/bin/python3
"""Plots of a cposim sweep (results.csv): throughput and latency percentiles versus the
first numeric varied parameter, one line per combination of the other varied parameters;
the power breakdown per point; energy per bit. A sweep of fabric runs instead: the
collective's completion time and bus bandwidth, the uplinks' utilisation (max and mean) and
the switches' energy per collective. Writes PNG and SVG.

Usage: plot_sweep.py RESULTS_CSV OUT_DIR
"""
import csv
import os
import sys

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    sys.exit("plot_sweep.py: matplotlib is missing (Debian package python3-matplotlib)")

def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def main(csv_path, out_dir):
    with open(csv_path, newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["status"] == "ok"]
    if not rows:
        sys.exit("plot_sweep.py: no successful points to plot")
    columns = list(rows[0].keys())
    varied = [c for c in columns if c.startswith("vary.")]
    numeric = [c for c in varied if all(number(r[c]) is not None for r in rows)]
    x_col = numeric[0] if numeric else varied[0]
    series_cols = [c for c in varied if c != x_col]

    def label(r):
        return ", ".join(f"{c[5:].split(' [')[0]}={r[c]}" for c in series_cols) or "all"

    groups = {}
    for r in rows:
        groups.setdefault(label(r), []).append(r)
    for g in groups.values():
        g.sort(key=lambda r: number(r[x_col]) if number(r[x_col]) is not None else r[x_col])

    os.makedirs(out_dir, exist_ok=True)

    def save(fig, name):
        fig.tight_layout()
        for ext in ("png", "svg"):
            fig.savefig(os.path.join(out_dir, f"{name}.{ext}"), dpi=120)
        plt.close(fig)

    def xs(g):
        return [number(r[x_col]) if number(r[x_col]) is not None else r[x_col] for r in g]

    if "collective.completion_us" in columns:  # fabric runs (docs/fabric.md)
        plot_fabric(groups, xs, x_col, save)
        return

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for name, g in groups.items():
        ax.plot(xs(g), [number(r["throughput.accepted_load"]) for r in g], marker="o", label=name)
    ax.set_xlabel(x_col[5:])
    ax.set_ylabel("accepted load (fraction of line rate)")
    ax.set_title("Throughput")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    save(fig, "throughput")

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for i, (name, g) in enumerate(groups.items()):
        color = f"C{i % 10}"
        for q, style in (("p50", "-"), ("p99", "--"), ("p999", ":")):
            ax.plot(xs(g), [number(r[f"latency_ns.{q}"]) for r in g], style, color=color, marker=".",
                    label=f"{name} {q}")
    ax.set_xlabel(x_col[5:])
    ax.set_ylabel("latency (ns)")
    ax.set_yscale("log")
    ax.set_title("Latency percentiles (first bit in to last bit out)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, ncol=2)
    save(fig, "latency")

    # The parts only: the totals (ASIC and I/O, the box's system power) would count them twice.
    parts = [c for c in columns
             if c.startswith("power_w.") and c not in ("power_w.total", "power_w.system") and "per_port" not in c]
    fig, ax = plt.subplots(figsize=(max(7, 0.35 * len(rows)), 4.5))
    bottom = [0.0] * len(rows)
    ticks = [f"{r['point']}" for r in rows]
    for p in parts:
        values = [number(r[p]) or 0.0 for r in rows]
        ax.bar(ticks, values, bottom=bottom, label=p.split(".", 1)[1])
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_xlabel("sweep point")
    ax.set_ylabel("power (W)")
    ax.set_title("Power breakdown")
    ax.legend(fontsize=8)
    save(fig, "power")

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for name, g in groups.items():
        ax.plot(xs(g), [number(r.get("energy_pj_per_bit")) for r in g], marker="o", label=name)
    ax.set_xlabel(x_col[5:])
    ax.set_ylabel("energy per delivered bit (pJ/bit)")
    ax.set_yscale("log")
    ax.set_title("Energy per bit")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    save(fig, "energy_per_bit")


def plot_fabric(groups, xs, x_col, save):
    """A fabric sweep: the collective's time and bus bandwidth, the uplinks' balance, the
    energy per collective, each against the first varied parameter."""
    panels = (
        ("completion", "collective completion time (us)", [("collective.completion_us", "-", "")]),
        ("busbw", "bus bandwidth (Gb/s, nccl-tests)", [("collective.busbw_gbps", "-", "")]),
        ("uplinks", "uplink utilisation", [("fabric.uplink_utilisation.max", "--", " max"),
                                           ("fabric.uplink_utilisation.mean", "-", " mean")]),
        ("energy", "switch energy per collective (J)", [("energy.collective_j", "-", "")]),
    )
    for name, ylabel, series in panels:
        fig, ax = plt.subplots(figsize=(7, 4.5))
        for i, (label, g) in enumerate(groups.items()):
            for column, style, suffix in series:
                ax.plot(xs(g), [number(r.get(column)) for r in g], style, color=f"C{i % 10}", marker="o",
                        label=label + suffix)
        ax.set_xlabel(x_col[5:])
        ax.set_ylabel(ylabel)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8)
        save(fig, name)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
