"""``strategy.writers``: upstream's list of a strategy's own writers, empty
unless ``_addwriter`` adds one (upstream printed ``[]`` in ``__init__`` and
``stop`` with ``Cerebro(writer=True)``, and ``['X']`` after
``self._addwriter('X')``); scripts reading it got AttributeError."""
import datetime

import pytest

import backtrader as bt
from conftest import DATAS

DATA = DATAS / '2006-day-001.txt'


@pytest.mark.skipif(not DATA.exists(), reason='shared data files missing')
def test_writers_list_as_upstream():
    seen = []

    class S(bt.Strategy):
        def __init__(self):
            seen.append(list(self.writers))
            self._addwriter('X')
            seen.append(list(self.writers))

        def stop(self):
            seen.append(list(self.writers))

    cerebro = bt.Cerebro(writer=True)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DATA),
                                               todate=datetime.datetime(2006, 1, 5)))
    cerebro.addstrategy(S)
    cerebro.run()
    assert seen == [[], ['X'], ['X']]
