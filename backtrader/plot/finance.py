"""Price and volume drawing on matplotlib axes: candles, OHLC bars, a line on
the closes, volume bars. Bars sit at integer x positions (bar numbers); each
function returns the artists it added."""
from __future__ import annotations

import numpy as np

__all__ = ['plot_candlestick', 'plot_ohlc', 'plot_lineonclose', 'plot_volume']


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
                     width=1, tickwidth=0.5, edgeadjust=0.05, edgeshading=-10,
                     alpha=1.0, label='_nolegend', fillup=True, filldown=True, **kwargs):
    """Candles: a wick from low to high (LineCollection) and a body from open
    to close (PolyCollection) per bar. Returns (wicks, bodies)."""
    from matplotlib.collections import LineCollection, PolyCollection
    from .utils import shade_color
    x = np.asarray(x, dtype=float)
    ok = _valid(opens, highs, lows, closes)
    x, o, h, lo, c = (np.asarray(a, dtype=float)[ok] for a in (x, opens, highs, lows, closes))
    rising, facecolors = _colors(o, c, colorup, colordown)
    edge_up = shade_color(colorup, edgeshading)
    edge_down = shade_color(colordown, edgeshading)
    edgecolors = [edge_up if r else edge_down for r in rising]
    if not fillup or not filldown:
        facecolors = [fc if (r and fillup) or (not r and filldown) else 'none'
                      for fc, r in zip(facecolors, rising)]
    half = width / 2.0 - edgeadjust
    wicks = LineCollection(np.stack([np.column_stack([x, lo]), np.column_stack([x, h])], axis=1),
                           colors=edgecolors, linewidths=tickwidth, alpha=alpha, label='_nolegend')
    bottom = np.minimum(o, c)
    top = np.maximum(o, c)
    verts = np.stack([np.column_stack([x - half, bottom]), np.column_stack([x - half, top]),
                      np.column_stack([x + half, top]), np.column_stack([x + half, bottom])],
                     axis=1)
    bodies = PolyCollection(verts, facecolors=facecolors, edgecolors=edgecolors,
                            linewidths=tickwidth, alpha=alpha, label=label)
    ax.add_collection(wicks)
    ax.add_collection(bodies)
    ax.update_datalim([(x.min() - 0.5, lo.min()), (x.max() + 0.5, h.max())] if len(x) else [])
    ax.autoscale_view()
    return wicks, bodies


def plot_ohlc(ax, x, opens, highs, lows, closes, colorup='k', colordown='r', width=1,
              tickwidth=0.5, alpha=1.0, label='_nolegend', **kwargs):
    """OHLC bars: a vertical low-high line, the open as a tick to the left and
    the close as a tick to the right (one LineCollection). Returns it."""
    from matplotlib.collections import LineCollection
    x = np.asarray(x, dtype=float)
    ok = _valid(opens, highs, lows, closes)
    x, o, h, lo, c = (np.asarray(a, dtype=float)[ok] for a in (x, opens, highs, lows, closes))
    _, colors = _colors(o, c, colorup, colordown)
    tick = width / 2.0 * 0.8
    segs = np.concatenate([
        np.stack([np.column_stack([x, lo]), np.column_stack([x, h])], axis=1),
        np.stack([np.column_stack([x - tick, o]), np.column_stack([x, o])], axis=1),
        np.stack([np.column_stack([x, c]), np.column_stack([x + tick, c])], axis=1),
    ])
    bars = LineCollection(segs, colors=colors * 3, linewidths=tickwidth * 2, alpha=alpha,
                          label=label)
    ax.add_collection(bars)
    if len(x):
        ax.update_datalim([(x.min() - 0.5, lo.min()), (x.max() + 0.5, h.max())])
    ax.autoscale_view()
    return bars


def plot_lineonclose(ax, x, closes, color='k', width=None, label='_nolegend', **kwargs):
    """A line through the closes (``width``: line width, default matplotlib's).
    Returns the Line2D."""
    if width is not None:
        kwargs['lw'] = width
    line, = ax.plot(x, closes, color=color, label=label, **kwargs)
    return line


def plot_volume(ax, x, opens, closes, volumes, colorup='k', colordown='r', width=1,
                alpha=1.0, label='_nolegend', **kwargs):
    """Volume bars coloured by the bar's direction (a PolyCollection). Returns it."""
    from matplotlib.collections import PolyCollection
    x = np.asarray(x, dtype=float)
    vol = np.nan_to_num(np.asarray(volumes, dtype=float))
    _, colors = _colors(opens, closes, colorup, colordown)
    half = width / 2.0 * 0.8
    zeros = np.zeros_like(vol)
    verts = np.stack([np.column_stack([x - half, zeros]), np.column_stack([x - half, vol]),
                      np.column_stack([x + half, vol]), np.column_stack([x + half, zeros])],
                     axis=1)
    bars = PolyCollection(verts, facecolors=colors, edgecolors=colors, linewidths=0.5,
                          alpha=alpha, label=label)
    ax.add_collection(bars)
    if len(x):
        ax.update_datalim([(x.min() - 0.5, 0.0), (x.max() + 0.5, float(vol.max()))])
    ax.autoscale_view()
    return bars
