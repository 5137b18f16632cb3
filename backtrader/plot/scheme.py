"""``PlotScheme``: the look of a chart (upstream's attribute names and defaults).

Every attribute can be changed per call: ``cerebro.plot(style='candle',
barup='green')`` sets the matching attributes on the plotter's scheme.
"""
from __future__ import annotations

__all__ = ['PlotScheme', 'tableau10', 'tableau10_light', 'tableau20', 'tab10_index']

# The line colours of upstream's default palette (names of matplotlib colours).
tableau10 = [
    'blue', 'darkorange', 'green', 'crimson', 'mediumpurple',
    'saddlebrown', 'orchid', 'gray', 'olive', 'mediumturquoise',
]

tableau10_light = [
    'lightsteelblue', 'peachpuff', 'lightgreen', 'lightcoral', 'thistle',
    'rosybrown', 'lightpink', 'lightgray', 'palegoldenrod', 'paleturquoise',
]

tableau20 = [
    'steelblue', 'lightsteelblue', 'darkorange', 'peachpuff', 'green',
    'lightgreen', 'crimson', 'lightcoral', 'mediumpurple', 'thistle',
    'saddlebrown', 'rosybrown', 'orchid', 'lightpink', 'gray',
    'lightgray', 'olive', 'palegoldenrod', 'mediumturquoise', 'paleturquoise',
]

# Order in which the palette is walked: the first line of a pane is crimson,
# the second blue, then green, orange ...
tab10_index = [3, 0, 2, 1, 2, 4, 5, 6, 7, 8, 9]


class PlotScheme:
    """Colours, proportions and switches of a chart.

    Layout: ``rowsmajor`` rows for a data pane, ``rowsminor`` for an indicator
    or observer pane, ``plotdist`` space between panes. Prices: ``style``
    ('line', 'bar', 'ohlc', 'candle'), ``barup``/``bardown`` colours. Volume:
    ``volume`` on/off, ``voloverlay`` (inside the price pane, scaled to
    ``volscaling`` of its height) or a pane of its own. Legends and value tags:
    ``linevalues``, ``valuetags``, ``legendind``... Dates on the x axis:
    ``fmt_x_ticks`` (tick labels) and ``fmt_x_data`` (cursor read-out).
    """

    # (attribute defaults by theme; upstream's names and values)
    _DEFAULTS = (
        # y axis: tight limits, extra room, data panes drawn below indicators
        dict(ytight=False, yadjust=0.0, zdown=True, tickrotation=15),
        # pane heights (in grid rows), the space between panes, grid lines
        dict(rowsmajor=5, rowsminor=1, plotdist=0.0, grid=True),
        # prices
        dict(style='line', loc='black', barup='0.75', bardown='red', bartrans=1.0,
             barupfill=True, bardownfill=True, baralpha=1.0, fillalpha=0.20),
        # volume
        dict(volume=True, voloverlay=True, volscaling=0.33, volpushup=0.00,
             volup='#aaaaaa', voldown='#cc6073', voltrans=0.50),
        # texts, legends and value tags
        dict(subtxttrans=0.66, subtxtsize=9, legendtrans=0.25, legendind=True,
             legendindloc='upper left', legenddataloc='upper left', linevalues=True,
             valuetags=True),
        # horizontal lines of indicators, the line palette, date formats
        dict(hlinescolor='0.66', hlinesstyle='--', hlineswidth=1.0, lcolors=tableau10,
             fmt_x_ticks='%Y-%m-%d %H:%M', fmt_x_data=None),
    )

    def __init__(self) -> None:
        for group in self._DEFAULTS:
            for name, value in group.items():
                setattr(self, name, list(value) if isinstance(value, list) else value)

    def color(self, idx: int) -> str:
        """Colour number ``idx`` of a pane's automatic colour cycle."""
        colidx = tab10_index[idx % len(tab10_index)]
        return self.lcolors[colidx]
