"""Figure helpers: grids of digits and simple bar charts, so lessons stay about the ideas."""

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
