"""Generate the chapter → helper → module table from the notebooks' own imports.

Every notebook imports its helpers from ``course_utils`` (and its exercise checks from
``course_utils.exercises``); this script reads those import statements, finds the module that
defines each name, and writes one markdown table between the markers
``<!-- helper table: start -->`` and ``<!-- helper table: end -->`` in CONTRIBUTING.md and in the
docstring of ``course_utils/__init__.py``. ``tests/test_architecture.py`` fails when either copy is
stale, so the pointer from a lesson to its helpers cannot drift.

    python scripts/helper_table.py           # rewrite both copies
    python scripts/helper_table.py --check   # exit 1 if either copy is stale
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import pkgutil
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
START, END = "<!-- helper table: start -->", "<!-- helper table: end -->"
TARGETS = [ROOT / "CONTRIBUTING.md", ROOT / "course_utils" / "__init__.py"]


def notebook_imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) for every ``from course_utils… import name`` in the notebook's code cells."""
    found: list[tuple[str, str]] = []
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("course_utils"):
                found.extend((node.module or "", alias.name) for alias in node.names)
    return found


def _modules() -> list[ModuleType]:
    package = importlib.import_module("course_utils")
    names = [m.name for m in pkgutil.walk_packages(package.__path__, "course_utils.")]
    return [importlib.import_module(name) for name in sorted(names)]


def home_module(module: str, name: str) -> str:
    """The module that defines ``name`` as imported ``from module``."""
    try:  # ``from course_utils.exercises import ch01``: the name is itself a module
        return importlib.import_module(f"{module}.{name}").__name__
    except ModuleNotFoundError:
        pass
    obj = getattr(importlib.import_module(module), name)
    defined_in = getattr(obj, "__module__", None)
    if isinstance(defined_in, str) and defined_in.startswith("course_utils."):
        return defined_in
    # Constants (dicts, arrays): the one submodule that lists the very object in its __all__.
    homes = [
        m.__name__
        for m in _modules()
        if name in getattr(m, "__all__", ()) and getattr(m, name, None) is obj
    ]
    if len(homes) != 1:
        raise LookupError(f"cannot tell which module defines {name!r}: {homes}")
    return homes[0]


def module_path(module: str) -> str:
    """``course_utils.numeric.derivatives`` → ``numeric/derivatives.py``."""
    return module.removeprefix("course_utils.").replace(".", "/") + ".py"


def usage() -> dict[str, dict[str, list[str]]]:
    """notebook stem → module path → sorted helper names."""
    table: dict[str, dict[str, list[str]]] = {}
    for notebook in NOTEBOOKS:
        rows: dict[str, set[str]] = {}
        for module, name in notebook_imports(notebook):
            home = home_module(module, name)
            shown = "(exercise checks)" if home.startswith("course_utils.exercises.ch") else name
            rows.setdefault(module_path(home), set()).add(shown)
        table[notebook.stem] = {path: sorted(names) for path, names in sorted(rows.items())}
    return table


def first_notebook_per_module() -> dict[str, str]:
    """module path → the first notebook (in course order) that uses one of its helpers."""
    first: dict[str, str] = {}
    for notebook, rows in usage().items():
        for path in rows:
            first.setdefault(path, notebook)
    return first


def render() -> str:
    lines = ["| notebook | module | helpers |", "|---|---|---|"]
    for notebook, rows in usage().items():
        for path, names in rows.items():
            shown = ", ".join(n if n.startswith("(") else f"`{n}`" for n in names)
            lines.append(f"| {notebook} | `course_utils/{path}` | {shown} |")
    return "\n".join(lines)


def replaced(text: str, table: str) -> str:
    head, start, rest = text.partition(START)
    _, end, tail = rest.partition(END)
    if not start or not end:
        raise ValueError(f"the markers {START} … {END} are missing")
    return f"{head}{START}\n{table}\n{END}{tail}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a copy is stale")
    args = parser.parse_args(argv)
    table = render()
    stale = []
    for target in TARGETS:
        text = target.read_text(encoding="utf-8")
        new = replaced(text, table)
        if new != text:
            stale.append(target.relative_to(ROOT))
            if not args.check:
                target.write_text(new, encoding="utf-8")
    if stale and args.check:
        print(f"stale helper table in {', '.join(map(str, stale))}: run scripts/helper_table.py")
        return 1
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
