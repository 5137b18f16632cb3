"""Charts of finished strategies (``cerebro.plot()``).

One description of what to draw (``chart.build_chart``: panes, prices, lines,
markers from ``plotinfo``/``plotlines``) drawn by two backends:

* matplotlib (``Plot``, upstream's default plotter; ``cerebro.plot()``),
* Plotly (``PlotlyPlot``; ``cerebro.plot(backend='plotly', filename='x.html')``):
  a self-contained interactive HTML page.

Both libraries are optional (``pip install backtrader[plot]``) and imported
only when a chart is drawn. The modules needing matplotlib at import time
(``finance``, ``formatters``, ``locator``, ``multicursor``) load on first access.

Layer: tools. May import: engine, strategy, components, model, lines, utils, core and
results (charts draw the result tables); nothing imports it but the namespace and
``cerebro.plot()``.
"""
from __future__ import annotations

import importlib

from .scheme import PlotScheme
from .plot import Plot, Plot_OldSync
from . import scheme, plot, chart, utils
from .chart import build_chart
from .cerebroplot import cerebro_plot

__all__ = ['Plot', 'Plot_OldSync', 'PlotScheme', 'PlotlyPlot', 'build_chart', 'cerebro_plot',
           'finance', 'formatters', 'locator', 'multicursor', 'plotly_html', 'scheme', 'plot',
           'chart', 'utils']

_LAZY_MODULES = ('finance', 'formatters', 'locator', 'multicursor', 'plotly_html')


def __getattr__(name: str):
    if name in _LAZY_MODULES:
        return importlib.import_module('.' + name, __name__)
    if name == 'PlotlyPlot':
        return importlib.import_module('.plotly_html', __name__).PlotlyPlot
    raise AttributeError('module %r has no attribute %r' % (__name__, name))
