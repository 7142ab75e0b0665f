"""Repository contracts: the README's two commands, CI running the same one, honest pins, lint."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", readme, flags=re.S)
    return [
        line
        for block in blocks
        for line in block.splitlines()
        if line.startswith("python3 -m venv")
    ]


def test_readme_has_exactly_two_fresh_machine_commands():
    commands = _readme_commands()
    assert len(commands) == 2, commands
    open_cmd, test_cmd = commands
    assert "pip install -e ." in open_cmd
    # The open command ends with the course's launcher (tests/test_launch.py starts it for real).
    launcher = open_cmd.rsplit("&&", 1)[1].strip()
    assert launcher == ".venv/bin/calculus-for-ml", launcher
    assert 'calculus-for-ml = "course_utils.launch:main"' in (ROOT / "pyproject.toml").read_text(
        encoding="utf-8"
    )
    assert 'pip install -e ".[test]"' in test_cmd and "pytest" in test_cmd


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    match = re.search(r"^TEST_COMMAND='(.*)'$", ci, flags=re.M)
    assert match, ".ci/run must define TEST_COMMAND"
    assert match.group(1) == _readme_commands()[1]


def test_dependencies_use_lower_bounds_only():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        tomllib = pytest.importorskip("tomli")
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(meta["dependencies"])
    for extra in meta["optional-dependencies"].values():
        requirements += extra
    for requirement in requirements:
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+>=[0-9][0-9.]*", requirement), (
            f"{requirement!r}: use a lower bound only (name>=version)"
        )
    runtime = {re.split(r"[><=\[]", r)[0].lower() for r in meta["dependencies"]}
    assert {"jupyterlab", "numpy", "matplotlib", "ipywidgets", "tqdm"} <= runtime


def test_ruff_is_clean_on_package_tests_and_notebooks():
    result = subprocess.run(
        [_tool("ruff"), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted_by_ruff_format():
    """One formatter, applied to the package, tests, scripts and benchmarks (not notebooks)."""
    result = subprocess.run(
        [_tool("ruff"), "format", "--check", "--no-cache", "."],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, "run `ruff format .`:\n" + result.stdout + result.stderr


def test_mypy_is_clean_on_the_package():
    """The type hints the README promises are checked (configuration in pyproject.toml)."""
    result = subprocess.run(
        [_tool("mypy"), "--no-incremental", "--cache-dir", "/dev/null"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; it comes with the [test] extra")
    return found
