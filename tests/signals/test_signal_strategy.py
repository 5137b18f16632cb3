"""``SignalStrategy`` and the cerebro signal methods: names, construction
order, per-bar order of work and the errors of bad set-ups (facts recorded
from upstream 1.9.78.123 where stated)."""
from __future__ import annotations

import inspect

import pytest

import backtrader as bt
from backtrader.core.errors import BacktraderError, SignalError
from conftest import DATAS

DATA = str(DATAS / '2006-day-001.txt')
DATA2 = str(DATAS / '2006-day-002.txt')


class CloseSma(bt.Indicator):
    lines = ('signal',)

    def __init__(self):
        self.lines.signal = self.data.close - bt.ind.SMA(period=15)


def _cerebro(*files, **kwargs):
    cer = bt.Cerebro(stdstats=False, **kwargs)
    for i, name in enumerate(files or (DATA,)):
        cer.adddata(bt.feeds.BacktraderCSVData(dataname=name), name='d%d' % i)
    return cer


def test_names_and_params():
    # upstream: SignalStrategy.params._getitems(), the legacy metaclass name
    # and the upstream module path backtrader.strategy
    assert list(bt.SignalStrategy.params._getitems()) == [
        ('signals', []), ('_accumulate', False), ('_concurrent', False), ('_data', None)]
    assert bt.strategy.SignalStrategy is bt.SignalStrategy
    assert bt.strategy.MetaSigStrategy is bt.MetaSigStrategy
    assert issubclass(bt.SignalStrategy, bt.Strategy)
    assert list(inspect.signature(bt.SignalStrategy.signal_add).parameters) == [
        'self', 'sigtype', 'signal']
    params = {m: list(inspect.signature(getattr(bt.Cerebro, m)).parameters)
              for m in ('add_signal', 'signal_strategy', 'signal_concurrent',
                        'signal_accumulate')}
    assert params == {'add_signal': ['self', 'sigtype', 'sigcls', 'sigargs', 'sigkwargs'],
                      'signal_strategy': ['self', 'stratcls', 'args', 'kwargs'],
                      'signal_concurrent': ['self', 'onoff'],
                      'signal_accumulate': ['self', 'onoff']}


def test_add_signal_records_entries():
    cer = bt.Cerebro()
    cer.add_signal(bt.SIGNAL_LONG, CloseSma, 1, x=2)
    assert cer.signals == [(bt.SIGNAL_LONG, CloseSma, (1,), {'x': 2})]


def test_run_passes_signals_and_switches():
    cer = _cerebro()
    cer.add_signal(bt.SIGNAL_LONGSHORT, CloseSma)
    cer.signal_accumulate(True)
    cer.signal_concurrent(True)
    strat, = cer.run()
    assert type(strat) is bt.SignalStrategy
    assert strat.p.signals is cer.signals
    assert strat.p._accumulate is True and strat.p._concurrent is True


def test_signal_strategy_without_signals_is_ignored():
    # upstream: the bare Strategy runs
    cer = _cerebro()
    cer.signal_strategy(bt.SignalStrategy)
    assert [type(s) for s in cer.run()] == [bt.Strategy]


def test_construction_order():
    # upstream: signals of the parameter are built after the subclass's
    # __init__ (which sees none of them), those of signal_add in place
    class Sub(bt.SignalStrategy):
        def __init__(self):
            self.seen = {k: list(v) for k, v in self._signals.items()}
            self.cross = bt.ind.CrossOver(self.data.close, bt.ind.SMA(period=10))
            self.signal_add(bt.SIGNAL_LONG, self.cross)

    cer = _cerebro()
    cer.add_signal(bt.SIGNAL_LONGSHORT, CloseSma)
    cer.signal_strategy(Sub)
    strat, = cer.run()
    assert strat.seen == {}
    built = {k: [type(x) for x in v] for k, v in strat._signals.items() if v}
    assert list(built) == [bt.SIGNAL_LONG, bt.SIGNAL_LONGSHORT]
    assert strat._signals[bt.SIGNAL_LONG] == [strat.cross]
    assert built[bt.SIGNAL_LONGSHORT] == [CloseSma]
    # the built signals belong to the strategy like any indicator of it
    assert strat._signals[bt.SIGNAL_LONGSHORT][0] in strat.getindicators()


