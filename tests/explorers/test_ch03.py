"""The widget pattern: artists move in place, no figures are created, memory stays flat."""

from __future__ import annotations

import resource
from pathlib import Path

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _resident_bytes() -> int:
    """Current resident set size of this process (Linux /proc; falls back to peak RSS)."""
    statm = Path("/proc/self/statm")
    if statm.exists():
        return int(statm.read_text().split()[1]) * resource.getpagesize()
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def test_neuron_explorer_gate_closes_the_gradient():
    from course_utils.explorers.ch03 import neuron_explorer

    explorer = neuron_explorer(x=2.0, b=0.25, y_true=10.0, w=3.0)
    assert "= <b>-15.00</b>" in explorer.readout.value and "gate open" in explorer.readout.value
    explorer.controls["w"].value = -1.0
    text = explorer.readout.value
    assert "= <b>0.00</b>" in text and "numerical slope 0.00" in text and "shut" in text
