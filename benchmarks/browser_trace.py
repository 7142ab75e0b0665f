"""Where a slider drag's time goes in the browser: a Chromium trace of one drag, broken down.

Opens a notebook in JupyterLab in headless Chromium (the browser test's settings, as
``benchmarks/slider_latency.py``), runs all cells, drags one slider once to warm up, then records
a Chromium performance trace of a second ``--drag-seconds`` drag and prints, per repainted frame:

* the CPU time of every busy thread of every Chromium process during the drag (the renderer's
  main thread is where JupyterLab, the widgets and Blink's layout and paint run; the GPU
  process's compositor and the renderer's raster workers are software rendering here);
* the renderer main thread's own time by kind of work: script, style and layout, paint and
  compositing, loading (images, and any HTTP request), observers, other;
* layouts forced from script (a script reading geometry after a change: each is a layout of
  the page done at once instead of once per frame), and every resource requested during the
  drag, by address.

Tracing slows the page down (a drag repaints less often than in ``slider_latency.py``), so
compare only traces taken the same way, side by side. The last line is one JSON object.

    .venv/bin/python benchmarks/browser_trace.py [01_derivatives.ipynb] [--figure 1]
        [--slider 0] [--drag-seconds 2] [--keep trace.json] [--jupyterlab-defaults]

``--jupyterlab-defaults`` sets back to JupyterLab's defaults what the course's settings change for
speed (``tests/browser/lab.py``, ``JUPYTERLAB_DEFAULTS``), to see what they save.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
import slider_latency  # noqa: E402

from tests.browser import lab  # noqa: E402

CATEGORIES = [
    "toplevel",
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "v8.execute",
    "blink",
    "blink.resource",
    "loading",
    "cc",
    "viz",
    "gpu",
]
#: Renderer main thread: event-name fragments → kind of work (first match wins).
KINDS = [
    ("observers", ("Intersection", "ResizeObserver")),
    ("style and layout", ("Layout", "layout", "Style", "style", "HitTest", "UpdateLayoutTree")),
    (
        "paint and compositing",
        ("Paint", "Layerize", "Compositing", "ommit", "Lifecycle", "BeginMainFrame", "CullRect"),
    ),
    ("loading", ("Resource", "ResponseBody", "Loader", "Blob", "mojo", "Decode")),
    ("script", ("FunctionCall", "Microtask", "EventDispatch", "TimerFire", "AnimationFrame",
                "V8", "v8", "GC", "AsyncTask", "Evaluate")),
]  # fmt: skip
TASKS = ("ThreadControllerImpl::RunTask", "RunTask", "ThreadPool_RunTask")


def kind_of(name: str) -> str:
    for kind, fragments in KINDS:
        if any(fragment in name for fragment in fragments):
            return kind
    return "other"


def _nested(
    events: list[dict[str, Any]],
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Each event of one thread, in time order, with the events it runs inside (outermost first)."""
    stack: list[dict[str, Any]] = []
    for event in sorted(events, key=lambda e: (e["ts"], -e["dur"])):
        while stack and stack[-1]["ts"] + stack[-1]["dur"] <= event["ts"]:
            stack.pop()
        yield event, stack
        stack.append(event)


def _self_times(events: list[dict[str, Any]]) -> collections.Counter[str]:
    """Each event's own wall time (its duration minus its children's) on one thread, by name."""
    own: collections.Counter[str] = collections.Counter()
    for event, parents in _nested(events):
        if parents:
            own[parents[-1]["name"]] -= event["dur"]
        own[event["name"]] += event["dur"]
    return own


