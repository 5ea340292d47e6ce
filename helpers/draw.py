"""A canvas in the notebook to draw a digit on with the mouse (lesson 06): plumbing only.

    DigitCanvas(on_drawing, example="data/png/drawn_3.png")

After each stroke the canvas sends the drawing to Python as a PNG, and `on_drawing` gets its
pixels as `io.imread` would read that file: a (height, width, 4) uint8 array, black ink on an
opaque white background. Whatever `on_drawing` prints and the first figure it shows appear
beside the canvas; what to do with the drawing (the lesson's preprocessing, the model) is the
notebook's code, not this module's.

The canvas is an anywidget, so it works in JupyterLab, Jupyter Notebook, VS Code and Colab.
Where nothing draws widgets (papermill, nbval, the course book, GitHub), the widget's output
still carries a plain picture: the figure `on_drawing` showed for the stored `example`.
"""

import base64
import io
from collections.abc import Callable
from pathlib import Path

import anywidget
import matplotlib.pyplot as plt
import numpy as np
import traitlets
from IPython.display import display
from IPython.utils.capture import capture_output
from PIL import Image

_ESM = """
function render({ model, el }) {
  const size = model.get("size");
  const root = document.createElement("div");
  root.className = "draw-digit";
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = size;
  canvas.className = "draw-digit-canvas";
  canvas.setAttribute("aria-label", "A white canvas: draw a digit on it with the mouse");
  const pen = canvas.getContext("2d");
  const side = document.createElement("div");
  side.className = "draw-digit-side";
  const status = document.createElement("p");
  status.className = "draw-digit-status";
  const text = document.createElement("pre");
  text.className = "draw-digit-text";
  const clear = document.createElement("button");
  clear.className = "draw-digit-clear";
  clear.textContent = "Clear";
  const figure = document.createElement("img");
  figure.className = "draw-digit-figure";
  figure.alt = "What the notebook made of the drawing";
  side.append(status, text, clear);
  root.append(canvas, side, figure);
  el.append(root);

  const blank = () => {
    pen.fillStyle = "white";
    pen.fillRect(0, 0, size, size);
  };
  const showResult = () => {
    const png = model.get("figure");
    if (figure.hasAttribute("src")) URL.revokeObjectURL(figure.src);
    if (png && png.byteLength) {
      figure.src = URL.createObjectURL(new Blob([png], { type: "image/png" }));
    } else {
      figure.removeAttribute("src");
    }
    figure.hidden = !figure.hasAttribute("src");
    text.textContent = model.get("text");
    const empty = !model.get("text") && figure.hidden;
    status.textContent = empty ? "Draw a digit with the mouse." : "";
  };
  blank();
  const example = model.get("example");
  if (example && example.byteLength) {
    createImageBitmap(new Blob([example], { type: "image/png" })).then((bitmap) => {
      pen.drawImage(bitmap, 0, 0, size, size);
    });
  }
  showResult();
  model.on("change:readings", showResult);  // also when a reading gives the same text

  let last = null;
  const point = (event) => {
    const box = canvas.getBoundingClientRect();
    return [(event.clientX - box.left) * size / box.width,
            (event.clientY - box.top) * size / box.height];
  };
  const line = (from, to) => {
    pen.strokeStyle = "black";
    pen.lineWidth = model.get("pen");
    pen.lineCap = pen.lineJoin = "round";
    pen.beginPath();
    pen.moveTo(...from);
    pen.lineTo(...to);
    pen.stroke();
  };
  canvas.addEventListener("pointerdown", (event) => {
    if (event.button !== 0) return;  // the main button, a finger or a pen only
    canvas.setPointerCapture(event.pointerId);
    last = point(event);
    line(last, last);
  });
  canvas.addEventListener("pointermove", (event) => {
    if (last === null) return;
    const next = point(event);
    line(last, next);
    last = next;
  });
  const send = () => {
    if (last === null) return;
    last = null;
    status.textContent = "Reading your drawing…";
    canvas.toBlob(async (blob) => {
      model.send({ event: "drawing" }, undefined, [await blob.arrayBuffer()]);
    }, "image/png");
  };
  canvas.addEventListener("pointerup", send);
  canvas.addEventListener("pointercancel", send);
  clear.addEventListener("click", () => {
    blank();
    model.send({ event: "clear" });
  });
  return () => {
    if (figure.hasAttribute("src")) URL.revokeObjectURL(figure.src);
  };
}
export default { render };
"""

