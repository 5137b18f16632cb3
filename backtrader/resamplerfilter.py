"""Compat: upstream's import path ``backtrader.resamplerfilter``; re-exports the resampling and
replaying filters (``backtrader.feeds.resample``)."""
from .feeds.resample.filter import (  # noqa: F401
    Resampler, Replayer, DTFaker, _BaseResampler, _Bar,
    ResamplerTicks, ResamplerSeconds, ResamplerMinutes, ResamplerDaily, ResamplerWeekly,
    ResamplerMonthly, ResamplerYearly, ReplayerTicks, ReplayerSeconds, ReplayerMinutes,
    ReplayerDaily, ReplayerWeekly, ReplayerMonthly)
from .utils.timeframe import TimeFrame  # noqa: F401

__all__ = ['Resampler', 'Replayer', 'DTFaker',
           'ResamplerTicks', 'ResamplerSeconds', 'ResamplerMinutes', 'ResamplerDaily',
           'ResamplerWeekly', 'ResamplerMonthly', 'ResamplerYearly',
           'ReplayerTicks', 'ReplayerSeconds', 'ReplayerMinutes', 'ReplayerDaily',
           'ReplayerWeekly', 'ReplayerMonthly']
