"""Any lesson first: a lesson that needs lesson 04's model and finds none trains it in plain sight.

Lesson 05 runs in a fresh kernel with an empty models folder: it says in one sentence that there
is no model, trains it with lesson 04's own code (helpers/lessons.py, from lesson 04's `#@save`
cells), one line per epoch, and runs to its end. The model it trains is lesson 04's: the same
numbers as lesson 04's own fast run, which `make test` executes before this test.
"""

import json
import os

import nbformat
from nbclient import NotebookClient

from helpers.models import METRICS_FILE
from helpers.nbmeta import output_text
from helpers.paths import MODELS_DIR, REPO_ROOT

LESSON = REPO_ROOT / "notebooks" / "05_inspecting_errors.ipynb"
LESSON_04 = REPO_ROOT / "notebooks" / "04_training.ipynb"


def test_lesson_05_first_trains_lesson_04s_model_visibly_and_runs_to_the_end(tmp_path) -> None:
    models = tmp_path / "no-models-yet"
    nb = nbformat.read(LESSON, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    env = {**os.environ, "COURSE_MODELS": str(models), "COURSE_FAST": "1"}
    NotebookClient(nb, kernel_name="python3", timeout=300,
                   resources={"metadata": {"path": str(LESSON.parent)}}).execute(env=env)
    [cell] = [cell for cell in nb.cells if "load_model(fast=FAST)" in cell.source]
    text = output_text(cell)
    assert text.startswith(f"There is no fast-mode model of lesson 04 in {models}"[:40])
    assert "training it here with lesson 04's code (fast mode" in text
    assert [f"Epoch {n}/4" in text for n in (1, 2, 3, 4)] == [True] * 4
    everything = [out for cell in nb.cells for out in cell.get("outputs", [])]
    assert not [out for out in everything if out.output_type == "error"]
    assert not [out for out in everything if out.get("name") == "stderr"]
    assert "papermill" not in json.dumps(everything).lower()
    trained = json.loads((models / "fast" / METRICS_FILE).read_text())
    assert trained["mode"] == "fast" and trained["epochs"] == 4

    # lesson 04's own fast run (make test runs the notebooks first) gave the same model
    record = MODELS_DIR / "fast" / METRICS_FILE
    if record.is_file() and record.stat().st_mtime > LESSON_04.stat().st_mtime:
        by_lesson_04 = json.loads(record.read_text())
        same = ("test_accuracy", "test_accuracy_three_ways", "test_loss", "parameters",
                "train_examples", "seed")
        assert {k: trained[k] for k in same} == {k: by_lesson_04[k] for k in same}, (
            "helpers/lessons.py's train_and_save no longer trains lesson 04's model")
