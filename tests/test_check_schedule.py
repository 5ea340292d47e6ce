"""check_cosine_schedule (lesson 04's "Your turn") against Keras' real CosineDecay."""

import math

import pytest

from helpers.checks import check_cosine_schedule


@pytest.fixture(scope="module")
def cosine_decay():
    """Keras' CosineDecay class: the independent answer the check compares with."""
    import keras

    return keras.optimizers.schedules.CosineDecay


def right(step: int, initial: float, decay_steps: int) -> float:
    """The cosine decay a student should write."""
    return initial * 0.5 * (1 + math.cos(math.pi * min(step, decay_steps) / decay_steps))


def verdict(capsys: pytest.CaptureFixture[str]) -> str:
    """The single line a check printed."""
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


def test_right_answer_passes(cosine_decay, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_cosine_schedule(right, cosine_decay) is None
    assert verdict(capsys).startswith("✅ cosine_learning_rate matches Keras' CosineDecay")


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (lambda s, i, d: i * 0.5 * (1 + math.cos(math.pi * s / d)), "min(step, decay_steps)"),
        (lambda s, i, d: i * (1 + math.cos(math.pi * min(s, d) / d)), "factor ½"),
        (lambda s, i, d: i * 0.5 * (1 + math.cos(180 * min(s, d) / d)), "radians"),
        (lambda s, i, d: i * (1 - min(s, d) / d), "initial × ½ × (1 + cos"),
        (lambda s, i, d: None, "return"),
        (lambda s, i, d: "0.002", None),
    ],
    ids=["not clipped", "no half", "degrees", "linear", "no return", "a string"],
)
def test_wrong_answers_fail_with_a_hint(
    answer, hint: str | None, cosine_decay, capsys: pytest.CaptureFixture[str]
) -> None:
    assert check_cosine_schedule(answer, cosine_decay) is None
    line = verdict(capsys)
    assert line.startswith("❌")
    assert hint is None or hint in line, line


def test_a_stub_raises_as_written(cosine_decay) -> None:
    def stub(step: int, initial: float, decay_steps: int) -> float:
        raise NotImplementedError("Your turn: your code here")

    with pytest.raises(NotImplementedError):
        check_cosine_schedule(stub, cosine_decay)
