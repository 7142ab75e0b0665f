"""Kernel-side cost of one slider move for each interactive figure, and memory over many moves.

Prints, per explorer, the median and 90th-percentile time of one update (move artists, blit,
encode PNG) and the resident-memory change over the run. The browser test measures the full
slider -> repaint latency in Chromium; this isolates the kernel's share of it.

    python benchmarks/widget_updates.py [--moves 1000]
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import numpy as np

from course_utils.explorers.ch01 import secant_explorer, tangent_explorer


def _rss_mb() -> float:
    statm = Path("/proc/self/statm")
    if statm.exists():
        return int(statm.read_text().split()[1]) * resource.getpagesize() / 1e6
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def measure(name: str, explorer, control: str, values: np.ndarray, moves: int) -> dict:
    slider = explorer.controls[control]
    times = []
    before = _rss_mb()
    for i in range(moves):
        start = time.perf_counter()
        slider.value = float(values[i % len(values)])
        times.append(time.perf_counter() - start)
    ms = np.array(times) * 1e3
    row = {
        "figure": name,
        "moves": moves,
        "median_ms": round(float(np.median(ms)), 2),
        "p90_ms": round(float(np.percentile(ms, 90)), 2),
        "rss_change_mb": round(_rss_mb() - before, 1),
    }
    print(
        f"{name:<18} {moves} moves: median {row['median_ms']:.1f} ms, "
        f"p90 {row['p90_ms']:.1f} ms, resident memory change {row['rss_change_mb']:+.1f} MB"
    )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--moves", type=int, default=1000)
    args = parser.parse_args()
    rows = [
        measure(
            "tangent explorer",
            tangent_explorer("sin", 0.0),
            "x0",
            np.round(np.linspace(-3, 3, 121), 2),
            args.moves,
        ),
        measure("secant explorer", secant_explorer(), "h", np.geomspace(0.01, 2.0, 93), args.moves),
    ]
    print(json.dumps({"widget_updates": rows}))


if __name__ == "__main__":
    main()
