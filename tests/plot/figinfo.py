"""What a matplotlib chart shows, read back from its figure: the panes (main
axes tagged ``bt-pane-<n>-<kind>``), their legend texts, lines and markers."""
from __future__ import annotations

import numpy as np


def pane_axes(fig) -> list:
    return [ax for ax in fig.axes if (ax.get_gid() or '').startswith('bt-pane-')]


def kinds(fig) -> list:
    return [ax.get_gid().split('-', 3)[3] for ax in pane_axes(fig)]


def legend_texts(ax) -> list:
    leg = ax.get_legend()
    return [t.get_text() for t in leg.get_texts()] if leg is not None else []


def legends(fig) -> list:
    return [legend_texts(ax) for ax in pane_axes(fig)]


def line_by_label(ax, prefix: str):
    for line in ax.lines:
        if line.get_label().startswith(prefix):
            return line
    raise AssertionError('no line labelled %r in %s' % (prefix, [l.get_label() for l in ax.lines]))


def marker_count(ax, prefix: str) -> int:
    """Points shown by the marker line labelled ``prefix``."""
    y = np.asarray(line_by_label(ax, prefix).get_ydata(), dtype=float)
    return int(np.count_nonzero(~np.isnan(y)))


def twins(fig, gid: str) -> list:
    return [ax for ax in fig.axes if ax.get_gid() == gid]
