"""Compat path ``backtrader.lineseries``."""
from .lines.series import Lines, LineSeries, LineSeriesStub, LineSeriesMaker, LineAlias  # noqa: F401
MetaLineSeries = LineSeries
# upstream's names of the line-set classes of LineSeries and LineSeriesStub
Lines_LineSeries = LineSeries.lines
Lines_LineSeries_LineSeriesStub = LineSeriesStub.lines
