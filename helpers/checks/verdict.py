"""The one line every self-check prints, and descriptions of what a student passed."""

import numpy as np


def report(passed: bool, message: str) -> None:
    """Print the one-line verdict of a check: ✅ or ❌, then `message`."""
    print(f"{'✅' if passed else '❌'} {message}")


def describe(value: object) -> str:
    """A short description of a value for a message: its repr if short, else type and shape."""
    text = repr(value)
    if len(text) <= 40 and "\n" not in text:
        return text
    shape = getattr(value, "shape", None)
    return f"a {type(value).__name__}" + (f" of shape {tuple(shape)}" if shape is not None else "")


def as_numbers(result: object) -> np.ndarray | None:
    """`result` as an array of floats, or None when it is not numbers (e.g. text or a dict)."""
    try:
        array = np.asarray(result, dtype=float)
    except (TypeError, ValueError):
        return None
    return array
