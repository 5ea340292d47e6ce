# Installed by `make setup` into <environment>/etc/jupyter/, where the environment's Jupyter
# server (JupyterLab, Jupyter Notebook) reads it.
# Saving a lesson keeps the course's own metadata (helpers/nbmeta.py), so that running and
# saving a lesson changes nothing but its outputs in `git diff`.
from helpers.nbmeta import jupyter_pre_save_hook

c.FileContentsManager.pre_save_hook = jupyter_pre_save_hook  # noqa: F821
