"""Lesson 02 (and lesson 07's exercise 1): your own 2-D convolution, `conv2d`."""

from collections.abc import Callable

import numpy as np
from scipy import signal

from helpers.checks.verdict import report

#: (image shape, kernel shape) pairs tried by check_conv2d: square and non-square on purpose.
_CONV_CASES = [((6, 6), (3, 3)), ((12, 10), (5, 5)), ((7, 9), (2, 3)), ((28, 28), (3, 3))]


def _dims(shape: tuple[int, ...]) -> str:
    """Format a shape for people, e.g. (28, 28) -> '28x28'."""
    return "x".join(str(size) for size in shape)


def check_conv2d(conv2d: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> None:
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
            return report(False, f"conv2d returned None for {sizes}. Did you forget `return`?")
        result = np.asarray(result)
        if result.shape != expected.shape:
            return report(
                False,
                f"conv2d returned shape {result.shape} for {sizes}, expected {expected.shape}. "
                "Hint: a 'valid' output shrinks by (kernel size - 1) in each direction, "
                "rows and columns separately.",
            )
        if np.allclose(result, expected):
            continue
        if np.allclose(result, signal.convolve2d(image, kernel, mode="valid")):
            return report(
                False,
                f"conv2d flips the kernel (that is the mathematical convolution) for {sizes}. "
                "Hint: CNN layers do not flip: kernel[0, 0] multiplies the top-left pixel "
                "of each patch.",
            )
        row, col = np.argwhere(~np.isclose(result, expected))[0]
        return report(
            False,
            f"conv2d gives {result[row, col]:.4f} at output[{row}, {col}] for {sizes}, "
            f"expected {expected[row, col]:.4f}. Hint: work out output[{row}, {col}] by hand: "
            "which image patch should the kernel sit on, and is every product summed?",
        )
    return report(
        True,
        f"conv2d matches scipy.signal.correlate2d on {len(_CONV_CASES)} random images "
        "(square and non-square kernels).",
    )
