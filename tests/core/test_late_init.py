"""An ``__init__`` assigned to a strategy or indicator class after the class
was made (``MyStrategy.__init__ = f``, as some legacy scripts patch their
classes) runs as one defined in the class body: with the params taken and
the object built. It raised TypeError (the params reached it) and
AttributeError (an indicator without its lines).

The expected output is upstream's (1.9.78.123), printed by ``SCRIPT`` under
``PYTHONPATH=.oracle``.
"""
from __future__ import annotations

from conftest import DATAS, printed_lines

SCRIPT = r'''import backtrader as bt
class S(bt.Strategy):
    params = (('period', 4),)
    def next(self):
        if len(self) in (5, 6): print(len(self), self.x[0], self.p.period)
def init(self):
    self.x = bt.ind.SMA(period=self.p.period)
S.__init__ = init
class I(bt.Indicator):
    lines = ('y',)
    def next(self): self.lines.y[0] = self.data[0] * self.k
def iinit(self, k=2):
    self.k = k
I.__init__ = iinit
class T(bt.Strategy):
    def __init__(self): self.i = I(k=3) if False else I()
    def next(self):
        if len(self) == 5: print('T', self.i[0])
for strat in (S, T):
    c = bt.Cerebro(stdstats=False)
    c.adddata(bt.feeds.BacktraderCSVData(dataname=D+'2006-day-001.txt'))
    c.addstrategy(strat, **({'period': 3} if strat is S else {}))
    try: c.run()
    except Exception as e: print('EXC', type(e).__name__, e)
'''

EXPECTED = '''5 3656.563333333333 3
6 3663.0033333333336 3
T 7333.98'''


def test_init_assigned_after_the_class_as_upstream():
    assert printed_lines(SCRIPT, D=str(DATAS) + '/') == EXPECTED.splitlines()
