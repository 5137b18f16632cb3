"""The matplotlib chart of a strategy (upstream's ``Plot`` / ``Plot_OldSync``).

``Plot(**scheme_attributes).plot(strategy, ...)`` draws the description made by
``chart.build_chart`` into matplotlib figures and returns them. matplotlib is
imported on first use only, and no backend is ever forced: without a display
matplotlib itself picks Agg (and ``savefig`` works); in Jupyter the inline
backend shows the figures; ``show()`` is only called for interactive (window)
backends. A GUI backend that cannot start (``MPLBACKEND=TkAgg`` without a
display) falls back to Agg with a warning instead of failing.
"""
from __future__ import annotations

import collections
import copy
import warnings

import numpy as np

from ..core.params import ParamsBase
from .chart import LineSeriesSpec, PriceSeries, VolumeSeries, build_chart
from .scheme import PlotScheme

__all__ = ['Plot', 'Plot_OldSync', 'PInfo', 'is_interactive_backend']

# where the panes sit in the figure (fractions of its size)
_FIG_MARGINS = dict(left=0.05, right=0.95, top=0.98, bottom=0.07)


def _pyplot():
    import matplotlib.pyplot as plt
    return plt


def is_interactive_backend() -> bool:
    """True when matplotlib's current backend opens windows (``show()`` then
    blocks until they are closed); False for Agg, file backends and inline."""
    import matplotlib
    backend = str(matplotlib.get_backend()).lower()
    try:
        from matplotlib.backends import BackendFilter, backend_registry
        interactive = backend_registry.list_builtin(BackendFilter.INTERACTIVE)
    except ImportError:         # matplotlib < 3.9
        from matplotlib.rcsetup import interactive_bk as interactive
    return backend in {b.lower() for b in interactive}


class PInfo:
    """Per-plot bookkeeping: the figures made, the colour index and z-order of
    each axis."""

    def __init__(self, sch: PlotScheme) -> None:
        self.sch = sch
        self.figs: list = []
        self.coloridx = collections.defaultdict(lambda: -1)
        self.zorder: dict = {}

    def newfig(self, figid: int, numfig: int, mpyplot, figsize=None):
        """A new figure numbered ``figid + numfig`` (an old figure with that
        number is closed first, so plots never draw over each other)."""
        num = figid + numfig
        if mpyplot.fignum_exists(num):
            mpyplot.close(num)
        kwargs = {} if figsize is None else dict(figsize=figsize)
        try:
            fig = mpyplot.figure(num, **kwargs)
        except ImportError as exc:
            # a GUI backend was asked for (MPLBACKEND...) but cannot start here
            warnings.warn('matplotlib backend %r cannot start (%s): drawing with Agg'
                          % (mpyplot.get_backend(), exc), RuntimeWarning, stacklevel=5)
            mpyplot.switch_backend('Agg')
            fig = mpyplot.figure(num, **kwargs)
        self.figs.append(fig)
        return fig

    def nextcolor(self, ax) -> int:
        self.coloridx[ax] += 1
        return self.coloridx[ax]

    def color(self, ax) -> str:
        return self.sch.color(self.coloridx[ax])

    def zordernext(self, ax) -> float:
        z = self.zorder.get(ax, 1.0)
        z = z * 0.9999 if self.sch.zdown else z * 1.0001
        self.zorder[ax] = z
        return z

    def zordercur(self, ax) -> float:
        return self.zorder.get(ax, 1.0)


def _visible(x: np.ndarray, start: int, end: int) -> np.ndarray:
    return (x >= start) & (x < end)


def _fmt(value: float) -> str:
    return '' if value != value else ' %.2f' % value


def _last(values: np.ndarray) -> float:
    """The value at the last visible bar (NaN when there is none): legends
    and tags show it, as upstream's do."""
    return float(values[-1]) if len(values) else float('nan')


