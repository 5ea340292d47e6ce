"""Where lesson 04 keeps the trained model and its metrics record, and how later lessons get it.

Full mode saves to ``models/full/``, fast mode to ``models/fast/`` (both ignored by git), so a quick
test run never overwrites the model you trained in full. If a lesson needs the model and none is
saved yet, lesson 04 is run in fast mode (about a minute) to train one.
"""

import json
from pathlib import Path

from helpers.paths import BUILD_DIR, MODELS_DIR, REPO_ROOT

MODEL_FILE = "mnist_cnn.keras"
METRICS_FILE = "metrics.json"
TRAINING_LESSON = REPO_ROOT / "notebooks" / "04_training.ipynb"


def model_dir(fast: bool) -> Path:
    """The folder for the model of one mode: models/fast or models/full."""
    return MODELS_DIR / ("fast" if fast else "full")


def save_model(model, metrics: dict, fast: bool) -> Path:
    """Save a Keras model and its metrics record (JSON) side by side; return the folder."""
    folder = model_dir(fast)
    folder.mkdir(parents=True, exist_ok=True)
    model.save(folder / MODEL_FILE)
    (folder / METRICS_FILE).write_text(json.dumps(metrics, indent=2) + "\n")
    return folder


def load_model(fast: bool):
    """Return (model, metrics) saved by lesson 04, training a fast one first if none exists."""
    import keras

    folder = model_dir(fast)
    if not (folder / MODEL_FILE).exists():
        print(f"No trained model in {folder.relative_to(REPO_ROOT)}/ yet: running lesson 04 in "
              "fast mode to train one (about a minute). Run lesson 04 yourself for the full model.")
        folder = _train_fast_model()
    model = keras.models.load_model(folder / MODEL_FILE)
    return model, json.loads((folder / METRICS_FILE).read_text())


def _train_fast_model() -> Path:
    """Execute lesson 04 in fast mode (it saves its model) and return the fast model folder."""
    import papermill

    out = BUILD_DIR / "fallback" / TRAINING_LESSON.name
    out.parent.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(TRAINING_LESSON, out, parameters={"FAST": True},
                               cwd=TRAINING_LESSON.parent, kernel_name="python3",
                               progress_bar=False)
    return model_dir(fast=True)
