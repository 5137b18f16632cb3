"""Script text of the signal differential tests (run by upstream and by this
project; the outputs must be identical).

``script(cases)`` builds a program defining signal indicators, a recording
analyzer (every order notification and trade, whatever the strategy class)
and ``run_case(label, setup, modes=..., datas=...)``; ``cases`` is code
calling ``run_case``. Each case prints, per run mode, every notification,
every trade event, the strategies' classes and final cash/value/positions.
"""
from __future__ import annotations

from pathlib import Path

DATAS = Path(__file__).resolve().parents[2].parent / 'shared' / 'datas'

PRELUDE = r'''
import backtrader as bt
D = %(datas)r + '/'

# (runonce, preload): vectorised, next on preloaded data, next streaming
ALL_MODES = ((True, True), (False, True), (True, False), (False, False))
ONE_MODE = ((True, True),)


class SmaCross(bt.Indicator):
    """Fast minus slow simple moving average."""
    lines = ('signal',)
    params = (('fast', 5), ('slow', 20))

    def __init__(self):
        self.lines.signal = bt.ind.SMA(period=self.p.fast) - bt.ind.SMA(period=self.p.slow)


class CloseSma(bt.Indicator):
    """Close minus its SMA."""
    lines = ('signal',)
    params = (('period', 15),)

    def __init__(self):
        self.lines.signal = self.data.close - bt.ind.SMA(period=self.p.period)


class Cross(bt.Indicator):
    """CrossOver of close and an SMA: +1/-1 on crossing bars, 0 otherwise."""
    lines = ('signal',)
    params = (('period', 10),)

    def __init__(self):
        self.lines.signal = bt.ind.CrossOver(self.data.close, bt.ind.SMA(period=self.p.period))


class Scaled(bt.Indicator):
    """Close minus SMA(15), negated when the positional argument says 'neg'."""
    lines = ('signal',)

    def __init__(self, sign):
        self.lines.signal = (self.data.close - bt.ind.SMA(period=15)) * (-1.0 if sign == 'neg' else 1.0)


class Body(bt.Indicator):
    """A raw line difference: close - open."""
    lines = ('body',)

    def __init__(self):
        self.lines.body = self.data.close - self.data.open


class NextBody(bt.Indicator):
    """close - open computed in next (no vectorised path)."""
    lines = ('body',)

    def next(self):
        self.lines.body[0] = self.data.close[0] - self.data.open[0]


class Rec(bt.Analyzer):
    """Prints every order notification and trade event of its strategy
    (references counted from the first one seen: the counters are global to
    the process, so earlier cases would shift them)."""

    def start(self):
        self.refs = {}

    def _ref(self, kind, ref):
        first = self.refs.setdefault(kind, ref)
        return ref - first

    def notify_order(self, o):
        print('  order', len(self.strategy), type(self.strategy).__name__, self._ref('o', o.ref),
              o.getstatusname(), o.ordtypename(), o.data._name, o.size,
              o.executed.size, '%%.4f' %% o.executed.price, '%%.4f' %% o.executed.comm)

    def notify_trade(self, t):
        print('  trade', len(self.strategy), self._ref('t', t.ref), t.status, t.data._name, t.size,
              '%%.4f' %% t.price, '%%.4f' %% t.pnl, '%%.4f' %% t.pnlcomm)


class ZeroSizer(bt.Sizer):
    """2 on most bars, 0 (no order) every third bar."""

    def _getsizing(self, comminfo, cash, data, isbuy):
        return 0 if len(self.strategy) %% 3 == 0 else 2


def run_case(label, setup, modes=ONE_MODE, datas=('2006-day-001.txt',), **cerebro_kw):
    for runonce, preload in modes:
        print('== %%s runonce=%%s preload=%%s' %% (label, runonce, preload))
        cer = bt.Cerebro(runonce=runonce, preload=preload, **dict(dict(stdstats=False), **cerebro_kw))
        for i, name in enumerate(datas):
            cer.adddata(bt.feeds.BacktraderCSVData(dataname=D + name), name='d%%d' %% i)
        cer.addanalyzer(Rec)
        try:
            setup(cer)
            strats = cer.run()
        except Exception as exc:
            # the builtin class callers catch (a typed error here derives from it)
            print('  raised', next(k.__name__ for k in type(exc).__mro__
                                   if k.__module__ == 'builtins'))
            continue
        broker = cer.broker
        print('  strategies', [type(s).__name__ for s in strats])
        for s in strats:
            print('  len', len(s), 'inds', len(s.getindicators()))
        print('  positions', [(d._name, broker.getposition(d).size,
                               '%%.4f' %% broker.getposition(d).price) for d in cer.datas])
        print('  cash %%.6f value %%.6f' %% (broker.getcash(), broker.getvalue()))
'''


def script(cases: str) -> str:
    """The program running ``cases`` (code calling ``run_case``)."""
    return PRELUDE % {'datas': str(DATAS)} + '\n' + cases
