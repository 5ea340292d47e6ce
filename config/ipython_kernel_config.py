# Installed by `make setup` into .venv/etc/ipython/, where every kernel of the course's
# environment (JupyterLab, papermill, nbval) reads it.
# TensorFlow writes C++ log lines straight to the process's stderr when it is imported.
# By default ipykernel copies such low-level output into the notebook; keep it in the
# terminal instead, so the committed notebooks stay free of log noise.
c.IPKernelApp.capture_fd_output = False  # noqa: F821
