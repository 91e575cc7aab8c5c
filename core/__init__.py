"""The bottom layer: the Card value, number and TeX formatting, errors, positioned YAML.

Nothing here imports the generators or the deck assembly above it.
"""
