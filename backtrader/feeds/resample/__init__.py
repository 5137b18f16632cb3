"""Resampling and replaying: bars of a longer period built from a data's
bars (``Resampler``), or replayed as they grow (``Replayer``).

Layer: components (part of the feeds). May import: core, utils, lines, model.
"""
from .bar import BarAccumulator
from .filter import (Resampler, Replayer, DTFaker, _BaseResampler, _Bar,
                     ResamplerTicks, ResamplerSeconds, ResamplerMinutes, ResamplerDaily,
                     ResamplerWeekly, ResamplerMonthly, ResamplerYearly,
                     ReplayerTicks, ReplayerSeconds, ReplayerMinutes, ReplayerDaily,
                     ReplayerWeekly, ReplayerMonthly)

__all__ = ['BarAccumulator', 'Resampler', 'Replayer', 'DTFaker',
           'ResamplerTicks', 'ResamplerSeconds', 'ResamplerMinutes', 'ResamplerDaily',
           'ResamplerWeekly', 'ResamplerMonthly', 'ResamplerYearly',
           'ReplayerTicks', 'ReplayerSeconds', 'ReplayerMinutes', 'ReplayerDaily',
           'ReplayerWeekly', 'ReplayerMonthly']
