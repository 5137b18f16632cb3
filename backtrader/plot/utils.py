"""Colour and text-box helpers of the matplotlib charts."""
from __future__ import annotations

import colorsys

__all__ = ['shade_color', 'tag_box_style', 'rgb2hls', 'hls2rgb']


def rgb2hls(rgb) -> tuple:
    return colorsys.rgb_to_hls(*rgb[:3])


def hls2rgb(hls) -> tuple:
    return colorsys.hls_to_rgb(*hls)


def shade_color(color, percent: float) -> tuple:
    """``color`` made lighter (``percent`` > 0) or darker (< 0) by changing
    its lightness by ``percent`` percent of the way to white or black."""
    from matplotlib import colors as mcolors
    hue, light, sat = rgb2hls(mcolors.to_rgb(color))
    if percent >= 0:
        light = light + (1.0 - light) * percent / 100.0
    else:
        light = light * (1.0 + percent / 100.0)
    return hls2rgb((hue, min(max(light, 0.0), 1.0), sat))


def tag_box_style(x0, y0, width, height, mutation_size, mutation_aspect=1):
    """Box of a value tag: a rectangle with an arrow-like notch on its left
    side (a custom ``boxstyle`` for ``Axes.text``)."""
    from matplotlib.path import Path
    pad = 0.3 * mutation_size
    x0, y0 = x0 - pad, y0 - pad
    x1, y1 = x0 + width + 2 * pad, y0 + height + 2 * pad
    ymid = (y0 + y1) / 2.0
    notch = pad
    verts = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0 - notch, ymid), (x0, y0), (x0, y0)]
    codes = [Path.MOVETO] + [Path.LINETO] * 5 + [Path.CLOSEPOLY]
    return Path(verts, codes)
