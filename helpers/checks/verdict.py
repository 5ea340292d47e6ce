"""The one line every self-check prints, the line a lesson prints on comparing a run with its
text, and descriptions of what a student passed."""

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


DIFFERS = "this run differs from the book's run"


def compare_with_text(claims: dict[str, bool]) -> None:
    """Say in one line whether this run shows what the lesson's text says about it.

    `claims` maps each statement of the text to whether this run's outputs bear it out. The
    text describes the book's run (full mode, seed 42, the course's precision); another run
    may differ, which is not an error, so this prints and never stops the notebook. The
    course's tests check that the committed outputs never print `DIFFERS`.
    """
    failed = [claim for claim, holds in claims.items() if not holds]
    if failed:
        print(f"{DIFFERS} (another seed, precision or computer, or fast mode): the text "
              f"describes the book's run, where {'; '.join(failed)}")
    else:
        print(f"as the text says: {'; '.join(claims)}")
