"""The merged timeline of several preloaded datas.

Layer: feeds (reads the datetime line of preloaded datas; numpy only).
"""
from __future__ import annotations

import numpy as np

__all__ = ['merged_bar_count']


def merged_bar_count(datas) -> int:
    """Number of bars of the merged clock of preloaded ``datas``: the distinct
    datetimes across them (the runonce merge moves once per distinct datetime).

    Sizes the arrays of what runs on the merged clock (strategy, observers):
    the sum of the datas' lengths would reserve one slot per bar of every data."""
    lengths = [d.lines._clock.buflen for d in datas]
    if len(datas) <= 1:
        return lengths[0] if lengths else 0
    stamps = []
    for d, n in zip(datas, lengths):
        line = d.lines.datetime
        if line._cap:               # a ring keeps a window only: no whole timeline
            return max(lengths)
        stamps.append(line.storage()[:n])
    first = stamps[0]
    if all(len(s) == len(first) and np.array_equal(s, first) for s in stamps[1:]):
        return len(first)           # common case: datas on the same timestamps
    return len(np.unique(np.concatenate(stamps)))
