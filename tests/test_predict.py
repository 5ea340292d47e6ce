"""`python -m helpers.predict`, run as a student would, with a tiny model saved in the test."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.paths import DATA_DIR, REPO_ROOT

DIGIT_3 = str(DATA_DIR / "png" / "digit_3.png")
CAT = str(DATA_DIR / "png" / "cat.png")


@pytest.fixture(scope="module")
def models_dir(tmp_path_factory):
    """A COURSE_MODELS folder holding only a fast-mode model: Flatten → Dense(10, softmax)."""
    import keras

    model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    folder = tmp_path_factory.mktemp("models")
    (folder / "fast").mkdir()
    model.save(folder / "fast" / "mnist_cnn.keras")
    return folder


def predict(models: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the command with this venv's Python, with COURSE_MODELS pointing at `models`."""
    env = {**os.environ, "COURSE_MODELS": str(models)}
    return subprocess.run([sys.executable, "-m", "helpers.predict", *args], env=env,
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)


def test_good_files_are_predicted_and_a_bad_one_is_reported(models_dir, tmp_path):
    notes = tmp_path / "notes.png"
    notes.write_text("not a picture")
    model = models_dir / "fast" / "mnist_cnn.keras"
    run = predict(tmp_path, "--model", str(model), DIGIT_3, str(notes), CAT)
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert len(lines) == 2
    for line, file in zip(lines, [DIGIT_3, CAT], strict=True):
        assert re.fullmatch(rf"{re.escape(file)}: \d \(\d{{1,3}}\.\d %\)", line)
    errors = [line for line in run.stderr.splitlines() if "notes.png" in line]
    assert errors == [f"error: {notes}: not an image (PIL cannot recognise the format)"]
    assert "Traceback" not in run.stderr


def test_json_output_and_the_default_model(models_dir):
    run = predict(models_dir, "--json", DIGIT_3, CAT)  # finds models/fast/ by itself
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout)
    assert [r["file"] for r in results] == [DIGIT_3, CAT]
    for result in results:
        assert set(result) == {"file", "digit", "probability", "probabilities"}
        assert len(result["probabilities"]) == 10
        assert result["digit"] == result["probabilities"].index(max(result["probabilities"]))
        assert result["probability"] == pytest.approx(max(result["probabilities"]))


def test_json_reports_a_missing_file_as_an_error(models_dir):
    run = predict(models_dir, "--json", "no-such-file.png", DIGIT_3)
    assert run.returncode == 1
    missing, good = json.loads(run.stdout)
    assert missing == {"file": "no-such-file.png", "error": "no-such-file.png: no such file"}
    assert good["file"] == DIGIT_3 and "digit" in good


def test_without_a_model_the_student_is_told_what_to_run(tmp_path):
    run = predict(tmp_path, DIGIT_3)
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.count("\n") == 1
    assert run.stderr.startswith("error: no trained model") and "lesson 04" in run.stderr


def test_importing_the_command_does_not_load_tensorflow():
    code = "import sys, helpers.predict; print({'tensorflow', 'keras'} & set(sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "set()"



def other_model(kind: str):
    """A real Keras model that is not a digit reader, of the given kind."""
    import keras
    from keras.layers import Dense, Flatten

    shape, units, activation = {"colour images": ((32, 32, 3), 10, "softmax"),
                                "five classes": ((28, 28, 1), 5, "softmax"),
                                "no softmax": ((28, 28, 1), 10, None)}[kind]
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input(shape), Flatten(), Dense(units, activation=activation)])


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("colour images", "takes (32, 32, 3) and answers (10,), but a digit reader takes"),
        ("five classes", "answers (5,), but a digit reader"),
        ("no softmax", "is the last layer's softmax missing?"),
    ],
)
def test_a_model_that_is_not_a_digit_reader_is_refused_in_one_line(kind, message, tmp_path):
    path = tmp_path / "other.keras"
    other_model(kind).save(path)
    result = predict(tmp_path, DIGIT_3, "--model", str(path))
    assert result.returncode == 2 and result.stdout == ""
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]  # TensorFlow may log before it
    assert last.startswith("error: ") and message in last, last
    assert "use lesson 04's model (leave out --model)" in last
