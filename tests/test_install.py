"""The course installed as learners get it, and every notebook run there with its solutions.

Binder (repo2docker), a JupyterHub image and ``pip install git+...`` all install the course the
same way: ``pip install .`` of a copy of the repository, **non-editable** (repo2docker's exact
command, ``pip install --no-cache-dir .`` run inside the copy, is checked in
``tests/test_binder.py``). This module does that once, into a fresh virtual environment, and then

* checks the install: every module of every subpackage, the MNIST subset and ``py.typed`` are
  installed files of the distribution; ``course_utils`` and its data are imported from the fresh
  environment's own site-packages, never through the checkout's editable finder; every
  third-party module the package imports is a declared dependency, present at a version the
  declaration allows; the course's JupyterLab settings reach a plain ``jupyter lab`` of that
  environment, and the launcher is on its PATH;
* runs every notebook in a kernel of that environment, from a read-only folder that holds nothing
  but the notebooks (as nbgitpuller or an image may leave a course folder, and as a learner who
  copied only the notebooks has it), **with each build-it scaffold answered by its solution**:
  no cell raises unless it is tagged ``raises-exception``, and nothing is written into the folder;
* compares each answered run with the stored (shipped, unanswered) notebook: every build-it check
  now says ✅ and that the learner's function is used, and every other output, figures included,
  is unchanged, so a solution cannot drift from the reference (the rules are in
  ``scripts/answer_key.py``).

One execution per notebook serves both purposes: the install path is proven on the notebooks as a
learner finishes them, and the shipped notebooks themselves run under strict nbval and in the
browser test.

The fresh environment gets its third-party dependencies without reinstalling the Jupyter stack
from PyPI: a ``.pth`` file adds this environment's site-packages folders to its ``sys.path``. A
path line in a ``.pth`` file does not process the ``.pth`` files inside that folder, so the
editable install's ``__editable__`` finder never runs there (asserted below).
"""

from __future__ import annotations

import copy
import json
import os
import shutil
import site
import stat
import subprocess
import sys
import textwrap
import venv
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
import regenerate_notebooks as regenerator  # scripts/ is on pytest's pythonpath
from answer_key import answered, compare, solution_sources

from course_utils import launch

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
KERNEL_NAME = "course-install-path-test"
#: What is not part of a clone of the repository (repo2docker copies a clone).
NOT_IN_A_CLONE = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", "*.pyc", "*.egg-info", "build", "dist", "test-results",
    ".ipynb_checkpoints", ".pytest_cache", ".mypy_cache", ".ruff_cache",
)  # fmt: skip

# Run inside the fresh environment: where the course comes from, and honest dependencies.
PROBE = textwrap.dedent(
    """
    import ast, json, sys, sysconfig
    from importlib import metadata
    from pathlib import Path

    import course_utils
    from course_utils.learning import data

    subset = data.load_mnist_subset()  # SHA-256 verified against SUBSET_SHA256
    package = Path(course_utils.__file__).parent
    imported = set()
    for file in package.rglob("*.py"):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = sorted(
        name for name in imported
        if name not in sys.stdlib_module_names and name not in ("course_utils", "__future__")
    )
    owners = metadata.packages_distributions()
    dist = metadata.distribution("calculus-for-ml")
    declared = [r for r in (dist.requires or []) if "extra ==" not in r]
    installed = {}
    for requirement in declared:
        name = requirement.split(">=")[0].split("==")[0].strip()
        try:
            installed[requirement] = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed[requirement] = None
    print(json.dumps({
        "prefix": sys.prefix,
        "purelib": sysconfig.get_paths()["purelib"],
        "course_utils": course_utils.__file__,
        "subset_path": str(data.SUBSET_PATH),
        "subset_shape": list(subset.x_train.shape),
        "metadata_files": str(dist.locate_file("")),
        "files": [str(f) for f in dist.files or []],
        "editable_loaded": sorted(m for m in sys.modules if "editable" in m),
        "meta_path": [repr(f) for f in sys.meta_path],
        "third_party": {name: owners.get(name, []) for name in third_party},
        "declared": declared,
        "installed": installed,
    }))
    """
)

