"""Lesson 04: the cosine learning-rate schedule by hand, `cosine_learning_rate`."""

from collections.abc import Callable

import numpy as np

from helpers.checks.verdict import report

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
) -> None:
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
                return report(False, "cosine_learning_rate returned None. "
                               "Did you forget `return`?")
            try:
                number = float(answer)
            except (TypeError, ValueError):
                return report(False, f"cosine_learning_rate returned {answer!r}, not a number.")
            if not np.isclose(number, expected, rtol=1e-4, atol=1e-9):
                return report(
                    False,
                    f"cosine_learning_rate({step}, {initial}, {decay_steps}) gives {number:.6g}, "
                    f"but Keras' CosineDecay gives {expected:.6g}. Hint: "
                    + _cosine_hint(number, initial, step / decay_steps),
                )
    return report(
        True,
        "cosine_learning_rate matches Keras' CosineDecay from the first step to past the last, "
        f"for {len(_SCHEDULE_CASES)} schedules.",
    )
