"""The exercise self-checks pass right answers, fail wrong ones with a hint, and print one line."""

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view
from scipy import ndimage

from helpers.checks import (
    check_accuracy,
    check_centre_of_mass,
    check_conv2d,
    check_inverted,
    check_parameter_count,
    check_preprocessed,
    check_small_network,
)


def model_with(parameters: int):
    """A real Keras model with exactly `parameters` parameters (one Dense unit)."""
    import keras

    return keras.Sequential([keras.Input(shape=(parameters - 1,)), keras.layers.Dense(1)])


def verdict(capsys: pytest.CaptureFixture[str]) -> str:
    """The single line a check printed."""
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def conv2d(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """A correct 'valid' cross-correlation."""
    return np.einsum("ijkl,kl->ij", sliding_window_view(image, kernel.shape), kernel)


def test_conv2d_right(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_conv2d(conv2d) is True
    assert verdict(capsys).startswith("✅")


def test_conv2d_flipped_kernel(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_conv2d(lambda image, kernel: conv2d(image, kernel[::-1, ::-1])) is False
    line = verdict(capsys)
    assert line.startswith("❌") and "flip" in line


def test_conv2d_wrong_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_conv2d(lambda image, kernel: conv2d(np.pad(image, 1), kernel)) is False
    line = verdict(capsys)
    assert line.startswith("❌") and "(6, 6)" in line and "expected (4, 4)" in line


def test_conv2d_kernel_height_and_width_mixed_up(capsys: pytest.CaptureFixture[str]) -> None:
    """Right for square kernels, wrong for the 2x3 one: only a non-square kernel can tell."""

    def mixed_up(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
        height, width = kernel.shape
        return conv2d(image, kernel)[: image.shape[0] - width + 1, : image.shape[1] - height + 1]

    assert check_conv2d(mixed_up) is False
    line = verdict(capsys)
    assert line.startswith("❌") and "7x9 image and a 2x3 kernel" in line and "(5, 7)" in line


def test_conv2d_wrong_values(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_conv2d(lambda image, kernel: conv2d(image, kernel) + 0.5) is False
    line = verdict(capsys)
    assert line.startswith("❌") and "output[0, 0]" in line


def test_conv2d_forgotten_return(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_conv2d(lambda image, kernel: None) is False
    assert "return" in verdict(capsys)


def test_conv2d_unfinished_exercise_propagates(capsys: pytest.CaptureFixture[str]) -> None:
    error = NotImplementedError("Exercise 1: write conv2d")

    def unfinished(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
        raise error

    with pytest.raises(NotImplementedError) as raised:
        check_conv2d(unfinished)
    assert raised.value is error
    assert capsys.readouterr().out == ""


def test_small_network_right(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_small_network(model_with(18_813), 0.9891) is True
    assert verdict(capsys) == (
        "✅ 18,813 parameters (≤ 20,000) and 98.91 % validation accuracy (≥ 98.5 %)."
    )


def test_small_network_too_many_parameters(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_small_network(model_with(93_322), 0.99) is False
    line = verdict(capsys)
    assert line.startswith("❌ 93,322 parameters (> 20,000)") and "Flatten" in line
    assert "scaled to" not in line


def test_small_network_too_inaccurate(capsys: pytest.CaptureFixture[str]) -> None:
    model = model_with(12_000)
    assert check_small_network(model, 0.97, min_accuracy=0.98, max_params=15_000) is False
    line = verdict(capsys)
    assert line.startswith(
        "❌ 12,000 parameters (≤ 15,000) and 97.00 % validation accuracy (< 98 %)"
    )
    assert "Flatten" not in line


@pytest.mark.parametrize(
    ("call", "hint"),
    [
        (lambda: check_small_network(model_with(10_000), 98.9), "pass 0.987, not 98.7"),
        (lambda: check_small_network(None, None), "no model yet"),
        (lambda: check_accuracy(None, 0.995), "no result yet"),
        (lambda: check_accuracy(99.5, 0.995), "pass 0.987, not 98.7"),
        (lambda: check_accuracy(float("nan"), 0.995), "NaN"),
        (lambda: check_inverted(0.99, 98.0, 0.98), "inverted_accuracy is 98.0"),
        (lambda: check_accuracy("0.99", 0.995), "not a number"),
    ],
    ids=["percentage", "no model", "no accuracy", "percentage-target", "nan",
         "inverted-percentage", "string"],
)
def test_accuracy_that_is_not_a_fraction_fails_kindly(
    call, hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert call() is False
    line = verdict(capsys)
    assert line.startswith("❌") and hint in line


def test_accuracy_right_and_wrong(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_accuracy(0.993, 0.992, what="the better network") is True
    assert verdict(capsys) == (
        "✅ the better network reaches 99.30 % validation accuracy (≥ 99.2 %)."
    )
    assert check_accuracy(0.99, 0.992) is False
    line = verdict(capsys)
    assert line.startswith("❌ your model reaches 99.00 % validation accuracy (< 99.2 %)")
    assert "Hint" in line


def test_inverted_right(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_inverted(0.985, 0.978, min_accuracy=0.97) is True
    line = verdict(capsys)
    assert line.startswith("✅") and "98.50 %" in line and "97.80 %" in line


def test_inverted_not_fixed(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_inverted(0.99, 0.21, min_accuracy=0.97) is False
    line = verdict(capsys)
    assert line.startswith("❌") and "white strokes on black" in line and "dropped" not in line


def test_inverted_normal_dropped(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_inverted(0.90, 0.98, min_accuracy=0.97) is False
    line = verdict(capsys)
    assert line.startswith("❌") and "dropped" in line and "white strokes on black" not in line


def digit() -> np.ndarray:
    """A '0' drawn like an MNIST digit: a bright 20x14 ring, centred, on black, float32."""
    rows, cols = np.mgrid[:28, :28]
    radius = np.hypot((rows - 13.5) / 10, (cols - 13.5) / 7)
    return ((radius > 0.6) & (radius <= 1)).astype(np.float32)


def test_preprocessed_right(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_preprocessed(digit()) is True
    assert check_preprocessed(digit()[..., np.newaxis]) is True
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all(line.startswith("✅") for line in lines)


@pytest.mark.parametrize(
    ("image", "hint"),
    [
        (np.zeros((28, 28, 3), np.float32), "Shape is (28, 28, 3)"),
        (digit().astype(np.float64), "float32"),
        (digit() * 255, "range"),
        (np.zeros((28, 28), np.float32), "blank"),
        (1 - digit(), "black background"),
        (ndimage.zoom(digit(), 1.4, order=0)[5:33, 5:33], "20x20"),
        (np.roll(digit(), 4, axis=1), "centre of mass"),
        (np.where(digit() > 0, np.nan, 0).astype(np.float32), "NaN"),
        (np.full((28, 28), "x"), "dtype"),
    ],
    ids=["shape", "dtype", "range", "blank", "inverted", "too big", "off centre", "nan", "text"],
)
def test_preprocessed_wrong(
    image: np.ndarray, hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check_preprocessed(image) is False
    line = verdict(capsys)
    assert line.startswith("❌") and hint in line


def basic_cnn(filters_1: int = 16, dropout: float = 0.4):
    """Lesson 03's network (5 × 5 "same" convolutions, 16 → 32 filters, dense 128)."""
    import keras

    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        keras.layers.Conv2D(filters_1, 5, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(32, 5, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(10, activation="softmax"),
    ])


def conv(k: int, c_in: int, c_out: int) -> int:
    return (k * k * c_in + 1) * c_out


def right_count(filters_1: int, dropout: float) -> int:
    return conv(5, 1, filters_1) + conv(5, filters_1, 32) + (7 * 7 * 32 + 1) * 128 + 129 * 10


def test_parameter_count_right(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_parameter_count(right_count, basic_cnn) is True
    assert verdict(capsys).startswith("✅ count_parameters matches Keras for 4 networks")


@pytest.mark.parametrize(
    ("count", "hint"),
    [
        (lambda f, d: right_count(16, d), "conv2's kernels have one input channel"),
        (lambda f, d: right_count(f, d) - f - 32, "biases"),
        (lambda f, d: right_count(f, d) + int(d * 1000), "Dropout only zeroes"),
        (lambda f, d: None, "return"),
    ],
    ids=["conv2 forgotten", "no biases", "dropout counted", "no return"],
)
def test_parameter_count_wrong(count, hint: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_parameter_count(count, basic_cnn) is False
    line = verdict(capsys)
    assert line.startswith("❌") and hint in line


def right_centre(image: np.ndarray) -> tuple[float, float]:
    rows, cols = np.indices(image.shape)
    return (rows * image).sum() / image.sum(), (cols * image).sum() / image.sum()


def test_centre_of_mass_right(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_centre_of_mass(right_centre) is True
    assert verdict(capsys).startswith("✅ centre_of_mass matches scikit-image's measure.centroid")
    assert check_centre_of_mass(lambda image: ndimage.center_of_mass(image)) is True
    assert verdict(capsys).startswith("✅")


def bounding_box_middle(image: np.ndarray) -> tuple[float, float]:
    rows, cols = np.nonzero(image)
    return (rows.min() + rows.max()) / 2, (cols.min() + cols.max()) / 2


@pytest.mark.parametrize(
    ("centre_of_mass", "hint"),
    [
        (lambda image: right_centre(image)[::-1], "wrong way round"),
        (lambda image: np.argwhere(image).mean(axis=0), "each counted the same"),
        (bounding_box_middle, "bounding box"),
        (lambda image: ((image.shape[0] - 1) / 2, (image.shape[1] - 1) / 2), "middle of the image"),
        (lambda image: tuple((np.indices(image.shape)[i] * image).sum() for i in (0, 1)),
         "divided by the total brightness"),
        (lambda image: tuple((np.indices(image.shape)[i] * image).mean() for i in (0, 1)),
         "not by the number of pixels"),
        (lambda image: (0.0, 0.0), "divided by the total brightness"),
        (lambda image: None, "return"),
        (lambda image: 2.0, "expected two: (row, column)"),
        (lambda image: "centre", "expected two numbers"),
    ],
    ids=["swapped", "unweighted", "bounding box", "image middle", "not divided", "mean",
         "anything else", "no return", "one number", "text"],
)
def test_centre_of_mass_wrong(centre_of_mass, hint: str,
                              capsys: pytest.CaptureFixture[str]) -> None:
    assert check_centre_of_mass(centre_of_mass) is False
    line = verdict(capsys)
    assert line.startswith("❌") and hint in line


def test_centre_of_mass_unfinished_exercise_propagates(capsys: pytest.CaptureFixture[str]) -> None:
    def unfinished(image: np.ndarray) -> tuple[float, float]:
        raise NotImplementedError("Exercise: write centre_of_mass")

    with pytest.raises(NotImplementedError):
        check_centre_of_mass(unfinished)
    assert capsys.readouterr().out == ""
