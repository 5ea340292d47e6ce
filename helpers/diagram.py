"""Draw a Keras Sequential model as a row of blocks, one per layer, with its output shape.

A block's height follows the layer's output height (28, 14, 7 ... pixels), its width the
number of channels (on a log scale); a flat output (after `Flatten`) is drawn as a thin bar
whose height follows its length (also on a log scale). Under each block: the layer's name,
type, output shape and number of parameters, the numbers `model.summary()` prints.
"""

import math
import re

import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

COLOURS = {  # layer type -> colour; anything else is drawn in light grey
    "Conv2D": "tab:blue",
    "MaxPooling2D": "tab:orange",
    "BatchNormalization": "tab:purple",
    "ReLU": "tab:green",
    "Flatten": "gold",
    "Dense": "tab:red",
    "Input": "white",
}


def _size(shape: tuple[int, ...]) -> tuple[float, float]:
    """A block's width and height (in slots of 1) for an output shape without the batch axis."""
    if len(shape) == 3:  # height, width, channels
        height, _, channels = shape
        return 0.12 + 0.07 * math.log2(channels), 0.25 + 0.75 * height / 28
    return 0.08, 0.15 + 0.85 * math.log10(shape[0]) / math.log10(4_000)


def _wrap(kind: str) -> str:
    """A long layer type such as BatchNormalization split into two lines at a capital."""
    if len(kind) <= 11:
        return kind
    parts = re.findall(r"[A-Z][a-z]*|\d+\w*", kind)
    cut = min(range(1, len(parts)), key=lambda i: abs(len("".join(parts[:i])) - len(kind) / 2))
    return "".join(parts[:cut]) + "\n" + "".join(parts[cut:])


def _shape_text(shape: tuple[int, ...]) -> str:
    """An output shape such as (28, 28, 16) written as 28×28×16."""
    return "×".join(str(n) for n in shape)


def draw_model(model, size: float = 0.95) -> plt.Figure:
    """Draw `model` (a built keras.Sequential) left to right; return the figure.

    `size` is the width in inches of each layer's slot.
    """
    rows = [("input", "Input", tuple(model.inputs[0].shape[1:]), 0)]
    rows += [(layer.name, type(layer).__name__, tuple(layer.output.shape[1:]),
              layer.count_params()) for layer in model.layers]
    fig, ax = plt.subplots(figsize=(size * len(rows), 3))
    previous_right = None
    for slot, (name, kind, shape, params) in enumerate(rows):
        width, height = _size(shape)
        colour = COLOURS.get(kind, "lightgrey")
        ax.add_patch(Rectangle((slot - width / 2, 0), width, height, facecolor=colour,
                               edgecolor="black", linewidth=0.8))
        if previous_right is not None:
            ax.annotate("", xy=(slot - width / 2, 0.1), xytext=(previous_right, 0.1),
                        arrowprops={"arrowstyle": "->", "color": "black", "linewidth": 0.8})
        previous_right = slot + width / 2
        ax.text(slot, -0.05, name, ha="center", va="top", fontsize=7.5, fontweight="bold")
        ax.text(slot, -0.17, f"{_wrap(kind)}\n{_shape_text(shape)}\n{params:,} params", ha="center",
                va="top", fontsize=7)
    ax.set_xlim(-0.6, len(rows) - 0.4)
    ax.set_ylim(-0.8, 1.05)
    ax.axis("off")
    ax.set_title(f"{model.name}: {model.count_params():,} parameters "
                 "(block height: image size; width: channels)", fontsize=9)
    fig.tight_layout()
    return fig
