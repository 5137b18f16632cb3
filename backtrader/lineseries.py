"""Compat: upstream's import path ``backtrader.lineseries``; re-exports the multi-line classes."""
from .lines.series import Lines, LineSeries, LineSeriesStub, LineSeriesMaker, LineAlias  # noqa: F401
from .core.legacymeta import MetaLineSeries, with_metaclass  # noqa: F401
# upstream's names of the line-set classes of LineSeries and LineSeriesStub
Lines_LineSeries = LineSeries.lines
Lines_LineSeries_LineSeriesStub = LineSeriesStub.lines
