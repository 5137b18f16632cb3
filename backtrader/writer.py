"""Writers: csv rows of every bar plus a summary tree at the end of a run
(``bt.WriterFile``, ``bt.WriterStringIO``).

Cerebro feeds a writer with ``addheaders`` (data, strategy, observer and
``csv=True`` indicator columns), then per engine iteration ``addvalues`` +
``next``, and at the end ``writedict({'Cerebro': info})`` and ``stop``.
"""
from __future__ import annotations

import io
import itertools
import sys
from collections.abc import Callable, Iterable
from typing import Any

from .core.legacymeta import with_metaclass  # noqa: F401 (upstream's names)
from .core.params import ParamsBase
from .utils.count import Count

__all__ = ['WriterBase', 'WriterFile', 'WriterStringIO']


class WriterBase(ParamsBase):
    """Base class of writers."""


class WriterFile(WriterBase):
    """Writes to ``out``: ``None`` -> ``sys.stdout``; a string -> a file opened for
    writing (closed at ``stop``); any other object is used as the stream (closed at
    ``stop`` only with ``close_out``).

    With ``csv`` a separator line and the header row are written at ``start`` and
    one row per ``next`` (prefixed by a counter with ``csv_counter``; NaN values as
    empty fields with ``csv_filternan``). ``writedict`` writes nested dictionaries as
    an indented tree (``indent`` spaces per level, a separator line of the level's
    char from ``separators`` and length ``seplen - indent * level`` before each
    nested dictionary; floats rounded to ``rounding`` digits when set).
    """

    params = dict(
        out=None, close_out=False,
        csv=False, csvsep=',', csv_filternan=True, csv_counter=True,
        # summary tree layout: separator chars per nesting level
        indent=2, separators=list('=-+*.~"^#'), seplen=79, rounding=None,
    )

    def __init__(self) -> None:
        self._len = Count(1)
        self.headers = list()
        self.values = list()

    def _start_output(self) -> None:
        # the stream is opened only when the run starts
        if not hasattr(self, 'out') or not self.out:
            out = self.p.out
            if out is None:
                self.out = sys.stdout
                self.close_out = False
            elif isinstance(out, str):
                self.out = open(out, 'w')
                self.close_out = True
            else:
                self.out = out
                self.close_out = self.p.close_out

    def start(self) -> None:
        """Open the output; with ``csv`` write a separator and the header row."""
        self._start_output()
        if self.p.csv:
            self.writelineseparator()
            self.writeiterable(self.headers, counter='Id')

    def stop(self) -> None:
        """Close the output if this writer opened it (or ``close_out``)."""
        if self.close_out:
            self.out.close()

    def next(self) -> None:
        """With ``csv``: write the values collected for this iteration as a row."""
        if self.p.csv:
            self.writeiterable(self.values, func=self._csv_field, counter=next(self._len))
            self.values = list()

    def _csv_field(self, value: Any) -> str:
        if self.p.csv_filternan and value != value:
            return ''
        return str(value)

    def addheaders(self, headers: Iterable) -> None:
        """Append csv header names (ignored unless ``csv``)."""
        if self.p.csv:
            self.headers.extend(headers)

    def addvalues(self, values: Iterable) -> None:
        """Append csv values of the current row (ignored unless ``csv``)."""
        if self.p.csv:
            self.values.extend(values)

    def writeiterable(self, iterable: Iterable, func: Callable | None = None,
                      counter: Any = '') -> None:
        """Write the items joined by ``csvsep``, prefixed by ``counter`` when
        ``csv_counter``; ``func`` (if given) converts every item, counter included.
        Items must be strings when no ``func`` is given."""
        if self.p.csv_counter:
            iterable = itertools.chain([counter], iterable)
        if func is not None:
            iterable = map(func, iterable)
        self.writeline(self.p.csvsep.join(iterable))

    def writeline(self, line: str) -> None:
        """Write one line."""
        self.out.write(line + '\n')

    def writelines(self, lines: Iterable[str]) -> None:
        """Write each string as a line."""
        for line in lines:
            self.out.write(line + '\n')

    def writelineseparator(self, level: int = 0) -> None:
        """Write the separator line of ``level`` (indented like the level)."""
        sepnum = level % len(self.p.separators)
        separator = self.p.separators[sepnum]
        indent = ' ' * (self.p.indent * level)
        self.writeline(indent + separator * (self.p.seplen - self.p.indent * level))

    def writedict(self, dct: dict, level: int = 0, recurse: bool = False) -> None:
        """Write ``dct`` as an indented tree (see the class docs)."""
        if not recurse:
            self.writelineseparator(level)
        indent0 = self.p.indent * level
        for key, val in dct.items():
            kline = ' ' * indent0
            if recurse:
                kline += '- '
            kline += str(key) + ':'
            if isinstance(val, dict):
                if recurse:
                    self.writelineseparator(level)
                self.writeline(kline)
                self.writedict(val, level=level + 1, recurse=True)
                continue
            self.writeline(kline + ' ' + self._format_value(val))

    def _format_value(self, val: Any) -> str:
        if isinstance(val, type):
            return val.__name__
        if isinstance(val, str):
            return val
        if isinstance(val, float):
            if self.p.rounding is not None:
                val = round(val, self.p.rounding)
            return str(val)
        if isinstance(val, Iterable):
            return ', '.join(map(str, val))
        return str(val)


class WriterStringIO(WriterFile):
    """``WriterFile`` writing into a new ``io.StringIO`` (``out`` is a class to
    instantiate), rewound at ``stop`` so ``writer.out`` can be read or iterated."""

    params = (('out', io.StringIO),)

    def _start_output(self) -> None:
        super()._start_output()
        self.out = self.out()

    def stop(self) -> None:
        super().stop()
        self.out.seek(0)
