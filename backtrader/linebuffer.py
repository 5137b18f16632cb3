"""Compat: upstream's import path ``backtrader.linebuffer``;
re-exports line buffers and operations."""
from .lines.buffer import LineBuffer, NAN, CyclicBuffer  # noqa: F401
from .lines.ops import (LineActions, LinesOperation, LineOwnOperation, LineDelay,  # noqa: F401
                        LineForward, LineNum, PseudoArray)
from .core.legacymeta import MetaLineActions, with_metaclass  # noqa: F401