# Run inside the fresh environment: each notebook of ``inbox`` executed in a kernel of that
# environment started in ``folder``, the executed notebook (or the error) written to ``outbox``.
RUN_NOTEBOOKS = textwrap.dedent(
    """
    import json, sys, traceback
    import nbformat
    from nbclient import NotebookClient

    kernel_name, folder, inbox, outbox, *names = sys.argv[1:]
    probe = (
        "import json, sys, course_utils\\n"
        "print('PROBE ' + json.dumps({'executable': sys.executable,"
        " 'course_utils': course_utils.__file__}))"
    )
    for name in names:
        nb = nbformat.read(f"{inbox}/{name}", as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(probe))
        try:
            NotebookClient(
                nb, timeout=900, kernel_name=kernel_name, resources={"metadata": {"path": folder}}
            ).execute()
        except Exception:
            with open(f"{outbox}/{name}.error", "w", encoding="utf-8") as f:
                f.write(traceback.format_exc()[-6000:])
            continue
        nbformat.write(nb, f"{outbox}/{name}")
    """
)


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, (
        f"{cmd} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    )
    return result


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder below ``folder`` with its size and modification time."""
    return {
        str(p.relative_to(folder)): (p.stat().st_size if p.is_file() else 0, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


def _set_writable(folder: Path, writable: bool) -> None:
    for path in [folder, *folder.rglob("*")]:
        mode = path.stat().st_mode
        write = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
        path.chmod(mode | stat.S_IWUSR if writable else mode & ~write)


@dataclass
class Install:
    """The fresh environment the course was installed into, and how to run things in it."""

    env_dir: Path
    python: Path
    purelib: Path
    env: dict[str, str]  # the environment its processes (and kernels) run with
    work: Path  # a scratch folder of the test's own


@dataclass
class NotebookRun:
    """One notebook as the install path executed it."""

    shipped: nbformat.NotebookNode  # as stored in the repository
    executed: nbformat.NotebookNode | None  # normalized, the probe cell removed; None on error
    error: str  # nbclient's traceback when a cell raised, else ""
    kernel: dict[str, str]  # the probe's findings: the kernel's executable and course_utils


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Install:
    """The course installed non-editable, as ``pip install .`` of a clone installs it."""
    work = tmp_path_factory.mktemp("install")
    source = work / "clone"
    shutil.copytree(ROOT, source, ignore=NOT_IN_A_CLONE, symlinks=True)
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(env_dir)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    # What the caller's shell says about Python, Jupyter or MNIST must not leak in; the rest of
    # the notebooks' environment is the one their outputs were stored with (seed, BLAS threads).
    base = {
        k: v
        for k, v in regenerator.test_environment().items()
        if not k.startswith(("PYTHON", "JUPYTER", "COURSE_MNIST"))
    }
    # No dependencies here: the fresh environment borrows this one's (see the module docstring).
    _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-cache-dir",
         "--no-deps", "--no-compile", "--disable-pip-version-check", "."],
        cwd=source, env=base,
    )  # fmt: skip
    where = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    purelib = Path(_run([str(python), "-c", where], env=base).stdout.strip())
    ours = [p for p in site.getsitepackages() if Path(p).is_dir() and Path(p) != purelib]
    (purelib / "zz_course_test_dependencies.pth").write_text("\n".join(ours) + "\n")

    kernels = work / "jupyter" / "kernels" / KERNEL_NAME
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "the course's install path",
                "language": "python",
            }
        )
    )
    (work / "user").mkdir()
    env = {
        **base,
        "HOME": str(work / "user"),
        "JUPYTER_PATH": str(work / "jupyter"),
        "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
        "IPYTHONDIR": str(work / "ipython"),
        "MPLCONFIGDIR": str(work / "matplotlib"),
        "PYTHONHASHSEED": "0",
    }
    return Install(env_dir=env_dir, python=python, purelib=purelib, env=env, work=work)


def _execute(install: Install, folder: Path, notebooks: dict[str, nbformat.NotebookNode]):
    """Run ``notebooks`` (name -> notebook) in a kernel of ``install``, started in ``folder``.

    Returns name -> (the executed notebook, normalized, without the probe cell, or None when a
    cell raised; nbclient's traceback or ""; the probe's findings).
    """
    inbox = install.work / "inbox"
    outbox = install.work / "outbox"
    for box in (inbox, outbox):
        shutil.rmtree(box, ignore_errors=True)
        box.mkdir()
    for name, nb in notebooks.items():
        nb = copy.deepcopy(nb)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        nbformat.write(nb, inbox / name)
    _run(
        [str(install.python), "-c", RUN_NOTEBOOKS, KERNEL_NAME, str(folder), str(inbox),
         str(outbox), *notebooks],
        cwd=folder, env=install.env,
    )  # fmt: skip
    results: dict[str, tuple[nbformat.NotebookNode | None, str, dict[str, str]]] = {}
    for name in notebooks:
        failed = outbox / f"{name}.error"
        if failed.exists():
            results[name] = (None, failed.read_text(encoding="utf-8"), {})
            continue
        executed = nbformat.read(outbox / name, as_version=4)
        probe = executed.cells.pop()
        text = "".join(o.get("text", "") for o in probe.outputs)
        kernel = json.loads(text.split("PROBE ", 1)[1])
        results[name] = (regenerator.normalize(executed), "", kernel)
    return results


@pytest.fixture(scope="module")
def runs(installed: Install) -> dict[str, NotebookRun]:
    """Every notebook, answered, run by the install from a read-only folder of notebooks only."""
    course = installed.work / "learner" / "course"
    course.mkdir(parents=True)
    shipped = {name: nbformat.read(ROOT / "notebooks" / name, as_version=4) for name in NOTEBOOKS}
    keys = {}
    for name, nb in shipped.items():
        shutil.copy2(ROOT / "notebooks" / name, course / name)
        keys[name] = answered(nb)
    read_only = course.parent  # the folder and its parent: no writes beside or above
    _set_writable(read_only, False)
    before = _tree(read_only)
    try:
        results = _execute(installed, course, keys)
    finally:
        _set_writable(read_only, True)  # let pytest clean the folder up
    assert _tree(read_only) == before, "a notebook wrote into the (read-only) course folder"
    return {name: NotebookRun(shipped[name], *results[name]) for name in NOTEBOOKS}


def test_the_course_installs_non_editable_with_its_files_settings_and_dependencies(
    installed: Install,
):
    env = installed.env
    work = installed.work / "elsewhere"
    work.mkdir()
    probe = json.loads(_run([str(installed.python), "-c", PROBE], cwd=work, env=env).stdout)

    # Non-editable: the package, its data and its metadata come from the fresh site-packages.
    purelib = installed.purelib
    assert Path(probe["prefix"]) == installed.env_dir
    assert Path(probe["course_utils"]).is_relative_to(purelib), probe["course_utils"]
    assert Path(probe["subset_path"]).is_relative_to(purelib), probe["subset_path"]
    assert Path(probe["metadata_files"]) == purelib
    assert probe["subset_shape"] == [4000, 784]
    assert probe["editable_loaded"] == [], probe["editable_loaded"]
    assert not any("editable" in f.lower() for f in probe["meta_path"]), probe["meta_path"]
    assert not any(str(ROOT) in f for f in probe["meta_path"]), probe["meta_path"]

    # Every file of the package (every subpackage, the data file, the type marker) is installed.
    files = {Path(f).as_posix() for f in probe["files"]}
    expected = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "course_utils").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    assert expected - files == set(), f"not installed: {sorted(expected - files)}"
    subpackages = {p.parent.name for p in (ROOT / "course_utils").glob("*/__init__.py")}
    assert {"numeric", "autodiff", "learning", "figures", "explorers", "exercises"} <= subpackages
    assert {"course_utils/learning/mnist_subset.npz", "course_utils/py.typed"} <= files

    # Honest dependencies: imported third-party modules are declared, and present as declared.
    declared = {r.split(">=")[0].lower().replace("_", "-") for r in probe["declared"]}
    for module, owners in probe["third_party"].items():
        owners = {o.lower().replace("_", "-") for o in owners}
        assert owners & declared, f"course_utils imports {module} ({owners}), undeclared"
    for requirement, version in probe["installed"].items():
        assert version is not None, f"declared dependency {requirement} is not installed"
        lower = requirement.split(">=")[1].strip() if ">=" in requirement else "0"
        as_tuple = lambda v: tuple(int(x) for x in v.split(".")[:3] if x.isdigit())  # noqa: E731
        assert as_tuple(version) >= as_tuple(lower), f"{requirement}: {version} installed"

    # The settings reach a plain `jupyter lab` of that environment; the launcher is installed.
    labconfig = installed.env_dir / "etc" / "jupyter" / "labconfig"
    for installed_file, source in (
        (labconfig / "default_setting_overrides.d" / "calculus-for-ml.json", launch.SETTINGS_FILE),
        (labconfig / "page_config.d" / "calculus-for-ml.json", launch.PAGE_CONFIG_FILE),
    ):
        assert installed_file.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
    seen = _run(
        [str(installed.python), "-c",
         "import json; from jupyterlab_server.settings_utils import _get_overrides; "
         "from jupyterlab_server.config import get_static_page_config; "
         "print(json.dumps([_get_overrides('/nonexistent')[0], "
         "get_static_page_config()['disabledExtensions']]))"],
        env={**env, "JUPYTER_CONFIG_DIR": str(installed.work / "user-config")},
    )  # fmt: skip
    overrides, disabled = json.loads(seen.stdout)
    assert overrides["@jupyter-widgets/jupyterlab-manager:plugin"]["saveState"] is True
    assert disabled == {"@jupyterlab/application-extension:faviconbusy": True}
    scripts = installed.env_dir / ("Scripts" if os.name == "nt" else "bin")
    assert any(p.name.startswith("calculus-for-ml") for p in scripts.iterdir())


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_notebook_runs_from_a_read_only_folder_in_the_installed_kernel(
    name: str, installed: Install, runs: dict[str, NotebookRun]
):
    run = runs[name]
    assert run.executed is not None, f"{name} raised in the install path:\n{run.error}"
    errors = [
        (i, out.get("ename"), out.get("evalue"))
        for i, cell in enumerate(run.executed.cells)
        if cell.cell_type == "code" and not regenerator.has_nbval_option(cell, "raises-exception")
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert errors == [], f"{name}: {errors}"
    assert Path(run.kernel["executable"]).parent == installed.python.parent, run.kernel
    assert Path(run.kernel["course_utils"]).is_relative_to(installed.purelib), run.kernel


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_solutions_injected_into_the_scaffolds_reproduce_the_reference_run(
    name: str, installed: Install, runs: dict[str, NotebookRun]
):
    run = runs[name]
    if run.executed is None:
        pytest.fail(f"{name} raised in the install path:\n{run.error}", pytrace=False)
    scaffolds = set(solution_sources(run.shipped))
    problems = compare(run.shipped, run.executed, scaffolds)
    if problems:
        # Stored outputs may come from other library versions (the minimum-versions run):
        # compare with a fresh run of the shipped notebook in the same environment instead.
        folder = installed.work / "fresh"
        folder.mkdir(exist_ok=True)
        ((fresh, error, _),) = _execute(installed, folder, {name: run.shipped}).values()
        assert fresh is not None, f"{name} as shipped raised in the install path:\n{error}"
        problems = compare(fresh, run.executed, scaffolds)
    assert not problems, "\n".join(problems)
