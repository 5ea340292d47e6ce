"""Compare a notebook's figures with the committed ones, as decoded pixels.

Used by the tests (tests/nbval_figures.py, on top of nbval) and by `make course`
(tools/run_notebooks.py), so both judge a figure the same way.

The score is the root-mean-square difference of the two images' RGB values (0–255) after both
are blurred with a Gaussian of SIGMA pixels: the blur absorbs what a reader would not call a
change (anti-aliasing, font hinting, a layout shifted by a pixel), while a changed colormap, a
flipped or transposed image, a missing panel or a digit shifted by one of its pixels stays far
above TOLERANCE. A figure whose size changed by more than MAX_RESIZE pixels differs outright;
a smaller change is resized away first. (Measured on the course's own plots: text drawn
without anti-aliasing or hinting scored 0.2–4.9; the regressions 8.8–63. See README.)
"""

import base64
import io
import os
from pathlib import Path

import numpy as np
from PIL import Image
from scipy import ndimage
from skimage import transform

TOLERANCE = 6.0
SIGMA = 2.0
MAX_RESIZE = 3


def decode(png: str | bytes) -> np.ndarray:
    """A base64 PNG (as notebooks store it) as an RGB float array, 0–255."""
    data = base64.b64decode(png) if isinstance(png, str) else png
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"), dtype=float)


def score(expected: np.ndarray, actual: np.ndarray) -> float:
    """How different two RGB images look: blurred RMS difference; inf if the size changed."""
    if expected.shape != actual.shape:
        if max(abs(e - a) for e, a in zip(expected.shape[:2], actual.shape[:2], strict=True)) \
                > MAX_RESIZE:
            return float("inf")
        actual = transform.resize(actual, expected.shape, preserve_range=True)
    blur = (SIGMA, SIGMA, 0)
    difference = ndimage.gaussian_filter(expected, blur) - ndimage.gaussian_filter(actual, blur)
    return float(np.sqrt(np.mean(difference**2)))


def pngs(outputs: list[dict]) -> list[str]:
    """The base64 PNGs among a cell's outputs, in order."""
    return [out["data"]["image/png"] for out in outputs
            if out.get("output_type") in ("display_data", "execute_result")
            and "image/png" in out.get("data", {})]


def save_mismatch(folder: Path, stem: str, expected: str, actual: str) -> Path:
    """Write expected, actual and difference PNGs into `folder`; return the difference's path."""
    folder.mkdir(parents=True, exist_ok=True)
    old, new = decode(expected), decode(actual)
    (folder / f"{stem}-expected.png").write_bytes(base64.b64decode(expected))
    (folder / f"{stem}-actual.png").write_bytes(base64.b64decode(actual))
    if old.shape != new.shape:
        new = transform.resize(new, old.shape, preserve_range=True)
    difference = np.clip(np.abs(old - new) * 4, 0, 255).astype(np.uint8)  # 4×: small ones show
    path = folder / f"{stem}-difference.png"
    Image.fromarray(255 - difference).save(path)  # white where equal
    return path


def compare(
    expected: list[str], actual: list[str], folder: Path, stem: str,
    before: str = "the committed one",
) -> tuple[list[str], list[float]]:
    """Problems (one sentence each) between a cell's earlier and new figures, and the scores.

    `before` names the earlier figures in the messages.
    """
    if len(expected) != len(actual):
        return [f"shows {len(actual)} figure(s) where {before} had {len(expected)}"], []
    problems, scores = [], []
    for number, (old, new) in enumerate(zip(expected, actual, strict=True), start=1):
        value = score(decode(old), decode(new))
        scores.append(value)
        if value > TOLERANCE:
            path = save_mismatch(folder, f"{stem}-figure{number}", old, new)
            what = "its size changed" if value == float("inf") else f"score {value:.1f}"
            pattern = os.path.relpath(path).replace("-difference", "-*")
            problems.append(f"figure {number} differs from {before} ({what}, "
                            f"tolerance {TOLERANCE}); expected/actual/difference PNGs: {pattern}")
    return problems, scores
