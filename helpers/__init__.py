"""Plumbing shared by the MNIST CNN course notebooks.

Importing the package (do it before TensorFlow) keeps TensorFlow's C++ start-up log lines out of
notebook outputs; set TF_CPP_MIN_LOG_LEVEL yourself to see them again.
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
