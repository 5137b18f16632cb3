"""Oracle-differential tests of signals (``cerebro.add_signal``,
``SignalStrategy``, every ``SIGNAL_*`` type and option).

All cases form one script (see ``signalscript.py``) run once by upstream and
once by this project (one test, so parallel workers do not repeat it); each case prints every order notification, every trade
event and the final cash, value and positions, and its section of the output
must be identical. Representative cases run in all four (runonce, preload)
modes, the others in runonce+preload.
"""
from __future__ import annotations

import difflib

import pytest

from conftest import ORACLE, run_oracle, run_ours
from signalscript import script

pytestmark = pytest.mark.oracle

S = 'bt.SIGNAL_'

# (label, setup body: statements using ``c`` (the Cerebro), run_case keywords)
CASES = []


def case(label: str, setup: str, **kw) -> None:
    CASES.append((label, setup, kw))


def sig(*pairs, strat=None, **stratkw) -> str:
    """Setup adding (type name, indicator call) pairs, optionally naming the
    signal strategy class and its keywords."""
    lines = ['c.add_signal(%s%s, %s)' % (S, t, ind) for t, ind in pairs]
    if strat or stratkw:
        args = ''.join(', %s=%r' % kv for kv in stratkw.items())
        lines.append('c.signal_strategy(%s%s)' % (strat or 'bt.SignalStrategy', args))
    return '\n'.join(lines)


ALL = dict(modes='ALL_MODES')

# -- each type alone, from different indicators --------------------------------------
case('longshort smacross', sig(('LONGSHORT', 'SmaCross')), **ALL)
case('longshort closesma', sig(('LONGSHORT', 'CloseSma')))
case('longshort crossover', sig(('LONGSHORT', 'Cross')))
case('longshort raw difference', sig(('LONGSHORT', 'Body')), **ALL)
case('longshort next-only indicator', sig(('LONGSHORT', 'NextBody')), **ALL)
case('longshort momentum kwargs', sig(('LONGSHORT', 'bt.ind.Momentum, period=5')))
case('longshort data and positional args', sig(('LONGSHORT', 'Scaled, c.datas[0], "neg"')))
case('longshort keyword args', sig(('LONGSHORT', 'Scaled, sign="neg"')))
case('longshort unknown positional raises', sig(('LONGSHORT', 'SmaCross, 3, 12')))
case('long', sig(('LONG', 'CloseSma')))
case('long_inv', sig(('LONG_INV', 'CloseSma')))
case('long_any crossover', sig(('LONG_ANY', 'Cross')))
case('long_any raw difference', sig(('LONG_ANY', 'Body')))
case('short', sig(('SHORT', 'CloseSma')))
case('short_inv', sig(('SHORT_INV', 'CloseSma')))
case('short_any crossover', sig(('SHORT_ANY', 'Cross')))
for _t in ('LONGEXIT', 'LONGEXIT_INV', 'LONGEXIT_ANY', 'SHORTEXIT', 'SHORTEXIT_INV',
           'SHORTEXIT_ANY', 'NONE'):
    case('%s alone' % _t.lower(), sig((_t, 'CloseSma')))
case('unknown type 99', 'c.add_signal(99, CloseSma)')

# -- combinations -----------------------------------------------------------------------
for _exit, _ind in (('LONGEXIT', 'CloseSma'), ('LONGEXIT_INV', 'CloseSma'),
                    ('LONGEXIT_ANY', 'Cross')):
    case('long + %s' % _exit.lower(), sig(('LONG', 'SmaCross'), (_exit, _ind)), **ALL)
    case('long_inv + %s' % _exit.lower(), sig(('LONG_INV', 'SmaCross'), (_exit, _ind)))
    case('long_any + %s' % _exit.lower(), sig(('LONG_ANY', 'Cross'), (_exit, _ind)))
