"""Self-checks for the exercises.

Each check prints exactly one line, starting with ✅ (pass) or ❌ (fail, followed by a hint
that points you in the right direction without giving the answer), and returns True or False.
Errors raised by your own function are not caught: you see them exactly as your code raised them.

Accuracies are fractions between 0 and 1 (what `model.evaluate` returns), not percentages,
measured on the validation set: the exercises choose and check on it, and leave the test set
for one final measurement.
"""

from collections.abc import Callable

import numpy as np
from scipy import ndimage, signal
from skimage import measure

#: (image shape, kernel shape) pairs tried by check_conv2d: square and non-square on purpose.
_CONV_CASES = [((6, 6), (3, 3)), ((12, 10), (5, 5)), ((7, 9), (2, 3)), ((28, 28), (3, 3))]

#: (filters in conv1, dropout rate) pairs tried by check_parameter_count.
_PARAMETER_CASES = [(16, 0.4), (4, 0.4), (8, 0.0), (32, 0.2)]

#: Pixels brighter than this count as ink in check_preprocessed.
_INK_LEVEL = 0.2
#: Centre of a 28x28 image in pixel coordinates: indices run 0..27, so the middle is 13.5.
#: (Recipes that shift the centre of mass to 14 are also fine: the tolerance is 2 px.)
_CENTRE = 13.5


def _report(passed: bool, message: str) -> bool:
    """Print the one-line verdict of a check and return whether it passed."""
    print(f"{'✅' if passed else '❌'} {message}")
    return passed


def _percent(accuracy: float) -> str:
    """Format an accuracy fraction as a percentage, e.g. 0.9891 -> '98.91 %'."""
    return f"{100 * accuracy:.2f} %"


def _not_a_fraction(**accuracies: float) -> str | None:
    """A hint if any accuracy is not a number between 0 and 1 (e.g. a percentage), else None."""
    for name, value in accuracies.items():
        if value is None:
            return (f"{name} is None: there is no result yet. Hint: did the training cell "
                    "above run to the end? Your function has to work first.")
        try:
            if isinstance(value, str | bytes):
                raise TypeError
            number = float(value)
        except (TypeError, ValueError):
            return f"{name} is {value!r}, not a number. Hint: pass what model.evaluate returns."
        if not 0 <= number <= 1:  # also catches NaN, which fails every comparison
            return (
                f"{name} is {value}, expected a fraction between 0 and 1. Hint: "
                + ("pass 0.987, not 98.7: model.evaluate returns a fraction."
                   if 1 < number <= 100 else "did the training diverge (NaN loss)?")
            )
    return None


def _threshold(accuracy: float) -> str:
    """Format a target accuracy without trailing zeros, e.g. 0.985 -> '98.5 %'."""
    return f"{100 * accuracy:g} %"


def _dims(shape: tuple[int, ...]) -> str:
    """Format a shape for people, e.g. (28, 28) -> '28x28'."""
    return "x".join(str(size) for size in shape)


