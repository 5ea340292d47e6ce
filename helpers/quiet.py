"""Keep TensorFlow's C++ log lines out of the notebooks, in any kernel.

TensorFlow writes log lines straight to the process's standard error (file descriptor 2) when it
is imported, before its own log settings apply, and more while it runs. The course's .venv
kernel sends such low-level output to the terminal; a conda, Binder, Colab or VS Code kernel
copies it into the notebook. Every lesson therefore calls `quiet_tensorflow()` first.
"""

import os
import sys


def quiet_tensorflow() -> None:
    """Import TensorFlow with its start-up log lines silenced; keep its info and warning lines out.

    Call it before anything imports TensorFlow (Keras does). Only C++ output during the import
    is dropped: Python's own errors and warnings show as usual. TF_CPP_MIN_LOG_LEVEL=3 is set
    unless you chose a level yourself: even TensorFlow's C++ "error" lines stay out, because
    the ones the lessons meet are noise (Keras 3.15 asks TensorFlow 2.21's data pipeline for an
    option it does not know, and TensorFlow logs that as an error on every `predict`); a real
    failure still raises a Python exception, which shows as usual.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if "tensorflow" in sys.modules:
        return
    sys.stderr.flush()
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        import tensorflow  # noqa: F401
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