def test_signals_act_before_the_subclass_next():
    class Sub(bt.SignalStrategy):
        def __init__(self):
            self.order_seen_in_next = None

        def next(self):
            if self.order_seen_in_next is None and self._sentinel is not None:
                self.order_seen_in_next = len(self)

    cer = _cerebro()
    cer.add_signal(bt.SIGNAL_LONGSHORT, CloseSma)
    cer.signal_strategy(Sub)
    strat, = cer.run()
    # upstream: the first order comes on bar 15 (SMA period), seen by next then
    assert strat.order_seen_in_next == 15


def test_nextstart_that_does_not_call_next_skips_that_bar():
    # upstream: orders fill on bar 17 instead of 16 (the signal of bar 15 is lost)
    class Sub(bt.SignalStrategy):
        def nextstart(self):
            pass

    fills = []

    class Fills(bt.Analyzer):
        def notify_order(self, order):
            if order.status == order.Completed:
                fills.append(len(self.strategy))

    for cls, first in ((bt.SignalStrategy, 16), (Sub, 17)):
        fills.clear()
        cer = _cerebro()
        cer.addanalyzer(Fills)
        cer.add_signal(bt.SIGNAL_LONGSHORT, CloseSma)
        cer.signal_strategy(cls)
        cer.run()
        assert fills[0] == first


def test_add_signal_with_addstrategy_needs_signal_strategy():
    # upstream raises ValueError (an unpacking error) here
    cer = _cerebro()
    cer.add_signal(bt.SIGNAL_LONGSHORT, CloseSma)
    cer.addstrategy(bt.Strategy)
    with pytest.raises(SignalError, match=r'signal_strategy\(cls\)') as exc:
        cer.run()
    assert isinstance(exc.value, ValueError) and isinstance(exc.value, BacktraderError)


def test_with_signal_strategy_both_run():
    cer = _cerebro()
    cer.add_signal(bt.SIGNAL_LONGSHORT, CloseSma)
    cer.addstrategy(bt.Strategy)
    cer.signal_strategy(bt.SignalStrategy)
    assert [type(s) for s in cer.run()] == [bt.Strategy, bt.SignalStrategy]


def test_duplicate_keyword_is_a_type_error():
    cer = _cerebro()
    cer.add_signal(bt.SIGNAL_LONGSHORT, CloseSma)
    cer.signal_strategy(bt.SignalStrategy, _accumulate=True)
    with pytest.raises(TypeError, match='_accumulate'):
        cer.run()


@pytest.mark.parametrize('target,error,words', [
    ('zz', KeyError, "_data='zz' names no data; data names: 'd0', 'd1'"),
    (5, IndexError, '_data=5 but the strategy has 2 datas'),
    (-3, IndexError, '_data=-3 but the strategy has 2 datas'),
])
def test_bad_target_data(target, error, words):
    # upstream raises the same builtin types (KeyError, IndexError)
    cer = _cerebro(DATA, DATA2)
    cer.add_signal(bt.SIGNAL_LONGSHORT, CloseSma)
    cer.signal_strategy(bt.SignalStrategy, _data=target)
    with pytest.raises(error) as exc:
        cer.run()
    assert words in str(exc.value)


@pytest.mark.parametrize('target,index', [(None, 0), (1, 1), (-1, 1), ('d1', 1), ('d0', 0)])
def test_target_data(target, index):
    cer = _cerebro(DATA, DATA2)
    cer.add_signal(bt.SIGNAL_LONGSHORT, CloseSma)
    cer.signal_strategy(bt.SignalStrategy, _data=target)
    datas = set()

    class OrderDatas(bt.Analyzer):
        def notify_order(self, order):
            datas.add(order.data._name)

    cer.addanalyzer(OrderDatas)
    strat, = cer.run()
    assert strat._dtarget is cer.datas[index]
    assert datas == {'d%d' % index}
