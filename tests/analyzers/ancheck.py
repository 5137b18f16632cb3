"""Shared pieces of the analyzer / observer / writer tests.

* ``make_daily_csv(path)``: a seeded multi-year (2001-2006) daily CSV in the
  BacktraderCSVData format (the generated data set of the differential tests).
* ``analyzer_script(...)`` / ``observer_script(...)``: the text of a script that
  runs a small SMA-crossover strategy with the given analyzers / observers and
  prints every result (``repr`` plus the type of every node) or every observer
  line at every bar. The same text is run by upstream (``run_oracle``) and by this
  project (``run_ours``) and the outputs are compared section by section.
* ``sections(text)``: splits such an output into ``{header: body}``.

Run as ``python3 ancheck.py literals`` (with ``PYTHONPATH=<repo>/.oracle``) to print
the values recorded as literals in ``test_literals.py``.
"""
from __future__ import annotations

import datetime
import math
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DATAS = REPO.parent / 'shared' / 'datas'
DAY1 = DATAS / '2006-day-001.txt'
DAY2 = DATAS / '2006-day-002.txt'
MIN5 = DATAS / '2006-min-005.txt'


def make_daily_csv(path, start=datetime.date(2001, 1, 1), end=datetime.date(2006, 12, 31),
                   seed: int = 7) -> Path:
    """Write a seeded random-walk daily OHLC file (weekdays only) and return its path."""
    rng = random.Random(seed)
    px = 100.0
    day = start
    rows = ['Date,Open,High,Low,Close,Volume,OpenInterest']
    while day <= end:
        if day.weekday() < 5:
            o = px * math.exp(rng.gauss(0, 0.003))
            c = o * math.exp(rng.gauss(0.0002, 0.015))
            h = max(o, c) * math.exp(abs(rng.gauss(0, 0.004)))
            lo = min(o, c) * math.exp(-abs(rng.gauss(0, 0.004)))
            rows.append('%s,%.2f,%.2f,%.2f,%.2f,%d,0' % (day.isoformat(), o, h, lo, c,
                                                         rng.randint(1000, 9000)))
            px = c
        day += datetime.timedelta(days=1)
    path = Path(path)
    path.write_text('\n'.join(rows) + '\n')
    return path


# -- script pieces ----------------------------------------------------------------------------
_STRATEGY = '''
import datetime, math, sys
import backtrader as bt

class St(bt.Strategy):
    """SMA crossover: long-only (buy / close) or always in the market (short=True);
    extra datas get a buy every 17 bars and a close every 23 bars."""
    params = (('period', 15), ('short', False), ('stake', 1))

    def __init__(self):
        sma = bt.indicators.SMA(self.data, period=self.p.period)
        self.cross = bt.indicators.CrossOver(self.data.close, sma)

    def next(self):
        if self.p.short:
            if self.cross > 0:
                self.order_target_size(target=self.p.stake)
            elif self.cross < 0:
                self.order_target_size(target=-self.p.stake)
        else:
            if not self.position:
                if self.cross > 0:
                    self.buy(size=self.p.stake)
            elif self.cross < 0:
                self.close()
        for d in self.datas[1:]:
            if len(self) % 17 == 0:
                self.buy(data=d, size=1)
            if len(self) % 23 == 0:
                self.close(data=d)
'''

_CEREBRO = '''
cer = bt.Cerebro(runonce={runonce}, preload={preload}, exactbars={exactbars}, stdstats={stdstats})
for i, (path, dkw) in enumerate({datas!r}):
    dkw = {{k: eval(v) for k, v in dkw.items()}}
    cer.adddata(bt.feeds.BacktraderCSVData(dataname=path, **dkw), name='d%d' % i if i else None)
cer.addstrategy(St, **{strat!r})
if {fund!r}:
    cer.broker = bt.brokers.BackBroker(fundmode=True)
if {comm!r}:
    cer.broker.setcommission(**{comm!r})
D0 = cer.datas[0]
D1 = cer.datas[1] if len(cer.datas) > 1 else None
'''

