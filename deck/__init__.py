"""Backprop deck: cards for learning backpropagation, packaged for Anki."""

__version__ = "0.2.0"
