"""Self-checks for the exercises: `from helpers.checks import check_conv2d` and so on.

Each check prints exactly one line, starting with ✅ (pass) or ❌ (fail, followed by a hint
that points you in the right direction without giving the answer), and returns nothing: the
last line of a cell shows just that line, no stray `True` under it.
Errors raised by your own function are not caught: you see them exactly as your code raised them.

Accuracies are fractions between 0 and 1 (what `model.evaluate` returns), not percentages,
measured on the validation set: the exercises choose and check on it, and leave the test set
for one final measurement.

One module per subject, in lesson order: data (01), filters (02), parameters (03),
schedule (04), error_rates (05), images (06), training (07); verdict prints the line.

`compare_with_text` is not an exercise's check: the lessons call it where their text states
what a run shows, so that a run that differs from the book's says so instead of stopping.
"""

from helpers.checks.data import check_mean_image
from helpers.checks.error_rates import check_error_rates
from helpers.checks.filters import check_conv2d
from helpers.checks.images import check_centre_of_mass, check_preprocessed
from helpers.checks.parameters import check_parameter_count
from helpers.checks.schedule import check_cosine_schedule
from helpers.checks.training import (
    check_accuracy,
    check_fewer_mistakes,
    check_inverted,
    check_small_network,
)
from helpers.checks.verdict import compare_with_text

__all__ = [
    "check_accuracy",
    "check_centre_of_mass",
    "check_conv2d",
    "check_cosine_schedule",
    "check_error_rates",
    "check_fewer_mistakes",
    "check_inverted",
    "check_mean_image",
    "check_parameter_count",
    "check_preprocessed",
    "check_small_network",
    "compare_with_text",
]
