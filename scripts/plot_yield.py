#!/usr/bin/python3
"""Plots of a cposim yield run (the output directory of `cposim yield`): histograms of the
fibres' alignment loss and of the lanes' margin (counts on a log scale: the tails decide the
yield), and, after a --vary run, the package yield against the varied parameter with its 95%
confidence interval. Writes PNG and SVG into DIR/plots/.

Usage: plot_yield.py DIR
"""
import csv
import math
import os
import sys

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    sys.exit("plot_yield.py: matplotlib is missing (Debian package python3-matplotlib)")


def read_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def save(fig, out_dir, name):
    fig.tight_layout()
    for ext in ("png", "svg"):
        fig.savefig(os.path.join(out_dir, f"{name}.{ext}"), dpi=120)
    plt.close(fig)


def rebinned(rows, bins=80):
    """(left edges, widths, counts) with at most `bins` bars over the populated finite range."""
    finite = [(float(r[0]), float(r[1]), int(r[2])) for r in rows
              if math.isfinite(float(r[0])) and math.isfinite(float(r[1]))]
    outside = sum(int(r[2]) for r in rows if not (math.isfinite(float(r[0])) and math.isfinite(float(r[1]))))
    if not finite:
        return [], [], [], outside
    lo, hi = finite[0][0], finite[-1][1]
    width = max((hi - lo) / bins, finite[0][1] - finite[0][0])
    n = max(1, int(math.ceil((hi - lo) / width - 1e-9)))
    counts = [0] * n
    for a, _, c in finite:
        counts[min(n - 1, int((a - lo) / width + 1e-9))] += c
    return [lo + i * width for i in range(n)], [width] * n, counts, outside


def histogram(path, out_dir, name, xlabel, title, mark=None):
    with open(path, newline="") as f:
        rows = [(r["low_db"], r["high_db"], r["count"]) for r in csv.DictReader(f)]
    left, width, counts, outside = rebinned(rows)
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.bar(left, counts, width=width, align="edge", color="C0", edgecolor="none")
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("count")
    total = sum(int(r[2]) for r in rows)
    ax.set_title(f"{title} ({total} in all" + (f", {outside} outside the plotted range)" if outside else ")"))
    if mark is not None:
        ax.axvline(mark[0], color="C3", linestyle="--", label=mark[1])
        ax.legend(fontsize=8)
    ax.grid(True, which="both", alpha=0.3)
    save(fig, out_dir, name)


def yield_curve(path, out_dir):
    rows = read_rows(path)
    key = list(rows[0].keys())[0]
    x = [float(r[key]) for r in rows]
    y = [float(r["yield_package"]) for r in rows]
    lo = [max(0.0, y_ - float(r["ci95_low"])) for y_, r in zip(y, rows)]
    hi = [max(0.0, float(r["ci95_high"]) - y_) for y_, r in zip(y, rows)]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.errorbar(x, y, yerr=[lo, hi], marker="o", capsize=3, label="package yield (95% CI)")
    ax.plot(x, [float(r["yield_optics"]) for r in rows], linestyle="--", label="optics (every port passes)")
    ax.axhline(0.99, color="C3", linestyle=":", label="99%")
    ax.set_xlabel(key)
    ax.set_ylabel("yield")
    # Zoom to the data (and the 99% line): near 99% a full 0-1 axis hides the slope.
    bottom = min([float(r["ci95_low"]) for r in rows] + [0.985])
    ax.set_ylim(bottom - 0.05 * (1.0 - bottom), 1.0 + 0.05 * (1.0 - bottom))
    ax.set_title("Package yield")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    save(fig, out_dir, "yield_curve")


def main(run_dir):
    out_dir = os.path.join(run_dir, "plots")
    os.makedirs(out_dir, exist_ok=True)
    curve = os.path.join(run_dir, "yield_curve.csv")
    if os.path.exists(curve):
        yield_curve(curve, out_dir)
        return
    histogram(os.path.join(run_dir, "alignment_loss_hist.csv"), out_dir, "alignment_loss",
              "alignment loss per fibre (dB): offset, gap, tilt, mode mismatch",
              "Fibre alignment loss")
    histogram(os.path.join(run_dir, "lane_margin_hist.csv"), out_dir, "lane_margin",
              "link margin per lane, worse direction (dB)", "Lane margin",
              mark=(0.0, "margin 0 dB"))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
