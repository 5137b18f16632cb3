"""Compat path ``backtrader.lineseries``."""
from .lines.series import Lines, LineSeries, LineSeriesStub, LineSeriesMaker, LineAlias  # noqa: F401
MetaLineSeries = LineSeries
