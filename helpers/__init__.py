"""Plumbing shared by the MNIST CNN course notebooks."""
