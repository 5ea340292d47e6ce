"""Any lesson first: a lesson that needs lesson 04's model and finds none says so in one line."""

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from helpers.paths import REPO_ROOT

LESSON = REPO_ROOT / "notebooks" / "05_inspecting_errors.ipynb"


def test_lesson_05_without_a_model_stops_with_one_sentence_naming_lesson_04(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COURSE_MODELS", str(tmp_path / "no-models"))  # the kernel inherits it
    monkeypatch.setenv("COURSE_FAST", "1")
    nb = nbformat.read(LESSON, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    with pytest.raises(CellExecutionError):
        NotebookClient(nb, kernel_name="python3", timeout=120,
                       resources={"metadata": {"path": str(LESSON.parent)}}).execute()
    errors = [(i, out) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
              for out in cell.outputs if out.output_type == "error"]
    assert len(errors) == 1
    index, error = errors[0]
    assert "load_model(fast=FAST)" in nb.cells[index].source
    assert error.ename == "NoTrainedModel"
    assert "run lesson 04 (04_training.ipynb) in fast mode first" in error.evalue
    assert error.traceback == [f"NoTrainedModel: {error.evalue}"]  # one line, no traceback
    text = "".join(str(out) for cell in nb.cells for out in cell.get("outputs", []))
    assert "papermill" not in text.lower() and "stderr" not in text
    assert not (tmp_path / "no-models").exists()  # nothing was trained behind the student's back
