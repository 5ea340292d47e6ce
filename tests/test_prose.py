"""Numbers in a lesson's prose come from its outputs: a re-run that changes one fails here.

Every decimal percentage in a lesson's markdown ("99.40 %", "12.5%") must appear in the text
of that same lesson's outputs, unless it is a target or a setting the lesson states, listed
below with the reason. So a number cannot be typed from a run nobody can repeat, and a re-run
that changes a printed number makes the prose beside it fail this test instead of going stale.
"""

import re

import pytest

from helpers.checks.verdict import DIFFERS
from tests.test_notebooks import NOTEBOOKS, load, output_text

DECIMAL_PERCENT = re.compile(r"(?<![\w.])(\d{1,3}\.\d+)\s?%")

#: Percentages the prose may state without an output: targets and settings, never results.
STATED = {
    "04_training.ipynb": {"99.3": "the course's full-mode target, asserted in the lesson"},
    "07_exercises.ipynb": {
        "98.5": "exercise 2's target",
    },
}


def decimal_percentages(text: str) -> set[str]:
    return set(DECIMAL_PERCENT.findall(text))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_decimal_percentage_in_the_prose_is_in_an_output(path) -> None:
    cells = load(path)["cells"]
    outputs = "\n".join(output_text(cell) for cell in cells)
    stated = STATED.get(path.name, {})
    unbacked = []
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        for number in sorted(decimal_percentages("".join(cell["source"]))):
            if number not in stated and number not in outputs:
                unbacked.append(f"cell {index}: {number} %")
    assert not unbacked, f"percentages in the prose that no output shows: {unbacked}"


def test_the_stated_numbers_are_still_in_the_prose() -> None:
    """The allow-list stays short: an entry whose number left the prose goes too."""
    prose = {path.name: "".join("".join(c["source"]) for c in load(path)["cells"]
                                if c["cell_type"] == "markdown") for path in NOTEBOOKS}
    stale = [f"{name}: {number}" for name, numbers in STATED.items() for number in numbers
             if number not in decimal_percentages(prose.get(name, ""))]
    assert not stale, stale


def test_the_check_finds_an_unbacked_number() -> None:
    assert decimal_percentages("It reached 99.45 % here, and 12.5% there; 93 % is whole.") == {
        "99.45", "12.5"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_committed_run_is_the_one_the_prose_describes(path) -> None:
    """Lessons 03 to 06 print DIFFERS instead of failing when a student's run differs."""
    outputs = "\n".join(output_text(cell) for cell in load(path)["cells"])
    assert DIFFERS not in outputs, (
        f"{path.name}: the committed outputs differ from what its text says: re-read the text")


FULL_MODE_ASSERT = re.compile(r"assert\s+FAST\s+or\b|if\s+not\s+FAST\s*:[^\n]*\n\s+assert\b")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_checks_of_the_text_do_not_stop_a_run(path) -> None:
    """What the text says of the book's run is checked with compare_with_text, not assert.

    A student's model (another seed, float32 on a CPU without bfloat16) differs from the
    book's; an assert that holds only for the book's run stopped lessons 05 and 06 there.
    """
    for cell in load(path)["cells"]:
        source = "".join(cell["source"])
        assert not FULL_MODE_ASSERT.search(source), (
            f"{path.name}: use compare_with_text for a check of the text, not:\n{source}")
