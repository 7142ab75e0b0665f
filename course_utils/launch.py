"""The course's launcher: ``calculus-for-ml [CHAPTER]`` opens JupyterLab on a chapter.

Installed with the package as a console script (``[project.scripts]`` in ``pyproject.toml``). It

* finds the course folder (``--root``, else the current folder or one above it that holds
  ``notebooks/01_derivatives.ipynb``, else the checkout this package was installed from in
  editable mode) and makes it JupyterLab's root, so ``notebooks/``, ``data/`` and
  ``course_utils/`` can all be browsed;
* opens the first chapter, or the one given (``4``, ``04``, ``04_gradient_descent``, or a path);
* applies the course's JupyterLab settings: :data:`CONFIG_DIR` goes first on
  ``JUPYTER_CONFIG_PATH``. Its :data:`SETTINGS_FILE` turns on the widget manager's
  ``saveState``, so a saved notebook keeps its figures when it is reopened without its kernel,
  and shows the kernel's progress indicator in the status bar instead of the notebook toolbar;
  its :data:`PAGE_CONFIG_FILE` turns off the busy favicon. Both keep a slider move cheap: the
  toolbar re-measured every button (a forced page layout) and the favicon was fetched again on
  every kernel busy/idle, twice per widget message (CONTRIBUTING.md, Performance). The wheel
  installs the same files into ``<prefix>/etc/jupyter/labconfig``, for a plain ``jupyter lab``
  or ``jupyter notebook``;
* starts JupyterLab as root only with ``--allow-root`` and says so (Docker, cloud VMs, WSL);
* picks a free port (8888 first), makes a random token and prints the URL before starting.

Everything after ``--`` goes to ``jupyter lab`` unchanged (e.g. ``-- --ip=0.0.0.0``).

This module imports nothing else from ``course_utils`` (the top layer, on its own).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import socket
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = [
    "CONFIG_DIR",
    "FIRST_CHAPTER",
    "PAGE_CONFIG_FILE",
    "SETTINGS_FILE",
    "LaunchError",
    "build_command",
    "find_course_root",
    "jupyter_environment",
    "main",
    "resolve_chapter",
]

#: The course's Jupyter configuration folder, put first on ``JUPYTER_CONFIG_PATH``.
CONFIG_DIR = Path(__file__).resolve().parent / "jupyter_config"
#: JupyterLab (and Notebook 7) read default-setting overrides from ``labconfig/`` of every
#: Jupyter config folder; the wheel installs this file as
#: ``<prefix>/etc/jupyter/labconfig/default_setting_overrides.d/calculus-for-ml.json`` too.
SETTINGS_FILE = CONFIG_DIR / "labconfig" / "default_setting_overrides.d" / "calculus-for-ml.json"
#: Page configuration read from ``labconfig/page_config.d/`` of every Jupyter config folder: the
#: JupyterLab plugins the course turns off (the busy favicon); installed by the wheel as
#: ``<prefix>/etc/jupyter/labconfig/page_config.d/calculus-for-ml.json`` too.
PAGE_CONFIG_FILE = CONFIG_DIR / "labconfig" / "page_config.d" / "calculus-for-ml.json"
FIRST_CHAPTER = "01_derivatives.ipynb"
DEFAULT_PORT = 8888
PORT_ATTEMPTS = 50


class LaunchError(RuntimeError):
    """The course folder or the chapter could not be found (the message says what to do)."""


def _is_course_root(folder: Path) -> bool:
    return (folder / "notebooks" / FIRST_CHAPTER).is_file()


def find_course_root(start: Path | None = None) -> Path:
    """The course folder: ``start`` (default: the current folder) or a parent of it that holds
    ``notebooks/01_derivatives.ipynb``; else the checkout of an editable install.

    Raises
    ------
    LaunchError
        When no such folder is found.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _is_course_root(folder):
            return folder
    checkout = Path(__file__).resolve().parents[1]
    if _is_course_root(checkout):
        return checkout
    raise LaunchError(
        f"no course folder at or above {here} (one holding notebooks/{FIRST_CHAPTER}). "
        "Run this command inside the course folder (the repository you cloned), or pass "
        "--root PATH."
    )


def resolve_chapter(root: Path, chapter: str | None) -> Path:
    """The notebook to open: the first chapter, or ``chapter`` given as ``4``, ``04``,
    ``04_gradient_descent``, ``04_gradient_descent.ipynb`` or a path to a notebook.

    Returns an absolute path inside ``root``.
    """
    notebooks = root / "notebooks"
    if chapter is None or not chapter.strip():
        return notebooks / FIRST_CHAPTER
    chapter = chapter.strip()
    as_path = Path(chapter).expanduser()
    for candidate in (as_path, root / as_path, notebooks / as_path):
        if candidate.suffix == ".ipynb" and candidate.is_file():
            path = candidate.resolve()
            if not path.is_relative_to(root):
                raise LaunchError(f"{path} is outside the course folder {root}")
            return path
    available = sorted(notebooks.glob("[0-9][0-9]_*.ipynb"))
    number = re.fullmatch(r"(?:ch(?:apter)?)?\s*0*(\d{1,2})", chapter, flags=re.I)
    if number:
        matches = [p for p in available if int(p.name[:2]) == int(number.group(1))]
    else:
        stem = chapter.removesuffix(".ipynb")
        matches = [p for p in available if p.stem == stem or p.stem[3:] == stem]
    if len(matches) != 1:
        names = ", ".join(p.stem for p in available) or "none"
        raise LaunchError(f"no chapter {chapter!r} in {notebooks}; the chapters are: {names}")
    return matches[0]


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port(first: int = DEFAULT_PORT) -> int:
    """The first free TCP port from ``first`` on (as ``jupyter lab`` itself would try them)."""
    for port in range(first, first + PORT_ATTEMPTS):
        if _port_is_free(port):
            return port
    raise LaunchError(f"no free port in {first}-{first + PORT_ATTEMPTS - 1}; pass --port")


