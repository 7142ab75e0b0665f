"""Test-suite wiring shared by the unit tests and the notebook (nbval) tests.

* Notebooks run with the same environment as ``scripts/regenerate_notebooks.py`` stores them with:
  PYTHONHASHSEED=0, one BLAS thread, and no MPLBACKEND (it would leak into kernels and hide inline
  figures).
* nbval's sanitize file is passed as an absolute path (a relative one resolves against the
  current directory, so the suite would behave differently when started elsewhere).
* The suite runs in pytest-xdist workers (``-n auto --dist loadscope`` in pyproject.toml: each
  notebook and each test module stays in one worker, so a notebook's cells share one kernel in
  order). Lines that tests record as the ``course_summary`` property of their report (the browser
  test's slider latencies) are printed at the end of the run, with or without workers.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent
SANITIZE_FILE = ROOT / "tests" / "nbval_sanitize.cfg"
SUMMARY_PROPERTY = "course_summary"


def pytest_configure(config: pytest.Config) -> None:
    os.environ.pop("MPLBACKEND", None)
    os.environ["PYTHONHASHSEED"] = "0"
    # One BLAS thread, as scripts/regenerate_notebooks.py: same numbers, no oversubscription.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    option = config.option
    if getattr(option, "nbval_sanitize_with", "missing") is None:
        option.nbval_sanitize_with = str(SANITIZE_FILE)
    config.pluginmanager.register(SummaryLines(), "course-summary-lines")


@pytest.fixture
def latency_log(record_property: Any) -> Callable[[str], None]:
    """``latency_log(line)`` adds a line to the end-of-run summary printed by :class:`SummaryLines`.

    The line is recorded as a property of the test's report, so it reaches the main process also
    from pytest-xdist workers.
    """
    return lambda line: record_property(SUMMARY_PROPERTY, line)


class SummaryLines:
    """Prints, at the end of the run, the ``course_summary`` lines that tests recorded.

    Test reports carry their user properties from pytest-xdist workers to the main process, where
    ``pytest_runtest_logreport`` sees them, so this works with and without workers.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call":
            self.lines += [str(v) for k, v in report.user_properties if k == SUMMARY_PROPERTY]

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.lines:
            terminalreporter.write_sep("=", "slider → repaint latency (median)")
            for line in self.lines:
                terminalreporter.write_line(line)
