"""helpers.models: lesson 04's model is saved atomically and checked when a later lesson loads it.

Real Keras models saved to a temporary models folder: a save that fails half-way leaves the
model saved before it; a damaged or missing model is named in one sentence and trained again
with lesson 04's own code.
"""

import json
import os
from pathlib import Path

import keras
import numpy as np
import pytest

from helpers import models
from helpers.models import METRICS_FILE, MODEL_FILE, _load, load_model, save_model


@pytest.fixture(autouse=True)
def models_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh models/ folder for each test (the course's is left alone)."""
    monkeypatch.setattr(models, "MODELS_DIR", tmp_path)
    return tmp_path


def tiny_model(bias: float) -> keras.Model:
    """A real model whose one output is `bias`, to tell saved models apart."""
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
    model.layers[0].set_weights([np.zeros((2, 1)), np.array([bias])])
    return model


class Unsaveable(keras.layers.Layer):
    """A layer whose config cannot be written: its model's save fails half-way."""

    def get_config(self) -> dict:
        raise RuntimeError("cannot save this layer")


def output(model: keras.Model) -> float:
    return float(model.predict(np.zeros((1, 2)), verbose=0)[0, 0])


def test_saved_and_loaded_with_its_record() -> None:
    folder = save_model(tiny_model(0.5), {"test_accuracy": 0.99}, fast=True)
    assert sorted(p.name for p in folder.iterdir()) == sorted([MODEL_FILE, METRICS_FILE])
    model, metrics = load_model(fast=True)
    assert output(model) == pytest.approx(0.5) and metrics == {"test_accuracy": 0.99}


def test_a_failed_save_leaves_the_previous_model_and_no_partial_file() -> None:
    folder = save_model(tiny_model(0.5), {"run": 1}, fast=True)
    broken = keras.Sequential([keras.Input(shape=(2,)), Unsaveable(), keras.layers.Dense(1)])
    with pytest.raises(RuntimeError, match="cannot save this layer"):
        save_model(broken, {"run": 2}, fast=True)
    assert sorted(p.name for p in folder.iterdir()) == sorted([MODEL_FILE, METRICS_FILE])
    model, metrics = load_model(fast=True)
    assert output(model) == pytest.approx(0.5) and metrics == {"run": 1}


def damage(folder: Path, how: str) -> None:
    """Damage a saved model the way a full disk, a kill or a wrong download would."""
    model_file = folder / MODEL_FILE
    if how == "truncated":
        model_file.write_bytes(model_file.read_bytes()[: model_file.stat().st_size // 2])
    elif how == "not a zip":
        model_file.write_text("<html>not a model</html>")
    else:
        (folder / METRICS_FILE).write_text("{half a record")


@pytest.mark.parametrize("how", ["truncated", "not a zip", "metrics not JSON"])
def test_a_damaged_model_is_not_trusted(how: str) -> None:
    folder = save_model(tiny_model(0.5), {"run": 1}, fast=False)
    damage(folder, how)
    with pytest.raises((ValueError, OSError)):
        _load(folder)


def test_a_damaged_model_is_named_and_trained_again_with_lesson_04s_code(
    capsys: pytest.CaptureFixture,
) -> None:
    folder = save_model(tiny_model(0.5), {"run": 1}, fast=True)
    damage(folder, "not a zip")
    model, metrics = load_model(fast=True)
    out = capsys.readouterr().out
    assert out.startswith(f"The fast-mode model in {os.path.relpath(folder)} is damaged (")
    assert "training it here with lesson 04's code (fast mode" in out
    assert "Epoch 4/4" in out and model.input_shape == (None, 28, 28, 1)
    assert metrics["mode"] == "fast" and metrics["test_accuracy"] >= 0.95
    assert _load(folder)[1] == metrics  # the new model replaced the damaged one


def test_the_record_is_plain_json() -> None:
    folder = save_model(tiny_model(0.0), {"epochs": 12}, fast=True)
    assert json.loads((folder / METRICS_FILE).read_text()) == {"epochs": 12}
