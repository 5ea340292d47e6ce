"""Where lesson 04 keeps the trained model and its metrics record, and how later lessons get it.

Full mode saves to ``models/full/``, fast mode to ``models/fast/`` (both ignored by git), so a quick
test run never overwrites the model you trained in full. A lesson that needs the model and finds
none (or a damaged one) says so in one sentence and trains it in plain sight with lesson 04's own
code (``train_and_save`` in helpers/lessons.py, saved from lesson 04's ``#@save`` cells).
"""

import json
import os
import zipfile
from pathlib import Path

from helpers.paths import MODELS_DIR

MODEL_FILE = "mnist_cnn.keras"
METRICS_FILE = "metrics.json"


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
    """Return (model, metrics) saved by lesson 04 in the same mode; train them first if needed."""
    folder, mode = model_dir(fast), "fast" if fast else "full"
    try:
        return _load(folder)
    except FileNotFoundError:
        problem = f"There is no {mode}-mode model of lesson 04 in {os.path.relpath(folder)} yet"
    except (ValueError, OSError, zipfile.BadZipFile) as exc:
        problem = (f"The {mode}-mode model in {os.path.relpath(folder)} is damaged "
                   f"({str(exc)[:100]})")
    print(f"{problem}: training it here with lesson 04's code ({mode} mode, "
          f"{'under half a minute' if fast else 'about a minute'}).")
    from helpers.lessons import train_and_save

    return train_and_save(fast)


def _load(folder: Path):
    """(model, metrics) from `folder`; FileNotFoundError if either file is missing."""
    for name in (MODEL_FILE, METRICS_FILE):
        if not (folder / name).is_file():
            raise FileNotFoundError(folder / name)
    if not zipfile.is_zipfile(folder / MODEL_FILE):  # cheap: a .keras file is a zip
        raise ValueError("not a complete .keras file")
    import keras

    model = keras.models.load_model(folder / MODEL_FILE)
    return model, json.loads((folder / METRICS_FILE).read_text())