class Plot_OldSync(ParamsBase):
    """Draws strategies with matplotlib.

    Keyword arguments set attributes of the plot scheme (``style='candle'``,
    ``volume=False``, ``barup='green'`` ...); ``scheme=`` replaces it.
    """

    params = (('scheme', PlotScheme()),)

    def __init__(self, **kwargs) -> None:
        # each plotter owns its scheme (the default instance is shared)
        scheme = copy.copy(self.p.scheme)
        scheme.lcolors = list(getattr(scheme, 'lcolors', []))
        self.p.scheme = scheme
        for name, value in kwargs.items():
            setattr(scheme, name, value)
        self.pinf = PInfo(scheme)

    # -- public API --------------------------------------------------------------------
    def plot(self, strategy, figid: int = 0, numfigs: int = 1, iplot: bool = True,
             start=None, end=None, **kwargs) -> list:
        """Draw ``strategy`` (after its run) into ``numfigs`` figures, each
        showing a consecutive part of the bars in ``[start, end)``; returns
        the list of figures."""
        if not getattr(strategy, 'datas', None):
            return []
        use = kwargs.pop('use', None)
        if use:
            import matplotlib
            matplotlib.use(use)
        width, height = kwargs.pop('width', None), kwargs.pop('height', None)
        figsize = (width, height) if width and height else None
        chart = build_chart(strategy, self.p.scheme, start, end)
        plt = _pyplot()
        self.pinf = PInfo(self.p.scheme)
        s, e = chart.start, chart.end
        if e <= s:
            return []
        numfigs = min(max(int(numfigs or 1), 1), e - s)
        chunk = (e - s) // numfigs         # the last figure takes the remainder
        figs = []
        for numfig in range(numfigs):
            fs = s + numfig * chunk
            fe = e if numfig == numfigs - 1 else fs + chunk
            fig = self.pinf.newfig(figid, numfig, plt, figsize)
            self.drawchart(fig, chart, fs, fe)
            figs.append(fig)
        return figs

    def savefig(self, fig, filename, width: float = 16, height: float = 9, dpi: int = 300,
                tight: bool = True) -> None:
        """Save ``fig`` at ``width`` x ``height`` inches and ``dpi``."""
        fig.set_size_inches(width, height)
        bbox = 'tight' if tight else None
        fig.savefig(filename, dpi=dpi, bbox_inches=bbox)

    def show(self) -> None:
        """Open the figures in windows when the backend has windows (blocks
        until they are closed, as ``plt.show()``); a no-op without a display,
        with file backends and in Jupyter (inline shows them by itself)."""
        if is_interactive_backend():
            _pyplot().show()

    # -- drawing ---------------------------------------------------------------------------
    def drawchart(self, fig, chart, start: int, end: int) -> list:
        """Draw the panes of ``chart`` for bars ``[start, end)`` into ``fig``;
        returns the main axis of each pane."""
        from .formatters import getlocator
        sch = self.p.scheme
        panes = chart.panes
        total = sum(p.rows for p in panes) or 1
        gs = fig.add_gridspec(total, 1, hspace=sch.plotdist, **_FIG_MARGINS)
        axes = []
        row = 0
        for pane in panes:
            sharex = axes[0] if axes else None
            ax = fig.add_subplot(gs[row:row + pane.rows, 0], sharex=sharex)
            ax.set_gid('bt-pane-%d-%s' % (len(axes), pane.kind))
            row += pane.rows
            self.drawpane(ax, pane, start, end)
            axes.append(ax)
        if not axes:
            return axes
        locator, formatter = getlocator(chart.datetimes[start:end], numticks=9)
        formatter.fmt = sch.fmt_x_ticks
        first = axes[0]
        first.xaxis.set_major_locator(locator)
        first.xaxis.set_major_formatter(formatter)
        if sch.fmt_x_data:
            from .formatters import MyDateFormatter
            datafmt = MyDateFormatter(chart.datetimes[start:end], sch.fmt_x_data)
            for ax in axes:
                ax.fmt_xdata = datafmt
        for ax in axes[:-1]:
            ax.tick_params(axis='x', labelbottom=False)
        for label in axes[-1].get_xticklabels():
            label.set_rotation(sch.tickrotation)
            label.set_horizontalalignment('right')
        n = end - start
        pad = max(n * 0.05, 0.5)
        first.set_xlim(-pad, n - 1 + pad)
        if is_interactive_backend():
            from .multicursor import MultiCursor
            fig._bt_cursor = MultiCursor(fig.canvas, axes, useblit=True, horizOn=True,
                                         vertOn=True, color='black', lw=1, ls=':')
        return axes

    def drawpane(self, ax, pane, start: int, end: int) -> None:
        """Draw one pane: prices, volume, lines, horizontal lines, legend and
        value tags."""
        sch = self.p.scheme
        ax.yaxis.tick_right()
        ax.yaxis.set_label_position('right')
        if sch.grid:
            ax.grid(True, which='major', axis='both')
        handles: list = []
        if pane.ymargin:
            ax.margins(y=pane.ymargin)
        price_ylim = None
        for item in pane.items:
            handle = self._draw_item(ax, item, start, end)
            if handle is not None:
                handles.append(handle)
            if isinstance(item, PriceSeries):     # the range of every data drawn here
                price_ylim = ax.get_ylim()
        if pane.volume is not None:
            handles.insert(1, self._draw_volume_overlay(ax, pane.volume, start, end))
        if pane.secondary:
            ax2 = ax.twinx()
            ax2.set_gid('bt-secondary')
            ax.yaxis.tick_left()
            for item in pane.secondary:
                handle = self._draw_item(ax2, item, start, end)
                if handle is not None:
                    handles.append(handle)
            ax2.set_zorder(ax.get_zorder() + 1)
            ax2.patch.set_visible(False)
        for y in pane.hlines:
            ax.axhline(y, color=sch.hlinescolor, ls=sch.hlinesstyle, lw=sch.hlineswidth)
        if pane.yticks:
            ax.set_yticks(pane.yticks)
        elif pane.kind != 'data':
            from matplotlib.ticker import MaxNLocator
            ax.yaxis.set_major_locator(MaxNLocator(nbins=4, prune='both'))
        if pane.ylimited and price_ylim is not None:
            ax.set_ylim(price_ylim)
        # (an empty label -- a line named after an unnamed data -- becomes
        # matplotlib's hidden '_child<n>': no legend entry, as upstream's)
        handles = [h for h in handles if h is not None and not h.get_label().startswith('_')]
        if handles and (pane.kind == 'data' or sch.legendind):
            loc = pane.legendloc or (sch.legenddataloc if pane.kind == 'data'
                                     else sch.legendindloc)
            legend = ax.legend(handles=handles, loc=loc, numpoints=1, frameon=False,
                               shadow=False, fancybox=False, prop=dict(size=sch.subtxtsize))
            legend.set_zorder(100)

    def _draw_item(self, ax, item, start: int, end: int):
        if isinstance(item, PriceSeries):
            return self._draw_price(ax, item, start, end)
        if isinstance(item, VolumeSeries):
            return self._draw_volume(ax, item, start, end)
        if isinstance(item, LineSeriesSpec):
            return self._draw_line(ax, item, start, end)
        return None

    def _draw_price(self, ax, item: PriceSeries, start: int, end: int):
        from .finance import plot_candlestick, plot_lineonclose, plot_ohlc
        sch = self.p.scheme
        vis = _visible(item.x, start, end)
        x = item.x[vis] - start
        o, h, lo, c = item.open[vis], item.high[vis], item.low[vis], item.close[vis]
        if not len(x):
            return None
        if item.style == 'line':
            label = item.label + ' C:%.2f' % _last(c)
        else:
            label = item.label + ' O:%.2f H:%.2f L:%.2f C:%.2f' % (
                _last(o), _last(h), _last(lo), _last(c))
        zorder = 0.5 if sch.zdown else 3.0
        if item.style == 'candle':
            _, handle = plot_candlestick(ax, x, o, h, lo, c, colorup=sch.barup,
                                         colordown=sch.bardown, tickwidth=0.5,
                                         alpha=sch.bartrans,
                                         fillup=sch.barupfill, filldown=sch.bardownfill,
                                         label=label)
            handle.set_zorder(zorder)
        elif item.style in ('bar', 'ohlc'):
            handle = plot_ohlc(ax, x, o, h, lo, c, colorup=sch.barup, colordown=sch.bardown,
                               width=1.0, alpha=sch.bartrans, label=label)
            handle.set_zorder(zorder)
        else:
            handle = plot_lineonclose(ax, x, c, color=item.color, width=1.5, label=label,
                                      zorder=zorder)
        if item.valuetag and sch.valuetags:
            self.drawtag(ax, len(x) - 1, _last(c), facecolor='white',
                         edgecolor=item.color if item.style == 'line' else sch.loc)
        return handle

    def _draw_volume_overlay(self, ax, vol: VolumeSeries, start: int, end: int):
        """Volume in the bottom part of a price pane (``volscaling`` of its
        height), on an axis of its own drawn behind the prices."""
        from .finance import plot_volume
        from .formatters import MyVolFormatter
        sch = self.p.scheme
        vis = _visible(vol.x, start, end)
        if not vis.any():
            return None
        vax = ax.twinx()
        vax.set_gid('bt-volume')
        volumes = vol.volume[vis]
        up = vol.up[vis]
        bars = plot_volume(vax, vol.x[vis] - start, np.where(up, 0.0, 1.0),
                           np.where(up, 1.0, 0.0), volumes, colorup=sch.volup,
                           colordown=sch.voldown, alpha=sch.voltrans, label=vol.label)
        vmax = float(np.nanmax(volumes)) if len(volumes) else 1.0
        vmax = vmax or 1.0
        vax.set_ylim(-vmax * sch.volpushup / sch.volscaling if sch.volpushup else 0.0,
                     vmax / sch.volscaling)
        from matplotlib.ticker import FixedLocator, MaxNLocator
        vax.yaxis.tick_left()
        ticks = [t for t in MaxNLocator(nbins=3).tick_values(0.0, vmax) if 0 < t <= vmax]
        vax.yaxis.set_major_locator(FixedLocator(ticks))
        vax.yaxis.set_major_formatter(MyVolFormatter(vmax))
        vax.grid(False)
        ax.yaxis.tick_right()          # twinx() moved the price ticks to the left
        ax.set_zorder(vax.get_zorder() + 1)
        ax.patch.set_visible(False)
        return bars

    def _draw_volume(self, ax, vol: VolumeSeries, start: int, end: int):
        from .finance import plot_volume
        from .formatters import MyVolFormatter
        sch = self.p.scheme
        vis = _visible(vol.x, start, end)
        if not vis.any():
            return None
        volumes = vol.volume[vis]
        up = vol.up[vis]
        bars = plot_volume(ax, vol.x[vis] - start, np.where(up, 0.0, 1.0),
                           np.where(up, 1.0, 0.0), volumes, colorup=sch.volup,
                           colordown=sch.voldown, alpha=sch.voltrans, label=vol.label)
        vmax = float(np.nanmax(volumes)) or 1.0
        ax.yaxis.set_major_formatter(MyVolFormatter(vmax))
        return bars

    def _draw_line(self, ax, item: LineSeriesSpec, start: int, end: int):
        sch = self.p.scheme
        vis = _visible(item.x, start, end)
        x = item.x[vis] - start
        y = item.y[vis]
        if item.skipnan:
            ok = ~np.isnan(y)
            x, y = x[ok], y[ok]
        last = _last(item.y[vis])
        label = '_nolegend_' if item.label is None else \
            item.label + (_fmt(last) if item.showvalue else '')
        style = {k: v for k, v in item.style.items() if k != 'fill'}
        zorder = self.pinf.zordernext(ax) + 2.0
        if item.method == 'bar':
            width = style.pop('width', 0.8)
            handle = _call_filtered(ax.bar, (x, np.nan_to_num(y)),
                                    dict(style, width=width, color=item.color, label=label,
                                         zorder=zorder))
        else:
            handle = _call_filtered(ax.plot, (x, y),
                                    dict(style, color=item.color, label=label, zorder=zorder))
            handle = handle[0] if isinstance(handle, list) and handle else handle
        for kind, ref, fcolor in item.fills:
            other = ref[vis] if isinstance(ref, np.ndarray) else np.full(len(item.y[vis]),
                                                                         float(ref))
            yy = item.y[vis]
            xx = item.x[vis] - start
            with np.errstate(invalid='ignore'):
                where = yy > other if kind == 'gt' else yy < other
            ax.fill_between(xx, yy, other, where=where, color=fcolor, alpha=sch.fillalpha,
                            interpolate=True)
        if item.valuetag and last == last and not item.markers:
            self.drawtag(ax, len(x) - 1 if len(x) else 0, last, facecolor='white',
                         edgecolor=item.color)
        if item.label is None:
            return None
        return handle

    def drawtag(self, ax, x, y, facecolor, edgecolor, alpha=0.9, **kwargs) -> None:
        """The value ``y`` in a box on the right edge of ``ax``."""
        import matplotlib.transforms as mtransforms
        from .utils import tag_box_style
        if y != y:
            return
        trans = mtransforms.blended_transform_factory(ax.transAxes, ax.transData)
        ax.text(1.0, y, '%.2f' % y, va='center', ha='left', fontsize=self.p.scheme.subtxtsize,
                transform=trans, clip_on=False, zorder=200,
                bbox=dict(boxstyle=tag_box_style, facecolor=facecolor, edgecolor=edgecolor,
                          alpha=alpha))