_DUMP = '''
def node(o, pre=''):
    if isinstance(o, dict):
        print(pre + '<%s>' % type(o).__name__)
        for k, v in o.items():
            node(v, pre + '  ' + repr(k) + ':')
    elif isinstance(o, (list, tuple)):
        print(pre + '<%s> %r' % (type(o).__name__, o))
    else:
        print(pre + '%r (%s)' % (o, type(o).__name__))
'''


def analyzer_script(specs, datas=((DAY1, {}),), runonce=True, preload=True, exactbars=0,
                    stdstats=True, strat=None, fund=False, comm=None) -> str:
    """Script printing ``get_analysis()`` of each analyzer (``specs``: list of
    ``(name, kwargs-source)``; kwargs-source is Python code evaluated in the script,
    where ``D0``/``D1`` are the datas)."""
    lines = [_STRATEGY, _DUMP, _CEREBRO.format(
        runonce=runonce, preload=preload, exactbars=exactbars, stdstats=stdstats,
        datas=[(str(p), kw) for p, kw in datas], strat=strat or {}, fund=fund, comm=comm)]
    for i, (name, kwsrc) in enumerate(specs):
        lines.append('cer.addanalyzer(bt.analyzers.%s, _name=%r, **dict(%s))'
                     % (name, 'a%d' % i, kwsrc))
    lines.append('strat = cer.run()[0]')
    for i, (name, kwsrc) in enumerate(specs):
        lines.append('print("===== %d %s %s")' % (i, name, kwsrc.replace('"', "'")))
        lines.append('an = strat.analyzers.a%d.get_analysis()' % i)
        lines.append('print(repr(an))')
        lines.append('node(an)')
    return '\n'.join(lines) + '\n'


def observer_script(specs, datas=((DAY1, {}),), runonce=True, preload=True, exactbars=0,
                    stdstats=True, strat=None, fund=False, comm=None) -> str:
    """Script printing every line of every observer at every bar (``specs``: list of
    ``(name, kwargs-source)``)."""
    lines = [_STRATEGY, '''
def dump_observers(strat):
    for o in strat.getobservers():
        print('=====', type(o).__name__, o.lines.getlinealiases(), len(o))
        for i, line in enumerate(o.lines):
            vals = [line[-j] for j in range(len(o) - 1, -1, -1)]
            print(' ', i, ' '.join('%r' % v for v in vals))
St.stop = dump_observers
''', _CEREBRO.format(
        runonce=runonce, preload=preload, exactbars=exactbars, stdstats=stdstats,
        datas=[(str(p), kw) for p, kw in datas], strat=strat or {}, fund=fund, comm=comm)]
    for name, kwsrc in specs:
        lines.append('cer.addobserver(bt.observers.%s, **dict(%s))' % (name, kwsrc))
    lines.append('cer.run()')
    return '\n'.join(lines) + '\n'


def sections(text: str) -> dict:
    """``{header line: body}`` of an output made of ``=====`` sections (a leading part
    before the first header, e.g. an error, is kept under ``''``)."""
    out = {}
    key = ''
    body = []
    for line in text.splitlines():
        if line.startswith('====='):
            out[key] = '\n'.join(body)
            key, body = line, []
        else:
            body.append(line)
    out[key] = '\n'.join(body)
    return out


def assert_same_sections(ours: str, upstream: str) -> None:
    """Compare two outputs section by section with a readable failure."""
    so, su = sections(ours), sections(upstream)
    assert list(so) == list(su), 'section headers differ:\nours %s\nupstream %s' % (
        list(so), list(su))
    for key in su:
        if so[key] != su[key]:
            ol, ul = so[key].splitlines(), su[key].splitlines()
            for i, (a, b) in enumerate(zip(ol, ul)):
                if a != b:
                    raise AssertionError('%s: line %d differs\nours:     %s\nupstream: %s'
                                         % (key, i, a[:400], b[:400]))
            raise AssertionError('%s: %d lines (ours) vs %d (upstream)'
                                 % (key, len(ol), len(ul)))
    assert ours.strip(), 'no output'


