"""The fastest precision to train in on this CPU: bfloat16 where it has the instructions for it."""

import os
from pathlib import Path

# x86 feature flags (as Linux lists them) of CPUs that compute in bfloat16 natively.
BF16_FLAGS = ("avx512_bf16", "amx_bf16")
CHOICES = ("mixed_bfloat16", "float32")


def cpu_flags(cpuinfo: Path = Path("/proc/cpuinfo")) -> set[str]:
    """The CPU's feature flags from Linux's /proc/cpuinfo; empty on other systems."""
    try:
        text = cpuinfo.read_text()
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.partition(":")[2].split())
    return set()


def fastest_policy(flags: set[str] | None = None) -> str:
    """Name the Keras precision policy to train in, and print why.

    "mixed_bfloat16" (compute in bfloat16, keep the weights in float32) where the CPU has
    bfloat16 instructions, "float32" everywhere else, where bfloat16 would be slower. Set the
    environment variable COURSE_PRECISION to one of the two names to choose yourself.
    """
    chosen = os.environ.get("COURSE_PRECISION")
    if chosen:
        if chosen not in CHOICES:
            raise ValueError(f"COURSE_PRECISION={chosen!r}: use one of {', '.join(CHOICES)}")
        print(f"{chosen}, as COURSE_PRECISION asks")
        return chosen
    found = sorted(set(BF16_FLAGS) & (cpu_flags() if flags is None else flags))
    if found:
        print(f"mixed_bfloat16: this CPU computes in bfloat16 natively ({', '.join(found)})")
        return "mixed_bfloat16"
    print("float32: this CPU has no bfloat16 instructions, so bfloat16 would be slower")
    return "float32"
