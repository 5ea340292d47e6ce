"""Figure helpers, so lessons stay about the ideas.

Grids of digits, bar charts, training curves, feature maps side by side and barcodes.
"""

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np


def show_images(
    images: Sequence[np.ndarray] | np.ndarray,
    titles: Sequence[str] | None = None,
    ncols: int = 10,
    size: float = 1.2,
    cmap: str = "gray",
    suptitle: str | None = None,
) -> plt.Figure:
    """Show images in a grid (axes off), each with an optional title; return the figure."""
    n = len(images)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows * 1.15))
    for i, ax in enumerate(np.atleast_1d(axes).ravel()):
        ax.axis("off")
        if i < n:
            ax.imshow(np.squeeze(images[i]), cmap=cmap)
            if titles is not None:
                ax.set_title(titles[i], fontsize=9)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def bar_chart(
    values: Sequence[float], labels: Sequence[str], title: str, ylabel: str
) -> plt.Figure:
    """A labelled bar chart with each bar's value written on top of it."""
    fig, ax = plt.subplots(figsize=(7, 3))
    bars = ax.bar(labels, values, color="#4477aa")
    ax.bar_label(bars, fmt="{:,.0f}" if all(float(v).is_integer() for v in values) else "{:.2f}",
                 fontsize=8)
    ax.set(title=title, ylabel=ylabel)
    ax.margins(y=0.15)
    fig.tight_layout()
    return fig


def show_kernels_and_maps(
    kernels: Sequence[np.ndarray],
    maps: Sequence[np.ndarray],
    titles: Sequence[str] | None = None,
    annotate: bool = False,
    size: float = 1.4,
    cmap: str = "RdBu_r",
    suptitle: str | None = None,
) -> plt.Figure:
    """Draw each kernel above its feature map, one pair per column, in a diverging colormap.

    Every panel is scaled to its own largest absolute value with 0 in the middle of `cmap`
    (white for "RdBu_r"), so the sign shows as the hue. `annotate` writes each kernel's values
    into its cells (sensible for small kernels with few digits, e.g. 3×3 of integers).
    """
    n = len(kernels)
    fig, axes = plt.subplots(
        2, n, figsize=(size * n, size * 1.9), height_ratios=[0.75, 1], squeeze=False
    )
    for i in range(n):
        for ax, values in ((axes[0, i], kernels[i]), (axes[1, i], maps[i])):
            values = np.squeeze(np.asarray(values, dtype=float))
            limit = float(np.abs(values).max()) or 1.0
            ax.imshow(values, cmap=cmap, vmin=-limit, vmax=limit)
            ax.set_xticks([])
            ax.set_yticks([])
        if annotate:
            kernel = np.squeeze(np.asarray(kernels[i], dtype=float))
            limit = float(np.abs(kernel).max()) or 1.0
            integers = np.all(kernel == np.round(kernel))
            for (row, col), value in np.ndenumerate(kernel):
                axes[0, i].text(
                    col, row, f"{value:.0f}" if integers else f"{value:.2f}",
                    ha="center", va="center", fontsize=8,
                    color="white" if abs(value) > 0.6 * limit else "black",
                )
        if titles is not None:
            axes[0, i].set_title(titles[i], fontsize=9)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def plot_history(history: dict[str, list[float]]) -> plt.Figure:
    """Loss and accuracy per epoch, training versus validation, from `model.fit(...).history`."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
    epochs = range(1, len(history["loss"]) + 1)
    for ax, metric in zip(axes, ("loss", "accuracy"), strict=True):
        ax.plot(epochs, history[metric], "o-", color="#4477aa", label="training")
        ax.plot(epochs, history[f"val_{metric}"], "s--", color="#ee6677", label="validation")
        ax.set(xlabel="epoch", ylabel=metric, title=metric.capitalize())
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    return fig


#: Bar colours of probability_bars (Paul Tol's colour-blind safe "bright" scheme).
PREDICTED_COLOUR, TRUE_COLOUR, OTHER_COLOUR = "#ee6677", "#4477aa", "#bbbbbb"


def probability_bars(
    probabilities: Sequence[float],
    ax: plt.Axes | None = None,
    true: int | None = None,
    title: str | None = None,
) -> plt.Axes:
    """The ten digit probabilities as bars: the predicted digit red, the true one blue, hatched.

    The true digit's tick label is blue and bold. When the prediction is right its bar is blue
    and hatched. Draws into `ax` (a new figure if None) and returns it.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(4, 2.4))
    probabilities = np.asarray(probabilities, dtype=float)
    colours = [OTHER_COLOUR] * len(probabilities)
    colours[int(probabilities.argmax())] = PREDICTED_COLOUR
    bars = ax.bar(range(len(probabilities)), probabilities, color=colours)
    ax.set(xticks=range(len(probabilities)), ylim=(0, 1.05), yticks=[0, 0.5, 1])
    ax.tick_params(labelsize=8)
    if true is not None:  # a tiny bar is hard to see, so its tick label is marked too
        bars[true].set(color=TRUE_COLOUR, hatch="///", edgecolor="white")
        ax.get_xticklabels()[true].set(color=TRUE_COLOUR, fontweight="bold")
    if title:
        ax.set_title(title, fontsize=9)
    return ax


