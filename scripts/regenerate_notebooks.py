"""Re-execute the course notebooks and store their outputs deterministically.

This is the only supported way to refresh stored outputs (strict nbval compares against them).
Each notebook runs top to bottom in a fresh kernel of *this* Python environment, from the
``notebooks/`` folder, with the same environment the test suite uses (PYTHONHASHSEED=0, no
MPLBACKEND). Volatile metadata is then stripped: execution timestamps, widget state and the
widget-view outputs whose model ids are random (the static PNG and text stored beside them stay,
so GitHub, nbviewer and a kernel-less JupyterLab still show the figure).

Usage::

    python scripts/regenerate_notebooks.py                # all notebooks, rewritten in place
    python scripts/regenerate_notebooks.py notebooks/01_derivatives.ipynb
    python scripts/regenerate_notebooks.py --check        # exit 1 if a rerun would change a file

Running it twice in a row changes nothing, except in cells tagged ``nbval-ignore-output`` (or,
in notebooks not yet converted to tags, marked with a line ``# NBVAL_IGNORE_OUTPUT``): those print
measurements that differ from run to run (wall times), and ``--check`` does not compare their
outputs, just as strict nbval does not. Cells tagged ``nbval-skip`` (or ``# NBVAL_SKIP``) are
not run by nbval; they are still run here, and ``--check`` ignores their outputs too.

``run(nb, folder)`` executes an in-memory notebook the same way; ``test_environment()`` is also
the environment ``tests/test_install.py`` runs the notebooks with, answered, in the installed
course.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
TIMEOUT_S = 900


def test_environment() -> dict[str, str]:
    """The environment notebooks run in, for regeneration and for the tests alike."""
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # would leak into the kernel and hide inline figures
    env["PYTHONHASHSEED"] = "0"
    # One BLAS thread: identical floating-point results on every run and no oversubscription
    # when the browser test runs kernels beside Chromium on two cores.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"
    return env


def normalize(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip what changes from run to run without changing what a reader sees.

    Widget state and widget views go (their model ids are random), so do execution timestamps;
    consecutive stream outputs are merged (how print() output is split into messages depends on
    timing, not on the code).
    """
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        merged: list[nbformat.NotebookNode] = []
        for output in cell.get("outputs", []):
            data = output.get("data")
            if data is not None:
                data.pop(WIDGET_VIEW, None)
            output.get("metadata", {}).pop("transient", None)
            previous = merged[-1] if merged else None
            if (
                output.output_type == "stream"
                and previous is not None
                and previous.output_type == "stream"
                and previous.name == output.name
            ):
                previous.text += output.text
            else:
                merged.append(output)
        cell.outputs = merged
    return nb


#: nbval's cell tags and the whole-line comment markers with the same meaning.
NBVAL_TAGS = {
    "nbval-ignore-output": "# NBVAL_IGNORE_OUTPUT",
    "nbval-check-output": "# NBVAL_CHECK_OUTPUT",
    "nbval-skip": "# NBVAL_SKIP",
    "raises-exception": "# NBVAL_RAISES_EXCEPTION",
}


def has_nbval_option(cell: nbformat.NotebookNode, tag: str) -> bool:
    """Whether ``cell`` carries nbval's option ``tag``, as a cell tag or as its comment marker."""
    if tag in cell.get("metadata", {}).get("tags", []):
        return True
    marker = NBVAL_TAGS[tag]
    return any(line.strip() == marker for line in cell.get("source", "").splitlines())


def is_volatile(cell: nbformat.NotebookNode) -> bool:
    """Cells whose output strict nbval does not compare: measurements that legitimately differ
    between runs (``nbval-ignore-output``) and cells nbval does not run (``nbval-skip``)."""
    return cell.cell_type == "code" and (
        has_nbval_option(cell, "nbval-ignore-output") or has_nbval_option(cell, "nbval-skip")
    )


def comparable(nb: nbformat.NotebookNode) -> str:
    """The notebook as text with the outputs of volatile cells left out (for ``--check``)."""
    copy = nbformat.from_dict(nb)
    for cell in copy.cells:
        if is_volatile(cell):
            cell.outputs = []
    return dumps(copy)


def execute(path: Path) -> nbformat.NotebookNode:
    """Run ``path`` in a fresh kernel and return the normalized notebook (not written)."""
    return run(nbformat.read(path, as_version=4), path.parent)


def run(nb: nbformat.NotebookNode, folder: Path) -> nbformat.NotebookNode:
    """Run the in-memory notebook ``nb`` in a fresh kernel started in ``folder``, with the test
    environment; return it normalized (``nb`` itself is filled in)."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(test_environment())
    try:
        client = NotebookClient(
            nb,
            timeout=TIMEOUT_S,
            kernel_name="python3",
            resources={"metadata": {"path": str(folder)}},
        )
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return normalize(nb)


def dumps(nb: nbformat.NotebookNode) -> str:
    """Serialise exactly as stored in the repository."""
    return nbformat.writes(nb, version=4) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/*.ipynb")
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if re-executing would change a stored file",
    )
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.notebooks] or sorted(NOTEBOOK_DIR.glob("*.ipynb"))
    if not paths:
        print("no notebooks found", file=sys.stderr)
        return 1
    changed = []
    for path in paths:
        start = time.perf_counter()
        fresh = execute(path)
        seconds = time.perf_counter() - start
        text = dumps(fresh)
        old = path.read_text(encoding="utf-8")
        if args.check:
            stored = nbformat.reads(old, as_version=4)
            same = comparable(fresh) == comparable(stored)
            status = "unchanged" if same else "WOULD CHANGE"
            if not same:
                changed.append(path)
        else:
            if text != old:
                path.write_text(text, encoding="utf-8")
                changed.append(path)
            status = "unchanged" if text == old else "rewritten"
        print(f"{path.relative_to(ROOT)}: {status} ({seconds:.1f} s)")
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
