"""An observer's lines read from a strategy's ``next``/``prenext`` (through
``self.stats``) as upstream's: observers move after the strategy's bar, and
in a runonce run upstream sizes their lines for the whole run up front, so a
read before their first bar is NaN there (IndexError in the other modes).

The expected output is upstream's (1.9.78.123), printed by ``SCRIPT`` under
``PYTHONPATH=.oracle``. Left (known differences): in a runonce run upstream's
observers count the presized slots in ``buflen()`` and ``len(line.array)``,
and a read ahead (``value[1]``) is NaN there, the next figure here.
"""
from __future__ import annotations

from conftest import DATAS, printed_lines

SCRIPT = r'''import backtrader as bt, datetime
def g(f):
    try:
        return repr(f())
    except Exception as e:
        return type(e).__name__
class S(bt.Strategy):
    def __init__(self):
        self.sma = bt.ind.SMA(period=3)
    def prenext(self):
        self.next()
    def next(self):
        if len(self) < 5:
            st = self.stats
            print(len(self), [g(lambda: o[0]) for o in st], g(lambda: st.broker.value[-1]),
                  g(lambda: st.drawdown.drawdown[0]), g(lambda: st[1].lines[0][-1]))
        if len(self) == 2:
            self.buy()
for ro, pl in ((1, 1), (0, 1), (1, 0)):
    print('MODE', ro, pl)
    c = bt.Cerebro(runonce=bool(ro), preload=bool(pl))
    c.addobserver(bt.observers.DrawDown)
    c.adddata(bt.feeds.BacktraderCSVData(dataname=DATA, todate=datetime.datetime(2006, 1, 20)))
    c.addstrategy(S)
    c.run()
'''

EXPECTED = '''MODE 1 1
1 ['nan', 'nan', 'nan'] nan nan nan
2 ['10000.0', 'nan', '0.0'] nan 0.0 nan
3 ['10000.0', 'nan', '0.0'] 10000.0 0.0 nan
4 ['6384.77', 'nan', '0.0'] 10000.0 0.0 nan
MODE 0 1
1 ['IndexError', 'IndexError', 'IndexError'] IndexError IndexError IndexError
2 ['10000.0', 'nan', '0.0'] 10000.0 0.0 nan
3 ['10000.0', 'nan', '0.0'] 10000.0 0.0 nan
4 ['6384.77', 'nan', '0.0'] 10000.0 0.0 nan
MODE 1 0
1 ['IndexError', 'IndexError', 'IndexError'] IndexError IndexError IndexError
2 ['10000.0', 'nan', '0.0'] 10000.0 0.0 nan
3 ['10000.0', 'nan', '0.0'] 10000.0 0.0 nan
4 ['6384.77', 'nan', '0.0'] 10000.0 0.0 nan'''


def test_observer_reads_as_upstream():
    assert printed_lines(SCRIPT, DATA=str(DATAS / '2006-day-001.txt')) == \
        EXPECTED.splitlines()