def show_kernels(
    kernels: Sequence[np.ndarray],
    titles: Sequence[str] | None = None,
    ncols: int = 8,
    size: float = 1.1,
    suptitle: str | None = None,
) -> plt.Figure:
    """Kernels in a grid, "RdBu_r", each scaled to its own largest |value|: 0 is white."""
    n = len(kernels)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows * 1.35 + 0.4),
                             squeeze=False)
    for i, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if i < n:
            kernel = np.squeeze(np.asarray(kernels[i], dtype=float))
            limit = float(np.abs(kernel).max()) or 1.0
            ax.imshow(kernel, cmap="RdBu_r", vmin=-limit, vmax=limit)
            if titles is not None:
                ax.set_title(titles[i], fontsize=8)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def show_confusion(matrix: np.ndarray, cmap: str = "Blues") -> plt.Figure:
    """A confusion matrix (rows: true, columns: predicted) with the count written in each cell.

    The colour shows the off-diagonal counts (the errors) only; the diagonal (correct
    predictions, far larger) is drawn light grey with its count in grey, so errors stand out.
    """
    matrix = np.asarray(matrix)
    errors = np.where(np.eye(len(matrix), dtype=bool), np.nan, matrix).astype(float)
    fig, ax = plt.subplots(figsize=(6.5, 5.5))
    ax.imshow(np.eye(len(matrix)), cmap="Greys", vmin=0, vmax=5)  # light grey diagonal
    image = ax.imshow(errors, cmap=cmap, vmin=0, vmax=max(np.nanmax(errors), 1))
    top = np.nanmax(errors)
    for (row, col), count in np.ndenumerate(matrix):
        colour = "dimgrey" if row == col else ("white" if count > 0.6 * top else "black")
        ax.text(col, row, f"{count}", ha="center", va="center", fontsize=8, color=colour)
    ticks = range(len(matrix))
    ax.set(xticks=ticks, yticks=ticks, xlabel="predicted digit", ylabel="true digit")
    fig.colorbar(image, ax=ax, label="number of test images (errors only)")
    fig.tight_layout()
    return fig


def on_checkerboard(picture: np.ndarray, square: int = 8) -> np.ndarray:
    """Lay an RGB or RGBA picture (uint8) on a grey-and-white checkerboard; RGB floats in [0, 1].

    Transparent parts then show as the checkerboard, as in image editors; an RGB picture has
    none and comes back unchanged (as floats).
    """
    picture = np.asarray(picture, dtype=float) / 255
    rows, cols = np.indices(picture.shape[:2]) // square
    board = np.where((rows + cols) % 2 == 0, 1.0, 0.8)[..., None]
    alpha = picture[..., 3:] if picture.shape[-1] == 4 else np.ones_like(picture[..., :1])
    return picture[..., :3] * alpha + board * (1 - alpha)


