"""helpers.draw: the canvas's Python side in a real kernel, and what a committed notebook keeps.

The browser side (drawing with the mouse in JupyterLab) is tests/test_draw_digit.py.
"""

import copy
import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from helpers.nbmeta import WIDGET_VIEW
from helpers.paths import DATA_DIR, REPO_ROOT
from tools.run_notebooks import clean

EXAMPLE = DATA_DIR / "png" / "drawn_3.png"

SETUP = f"""\
import io
import json

import matplotlib.pyplot as plt
import numpy as np
from PIL import Image, ImageDraw

from helpers.draw import DigitCanvas

EXAMPLE = {str(EXAMPLE)!r}
seen = []


def read(picture):
    seen.append(picture)
    print(f"{{(picture[..., 0] < 128).sum()}} ink pixels")
    plt.imshow(picture)
    plt.show()


seven = Image.new("RGBA", (280, 280), "white")
ImageDraw.Draw(seven).line([(70, 60), (210, 60), (120, 230)], fill="black", width=22)
buffer = io.BytesIO()
seven.save(buffer, "PNG")
SEVEN = buffer.getvalue()"""

SHOW = "canvas = DigitCanvas(read, example=EXAMPLE)\ncanvas"

EVENTS = """\
report = {"example": [list(seen[0].shape), str(seen[0].dtype), int(seen[0][..., 3].min())],
          "example_text": canvas.text}
canvas._receive(canvas, {"event": "drawing"}, [memoryview(SEVEN)])
report["drawing"] = [len(seen), bool(np.array_equal(seen[-1], np.asarray(seven))), canvas.text,
                     canvas.figure[:8] == b"\\x89PNG\\r\\n\\x1a\\n"]
readings = canvas.readings
canvas._receive(canvas, {"event": "drawing"}, [SEVEN])  # the same again: the same text
report["again"] = [canvas.readings - readings, canvas.text == report["drawing"][2]]
canvas.on_drawing = lambda picture: 1 / 0
canvas._receive(canvas, {"event": "drawing"}, [SEVEN])
report["error"] = [canvas.text, len(canvas.figure)]
canvas._receive(canvas, {"event": "clear"}, [])
report["clear"] = [canvas.text, len(canvas.figure)]
unshown = DigitCanvas(lambda picture: plt.subplots(), example=EXAMPLE)
report["unshown"] = [len(unshown.figure) > 0, plt.get_fignums()]
try:
    DigitCanvas(lambda picture: 1 / 0, example=EXAMPLE)
except ZeroDivisionError:
    report["example_error"] = "raised"
print(json.dumps(report, default=str))"""


@pytest.fixture(scope="module")
def executed() -> tuple[nbformat.NotebookNode, dict]:
    """The cells above, executed in a fresh kernel: the notebook, and the report of EVENTS."""
    nb = new_notebook(cells=[new_code_cell(SETUP), new_code_cell(SHOW), new_code_cell(EVENTS)])
    NotebookClient(nb, kernel_name="python3", timeout=60,
                   resources={"metadata": {"path": str(REPO_ROOT)}}).execute()
    return nb, json.loads(nb.cells[2].outputs[0].text)


def test_the_canvas_reads_drawings_and_keeps_a_picture_for_where_widgets_do_not_show(
    executed: tuple[nbformat.NotebookNode, dict],
) -> None:
    nb, report = executed
    # the example's pixels reach the callback as io.imread reads the PNG: RGBA, opaque
    assert report["example"] == [[280, 280, 4], "uint8", 255]
    assert report["example_text"].endswith(" ink pixels")
    # a drawing from the browser: the callback gets its pixels, its text and figure are shown
    count, same_pixels, text, is_png = report["drawing"]
    assert (count, same_pixels, is_png) == (2, True, True)
    assert text.endswith(" ink pixels") and text != report["example_text"]
    assert report["again"] == [1, True]  # the browser redraws even when nothing changed
    # an error in a drawing is shown on the canvas instead of vanishing into the kernel's log
    assert report["error"] == ["ZeroDivisionError: division by zero", 0]
    assert report["clear"] == ["", 0]
    # a figure built but never shown is shown all the same, and no figure is left open
    assert report["unshown"] == [True, []]
    assert report["example_error"] == "raised"  # the lesson's own run must fail loudly

    # The cell's output: the widget, the example's figure and its text, in one bundle.
    [output] = nb.cells[1].outputs
    assert set(output.data) == {WIDGET_VIEW, "image/png", "text/plain"}
    assert output.data["text/plain"] == report["example_text"]
    assert "widgets" in nb.metadata  # the kernel's widget state, which a lesson never keeps


def test_a_committed_notebook_keeps_the_picture_and_no_widget(
    executed: tuple[nbformat.NotebookNode, dict], tmp_path: Path
) -> None:
    nb, _ = executed
    path = tmp_path / "canvas.ipynb"
    nbformat.write(copy.deepcopy(nb), path)
    clean(path)
    cleaned = nbformat.read(path, as_version=4)
    assert set(cleaned.metadata) == {"kernelspec", "language_info"}
    [output] = cleaned.cells[1].outputs
    assert set(output.data) == {"image/png", "text/plain"}
    assert output.data["image/png"] == nb.cells[1].outputs[0].data["image/png"]
