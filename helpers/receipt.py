"""The versions receipt every lesson prints under its setup cell."""

import os
import platform


def versions() -> dict[str, str]:
    """Return the versions of Python and the course's main libraries, and the device."""
    import keras
    import numpy as np
    import tensorflow as tf
    import tensorflow_datasets as tfds

    gpus = tf.config.list_physical_devices("GPU")
    return {
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "tensorflow_datasets": tfds.__version__,
        "numpy": np.__version__,
        "device": f"{len(gpus)} GPU(s)" if gpus else f"CPU, {os.cpu_count()} cores",
    }


def print_receipt() -> None:
    """Print what this notebook runs on; quote it when you ask for help."""
    v = versions()
    print(
        f"Python {v['python']} · TensorFlow {v['tensorflow']} · Keras {v['keras']} · "
        f"tfds {v['tensorflow_datasets']} · NumPy {v['numpy']} · {v['device']}"
    )
