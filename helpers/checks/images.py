"""Lesson 06 (and lesson 07's exercise 5): preparing a picture like an MNIST digit."""

from collections.abc import Callable

import numpy as np
from scipy import ndimage
from skimage import measure

from helpers.checks.verdict import report

#: Pixels brighter than this count as ink in check_preprocessed.
_INK_LEVEL = 0.2
#: Centre of a 28x28 image in pixel coordinates: indices run 0..27, so the middle is 13.5.
#: (Recipes that shift the centre of mass to 14 are also fine: the tolerance is 2 px.)
_CENTRE = 13.5


def check_preprocessed(image: np.ndarray) -> None:
    """Check that an image is preprocessed like an MNIST digit.

    MNIST digits are 28x28, white (bright) strokes on a black background, scaled to fit a
    20x20 box and positioned so that their centre of mass is at the centre of the image.
    Here pixel values must be float32 in [0, 1].
    """
    image = np.asarray(image)
    if image.shape not in [(28, 28), (28, 28, 1)]:
        return report(False, f"Shape is {image.shape}, expected (28, 28) or (28, 28, 1).")
    image = image.reshape(28, 28)
    if not np.issubdtype(image.dtype, np.number):
        return report(False, f"dtype is {image.dtype}, expected float32 numbers.")
    if image.dtype != np.float32:
        return report(
            False, f"dtype is {image.dtype}, expected float32 (what Keras models work with)."
        )
    if not np.isfinite(image).all():
        return report(
            False,
            f"{np.count_nonzero(~np.isfinite(image))} pixels are NaN or infinite. "
            "Hint: a division by zero? Stretching the contrast of a blank image divides by 0.",
        )
    low, high = float(image.min()), float(image.max())
    if low < 0 or high > 1:
        return report(
            False,
            f"Values range from {low:.3g} to {high:.3g}, expected [0, 1]. "
            "Hint: what range do the raw pixel values have?",
        )
    ink = image > _INK_LEVEL
    if not ink.any():
        return report(False, f"The image is blank: no pixel is brighter than {_INK_LEVEL}.")
    background = float(np.median(image))
    if background > 0.1:
        return report(
            False,
            f"The background is not dark (median pixel {background:.2f}, expected ≤ 0.1). "
            "Hint: MNIST digits are bright strokes on a black background. Is your image "
            "the other way round, or is the paper still grey?",
        )
    rows, cols = np.nonzero(ink)
    height, width = rows.max() - rows.min() + 1, cols.max() - cols.min() + 1
    if max(height, width) > 22:
        return report(
            False,
            f"The digit spans {height}x{width} pixels, expected to fit a 20x20 box. "
            "Hint: MNIST scales each digit so its longer side is 20 pixels, keeping its "
            "aspect ratio, which leaves a margin around it.",
        )
    centre_row, centre_col = ndimage.center_of_mass(image)
    offset = float(np.hypot(centre_row - _CENTRE, centre_col - _CENTRE))
    if offset > 2:
        return report(
            False,
            f"The centre of mass is at (row {centre_row:.1f}, column {centre_col:.1f}), "
            f"{offset:.1f} pixels from the centre ({_CENTRE}, {_CENTRE}). "
            "Hint: MNIST places the centre of mass (not the middle of the bounding box) "
            "at the centre of the image.",
        )
    return report(
        True,
        f"Looks like an MNIST digit: 28x28 float32 in [0, 1], bright on dark, "
        f"{height}x{width} pixels of ink, centre of mass {offset:.1f} px from the centre.",
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


def check_centre_of_mass(
    centre_of_mass: Callable[[np.ndarray], tuple[float, float]],
) -> None:
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
            return report(False, f"centre_of_mass returned None for {description}. "
                           "Did you forget `return`?")
        try:
            result = np.asarray(result, dtype=float)
        except (TypeError, ValueError):
            return report(False, f"centre_of_mass returned {result!r} for {description}, "
                           "expected two numbers: (row, column).")
        if result.shape != (2,):
            return report(False, f"centre_of_mass returned {result.size} number(s) for "
                           f"{description}, expected two: (row, column).")
        if np.allclose(result, expected):
            continue
        return report(
            False,
            f"centre_of_mass gives ({result[0]:.2f}, {result[1]:.2f}) for {description}, "
            f"expected ({expected[0]:.2f}, {expected[1]:.2f}). "
            f"Hint: {_mass_mistake(result, image)}",
        )
    return report(
        True,
        f"centre_of_mass matches scikit-image's measure.centroid on {len(cases)} images "
        "(one pixel, a stroke with a faint smudge, random brightness).",
    )
