"""The package's shape: imports follow the layers, no private names cross modules, tests mirror the
package, and the chapter → helper → module table (CONTRIBUTING.md and ``course_utils.__doc__``) is
current.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import helper_table  # scripts/ is on pytest's pythonpath
import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "course_utils"
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))

# A module may import from its own layer's folder and from any lower layer, never from a higher one.
# autodiff and learning share a rank but must not import each other (two independent concepts).
LAYERS = {
    "_validation": 0,
    "numeric": 1,
    "autodiff": 2,
    "learning": 2,
    "figures": 3,
    "interactive": 4,
    "explorers": 5,
    "exercises": 6,
    "__init__": 7,
    # The launcher sits on top, alone: it imports nothing else from course_utils.
    "launch": 8,
}


def _layer(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _course_imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) for every import of course_utils inside ``path``, nested ones too."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("course_utils"):
            found.append((node.lineno, node.module or "", [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("course_utils"):
                    found.append((node.lineno, alias.name, []))
    return found


def _target_layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_follow_the_layers(path):
    own = _layer(path)
    for line, module, _ in _course_imports(path):
        target = _target_layer(module)
        assert target in LAYERS, f"{path.name}:{line} imports unknown {module}"
        allowed = target == own or LAYERS[target] < LAYERS[own]
        crossing = {own, target} == {"autodiff", "learning"}
        assert allowed and not crossing, (
            f"{path.relative_to(ROOT)}:{line} imports {module}: layer {own!r} may only import "
            f"lower layers ({', '.join(k for k, v in LAYERS.items() if v < LAYERS[own])})"
        )


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_imports_another_modules_private_names(path):
    for line, module, names in _course_imports(path):
        private = [n for n in names if n.startswith("_")]
        assert not private, f"{path.relative_to(ROOT)}:{line} imports private {private} of {module}"


def test_the_layer_test_can_fail():
    """A planted upward import is caught (so the test above is not vacuous)."""
    bad = ast.parse("from course_utils.explorers.ch01 import tangent_explorer")
    node = bad.body[0]
    assert isinstance(node, ast.ImportFrom)
    assert LAYERS[_target_layer(node.module or "")] > LAYERS["numeric"]


def test_tests_mirror_the_package():
    """Every module with code of its own has its tests at the mirrored path (or says where)."""
    missing = []
    for path in MODULES:
        rel = path.relative_to(PACKAGE)
        if rel.name == "__init__.py" or rel.name.startswith("_"):
            continue
        mirrored = ROOT / "tests" / rel.parent / f"test_{rel.name}"
        if not mirrored.exists():
            missing.append(f"{rel} → tests/{rel.parent / ('test_' + rel.name)}")
    assert not missing, "modules without tests at the mirrored path:\n" + "\n".join(missing)


def test_helper_table_is_current():
    table = helper_table.render()
    for target in helper_table.TARGETS:
        text = target.read_text(encoding="utf-8")
        assert helper_table.replaced(text, table) == text, (
            f"{target.relative_to(ROOT)}: the chapter → helper table is stale; run "
            "`python scripts/helper_table.py`"
        )


def test_every_public_helper_is_used_by_a_notebook_or_said_to_be_reference():
    """A public name no notebook imports must be listed as a reference/author helper here."""
    import course_utils

    used = {
        name
        for notebook in helper_table.NOTEBOOKS
        for _, name in helper_table.notebook_imports(notebook)
    }
    reference_only = set(course_utils.REFERENCE_ONLY)
    unused = sorted(set(course_utils.__all__) - used - reference_only)
    assert not unused, (
        f"public names no notebook imports: {unused}; use them in a lesson, or add them to "
        "course_utils.REFERENCE_ONLY (helpers for authors, tests and benchmarks)"
    )
    assert not (reference_only & used), (
        f"listed as reference-only but used: {reference_only & used}"
    )


def test_each_module_says_which_notebook_introduces_it():
    """The module docstring's "Introduced in:" names the first notebook that imports from it."""
    wrong = []
    for path, notebook in helper_table.first_notebook_per_module().items():
        module = PACKAGE / path
        doc = ast.get_docstring(ast.parse(module.read_text(encoding="utf-8"))) or ""
        _, found, rest = doc.partition("Introduced in:")
        named = re.findall(r"\d\d_\w+\.ipynb", rest)
        if not found or f"{notebook}.ipynb" not in named:
            wrong.append(f"{path}: 'Introduced in:' names {named or 'nothing'}, not {notebook}")
    assert not wrong, "\n".join(wrong)


def test_helper_functions_do_not_repeat_the_module_line():
    """The pointer to a lesson lives once, in the module docstring (not on every function)."""
    repeated = []
    for path in MODULES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                doc = ast.get_docstring(node) or ""
                if "Introduced in:" in doc:
                    repeated.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert not repeated, "function-level 'Introduced in:' lines:\n" + "\n".join(repeated)


if __name__ == "__main__":
    sys.exit(pytest.main([__file__]))
