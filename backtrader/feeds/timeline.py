"""The merged timeline of several preloaded datas.

Layer: feeds (reads the datetime line of preloaded datas; numpy only).
"""
from __future__ import annotations

import numpy as np

__all__ = ['merged_bar_count', 'same_timeline']


def _stamps(datas):
    """The stored datetimes of each preloaded data, or None when a data
    keeps a window only (a memory-saving ring: no whole timeline)."""
    stamps = []
    for d in datas:
        line = d.lines.datetime
        if line._cap:
            return None
        stamps.append(line.storage()[:d.lines._clock.buflen])
    return stamps


def _all_equal(stamps) -> bool:
    first = stamps[0]
    return all(len(s) == len(first) and np.array_equal(s, first) for s in stamps[1:])


def same_timeline(datas) -> bool:
    """True when the preloaded ``datas`` hold the same datetimes, bar for
    bar: the runonce merge then moves every one of them at every step
    (NaN datetimes never compare equal: such datas are merged)."""
    if len(datas) <= 1:
        return True
    stamps = _stamps(datas)
    return stamps is not None and _all_equal(stamps)


def merged_bar_count(datas) -> int:
    """Number of bars of the merged clock of preloaded ``datas``: the distinct
    datetimes across them (the runonce merge moves once per distinct datetime).

    Sizes the arrays of what runs on the merged clock (strategy, observers):
    the sum of the datas' lengths would reserve one slot per bar of every data."""
    lengths = [d.lines._clock.buflen for d in datas]
    if len(datas) <= 1:
        return lengths[0] if lengths else 0
    stamps = _stamps(datas)
    if stamps is None:
        return max(lengths)
    if _all_equal(stamps):
        return len(stamps[0])       # common case: datas on the same timestamps
    return len(np.unique(np.concatenate(stamps)))