def _call_filtered(func, args: tuple, kwargs: dict):
    """``func(*args, **kwargs)``, dropping plotlines options matplotlib does not
    know (legacy scripts carry options of older matplotlib versions)."""
    kwargs = dict(kwargs)
    for _ in range(len(kwargs) + 1):
        try:
            return func(*args, **kwargs)
        except (AttributeError, TypeError) as exc:
            msg = str(exc)
            bad = [k for k in kwargs if "'%s'" % k in msg or ' %s' % k in msg.split(':')[-1]]
            if not bad:
                raise
            for k in bad:
                kwargs.pop(k, None)
    return func(*args, **kwargs)


Plot = Plot_OldSync


# names upstream's plot module also offers (their modules need matplotlib: loaded on use)
_ELSEWHERE = dict(plot_candlestick='finance', plot_ohlc='finance', plot_lineonclose='finance',
                  plot_volume='finance', MyDateFormatter='formatters',
                  MyVolFormatter='formatters', getlocator='formatters',
                  MultiCursor='multicursor', tag_box_style='utils')


def __getattr__(name: str):
    module = _ELSEWHERE.get(name)
    if module is None:
        raise AttributeError('module %r has no attribute %r' % (__name__, name))
    import importlib
    return getattr(importlib.import_module('.' + module, __package__), name)
