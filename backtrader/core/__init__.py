"""The bottom layer: parameters (info classes, ``__init__`` wrapping), the owner
context stack, name registries, typed errors, the strict-mode switch and
upstream's metaclass names kept for legacy code.

Layer: core. May import: nothing of the package (standard library only); every
other layer builds on it.
"""
