"""Notebook hygiene: what strict nbval relies on and what readers without a kernel see.

Checked for every notebook in notebooks/ (future chapters included, with no edits here):
executed in order 1..N, stored exactly as the regeneration script writes it, no stray errors,
no widget state, well-formed nbval markers, a text description under every figure, a static
image wherever an interactive figure is, assertion cells behind the numbers, and links that lead
to chapters the README knows about.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
VALID_MARKERS = {
    "# NBVAL_IGNORE_OUTPUT",
    "# NBVAL_CHECK_OUTPUT",
    "# NBVAL_SKIP",
    "# NBVAL_RAISES_EXCEPTION",
}
FIGURE_TEXT = "*Figure:*"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _load_regenerator():
    spec = importlib.util.spec_from_file_location(
        "regenerate_notebooks", ROOT / "scripts" / "regenerate_notebooks.py"
    )
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


regenerator = _load_regenerator()


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found in notebooks/"


@pytest.fixture(params=NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def notebook(request):
    path = request.param
    return path, nbformat.read(path, as_version=4)


def _code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def _allows_error(cell) -> bool:
    return "raises-exception" in cell.metadata.get("tags", []) or any(
        line.strip() == "# NBVAL_RAISES_EXCEPTION" for line in cell.source.splitlines()
    )


def test_name_and_schema(notebook):
    path, nb = notebook
    assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name), path.name
    nbformat.validate(nb)


def test_executed_in_order_one_to_n(notebook):
    _, nb = notebook
    counts = [c.execution_count for c in _code_cells(nb)]
    assert counts == list(range(1, len(counts) + 1)), f"execution counts {counts}"


def test_stored_exactly_as_the_regeneration_script_writes_it(notebook):
    path, nb = notebook
    text = path.read_text(encoding="utf-8")
    assert regenerator.dumps(regenerator.normalize(nb)) == text, (
        f"{path.name} was not written by scripts/regenerate_notebooks.py (or was edited after)"
    )


def test_no_widget_state_and_no_stale_widget_views(notebook):
    _, nb = notebook
    assert "widgets" not in nb.metadata
    for cell in _code_cells(nb):
        for output in cell.outputs:
            assert WIDGET_VIEW not in output.get("data", {}), cell.id


def test_no_unexpected_errors_or_warnings(notebook):
    _, nb = notebook
    for cell in _code_cells(nb):
        for output in cell.outputs:
            if output.output_type == "error":
                assert _allows_error(cell), f"cell {cell.id} stored an error: {output.ename}"
            if output.output_type == "stream" and output.name == "stderr":
                pytest.fail(f"cell {cell.id} wrote to stderr: {output.text[:200]!r}")


def test_nbval_markers_well_formed(notebook):
    _, nb = notebook
    for cell in _code_cells(nb):
        for line in cell.source.splitlines():
            if "NBVAL" in line.upper():
                assert line.strip() in VALID_MARKERS, (
                    f"cell {cell.id}: {line.strip()!r} is not a marker nbval recognises "
                    "(the whole comment line must be exactly one of "
                    f"{sorted(VALID_MARKERS)})"
                )


def test_every_figure_has_a_text_description_beneath_it(notebook):
    _, nb = notebook
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if not any("image/png" in o.get("data", {}) for o in cell.outputs):
            continue
        following = nb.cells[index + 1] if index + 1 < len(nb.cells) else None
        assert following is not None and following.cell_type == "markdown", (
            f"figure in cell {cell.id} is not followed by a markdown description"
        )
        text = following.source.strip()
        assert text.startswith(FIGURE_TEXT), (
            f"the cell after figure {cell.id} must start with {FIGURE_TEXT!r}"
        )
        body = text[len(FIGURE_TEXT) :].strip()
        sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", body) if s.strip()]
        assert 1 <= len(sentences) <= 2 and len(body) >= 60, (
            f"description of {cell.id} should be one or two sentences: {body!r}"
        )


def test_interactive_figures_store_a_static_image(notebook):
    _, nb = notebook
    for cell in _code_cells(nb):
        for output in cell.outputs:
            plain = output.get("data", {}).get("text/plain", "")
            if "run this notebook in JupyterLab to move the controls" in plain:
                assert "image/png" in output["data"], (
                    f"interactive figure in cell {cell.id} has no static fallback image"
                )


def test_key_numbers_are_backed_by_assertions(notebook):
    _, nb = notebook
    asserts = sum(
        1
        for c in _code_cells(nb)
        for line in c.source.splitlines()
        if line.lstrip().startswith("assert ")
    )
    assert asserts >= 10, f"only {asserts} assert statements"


def test_links_to_other_chapters_are_in_the_readme_chapter_map(notebook):
    path, nb = notebook
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for target in re.findall(r"\]\(([^)#\s]+\.ipynb)", cell.source):
            assert target in readme, f"{path.name} links to {target}, not in README's chapter map"
