"""helpers.diagram.draw_model on real Keras models: one block per layer, labelled truthfully."""

import keras
import matplotlib.pyplot as plt
import pytest
from matplotlib.patches import Rectangle

from helpers.diagram import _wrap, draw_model


@pytest.fixture(scope="module")
def cnn() -> keras.Model:
    """A small CNN with 3-D and flat outputs, an augmentation layer and a long type name."""
    return keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.layers.RandomRotation(0.03, name="rotate"),
            keras.layers.Conv2D(8, 3, padding="same", name="conv1"),
            keras.layers.MaxPooling2D(2, name="pool1"),
            keras.layers.BatchNormalization(name="bn1"),
            keras.layers.Flatten(name="flatten"),
            keras.layers.Dense(10, name="output"),
        ],
        name="tiny_cnn",
    )


def blocks(fig) -> list[Rectangle]:
    """The layer blocks of a drawn model, left to right."""
    (ax,) = fig.axes
    return sorted((p for p in ax.patches if isinstance(p, Rectangle)), key=lambda r: r.get_x())


def texts(fig) -> list[str]:
    """Every text drawn on a drawn model's axes, in drawing order."""
    (ax,) = fig.axes
    return [t.get_text() for t in ax.texts if t.get_text()]  # arrows are empty texts


def test_one_block_per_layer_plus_the_input(cnn: keras.Model) -> None:
    fig = draw_model(cnn)
    assert len(blocks(fig)) == len(cnn.layers) + 1
    names = [t for t in texts(fig) if "\n" not in t]
    assert names == ["input", "rotate", "conv1", "pool1", "bn1", "flatten", "output"]


def test_labels_give_type_shape_and_parameters(cnn: keras.Model) -> None:
    fig = draw_model(cnn)
    labels = [t for t in texts(fig) if "\n" in t]
    assert labels[2] == "Conv2D\n28×28×8\n80 params"  # (3·3·1 + 1) · 8
    assert labels[3] == "Max\nPooling2D\n14×14×8\n0 params"
    assert labels[4] == "Batch\nNormalization\n14×14×8\n32 params"
    assert labels[5] == "Flatten\n1568\n0 params"
    assert labels[6] == f"Dense\n10\n{1568 * 10 + 10:,} params"
    assert f"{cnn.count_params():,} parameters" in fig.axes[0].get_title()


def test_block_sizes_follow_image_size_and_channels(cnn: keras.Model) -> None:
    rects = blocks(draw_model(cnn))
    heights = [r.get_height() for r in rects]
    widths = [r.get_width() for r in rects]
    assert heights[0] == heights[1] == heights[2] > heights[3] == heights[4]  # 28 px, then 14
    assert widths[2] > widths[1]  # 8 channels are wider than 1
    assert widths[5] < widths[4] and heights[5] > heights[6]  # flat: thin; 1568 taller than 10
    colours = {r.get_facecolor() for r in rects[2:4]}
    assert len(colours) == 2  # convolution and pooling differ


def test_long_type_names_are_split_at_a_capital() -> None:
    assert _wrap("BatchNormalization") == "Batch\nNormalization"
    assert _wrap("RandomTranslation") == "Random\nTranslation"
    assert _wrap("Conv2D") == "Conv2D"


@pytest.fixture(autouse=True)
def close_figures():
    """Close the figures each test draws."""
    yield
    plt.close("all")