def jupyter_environment(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """``base`` (default: this process's environment) with :data:`CONFIG_DIR` first on
    ``JUPYTER_CONFIG_PATH``: JupyterLab then applies the course's settings."""
    env = dict(os.environ if base is None else base)
    rest = [p for p in env.get("JUPYTER_CONFIG_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join([str(CONFIG_DIR), *rest])
    return env


def running_as_root() -> bool:
    """Whether this process runs as root (POSIX; never on Windows)."""
    geteuid = getattr(os, "geteuid", None)
    return geteuid is not None and geteuid() == 0


def build_command(
    root: Path,
    notebook: Path,
    port: int,
    *,
    as_root: bool = False,
    open_browser: bool = True,
    extra: Sequence[str] = (),
) -> list[str]:
    """The ``jupyter lab`` command line (the token goes in the environment, not here)."""
    cmd = [
        sys.executable, "-m", "jupyterlab",
        str(notebook),
        f"--ServerApp.root_dir={root}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
    ]  # fmt: skip
    if as_root:
        cmd.append("--allow-root")
    if not open_browser:
        cmd.append("--no-browser")
    return [*cmd, *extra]


def lab_url(root: Path, notebook: Path, port: int, token: str, host: str = "localhost") -> str:
    """The address of ``notebook`` in the JupyterLab the launcher starts."""
    relative = notebook.relative_to(root).as_posix()
    return f"http://{host}:{port}/lab/tree/{relative}?token={token}"


ROOT_MESSAGE = (
    "You are running as root (usual in Docker containers, cloud VMs and WSL). JupyterLab refuses "
    "to start as root unless told to, so the course starts it with --allow-root. The notebooks' "
    "code then runs as root: keep the server on localhost (the default) and prefer a normal user "
    "account where you have one."
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="calculus-for-ml",
        description="Open the Calculus for ML course in JupyterLab (the course folder is the "
        "root; widget state is saved with the notebooks).",
        epilog="Arguments after -- go to `jupyter lab` unchanged, e.g. -- --ip=0.0.0.0",
    )
    parser.add_argument(
        "chapter", nargs="?", help="chapter to open: 1-6, 04, 04_gradient_descent or a path"
    )
    parser.add_argument("--root", type=Path, help="the course folder (default: found from here)")
    parser.add_argument(
        "--port", type=int, help=f"port (default: the first free one from {DEFAULT_PORT})"
    )
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    parser.add_argument(
        "--list", action="store_true", help="list the chapters and exit (nothing is started)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print the command and the URL; start nothing"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``calculus-for-ml`` command; returns the exit code."""
    args_in = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in args_in:
        cut = args_in.index("--")
        args_in, extra = args_in[:cut], args_in[cut + 1 :]
    args = _parser().parse_args(args_in)
    try:
        if args.root:
            root = args.root.expanduser().resolve()
            if not _is_course_root(root):
                raise LaunchError(
                    f"{args.root} is not a course folder (no notebooks/{FIRST_CHAPTER})"
                )
        else:
            root = find_course_root()
        if args.list:
            for path in sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb")):
                print(path.stem)
            return 0
        notebook = resolve_chapter(root, args.chapter)
        port = args.port if args.port is not None else free_port()
    except LaunchError as exc:
        print(f"calculus-for-ml: {exc}", file=sys.stderr)
        return 2
    as_root = running_as_root()
    token = os.environ.get("JUPYTER_TOKEN") or secrets.token_hex(24)
    cmd = build_command(
        root, notebook, port, as_root=as_root, open_browser=not args.no_browser, extra=extra
    )
    env = jupyter_environment()
    env["JUPYTER_TOKEN"] = token
    if as_root:
        print(ROOT_MESSAGE, file=sys.stderr)
    print(f"Course folder: {root}")
    print(f"Open this address in your browser (Ctrl+C here stops JupyterLab):\n\n    "
          f"{lab_url(root, notebook, port, token)}\n", flush=True)  # fmt: skip
    if args.dry_run:
        print(" ".join(cmd))
        return 0
    try:
        return subprocess.call(cmd, cwd=root, env=env)
    except KeyboardInterrupt:  # JupyterLab got the Ctrl+C too and shuts down by itself
        return 130


if __name__ == "__main__":
    sys.exit(main())
