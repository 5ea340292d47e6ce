"""`python -m helpers.predict`, run as a student would, with a tiny model saved in the test."""

import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

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


def png_chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data, CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def tiny_png(width: int, height: int, extra: bytes = b"") -> bytes:
    """A small 8-bit grayscale PNG whose header claims width × height, with `extra` chunks."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + extra
            + png_chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + png_chunk(b"IEND", b""))


def seven(mode: str = "L") -> Image.Image:
    """A thick dark 7 on light paper, in the given PIL mode ("I;16": the full 16-bit range)."""
    image = Image.new("L", (120, 90), 250)
    ImageDraw.Draw(image).line([(15, 20), (60, 18), (30, 80)], fill=20, width=9)
    if mode == "I;16":
        return Image.fromarray(np.asarray(image, dtype=np.uint16) * 257)
    return image.convert(mode)


DIGIT_3_BYTES = Path(DIGIT_3).read_bytes()
#: Every kind of unusable file, and the reason its one line of error gives.
BAD_FILES = {
    "truncated.png": (lambda p: p.write_bytes(DIGIT_3_BYTES[: len(DIGIT_3_BYTES) // 2]),
                      "cannot be decoded, truncated or corrupted"),
    "empty.png": (lambda p: p.write_bytes(b""), "the file is empty"),
    "folder.png": (lambda p: p.mkdir(), "a folder, not a picture file"),
    "notes.png": (lambda p: p.write_text("my notes"), "not an image"),
    "huge.png": (lambda p: p.write_bytes(tiny_png(100_000, 100_000)), "too large"),
    "text-bomb.png": (  # a text chunk that unpacks to 50 MB: PIL refuses it with a ValueError
        lambda p: p.write_bytes(tiny_png(10, 10, png_chunk(
            b"zTXt", b"k\0\0" + zlib.compress(b"a" * 50_000_000)))),
        "cannot be read (Decompressed data too large"),
    "one-pixel.png": (lambda p: Image.new("L", (1, 1), 0).save(p), "the image is blank"),
    "white.png": (lambda p: Image.new("RGB", (60, 60), "white").save(p), "the image is blank"),
    "missing.png": (lambda p: None, "no such file"),
    "pipe.png": (os.mkfifo, "not a regular file (a pipe or a device?)"),
    "locked.png": (lambda p: (p.write_bytes(DIGIT_3_BYTES), p.chmod(0)),
                   "permission denied; make it readable: chmod u+r"),
}


def as_unprivileged_user() -> list[str]:
    """A command prefix under which chmod 000 really stops reading: none unless we are root;
    for root, a new user namespace (`unshare --user`), where the process is nobody."""
    if os.geteuid() != 0:
        return []
    if shutil.which("unshare") is None or subprocess.run(
            ["unshare", "--user", "true"], capture_output=True).returncode != 0:
        pytest.skip("as root, an unreadable file needs `unshare --user`, not permitted here")
    return ["unshare", "--user"]


def test_every_unusable_file_is_one_line_and_the_others_are_still_predicted(models_dir):
    prefix = as_unprivileged_user()
    with tempfile.TemporaryDirectory() as folder:  # readable by the unprivileged user
        folder = Path(folder)
        folder.chmod(0o755)
        shutil.copy(models_dir / "fast" / "mnist_cnn.keras", folder / "model.keras")
        good = {"palette.png": seven("P"), "16-bit.png": seven("I;16"), "rgb.png": seven("RGB")}
        for name, image in good.items():
            image.save(folder / name)
        for name, (make, _) in BAD_FILES.items():
            make(folder / name)
        names = ["palette.png", *BAD_FILES, "16-bit.png", "rgb.png"]  # bad ones in between
        files = [str(folder / name) for name in names] + [CAT]
        run = subprocess.run(
            [*prefix, sys.executable, "-m", "helpers.predict", "--model",
             str(folder / "model.keras"), *files],
            cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    predicted = [line.split(": ")[0] for line in run.stdout.splitlines()]
    assert predicted == [str(folder / name) for name in names if name in good] + [CAT]
    errors = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == len(BAD_FILES)
    for line, (name, (_, reason)) in zip(errors, BAD_FILES.items(), strict=True):
        assert line.startswith(f"error: {folder / name}: {reason}"), line
