"""The browser-trace benchmark's breakdown, on a small hand-made Chromium trace."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

import course_utils  # noqa: F401  (bound first: the copy under test, not the checkout's)

ROOT = Path(__file__).resolve().parent.parent


def _browser_trace():
    """The benchmark module, loaded by path (it puts the checkout on sys.path: undone here)."""
    spec = importlib.util.spec_from_file_location(
        "browser_trace", ROOT / "benchmarks" / "browser_trace.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)

    # It imports tests.browser.lab as a package from the checkout; under pytest's importlib mode
    # "tests" may already name something else in sys.modules: set that aside meanwhile.
    def ours(name: str) -> bool:
        return name == "tests" or name.startswith("tests.")

    path, aside = list(sys.path), {k: sys.modules.pop(k) for k in list(sys.modules) if ours(k)}
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = path
        for name in [k for k in sys.modules if ours(k)]:
            del sys.modules[name]
        sys.modules.update(aside)
    return module


def _event(name, ts, dur, tid=1, tdur=None, **data):
    event = {"ph": "X", "name": name, "ts": ts, "dur": dur, "pid": 7, "tid": tid}
    if tdur is not None:
        event["tdur"] = tdur
    if data:
        event["args"] = {"data": data}
    return event


def test_a_drag_is_broken_down_per_repainted_frame():
    trace = [
        {"ph": "M", "name": "process_name", "pid": 7, "args": {"name": "Renderer"}},
        {"ph": "M", "name": "thread_name", "pid": 7, "tid": 1, "args": {"name": "CrRendererMain"}},
        {"ph": "M", "name": "thread_name", "pid": 7, "tid": 2, "args": {"name": "Compositor"}},
        _event("EventDispatch", 1_000, 10, type="mousedown"),
        # A task running a script that forces a layout (2 ms), then a frame's paint (1 ms).
        _event("ThreadControllerImpl::RunTask", 2_000, 6_000, tdur=5_000),
        _event("FunctionCall", 2_100, 3_000, functionName="handleEvent"),
        _event("Document::UpdateStyleAndLayout", 2_500, 2_000),
        _event("Layout", 2_600, 1_500),
        _event("Paint", 6_000, 1_000),
        _event("ThreadControllerImpl::RunTask", 3_000, 4_000, tid=2, tdur=4_000),
        {"ph": "I", "name": "ResourceSendRequest", "ts": 4_000, "pid": 7, "tid": 1,
         "args": {"data": {"url": "blob:http://127.0.0.1/0a1b"}}},
        {"ph": "I", "name": "ResourceSendRequest", "ts": 4_100, "pid": 7, "tid": 1,
         "args": {"data": {"url": "http://127.0.0.1/static/favicons/favicon-busy-1.ico?v=2"}}},
        {"ph": "I", "name": "ResourceSendRequest", "ts": 99_000, "pid": 7, "tid": 1,
         "args": {"data": {"url": "http://127.0.0.1/after-the-drag"}}},
        _event("EventDispatch", 9_000, 10, type="mouseup"),
    ]  # fmt: skip
    result = _browser_trace().analyze(trace, repaints=2)
    assert result["drag_s"] == 0.01  # 8 ms, rounded to 10 ms
    assert result["cpu_ms_per_frame"] == {  # each thread's task CPU time over 2 frames
        "Renderer / CrRendererMain": 2.5,
        "Renderer / Compositor": 2.0,
    }
    # Each event's own time: the script 1 ms (+ two 10 µs mouse events), the layout it forced
    # 0.5 + 1.5 ms, the paint 1 ms; per frame.
    assert result["renderer_main_ms_per_frame"] == {
        "style and layout": 1.0,
        "script": 0.51,
        "paint and compositing": 0.5,
    }
    assert result["forced_layouts_per_frame"] == 0.5
    assert result["forced_layout_ms_per_frame"] == 1.0
    assert result["requests"] == {
        "blob: (figure frames)": 1,
        "http://127.0.0.1/static/favicons/favicon-busy-1.ico": 1,
    }


def test_the_benchmarks_baseline_really_is_jupyterlabs_defaults():
    """``--jupyterlab-defaults`` must win over the course's settings (else "before" = "after")."""
    import json
    import re
    import urllib.request

    lab = _browser_trace().lab

    def page_config(server) -> dict:
        with urllib.request.urlopen(f"{server.url}/lab", timeout=10) as response:
            page = response.read().decode("utf-8")
        found = re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, flags=re.S)
        assert found
        return json.loads(found.group(1))

    def tracker(server) -> dict:
        plugin = "@jupyterlab/notebook-extension:tracker"
        with urllib.request.urlopen(f"{server.url}/lab/api/settings/{plugin}", timeout=10) as r:
            return json.loads(r.read().decode("utf-8"))

    # With the course's settings (the launcher's test checks the same two things): the favicon
    # plugin is off and the indicator in the status bar. Here, JupyterLab's defaults must win.
    favicon = "@jupyterlab/application-extension:faviconbusy"
    with lab.lab_server(jupyterlab_defaults=True) as server:
        assert favicon not in page_config(server)["disabledExtensions"]
        data = tracker(server)
    written = {
        **lab.LAB_SETTINGS["@jupyterlab/notebook-extension/tracker"],
        **lab.JUPYTERLAB_DEFAULTS["settings"]["@jupyterlab/notebook-extension/tracker"],
    }
    jsonschema = pytest.importorskip("jsonschema")
    if not jsonschema.Draft7Validator(data["schema"]).is_valid(written):
        # JupyterLab then ignores the whole user file (4.0 has no windowingMode
        # "contentVisibility", which the browser benchmarks ask for): nothing to check here.
        pytest.skip("this JupyterLab rejects the browser benchmarks' notebook settings")
    # The user's value (the course's override only changes the schema's default).
    assert data["settings"]["kernelStatus"]["showOnStatusBar"] is False