def check_conv2d(conv2d: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> bool:
    """Compare your conv2d(image, kernel) with SciPy on random images and kernels.

    A CNN layer computes a cross-correlation: the kernel is not flipped, and with 'valid'
    padding (no padding at all) the kernel only visits positions where it fits entirely.
    """
    rng = np.random.default_rng(0)
    for image_shape, kernel_shape in _CONV_CASES:
        image = rng.standard_normal(image_shape)
        kernel = rng.standard_normal(kernel_shape)
        expected = signal.correlate2d(image, kernel, mode="valid")
        result = conv2d(image.copy(), kernel.copy())
        sizes = f"a {_dims(image_shape)} image and a {_dims(kernel_shape)} kernel"
        if result is None:
            return _report(False, f"conv2d returned None for {sizes}. Did you forget `return`?")
        result = np.asarray(result)
        if result.shape != expected.shape:
            return _report(
                False,
                f"conv2d returned shape {result.shape} for {sizes}, expected {expected.shape}. "
                "Hint: a 'valid' output shrinks by (kernel size - 1) in each direction, "
                "rows and columns separately.",
            )
        if np.allclose(result, expected):
            continue
        if np.allclose(result, signal.convolve2d(image, kernel, mode="valid")):
            return _report(
                False,
                f"conv2d flips the kernel (that is the mathematical convolution) for {sizes}. "
                "Hint: CNN layers do not flip: kernel[0, 0] multiplies the top-left pixel "
                "of each patch.",
            )
        row, col = np.argwhere(~np.isclose(result, expected))[0]
        return _report(
            False,
            f"conv2d gives {result[row, col]:.4f} at output[{row}, {col}] for {sizes}, "
            f"expected {expected[row, col]:.4f}. Hint: work out output[{row}, {col}] by hand: "
            "which image patch should the kernel sit on, and is every product summed?",
        )
    return _report(
        True,
        f"conv2d matches scipy.signal.correlate2d on {len(_CONV_CASES)} random images "
        "(square and non-square kernels).",
    )


def check_small_network(
    model, accuracy: float, min_accuracy: float = 0.985, max_params: int = 20_000
) -> bool:
    """Check that a Keras model is both small (few parameters) and accurate on validation."""
    if model is None:
        return _report(False, "There is no model yet. Hint: run the training cell above; "
                       "does your build function work?")
    if hint := _not_a_fraction(accuracy=accuracy):
        return _report(False, hint)
    num_params = model.count_params()
    small = num_params <= max_params
    accurate = accuracy >= min_accuracy
    message = (
        f"{num_params:,} parameters ({'≤' if small else '>'} {max_params:,}) and "
        f"{_percent(accuracy)} validation accuracy "
        f"({'≥' if accurate else '<'} {_threshold(min_accuracy)})."
    )
    if not small:
        message += (
            " Hint: model.summary() shows where the parameters live; usually most sit in the "
            "Dense layer right after Flatten (flattened size x units weights). "
            "What reaches Flatten, and how many units follow it?"
        )
    if not accurate:
        message += (
            " Hint: convolution layers are cheap in parameters; check the inputs are scaled to "
            "[0, 1] and that training ran long enough (watch the validation accuracy)."
        )
    return _report(small and accurate, message)


def check_accuracy(accuracy: float, target: float, what: str = "your model") -> bool:
    """Check that `what` reaches the target validation accuracy."""
    if hint := _not_a_fraction(accuracy=accuracy):
        return _report(False, hint)
    passed = accuracy >= target
    message = (
        f"{what} reaches {_percent(accuracy)} validation accuracy "
        f"({'≥' if passed else '<'} {_threshold(target)})."
    )
    if not passed:
        message += (
            " Hint: things that typically help are more filters or another convolution block, "
            "batch normalization, dropout or data augmentation against overfitting, and a few "
            "more epochs as long as the validation accuracy still improves."
        )
    return _report(passed, message)


def check_inverted(normal_accuracy: float, inverted_accuracy: float, min_accuracy: float) -> bool:
    """Check that the fixed model handles both normal and inverted (white background) digits."""
    if hint := _not_a_fraction(normal_accuracy=normal_accuracy,
                               inverted_accuracy=inverted_accuracy):
        return _report(False, hint)
    normal_ok = normal_accuracy >= min_accuracy
    inverted_ok = inverted_accuracy >= min_accuracy
    message = (
        f"{_percent(normal_accuracy)} on normal and {_percent(inverted_accuracy)} on inverted "
        f"validation images (target: both ≥ {_threshold(min_accuracy)})."
    )
    if not inverted_ok:
        message += (
            " Hint: a network only knows what it saw in training, and this one only ever saw "
            "white strokes on black. Did inverted versions of the training images reach fit()?"
        )
    if not normal_ok:
        message += (
            " Hint: accuracy on normal images dropped. The model now learns two kinds of images: "
            "does it still see normal ones during training, and did it train long enough?"
        )
    return _report(normal_ok and inverted_ok, message)


def check_preprocessed(image: np.ndarray) -> bool:
    """Check that an image is preprocessed like an MNIST digit.

    MNIST digits are 28x28, white (bright) strokes on a black background, scaled to fit a
    20x20 box and positioned so that their centre of mass is at the centre of the image.
    Here pixel values must be float32 in [0, 1].
    """
    image = np.asarray(image)
    if image.shape not in [(28, 28), (28, 28, 1)]:
        return _report(False, f"Shape is {image.shape}, expected (28, 28) or (28, 28, 1).")
    image = image.reshape(28, 28)
    if not np.issubdtype(image.dtype, np.number):
        return _report(False, f"dtype is {image.dtype}, expected float32 numbers.")
    if image.dtype != np.float32:
        return _report(
            False, f"dtype is {image.dtype}, expected float32 (what Keras models work with)."
        )
    if not np.isfinite(image).all():
        return _report(
            False,
            f"{np.count_nonzero(~np.isfinite(image))} pixels are NaN or infinite. "
            "Hint: a division by zero? Stretching the contrast of a blank image divides by 0.",
        )
    low, high = float(image.min()), float(image.max())
    if low < 0 or high > 1:
        return _report(
            False,
            f"Values range from {low:.3g} to {high:.3g}, expected [0, 1]. "
            "Hint: what range do the raw pixel values have?",
        )
    ink = image > _INK_LEVEL
    if not ink.any():
        return _report(False, f"The image is blank: no pixel is brighter than {_INK_LEVEL}.")
    background = float(np.median(image))
    if background > 0.1:
        return _report(
            False,
            f"The background is not dark (median pixel {background:.2f}, expected ≤ 0.1). "
            "Hint: MNIST digits are bright strokes on a black background. Is your image "
            "the other way round, or is the paper still grey?",
        )
    rows, cols = np.nonzero(ink)
    height, width = rows.max() - rows.min() + 1, cols.max() - cols.min() + 1
    if max(height, width) > 22:
        return _report(
            False,
            f"The digit spans {height}x{width} pixels, expected to fit a 20x20 box. "
            "Hint: MNIST scales each digit so its longer side is 20 pixels, keeping its "
            "aspect ratio, which leaves a margin around it.",
        )
    centre_row, centre_col = ndimage.center_of_mass(image)
    offset = float(np.hypot(centre_row - _CENTRE, centre_col - _CENTRE))
    if offset > 2:
        return _report(
            False,
            f"The centre of mass is at (row {centre_row:.1f}, column {centre_col:.1f}), "
            f"{offset:.1f} pixels from the centre ({_CENTRE}, {_CENTRE}). "
            "Hint: MNIST places the centre of mass (not the middle of the bounding box) "
            "at the centre of the image.",
        )
    return _report(
        True,
        f"Looks like an MNIST digit: 28x28 float32 in [0, 1], bright on dark, "
        f"{height}x{width} pixels of ink, centre of mass {offset:.1f} px from the centre.",
    )


def check_parameter_count(
    count_parameters: Callable[[int, float], int], build: Callable[..., object]
) -> bool:
    """Compare your count_parameters(filters_1, dropout) with Keras' count of the built network.

    `build(filters_1=..., dropout=...)` must return a Keras model (lesson 03's build_basic_cnn);
    its `count_params()` is the independent answer.
    """
    for filters_1, dropout in _PARAMETER_CASES:
        expected = build(filters_1=filters_1, dropout=dropout).count_params()
        answer = count_parameters(filters_1, dropout)
        if answer is None:
            return _report(False, "count_parameters returned None. Did you forget `return`?")
        if answer != expected:
            same_without_dropout = count_parameters(filters_1, 0.0) == answer
            hint = (
                "Which layers have parameters at all? Dropout only zeroes values."
                if not same_without_dropout
                else "conv1 has one kernel per filter, and conv2's kernels have one input "
                "channel per conv1 filter: both change with FILTERS_1. Did you count the biases?"
            )
            return _report(
                False,
                f"count_parameters({filters_1}, {dropout}) gives {answer:,}, but Keras counts "
                f"{expected:,}. Hint: {hint}",
            )
    return _report(
        True,
        f"count_parameters matches Keras for {len(_PARAMETER_CASES)} networks "
        "(4 to 32 filters in conv1, with and without dropout).",
    )


#: (initial learning rate, decay steps) pairs tried by check_cosine_schedule.
_SCHEDULE_CASES = [(2e-3, 2_580), (0.1, 1_000)]


def _cosine_hint(answer: float, initial: float, fraction: float) -> str:
    """Why a cosine-decay answer at `fraction` of the decay steps may be wrong."""
    expected = initial * 0.5 * (1 + np.cos(np.pi * min(fraction, 1.0)))
    if fraction > 1 and np.isclose(answer, initial * 0.5 * (1 + np.cos(np.pi * fraction))):
        return ("after decay_steps the rate stays at its final value, 0: use "
                "min(step, decay_steps) in the formula.")
    if np.isclose(answer, 2 * expected):
        return "the formula has a factor ½ in front: (1 + cos(…)) alone goes up to 2."
    if np.isclose(answer, initial * 0.5 * (1 + np.cos(180 * min(fraction, 1.0)))):
        return "np.cos and math.cos take radians: use π (np.pi), not 180."
    return "it is initial × ½ × (1 + cos(π × step / decay_steps)), step counted from 0."


def check_cosine_schedule(
    cosine_learning_rate: Callable[[int, float, int], float], cosine_decay: Callable[..., object]
) -> bool:
    """Compare your cosine_learning_rate(step, initial, decay_steps) with Keras' CosineDecay.

    `cosine_decay` is the class keras.optimizers.schedules.CosineDecay: the independent answer.
    """
    for initial, decay_steps in _SCHEDULE_CASES:
        reference = cosine_decay(initial_learning_rate=initial, decay_steps=decay_steps)
        for fraction in (0, 0.25, 0.5, 0.9, 1.0, 1.5):
            step = round(fraction * decay_steps)
            expected = float(reference(step))
            answer = cosine_learning_rate(step, initial, decay_steps)
            if answer is None:
                return _report(False, "cosine_learning_rate returned None. "
                               "Did you forget `return`?")
            try:
                number = float(answer)
            except (TypeError, ValueError):
                return _report(False, f"cosine_learning_rate returned {answer!r}, not a number.")
            if not np.isclose(number, expected, rtol=1e-4, atol=1e-9):
                return _report(
                    False,
                    f"cosine_learning_rate({step}, {initial}, {decay_steps}) gives {number:.6g}, "
                    f"but Keras' CosineDecay gives {expected:.6g}. Hint: "
                    + _cosine_hint(number, initial, step / decay_steps),
                )
    return _report(
        True,
        "cosine_learning_rate matches Keras' CosineDecay from the first step to past the last, "
        f"for {len(_SCHEDULE_CASES)} schedules.",
    )


def _mass_cases() -> list[tuple[str, np.ndarray]]:
    """The images check_centre_of_mass tries, in order, each with its description.

    One grey pixel off the diagonal of a non-square image (rows and columns mixed up, or no
    division by the total brightness, show here); a bright stroke with a faint smudge (its centre
    of mass is neither the middle of its ink pixels nor of their bounding box); random
    brightness on a non-square image.
    """
    pixel = np.zeros((6, 9))
    pixel[2, 5] = 0.5
    smudged = np.zeros((10, 12))
    smudged[2:8, 3] = 1.0  # a bright vertical stroke
    smudged[8, 9:11] = 0.1  # a faint smudge, lower right
    noise = np.random.default_rng(0).random((7, 11)) ** 3
    return [("a 6x9 image with one grey pixel at row 2, column 5", pixel),
            ("a 10x12 image of a bright stroke and a faint smudge", smudged),
            ("a 7x11 image of random brightness", noise)]


def _mass_mistake(result: np.ndarray, image: np.ndarray) -> str:
    """A hint naming the usual mistake that gives `result` for `image`, else a general one."""
    rows, cols = np.indices(image.shape)
    ink_rows, ink_cols = np.nonzero(image)
    candidates = [
        (measure.centroid(image)[::-1],
         "the numbers are the wrong way round: (row, column) means the first index (down) "
         "first, then the second (across)."),
        ((ink_rows.mean(), ink_cols.mean()),
         "that is the average position of the ink pixels, each counted the same. Weigh each "
         "pixel by its brightness: a faint pixel pulls the centre less than a bright one."),
        (((ink_rows.min() + ink_rows.max()) / 2, (ink_cols.min() + ink_cols.max()) / 2),
         "that is the middle of the bounding box of the ink; the centre of mass weighs every "
         "pixel by its brightness."),
        (((image.shape[0] - 1) / 2, (image.shape[1] - 1) / 2),
         "that is the middle of the image, whatever its content. Where is the ink?"),
        (((rows * image).sum(), (cols * image).sum()),
         "the sums of row × brightness and column × brightness are right, but they still have "
         "to be divided by the total brightness."),
        (((rows * image).mean(), (cols * image).mean()),
         "divide by the total brightness (image.sum()), not by the number of pixels."),
    ]
    for wrong, hint in candidates:
        if np.allclose(result, wrong):
            return hint
    return ("each pixel's row number times its brightness, summed over the image, divided by "
            "the total brightness; the same for the columns.")


def check_centre_of_mass(centre_of_mass: Callable[[np.ndarray], tuple[float, float]]) -> bool:
    """Compare your centre_of_mass(image) with scikit-image's measure.centroid.

    The centre of mass of a grey image is the average position of its pixels, each weighted
    by its brightness, as (row, column): the place MNIST moves to the middle of its 28 × 28
    square.
    """
    cases = _mass_cases()
    for description, image in cases:
        expected = measure.centroid(image)
        result = centre_of_mass(image.copy())
        if result is None:
            return _report(False, f"centre_of_mass returned None for {description}. "
                           "Did you forget `return`?")
        try:
            result = np.asarray(result, dtype=float)
        except (TypeError, ValueError):
            return _report(False, f"centre_of_mass returned {result!r} for {description}, "
                           "expected two numbers: (row, column).")
        if result.shape != (2,):
            return _report(False, f"centre_of_mass returned {result.size} number(s) for "
                           f"{description}, expected two: (row, column).")
        if np.allclose(result, expected):
            continue
        return _report(
            False,
            f"centre_of_mass gives ({result[0]:.2f}, {result[1]:.2f}) for {description}, "
            f"expected ({expected[0]:.2f}, {expected[1]:.2f}). "
            f"Hint: {_mass_mistake(result, image)}",
        )
    return _report(
        True,
        f"centre_of_mass matches scikit-image's measure.centroid on {len(cases)} images "
        "(one pixel, a stroke with a faint smudge, random brightness).",
    )


def _describe(value: object) -> str:
    """A short description of a value for a message: its repr if short, else type and shape."""
    text = repr(value)
    if len(text) <= 40 and "\n" not in text:
        return text
    shape = getattr(value, "shape", None)
    return f"a {type(value).__name__}" + (f" of shape {tuple(shape)}" if shape is not None else "")


def _as_numbers(result: object) -> np.ndarray | None:
    """`result` as an array of floats, or None when it is not numbers (e.g. text or a dict)."""
    try:
        array = np.asarray(result, dtype=float)
    except (TypeError, ValueError):
        return None
    return array


#: The digits check_mean_image tries: one of them alone could be hard-coded by accident.
_MEAN_DIGITS = (3, 7, 0)


def _mean_image_mistake(result: np.ndarray, digit: int, images: np.ndarray,
                        labels: np.ndarray, means: np.ndarray) -> str | None:
    """A hint naming the usual mistake that gives `result` for `digit`, else None."""
    expected = means[digit]
    mine = images[labels == digit]
    if result.max() <= 1 and np.allclose(result * 255, expected, atol=0.01):
        return ("your values run from 0 to 1, the raw pixels from 0 to 255: average the raw "
                "pixel values, without scaling them.")
    if np.allclose(result, images.mean(axis=0)):
        return (f"that is the average of all {len(images):,} images, every digit mixed. Keep "
                f"only the images whose label is {digit}: images[labels == {digit}].")
    for other in range(len(means)):
        if other != digit and np.allclose(result, means[other]):
            return (f"that is the average {other}, not the average {digit}. Which images does "
                    "your selection keep?")
    if np.allclose(result, mine.sum(axis=0)):
        return (f"that is the sum of the {len(mine):,} images, not their average: divide by "
                "how many there are (or use .mean).")
    if np.allclose(result, np.median(mine, axis=0)):
        return "that is the median of each pixel; the task asks for the mean."
    if np.allclose(result, mine[0]):
        return (f"that is one image, the first {digit}: average all {len(mine):,} images of "
                f"the digit.")
    if np.allclose(result, np.floor(expected)) or np.allclose(result, np.round(expected)):
        return ("your values are whole numbers, but an average rarely is: compute in floats "
                "(np.mean does), not with // or a conversion to integers.")
    return None


def check_mean_image(
    mean_image: Callable[[np.ndarray, np.ndarray, int], np.ndarray],
    images: np.ndarray,
    labels: np.ndarray,
) -> bool:
    """Compare your mean_image(images, labels, digit) with NumPy's mean, for several digits.

    The mean image of a digit is the average of all its images, pixel by pixel, in the raw
    pixel scale (0 to 255); a 28x28 array, or 28x28x1 like the images.
    """
    if not callable(mean_image):
        return _report(False, f"mean_image is {_describe(mean_image)}, not a function. Hint: "
                       "pass the function itself: check_mean_image(mean_image, images, labels).")
    try:
        images, labels = np.asarray(images), np.asarray(labels)
    except ValueError:
        images = labels = np.empty(0)
    if (images.dtype.kind not in "uif" or labels.dtype.kind not in "ui" or images.ndim < 3
            or images.shape[1:3] != (28, 28) or len(images) != len(labels)):
        return _report(False, "images and labels must be the arrays from the cell above "
                       "(images of shape (N, 28, 28, 1) and N labels). Hint: run that cell.")
    flat = images.reshape(len(images), 28, 28)
    means = np.stack([flat[labels == digit].mean(axis=0) for digit in range(10)])
    for digit in _MEAN_DIGITS:
        result = mean_image(images.copy(), labels.copy(), digit)
        if result is None:
            return _report(False, f"mean_image returned None for digit {digit}. "
                           "Did you forget `return`?")
        array = _as_numbers(result)
        if array is None:
            return _report(False, f"mean_image returned {type(result).__name__} for digit "
                           f"{digit}, expected an array of 28x28 numbers.")
        if array.shape not in [(28, 28), (28, 28, 1)]:
            hint = ("Hint: average over the images (axis 0), not over the pixels of each image."
                    if array.size != 28 * 28 else "Hint: keep the image's 28x28 shape.")
            return _report(False, f"mean_image returned shape {array.shape} for digit "
                           f"{digit}, expected (28, 28) or (28, 28, 1). {hint}")
        array = array.reshape(28, 28)
        if np.allclose(array, means[digit], atol=1e-3):
            continue
        hint = _mean_image_mistake(array, digit, flat, labels, means)
        if np.issubdtype(getattr(result, "dtype", np.float64), np.integer) and (
                hint is None or np.allclose(array, means[digit], atol=1)):
            hint = ("an average rarely is a whole number, and a sum of uint8 pixels overflows "
                    "past 255: compute in floats (np.mean does it for you).")
            return _report(False, f"mean_image returned whole numbers ({result.dtype}) for "
                           f"digit {digit}. Hint: {hint}")
        hint = hint or (f"add up the {(labels == digit).sum():,} images of the digit pixel by "
                        "pixel and divide by how many there are: average over the images "
                        "(axis 0), not over the pixels.")
        return _report(False, f"mean_image is wrong for digit {digit}. Hint: {hint}")
    digits = ", ".join(map(str, _MEAN_DIGITS))
    return _report(True, f"mean_image matches NumPy's average image for the digits {digits}.")


def _error_rate_case() -> np.ndarray:
    """A made-up 10x10 confusion matrix whose rows and columns sum to very different counts."""
    matrix = np.diag(np.arange(100, 1100, 100))
    matrix[0, 1:] = 5  # 45 zeros misread as other digits...
    matrix[1:, 9] += np.arange(1, 10)  # ...and 45 other digits misread as 9
    return matrix


def _error_rate_mistake(result: np.ndarray, matrix: np.ndarray) -> str:
    """A hint naming the usual mistake that gives `result` for `matrix`, else a general one."""
    right = np.diag(matrix).astype(float)
    rows, cols = matrix.sum(axis=1), matrix.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = (rows - right) / rows
        candidates = [
            (100 * expected, "these are percentages; return fractions between 0 and 1."),
            (right / rows, "that is the share each digit got right (its accuracy); the error "
             "rate is the share it got wrong."),
            ((cols - right) / cols, "you worked along the columns: that is, per predicted "
             "digit, the share of the model's answers that were wrong. The rows are the true "
             "digits: divide a row's errors by the row's total."),
            ((rows - right) / cols, "the errors are right, but you divided by a column sum. "
             "Divide by the row's total: the test images of that digit."),
            ((rows - right) / matrix.sum(), "you divided by all test images; divide by the "
             "number of test images of that digit (the row's total)."),
            (rows - right, "these are counts of errors; divide each by the number of test "
             "images of that digit (the row's total)."),
            (cols - right, "these are counts of wrong answers per predicted digit (columns); "
             "count the errors along each row, and divide by the row's total."),
            (rows / rows, "every rate is 1: the diagonal holds the correct predictions, leave "
             "it out of the error count."),
            (np.zeros(len(matrix)), "every rate is 0: did an integer division (//) round the "
             "rates down? Use /."),
        ]
    for wrong, hint in candidates:
        if np.allclose(result, wrong, atol=1e-6):
            return hint
    return ("for each true digit (row): the test images off the diagonal, divided by all test "
            "images in the row.")


def check_error_rates(
    per_class_error_rate: Callable[[np.ndarray], np.ndarray], matrix: np.ndarray
) -> bool:
    """Compare your per_class_error_rate(matrix) with the answer, on `matrix` and a made-up one.

    `matrix` is a confusion matrix (rows: true digit, columns: predicted digit). The error rate
    of a digit is the share of its test images that the model got wrong: a fraction between
    0 and 1, one per digit.
    """
    if not callable(per_class_error_rate):
        return _report(False, f"per_class_error_rate is {_describe(per_class_error_rate)}, not a "
                       "function. Hint: pass the function itself: "
                       "check_error_rates(per_class_error_rate, confusion).")
    lesson = _as_numbers(matrix)
    if lesson is None or lesson.ndim != 2 or lesson.shape[0] != lesson.shape[1] or lesson.size < 4:
        return _report(False, f"matrix is {_describe(matrix)}, expected the square confusion "
                       "matrix. Hint: pass the lesson's `confusion` (run the cell that makes it).")
    cases = [("the lesson's confusion matrix", np.asarray(matrix)),
             ("a made-up confusion matrix", _error_rate_case())]
    for name, case in cases:
        given = case.copy()
        result = per_class_error_rate(given)
        if not np.array_equal(given, case):
            return _report(False, f"per_class_error_rate changed {name} passed to it. Hint: "
                           "work on a copy (e.g. matrix.copy()), or compute without writing "
                           "into it: the lesson still needs its matrix.")
        if result is None:
            return _report(False, "per_class_error_rate returned None. Did you forget `return`?")
        rates = _as_numbers(result)
        if rates is None:
            return _report(False, f"per_class_error_rate returned {type(result).__name__}, "
                           "expected one number per digit (e.g. a NumPy array).")
        if rates.shape != (len(case),):
            hint = ("one number for the whole matrix is the overall error rate; "
                    if rates.ndim == 0 else "")
            return _report(False, f"per_class_error_rate returned shape {rates.shape} for "
                           f"{name}, expected ({len(case)},): one error rate per digit. "
                           f"Hint: {hint}sum along each row (axis=1).")
        rows = case.sum(axis=1)
        expected = (rows - np.diag(case)) / rows
        if not np.allclose(rates, expected, atol=1e-6):
            digit = int(np.argmax(~np.isclose(rates, expected, atol=1e-6)))
            return _report(
                False,
                f"per_class_error_rate gives {rates[digit]:.4g} for digit {digit} of {name}, "
                f"expected {expected[digit]:.4g}. Hint: {_error_rate_mistake(rates, case)}",
            )
    return _report(True, "per_class_error_rate matches the share of each digit's test images "
                   "that the model got wrong, on the lesson's matrix and a made-up one.")
