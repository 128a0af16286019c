#!/usr/bin/python3
"""Power and cost of two or more cposim reports as stacked bars side by side (PNG and SVG).

Left: the power breakdown, the ASIC and its I/O (power_w.total) and what the box adds
(cooling, conversion loss, management: power_w.system). Right: the capital cost by part and
the energy bill over the years of the total cost of ownership (cost_usd.*). Fabric runs:
the switches' power and the energy per collective.

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

TOTALS = {"total", "system"}
# The ASIC, its optics, then what the box adds; parts a report has beyond these go last.
ORDER = ["switch_core", "host_serdes", "optics_interface", "optics", "optics_control", "thermal_tuning", "laser",
         "laser_overhead", "cooling", "conversion_loss", "management"]


def stacked(ax, names, series, labels):
    colours = plt.get_cmap("tab20").colors
    bottom = [0.0] * len(names)
    for k, (label, values) in enumerate(zip(labels, series)):
        ax.bar(names, values, bottom=bottom, label=label.replace("_", " "), color=colours[k % len(colours)])
        bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_ylim(0, max(bottom) * 1.15)  # room for the labels on top
    return bottom


def fabric_chart(stem, names, reports):
    """Fabric runs (docs/fabric.md): the switches' power (and what cooling and conversion add)
    and the energy of one collective with its completion time."""
    fig, (power_ax, energy_ax) = plt.subplots(1, 2, figsize=(max(9, 4.4 * len(names)), 5.5))
    switches = [r["power_w"]["switches"] for r in reports]
    extra = [r["power_w"]["switches_system"] - r["power_w"]["switches"] for r in reports]
    top = stacked(power_ax, names, [switches, extra], ["switches (ASIC, SerDes, optics, lasers)",
                                                       "cooling, conversion, management"])
    for i, t in enumerate(top):
        power_ax.text(i, t, f"{t:.0f} W", ha="center", va="bottom", fontsize=8)
    power_ax.set_ylabel("mean power of the fabric's switches (W)")
    power_ax.set_title("Power")
    power_ax.legend(fontsize=7)
    energy = [r["energy"]["collective_system_j"] for r in reports]
    energy_ax.bar(names, energy, color=plt.get_cmap("tab20").colors[2])
    energy_ax.set_ylim(0, max(energy) * 1.2)
    for i, r in enumerate(reports):
        c = r["collective"]
        t = f"{c['completion_us']:.1f} us" if c["complete"] else "incomplete"
        energy_ax.text(i, energy[i], f"{energy[i]:.3g} J\n{c['name']}: {t}", ha="center", va="bottom", fontsize=8)
    energy_ax.set_ylabel("switch energy per collective, with cooling (J)")
    energy_ax.set_title("Energy per collective")
    fig.tight_layout()
    for ext in ("png", "svg"):
        fig.savefig(f"{stem}.{ext}", dpi=120)


def main(stem, paths):
    reports = [json.load(open(p)) for p in paths]
    names = [os.path.splitext(os.path.basename(p))[0] for p in paths]
    if all("fabric" in r for r in reports):
        return fabric_chart(stem, names, reports)
    fig, (power_ax, cost_ax) = plt.subplots(1, 2, figsize=(max(9, 4.4 * len(names)), 5.5))

    parts = [k for k, v in reports[0]["power_w"].items()
             if isinstance(v, (int, float)) and k not in TOTALS and not k.endswith("per_port")]
    parts.sort(key=lambda k: ORDER.index(k) if k in ORDER else len(ORDER))
    top = stacked(power_ax, names, [[r["power_w"].get(p, 0.0) for r in reports] for p in parts], parts)
    for i, r in enumerate(reports):
        w = r["power_w"]
        label = f"{w['system']:.0f} W\n({w['total']:.0f} ASIC + I/O)" if "system" in w else f"{w['total']:.0f} W"
        power_ax.text(i, top[i], label, ha="center", va="bottom", fontsize=8)
    power_ax.set_ylabel("mean power (W)")
    power_ax.set_title("Power")
    power_ax.legend(fontsize=7)

    if all("cost_usd" in r for r in reports):
        capex_parts = list(reports[0]["cost_usd"]["parts"])
        series = [[r["cost_usd"]["parts"][p] for r in reports] for p in capex_parts]
        series.append([r["cost_usd"]["energy_per_year"] * r["cost_usd"]["years"] for r in reports])
        years = reports[0]["cost_usd"]["years"]
        top = stacked(cost_ax, names, series, capex_parts + [f"energy, {years:g} years"])
        for i, r in enumerate(reports):
            c = r["cost_usd"]
            cost_ax.text(i, top[i], f"TCO {c['tco']:.0f} USD\n{c['tco_per_gbps']:.3f} USD per Gb/s", ha="center",
                         va="bottom", fontsize=8)
        cost_ax.set_ylabel("USD")
        cost_ax.set_title("Cost of ownership")
        cost_ax.legend(fontsize=7)
    else:
        cost_ax.set_axis_off()
    fig.tight_layout()
    for ext in ("png", "svg"):
        fig.savefig(f"{stem}.{ext}", dpi=120)


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2:])
