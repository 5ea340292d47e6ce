"""Lesson 03: counting a network's parameters by hand, `count_parameters`."""

from collections.abc import Callable

from helpers.checks.verdict import report

#: (filters in conv1, dropout rate) pairs tried by check_parameter_count.
_PARAMETER_CASES = [(16, 0.4), (4, 0.4), (8, 0.0), (32, 0.2)]


def check_parameter_count(
    count_parameters: Callable[[int, float], int], build: Callable[..., object]
) -> None:
    """Compare your count_parameters(filters_1, dropout) with Keras' count of the built network.

    `build(filters_1=..., dropout=...)` must return a Keras model (lesson 03's build_basic_cnn);
    its `count_params()` is the independent answer.
    """
    for filters_1, dropout in _PARAMETER_CASES:
        expected = build(filters_1=filters_1, dropout=dropout).count_params()
        answer = count_parameters(filters_1, dropout)
        if answer is None:
            return report(False, "count_parameters returned None. Did you forget `return`?")
        if answer != expected:
            same_without_dropout = count_parameters(filters_1, 0.0) == answer
            hint = (
                "Which layers have parameters at all? Dropout only zeroes values."
                if not same_without_dropout
                else "conv1 has one kernel per filter, and conv2's kernels have one input "
                "channel per conv1 filter: both change with FILTERS_1. Did you count the biases?"
            )
            return report(
                False,
                f"count_parameters({filters_1}, {dropout}) gives {answer:,}, but Keras counts "
                f"{expected:,}. Hint: {hint}",
            )
    return report(
        True,
        f"count_parameters matches Keras for {len(_PARAMETER_CASES)} networks "
        "(4 to 32 filters in conv1, with and without dropout).",
    )
