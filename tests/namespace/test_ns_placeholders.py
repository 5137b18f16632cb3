"""Names of capabilities not implemented yet: importable, subclassable, and
raising ``NotImplementedError`` naming the capability when instantiated."""
from __future__ import annotations

import types

import pytest

import backtrader as bt
from backtrader.unavailable import PENDING_FEEDS, Unavailable, fill_missing, unavailable

# (object, words the message must contain besides the name)
PLACEHOLDERS = [
    (bt.Resampler, 'resampl'), (bt.Replayer, 'replay'), (bt.DTFaker, 'resample/replay'),
    (bt.ResamplerTicks, 'ticks'), (bt.ResamplerSeconds, 'seconds'),
    (bt.ResamplerMinutes, 'minutes'), (bt.ResamplerDaily, 'days'),
    (bt.ResamplerWeekly, 'weeks'), (bt.ResamplerMonthly, 'months'),
    (bt.ResamplerYearly, 'years'), (bt.ReplayerTicks, 'ticks'),
    (bt.ReplayerSeconds, 'seconds'), (bt.ReplayerMinutes, 'minutes'),
    (bt.ReplayerDaily, 'days'), (bt.ReplayerWeekly, 'weeks'), (bt.ReplayerMonthly, 'months'),
    (bt.SignalStrategy, 'signal-driven'), (bt.MetaSigStrategy, 'signal-driven'),
    (bt.filters.SessionFilter, 'session'), (bt.filters.SessionFilterSimple, 'session'),
    (bt.filters.SessionFiller, 'intraday'), (bt.filters.CalendarDays, 'calendar days'),
    (bt.filters.DataFiller, 'gap-filling'), (bt.filters.DataFilter, 'filtering'),
    (bt.filters.BarReplayer_Open, 'open tick'), (bt.filters.DayStepsFilter, 'open tick'),
    (bt.filters.DaySplitter_Close, 'splitting daily bars'),
    (bt.filters.HeikinAshi, 'Heikin-Ashi'), (bt.filters.Renko, 'Renko'),
    (bt.stores.VCStore, 'VisualChart live'),
    (bt.brokers.VCBroker, 'VisualChart live'),
    (bt.feeds.VCData, 'VisualChart live'), (bt.feeds.MetaVCData, 'VisualChart live'),
]


@pytest.mark.parametrize('cls,words', PLACEHOLDERS, ids=lambda x: getattr(x, '__name__', x))
def test_instantiating_raises_naming_the_capability(cls, words):
    assert isinstance(cls, type) and issubclass(cls, Unavailable)
    with pytest.raises(NotImplementedError) as exc:
        cls(1, 2, key='value')
    msg = str(exc.value)
    assert msg.startswith(cls.__name__ + ' is not available yet')
    assert words in msg
    assert 'issue' in msg and cls._bt_issue in msg
    assert cls.__doc__ and 'Placeholder' in cls.__doc__


def test_subclass_instantiation_names_the_placeholder():
    class MySignals(bt.SignalStrategy):
        def __init__(self):
            pass

    with pytest.raises(NotImplementedError,
                       match=r'^MySignals \(subclass of SignalStrategy\) is not available yet'):
        MySignals()


def test_signal_strategy_in_a_run_fails_clearly():
    class MySignals(bt.SignalStrategy):
        pass

    cer = bt.Cerebro()
    cer.adddata(bt.feeds.BacktraderCSVData(dataname=str(_datas() / '2006-day-001.txt')))
    cer.addstrategy(MySignals)
    with pytest.raises(NotImplementedError, match='signal-driven strategies'):
        cer.run()


def _datas():
    from conftest import DATAS
    return DATAS


def test_placeholders_live_at_upstream_paths():
    assert bt.resamplerfilter.Resampler.__module__ == 'backtrader.resamplerfilter'
    assert bt.tradingcal.TradingCalendar.__module__ == 'backtrader.tradingcal'
    assert bt.filters.session.SessionFilter.__module__ == 'backtrader.filters.session'
    assert bt.studies.contrib.fractal.Fractal.__module__ == 'backtrader.studies.contrib.fractal'
    assert bt.stores.vcstore.VCStore.__module__ == 'backtrader.stores.vcstore'
    assert bt.brokers.vcbroker.VCBroker.__module__ == 'backtrader.brokers.vcbroker'
    assert bt.feeds.Chainer.__module__ == 'backtrader.feeds.chainer'
    assert bt.feeds.RollOver.__module__ == 'backtrader.feeds.rollover'


def test_fill_missing_never_shadows_a_real_name():
    mod = types.ModuleType('fake_feeds')
    mod.Chainer = real = type('Chainer', (), {})
    fill_missing(mod, {'Chainer': ('chaining', 'x'), 'RollOver': ('rolling', 'x'),
                       'Alias': ('=', 'RollOver')})
    assert mod.Chainer is real
    assert issubclass(mod.RollOver, Unavailable) and mod.Alias is mod.RollOver
    assert mod.RollOver.__module__ == 'fake_feeds'


def test_pending_feeds_are_installed_only_when_absent():
    for name in PENDING_FEEDS:
        obj = getattr(bt.feeds, name)
        assert isinstance(obj, type)
    # real feeds are untouched
    assert not issubclass(bt.feeds.GenericCSVData, Unavailable)


def test_factory():
    cls = unavailable('Thing', 'doing things', 'things', __name__)
    assert cls.__name__ == 'Thing' and cls.__module__ == __name__
    assert cls.unavailable_reason() == 'doing things (things issue)'
    with pytest.raises(NotImplementedError,
                       match='^Thing is not available yet: doing things; it arrives with '
                             'the things issue$'):
        cls()
