"""Lesson 05: the error rate of each digit from a confusion matrix, `per_class_error_rate`."""

from collections.abc import Callable

import numpy as np

from helpers.checks.verdict import as_numbers, describe, report


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
) -> None:
    """Compare your per_class_error_rate(matrix) with the answer, on `matrix` and a made-up one.

    `matrix` is a confusion matrix (rows: true digit, columns: predicted digit). The error rate
    of a digit is the share of its test images that the model got wrong: a fraction between
    0 and 1, one per digit.
    """
    if not callable(per_class_error_rate):
        return report(False, f"per_class_error_rate is {describe(per_class_error_rate)}, not a "
                       "function. Hint: pass the function itself: "
                       "check_error_rates(per_class_error_rate, confusion).")
    lesson = as_numbers(matrix)
    if lesson is None or lesson.ndim != 2 or lesson.shape[0] != lesson.shape[1] or lesson.size < 4:
        return report(False, f"matrix is {describe(matrix)}, expected the square confusion "
                       "matrix. Hint: pass the lesson's `confusion` (run the cell that makes it).")
    cases = [("the lesson's confusion matrix", np.asarray(matrix)),
             ("a made-up confusion matrix", _error_rate_case())]
    for name, case in cases:
        given = case.copy()
        result = per_class_error_rate(given)
        if not np.array_equal(given, case):
            return report(False, f"per_class_error_rate changed {name} passed to it. Hint: "
                           "work on a copy (e.g. matrix.copy()), or compute without writing "
                           "into it: the lesson still needs its matrix.")
        if result is None:
            return report(False, "per_class_error_rate returned None. Did you forget `return`?")
        rates = as_numbers(result)
        if rates is None:
            return report(False, f"per_class_error_rate returned {type(result).__name__}, "
                           "expected one number per digit (e.g. a NumPy array).")
        if rates.shape != (len(case),):
            hint = ("one number for the whole matrix is the overall error rate; "
                    if rates.ndim == 0 else "")
            return report(False, f"per_class_error_rate returned shape {rates.shape} for "
                           f"{name}, expected ({len(case)},): one error rate per digit. "
                           f"Hint: {hint}sum along each row (axis=1).")
        rows = case.sum(axis=1)
        expected = (rows - np.diag(case)) / rows
        if not np.allclose(rates, expected, atol=1e-6):
            digit = int(np.argmax(~np.isclose(rates, expected, atol=1e-6)))
            return report(
                False,
                f"per_class_error_rate gives {rates[digit]:.4g} for digit {digit} of {name}, "
                f"expected {expected[digit]:.4g}. Hint: {_error_rate_mistake(rates, case)}",
            )
    return report(True, "per_class_error_rate matches the share of each digit's test images "
                   "that the model got wrong, on the lesson's matrix and a made-up one.")