_CSS = """
.draw-digit { display: flex; flex-wrap: wrap; gap: 0.5em 1em; align-items: flex-start; }
.draw-digit-canvas { border: 1px solid #888; cursor: crosshair; touch-action: none; }
.draw-digit-side { min-width: 16em; }
.draw-digit-text { font-size: 1.1em; white-space: pre-wrap; }
.draw-digit-figure { max-width: 100%; flex-basis: 100%; }
"""


class DigitCanvas(anywidget.AnyWidget):
    """A canvas to draw a digit on; `on_drawing(picture)` runs after every stroke.

    `example`, a PNG file of the canvas's size, is drawn on the canvas at the start and read
    at once, so the widget opens with a result, and its figure is the widget's static output.
    Errors of `on_drawing` on the example are raised; on a drawing, they are shown instead.
    """

    _esm = _ESM
    _css = _CSS
    size = traitlets.Int(280).tag(sync=True)  # the canvas, in pixels (10 × MNIST's 28)
    pen = traitlets.Int(22).tag(sync=True)  # the pen's width, in pixels
    example = traitlets.Bytes(b"").tag(sync=True)  # PNG drawn on the canvas at the start
    text = traitlets.Unicode("").tag(sync=True)  # what on_drawing printed
    figure = traitlets.Bytes(b"").tag(sync=True)  # the first figure on_drawing showed, as PNG
    readings = traitlets.Int(0).tag(sync=True)  # counts every new text and figure, and clears

    def __init__(
        self,
        on_drawing: Callable[[np.ndarray], object],
        example: str | Path | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)
        self.on_drawing = on_drawing
        self.on_msg(self._receive)
        if example is not None:
            self.example = Path(example).read_bytes()
            self.read(self.example)

    def read(self, png: bytes) -> None:
        """Run on_drawing on a PNG's pixels; keep what it printed and its first figure."""
        picture = np.asarray(Image.open(io.BytesIO(png)))
        before = set(plt.get_fignums())
        with capture_output(stderr=False) as captured:
            try:
                self.on_drawing(picture)
                for number in sorted(set(plt.get_fignums()) - before):  # built but not shown
                    display(plt.figure(number))
            finally:
                for number in set(plt.get_fignums()) - before:
                    plt.close(number)
        pngs = [out.data["image/png"] for out in captured.outputs if "image/png" in out.data]
        self._show(captured.stdout.strip(), _png_bytes(pngs[0]) if pngs else b"")

    def _show(self, text: str, figure: bytes) -> None:
        """Put a text and a figure beside the canvas (the browser redraws on `readings`)."""
        with self.hold_sync():  # one message to the browser
            self.text, self.figure = text, figure
            self.readings += 1

    def _receive(self, _widget: object, content: dict, buffers: list) -> None:
        """A message from the canvas: a drawing (a PNG in `buffers`) or "clear"."""
        if content.get("event") == "clear":
            self._show("", b"")
        elif content.get("event") == "drawing" and buffers:
            try:
                self.read(bytes(buffers[0]))
            except Exception as error:  # a kernel would only log it; the student must see it
                self._show(f"{type(error).__name__}: {error}", b"")

    def _repr_mimebundle_(self, **kwargs: object) -> tuple[dict, dict]:
        """The widget for front-ends that draw widgets; the example's figure for the others."""
        data, metadata = super()._repr_mimebundle_(**kwargs)
        data["text/plain"] = self.text or "a canvas to draw a digit on"
        if self.figure:
            data["image/png"] = base64.b64encode(self.figure).decode("ascii")
        return data, metadata


def _png_bytes(data: bytes | str) -> bytes:
    """A PNG as IPython's display system holds it: raw bytes, or base64 text in some versions."""
    return data if isinstance(data, bytes) else base64.b64decode(data)
