"""Kernel-side cost of one slider move for each interactive figure, and memory over many moves.

Prints, per explorer, the median and 90th-percentile time of one update (move artists, blit,
encode PNG) and the resident-memory change over the run; then the same for the tangent
explorer's function dropdown (a full re-render the first time a function is shown unless the
choices were laid out ahead, as a kernel does in its idle turns; a cached one after) and for
chapter 06's live training plot (one update per epoch). The browser benchmark
(``benchmarks/slider_latency.py``) measures the full control -> repaint latency in Chromium;
this isolates the kernel's share of it.

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
from course_utils.interactive import TrainingMonitor
from course_utils.learning.training import History


def _rss_mb() -> float:
    statm = Path("/proc/self/statm")
    if statm.exists():
        return int(statm.read_text().split()[1]) * resource.getpagesize() / 1e6
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def measure(name: str, explorer, control: str, values, moves: int) -> dict:
    slider = explorer.controls[control]
    times = []
    before = _rss_mb()
    for i in range(moves):
        value = values[i % len(values)]
        start = time.perf_counter()
        slider.value = value if isinstance(value, str) else float(value)
        times.append(time.perf_counter() - start)
    return _row(name, moves, times, before)


def _row(name: str, moves: int, times: list[float], before: float) -> dict:
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


def measure_dropdown(rounds: int) -> list[dict]:
    """The tangent explorer's function dropdown: first visit of each function (laid out on the
    spot, as outside a kernel; and after ``prerender_choices``, as in a kernel, which lays the
    choices out in its idle turns), then revisits."""
    explorer = tangent_explorer("sin", 0.0)
    options = [key for _, key in explorer.controls["function"].options]
    order = options[1:] + options[:1]  # every other function, then back to "sin"
    first = measure("dropdown, first", explorer, "function", order, len(order))
    again = measure("dropdown, again", explorer, "function", order, rounds * len(order))
    ahead = tangent_explorer("sin", 0.0)
    started = time.perf_counter()
    ahead.prerender_choices()
    laid_out_s = time.perf_counter() - started
    prerendered = measure("dropdown, first, laid out ahead", ahead, "function", order, len(order))
    prerendered["laid_out_ahead_ms"] = round(laid_out_s * 1e3, 1)
    return [first, prerendered, again]


def measure_training_plot(epochs: int = 10) -> dict:
    """Chapter 06's live plot: one ``TrainingMonitor.update`` per epoch of 469 mini-batches."""
    monitor = TrainingMonitor(epochs)
    monitor._repr_mimebundle_()  # displayed before training starts, as in the notebook
    history = History()
    rng = np.random.default_rng(0)
    times = []
    before = _rss_mb()
    for epoch in range(epochs):
        steps = np.linspace(epoch, epoch + 1, 469)
        history.batch_loss.extend((2.3 * np.exp(-steps) + 0.1 * rng.random(469)).tolist())
        history.train_accuracy.append(0.90 + epoch / 200)
        history.test_accuracy.append(0.89 + epoch / 200)
        start = time.perf_counter()
        monitor.update(history)
        times.append(time.perf_counter() - start)
    return _row("live training plot", epochs, times, before)


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
        *measure_dropdown(rounds=5),
        measure_training_plot(),
    ]
    print(json.dumps({"widget_updates": rows}))


if __name__ == "__main__":
    main()
