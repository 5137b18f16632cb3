"""The interactive chart of a strategy: Plotly figures and self-contained HTML.

``PlotlyPlot(**options).plot(strategy)`` draws the description made by
``chart.build_chart`` as a ``plotly.graph_objects.Figure``: one row per pane
(prices as candles/OHLC bars/a line, volume, indicators, observers), buy/sell
markers, entry -> exit segments of closed trades, a drawdown pane, a shared
zoomable x axis with a range slider and unified hover. ``write_html`` saves it
as one HTML file with plotly.js embedded (works offline).

Large runs stay responsive: above ``max_bars`` visible bars, bars are grouped
into buckets (candles keep each bucket's open/high/low/close, volume is
summed, lines keep the lowest and highest point of each two buckets, markers
are all kept); lines with more than ``webgl_points`` points are drawn with
WebGL.
"""
from __future__ import annotations

import math
from typing import Any, Optional

import numpy as np

from .chart import (Chart, LineSeriesSpec, PriceSeries, TradeSegments, VolumeSeries,
                    build_chart)
from .scheme import PlotScheme

__all__ = ['PlotlyPlot', 'css_color', 'bucket_ohlc', 'minmax_decimate']

# matplotlib marker -> plotly symbol
_SYMBOLS = {'^': 'triangle-up', 'v': 'triangle-down', '<': 'triangle-left',
            '>': 'triangle-right', 'o': 'circle', 's': 'square', 'D': 'diamond',
            'd': 'diamond-tall', '*': 'star', 'x': 'x', 'X': 'x', '+': 'cross', 'P': 'cross',
            'p': 'pentagon', 'h': 'hexagon', 'H': 'hexagon2', '.': 'circle', '8': 'octagon'}
# matplotlib line style -> plotly dash
_DASHES = {'-': 'solid', 'solid': 'solid', '--': 'dash', 'dashed': 'dash', ':': 'dot',
           'dotted': 'dot', '-.': 'dashdot', 'dashdot': 'dashdot'}
# matplotlib one-letter colours
_LETTERS = {'b': 'blue', 'g': 'green', 'r': 'red', 'c': 'cyan', 'm': 'magenta',
            'y': 'yellow', 'k': 'black', 'w': 'white'}

_READY_SCRIPT = 'window.btChartRendered = performance.now();'


def css_color(color: Any) -> str:
    """A matplotlib colour specification as a CSS colour (names and #hex pass
    through, grey levels like '0.75' and one-letter names are converted)."""
    if isinstance(color, (tuple, list)):
        vals = [float(v) for v in color]
        rgb = ','.join(str(int(round(v * 255))) for v in vals[:3])
        if len(vals) > 3:
            return 'rgba(%s,%g)' % (rgb, vals[3])
        return 'rgb(%s)' % rgb
    text = str(color)
    if text in _LETTERS:
        return _LETTERS[text]
    try:
        level = float(text)
    except ValueError:
        return text
    grey = int(round(min(max(level, 0.0), 1.0) * 255))
    return '#%02x%02x%02x' % (grey, grey, grey)


def _groups(pos: np.ndarray, k: int) -> tuple:
    """Start indices of runs of equal bucket numbers ``pos // k``."""
    bucket = pos // k
    starts = np.flatnonzero(np.r_[True, bucket[1:] != bucket[:-1]])
    return bucket, starts


def bucket_ohlc(pos, o, h, lo, c, k: int) -> tuple:
    """Bars grouped ``k`` by ``k`` (by bar position): each group's first open,
    highest high, lowest low and last close; returns (positions of the groups'
    first bars, o, h, l, c)."""
    ok = ~(np.isnan(o) | np.isnan(h) | np.isnan(lo) | np.isnan(c))
    pos, o, h, lo, c = pos[ok], o[ok], h[ok], lo[ok], c[ok]
    if not len(pos):
        return pos, o, h, lo, c
    _, starts = _groups(pos, k)
    ends = np.r_[starts[1:], len(pos)] - 1
    return (pos[starts], o[starts], np.maximum.reduceat(h, starts),
            np.minimum.reduceat(lo, starts), c[ends])


def minmax_decimate(pos, y, k: int) -> tuple:
    """Per group of ``k`` bars, the lowest and the highest point in time
    order (the shape of the line survives, spikes included)."""
    ok = ~np.isnan(y)
    pos, y = pos[ok], y[ok]
    if not len(pos):
        return pos, y
    bucket, starts = _groups(pos, k)
    order = np.lexsort((y, bucket))                 # by bucket, then by value
    ends = np.r_[starts[1:], len(pos)] - 1
    lo_idx = order[starts]
    hi_idx = order[ends]
    keep = np.unique(np.concatenate([lo_idx, hi_idx]))
    return pos[keep], y[keep]


