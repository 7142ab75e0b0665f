"""Install test: the course as Binder, a JupyterHub image or ``pip install git+...`` install it.

One test builds the wheel from a copy of the sources (``python -m build --wheel``, the way pip
builds it), checks that the wheel holds every subpackage, the MNIST subset and ``py.typed``,
installs it **non-editable** with ``--no-deps`` into a fresh virtual environment, and runs
notebooks 01 and 06 there with nbclient from a folder outside the checkout that holds nothing but
copies of the notebooks.

The fresh environment gets its third-party dependencies without reinstalling the Jupyter stack
from PyPI: a ``.pth`` file adds this environment's site-packages folders to its ``sys.path``. A path
line in a ``.pth`` file does not process the ``.pth`` files inside that folder, so the editable
install's ``__editable__`` finder never runs there; the test asserts that ``course_utils`` (and its
MNIST subset) are imported from the fresh environment's own site-packages, that every third-party
module the installed package imports is a declared dependency, and that each declared dependency is
present at a version the declaration allows.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import site
import subprocess
import sys
import textwrap
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ["01_derivatives.ipynb", "06_mnist_from_scratch.ipynb"]
KERNEL_NAME = "course-wheel-install-test"

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
        "editable_loaded": sorted(m for m in sys.modules if "editable" in m),
        "meta_path": [repr(f) for f in sys.meta_path],
        "third_party": {name: owners.get(name, []) for name in third_party},
        "declared": declared,
        "installed": installed,
    }))
    """
)

# Run inside the fresh environment: execute the notebooks in a kernel of that environment.
RUN_NOTEBOOKS = textwrap.dedent(
    """
    import json, sys
    import nbformat
    from nbclient import NotebookClient

    kernel_name, *paths = sys.argv[1:]
    probe = (
        "import json, sys, course_utils\\n"
        "print('PROBE ' + json.dumps({'executable': sys.executable,"
        " 'course_utils': course_utils.__file__}))"
    )
    report = {}
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        nb.cells.append(nbformat.v4.new_code_cell(probe))
        NotebookClient(
            nb, timeout=600, kernel_name=kernel_name, resources={"metadata": {"path": "."}}
        ).execute()
        errors = [
            (i, out.get("ename"), out.get("evalue"))
            for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
            for out in cell.get("outputs", []) if out.get("output_type") == "error"
        ]
        text = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
        report[path] = {"errors": errors, "probe": json.loads(text.split("PROBE ", 1)[1])}
    print("REPORT " + json.dumps(report))
    """
)


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{cmd} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.pop("COURSE_MNIST", None)  # the bundled subset, whatever the caller's shell says
    env.update(extra)
    return env


def _fresh_python(venv_dir: Path) -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return venv_dir / scripts / ("python.exe" if os.name == "nt" else "python")


def test_wheel_installs_non_editable_and_runs_notebooks_outside_the_checkout(tmp_path):
    if importlib.util.find_spec("build") is None:
        pytest.skip("`build` is not installed (it comes with the [test] extra): cannot build")
    if importlib.util.find_spec("venv") is None or importlib.util.find_spec("pip") is None:
        pytest.skip("venv or pip is unavailable in this Python: cannot make a fresh environment")

    # 1. Build the wheel from a copy of the sources (no build/ or egg-info left in the checkout).
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(ROOT / "course_utils", source / "course_utils", ignore=ignore)
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(source)])
    (wheel,) = dist.glob("*.whl")

    # 2. The wheel holds every module of every subpackage, the data file and the type marker.
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "course_utils").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    assert expected - names == set(), f"missing from the wheel: {sorted(expected - names)}"
    subpackages = {p.parent.name for p in (ROOT / "course_utils").glob("*/__init__.py")}
    assert {"numeric", "autodiff", "learning", "figures", "explorers", "exercises"} <= subpackages
    assert {"course_utils/learning/mnist_subset.npz", "course_utils/py.typed"} <= names

    # 3. A fresh environment without pip; the wheel installed into it, non-editable, no deps.
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(env_dir)
    python = _fresh_python(env_dir)
    _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "--no-compile", "--disable-pip-version-check", str(wheel)],
        env=_clean_env(),
    )  # fmt: skip
    where = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    purelib = Path(_run([str(python), "-c", where]).stdout.strip())
    # Dependencies: this environment's site-packages as plain path lines (no .pth processing).
    ours = [p for p in site.getsitepackages() if Path(p).is_dir() and Path(p) != purelib]
    (purelib / "zz_course_test_dependencies.pth").write_text("\n".join(ours) + "\n")

    # 4. Everything runs from a folder outside the checkout holding only copies of notebooks.
    work = tmp_path / "work"
    work.mkdir()
    for name in NOTEBOOKS:
        shutil.copy2(ROOT / "notebooks" / name, work / name)
    kernels = tmp_path / "jupyter" / "kernels" / KERNEL_NAME
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "fresh wheel install",
                "language": "python",
            }
        )
    )
    env = _clean_env(JUPYTER_PATH=str(tmp_path / "jupyter"), IPYTHONDIR=str(tmp_path / "ipython"))

    probe = json.loads(_run([str(python), "-c", PROBE], cwd=work, env=env).stdout)
    assert Path(probe["prefix"]) == env_dir
    assert Path(probe["course_utils"]).is_relative_to(purelib), probe["course_utils"]
    assert Path(probe["subset_path"]).is_relative_to(purelib), probe["subset_path"]
    assert Path(probe["metadata_files"]) == purelib
    assert probe["subset_shape"] == [4000, 784]
    assert probe["editable_loaded"] == [], probe["editable_loaded"]
    assert not any("editable" in f.lower() for f in probe["meta_path"]), probe["meta_path"]
    assert not any(str(ROOT) in f for f in probe["meta_path"]), probe["meta_path"]

    declared = {r.split(">=")[0].lower().replace("_", "-") for r in probe["declared"]}
    for module, owners in probe["third_party"].items():
        owners = {o.lower().replace("_", "-") for o in owners}
        assert owners & declared, f"course_utils imports {module} ({owners}), undeclared"
    for requirement, version in probe["installed"].items():
        assert version is not None, f"declared dependency {requirement} is not installed"
        lower = requirement.split(">=")[1].strip() if ">=" in requirement else "0"
        as_tuple = lambda v: tuple(int(x) for x in v.split(".")[:3] if x.isdigit())  # noqa: E731
        assert as_tuple(version) >= as_tuple(lower), f"{requirement}: {version} installed"

    # 5. Notebooks 01 and 06 in a kernel of the fresh environment: no cell raises.
    result = _run([str(python), "-c", RUN_NOTEBOOKS, KERNEL_NAME, *NOTEBOOKS], cwd=work, env=env)
    report = json.loads(result.stdout.split("REPORT ", 1)[1])
    for name in NOTEBOOKS:
        assert report[name]["errors"] == [], f"{name}: {report[name]['errors']}"
        kernel = report[name]["probe"]
        assert Path(kernel["executable"]).parent == python.parent, kernel
        assert Path(kernel["course_utils"]).is_relative_to(purelib), kernel
    assert sorted(p.name for p in work.iterdir()) == sorted(NOTEBOOKS)  # nothing written beside
