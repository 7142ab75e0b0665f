"""Test-suite wiring shared by the unit tests and the notebook (nbval) tests.

* Notebooks run with the same environment as ``scripts/regenerate_notebooks.py`` stores them with:
  PYTHONHASHSEED=0, one BLAS thread, and no MPLBACKEND (it would leak into kernels and hide inline
  figures).
* nbval's sanitize file is passed as an absolute path (a relative one resolves against the
  current directory, so the suite would behave differently when started elsewhere).
* The suite runs in pytest-xdist workers (``-n auto --dist loadscope`` in pyproject.toml: each
  notebook and each test module stays in one worker, so a notebook's cells share one kernel in
  order).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
SANITIZE_FILE = ROOT / "tests" / "nbval_sanitize.cfg"


def pytest_configure(config: pytest.Config) -> None:
    os.environ.pop("MPLBACKEND", None)
    os.environ["PYTHONHASHSEED"] = "0"
    # One BLAS thread, as scripts/regenerate_notebooks.py: same numbers, no oversubscription.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    option = config.option
    if getattr(option, "nbval_sanitize_with", "missing") is None:
        option.nbval_sanitize_with = str(SANITIZE_FILE)
