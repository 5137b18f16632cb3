"""Resampling and replaying filters (``bt.resamplerfilter``).

Placeholders (``backtrader.unavailable``): ``cerebro.resampledata``/``replaydata``
and these classes are not available in this version.
"""
from __future__ import annotations

from .core.legacymeta import with_metaclass  # noqa: F401 (upstream's names)
from .unavailable import unavailable

__all__ = ['Resampler', 'Replayer', 'DTFaker',
           'ResamplerTicks', 'ResamplerSeconds', 'ResamplerMinutes', 'ResamplerDaily',
           'ResamplerWeekly', 'ResamplerMonthly', 'ResamplerYearly',
           'ReplayerTicks', 'ReplayerSeconds', 'ReplayerMinutes', 'ReplayerDaily',
           'ReplayerWeekly', 'ReplayerMonthly']

_AREA = 'resample/replay'


def _placeholder(name: str, what: str) -> type:
    return unavailable(name, what, _AREA, __name__)


Resampler = _placeholder('Resampler', 'resampling data')
Replayer = _placeholder('Replayer', 'replaying data')
DTFaker = _placeholder('DTFaker', 'datetime faking for resampled live data')

ResamplerTicks = _placeholder('ResamplerTicks', 'resampling to ticks')
ResamplerSeconds = _placeholder('ResamplerSeconds', 'resampling to seconds')
ResamplerMinutes = _placeholder('ResamplerMinutes', 'resampling to minutes')
ResamplerDaily = _placeholder('ResamplerDaily', 'resampling to days')
ResamplerWeekly = _placeholder('ResamplerWeekly', 'resampling to weeks')
ResamplerMonthly = _placeholder('ResamplerMonthly', 'resampling to months')
ResamplerYearly = _placeholder('ResamplerYearly', 'resampling to years')

ReplayerTicks = _placeholder('ReplayerTicks', 'replaying as ticks')
ReplayerSeconds = _placeholder('ReplayerSeconds', 'replaying as seconds')
ReplayerMinutes = _placeholder('ReplayerMinutes', 'replaying as minutes')
ReplayerDaily = _placeholder('ReplayerDaily', 'replaying as days')
ReplayerWeekly = _placeholder('ReplayerWeekly', 'replaying as weeks')
ReplayerMonthly = _placeholder('ReplayerMonthly', 'replaying as months')
