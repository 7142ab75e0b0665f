"""Check that the lower bounds in pyproject.toml really work: install them and run the unit tests.

Reads every ``name>=version`` of ``[project] dependencies`` and of the ``test`` extra, makes a
fresh virtual environment with the chosen Python (``--python``, default this one), installs
exactly ``name==version`` for each, lets pip pick the newest compatible versions of everything
else, installs the course itself non-editable and without dependencies, runs ``pip check``, then
runs the unit tests (everything under ``tests/`` except the browser test; no nbval, so the
notebooks' stored outputs, which are made with current versions, are not compared) from the
checkout, importing the installed ``course_utils``.

A minimum that has no wheel for the chosen Python (e.g. an old Pillow on a newer Python) is
replaced by the lowest version that has one, and the script says so; the declared minimum is then
tested only with a Python it has wheels for (``--python`` with an older interpreter).

    .venv/bin/python scripts/check_min_versions.py [--python /path/to/python3.10] [--keep DIR]

Prints what it installed and the test result; exits non-zero when anything fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

try:
    from packaging.version import Version
except ModuleNotFoundError:  # pip always vendors it
    from pip._vendor.packaging.version import Version  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENT = re.compile(r"([A-Za-z0-9_.\-]+)>=([0-9][0-9.]*)")
PIP = ["-m", "pip", "--disable-pip-version-check", "--no-input"]


def lower_bounds(pyproject: Path) -> dict[str, str]:
    """``{name: minimum}`` for the runtime dependencies and the test extra."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    bounds = {}
    for requirement in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        match = REQUIREMENT.fullmatch(requirement.strip())
        if not match:
            raise SystemExit(f"{requirement!r}: expected name>=version")
        bounds[match.group(1).lower()] = match.group(2)
    return bounds


def run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, text=True, capture_output=True, **kwargs)  # type: ignore[call-overload]


def has_wheel(python: str, name: str, version: str) -> bool:
    """Whether pip finds a wheel of ``name==version`` that installs on ``python``."""
    result = run(
        [python, *PIP, "install", "--dry-run", "--no-deps", "--ignore-installed", "-q",
         "--only-binary=:all:", f"{name}=={version}"]
    )  # fmt: skip
    return result.returncode == 0


def lowest_with_wheel(python: str, name: str, minimum: str) -> str | None:
    """The lowest released version >= minimum with a wheel for ``python`` (None if none)."""
    if has_wheel(python, name, minimum):
        return minimum
    listed = run([python, *PIP, "index", "versions", name]).stdout
    match = re.search(r"Available versions: (.*)", listed)
    if not match:
        return None
    versions = sorted(
        (v.strip() for v in match.group(1).split(",")),
        key=Version,
    )
    for version in versions:
        if Version(version) > Version(minimum) and has_wheel(python, name, version):
            return version
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable, help="interpreter to test with")
    parser.add_argument("--keep", type=Path, help="make the environment here and keep it")
    parser.add_argument(
        "--browser", action="store_true", help="also run the browser test (needs Chromium)"
    )
    args = parser.parse_args()

    start = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="course-min-versions-"))
    env_dir = args.keep or work / "venv"
    if env_dir.exists():
        if not (env_dir / "pyvenv.cfg").is_file():
            print(f"{env_dir} exists and is not a virtual environment: not touching it")
            return 2
        shutil.rmtree(env_dir)
    version = run([args.python, "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"])
    if version.returncode != 0:
        print(f"cannot run {args.python}: {version.stderr.strip()}")
        return 2
    print(f"== minimum versions with Python {version.stdout.strip()} ({args.python})")
    created = run([args.python, "-m", "venv", str(env_dir)])
    if created.returncode != 0:
        print(f"cannot create a virtual environment:\n{created.stdout}{created.stderr}")
        return 2
    python = str(env_dir / ("Scripts" if os.name == "nt" else "bin") / "python")
    # PYTEST_ADDOPTS (e.g. .ci/run's JUnit report) would leak into these runs: dropped.
    dropped = ("PYTHONPATH", "PIP_REQUIRE_VIRTUALENV", "PYTEST_ADDOPTS")
    env = {k: v for k, v in os.environ.items() if k not in dropped}

    bounds = lower_bounds(ROOT / "pyproject.toml")
    chosen: dict[str, str] = {}
    notes = []
    for name, minimum in bounds.items():
        picked = lowest_with_wheel(python, name, minimum)
        if picked is None:
            print(f"FAIL {name}>={minimum}: no version with a wheel for this Python")
            return 1
        chosen[name] = picked
        if picked != minimum:
            notes.append(f"{name}: {minimum} has no wheel for this Python; tested {picked}")

    pins = [f"{name}=={v}" for name, v in chosen.items()]
    only_binary = "--only-binary=" + ",".join(chosen)
    print("installing: " + " ".join(pins))
    installed = run([python, *PIP, "install", "-q", only_binary, *pins], env=env)
    if installed.returncode != 0:
        print(f"FAIL: pip cannot install the minimums together:\n{installed.stdout}")
        print(installed.stderr)
        return 1
    # The course itself, non-editable, from a copy of its sources (no build/ in the checkout).
    source = work / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(ROOT / "course_utils", source / "course_utils", ignore=ignore)
    course = run([python, *PIP, "install", "-q", "--no-deps", str(source)], env=env)
    if course.returncode != 0:
        print(f"FAIL: the course does not install:\n{course.stdout}\n{course.stderr}")
        return 1
    check = run([python, *PIP, "check"], env=env)
    listing = json.loads(run([python, *PIP, "list", "--format", "json"], env=env).stdout)
    versions = {item["name"].lower().replace("_", "-"): item["version"] for item in listing}
    print("installed (declared minimum -> installed):")
    for name, minimum in bounds.items():
        got = versions.get(name.replace("_", "-"), "missing")
        exact = got != "missing" and Version(got) == Version(minimum)
        mark = "" if exact else "   <- not the declared minimum (see NOTE)"
        print(f"  {name:<14} >={minimum:<8} {got}{mark}")
    for note in notes:
        print(f"NOTE {note}")
    if check.returncode != 0:
        print(f"FAIL: pip check:\n{check.stdout}{check.stderr}")
        return 1

    where = run([python, "-c", "import course_utils; print(course_utils.__file__)"], cwd=work)
    print(f"course_utils imported from {where.stdout.strip()}")
    pytest = str(Path(python).parent / "pytest")
    # Unit tests only: no --nbval (pyproject's addopts are replaced), no browser test; the
    # installed course_utils is imported (importlib mode puts no checkout folder on sys.path).
    common = ["-o", "addopts=", "-p", "no:cacheprovider", "-q"]
    commands = [
        [pytest, "tests", *([] if args.browser else ["--ignore=tests/browser"]), *common,
         "--import-mode=importlib", "-n", "auto", "--dist", "loadscope"],
        [pytest, "--doctest-modules", "--pyargs", "course_utils", *common],  # the installed copy
    ]  # fmt: skip
    failed = False
    for command in commands:
        print("== pytest " + " ".join(command[1:]), flush=True)
        failed |= subprocess.run(command, cwd=ROOT, env=env).returncode != 0
    elapsed = time.monotonic() - start
    shutil.rmtree(work, ignore_errors=True)  # the environment too, unless --keep put it elsewhere
    if failed:
        print(f"FAIL: unit tests at the minimum versions ({elapsed:.0f} s)")
        return 1
    print(f"OK: unit tests pass at the minimum versions ({elapsed:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