def _bucket_sum(pos, v, k: int) -> tuple:
    v = np.nan_to_num(v)
    if not len(pos):
        return pos, v
    _, starts = _groups(pos, k)
    return pos[starts], np.add.reduceat(v, starts)


def _bucket_extreme(pos, v, k: int) -> tuple:
    """Per group, the value farthest from zero (histogram bars)."""
    ok = ~np.isnan(v)
    pos, v = pos[ok], v[ok]
    if not len(pos):
        return pos, v
    bucket, starts = _groups(pos, k)
    order = np.lexsort((np.abs(v), bucket))
    ends = np.r_[starts[1:], len(pos)] - 1
    idx = order[ends]
    return pos[starts], v[idx]


class PlotlyPlot:
    """Draws strategies as interactive Plotly figures.

    Options: ``max_bars`` (visible bars above which bars are grouped; None:
    never), ``webgl_points`` (points of a line above which WebGL draws it),
    ``height`` (pixels; default from the number of panes), ``rangeslider``,
    ``trades`` (entry -> exit segments), ``drawdown`` (a drawdown pane when the
    strategy has no DrawDown observer), ``template`` (a Plotly template name),
    ``scheme``; any other keyword sets a ``PlotScheme`` attribute (``style``,
    ``volume``, ``barup`` ...).
    """

    def __init__(self, scheme: Optional[PlotScheme] = None, max_bars: Optional[int] = 2000,
                 webgl_points: int = 20000, volume_bars: int = 1000,
                 height: Optional[int] = None,
                 rangeslider: bool = True, trades: bool = True, drawdown: bool = True,
                 template: str = 'plotly_white', **kwargs) -> None:
        self.scheme = scheme if scheme is not None else PlotScheme()
        for name, value in kwargs.items():
            setattr(self.scheme, name, value)
        self.max_bars = max_bars
        self.webgl_points = webgl_points
        self.volume_bars = volume_bars
        self.height = height
        self.rangeslider = rangeslider
        self.trades = trades
        self.drawdown = drawdown
        self.template = template

    # -- public API -------------------------------------------------------------------
    def plot(self, strategy, start=None, end=None):
        """The Plotly figure of ``strategy`` (after its run) for bars in
        ``[start, end)`` (indices or dates, as ``cerebro.plot``)."""
        chart = build_chart(strategy, self.scheme, start, end, drawdown=self.drawdown,
                            trades=self.trades)
        return self.figure(chart)

    def write_html(self, fig, filename: str, include_plotlyjs: Any = True) -> None:
        """Save ``fig`` as a standalone HTML page (plotly.js embedded unless
        ``include_plotlyjs`` says otherwise, e.g. 'cdn'). When the chart is
        drawn the page sets ``window.btChartRendered`` (ms since navigation
        start)."""
        fig.write_html(filename, include_plotlyjs=include_plotlyjs, full_html=True,
                       config=self.config(), post_script=_READY_SCRIPT, auto_open=False)

    @staticmethod
    def config() -> dict:
        return dict(scrollZoom=True, displaylogo=False, responsive=True)

    # -- drawing ------------------------------------------------------------------------
    def figure(self, chart: Chart):
        import plotly.graph_objects as go
        from plotly.subplots import make_subplots
        panes = chart.panes
        s, e = chart.start, chart.end
        nbars = max(e - s, 0)
        self._k = 1
        if self.max_bars and nbars > self.max_bars:
            self._k = int(math.ceil(nbars / self.max_bars))
        self._start, self._end = s, e
        dts = chart.datetimes[s:e]
        if not chart.intraday:
            dts = dts.astype('datetime64[D]')
        # x values as milliseconds since 1970 on a date axis: typed arrays in
        # the page (compact, no date strings to parse)
        self._dates = dts.astype('datetime64[ms]').astype(np.int64).astype(np.float64)
        self._gl = False
        total = sum(p.rows for p in panes) or 1
        nrows = max(len(panes), 1)
        specs = [[{'secondary_y': bool(p.secondary or p.volume is not None)}] for p in panes] \
            or [[{}]]
        fig = make_subplots(rows=nrows, cols=1, shared_xaxes=True, vertical_spacing=0.012,
                            row_heights=[p.rows / total for p in panes] or None, specs=specs)
        for row, pane in enumerate(panes, start=1):
            self._draw_pane(fig, go, pane, row)
        height = self.height or int(min(max(95 * total + 160, 520), 2400))
        title = chart.name
        fig.update_layout(template=self.template, height=height, hovermode='x unified',
                          dragmode='zoom', margin=dict(l=60, r=70, t=50, b=40),
                          title=dict(text=title, x=0.01, y=0.995, yanchor='top'),
                          showlegend=True)
        hoverformat = '%Y-%m-%d %H:%M' if chart.intraday else '%Y-%m-%d'
        for k in range(1, nrows + 1):
            name = 'xaxis' if k == 1 else 'xaxis%d' % k
            fig.layout[name].type = 'date'
            fig.layout[name].hoverformat = hoverformat
            fig.layout[name].domain = [0.0, 1.0]
            fig.layout[name].rangeslider = dict(visible=False)
            fig.layout[name].showspikes = True
            fig.layout[name].spikemode = 'across'
            fig.layout[name].spikethickness = 1
        last = 'xaxis' if nrows == 1 else 'xaxis%d' % nrows
        if self.rangeslider:
            fig.layout[last].rangeslider = dict(visible=True, thickness=0.04)
        if not chart.intraday and not self._gl and len(dts):
            weekday = (dts.astype('datetime64[D]').astype(np.int64) + 3) % 7   # 0 = Monday
            if not np.any(weekday >= 5):
                fig.update_xaxes(rangebreaks=[dict(bounds=['sat', 'mon'])])
        self._legends(fig, panes)
        return fig

    def _legends(self, fig, panes) -> None:
        """One legend per pane, in the pane's top-left corner."""
        for row, _ in enumerate(panes, start=1):
            yname = 'yaxis' if row == 1 else 'yaxis%d' % self._yindex(fig, row)
            domain = fig.layout[yname].domain or (0, 1)
            lname = 'legend' if row == 1 else 'legend%d' % row
            fig.layout[lname] = dict(x=0.005, y=domain[1], xanchor='left', yanchor='top',
                                     bgcolor='rgba(255,255,255,0.65)', font=dict(size=10),
                                     tracegroupgap=2, itemsizing='constant')

    @staticmethod
    def _yindex(fig, row: int) -> int:
        ref = fig.get_subplot(row, 1)
        name = ref.yaxis.plotly_name
        return int(name[5:] or 1)

    def _legend(self, row: int) -> str:
        return 'legend' if row == 1 else 'legend%d' % row

    def _xs(self, pos: np.ndarray) -> np.ndarray:
        return self._dates[pos]

    def _visible(self, x: np.ndarray) -> np.ndarray:
        vis = (x >= self._start) & (x < self._end)
        return x[vis] - self._start, vis

    def _draw_pane(self, fig, go, pane, row: int) -> None:
        sch = self.scheme
        legend = self._legend(row)
        for item in pane.items:
            self._draw_item(fig, go, item, row, legend, secondary=False)
        for item in pane.secondary:
            self._draw_item(fig, go, item, row, legend, secondary=True)
        if pane.volume is not None and not pane.secondary:
            self._draw_volume(fig, go, pane.volume, row, legend, secondary=True)
        for segs in pane.trades:
            self._draw_trades(fig, go, segs, row, legend)
        for y in pane.hlines:
            fig.add_hline(y=y, row=row, col=1, line=dict(color=css_color(sch.hlinescolor),
                                                          dash=_DASHES.get(sch.hlinesstyle,
                                                                           'dash'),
                                                          width=sch.hlineswidth))
        yaxis = dict(side='right', showgrid=bool(sch.grid), zeroline=False)
        if pane.yticks:
            yaxis.update(tickmode='array', tickvals=list(pane.yticks))
        fig.update_yaxes(row=row, col=1, secondary_y=False, **yaxis)
        if pane.secondary or pane.volume is not None:
            fig.update_yaxes(row=row, col=1, secondary_y=True, side='left', showgrid=False)
        if pane.volume is not None and not pane.secondary:
            vis = (pane.volume.x >= self._start) & (pane.volume.x < self._end)
            vmax = float(np.nanmax(pane.volume.volume[vis])) if vis.any() else 1.0
            if self._k > 1:
                _, summed = _bucket_sum(pane.volume.x[vis] - self._start,
                                        pane.volume.volume[vis], self._k)
                vmax = float(summed.max()) if len(summed) else vmax
            fig.update_yaxes(row=row, col=1, secondary_y=True, showticklabels=False,
                             range=[0, (vmax or 1.0) / sch.volscaling])
        if pane.kind == 'drawdown':
            fig.update_yaxes(row=row, col=1, secondary_y=False, autorange='reversed')

    def _draw_item(self, fig, go, item, row, legend, secondary) -> None:
        if isinstance(item, PriceSeries):
            self._draw_price(fig, go, item, row, legend, secondary)
        elif isinstance(item, VolumeSeries):
            self._draw_volume(fig, go, item, row, legend, secondary)
        elif isinstance(item, LineSeriesSpec):
            self._draw_line(fig, go, item, row, legend, secondary)

    def _draw_price(self, fig, go, item: PriceSeries, row, legend, secondary) -> None:
        sch = self.scheme
        pos, vis = self._visible(item.x)
        o, h, lo, c = item.open[vis], item.high[vis], item.low[vis], item.close[vis]
        name = item.label
        if self._k > 1:
            pos, o, h, lo, c = bucket_ohlc(pos, o, h, lo, c, self._k)
        x = self._xs(pos)
        up, down = css_color(sch.barup), css_color(sch.bardown)
        if item.style == 'candle':
            trace = go.Candlestick(x=x, open=o, high=h, low=lo, close=c, name=name,
                                   legend=legend, increasing=dict(line=dict(color=up),
                                                                  fillcolor=up),
                                   decreasing=dict(line=dict(color=down), fillcolor=down))
        elif item.style in ('bar', 'ohlc'):
            trace = go.Ohlc(x=x, open=o, high=h, low=lo, close=c, name=name, legend=legend,
                            increasing=dict(line=dict(color=up)),
                            decreasing=dict(line=dict(color=down)))
        else:
            if self._k > 1:
                pos, c = minmax_decimate(pos, c, 2 * self._k)
                x = self._xs(pos)
            trace = self._scatter(go, len(x))(x=x, y=c, mode='lines', name=name, legend=legend,
                                              line=dict(color=css_color(item.color), width=1.4))
        fig.add_trace(trace, row=row, col=1, secondary_y=secondary)

    def _draw_volume(self, fig, go, vol: VolumeSeries, row, legend, secondary) -> None:
        sch = self.scheme
        pos, vis = self._visible(vol.x)
        volumes = vol.volume[vis]
        up = vol.up[vis]
        if self._k > 1:
            pos0 = pos
            pos, volumes = _bucket_sum(pos0, volumes, self._k)
            _, starts = _groups(pos0, self._k) if len(pos0) else (None, np.array([], int))
            up = up[starts] if len(pos0) else up
        x = self._xs(pos)
        if len(x) <= self.volume_bars:
            # colour by direction through a two-colour scale (a numeric array)
            scale = [[0.0, css_color(sch.voldown)], [1.0, css_color(sch.volup)]]
            trace = go.Bar(x=x, y=volumes, name=vol.label, legend=legend,
                           marker=dict(color=up.astype(np.float64), colorscale=scale,
                                       cmin=0.0, cmax=1.0, line=dict(width=0)),
                           opacity=sch.voltrans)
            fig.add_trace(trace, row=row, col=1, secondary_y=secondary)
            return
        # many bars: two stepped areas (up and down volumes), one path each
        for flag, color, showlegend in ((True, sch.volup, True), (False, sch.voldown, False)):
            trace = go.Scatter(x=x, y=np.where(up == flag, volumes, 0.0), mode='lines',
                               line=dict(width=0, shape='hv'), fill='tozeroy',
                               fillcolor=css_color(color), opacity=sch.voltrans,
                               name=vol.label, legend=legend, legendgroup='volume%d' % row,
                               showlegend=showlegend, hoverinfo='skip' if not flag else None)
            fig.add_trace(trace, row=row, col=1, secondary_y=secondary)

    def _scatter(self, go, npoints: int):
        if npoints > self.webgl_points:
            self._gl = True
            return go.Scattergl
        return go.Scatter

    def _draw_line(self, fig, go, item: LineSeriesSpec, row, legend, secondary) -> None:
        pos, vis = self._visible(item.x)
        y = item.y[vis]
        pos_all, y_all = pos, y
        style = item.style
        color = css_color(item.color)
        name = (item.label or item.name).replace('\n', ' ')
        showlegend = item.label is not None
        common = dict(name=name, legend=legend, showlegend=showlegend,
                      legendgroup='%s/%s' % (item.owner, row))
        if item.method == 'bar':
            if self._k > 1:
                pos, y = _bucket_extreme(pos, y, self._k)
            trace = go.Bar(x=self._xs(pos), y=y, marker=dict(color=color, line=dict(width=0)),
                           opacity=float(style.get('alpha', 1.0)), **common)
            fig.add_trace(trace, row=row, col=1, secondary_y=secondary)
            return
        if item.markers:
            ok = ~np.isnan(y)
            pos, y = pos[ok], y[ok]
            symbol = _SYMBOLS.get(str(style.get('marker', 'o')), 'circle')
            size = float(style.get('markersize', 8.0))
            trace = self._scatter(go, len(pos))(
                x=self._xs(pos), y=y, mode='markers',
                marker=dict(symbol=symbol, color=color, size=size), **common)
            fig.add_trace(trace, row=row, col=1, secondary_y=secondary)
            return
        if self._k > 1:
            # two points (lowest, highest) per two buckets: as many as the candles
            pos, y = minmax_decimate(pos, y, 2 * self._k)
        elif item.skipnan:
            ok = ~np.isnan(y)
            pos, y = pos[ok], y[ok]
        x = self._xs(pos)
        line = dict(color=color, width=float(style.get('lw', style.get('linewidth', 1.3))),
                    dash=_DASHES.get(str(style.get('ls', style.get('linestyle', '-'))), 'solid'))
        scatter = self._scatter(go, len(x))
        for kind, ref, fcolor in item.fills:
            other = ref[vis] if isinstance(ref, np.ndarray) else np.full(len(y_all), float(ref))
            yy, oo = y_all[::self._k], other[::self._k]
            with np.errstate(invalid='ignore'):
                cond = yy > oo if kind == 'gt' else yy < oo
            filled = np.where(cond, yy, oo)
            keep = ~(np.isnan(filled) | np.isnan(oo))
            px = self._xs(pos_all[::self._k][keep])
            fig.add_trace(scatter(x=px, y=oo[keep], mode='lines', line=dict(width=0),
                                  hoverinfo='skip', showlegend=False, legend=legend),
                          row=row, col=1, secondary_y=secondary)
            fig.add_trace(scatter(x=px, y=filled[keep], mode='lines', line=dict(width=0),
                                  fill='tonexty', fillcolor=css_color(fcolor),
                                  opacity=self.scheme.fillalpha, hoverinfo='skip',
                                  showlegend=False, legend=legend),
                          row=row, col=1, secondary_y=secondary)
        extra = {}
        if style.get('fill'):
            extra = dict(fill='tozeroy')
        trace = scatter(x=x, y=y, mode='lines', line=line, **common, **extra)
        fig.add_trace(trace, row=row, col=1, secondary_y=secondary)

    def _draw_trades(self, fig, go, segs: TradeSegments, row, legend) -> None:
        """Closed trades as dotted entry -> exit segments, green when the net
        profit is not negative, red otherwise (hover: size and net profit)."""
        won = segs.pnlcomm >= 0
        for flag, color, label in ((True, 'rgba(0,150,0,0.9)', 'Trades won'),
                                   (False, 'rgba(200,0,0,0.9)', 'Trades lost')):
            sel = won == flag
            if not sel.any():
                continue
            xs, ys, texts = [], [], []
            for ex, ep, xx, xp, pnl, size in zip(segs.entry_x[sel], segs.entry_price[sel],
                                                 segs.exit_x[sel], segs.exit_price[sel],
                                                 segs.pnlcomm[sel], segs.size[sel]):
                if not (self._start <= ex < self._end or self._start <= xx < self._end):
                    continue
                a = min(max(int(ex) - self._start, 0), len(self._dates) - 1)
                b = min(max(int(xx) - self._start, 0), len(self._dates) - 1)
                xs += [self._dates[a], self._dates[b], np.nan]
                ys += [ep, xp, np.nan]
                tip = 'size %g, net pnl %.2f' % (size, pnl)
                texts += [tip, tip, '']
            if not xs:
                continue
            # lines only: the BuySell markers already show entries and exits
            fig.add_trace(go.Scatter(x=np.array(xs), y=np.array(ys), mode='lines',
                                     name=label, legend=legend, text=texts,
                                     hoverinfo='text+y',
                                     line=dict(color=color, dash='dot', width=1.5)),
                          row=row, col=1)