def analyze(trace: list[dict[str, Any]], repaints: int) -> dict[str, Any]:
    """Break a trace of one drag (first mousedown → last mouseup) down per repainted frame."""
    threads = {
        (e["pid"], e["tid"]): e["args"]["name"]
        for e in trace
        if e.get("ph") == "M" and e["name"] == "thread_name"
    }
    processes = {
        e["pid"]: e["args"]["name"]
        for e in trace
        if e.get("ph") == "M" and e["name"] == "process_name"
    }
    spans = [e for e in trace if e.get("ph") == "X" and "dur" in e]

    def pointer(kind: str) -> list[float]:
        return [
            e["ts"]
            for e in spans
            if e["name"] == "EventDispatch"
            and e.get("args", {}).get("data", {}).get("type") == kind
        ]

    downs, ups = pointer("mousedown"), pointer("mouseup")
    if not downs or not ups:
        raise RuntimeError("the trace holds no mouse drag")
    start, end = downs[0], ups[-1]
    spans = [e for e in spans if start <= e["ts"] <= end]
    per = max(repaints, 1)
    by_thread: dict[tuple[int, int], list[dict[str, Any]]] = collections.defaultdict(list)
    for event in spans:
        by_thread[(event["pid"], event["tid"])].append(event)
    cpu: dict[str, float] = collections.Counter()
    for key, events in by_thread.items():
        tasks = [e for e in events if e["name"] in TASKS]
        tasks.sort(key=lambda e: e["ts"])
        busy, until = 0.0, -1.0
        for task in tasks:  # top-level tasks only (a task may run nested ones)
            if task["ts"] >= until:
                busy += task.get("tdur", task["dur"])
                until = task["ts"] + task["dur"]
        if busy:
            name = f"{processes.get(key[0], key[0])} / {threads.get(key, key[1])}"
            cpu[name] += busy / 1e3 / per
    renderers = [k for k, name in threads.items() if name == "CrRendererMain" and k in by_thread]
    main = max(renderers, key=lambda k: len(by_thread[k]))
    own = _self_times(by_thread[main])
    kinds: dict[str, float] = collections.Counter()
    for name, microseconds in own.items():
        if name not in TASKS:
            kinds[kind_of(name)] += microseconds / 1e3 / per
    # Layout done at once because a script read geometry after a change: its time, and how many
    # real layouts ("Layout" events) it ran, outside the once-per-frame lifecycle.
    forced, forced_us = 0, 0.0
    for event, parents in _nested(by_thread[main]):
        names = [p["name"] for p in parents]
        in_script = any(n in ("FunctionCall", "RunMicrotasks") for n in names)
        if in_script and "Lifecycle" not in " ".join(names):
            if event["name"] == "Layout":
                forced += 1
            if event["name"] == "Document::UpdateStyleAndLayout" and not any(
                n == "Document::UpdateStyleAndLayout" for n in names
            ):
                forced_us += event["dur"]
    requests: collections.Counter[str] = collections.Counter()
    for event in trace:
        if event.get("name") == "ResourceSendRequest" and start <= event.get("ts", 0) <= end:
            url = event.get("args", {}).get("data", {}).get("url", "?")
            # A figure's frames are blob: addresses, one per frame; anything else by its name.
            requests["blob: (figure frames)" if url.startswith("blob:") else url.split("?")[0]] += 1
    return {
        "drag_s": round((end - start) / 1e6, 2),
        "repaints": repaints,
        "cpu_ms_per_frame": {k: round(v, 2) for k, v in sorted(cpu.items(), key=lambda kv: -kv[1])},
        "cpu_ms_per_frame_total": round(sum(cpu.values()), 1),
        "renderer_main_ms_per_frame": {k: round(v, 2) for k, v in kinds.most_common()},
        "forced_layouts_per_frame": round(forced / per, 2),
        "forced_layout_ms_per_frame": round(forced_us / 1e3 / per, 2),
        "requests": dict(requests.most_common(10)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebook", nargs="?", default="01_derivatives.ipynb")
    parser.add_argument("--figure", type=int, default=None, help="figure index (default: first)")
    parser.add_argument("--slider", type=int, default=0, help="which slider of that figure")
    parser.add_argument("--drag-seconds", type=float, default=2.0)
    parser.add_argument("--keep", type=Path, default=None, help="also keep the raw trace here")
    parser.add_argument(
        "--jupyterlab-defaults",
        action="store_true",
        help="without the course's JupyterLab settings for speed (to see what they change)",
    )
    args = parser.parse_args(argv)
    chromium = lab.find_chromium()
    if chromium is None:
        print(
            "Chromium not found: install Debian's chromium or set COURSE_CHROMIUM", file=sys.stderr
        )
        return 2
    from playwright.sync_api import sync_playwright

    name = Path(args.notebook).name
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        path = args.keep or Path(tmp) / "trace.json"
        with lab.lab_server(jupyterlab_defaults=args.jupyterlab_defaults) as server:
            browser = lab.launch_browser(playwright, chromium)
            try:
                with lab.lab_page(browser) as page:
                    lab.open_notebook(page, server, name)
                    lab.run_all(page, server, name)
                    sliders = [c for c in lab.figure_controls(page, name) if c.kind == "slider"]
                    if args.figure is not None:
                        sliders = [c for c in sliders if c.figure_index == args.figure]
                    if len(sliders) <= args.slider:
                        print(f"{name}: no such slider", file=sys.stderr)
                        return 2
                    control = sliders[args.slider]
                    slider_latency.measure_drag(page, control, args.drag_seconds)  # warm up
                    time.sleep(0.5)  # let the warm-up's last frames go by before tracing
                    browser.start_tracing(path=str(path), categories=CATEGORIES)
                    drag = slider_latency.measure_drag(page, control, args.drag_seconds)
                    browser.stop_tracing()
            finally:
                browser.close()
        if not drag.get("ok"):
            print(f"the traced drag failed: {drag.get('error')}", file=sys.stderr)
            return 1
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    events = data["traceEvents"] if isinstance(data, dict) else data
    result = analyze(events, drag["repaints"])
    result.update(
        notebook=name,
        control=control.what,
        values_passed=drag["values"],
        jupyterlab_defaults=args.jupyterlab_defaults,
    )
    settings = "JupyterLab's defaults" if args.jupyterlab_defaults else "the course's settings"
    print(
        f"{control.what}, {settings}: {result['repaints']} repaints in a {result['drag_s']} s drag "
        f"(traced); CPU per repainted frame {result['cpu_ms_per_frame_total']} ms:"
    )
    for thread, ms in list(result["cpu_ms_per_frame"].items())[:10]:
        print(f"  {thread[:56]:<56} {ms:6.2f} ms")
    print("renderer main thread, own time per frame:")
    for kind, ms in result["renderer_main_ms_per_frame"].items():
        print(f"  {kind:<56} {ms:6.2f} ms")
    print(
        f"layouts forced from script per frame: {result['forced_layouts_per_frame']} "
        f"({result['forced_layout_ms_per_frame']} ms)"
    )
    print(f"resources requested during the drag: {result['requests'] or 'none'}")
    print(json.dumps({"browser_trace": result}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
