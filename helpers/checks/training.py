"""Lesson 07's exercises 2-4: how small, how accurate and how robust a trained model is."""

from helpers.checks.verdict import report


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


def check_small_network(
    model, accuracy: float, min_accuracy: float = 0.985, max_params: int = 20_000
) -> None:
    """Check that a Keras model is both small (few parameters) and accurate on validation."""
    if model is None:
        return report(False, "There is no model yet. Hint: run the training cell above; "
                       "does your build function work?")
    if hint := _not_a_fraction(accuracy=accuracy):
        return report(False, hint)
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
    return report(small and accurate, message)


def check_accuracy(accuracy: float, target: float, what: str = "your model") -> None:
    """Check that `what` reaches the target validation accuracy."""
    if hint := _not_a_fraction(accuracy=accuracy):
        return report(False, hint)
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
    return report(passed, message)


def check_fewer_mistakes(
    accuracy: float, reference: float, examples: int, what: str = "your model",
    than: str = "lesson 04's model",
) -> None:
    """Check that `what` misreads fewer of the `examples` validation digits than `than`."""
    if hint := _not_a_fraction(accuracy=accuracy, reference=reference):
        return report(False, hint)
    wrong, wrong_before = (round((1 - value) * examples) for value in (accuracy, reference))
    passed = wrong < wrong_before
    message = (
        f"{what} misreads {wrong} of the {examples:,} validation digits "
        f"({_percent(accuracy)} right), {than} {wrong_before} ({_percent(reference)})."
    )
    if not passed:
        message += (
            " Hint: change one thing at a time: more filters, another convolution block, or a "
            "few more epochs as long as the validation accuracy still improves."
        )
    return report(passed, message)


def check_inverted(
    normal_accuracy: float, inverted_accuracy: float, min_accuracy: float
) -> None:
    """Check that the fixed model handles both normal and inverted (white background) digits."""
    if hint := _not_a_fraction(normal_accuracy=normal_accuracy,
                               inverted_accuracy=inverted_accuracy):
        return report(False, hint)
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
    return report(normal_ok and inverted_ok, message)
