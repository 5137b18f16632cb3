"""Price and volume drawing on matplotlib axes: candles, OHLC bars, a line on
the closes, volume bars. Bars sit at integer x positions (bar numbers); each
function returns the artists it added."""
from __future__ import annotations

import numpy as np

__all__ = ['plot_candlestick', 'plot_ohlc', 'plot_lineonclose', 'plot_volume',
           'CandlestickPlotHandler', 'OHLCPlotHandler', 'LineOnClosePlotHandler',
           'VolumePlotHandler']


def _colors(opens, closes, colorup, colordown):
    from matplotlib import colors as mcolors
    up = mcolors.to_rgba(colorup)
    down = mcolors.to_rgba(colordown)
    rising = np.asarray(closes) >= np.asarray(opens)
    return rising, [up if r else down for r in rising]


def _valid(*arrays):
    ok = np.ones(len(arrays[0]), dtype=bool)
    for a in arrays:
        ok &= ~np.isnan(np.asarray(a, dtype=float))
    return ok


def plot_candlestick(ax, x, opens, highs, lows, closes, colorup='k', colordown='r',
                     edgeup=None, edgedown=None, tickup=None, tickdown=None, width=1,
                     tickwidth=1.25, edgeadjust=0.05, edgeshading=-10, alpha=1.0,
                     label='_nolegend', fillup=True, filldown=True, **kwargs):
    """Candles: a wick from low to high (LineCollection) and a body from open
    to close (PolyCollection) per bar; edges and wicks default to the body
    colour shaded by ``edgeshading`` percent. Returns (wicks, bodies)."""
    from matplotlib.collections import LineCollection, PolyCollection
    from .utils import shade_color
    x = np.asarray(x, dtype=float)
    ok = _valid(opens, highs, lows, closes)
    x, o, h, lo, c = (np.asarray(a, dtype=float)[ok] for a in (x, opens, highs, lows, closes))
    rising, facecolors = _colors(o, c, colorup, colordown)
    edge_up = edgeup if edgeup is not None else shade_color(colorup, edgeshading)
    edge_down = edgedown if edgedown is not None else shade_color(colordown, edgeshading)
    edgecolors = [edge_up if r else edge_down for r in rising]
    tick_up = tickup if tickup is not None else edge_up
    tick_down = tickdown if tickdown is not None else edge_down
    tickcolors = [tick_up if r else tick_down for r in rising]
    if not fillup or not filldown:
        facecolors = [fc if (r and fillup) or (not r and filldown) else 'none'
                      for fc, r in zip(facecolors, rising)]
    half = width / 2.0 - edgeadjust
    wicks = LineCollection(np.stack([np.column_stack([x, lo]), np.column_stack([x, h])], axis=1),
                           colors=tickcolors, linewidths=tickwidth, alpha=alpha,
                           label='_nolegend')
    bottom = np.minimum(o, c)
    top = np.maximum(o, c)
    verts = np.stack([np.column_stack([x - half, bottom]), np.column_stack([x - half, top]),
                      np.column_stack([x + half, top]), np.column_stack([x + half, bottom])],
                     axis=1)
    bodies = PolyCollection(verts, facecolors=facecolors, edgecolors=edgecolors,
                            linewidths=0.5, alpha=alpha, label=label)
    ax.add_collection(wicks)
    ax.add_collection(bodies)
    ax.update_datalim([(x.min() - 0.5, lo.min()), (x.max() + 0.5, h.max())] if len(x) else [])
    ax.autoscale_view()
    return wicks, bodies


def plot_ohlc(ax, x, opens, highs, lows, closes, colorup='k', colordown='r', width=1.5,
              tickwidth=0.5, alpha=1.0, label='_nolegend', **kwargs):
    """OHLC bars: a vertical low-high line, the open as a tick to the left and
    the close as a tick to the right (one LineCollection). Returns it."""
    from matplotlib.collections import LineCollection
    x = np.asarray(x, dtype=float)
    ok = _valid(opens, highs, lows, closes)
    x, o, h, lo, c = (np.asarray(a, dtype=float)[ok] for a in (x, opens, highs, lows, closes))
    _, colors = _colors(o, c, colorup, colordown)
    tick = 0.4                          # open/close ticks: 0.4 bar to each side
    segs = np.concatenate([
        np.stack([np.column_stack([x, lo]), np.column_stack([x, h])], axis=1),
        np.stack([np.column_stack([x - tick, o]), np.column_stack([x, o])], axis=1),
        np.stack([np.column_stack([x, c]), np.column_stack([x + tick, c])], axis=1),
    ])
    bars = LineCollection(segs, colors=colors * 3, linewidths=width, alpha=alpha,
                          label=label)
    ax.add_collection(bars)
    if len(x):
        ax.update_datalim([(x.min() - 0.5, lo.min()), (x.max() + 0.5, h.max())])
    ax.autoscale_view()
    return bars


def plot_lineonclose(ax, x, closes, color='k', width=1.5, alpha=1.0, label='_nolegend',
                     **kwargs):
    """A line through the closes (``width``: line width). Returns the Line2D."""
    line, = ax.plot(x, closes, color=color, lw=width, alpha=alpha, label=label, **kwargs)
    return line


def plot_volume(ax, x, opens, closes, volumes, colorup='k', colordown='r', edgeup=None,
                edgedown=None, edgeshading=-5, edgeadjust=0.05, width=1, alpha=1.0,
                label='_nolegend', **kwargs):
    """Volume bars coloured by the bar's direction (a PolyCollection); edges
    default to the bar colour shaded by ``edgeshading`` percent. Returns it."""
    from matplotlib.collections import PolyCollection
    x = np.asarray(x, dtype=float)
    vol = np.nan_to_num(np.asarray(volumes, dtype=float))
    from .utils import shade_color
    rising, colors = _colors(opens, closes, colorup, colordown)
    edge_up = edgeup if edgeup is not None else shade_color(colorup, edgeshading)
    edge_down = edgedown if edgedown is not None else shade_color(colordown, edgeshading)
    edges = [edge_up if r else edge_down for r in rising]
    half = width / 2.0 - edgeadjust
    zeros = np.zeros_like(vol)
    verts = np.stack([np.column_stack([x - half, zeros]), np.column_stack([x - half, vol]),
                      np.column_stack([x + half, vol]), np.column_stack([x + half, zeros])],
                     axis=1)
    bars = PolyCollection(verts, facecolors=colors, edgecolors=edges, linewidths=0.5,
                          alpha=alpha, label=label)
    ax.add_collection(bars)
    if len(x):
        ax.update_datalim([(x.min() - 0.5, 0.0), (x.max() + 0.5, float(vol.max()))])
    ax.autoscale_view()
    return bars


class _Drawn:
    """Draws at construction and keeps what it drew (``artists``)."""

    draw = None

    def __init__(self, ax, *args, **kwargs) -> None:
        drawn = type(self).draw(ax, *args, **kwargs)
        self.artists = drawn if isinstance(drawn, tuple) else (drawn,)


class CandlestickPlotHandler(_Drawn):
    """``plot_candlestick`` as an object (upstream's name)."""
    draw = staticmethod(plot_candlestick)


class OHLCPlotHandler(_Drawn):
    """``plot_ohlc`` as an object (upstream's name)."""
    draw = staticmethod(plot_ohlc)


class LineOnClosePlotHandler(_Drawn):
    """``plot_lineonclose`` as an object (upstream's name)."""
    draw = staticmethod(plot_lineonclose)


class VolumePlotHandler(_Drawn):
    """``plot_volume`` as an object (upstream's name)."""
    draw = staticmethod(plot_volume)