def show_what_the_model_sees(
    originals: Sequence[np.ndarray],
    inputs: Sequence[np.ndarray],
    probabilities: Sequence[Sequence[float]],
    names: Sequence[str],
    groups: int = 2,
) -> plt.Figure:
    """For each picture: the original, the model's 28×28 input and its probability bars.

    The triples are laid out in `groups` side-by-side columns.
    """
    n = len(originals)
    nrows = -(-n // groups)
    fig, axes = plt.subplots(nrows, 3 * groups, figsize=(5.6 * groups, 1.45 * nrows),
                             width_ratios=[1, 1, 1.8] * groups, squeeze=False)
    for i in range(nrows * groups):
        original_ax, input_ax, bars_ax = axes[i % nrows, 3 * (i // nrows):3 * (i // nrows) + 3]
        original_ax.set(xticks=[], yticks=[])  # keep the frame: it shows where a canvas ends
        input_ax.axis("off")
        if i >= n:
            original_ax.axis("off")
            bars_ax.axis("off")
            continue
        original_ax.imshow(originals[i])
        original_ax.set_title(names[i], fontsize=8)
        input_ax.imshow(inputs[i], cmap="gray", vmin=0, vmax=1)
        input_ax.set_title("model input", fontsize=8)
        probability_bars(probabilities[i], ax=bars_ax)
    fig.tight_layout()
    return fig


def show_steps(steps: dict[str, np.ndarray], size: float = 1.6) -> plt.Figure:
    """Images of a processing pipeline side by side, in grey from 0 (black) to 1 (white).

    The fixed 0–1 range keeps what each step did visible (contrast is not stretched for
    display). Each title gives the step's name and the image's height × width.
    """
    fig, axes = plt.subplots(1, len(steps), figsize=(size * len(steps), size * 1.3))
    for ax, (name, image) in zip(np.atleast_1d(axes), steps.items(), strict=True):
        ax.imshow(image, cmap="gray", vmin=0, vmax=1)
        ax.set_title(f"{name}\n{image.shape[0]}×{image.shape[1]}", fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    return fig


def show_channels_by_digit(
    inputs: Sequence[np.ndarray],
    maps: np.ndarray,
    channels: Sequence[int],
    titles: Sequence[str],
    layer: str,
    size: float = 0.95,
    cmap: str = "viridis",
) -> plt.Figure:
    """Chosen channels of one layer for several digits: one column per digit, one row per channel.

    The top row shows the input images; below it, row by row, the feature map of each channel
    in `channels` for every input (`maps` has shape (inputs, height, width, channels)). All maps
    of one row share one colour scale, from 0 (dark) to that channel's largest value in the row
    (bright), so the same channel can be compared across digits; rows are scaled separately.
    """
    maps = np.asarray(maps, dtype=float)
    n = len(inputs)
    rows = 1 + len(channels)
    fig, axes = plt.subplots(rows, n, figsize=(size * n + 0.6, size * rows), squeeze=False)
    for col in range(n):
        axes[0, col].imshow(np.squeeze(inputs[col]), cmap="gray")
        axes[0, col].set_title(titles[col], fontsize=9)
    for row, channel in enumerate(channels, start=1):
        top = float(maps[..., channel].max()) or 1.0
        for col in range(n):
            axes[row, col].imshow(maps[col, :, :, channel], cmap=cmap, vmin=0, vmax=top)
        axes[row, 0].set_ylabel(f"{layer}\n#{channel}", fontsize=9, rotation=0, ha="right",
                                va="center")
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    return fig


def show_barcodes(
    features: np.ndarray,
    labels: Sequence[int],
    title: str | None = None,
    cmap: str = "viridis",
) -> plt.Figure:
    """One row per example (its feature vector), grouped by label, with the groups marked.

    Rows are sorted by label (stably, so examples keep their order within a group); a white
    line separates the groups and the y axis names each group at its middle. Each feature
    (column) is rescaled to run from 0, its smallest value among the rows shown, to 1, its
    largest.
    """
    features = np.asarray(features, dtype=float)
    labels = np.asarray(labels)
    order = np.argsort(labels, kind="stable")
    features, labels = features[order], labels[order]
    low, high = features.min(axis=0), features.max(axis=0)
    scaled = (features - low) / np.where(high > low, high - low, 1)
    fig, ax = plt.subplots(figsize=(9, 6))
    image = ax.imshow(scaled, cmap=cmap, vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    starts = np.flatnonzero(np.r_[True, labels[1:] != labels[:-1]])
    ends = np.r_[starts[1:], len(labels)]
    for start in starts[1:]:
        ax.axhline(start - 0.5, color="white", linewidth=1.5)
    ax.set_yticks((starts + ends - 1) / 2, [str(label) for label in labels[starts]])
    ax.set(xticks=range(0, features.shape[1], 4), xlabel="feature", ylabel="label")
    if title:
        ax.set_title(title)
    fig.colorbar(image, ax=ax, label="0 = smallest value shown, 1 = largest")
    fig.tight_layout()
    return fig
