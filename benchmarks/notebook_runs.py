"""What a learner waits for: each notebook's Run All time and its kernel's peak memory.

Each notebook runs top to bottom in a fresh kernel of this Python environment (nbclient, as
``scripts/regenerate_notebooks.py`` does, with the same environment: PYTHONHASHSEED=0, one BLAS
thread, no MPLBACKEND), from the ``notebooks/`` folder. Per notebook it prints

* ``start``: starting the kernel until it answers (not part of Run All);
* ``run all``: wall time from the first cell's execution to the last cell's reply;
* ``slowest cell``: the cell that takes longest, with its time;
* ``peak RSS``: the kernel process's peak resident memory (``VmHWM`` of ``/proc/<kernel
  pid>/status``, read before the kernel shuts down: the kernel's own, not this client's), and its
  resident memory right after start, before any cell ran.

then a total, the machine load (``/proc/loadavg`` before and after) and one JSON line. Cells
marked ``raises-exception`` / ``# NBVAL_RAISES_EXCEPTION`` may raise; any other error fails the
notebook (reported, exit code 1).

    .venv/bin/python benchmarks/notebook_runs.py [notebooks/01_derivatives.ipynb ...] [--repeat N]

With ``--repeat N`` each notebook runs N times (a fresh kernel each time); the table shows the
median, the JSON line every run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
sys.path.insert(0, str(ROOT / "scripts"))
from regenerate_notebooks import TIMEOUT_S, test_environment  # noqa: E402

TARGET_RUN_ALL_S = 20.0


def load_average() -> list[float] | None:
    try:
        return [float(v) for v in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return None


def status_kb(pid: int, field: str) -> int | None:
    """A ``kB`` field (``VmHWM``, ``VmRSS``) of ``/proc/<pid>/status``; None where unavailable."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def may_raise(cell: nbformat.NotebookNode) -> bool:
    if "raises-exception" in cell.get("metadata", {}).get("tags", []):
        return True
    return any(line.strip() == "# NBVAL_RAISES_EXCEPTION" for line in cell.source.splitlines())


def run_notebook(path: Path) -> dict[str, Any]:
    """Execute ``path`` in a fresh kernel; return its timings and the kernel's memory."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            if may_raise(cell):  # nbclient honours the tag, not nbval's comment marker
                tags = cell.setdefault("metadata", {}).setdefault("tags", [])
                if "raises-exception" not in tags:
                    tags.append("raises-exception")
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(test_environment())
    row: dict[str, Any] = {"notebook": path.name}
    try:
        client = NotebookClient(
            nb,
            timeout=TIMEOUT_S,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        )
        started = time.perf_counter()
        with client.setup_kernel():
            pid = client.km.provisioner.pid  # the kernel process itself (ipykernel_launcher)
            row["kernel_start_s"] = round(time.perf_counter() - started, 2)
            row["rss_after_start_mb"] = _mb(status_kb(pid, "VmRSS"))
            cell_times: list[tuple[float, int]] = []
            error = None
            run_started = time.perf_counter()
            for index, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                t0 = time.perf_counter()
                try:
                    client.execute_cell(cell, index)
                except CellExecutionError as exc:
                    error = f"cell {index}: {str(exc).strip().splitlines()[-1]}"
                    break
                cell_times.append((time.perf_counter() - t0, index))
            row["run_all_s"] = round(time.perf_counter() - run_started, 2)
            row["peak_rss_mb"] = _mb(status_kb(pid, "VmHWM"))
            row["rss_end_mb"] = _mb(status_kb(pid, "VmRSS"))
            slowest = max(cell_times, default=(0.0, -1))
            row["slowest_cell"] = {"index": slowest[1], "seconds": round(slowest[0], 2)}
            row["code_cells"] = len(cell_times)
            row["error"] = error
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return row


def _mb(kb: int | None) -> float | None:
    return None if kb is None else round(kb / 1024, 1)


def _fmt(value: float | None, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument("--repeat", type=int, default=1, help="runs per notebook (default 1)")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or sorted(NOTEBOOK_DIR.glob("*.ipynb"))
    if not paths or args.repeat < 1:
        print("no notebooks found (or --repeat < 1)", file=sys.stderr)
        return 2
    load_before = load_average()
    print(f"machine: {os.cpu_count()} CPUs, load average before {load_before}")
    print(
        f"{'notebook':<46} {'start s':>7} {'run all s':>9} {'slowest cell':>16} "
        f"{'RSS start MB':>12} {'peak RSS MB':>11}"
    )
    results: dict[str, list[dict[str, Any]]] = {}
    failed = []
    for path in paths:
        runs = [run_notebook(path) for _ in range(args.repeat)]
        results[path.name] = runs
        errors = [r["error"] for r in runs if r["error"]]
        if errors:
            failed.append(path.name)

        def med(key: str, runs: list[dict[str, Any]] = runs) -> float | None:
            values = [r[key] for r in runs if r.get(key) is not None]
            return statistics.median(values) if values else None

        slowest = max(runs, key=lambda r: r["slowest_cell"]["seconds"])["slowest_cell"]
        flag = "" if (med("run_all_s") or 0) <= TARGET_RUN_ALL_S else "  > target"
        print(
            f"{path.name:<46} {_fmt(med('kernel_start_s'), '7.1f')} "
            f"{_fmt(med('run_all_s'), '9.1f')} "
            f"{'#' + str(slowest['index']) + ' ' + format(slowest['seconds'], '.1f') + ' s':>16} "
            f"{_fmt(med('rss_after_start_mb'), '12.0f')} {_fmt(med('peak_rss_mb'), '11.0f')}"
            f"{flag}" + (f"  ERROR {errors[0]}" if errors else "")
        )
    medians = {
        name: statistics.median(r["run_all_s"] for r in runs) for name, runs in results.items()
    }
    peaks = [r["peak_rss_mb"] for runs in results.values() for r in runs if r["peak_rss_mb"]]
    load_after = load_average()
    summary = {
        "total_run_all_s": round(sum(medians.values()), 2),
        "max_run_all_s": round(max(medians.values()), 2),
        "slowest_notebook": max(medians, key=medians.__getitem__),
        "max_peak_rss_mb": max(peaks) if peaks else None,
        "target_run_all_s": TARGET_RUN_ALL_S,
        "all_within_target": all(v <= TARGET_RUN_ALL_S for v in medians.values()),
        "failed": failed,
    }
    print(
        f"{'total (Run All, median per notebook)':<46} {'':>7} "
        f"{summary['total_run_all_s']:9.1f} {'':>16} {'':>12} "
        f"{_fmt(summary['max_peak_rss_mb'], '11.0f')} (max)"
    )
    print(f"machine: load average after {load_after}")
    machine = {"cpus": os.cpu_count(), "loadavg_before": load_before, "loadavg_after": load_after}
    record = {"repeat": args.repeat, "machine": machine, "notebooks": results, "summary": summary}
    print(json.dumps({"notebook_runs": record}))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