for _exit, _ind in (('SHORTEXIT', 'CloseSma'), ('SHORTEXIT_INV', 'CloseSma'),
                    ('SHORTEXIT_ANY', 'Cross')):
    case('short + %s' % _exit.lower(), sig(('SHORT', 'SmaCross'), (_exit, _ind)), **ALL)
    case('short_inv + %s' % _exit.lower(), sig(('SHORT_INV', 'SmaCross'), (_exit, _ind)))
    case('short_any + %s' % _exit.lower(), sig(('SHORT_ANY', 'Cross'), (_exit, _ind)))
case('long + short same', sig(('LONG', 'SmaCross'), ('SHORT', 'SmaCross')))
case('long + short different', sig(('LONG', 'CloseSma'), ('SHORT', 'SmaCross')))
case('long + short + exits', sig(('LONG', 'SmaCross'), ('SHORT', 'SmaCross'),
                                 ('LONGEXIT', 'CloseSma'), ('SHORTEXIT', 'CloseSma')))
case('long + short + exit_inv', sig(('LONG', 'SmaCross'), ('SHORT', 'SmaCross'),
                                    ('LONGEXIT_INV', 'Body'), ('SHORTEXIT_INV', 'Body')))
case('long_inv + short_inv', sig(('LONG_INV', 'CloseSma'), ('SHORT_INV', 'SmaCross')))
case('long_any + short_any', sig(('LONG_ANY', 'Cross'), ('SHORT_ANY', 'Body')))
case('long + long_inv', sig(('LONG', 'CloseSma'), ('LONG_INV', 'SmaCross')))
case('long + long_any', sig(('LONG', 'SmaCross'), ('LONG_ANY', 'Cross')))
case('short + short_inv', sig(('SHORT', 'CloseSma'), ('SHORT_INV', 'SmaCross')))
case('two long', sig(('LONG', 'CloseSma'), ('LONG', 'SmaCross')))
case('two longshort', sig(('LONGSHORT', 'CloseSma'), ('LONGSHORT', 'SmaCross')))
case('longshort + long', sig(('LONGSHORT', 'SmaCross'), ('LONG', 'CloseSma')))
case('longshort + short_any', sig(('LONGSHORT', 'SmaCross'), ('SHORT_ANY', 'Cross')))
case('longshort + longexit', sig(('LONGSHORT', 'SmaCross'), ('LONGEXIT', 'CloseSma')))
case('longshort + shortexit_any', sig(('LONGSHORT', 'SmaCross'), ('SHORTEXIT_ANY', 'Cross')))

# -- options -----------------------------------------------------------------------------
case('accumulate longshort', sig(('LONGSHORT', 'SmaCross')) + '\nc.signal_accumulate(True)',
     **ALL)
case('accumulate long', sig(('LONG', 'CloseSma')) + '\nc.signal_accumulate(True)')
case('accumulate short + exit', sig(('SHORT', 'CloseSma'), ('SHORTEXIT', 'Body'))
     + '\nc.signal_accumulate(True)')
case('accumulate long + short', sig(('LONG', 'CloseSma'), ('SHORT', 'SmaCross'))
     + '\nc.signal_accumulate(True)')
case('accumulate off explicitly', sig(('LONGSHORT', 'SmaCross')) + '\nc.signal_accumulate(False)')
case('concurrent longshort', sig(('LONGSHORT', 'SmaCross')) + '\nc.signal_concurrent(True)')
_FILL = ('\nc.addsizer(bt.sizers.FixedSize, stake=3)'
         '\nc.broker.set_filler(bt.broker.fillers.FixedSize(size=1))')
for _on in (False, True):
    case('partial fills concurrent=%s' % _on, sig(('LONGSHORT', 'CloseSma')) + _FILL
         + '\nc.signal_concurrent(%s)' % _on, datas=('2006-volume-day-001.txt',), **ALL)
    case('partial fills accumulate concurrent=%s' % _on, sig(('LONG', 'CloseSma')) + _FILL
         + '\nc.signal_concurrent(%s)\nc.signal_accumulate(True)' % _on,
         datas=('2006-volume-day-001.txt',))
    case('never filled concurrent=%s' % _on, sig(('LONGSHORT', 'SmaCross')) + _FILL
         + '\nc.signal_concurrent(%s)' % _on)
