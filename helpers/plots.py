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
