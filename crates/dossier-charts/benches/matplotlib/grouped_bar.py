"""The grouped-bar sample of dossier-charts (examples::samples, English),
drawn with matplotlib at the same size: 800 x 500 pt, PNG at 2 px per pt
(1600 x 1000 pixels). One run of this script is one chart, the way a user
would make it with a Python process. See README.md for the commands."""

import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

years = [str(y) for y in range(2014, 2024)]
exports = [16.5, 15.6, 12.4, 13.7, 16.0, 15.8, 11.0, 17.5, 18.9, 17.2]
imports = [9.3, 8.8, 8.9, 10.0, 11.3, 10.7, 10.2, 16.2, 17.0, 15.9]

out = sys.argv[1] if len(sys.argv) > 1 else "grouped_bar.png"
fig, ax = plt.subplots(figsize=(800 / 72, 500 / 72), dpi=144)
x = range(len(years))
w = 0.4
b1 = ax.bar([i - w / 2 for i in x], exports, w * 0.92, color="#0072B2", label="Exports")
b2 = ax.bar([i + w / 2 for i in x], imports, w * 0.92, color="#E69F00", label="Imports")
ax.bar_label(b1, fmt="%.1f", fontsize=9)
ax.bar_label(b2, fmt="%.1f", fontsize=9)
ax.set_xticks(list(x), years)
ax.set_xlabel("Year")
ax.set_ylabel("Value (billion US dollars)")
fig.suptitle("Goods trade", x=0.02, ha="left", fontweight="bold")
ax.set_title("Billion US dollars, current prices", loc="left", fontsize=10, color="#555555")
ax.legend(loc="upper left", ncols=2, frameon=False)
ax.grid(axis="y", color="#dddddd", linewidth=0.5)
ax.set_axisbelow(True)
fig.text(0.02, 0.01, "Source: US Census Bureau", fontsize=9, color="#555555")
fig.savefig(out, dpi=144)
