"""fastest_policy picks bfloat16 only on CPUs that have it, says why, and can be overridden."""

import sys
from pathlib import Path

import keras
import numpy as np
import pytest

from helpers.precision import cpu_flags, fastest_policy

CPUINFO = """processor\t: 0
vendor_id\t: AuthenticAMD
flags\t\t: fpu sse2 avx2 avx512f avx512_bf16 avx512_vnni
bugs\t\t: sysret_ss_attrs

processor\t: 1
flags\t\t: fpu sse2 avx2 avx512f avx512_bf16 avx512_vnni
"""


@pytest.fixture(autouse=True)
def no_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COURSE_PRECISION", raising=False)


def test_cpu_flags_from_cpuinfo(tmp_path: Path) -> None:
    (tmp_path / "cpuinfo").write_text(CPUINFO)
    assert cpu_flags(tmp_path / "cpuinfo") == {"fpu", "sse2", "avx2", "avx512f", "avx512_bf16",
                                               "avx512_vnni"}


def test_cpu_flags_without_cpuinfo(tmp_path: Path) -> None:
    assert cpu_flags(tmp_path / "missing") == set()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads Linux's /proc/cpuinfo")
def test_cpu_flags_of_this_machine() -> None:
    assert "fpu" in cpu_flags()


def test_bfloat16_cpu(capsys: pytest.CaptureFixture[str]) -> None:
    assert fastest_policy({"avx2", "amx_bf16", "avx512_bf16"}) == "mixed_bfloat16"
    assert capsys.readouterr().out == (
        "mixed_bfloat16: this CPU computes in bfloat16 natively (amx_bf16, avx512_bf16)\n")


def test_other_cpu(capsys: pytest.CaptureFixture[str]) -> None:
    assert fastest_policy({"avx2", "avx512f"}) == "float32"
    assert capsys.readouterr().out.startswith("float32: this CPU has no bfloat16 instructions")


def test_override(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COURSE_PRECISION", "float32")
    assert fastest_policy({"avx512_bf16"}) == "float32"
    assert "COURSE_PRECISION" in capsys.readouterr().out


def test_bad_override(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSE_PRECISION", "float16")
    with pytest.raises(ValueError, match="COURSE_PRECISION='float16': use one of mixed_bfloat16"):
        fastest_policy()


def test_policy_keeps_float32_probabilities() -> None:
    """Under the mixed policy, the course's float32 output layer still gives float32 answers."""
    keras.mixed_precision.set_global_policy(fastest_policy({"avx512_bf16"}))
    try:
        model = keras.Sequential([
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Conv2D(4, 3, activation="relu"),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax", dtype="float32"),
        ])
    finally:
        keras.mixed_precision.set_global_policy("float32")
    assert model.layers[0].compute_dtype == "bfloat16"
    probabilities = model.predict(np.random.default_rng(0).random((3, 28, 28, 1)), verbose=0)
    assert probabilities.dtype == np.float32
    np.testing.assert_allclose(probabilities.sum(axis=1), 1, rtol=1e-5)
