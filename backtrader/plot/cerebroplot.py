"""``cerebro.plot(...)``: chart every strategy of the last run.

matplotlib (default): returns a list with, per strategy, the list of its
figures (as upstream). ``backend='plotly'``: returns, per strategy, a list
with one Plotly figure. ``filename=`` saves the charts (PNG/SVG/PDF... with
matplotlib, an HTML page with Plotly); with several strategies or figures a
number is added before the extension (``out_1.png``).
"""
from __future__ import annotations

import os
import sys
from typing import Optional

__all__ = ['cerebro_plot', 'numbered_filenames', 'in_notebook']

_MPL_NAMES = (None, '', 'matplotlib', 'mpl')
_PLOTLY_NAMES = ('plotly', 'html')


def numbered_filenames(filename: str, count: int) -> list:
    """``filename`` itself for one chart, else ``<stem>_<k><ext>`` (k from 1)."""
    if count <= 1:
        return [filename]
    stem, ext = os.path.splitext(filename)
    return ['%s_%d%s' % (stem, k, ext) for k in range(1, count + 1)]


def in_notebook() -> bool:
    """True inside a Jupyter (IPython kernel) session."""
    ipython = sys.modules.get('IPython')
    if ipython is None:
        return False
    try:
        shell = ipython.get_ipython()
    except Exception:
        return False
    return shell is not None and hasattr(shell, 'kernel')


def _finished_strategies(cerebro) -> list:
    from ..strategy import Strategy
    out = []
    for group in getattr(cerebro, 'runstrats', []) or []:
        items = group if isinstance(group, (list, tuple)) else [group]
        out.extend(s for s in items if isinstance(s, Strategy))
    return out


def cerebro_plot(cerebro, plotter=None, numfigs: int = 1, iplot: bool = True, start=None,
                 end=None, width: float = 16, height: float = 9, dpi: int = 300,
                 tight: bool = True, use: Optional[str] = None,
                 backend: Optional[str] = None, filename: Optional[str] = None,
                 **kwargs) -> list:
    """Chart the strategies of ``cerebro``'s last run (see module doc)."""
    strategies = _finished_strategies(cerebro)
    if backend in _PLOTLY_NAMES:
        return _plot_plotly(strategies, plotter, iplot, start, end, width, height, filename,
                            kwargs)
    if backend not in _MPL_NAMES:
        from ..core.errors import ParameterError
        raise ParameterError("cerebro.plot: unknown backend %r (use 'matplotlib' or 'plotly')"
                             % (backend,))
    if use:
        import matplotlib
        matplotlib.use(use)
    if plotter is None:
        from .plot import Plot
        plotter = Plot(**kwargs)
    figs = []
    for si, strat in enumerate(strategies):
        figs.append(plotter.plot(strat, figid=si * 100, numfigs=numfigs, iplot=iplot,
                                 start=start, end=end, use=use, width=width, height=height))
    if filename:
        flat = [fig for group in figs for fig in group]
        for fig, name in zip(flat, numbered_filenames(filename, len(flat))):
            plotter.savefig(fig, name, width=width, height=height, dpi=dpi, tight=tight)
    plotter.show()
    return figs


def _plot_plotly(strategies, plotter, iplot, start, end, width, height, filename, kwargs):
    from .plotly_html import PlotlyPlot
    if plotter is None:
        plotter = PlotlyPlot(**kwargs)
    figs = [[plotter.plot(strat, start=start, end=end)] for strat in strategies]
    if filename:
        flat = [fig for group in figs for fig in group]
        for fig, name in zip(flat, numbered_filenames(filename, len(flat))):
            plotter.write_html(fig, name)
    if iplot and in_notebook():
        from IPython.display import display
        for group in figs:
            for fig in group:
                display(fig)
    return figs
