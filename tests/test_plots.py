"""helpers.plots: the figure helpers of lessons 05 and 06 that hold some logic."""

import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers.plots import (
    OTHER_COLOUR,
    PREDICTED_COLOUR,
    TRUE_COLOUR,
    on_checkerboard,
    probability_bars,
    show_barcodes,
    show_channels_by_digit,
    show_confusion,
    show_kernels,
    show_steps,
    show_what_the_model_sees,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_on_checkerboard_keeps_opaque_pixels_and_shows_the_board_through_transparent_ones():
    rgba = np.zeros((16, 16, 4), dtype=np.uint8)
    rgba[:8] = (255, 0, 0, 255)  # opaque red top half
    rgba[8:] = (0, 0, 0, 0)  # transparent black bottom half
    rgb = on_checkerboard(rgba, square=4)
    assert rgb.shape == (16, 16, 3) and rgb.min() >= 0 and rgb.max() <= 1
    assert np.allclose(rgb[:8], (1, 0, 0))
    bottom = rgb[8:, :, 0]
    assert set(np.unique(bottom)) == {0.8, 1.0}  # light grey and white, never the hidden black
    assert bottom[0, 0] != bottom[0, 4] and bottom[0, 0] == bottom[0, 3]  # squares of 4 pixels


def test_on_checkerboard_blends_half_transparent_pixels():
    rgba = np.array([[[0, 0, 0, 128]]], dtype=np.uint8)
    assert np.allclose(on_checkerboard(rgba), 1 - 128 / 255)  # black at ~50 % on white


def bar_colours(ax) -> list[str]:
    return [mcolors.to_hex(bar.get_facecolor()) for bar in ax.patches]


def ax_hatches(ax) -> set[int]:
    return {i for i, bar in enumerate(ax.patches) if bar.get_hatch()}


def test_probability_bars_mark_the_prediction_and_the_true_digit():
    p = np.full(10, 0.02)
    p[7] = 0.82
    colours = bar_colours(probability_bars(p, true=2))
    assert colours[7] == PREDICTED_COLOUR and colours[2] == TRUE_COLOUR
    assert colours.count(OTHER_COLOUR) == 8
    bold = [t.get_fontweight() for t in probability_bars(p, true=2).get_xticklabels()]
    assert bold[2] == "bold" and bold.count("bold") == 1
    assert ax_hatches(probability_bars(p, true=7)) == {7}  # right: blue and hatched


def test_show_confusion_colours_only_the_errors_and_writes_every_count():
    matrix = np.array([[50, 3, 0], [1, 40, 0], [0, 7, 60]])
    fig = show_confusion(matrix)
    ax = fig.axes[0]
    errors = ax.get_images()[1].get_array()
    assert errors.mask.diagonal().all() or np.isnan(errors.diagonal()).all()
    assert np.nanmax(errors) == 7
    assert sorted(t.get_text() for t in ax.texts) == sorted(str(c) for c in matrix.ravel())
    assert ax.get_xlabel() == "predicted digit" and ax.get_ylabel() == "true digit"


def test_show_kernels_centres_the_colour_scale_on_zero():
    fig = show_kernels([np.array([[1.0, -3.0], [0.5, 2.0]])] * 3, ncols=2)
    assert len(fig.axes) == 4  # 2 × 2 grid, the last one empty
    assert fig.axes[0].get_images()[0].get_clim() == (-3.0, 3.0)
    assert not fig.axes[3].get_images()


def test_show_what_the_model_sees_has_three_panels_per_picture():
    n = 5
    p = np.full((n, 10), 0.1)
    fig = show_what_the_model_sees([np.ones((30, 40, 3))] * n, [np.zeros((28, 28))] * n, p,
                                   [f"pic {i}" for i in range(n)], groups=2)
    assert len(fig.axes) == 3 * 2 * 3  # 3 rows × (3 panels × 2 groups); the last triple empty
    titles = [ax.get_title() for ax in fig.axes]
    assert sorted(t for t in titles if t.startswith("pic")) == [f"pic {i}" for i in range(n)]
    assert fig.axes[3].get_title() == "pic 3"  # the second group starts after ceil(5 / 2) rows


def test_show_steps_draws_every_step_on_the_same_scale():
    steps = {"a": np.zeros((4, 6)), "b": np.ones((28, 28))}
    fig = show_steps(steps)
    assert [ax.get_title() for ax in fig.axes] == ["a\n4×6", "b\n28×28"]
    assert all(ax.get_images()[0].get_clim() == (0, 1) for ax in fig.axes)


def test_on_checkerboard_returns_an_opaque_rgb_picture_unchanged():
    rgb = np.random.default_rng(0).integers(0, 256, (5, 7, 3), dtype=np.uint8)
    assert np.allclose(on_checkerboard(rgb), rgb / 255)


def test_show_channels_by_digit_shares_one_colour_scale_per_channel():
    maps = np.zeros((3, 4, 4, 5))
    maps[0, 0, 0, 2], maps[2, 1, 1, 2] = 1.0, 4.0  # channel 2: strongest in the third digit
    maps[1, 2, 2, 4] = 0.5
    fig = show_channels_by_digit([np.ones((28, 28, 1))] * 3, maps, [2, 4], ["a", "b", "c"],
                                 "relu1")
    axes = np.array(fig.axes).reshape(3, 3)  # input row, then one row per channel
    assert [ax.get_title() for ax in axes[0]] == ["a", "b", "c"]
    assert [ax.get_images()[0].get_clim() for ax in axes[1]] == [(0, 4.0)] * 3
    assert [ax.get_images()[0].get_clim() for ax in axes[2]] == [(0, 0.5)] * 3
    assert axes[1, 0].get_ylabel() == "relu1\n#2" and axes[2, 0].get_ylabel() == "relu1\n#4"
    assert np.array_equal(axes[2, 1].get_images()[0].get_array(), maps[1, :, :, 4])


def test_show_barcodes_sorts_by_label_and_marks_each_group():
    features = np.array([[0.0, 5.0], [2.0, 1.0], [1.0, 3.0], [4.0, 1.0], [3.0, 2.0]])
    labels = [7, 1, 7, 1, 1]
    fig = show_barcodes(features, labels)
    ax = fig.axes[0]
    shown = ax.get_images()[0].get_array()
    assert np.allclose(shown[:, 0], [0.5, 1.0, 0.75, 0.0, 0.25])  # the 1s first, in their order
    assert shown.min() == 0 and shown.max() == 1
    assert [t.get_text() for t in ax.get_yticklabels()] == ["1", "7"]
    assert list(ax.get_yticks()) == [1.0, 3.5]  # the middle of rows 0-2 and of rows 3-4
    assert [line.get_ydata()[0] for line in ax.get_lines()] == [2.5]  # one line between them
