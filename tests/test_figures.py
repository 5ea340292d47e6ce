"""The figure regression check (tests/nbval_figures.py) catches regressions and passes the rest.

End to end: a small notebook made of the course's plotting helpers is executed with the real
helpers (its committed outputs), then checked with nbval against a copy of helpers/ carrying
four deliberate regressions in helpers/plots.py. Each regressed figure must fail, with the
cell, the score and expected/actual/difference PNGs; the untouched figure must pass.
The score itself is measured on the course's plots: rendering noise passes, regressions fail.
"""

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import matplotlib
import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook
from PIL import Image

from helpers.images import preprocess
from helpers.paths import DATA_DIR, REPO_ROOT
from tools.figures import TOLERANCE, score

matplotlib.use("agg")
import matplotlib.pyplot as plt

from helpers import plots

SETUP = """\
import matplotlib.pyplot as plt
import numpy as np
from helpers.images import preprocess
from helpers.paths import DATA_DIR
from helpers.plots import bar_chart, show_confusion, show_images, show_kernels, show_steps
digits = [preprocess(DATA_DIR / "png" / f"digit_{d}.png") for d in range(10)]
matrix = np.random.default_rng(0).integers(0, 8, (10, 10))
np.fill_diagonal(matrix, 1000)"""
FIGURES = {  # cell source -> the regression of helpers/plots.py that must change its figure
    "show_images(digits)\nplt.show()": ('cmap: str = "gray",', 'cmap: str = "viridis",'),
    "show_confusion(matrix)\nplt.show()": ("image = ax.imshow(errors,",
                                           "image = ax.imshow(errors.T,"),
    "show_steps({'a': digits[2], 'b': digits[7]})\nplt.show()":
        ('ax.imshow(image, cmap="gray", vmin=0, vmax=1)',
         'ax.imshow(np.flipud(image), cmap="gray", vmin=0, vmax=1)'),
    "show_kernels(digits[:8], ncols=4)\nplt.show()": (
        "        if i < n:\n            kernel", "        if i < n - 1:\n            kernel"),
}
UNCHANGED = "bar_chart([3, 1, 2], ['a', 'b', 'c'], 'unchanged', 'count')\nplt.show()"


def regressed_helpers(folder: Path) -> Path:
    """A copy of helpers/ with the four regressions of FIGURES in plots.py."""
    shutil.copytree(REPO_ROOT / "helpers", folder / "helpers",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(DATA_DIR / "png", folder / "data" / "png")
    (folder / "notebooks").mkdir()  # a checkout of the course, as helpers.paths recognises one
    path = folder / "helpers" / "plots.py"
    source = path.read_text()
    for old, new in FIGURES.values():
        assert source.count(old) == 1, old
        source = source.replace(old, new)
    path.write_text(source)
    return folder


def test_each_regressed_figure_fails_and_the_unchanged_one_passes(tmp_path: Path) -> None:
    cells = [new_code_cell(SETUP), *map(new_code_cell, FIGURES), new_code_cell(UNCHANGED)]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    NotebookClient(nb, kernel_name="python3", timeout=120,
                   resources={"metadata": {"path": str(REPO_ROOT)}}).execute()
    path = tmp_path / "figures.ipynb"
    nbformat.write(nb, path)
    copy = regressed_helpers(tmp_path / "regressed")
    # helpers/ (and so build/) from the regressed copy, the plugin from the repository
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(copy), str(REPO_ROOT)]),
           "COURSE_FAST": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "-p", "tests.nbval_figures", "--nbval", "--nbval-current-env", str(path)],
        cwd=copy, capture_output=True, text=True, env=env, timeout=300,
    )
    out = result.stdout
    assert f"{len(FIGURES)} failed, 2 passed" in out, out[-3000:]
    for number in range(1, len(FIGURES) + 1):
        assert f"figures.ipynb, cell {number}: figure 1 differs from the committed one" in out
        stem = copy / "build" / "figures" / "figures" / f"cell{number}-figure1"
        for kind in ("expected", "actual", "difference"):
            assert Path(f"{stem}-{kind}.png").stat().st_size > 1000
    assert "cell 5:" not in out


def render(fig: plt.Figure) -> np.ndarray:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    return np.asarray(Image.open(buffer).convert("RGB"), dtype=float)


DIGITS = [preprocess(DATA_DIR / "png" / f"digit_{d}.png") for d in range(10)]
TITLES = [str(d) for d in range(10)]


def grid(images=DIGITS, **options) -> np.ndarray:
    return render(plots.show_images(images, titles=TITLES[: len(images)], **options))


@pytest.mark.parametrize(
    "settings",
    [{"text.antialiased": False}, {"text.hinting": "no_hinting"}, {"lines.antialiased": False}],
    ids=["text not anti-aliased", "no font hinting", "lines not anti-aliased"],
)
def test_rendering_noise_is_tolerated(settings: dict) -> None:
    with plt.rc_context(settings):
        assert score(grid(), grid()) == 0
        noisy = grid()
    assert score(grid(), noisy) < TOLERANCE


@pytest.mark.parametrize(
    "changed",
    [
        lambda: grid(cmap="viridis"),
        lambda: grid([np.flipud(DIGITS[0]), *DIGITS[1:]]),
        lambda: grid([np.roll(DIGITS[0], 1, axis=1), *DIGITS[1:]]),
        lambda: grid(DIGITS[:9], ncols=10),
    ],
    ids=["colormap", "one digit flipped", "one digit shifted by a pixel", "one panel missing"],
)
def test_regressions_score_above_the_tolerance(changed) -> None:
    assert score(grid(), changed()) > TOLERANCE
