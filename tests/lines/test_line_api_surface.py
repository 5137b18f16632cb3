"""Upstream's line API that legacy scripts may touch beyond ``line[0]``:
the read helpers of a single line on line operations (upstream's operations
are single lines), ``plot``/``plotrange``/``get_idx`` on lines, the stepping
hooks and type constants every line object has, ``alias``/``aliased`` on
datas and strategies, ``lines.buflen(line)`` and the runonce helpers
``once_via_next``/``preonce_via_prenext``/``oncestart_via_nextstart``.

The expected values are what upstream backtrader 1.9.78.123 printed for the
same reads (the same strategies run with ``PYTHONPATH=.oracle``, printing what
these tests collect; at bar 12 of 2006-day-001.txt), and for ``VIA`` below.
``set_idx`` is left out: upstream moves one line, a line here moves with its
clock (every line of the data).
"""
import math
import textwrap
from array import array

import pytest

import backtrader as bt
from conftest import DATAS, run_ours

DATA = DATAS / '2006-day-001.txt'
pytestmark = pytest.mark.skipif(not DATA.exists(), reason='shared data files missing')


def _reads_at_bar_12() -> dict:
    got = {}

    class S(bt.Strategy):
        def __init__(self):
            self.op = self.data.close - self.data.open
            self.sma = bt.ind.SMA(period=5)

        def next(self):
            if len(self) != 12:
                return
            c, op, line = self.data.close, self.op, self.sma.lines[0]
            got.update(
                consts=(c.IndType, c.StratType, c.ObsType, self.data.IndType,
                        self.data.ObsType, self.data.StratType),
                idx=(c.get_idx(), len(c), c.buflen()),
                plot=(list(c.plot()[:3]), len(c.plot()), list(c.plot(1, 3)),
                      list(c.plot(0, 3))),
                plotrange=(c.plotrange(0, 3), list(c.plotrange(-3, None))),
                getindicators=c.getindicators(),
                hooks=(c.next(), c.once(0, 1), c.prenext(), c.nextstart(), c.preonce(0, 1),
                       c.oncestart(0, 1), self.data.prenext(), self.data.nextstart(),
                       self.data.preonce(0, 1), self.data.once(0, 1),
                       self.data.oncestart(0, 1)),
                op=(op.idx, op.lencount, op.extension, op.mode, op.bindings, op.get_idx()),
                op_reads=(list(op.getzero(0, 3)), op.getzeroval(1), list(op.plotrange(0, 2)),
                          list(op.plot(2, 2))),
                op_tm=(op.tm_raw(0), op.tm_lt(0.5), op.dt(0), op.QBuffer, op.UnBounded),
                line_plot=list(line.plot(0, 6)),
                alias=(self.data.alias, self.data.aliased, self.alias, self.aliased,
                       self.sma.alias, self.sma.aliased),
                buflen=(self.data.lines.buflen(0), self.data.lines.buflen(1)),
            )
            for name in ('datetime', 'date'):
                try:
                    getattr(op, name)(0)
                except ValueError:
                    got[name] = 'ValueError'   # not a date number (upstream: the same)

    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATA)))
    cerebro.addstrategy(S)
    cerebro.run()
    return got


def test_line_reads_as_upstream():
    got = _reads_at_bar_12()
    assert got['consts'] == (0, 1, 2, 0, 2, 1)
    assert got['idx'] == (11, 12, 255)
    assert got['plot'] == ([3604.33, 3614.34, 3652.46], 12, [3614.34, 3652.46, 3650.24],
                           [3604.33, 3614.34, 3652.46])
    plotrange, tail = got['plotrange']
    assert type(plotrange) is array and list(plotrange) == [3604.33, 3614.34, 3652.46]
    assert tail == [4134.86, 4130.66, 4119.94]
    assert got['getindicators'] == []
    assert got['hooks'] == (None,) * 11
    assert got['op'] == (11, 12, 0, 0, [], 11)
    assert got['op_reads'] == ([25.59999999999991, 10.260000000000218, 37.23000000000002],
                               10.260000000000218, [25.59999999999991, 10.260000000000218],
                               [37.23000000000002, -1.9500000000002728])
    assert got['op_tm'] == (-0.5, True, -29, 1, 0)
    plotted = got['line_plot']
    assert all(math.isnan(v) for v in plotted[:4])
    assert plotted[4:] == [3637.672, 3651.1620000000003]
    assert got['alias'] == ((), '', (), '', (), 'MovingAverageSimple')
    assert got['buflen'] == (255, 255)
    assert got['datetime'] == got['date'] == 'ValueError'


# -- once_via_next and friends -------------------------------------------------------------
VIA = textwrap.dedent('''
    import datetime
    import backtrader as bt

    class Ind(bt.Indicator):
        lines = ('x', 'y')
        params = (('period', 3),)

        def __init__(self):
            self.addminperiod(self.p.period)

        def prenext(self):
            self.lines.y[0] = -1.0

        def nextstart(self):
            self.lines.y[0] = -2.0
            self.next()

        def next(self):
            self.lines.x[0] = (sum(self.data.get(size=self.p.period)) / self.p.period
                               + len(self) * 0.001)
            if self.lines.y[0] != self.lines.y[0]:
                self.lines.y[0] = self.data[0] - self.data[-1]

        preonce = bt.Indicator.preonce_via_prenext
        oncestart = bt.Indicator.oncestart_via_nextstart
        once = bt.Indicator.once_via_next

    class Ind2(Ind):
        def once(self, start, end):
            self.once_via_next(start, end)

    class S(bt.Strategy):
        def __init__(self):
            self.a = Ind(period=4)
            self.b = Ind2(self.data.high, period=2)

        def next(self):
            print(len(self), '%.4f %.4f %.4f %.4f' % (self.a.x[0], self.a.y[0], self.b.x[0],
                                                       self.b.y[0]), self.a.x[-1] == self.a.x[-1])

    for runonce in (True, False):
        cerebro = bt.Cerebro(runonce=runonce, stdstats=False)
        cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=DATA_FILE,
                                                   todate=datetime.datetime(2006, 2, 15)))
        cerebro.addstrategy(S)
        cerebro.run()
''')

# what upstream printed for VIA (bars 4, 5, 15 and 32 of each mode)
VIA_EXPECTED = {
    '4': '4 3630.3465 -2.0000 3657.0590 9.1900 False',
    '5': '5 3646.0125 16.7500 3664.3250 5.3400 True',
    '15': '15 3581.0800 -42.4200 3604.8700 15.0300 True',
    '32': '32 3721.1270 7.0200 3736.0920 17.2000 True',
}


def _via_script() -> str:
    return VIA.replace('DATA_FILE', repr(str(DATA)))


def test_once_via_next_as_upstream():
    lines = run_ours(_via_script()).splitlines()
    assert len(lines) == 58                         # 29 bars, once per mode
    for half in (lines[:29], lines[29:]):
        byfirst = {line.split()[0]: line for line in half}
        for bar, expected in VIA_EXPECTED.items():
            assert byfirst[bar] == expected


@pytest.mark.oracle
def test_once_via_next_equals_oracle(run_oracle):
    script = _via_script()
    assert run_ours(script).splitlines() == run_oracle(script).splitlines()
