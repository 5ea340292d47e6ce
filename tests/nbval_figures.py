"""nbval plugin: every figure a lesson shows is compared with the committed one, as pixels.

nbval compares a figure only by its text (`<Figure size 1000x350 with 2 Axes>`). This plugin
runs after each notebook cell nbval executes (the notebooks still run once) and compares the
cell's new PNGs with the committed ones with tools/figures.py. A mismatch fails the cell with
the lesson, the cell, the score, and expected/actual/difference PNGs in build/figures/.

Cells tagged `figure-from-model` show figures that depend on the trained model (curves,
confusion matrices, learned kernels, predictions): fast mode (COURSE_FAST=1) trains a different
model, so they are compared in full mode only. Every other figure is compared in every mode.
"""

import os

import pytest
from nbval.plugin import IPyNbCell

from helpers.paths import BUILD_DIR
from tools.figures import TOLERANCE, compare, pngs

MODEL_TAG = "figure-from-model"
OUT = BUILD_DIR / "figures"
SCORES: list[float] = []  # every figure compared in this run


def figure_problems(item: IPyNbCell) -> list[str]:
    """What differs between the figures nbval just produced for a cell and the committed ones."""
    cell = item.cell
    if cell.execution_count is None or item.test_outputs is None:
        return []
    fast = os.environ.get("COURSE_FAST") == "1"
    if fast and MODEL_TAG in cell.metadata.get("tags", []):
        return []
    notebook = item.parent.path.stem
    problems, scores = compare(pngs(cell.outputs), pngs(item.test_outputs), OUT / notebook,
                               f"cell{item.cell_num}")
    SCORES.extend(scores)
    return [f"{item.parent.path.name}, cell {item.cell_num}: {p}" for p in problems]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """After nbval ran a cell (and found its text alike), compare its figures."""
    result = yield
    if isinstance(item, IPyNbCell) and (problems := figure_problems(item)):
        pytest.fail("\n".join(problems), pytrace=False)
    return result


def pytest_terminal_summary(terminalreporter) -> None:
    """One line: how many figures were compared, and the largest score."""
    if SCORES:
        terminalreporter.write_line(
            f"figures compared with the committed ones: {len(SCORES)}, largest score "
            f"{max(SCORES):.2f} (tolerance {TOLERANCE})")
