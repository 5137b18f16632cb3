"""``line.array`` (``LineArray``): upstream's container to read and print, a
writable numpy view underneath (upstream's printed forms are in
``test_get_upstream.py``)."""
from __future__ import annotations

import pickle

import numpy as np
from hypothesis import given, strategies as st

from backtrader.lines.linearray import LineArray, line_array

values = st.lists(st.floats(allow_nan=True, allow_infinity=False, width=64), min_size=1,
                  max_size=30)


@given(values)
def test_items_and_iteration_are_python_floats(vals):
    arr = line_array(np.array(vals))
    assert all(type(arr[i]) is float for i in range(-len(vals), len(vals)))
    assert all(type(v) is float for v in arr)
    assert type(arr[np.int64(0)]) is float
    assert repr(arr) == "array('d', %r)" % (vals,)
    assert str(line_array(np.array(vals), maxlen=7)) == 'deque(%r, maxlen=7)' % (vals,)


def test_writes_reach_the_storage_and_numpy_results_are_plain():
    storage = np.zeros(6)
    arr = line_array(storage[1:4])
    arr[0] = 2.5
    arr[-1] = 4.0
    assert storage.tolist() == [0.0, 2.5, 0.0, 4.0, 0.0, 0.0]
    assert type(arr * 2) is np.ndarray and (arr * 2).tolist() == [5.0, 0.0, 8.0]
    assert type(np.mean(arr)) is np.float64
    assert type(arr[1:]) is LineArray and arr[1:].tolist() == [0.0, 4.0]
    assert repr(line_array(storage[:0])) == "array('d')"
    back = pickle.loads(pickle.dumps(arr))
    assert type(back) is np.ndarray and back.tolist() == [2.5, 0.0, 4.0]


def test_a_line_array_writes_through_in_once(tmp_path):
    import backtrader as bt

    class Doubled(bt.Indicator):
        lines = ('x',)

        def next(self):
            self.lines.x[0] = 2 * self.data[0]

        def once(self, start, end):
            src, dst = self.data.array, self.lines.x.array
            for i in range(start, end):
                dst[i] = 2 * src[i]

    class S(bt.Strategy):
        def __init__(self):
            self.d = Doubled(self.data.close)
            self.seen = []

        def next(self):
            self.seen.append((self.d[0], self.data.close[0]))

    csv = tmp_path / 'bars.csv'
    csv.write_text('Date,Open,High,Low,Close,Volume,OpenInterest\n' + ''.join(
        '2020-01-%02d,1,2,0.5,%d.25,10,0\n' % (day, day) for day in range(1, 11)))
    for runonce in (True, False):
        cerebro = bt.Cerebro(stdstats=False, runonce=runonce)
        cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(csv)))
        cerebro.addstrategy(S)
        strat = cerebro.run()[0]
        assert [d for d, _ in strat.seen] == [2 * c for _, c in strat.seen]
        assert len(strat.seen) == 10
