"""Where lesson 04 keeps the trained model and its metrics record, and how later lessons get it.

Full mode saves to ``models/full/``, fast mode to ``models/fast/`` (both ignored by git), so a quick
test run never overwrites the model you trained in full. A lesson that needs the model and finds
none stops with one sentence that names lesson 04: training is that lesson's job, in plain sight.
"""

import json
import os
import zipfile
from pathlib import Path

from helpers.paths import MODELS_DIR

MODEL_FILE = "mnist_cnn.keras"
METRICS_FILE = "metrics.json"


class NoTrainedModel(RuntimeError):
    """Lesson 04 has not saved a model of this mode yet."""

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback: only the sentence that says what to do."""
        return [f"{type(self).__name__}: {self}"]


def model_dir(fast: bool) -> Path:
    """The folder for the model of one mode: models/fast or models/full."""
    return MODELS_DIR / ("fast" if fast else "full")


def save_model(model, metrics: dict, fast: bool) -> Path:
    """Save a Keras model and its metrics record (JSON) side by side; return the folder.

    Each file is written under a temporary name and then renamed, so a failed or interrupted
    save leaves the model saved before it as it was.
    """
    folder = model_dir(fast)
    folder.mkdir(parents=True, exist_ok=True)
    partial_model, partial_metrics = folder / "saving.keras", folder / "saving.json"
    try:
        model.save(partial_model)
        partial_metrics.write_text(json.dumps(metrics, indent=2) + "\n")
        partial_model.replace(folder / MODEL_FILE)
        partial_metrics.replace(folder / METRICS_FILE)
    finally:
        partial_model.unlink(missing_ok=True)
        partial_metrics.unlink(missing_ok=True)
    return folder


def load_model(fast: bool):
    """Return (model, metrics) saved by lesson 04 in the same mode; NoTrainedModel if none."""
    folder = model_dir(fast)
    if not (folder / MODEL_FILE).is_file() or not (folder / METRICS_FILE).is_file():
        mode = "fast" if fast else "full"
        raise NoTrainedModel(
            f"there is no {mode}-mode model in {os.path.relpath(folder)} yet: run lesson 04 "
            f"(04_training.ipynb) in {mode} mode first, then this lesson again."
        )
    import keras

    try:
        if not zipfile.is_zipfile(folder / MODEL_FILE):  # cheap: a .keras file is a zip
            raise ValueError("not a complete .keras file")
        model = keras.models.load_model(folder / MODEL_FILE)
        metrics = json.loads((folder / METRICS_FILE).read_text())
    except (ValueError, OSError, zipfile.BadZipFile) as exc:
        mode = "fast" if fast else "full"
        raise NoTrainedModel(
            f"the {mode}-mode model in {os.path.relpath(folder)} is damaged ({str(exc)[:100]}): "
            f"run lesson 04 (04_training.ipynb) in {mode} mode again to save a new one, then "
            "this lesson."
        ) from None
    return model, metrics
