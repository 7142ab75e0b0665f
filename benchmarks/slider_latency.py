"""What a learner sees: control → repainted figure latencies in JupyterLab, in headless Chromium.

Starts its own JupyterLab (the browser test's safe settings, from ``tests/browser/lab.py``: local
only, no token, no autosave, no news, a temporary copy of the notebooks), opens each notebook, runs
all cells, then measures in the page, on the page's own clock:

* every slider, keyboard: ``keydown`` → the figure's first repaint after it (new ``src`` decoded,
  next animation frame), one press at a time (the next press only once the figure has settled and
  the kernel is idle); median, p90 and max over ``--presses`` presses per round;
* every slider, mouse: a ``--drag-seconds`` (2 s) drag across 80 % of the track at ~60 mouse moves
  per second: repaints per second while the button is down, and release → final frame (0 when the
  final position was already shown at release) with the number of frames that arrived after
  the release (a backlog of stale frames shows up there);
* every dropdown: ``change`` → first repaint, for every other option and back (a full re-render);
* live plots (``course-figure`` images outside an interactive figure, e.g. chapter 06's training
  plot), recorded during Run All: kernel sent the image → repainted, per update.

Where it can, each latency is broken down with the kernel message that carries the new image
(its header's timestamp is when the kernel created it; same machine, same clock): ``kern`` (input →
the kernel created the image message: the widget message to the kernel, the callback, rendering
and PNG encoding; ``benchmarks/widget_updates.py`` measures the kernel's share alone), ``net``
(created → arrived in the page: serialization, the Jupyter server's relay, the websocket) and
``rend`` (arrived → repainted: widget model update, image decode, layout, the next frame).

It never waits for a quiet machine: it reports ``/proc/loadavg`` before and after instead, so
compare figures only between runs on similar load. The last line of output is one JSON object
with every sample's summary (per notebook, per control) and an overall summary.

    .venv/bin/python benchmarks/slider_latency.py [01_derivatives.ipynb ...] [--repeat N]
        [--jupyterlab-defaults]

``--jupyterlab-defaults`` sets back to JupyterLab's defaults what the course's JupyterLab settings
change for speed (the kernel indicator in the toolbar, the busy favicon), to measure what they save.

Needs what the browser test needs: Debian's ``/usr/bin/chromium`` (or ``COURSE_CHROMIUM``) and
the ``playwright`` package (no ``playwright install``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.browser import lab  # noqa: E402

if TYPE_CHECKING:
    from playwright.sync_api import Page

# The targets, printed next to the figures (never asserted here).
TARGETS = {
    "key_median_ms": 40.0,
    "key_max_ms": 60.0,
    "drag_min_repaints_per_s": 25.0,
    "release_max_ms": 100.0,
    "notebook_run_all_s": 20.0,
}
SETTLE_MS = 200  # a figure unchanged this long, with the kernel idle, counts as settled
WAIT_TIMEOUT_MS = 60_000  # one measurement's wait for its repaint (a failure is recorded)
DRAG_FRACTION = 0.8
MOVES_PER_S = 60

#: Page-side: the sample that followed an input event at or after ``since``.
SAMPLE_JS = r"""
(img, [since, type]) => {
  const C = window.__course;
  const ev = C.events.find((e) => e.type === type && e.t >= since);
  if (!ev) return {ok: false, error: `no ${type} event recorded`};
  const paint = C.paintsOf(img, ev.t)[0];
  if (!paint) return {ok: false, error: 'no repaint'};
  const msgs = C.imageMsgs.filter((m) => m.arrived > ev.t && m.arrived <= paint.changed);
  const msg = msgs[msgs.length - 1];
  return {ok: true, latency: paint.painted - ev.t,
          toKernel: msg ? msg.sent - ev.t : null,
          transport: msg ? msg.arrived - msg.sent : null,
          render: msg ? paint.painted - msg.arrived : null};
}
"""

#: Page-side: repaints during and after the last mouse drag that started at or after ``since``.
DRAG_JS = r"""
(img, since) => {
  const C = window.__course;
  const down = C.events.find((e) => e.type === 'pointerdown' && e.t >= since);
  const up = C.events.find((e) => e.type === 'pointerup' && e.t >= since);
  if (!down || !up) return {ok: false, error: 'pointer events not recorded'};
  const paints = C.paintsOf(img, down.t);
  const during = paints.filter((p) => p.painted <= up.t);
  const after = paints.filter((p) => p.painted > up.t);
  const times = during.map((p) => p.painted);
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  return {ok: true, seconds: (up.t - down.t) / 1000, repaints: during.length,
          repaintsPerS: during.length / ((up.t - down.t) / 1000),
          maxGapMs: gaps.length ? Math.max(...gaps) : null,
          releaseMs: after.length ? Math.max(...after.map((p) => p.painted)) - up.t : 0,
          framesAfterRelease: after.length};
}
"""

#: Page-side: per update of every live figure, kernel sent → repainted.
LIVE_JS = r"""
() => {
  const C = window.__course;
  const paints = C.paints.filter((p) => p.live);
  const out = [];
  let prev = -Infinity;
  for (const p of paints) {
    const from = Math.max(prev, p.changed - 2000);
    const msgs = C.imageMsgs.filter((m) => m.arrived > from && m.arrived <= p.changed);
    prev = p.changed;
    const msg = msgs[msgs.length - 1];
    if (msg) out.push({latency: p.painted - msg.sent, transport: msg.arrived - msg.sent,
                       render: p.painted - msg.arrived});
  }
  return {figures: new Set(paints.map((p) => p.el)).size, updates: out};
}
"""


def load_average() -> list[float] | None:
    try:
        return [float(v) for v in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def stats(values: list[float]) -> dict[str, float] | None:
    """median / p90 / max (ms, rounded) of ``values``; None when empty."""
    if not values:
        return None
    return {
        "median": round(statistics.median(values), 1),
        "p90": round(percentile(values, 90), 1),
        "max": round(max(values), 1),
        "n": len(values),
    }


def breakdown(samples: list[dict[str, Any]]) -> dict[str, float | None]:
    """Median of each latency component over ``samples`` (None where never measured)."""
    out: dict[str, float | None] = {}
    for key in ("toKernel", "transport", "render"):
        values = [s[key] for s in samples if s.get(key) is not None]
        out[key] = round(statistics.median(values), 1) if values else None
    return out


def settle(control: lab.Control, since: float) -> bool:
    return lab.wait_settled(control.figure, since, SETTLE_MS, WAIT_TIMEOUT_MS)


def measure_keys(page: Page, control: lab.Control, presses: int) -> list[dict[str, Any]]:
    """``presses`` arrow-key presses, one at a time; reverses at either end of the range."""
    handle = lab.slider_handle(control)
    handle.scroll_into_view_if_needed()
    now, lo, hi = lab.handle_position(handle)
    key = "ArrowRight" if hi - now >= now - lo else "ArrowLeft"
    handle.focus()
    samples = []
    for _ in range(presses):
        if (key == "ArrowRight" and now >= hi) or (key == "ArrowLeft" and now <= lo):
            key = "ArrowLeft" if key == "ArrowRight" else "ArrowRight"
        since = lab.page_now(page)
        page.keyboard.press(key)
        if not settle(control, since):
            samples.append({"ok": False, "error": f"no repaint within {WAIT_TIMEOUT_MS} ms"})
            continue
        samples.append(control.figure.evaluate(SAMPLE_JS, [since, "keydown"]))
        now = lab.handle_position(handle)[0]
    return samples


def measure_drag(page: Page, control: lab.Control, seconds: float) -> dict[str, Any]:
    """A mouse drag of ``seconds`` across the track at ~MOVES_PER_S moves per second."""
    x, target, y = lab.drag_geometry(control, DRAG_FRACTION)
    # Count the distinct values the slider passes (its readout; the handle's aria-valuenow is
    # rounded): a slider with few steps cannot repaint often.
    readout = control.element.locator(".widget-readout").first
    readout.evaluate(
        """r => { r.__values = new Set([r.textContent]);
                  r.__observer?.disconnect();
                  r.__observer = new MutationObserver(() => r.__values.add(r.textContent));
                  r.__observer.observe(r, {subtree: true, childList: true, characterData: true});
                }"""
    )
    since = lab.page_now(page)
    page.mouse.move(x, y)
    page.mouse.down()
    n = max(1, round(seconds * MOVES_PER_S))
    start = time.perf_counter()
    for k in range(1, n + 1):
        delay = start + k * seconds / n - time.perf_counter()
        if delay > 0:
            time.sleep(delay)  # pacing the simulated hand, not waiting for the page
        page.mouse.move(x + (target - x) * k / n, y)
    page.mouse.up()
    if not settle(control, since):
        return {"ok": False, "error": f"not settled within {WAIT_TIMEOUT_MS} ms of the release"}
    result = control.figure.evaluate(DRAG_JS, since)
    result["values"] = readout.evaluate("r => (r.__observer.disconnect(), r.__values.size)")
    return result


def measure_dropdown(page: Page, control: lab.Control) -> list[dict[str, Any]]:
    """Choose every other option in turn, then the original one again."""
    control.element.scroll_into_view_if_needed()
    options, current = lab.dropdown_options(control)
    start = options.index(current)
    order = [options[(start + k) % len(options)] for k in range(1, len(options) + 1)]
    samples = []
    for value in order:
        since = lab.page_now(page)
        lab.dropdown_select(control).select_option(value)
        if not settle(control, since):
            samples.append({"ok": False, "error": f"no repaint within {WAIT_TIMEOUT_MS} ms"})
            continue
        samples.append(control.figure.evaluate(SAMPLE_JS, [since, "change"]))
    return samples


def measure_notebook(page: Page, server: lab.LabServer, name: str, args: Any) -> dict[str, Any]:
    started = time.perf_counter()
    lab.open_notebook(page, server, name)
    opened = time.perf_counter()
    lab.run_all(page, server, name)
    result: dict[str, Any] = {
        "open_s": round(opened - started, 2),
        "run_all_s": round(time.perf_counter() - opened, 2),  # in the browser, until settled
    }
    live = page.evaluate(LIVE_JS)
    if live["figures"]:
        updates = live["updates"]
        result["live"] = {
            "figures": live["figures"],
            "latency_ms": stats([u["latency"] for u in updates]),
            "breakdown_ms": breakdown(updates),
        }
    controls: list[dict[str, Any]] = []
    for control in lab.figure_controls(page, name):
        row: dict[str, Any] = {
            "figure": control.figure_index,
            "kind": control.kind,
            "label": control.label,
        }
        samples: list[dict[str, Any]] = []
        drags: list[dict[str, Any]] = []
        for _ in range(args.repeat):
            if control.kind == "slider":
                samples += measure_keys(page, control, args.presses)
                drags.append(measure_drag(page, control, args.drag_seconds))
            else:
                samples += measure_dropdown(page, control)
        good = [s for s in samples if s.get("ok")]
        row["latency_ms"] = stats([s["latency"] for s in good])
        row["breakdown_ms"] = breakdown(good)
        row["failures"] = [s["error"] for s in samples + drags if not s.get("ok")]
        if control.kind == "slider":
            ok_drags = [d for d in drags if d.get("ok")]
            row["drag"] = {
                "repaints_per_s": [round(d["repaintsPerS"], 1) for d in ok_drags],
                "max_gap_ms": [round(d["maxGapMs"] or 0, 1) for d in ok_drags],
                "release_ms": [round(d["releaseMs"], 1) for d in ok_drags],
                "frames_after_release": [d["framesAfterRelease"] for d in ok_drags],
                "values_passed": [d["values"] for d in ok_drags],
            }
        controls.append(row)
        print_control(name, row)
    result["controls"] = controls
    return result


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def print_control(notebook: str, row: dict[str, Any]) -> None:
    lat = row["latency_ms"] or {}
    b = row["breakdown_ms"]
    text = (
        f"{notebook[:28]:<28} {row['figure']:>3} {row['kind']:<8} {row['label'][:16]:<16} "
        f"{_ms(lat.get('median')):>6} {_ms(lat.get('p90')):>5} {_ms(lat.get('max')):>5} "
        f"{lat.get('n', 0):>3}   {_ms(b['toKernel']):>5} {_ms(b['transport']):>5} "
        f"{_ms(b['render']):>5}"
    )
    drag = row.get("drag")
    if drag and drag["repaints_per_s"]:
        text += (
            f"   {min(drag['repaints_per_s']):>5.1f} {max(drag['release_ms']):>7.0f} "
            f"{max(drag['frames_after_release']):>4} {min(drag['values_passed']):>6}"
        )
    if row["failures"]:
        text += f"   FAILED: {row['failures'][0]}"
    print(text, flush=True)


HEADER = (
    f"{'notebook':<28} {'fig':>3} {'kind':<8} {'control':<16} "
    f"{'median':>6} {'p90':>5} {'max':>5} {'n':>3}   "
    f"{'kern':>5} {'net':>5} {'rend':>5}   {'rep/s':>5} {'rel. ms':>7} {'late':>4} {'values':>6}\n"
    f"{'':<58}(input → repaint, ms)    (median breakdown, ms)   (2 s mouse drag)"
)


def summarize(notebooks: dict[str, dict[str, Any]]) -> dict[str, Any]:
    rows = [r for nb in notebooks.values() for r in nb.get("controls", [])]
    sliders = [r for r in rows if r["kind"] == "slider" and r["latency_ms"]]
    dropdowns = [r for r in rows if r["kind"] == "dropdown" and r["latency_ms"]]
    drags = [r["drag"] for r in rows if r.get("drag") and r["drag"]["repaints_per_s"]]
    # Repaint rates count only for drags that passed enough distinct values to reach the target.
    enough = TARGETS["drag_min_repaints_per_s"] * 2.0  # values in a 2 s drag
    rates = [
        v
        for d in drags
        for v, n in zip(d["repaints_per_s"], d["values_passed"], strict=True)
        if n >= enough
    ]
    lives = [nb["live"] for nb in notebooks.values() if nb.get("live", {}).get("latency_ms")]
    summary: dict[str, Any] = {
        "sliders": len(sliders),
        "key_median_ms": (
            round(statistics.median(r["latency_ms"]["median"] for r in sliders), 1)
            if sliders
            else None
        ),
        "key_worst_slider_median_ms": max(
            (r["latency_ms"]["median"] for r in sliders), default=None
        ),
        "key_max_ms": max((r["latency_ms"]["max"] for r in sliders), default=None),
        "drag_min_repaints_per_s": min(rates, default=None),
        "drag_median_repaints_per_s": round(statistics.median(rates), 1) if rates else None,
        "drag_rates_counted": len(rates),
        "release_max_ms": max((v for d in drags for v in d["release_ms"]), default=None),
        "dropdowns": len(dropdowns),
        "dropdown_median_ms": (
            round(statistics.median(r["latency_ms"]["median"] for r in dropdowns), 1)
            if dropdowns
            else None
        ),
        "dropdown_max_ms": max((r["latency_ms"]["max"] for r in dropdowns), default=None),
        "live_median_ms": max((x["latency_ms"]["median"] for x in lives), default=None),
        "live_max_ms": max((x["latency_ms"]["max"] for x in lives), default=None),
        "failures": sum(len(r["failures"]) for r in rows)
        + sum(1 for nb in notebooks.values() if "error" in nb),
        "targets": TARGETS,
    }
    return summary


def print_summary(summary: dict[str, Any], notebooks: dict[str, dict[str, Any]]) -> None:
    print()
    for name, nb in notebooks.items():
        if "error" in nb:
            print(f"{name}: FAILED: {nb['error']}")
            continue
        line = f"{name}: open {nb['open_s']:.1f} s, Run All in the browser {nb['run_all_s']:.1f} s"
        live = nb.get("live")
        if live and live["latency_ms"]:
            lat, b = live["latency_ms"], live["breakdown_ms"]
            line += (
                f"; live plot: {lat['n']} updates, kernel sent → repainted median "
                f"{lat['median']:.0f} ms, max {lat['max']:.0f} ms (net {_ms(b['transport'])}, "
                f"render {_ms(b['render'])})"
            )
        print(line)
    s = summary
    print(
        f"sliders ({s['sliders']}): key → repaint median of medians {s['key_median_ms']} ms "
        f"(target ≤ {TARGETS['key_median_ms']:.0f}), worst slider median "
        f"{s['key_worst_slider_median_ms']} ms, max {s['key_max_ms']} ms "
        f"(target ≤ {TARGETS['key_max_ms']:.0f})"
    )
    print(
        f"2 s drags ({s['drag_rates_counted']} that pass enough values): repaints/s min "
        f"{s['drag_min_repaints_per_s']}, median "
        f"{s['drag_median_repaints_per_s']} (target ≥ {TARGETS['drag_min_repaints_per_s']:.0f}); "
        f"release → final frame max {s['release_max_ms']} ms "
        f"(target ≤ {TARGETS['release_max_ms']:.0f})"
    )
    print(
        f"dropdowns ({s['dropdowns']}): change → repaint median of medians "
        f"{s['dropdown_median_ms']} ms, max {s['dropdown_max_ms']} ms; live plot per update: "
        f"median {s['live_median_ms']} ms, max {s['live_max_ms']} ms; failures {s['failures']}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "notebooks", nargs="*", help="notebook file names or paths (default: all of notebooks/)"
    )
    parser.add_argument("--repeat", type=int, default=1, help="measurement rounds per control")
    parser.add_argument("--presses", type=int, default=10, help="key presses per slider and round")
    parser.add_argument("--drag-seconds", type=float, default=2.0)
    parser.add_argument(
        "--jupyterlab-defaults",
        action="store_true",
        help="without the course's JupyterLab settings for speed (to see what they change)",
    )
    args = parser.parse_args(argv)
    available = sorted(p.name for p in lab.notebook_dir().glob("*.ipynb"))
    names = [Path(n).name for n in args.notebooks] or available
    unknown = sorted(set(names) - set(available))
    if unknown or args.repeat < 1 or args.presses < 1:
        print(f"unknown notebooks {unknown} (have {available}) or bad option", file=sys.stderr)
        return 2
    chromium = lab.find_chromium()
    if chromium is None:
        print(
            "Chromium not found: install Debian's chromium or set COURSE_CHROMIUM", file=sys.stderr
        )
        return 2
    from playwright.sync_api import sync_playwright

    load_before = load_average()
    print(f"machine: {os.cpu_count()} CPUs, load average before {load_before}")
    if args.jupyterlab_defaults:
        print("JupyterLab's defaults instead of the course's settings for speed")
    notebooks: dict[str, dict[str, Any]] = {}
    with (
        sync_playwright() as playwright,
        lab.lab_server(jupyterlab_defaults=args.jupyterlab_defaults) as server,
    ):
        browser = lab.launch_browser(playwright, chromium)
        print(HEADER, flush=True)
        try:
            for name in names:
                with lab.lab_page(browser) as page:
                    try:
                        notebooks[name] = measure_notebook(page, server, name, args)
                    except lab.LabError as exc:
                        notebooks[name] = {"error": str(exc)[:2000]}
        finally:
            browser.close()
    load_after = load_average()
    summary = summarize(notebooks)
    print_summary(summary, notebooks)
    print(f"machine: load average after {load_after}")
    machine = {"cpus": os.cpu_count(), "loadavg_before": load_before, "loadavg_after": load_after}
    record = {
        "repeat": args.repeat,
        "presses": args.presses,
        "drag_seconds": args.drag_seconds,
        "jupyterlab_defaults": args.jupyterlab_defaults,
        "machine": machine,
        "notebooks": notebooks,
        "summary": summary,
    }
    print(json.dumps({"slider_latency": record}))
    return 1 if summary["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
