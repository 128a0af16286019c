#!/usr/bin/python3
"""Power breakdown of two or more cposim reports as stacked bars (PNG and SVG).

Usage: plot_compare.py OUT_STEM REPORT.json [REPORT.json ...]
"""
import json
import os
import sys

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    sys.exit("plot_compare.py: matplotlib is missing (Debian package python3-matplotlib)")


def main(stem, paths):
    reports = [json.load(open(p)) for p in paths]
    names = [os.path.splitext(os.path.basename(p))[0] for p in paths]
    parts = [k for k, v in reports[0]["power_w"].items()
             if isinstance(v, (int, float)) and k != "total" and not k.endswith("per_port")]
    fig, ax = plt.subplots(figsize=(max(5, 2.2 * len(names)), 5))
    bottom = [0.0] * len(names)
    for part in parts:
        values = [r["power_w"].get(part, 0.0) for r in reports]
        ax.bar(names, values, bottom=bottom, label=part.replace("_", " "))
        bottom = [b + v for b, v in zip(bottom, values)]
    for i, r in enumerate(reports):
        ax.text(i, bottom[i], f"{r['power_w']['total']:.0f} W", ha="center", va="bottom", fontsize=9)
    ax.set_ylabel("mean power (W)")
    ax.set_title("Power breakdown")
    ax.legend(fontsize=8)
    fig.tight_layout()
    for ext in ("png", "svg"):
        fig.savefig(f"{stem}.{ext}", dpi=120)


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
