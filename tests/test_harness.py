"""The regression check really compares: an edited deterministic output makes nbval fail."""

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers.paths import REPO_ROOT

LESSON = REPO_ROOT / "notebooks" / "01_loading_mnist.ipynb"


def test_an_edited_class_count_fails_the_regression_check(tmp_path: Path) -> None:
    nb = json.loads(LESSON.read_text())
    cell = next(c for c in nb["cells"] if "train_counts =" in "".join(c["source"]))
    text = cell["outputs"][0]["text"]
    cell["outputs"][0]["text"] = [line.replace("5923", "5924") for line in text]
    assert cell["outputs"][0]["text"] != text
    edited = tmp_path / LESSON.name
    edited.write_text(json.dumps(nb))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
         "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", str(edited)],
        cwd=REPO_ROOT, capture_output=True, text=True, env={**os.environ, "COURSE_FAST": "1"},
    )
    assert result.returncode == 1, result.stdout[-2000:]
    assert "1 failed" in result.stdout and "5924" in result.stdout


def test_a_self_check_verdict_is_compared_but_its_percentages_are_not(tmp_path: Path) -> None:
    """A ✅ that becomes ❌ fails nbval; a ✅ whose accuracy changed (fast mode) passes."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    def cell(prints: str, committed: str) -> nbformat.NotebookNode:
        return new_code_cell(f"print({prints!r})", execution_count=None, outputs=[
            new_output("stream", name="stdout", text=committed + "\n")])

    nb = new_notebook(cells=[
        cell("✅ your model reaches 97.10 % validation accuracy (≥ 93 %).",
             "✅ your model reaches 99.60 % validation accuracy (≥ 99.5 %)."),
        cell("❌ your model reaches 99.00 % validation accuracy (< 99.5 %). Hint: …",
             "✅ your model reaches 99.60 % validation accuracy (≥ 99.5 %)."),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    for number, code_cell in enumerate(nb.cells, start=1):
        code_cell.execution_count = number
    path = tmp_path / "verdicts.ipynb"
    nbformat.write(nb, path)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
         "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", str(path)],
        cwd=REPO_ROOT, capture_output=True, text=True,
    )
    assert "1 failed, 1 passed" in result.stdout, result.stdout[-2000:]
