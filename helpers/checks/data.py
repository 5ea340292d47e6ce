"""Lesson 01: the average image of a digit, `mean_image`."""

from collections.abc import Callable

import numpy as np

from helpers.checks.verdict import as_numbers, describe, report

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
) -> None:
    """Compare your mean_image(images, labels, digit) with NumPy's mean, for several digits.

    The mean image of a digit is the average of all its images, pixel by pixel, in the raw
    pixel scale (0 to 255); a 28x28 array, or 28x28x1 like the images.
    """
    if not callable(mean_image):
        return report(False, f"mean_image is {describe(mean_image)}, not a function. Hint: "
                       "pass the function itself: check_mean_image(mean_image, images, labels).")
    try:
        images, labels = np.asarray(images), np.asarray(labels)
    except ValueError:
        images = labels = np.empty(0)
    if (images.dtype.kind not in "uif" or labels.dtype.kind not in "ui" or images.ndim < 3
            or images.shape[1:3] != (28, 28) or len(images) != len(labels)):
        return report(False, "images and labels must be the arrays from the cell above "
                       "(images of shape (N, 28, 28, 1) and N labels). Hint: run that cell.")
    flat = images.reshape(len(images), 28, 28)
    means = np.stack([flat[labels == digit].mean(axis=0) for digit in range(10)])
    for digit in _MEAN_DIGITS:
        result = mean_image(images.copy(), labels.copy(), digit)
        if result is None:
            return report(False, f"mean_image returned None for digit {digit}. "
                           "Did you forget `return`?")
        array = as_numbers(result)
        if array is None:
            return report(False, f"mean_image returned {type(result).__name__} for digit "
                           f"{digit}, expected an array of 28x28 numbers.")
        if array.shape not in [(28, 28), (28, 28, 1)]:
            hint = ("Hint: average over the images (axis 0), not over the pixels of each image."
                    if array.size != 28 * 28 else "Hint: keep the image's 28x28 shape.")
            return report(False, f"mean_image returned shape {array.shape} for digit "
                           f"{digit}, expected (28, 28) or (28, 28, 1). {hint}")
        array = array.reshape(28, 28)
        if np.allclose(array, means[digit], atol=1e-3):
            continue
        hint = _mean_image_mistake(array, digit, flat, labels, means)
        if np.issubdtype(getattr(result, "dtype", np.float64), np.integer) and (
                hint is None or np.allclose(array, means[digit], atol=1)):
            hint = ("an average rarely is a whole number, and a sum of uint8 pixels overflows "
                    "past 255: compute in floats (np.mean does it for you).")
            return report(False, f"mean_image returned whole numbers ({result.dtype}) for "
                           f"digit {digit}. Hint: {hint}")
        hint = hint or (f"add up the {(labels == digit).sum():,} images of the digit pixel by "
                        "pixel and divide by how many there are: average over the images "
                        "(axis 0), not over the pixels.")
        return report(False, f"mean_image is wrong for digit {digit}. Hint: {hint}")
    digits = ", ".join(map(str, _MEAN_DIGITS))
    return report(True, f"mean_image matches NumPy's average image for the digits {digits}.")
