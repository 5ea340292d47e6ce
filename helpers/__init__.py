"""Plumbing shared by the MNIST CNN course notebooks: data, plots, preprocessing, checks."""