case('sizer stake margin', sig(('LONGSHORT', 'SmaCross'))
     + '\nc.addsizer(bt.sizers.FixedSize, stake=3)')
case('sizer zero sometimes', sig(('LONGSHORT', 'CloseSma')) + '\nc.addsizer(ZeroSizer)')
case('sizer zero + accumulate', sig(('LONG', 'CloseSma')) + '\nc.addsizer(ZeroSizer)'
     '\nc.signal_accumulate(True)')
_TWO = dict(datas=('2006-day-001.txt', '2006-day-002.txt'))
case('_data index', sig(('LONGSHORT', 'SmaCross'), _data=1), **dict(ALL, **_TWO))
case('_data name', sig(('LONGSHORT', 'CloseSma'), _data='d1'), **_TWO)
case('_data negative', sig(('LONG', 'CloseSma'), ('LONGEXIT', 'Body'), _data=-1), **_TWO)
case('_data object', sig(('SHORT', 'CloseSma')) + '\nc.signal_strategy(bt.SignalStrategy, '
     '_data=c.datas[1])', **_TWO)
case('_data none two datas', sig(('LONGSHORT', 'SmaCross')), **_TWO)
case('_data unknown name', sig(('LONGSHORT', 'SmaCross'), _data='zz'), **_TWO)
case('_data index out of range', sig(('LONGSHORT', 'SmaCross'), _data=5), **_TWO)
case('signals param in addstrategy',
     'c.addstrategy(bt.SignalStrategy, signals=[(bt.SIGNAL_LONGSHORT, CloseSma, (), {}),'
     ' (bt.SIGNAL_LONGEXIT, Cross, (), dict(period=5))], _accumulate=True)')
case('add_signal with addstrategy raises', sig(('LONGSHORT', 'SmaCross'))
     + '\nc.addstrategy(bt.Strategy)')
case('signal_strategy without signals', 'c.signal_strategy(bt.SignalStrategy)')
case('signal_strategy duplicate keyword raises',
     sig(('LONGSHORT', 'SmaCross'), _accumulate=True))
case('plain strategy beside', sig(('LONGSHORT', 'SmaCross'), strat='bt.SignalStrategy')
     + '\nc.addstrategy(bt.Strategy)')
case('second run raises', sig(('LONGSHORT', 'CloseSma')) + '\nc.run()')
case('second run adds it again', sig(('LONGSHORT', 'CloseSma'), strat='bt.SignalStrategy')
     + '\nc.run()')
case('exactbars 1', sig(('LONG', 'SmaCross'), ('LONGEXIT', 'CloseSma')), exactbars=1)
case('exactbars -1', sig(('LONGSHORT', 'Body')), exactbars=-1)
case('stdstats on', sig(('LONG', 'SmaCross'), ('LONGEXIT', 'CloseSma')), stdstats=True)

