"""Signals checked against values recorded from upstream (no oracle needed).

The literals below come from the oracle run of ``test_signals_oracle.py``
(upstream 1.9.78.123, ``2006-day-001.txt``/``-002``/``2006-volume-day-001.txt``):
per case the number of Submitted and Completed notifications, the final
cash and value, and the final position size on the target data. The cases
are built here in-process with the script's signal indicators.
"""
from __future__ import annotations

import pytest

import backtrader as bt
from signalscript import DATAS, PRELUDE

NS: dict = {}
exec(PRELUDE % {'datas': str(DATAS)}, NS)      # SmaCross, CloseSma, Cross, ZeroSizer...


class Count(bt.Analyzer):
    def start(self):
        self.submitted = self.completed = 0

    def notify_order(self, order):
        self.submitted += order.status == order.Submitted
        self.completed += order.status == order.Completed


def _volume_fills(c):
    c.addsizer(bt.sizers.FixedSize, stake=3)
    c.broker.set_filler(bt.broker.fillers.FixedSize(size=1))


class Wrapped(bt.SignalStrategy):
    def __init__(self):
        sma = bt.ind.SMA(period=15)
        self.signal_add(bt.SIGNAL_LONGSHORT, bt.Signal(self.data.close - sma))
        self.signal_add(bt.SIGNAL_SHORT, bt.Signal(bt.ind.CrossOver(self.data.close, sma)))


# label: (setup(cerebro), datas, runonce,
#         (submitted, completed, cash, value, position size on the target))
CASES = {
    'longshort smacross': (lambda c: c.add_signal(bt.SIGNAL_LONGSHORT, NS['SmaCross']),
                           ('2006-day-001.txt',), True,
                           (27, 27, '5676.100000', '9796.040000', 1)),
    'long + longexit': (lambda c: (c.add_signal(bt.SIGNAL_LONG, NS['SmaCross']),
                                   c.add_signal(bt.SIGNAL_LONGEXIT, NS['CloseSma'])),
                        ('2006-day-001.txt',), True,
                        (33, 33, '6100.810000', '10220.750000', 1)),
    # an exit of type _INV does not stop LONG from leaving on its own
    'long + longexit_inv (next)': (lambda c: (c.add_signal(bt.SIGNAL_LONG, NS['SmaCross']),
                                              c.add_signal(bt.SIGNAL_LONGEXIT_INV,
                                                           NS['CloseSma'])),
                                   ('2006-day-001.txt',), False,
                                   (160, 160, '9912.340000', '9912.340000', 0)),
    'short_inv + shortexit_any': (lambda c: (c.add_signal(bt.SIGNAL_SHORT_INV, NS['SmaCross']),
                                             c.add_signal(bt.SIGNAL_SHORTEXIT_ANY, NS['Cross'])),
                                  ('2006-day-001.txt',), True,
                                  (61, 61, '14226.000000', '10106.060000', -1)),
    'long_any crossover': (lambda c: c.add_signal(bt.SIGNAL_LONG_ANY, NS['Cross']),
                           ('2006-day-001.txt',), True,
                           (47, 47, '6020.840000', '10140.780000', 1)),
    'accumulate longshort': (lambda c: (c.add_signal(bt.SIGNAL_LONGSHORT, NS['SmaCross']),
                                        c.signal_accumulate(True)),
                             ('2006-day-001.txt',), True,
                             (248, 94, '599.180000', '8839.060000', 2)),
    'partial fills, not concurrent': (lambda c: (c.add_signal(bt.SIGNAL_LONGSHORT, NS['CloseSma']),
                                                 _volume_fills(c)),
                                      ('2006-volume-day-001.txt',), True,
                                      (100, 54, '3415.000000', '7572.000000', 1)),
    'partial fills, concurrent': (lambda c: (c.add_signal(bt.SIGNAL_LONGSHORT, NS['CloseSma']),
                                             _volume_fills(c), c.signal_concurrent(True)),
                                  ('2006-volume-day-001.txt',), True,
                                  (124, 53, '3672.000000', '7829.000000', 1)),
    'never filled, not concurrent': (lambda c: (c.add_signal(bt.SIGNAL_LONGSHORT, NS['SmaCross']),
                                                _volume_fills(c)),
                                     ('2006-day-001.txt',), True,
                                     (1, 0, '10000.000000', '10000.000000', 0)),
    'never filled, concurrent': (lambda c: (c.add_signal(bt.SIGNAL_LONGSHORT, NS['SmaCross']),
                                            _volume_fills(c), c.signal_concurrent(True)),
                                 ('2006-day-001.txt',), True,
                                 (235, 0, '10000.000000', '10000.000000', 0)),
    '_data index': (lambda c: (c.add_signal(bt.SIGNAL_LONGSHORT, NS['SmaCross']),
                               c.signal_strategy(bt.SignalStrategy, _data=1)),
                    ('2006-day-001.txt', '2006-day-002.txt'), True,
                    (27, 27, '5665.800000', '9785.740000', 1)),
    # closing orders are not waited for: on a data with gaps they pile up
    '_data negative': (lambda c: (c.add_signal(bt.SIGNAL_LONG, NS['CloseSma']),
                                  c.add_signal(bt.SIGNAL_LONGEXIT, NS['Body']),
                                  c.signal_strategy(bt.SignalStrategy, _data=-1)),
                       ('2006-day-001.txt', '2006-day-002.txt'), True,
                       (92, 92, '10686.310000', '10686.310000', 0)),
    'sizer zero sometimes': (lambda c: (c.add_signal(bt.SIGNAL_LONGSHORT, NS['CloseSma']),
                                        c.addsizer(NS['ZeroSizer'])),
                             ('2006-day-001.txt',), True,
                             (47, 47, '1618.220000', '9858.100000', 2)),
    'bt.Signal wrappers (runonce)': (lambda c: c.addstrategy(Wrapped), ('2006-day-001.txt',),
                                     True, (47, 47, '5873.100000', '9993.040000', 1)),
    'bt.Signal wrappers (next)': (lambda c: c.addstrategy(Wrapped), ('2006-day-001.txt',),
                                  False, (22, 22, '9807.510000', '9807.510000', 0)),
}


@pytest.mark.parametrize('label', list(CASES))
def test_recorded_upstream_results(label):
    setup, datas, runonce, expected = CASES[label]
    cer = bt.Cerebro(stdstats=False, runonce=runonce)
    for i, name in enumerate(datas):
        cer.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATAS / name)), name='d%d' % i)
    cer.addanalyzer(Count)
    setup(cer)
    strat = cer.run()[0]
    count = strat.analyzers[0]
    broker = cer.broker
    target = strat._dtarget if isinstance(strat, bt.SignalStrategy) else cer.datas[0]
    got = (count.submitted, count.completed, '%.6f' % broker.getcash(),
           '%.6f' % broker.getvalue(), broker.getposition(target).size)
    assert got == expected