# -- literal values (see test_literals.py) ----------------------------------------------------
def literal_run(bt):
    """The run whose results test_literals.py records: 2006-day-001.txt, SMA(15)
    crossover long-only with stake 1 (default stdstats), all analyzers."""
    class St(bt.Strategy):
        def __init__(self):
            self.cross = bt.indicators.CrossOver(self.data.close,
                                                 bt.indicators.SMA(self.data, period=15))

        def next(self):
            if not self.position:
                if self.cross > 0:
                    self.buy(size=1)
            elif self.cross < 0:
                self.close()

    cer = bt.Cerebro()
    cer.adddata(bt.feeds.BacktraderCSVData(dataname=str(DAY1)))
    cer.addstrategy(St)
    an = bt.analyzers
    cer.addanalyzer(an.SQN)
    cer.addanalyzer(an.DrawDown)
    cer.addanalyzer(an.TimeDrawDown, timeframe=bt.TimeFrame.Weeks)
    cer.addanalyzer(an.Returns)
    cer.addanalyzer(an.SharpeRatio, timeframe=bt.TimeFrame.Months)
    cer.addanalyzer(an.SharpeRatio_A, timeframe=bt.TimeFrame.Days)
    cer.addanalyzer(an.SharpeRatio)
    cer.addanalyzer(an.AnnualReturn)
    cer.addanalyzer(an.VWR)
    cer.addanalyzer(an.Calmar, period=3)
    cer.addanalyzer(an.PeriodStats, timeframe=bt.TimeFrame.Months)
    cer.addanalyzer(an.TimeReturn, timeframe=bt.TimeFrame.Months)
    cer.addanalyzer(an.LogReturnsRolling, timeframe=bt.TimeFrame.Months)
    cer.addanalyzer(an.Transactions)
    cer.addanalyzer(an.TradeAnalyzer)
    strat = cer.run()[0]
    a = strat.analyzers
    ta = a.tradeanalyzer.get_analysis()
    return {
        'sqn': dict(a.sqn.get_analysis()),
        'drawdown': (a.drawdown.get_analysis().max.drawdown,
                     a.drawdown.get_analysis().max.moneydown,
                     a.drawdown.get_analysis().max.len),
        'timedrawdown': dict(a.timedrawdown.get_analysis()),
        'returns': dict(a.returns.get_analysis()),
        'sharpe_months': a.sharperatio.get_analysis()['sharperatio'],
        'sharpe_a_days': a.sharperatio_a.get_analysis()['sharperatio'],
        'sharpe_years': a.sharperatio1.get_analysis()['sharperatio'],
        'annualreturn': dict(a.annualreturn.get_analysis()),
        'vwr': a.vwr.get_analysis()['vwr'],
        'calmar_last': list(a.calmar.get_analysis().items())[-1],
        'periodstats': dict(a.periodstats.get_analysis()),
        'timereturn_months': [round(v, 12) for v in a.timereturn.get_analysis().values()],
        'logreturns_months_last': list(a.logreturnsrolling.get_analysis().values())[-1],
        'transactions_first': list(a.transactions.get_analysis().items())[0],
        'trades': (ta.total.total, ta.total.closed, ta.won.total, ta.lost.total,
                   ta.pnl.net.total, ta.streak.lost.longest, ta.len.max, ta.len.min),
        'value': strat.broker.getvalue(),
    }


# -- scripted trades (see test_tradeanalyzer.py) -------------------------------------------
# actions: (bar, 'buy'|'sell'|'close'|'buysell', size, tradeid, data index); orders are
# market orders executed at the next bar's open ('buysell' sends both in the same bar,
# which makes a trade opened and closed in one bar, barlen 0).
TRADE_SCENARIOS = {
    'none': [],
    'open_only': [(5, 'buy', 1, 0, 0)],
    'one_win': [(5, 'buy', 1, 0, 0), (20, 'close', None, 0, 0)],
    'mix': [(5, 'buy', 1, 0, 0), (20, 'close', None, 0, 0), (25, 'sell', 2, 0, 0),
            (35, 'close', None, 0, 0), (40, 'buy', 1, 0, 0), (60, 'close', None, 0, 0),
            (70, 'sell', 1, 0, 0), (90, 'close', None, 0, 0), (110, 'buy', 1, 0, 0)],
    'reversal': [(5, 'buy', 1, 0, 0), (20, 'sell', 2, 0, 0), (40, 'buy', 2, 0, 0),
                 (60, 'close', None, 0, 0)],
    'zero_length': [(5, 'buysell', 1, 0, 0), (8, 'buy', 1, 0, 0), (28, 'close', None, 0, 0),
                    (40, 'buysell', 1, 0, 0), (50, 'sell', 1, 0, 0), (55, 'close', None, 0, 0)],
    'zero_only': [(5, 'buysell', 1, 0, 0)],
    'two_datas': [(5, 'buy', 1, 0, 0), (6, 'sell', 1, 0, 1), (20, 'close', None, 0, 0),
                  (30, 'close', None, 0, 1), (31, 'buy', 2, 0, 1), (50, 'close', None, 0, 1)],
    'same_pnl': [(5, 'buysell', 1, 0, 0), (9, 'buysell', 1, 0, 0)],
    'two_trades': [(5, 'buy', 1, 0, 0), (20, 'close', None, 0, 0), (30, 'sell', 1, 0, 0),
                   (40, 'close', None, 0, 0)],
}


