"""Flush-on-write console streams.

Importing this module on Windows wraps ``sys.stdout`` and ``sys.stderr`` so that
every write is flushed at once (console output otherwise lags there). Elsewhere the
streams are left untouched, as in the original framework.
"""
from __future__ import annotations

import sys
from typing import Any, TextIO

__all__ = ['flushfile', 'StdOutDevNull']


class flushfile:
    """Wrap a stream so each ``write`` is followed by a ``flush``.

    Other attributes (``encoding``, ``fileno``...) are those of the wrapped stream.
    """

    def __init__(self, f: TextIO) -> None:
        self.f = f

    def write(self, x: str) -> None:
        self.f.write(x)
        self.f.flush()

    def flush(self) -> None:
        self.f.flush()

    def __getattr__(self, name: str) -> Any:
        if name == 'f':  # not yet set (e.g. during unpickling): avoid recursion
            raise AttributeError(name)
        return getattr(self.f, name)


class StdOutDevNull:
    """Silence ``sys.stdout`` from construction until ``stop()``."""

    def __init__(self) -> None:
        self.stdout = sys.stdout
        sys.stdout = self

    def write(self, x: str) -> None:
        pass

    def flush(self) -> None:
        pass

    def stop(self) -> None:
        """Give ``sys.stdout`` back."""
        sys.stdout = self.stdout


if sys.platform == 'win32':
    sys.stdout = flushfile(sys.stdout)
    sys.stderr = flushfile(sys.stderr)
