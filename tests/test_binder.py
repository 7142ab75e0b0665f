"""The classroom case: Binder (repo2docker), a JupyterHub image, a shared MNIST.

* What repo2docker builds from the repository as it is: ``jupyter-repo2docker --no-build --debug``
  prints its Dockerfile without Docker; it must install the course **non-editable**
  (``pip install --no-cache-dir .`` as the notebook user, after the repository is copied in).
  Skipped where repo2docker is not installed (``pip install jupyter-repo2docker``, or
  ``COURSE_REPO2DOCKER=/path/to/jupyter-repo2docker``). That install path itself, reproduced
  without Docker (a fresh environment, ``pip install .`` of a clone, every notebook run from a
  read-only folder in a kernel of that environment, the settings a plain ``jupyter lab`` reads),
  is ``tests/test_install.py``.
* One variable, ``COURSE_MNIST_DIR``, points every user of a hub at one shared, read-only copy of
  the full MNIST files, never downloading per user.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course_utils.learning import data

ROOT = Path(__file__).resolve().parent.parent
SHARED_MNIST = ROOT.parent / "shared" / "data" / "mnist"
KERNEL_NAME = "course-repo2docker-path-test"
#: What is not part of a clone of the repository (repo2docker copies a clone).
NOT_IN_A_CLONE = shutil.ignore_patterns(
    ".git", ".venv", "__pycache__", "*.pyc", "*.egg-info", "build", "dist", "test-results",
    ".ipynb_checkpoints", ".pytest_cache", ".mypy_cache", ".ruff_cache",
)  # fmt: skip


def _clone_like_copy(dest: Path) -> Path:
    shutil.copytree(ROOT, dest, ignore=NOT_IN_A_CLONE, symlinks=True)
    return dest


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, (
        f"{cmd} failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    )
    return result


def _repo2docker() -> list[str] | None:
    override = os.environ.get("COURSE_REPO2DOCKER")
    if override:
        return [override]
    found = shutil.which("jupyter-repo2docker")
    if found:
        return [found]
    try:
        import repo2docker  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-m", "repo2docker"]


# repo2docker's own logging dependency warns about its old module name when it is imported.
@pytest.mark.filterwarnings("ignore:pythonjsonlogger.jsonlogger has been moved:DeprecationWarning")
def test_repo2docker_installs_the_course_non_editable(tmp_path):
    command = _repo2docker()
    if command is None:
        pytest.skip(
            "repo2docker is not installed (`pip install jupyter-repo2docker`, or set "
            "COURSE_REPO2DOCKER to its executable); its Dockerfile was not checked"
        )
    repo = _clone_like_copy(tmp_path / "repo")
    result = _run(
        [*command, "--no-build", "--debug", "--user-id", "1000", "--user-name", "jovyan",
         str(repo)],
        cwd=tmp_path,
    )  # fmt: skip
    dockerfile = result.stdout
    lines = [line.strip() for line in dockerfile.splitlines()]
    installs = [i for i, line in enumerate(lines) if re.search(r"\bpip install\b", line)]
    assert installs, f"repo2docker installs nothing with pip:\n{dockerfile[-3000:]}"
    course = [i for i in installs if re.search(r"pip install --no-cache-dir \.$", lines[i])]
    assert course, "the course is not installed with `pip install .`:\n" + "\n".join(
        lines[i] for i in installs
    )
    assert not any(re.search(r"(\s-e\s|--editable)", lines[i]) for i in installs), (
        "repo2docker would install the course editable"
    )
    (install,) = course
    copy = max(i for i, line in enumerate(lines[:install]) if "src/ ${REPO_DIR}/" in line)
    assert "--chown=1000:1000" in lines[copy], lines[copy]
    users = [line for line in lines[copy:install] if line.startswith("USER ")]
    assert users and users[-1] == "USER ${NB_USER}", users
    # The Python it picks satisfies requires-python (>= 3.10).
    # (the conda lock file's name is escaped in the Dockerfile: "environment-2epy-2d3-2e10-...")
    logged = re.search(r"environment-2epy-2d3-2e(\d+)", dockerfile)
    assert logged, "no conda environment lock in the Dockerfile"
    assert int(logged.group(1)) >= 10, f"Python 3.{logged.group(1)}"


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder below ``folder`` with its size and modification time."""
    return {
        str(p.relative_to(folder)): (p.stat().st_size if p.is_file() else 0, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


# -- one shared, read-only MNIST for a whole hub -----------------------------------------------


@pytest.fixture
def no_download(monkeypatch):
    """Fail if anything tries to download MNIST; returns the list of attempted folders."""
    attempts: list[Path] = []

    def refuse(folder, **kwargs):
        attempts.append(Path(folder))
        raise data.DataError(f"test: no download into {folder}")

    monkeypatch.setattr(data, "download_mnist", refuse)
    monkeypatch.delenv("COURSE_MNIST", raising=False)
    return attempts


@pytest.mark.skipif(not SHARED_MNIST.is_dir(), reason="the shared original MNIST files are absent")
def test_one_variable_points_chapter_06_at_a_shared_copy_without_writing(monkeypatch, no_download):
    monkeypatch.setenv("COURSE_MNIST_DIR", str(SHARED_MNIST))
    before = _tree(SHARED_MNIST)
    dataset = data.load_course_mnist()
    assert dataset.x_train.shape == (60000, 784) and dataset.x_test.shape == (10000, 784)
    assert no_download == []
    assert _tree(SHARED_MNIST) == before


def test_a_read_only_shared_folder_lacking_files_is_reported_not_downloaded(
    tmp_path, monkeypatch, no_download
):
    shared = tmp_path / "mnist"
    shared.mkdir()
    shared.chmod(0o555)
    if os.access(shared, os.W_OK):  # root ignores permissions: play the learner's part
        monkeypatch.setattr(os, "access", lambda path, mode: False)
    monkeypatch.setenv("COURSE_MNIST_DIR", str(shared))
    with pytest.raises(data.DataError, match=r"read-only, so nothing is downloaded"):
        data.load_course_mnist()
    assert no_download == []


def test_a_writable_folder_lacking_files_gets_them_downloaded_once(
    tmp_path, monkeypatch, no_download
):
    monkeypatch.setenv("COURSE_MNIST_DIR", str(tmp_path / "mnist"))
    with pytest.raises(data.DataError, match="test: no download"):
        data.load_course_mnist()
    assert no_download == [tmp_path / "mnist"]


def test_course_mnist_subset_wins_over_a_shared_folder(tmp_path, monkeypatch, no_download):
    monkeypatch.setenv("COURSE_MNIST_DIR", str(tmp_path / "nothing-here"))
    monkeypatch.setenv("COURSE_MNIST", "subset")
    assert data.load_course_mnist().x_train.shape == (4000, 784)
    assert no_download == []