def run_trades(bt, actions, ndatas: int = 1, comm=None, runonce: bool = True):
    """Run the scripted ``actions`` with TradeAnalyzer and SQN; return the strategy."""
    byb = {}
    for act in actions:
        byb.setdefault(act[0], []).append(act[1:])

    class St(bt.Strategy):
        def next(self):
            for act, size, tid, di in byb.get(len(self), ()):
                d = self.datas[di]
                if act == 'buy':
                    self.buy(data=d, size=size, tradeid=tid)
                elif act == 'sell':
                    self.sell(data=d, size=size, tradeid=tid)
                elif act == 'buysell':
                    self.buy(data=d, size=size, tradeid=tid)
                    self.sell(data=d, size=size, tradeid=tid)
                else:
                    self.close(data=d, tradeid=tid)

    cer = bt.Cerebro(stdstats=False, runonce=runonce)
    for path in (DAY1, DAY2)[:ndatas]:
        cer.adddata(bt.feeds.BacktraderCSVData(dataname=str(path)))
    if comm:
        cer.broker.setcommission(**comm)
    cer.addstrategy(St)
    cer.addanalyzer(bt.analyzers.TradeAnalyzer)
    cer.addanalyzer(bt.analyzers.SQN)
    return cer.run()[0]


def flatten(tree, prefix: str = '') -> list:
    """``[(dotted key, repr(value), type name)]`` of a nested dict, in order (dict
    nodes appear with their type name and value ``None``)."""
    out = []
    for key, val in tree.items():
        path = prefix + str(key)
        if isinstance(val, dict):
            out.append((path, None, type(val).__name__))
            out.extend(flatten(val, path + '.'))
        else:
            out.append((path, repr(val), type(val).__name__))
    return out


TRADE_LITERAL_RUNS = {
    # name: (scenario, ndatas, commission kwargs)
    'none': ('none', 1, None),
    'open_only': ('open_only', 1, None),
    'one_win': ('one_win', 1, None),
    'one_win_comm': ('one_win', 1, {'commission': 0.003}),
    'mix': ('mix', 1, None),
    'reversal': ('reversal', 1, None),
    'zero_length': ('zero_length', 1, None),
    'zero_only': ('zero_only', 1, None),
    'zero_only_comm': ('zero_only', 1, {'commission': 0.001}),
    'two_datas': ('two_datas', 2, {'commission': 2.0, 'mult': 10.0, 'margin': 1000.0}),
    'same_pnl': ('same_pnl', 1, None),
    'two_trades': ('two_trades', 1, None),
}


def trade_literals(bt) -> dict:
    """TradeAnalyzer trees (flattened) and SQN results of ``TRADE_LITERAL_RUNS``."""
    out = {}
    for name, (scen, ndatas, comm) in TRADE_LITERAL_RUNS.items():
        strat = run_trades(bt, TRADE_SCENARIOS[scen], ndatas, comm)
        out[name] = (flatten(strat.analyzers.tradeanalyzer.get_analysis()),
                     dict(strat.analyzers.sqn.get_analysis()))
    return out


if __name__ == '__main__':
    import pprint
    import backtrader
    if sys.argv[1:] == ['literals']:
        pprint.pprint(literal_run(backtrader), width=100)
    elif sys.argv[1:] == ['trades']:
        pprint.pprint(trade_literals(backtrader), width=100)