# -- SignalStrategy subclasses -------------------------------------------------------------
SUBCLASSES = r'''
class MySig(bt.SignalStrategy):
    """Signals added in __init__ (CrossOver, a raw line difference) plus the
    ones of add_signal; its own next prints now and then."""
    params = (('period', 10),)

    def __init__(self):
        sma = bt.ind.SMA(period=self.p.period)
        self.signal_add(bt.SIGNAL_LONG, bt.ind.CrossOver(self.data.close, sma))
        self.signal_add(bt.SIGNAL_LONGEXIT, self.data.close - sma)

    def next(self):
        if len(self) % 25 == 0:
            print('  next', len(self), self.position.size, '%.4f' % self.broker.getvalue())

    def notify_order(self, order):
        if order.status == order.Completed:
            print('  notified', len(self), order.size, '%.4f' % order.executed.price)


class LateStart(MySig):
    """Its nextstart does not call next: no signal on that bar."""
    def nextstart(self):
        print('  nextstart', len(self))


class OwnOrders(bt.SignalStrategy):
    """Trades itself too: a buy every 40 bars on the signal data."""
    def __init__(self):
        self.signal_add(bt.SIGNAL_SHORT, self.data.close - bt.ind.EMA(period=12))

    def next(self):
        if len(self) % 40 == 0:
            self.buy(size=1)


class OtherData(bt.SignalStrategy):
    """Signals computed on data1, orders on data0 (the default target)."""
    def __init__(self):
        self.signal_add(bt.SIGNAL_LONGSHORT, bt.ind.Momentum(self.data1, period=4))


class Wrapped(bt.SignalStrategy):
    """Signals wrapped in bt.Signal: of an operation (bar by bar, upstream
    reads NaN at [0]: it acts only in runonce) and of an indicator."""
    def __init__(self):
        sma = bt.ind.SMA(period=15)
        self.signal_add(bt.SIGNAL_LONGSHORT, bt.Signal(self.data.close - sma))
        self.signal_add(bt.SIGNAL_SHORT, bt.Signal(bt.ind.CrossOver(self.data.close, sma)))


class NoSuperInit(bt.SignalStrategy):
    def __init__(self):
        self.sma = bt.ind.SMA(period=30)
'''
case('subclass own next', sig(('SHORT', 'SmaCross'), strat='MySig', period=12), **ALL)
case('subclass nextstart', sig(('LONGSHORT', 'CloseSma'), strat='LateStart'))
case('subclass own orders', sig(('LONGEXIT_ANY', 'Cross'), strat='OwnOrders'), **ALL)
case('subclass signals on data1', sig(('LONG', 'Cross'), strat='OtherData'), **dict(ALL, **_TWO))
case('subclass no super init', sig(('LONGSHORT', 'SmaCross'), strat='NoSuperInit'))
case('subclass via addstrategy', 'c.addstrategy(MySig, period=8)')
case('bt.Signal wrappers', 'c.addstrategy(Wrapped)', **ALL)
case('bt.Signal of the data', sig(('SHORT_INV', 'bt.Signal')), **ALL)

LABELS = [label for label, _, _ in CASES]


def _case_code(label: str, setup: str, kw: dict) -> str:
    body = '\n'.join('    ' + line for line in setup.splitlines())
    extra = ''.join(', %s=%s' % (k, v if k == 'modes' else repr(v)) for k, v in kw.items())
    return 'def _setup(c):\n%s\nrun_case(%r, _setup%s)\n' % (body, label, extra)


SCRIPT = script(SUBCLASSES + '\n' + '\n'.join(_case_code(*c) for c in CASES))


def _sections(text: str) -> dict:
    """Output by case label (all modes of a case together)."""
    out: dict = {}
    label = None
    for line in text.splitlines():
        if line.startswith('== '):
            label = line[3:].rsplit(' runonce=', 1)[0]
        out.setdefault(label, []).append(line)
    return out


def test_every_case_matches_upstream():
    # one test for the whole script: split across workers, each would run it
    if not (ORACLE / 'backtrader').is_dir():
        pytest.skip('upstream oracle not installed in %s' % ORACLE)
    oracle = _sections(run_oracle(SCRIPT))
    ours = _sections(run_ours(SCRIPT))
    assert list(oracle) == LABELS
    differing = []
    for label in LABELS:
        if ours.get(label) != oracle[label]:
            diff = difflib.unified_diff(oracle[label], ours.get(label, []), 'upstream', 'ours',
                                        lineterm='', n=1)
            differing.append('\n'.join(list(diff)[:12]))
    assert not differing, '%d of %d cases differ:\n%s' % (len(differing), len(LABELS),
                                                          '\n'.join(differing))
    # the cases exercise something: most of them fill orders
    trading = [label for label, lines in oracle.items()
               if any(' Completed ' in line for line in lines)]
    assert len(trading) >= len(LABELS) * 3 // 4
