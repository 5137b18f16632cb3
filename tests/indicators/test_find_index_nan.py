"""``FindFirstIndex``/``FindLastIndex`` over a window holding NaN: the value
the window's function picks (NaN) is never found, and the run stops with
``NotInWindowError``, a ``StopIteration`` as upstream's exhausted search
raises (the script fuzz compares the kind against upstream: seed 12411). In
next mode the bars before the failing one run first, as upstream's: an
indicator whose vectorised pass fails is stepped bar by bar instead.

The expected output is upstream's (1.9.78.123), printed by ``SCRIPT`` under
``PYTHONPATH=.oracle``.
"""
from __future__ import annotations

from backtrader.core.errors import NotInWindowError
from conftest import printed_lines

SCRIPT = r'''
import backtrader as bt
rows = ['2020-01-%02d,1,2,0.5,%s,10,0' % (day, 'nan' if day == 6 else '%d.5' % day)
        for day in range(1, 16)]
open(PATH, 'w').write('Date,Open,High,Low,Close,Volume,OpenInterest\n' + '\n'.join(rows) + '\n')
for ind in ('FindFirstIndexHighest', 'FindLastIndexLowest'):
    for ro in (True, False):
        class S(bt.Strategy):
            def __init__(self):
                self.x = getattr(bt.ind, ind)(self.data.close, period=3)
            def next(self):
                print(len(self), self.x[0])
        c = bt.Cerebro(stdstats=False, runonce=ro)
        c.adddata(bt.feeds.BacktraderCSVData(dataname=PATH))
        c.addstrategy(S)
        try:
            c.run()
        except StopIteration as e:
            print(ind, ro, 'EXC StopIteration', type(e).__name__ if IS_OURS else '')
'''

EXPECTED = '''FindFirstIndexHighest True EXC StopIteration {kind}
3 0.0
4 0.0
5 0.0
6 1.0
7 0.0
FindFirstIndexHighest False EXC StopIteration {kind}
FindLastIndexLowest True EXC StopIteration {kind}
3 2.0
4 2.0
5 2.0
6 2.0
7 2.0
FindLastIndexLowest False EXC StopIteration {kind}'''


def test_a_nan_in_the_window_stops_the_run_as_upstream(tmp_path):
    want = EXPECTED.format(kind=NotInWindowError.__name__)
    assert printed_lines(SCRIPT, PATH=str(tmp_path / 'bars.csv'), IS_OURS=True) == \
        want.splitlines()
