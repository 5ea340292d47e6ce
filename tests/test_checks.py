"""The exercise self-checks pass right answers, fail wrong ones with a hint, and print one line."""

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view
from scipy import ndimage

from helpers.checks import (
    check_accuracy,
    check_centre_of_mass,
    check_conv2d,
    check_error_rates,
    check_fewer_mistakes,
    check_inverted,
    check_mean_image,
    check_parameter_count,
    check_preprocessed,
    check_small_network,
    compare_with_text,
)
from helpers.checks.verdict import DIFFERS


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
    assert check_conv2d(conv2d) is None
    assert verdict(capsys).startswith("✅")


def test_conv2d_flipped_kernel(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_conv2d(lambda image, kernel: conv2d(image, kernel[::-1, ::-1])) is None
    line = verdict(capsys)
    assert line.startswith("❌") and "flip" in line


def test_conv2d_wrong_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_conv2d(lambda image, kernel: conv2d(np.pad(image, 1), kernel)) is None
    line = verdict(capsys)
    assert line.startswith("❌") and "(6, 6)" in line and "expected (4, 4)" in line


def test_conv2d_kernel_height_and_width_mixed_up(capsys: pytest.CaptureFixture[str]) -> None:
    """Right for square kernels, wrong for the 2x3 one: only a non-square kernel can tell."""

    def mixed_up(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
        height, width = kernel.shape
        return conv2d(image, kernel)[: image.shape[0] - width + 1, : image.shape[1] - height + 1]

    assert check_conv2d(mixed_up) is None
    line = verdict(capsys)
    assert line.startswith("❌") and "7x9 image and a 2x3 kernel" in line and "(5, 7)" in line


def test_conv2d_wrong_values(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_conv2d(lambda image, kernel: conv2d(image, kernel) + 0.5) is None
    line = verdict(capsys)
    assert line.startswith("❌") and "output[0, 0]" in line


def test_conv2d_forgotten_return(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_conv2d(lambda image, kernel: None) is None
    line = verdict(capsys)
    assert line.startswith("❌") and "return" in line


def test_conv2d_unfinished_exercise_propagates(capsys: pytest.CaptureFixture[str]) -> None:
    error = NotImplementedError("Exercise 1: write conv2d")

    def unfinished(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
        raise error

    with pytest.raises(NotImplementedError) as raised:
        check_conv2d(unfinished)
    assert raised.value is error
    assert capsys.readouterr().out == ""


def test_small_network_right(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_small_network(model_with(18_813), 0.9891) is None
    assert verdict(capsys) == (
        "✅ 18,813 parameters (≤ 20,000) and 98.91 % validation accuracy (≥ 98.5 %)."
    )


def test_small_network_too_many_parameters(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_small_network(model_with(93_322), 0.99) is None
    line = verdict(capsys)
    assert line.startswith("❌ 93,322 parameters (> 20,000)") and "Flatten" in line
    assert "scaled to" not in line


def test_small_network_too_inaccurate(capsys: pytest.CaptureFixture[str]) -> None:
    model = model_with(12_000)
    assert check_small_network(model, 0.97, min_accuracy=0.98, max_params=15_000) is None
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
        (lambda: check_fewer_mistakes(None, 0.994, 5000), "no result yet"),
        (lambda: check_fewer_mistakes(99.6, 0.994, 5000), "pass 0.987, not 98.7"),
    ],
    ids=["percentage", "no model", "no accuracy", "percentage-target", "nan",
         "inverted-percentage", "string", "fewer-mistakes-none", "fewer-mistakes-percentage"],
)
def test_accuracy_that_is_not_a_fraction_fails_kindly(
    call, hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert call() is None
    line = verdict(capsys)
    assert line.startswith("❌") and hint in line


def test_accuracy_right_and_wrong(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_accuracy(0.993, 0.992, what="the better network") is None
    assert verdict(capsys) == (
        "✅ the better network reaches 99.30 % validation accuracy (≥ 99.2 %)."
    )
    assert check_accuracy(0.99, 0.992) is None
    line = verdict(capsys)
    assert line.startswith("❌ your model reaches 99.00 % validation accuracy (< 99.2 %)")
    assert "Hint" in line


def test_fewer_mistakes_counts_digits(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_fewer_mistakes(0.996, 0.994, 5000, what="your better model") is None
    assert verdict(capsys) == (
        "✅ your better model misreads 20 of the 5,000 validation digits (99.60 % right), "
        "lesson 04's model 30 (99.40 %)."
    )
    check_fewer_mistakes(0.994, 0.994, 5000)  # as many as lesson 04's model: not fewer
    line = verdict(capsys)
    assert line.startswith("❌ your model misreads 30 of the 5,000") and "Hint" in line
    check_fewer_mistakes(0.9938, 0.994, 5000)
    assert verdict(capsys).startswith("❌ your model misreads 31 of the 5,000")


def test_inverted_right(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_inverted(0.985, 0.978, min_accuracy=0.97) is None
    line = verdict(capsys)
    assert line.startswith("✅") and "98.50 %" in line and "97.80 %" in line


def test_inverted_not_fixed(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_inverted(0.99, 0.21, min_accuracy=0.97) is None
    line = verdict(capsys)
    assert line.startswith("❌") and "white strokes on black" in line and "dropped" not in line


def test_inverted_normal_dropped(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_inverted(0.90, 0.98, min_accuracy=0.97) is None
    line = verdict(capsys)
    assert line.startswith("❌") and "dropped" in line and "white strokes on black" not in line


def digit() -> np.ndarray:
    """A '0' drawn like an MNIST digit: a bright 20x14 ring, centred, on black, float32."""
    rows, cols = np.mgrid[:28, :28]
    radius = np.hypot((rows - 13.5) / 10, (cols - 13.5) / 7)
    return ((radius > 0.6) & (radius <= 1)).astype(np.float32)


def test_preprocessed_right(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_preprocessed(digit()) is None
    assert check_preprocessed(digit()[..., np.newaxis]) is None
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
    assert check_preprocessed(image) is None
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
    assert check_parameter_count(right_count, basic_cnn) is None
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
    assert check_parameter_count(count, basic_cnn) is None
    line = verdict(capsys)
    assert line.startswith("❌") and hint in line


def mnist_like(n: int = 300) -> tuple[np.ndarray, np.ndarray]:
    """Random uint8 "images" of shape (n, 28, 28, 1) and labels 0-9, as tfds gives them."""
    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, (n, 28, 28, 1), dtype=np.uint8)
    return images, np.arange(n) % 10


def right_mean_image(images: np.ndarray, labels: np.ndarray, digit: int) -> np.ndarray:
    return images[labels == digit].mean(axis=0)


def test_mean_image_right(capsys: pytest.CaptureFixture[str]) -> None:
    images, labels = mnist_like()
    assert check_mean_image(right_mean_image, images, labels) is None
    assert verdict(capsys).startswith("✅ mean_image matches")
    squeezed = lambda i, y, d: right_mean_image(i, y, d).squeeze()  # noqa: E731
    assert check_mean_image(squeezed, images, labels) is None
    assert verdict(capsys).startswith("✅")


@pytest.mark.parametrize(
    ("mean_image", "hint"),
    [
        (lambda i, y, d: right_mean_image(i, y, d) / 255, "from 0 to 1"),
        (lambda i, y, d: i.mean(axis=0), "average of all 300 images"),
        (lambda i, y, d: right_mean_image(i, y, (d + 1) % 10), "not the average"),
        (lambda i, y, d: i[y == d].sum(axis=0), "sum of the 30 images"),
        (lambda i, y, d: np.median(i[y == d], axis=0), "median"),
        (lambda i, y, d: i[y == d][0].astype(float), "that is one image"),
        (lambda i, y, d: right_mean_image(i, y, d).astype(np.uint8), "whole numbers"),
        (lambda i, y, d: np.floor(right_mean_image(i, y, d)), "whole numbers"),
        (lambda i, y, d: i[y == d].mean(axis=(1, 2, 3)), "not over the pixels"),
        (lambda i, y, d: right_mean_image(i, y, 3), "for digit 7"),
        (lambda i, y, d: None, "return"),
        (lambda i, y, d: "a picture", "expected an array"),
        (lambda i, y, d: {"mean": 1}, "expected an array"),
    ],
    ids=["scaled", "all digits", "other digit", "sum", "median", "one image", "uint8",
         "floor", "wrong axis", "hard-coded 3", "no return", "text", "dict"],
)
def test_mean_image_wrong(mean_image, hint: str, capsys: pytest.CaptureFixture[str]) -> None:
    images, labels = mnist_like()
    assert check_mean_image(mean_image, images, labels) is None
    line = verdict(capsys)
    assert line.startswith("❌") and hint in line


def confusion_matrix() -> np.ndarray:
    """Lesson 05's confusion matrix, from a run of the course."""
    return np.array([
        [979, 0, 0, 0, 0, 0, 0, 1, 0, 0],
        [0, 1131, 0, 1, 0, 0, 1, 1, 0, 1],
        [0, 0, 1030, 0, 0, 0, 0, 1, 1, 0],
        [0, 0, 0, 1007, 0, 2, 0, 0, 1, 0],
        [0, 0, 0, 0, 979, 0, 0, 0, 0, 3],
        [1, 0, 0, 5, 0, 884, 1, 0, 0, 1],
        [1, 1, 1, 0, 1, 4, 949, 0, 1, 0],
        [0, 1, 1, 0, 0, 0, 0, 1022, 1, 3],
        [0, 1, 1, 1, 0, 3, 0, 1, 966, 1],
        [0, 0, 0, 1, 6, 1, 0, 2, 3, 996],
    ])


def right_error_rate(matrix: np.ndarray) -> np.ndarray:
    return 1 - np.diag(matrix) / matrix.sum(axis=1)


def test_error_rates_right(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_error_rates(right_error_rate, confusion_matrix()) is None
    assert verdict(capsys).startswith("✅ per_class_error_rate matches")
    as_list = lambda m: right_error_rate(m).tolist()  # noqa: E731
    assert check_error_rates(as_list, confusion_matrix().tolist()) is None
    assert verdict(capsys).startswith("✅")


def rows_minus_diagonal(m: np.ndarray) -> np.ndarray:
    return m.sum(axis=1) - np.diag(m)


def zeroing_diagonal(m: np.ndarray) -> np.ndarray:
    np.fill_diagonal(m, 0)  # writes into the lesson's matrix
    return m.sum(axis=1) / (m.sum(axis=1) + 1)


@pytest.mark.parametrize(
    ("rate", "hint"),
    [
        (lambda m: 100 * right_error_rate(m), "percentages"),
        (lambda m: np.diag(m) / m.sum(axis=1), "got right (its accuracy)"),
        (lambda m: 1 - np.diag(m) / m.sum(axis=0), "along the columns"),
        (lambda m: rows_minus_diagonal(m) / m.sum(axis=0), "divided by a column sum"),
        (lambda m: rows_minus_diagonal(m) / m.sum(), "divided by all test images"),
        (rows_minus_diagonal, "counts of errors"),
        (lambda m: m.sum(axis=0) - np.diag(m), "counts of wrong answers per predicted digit"),
        (lambda m: m.sum(axis=1) / m.sum(axis=1), "every rate is 1"),
        (lambda m: rows_minus_diagonal(m) // m.sum(axis=1), "integer division"),
        (zeroing_diagonal, "changed the lesson's confusion matrix"),
        (lambda m: 1 - np.trace(m) / m.sum(), "overall error rate"),
        (lambda m: right_error_rate(m)[:9], "expected (10,)"),
        (lambda m: m / m.sum(axis=1, keepdims=True), "expected (10,)"),
        (lambda m: right_error_rate(m) + 0.01, "divided by all test images in the row"),
        (lambda m: None, "return"),
        (lambda m: "0.01", "expected (10,)"),
        (lambda m: {"0": 0.01}, "expected one number per digit"),
    ],
    ids=["percent", "accuracy", "columns", "rows over columns", "over all", "counts",
         "column counts", "diagonal kept", "integer division", "changes the matrix",
         "overall", "nine", "matrix", "off", "no return", "text", "dict"],
)
def test_error_rates_wrong(rate, hint: str, capsys: pytest.CaptureFixture[str]) -> None:
    matrix = confusion_matrix()
    assert check_error_rates(rate, matrix) is None
    line = verdict(capsys)
    assert line.startswith("❌") and hint in line
    assert np.array_equal(matrix, confusion_matrix())  # the check protects the lesson's matrix


def test_error_rates_hard_coded_for_the_lesson_fail_on_the_made_up_matrix(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lesson = right_error_rate(confusion_matrix())
    assert check_error_rates(lambda m: lesson, confusion_matrix()) is None
    line = verdict(capsys)
    assert line.startswith("❌") and "a made-up confusion matrix" in line


@pytest.mark.parametrize(
    ("check", "args", "hint"),
    [
        (check_mean_image, (None, *mnist_like()), "not a function"),
        (check_mean_image, (right_mean_image(*mnist_like(), 3), *mnist_like()),
         "pass the function itself"),
        (check_mean_image, (right_mean_image, None, None), "run that cell"),
        (check_mean_image, (right_mean_image, "images", [1, 2]), "run that cell"),
        (check_mean_image, (right_mean_image, np.zeros((5, 28, 28)), np.zeros(4, int)),
         "run that cell"),
        (check_error_rates, (None, confusion_matrix()), "not a function"),
        (check_error_rates, (right_error_rate(confusion_matrix()), confusion_matrix()),
         "pass the function itself"),
        (check_error_rates, (right_error_rate, None), "expected the square confusion matrix"),
        (check_error_rates, (right_error_rate, "confusion"),
         "expected the square confusion matrix"),
        (check_error_rates, (right_error_rate, np.zeros((10, 3))),
         "expected the square confusion matrix"),
    ],
    ids=["mean_image None", "mean_image a result", "mean_image no data", "mean_image text",
         "mean_image lengths differ", "error_rates None", "error_rates a result",
         "error_rates no matrix", "error_rates text", "error_rates not square"],
)
def test_odd_input_fails_kindly(check, args: tuple, hint: str,
                                capsys: pytest.CaptureFixture[str]) -> None:
    """Not a function, a result instead of the function, or not the lesson's data: one ❌ line."""
    assert check(*args) is None
    line = verdict(capsys)
    assert line.startswith("❌") and hint in line


def right_centre(image: np.ndarray) -> tuple[float, float]:
    rows, cols = np.indices(image.shape)
    return (rows * image).sum() / image.sum(), (cols * image).sum() / image.sum()


def test_centre_of_mass_right(capsys: pytest.CaptureFixture[str]) -> None:
    assert check_centre_of_mass(right_centre) is None
    assert verdict(capsys).startswith("✅ centre_of_mass matches scikit-image's measure.centroid")
    assert check_centre_of_mass(lambda image: ndimage.center_of_mass(image)) is None
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
    assert check_centre_of_mass(centre_of_mass) is None
    line = verdict(capsys)
    assert line.startswith("❌") and hint in line


def test_centre_of_mass_unfinished_exercise_propagates(capsys: pytest.CaptureFixture[str]) -> None:
    def unfinished(image: np.ndarray) -> tuple[float, float]:
        raise NotImplementedError("Exercise: write centre_of_mass")

    with pytest.raises(NotImplementedError):
        check_centre_of_mass(unfinished)
    assert capsys.readouterr().out == ""


def test_compare_with_text_agrees(capsys: pytest.CaptureFixture[str]) -> None:
    compare_with_text({"the CNN makes fewer errors": True, "with fewer parameters": True})
    assert verdict(capsys) == "as the text says: the CNN makes fewer errors; with fewer parameters"


def test_compare_with_text_names_what_differs(capsys: pytest.CaptureFixture[str]) -> None:
    compare_with_text({"a 5 read as 3": False, "with over 99 %": True, "in every epoch": False})
    line = verdict(capsys)
    assert line.startswith(DIFFERS) and line.endswith("where a 5 read as 3; in every epoch")
