"""Small facts of the namespace: version, timer and calendar constants, the
``Filter`` base, the ``Store`` base, ``bt.talib``.

Expected values come from the oracle (``PYTHONPATH=.oracle``):
printed attributes, and the outputs noted at each test.
"""
from __future__ import annotations

import datetime

import pytest

import backtrader as bt
from backtrader.core.errors import ParameterError
from conftest import DATAS


def test_version():
    # upstream: bt.version.__version__, bt.version.__btversion__
    assert bt.version.__version__ == '1.9.78.123'
    assert bt.version.__btversion__ == (1, 9, 78, 123)
    assert bt.__version__ == bt.version.__version__
    assert bt.__btversion__ == bt.version.__btversion__


def test_timer_constants():
    assert (bt.SESSION_TIME, bt.SESSION_START, bt.SESSION_END) == (0, 1, 2)
    assert (bt.timer.SESSION_TIME, bt.timer.SESSION_START, bt.timer.SESSION_END) == (0, 1, 2)
    assert bt.timer.Timer is bt.Timer


def test_tradingcal_constants():
    tc = bt.tradingcal
    assert (tc.MONDAY, tc.TUESDAY, tc.WEDNESDAY, tc.THURSDAY, tc.FRIDAY, tc.SATURDAY,
            tc.SUNDAY) == tuple(range(7))
    assert (tc.ISONODAY, tc.ISOMONDAY, tc.ISOTUESDAY, tc.ISOWEDNESDAY, tc.ISOTHURSDAY,
            tc.ISOFRIDAY, tc.ISOSATURDAY, tc.ISOSUNDAY) == tuple(range(8))
    assert tc.WEEKEND == [5, 6] and tc.ISOWEEKEND == [6, 7]
    assert tc.ONEDAY == datetime.timedelta(days=1)
    assert tc.UTC is bt.utils.UTC


# --- Filter -----------------------------------------------------------------------------
def test_filter_calls_nextstart_once_then_next():
    calls = []

    class Rec(bt.Filter):
        params = (('x', 1),)

        def nextstart(self, data):
            calls.append(('nextstart', data, self.p.x))
            return 'ignored'

        def next(self, data):
            calls.append(('next', data))
            return True

    f = Rec('D0', x=5)
    assert f._firsttime is True
    assert f('D1') is None and f._firsttime is False
    assert f('D2') is None
    assert calls == [('nextstart', 'D1', 5), ('next', 'D1'), ('next', 'D2')]
    base = bt.Filter('data')
    assert base('a') is None and base('b') is None
    assert list(bt.Filter.params._getitems()) == []


def test_filter_bad_arguments():
    with pytest.raises(TypeError):
        bt.Filter()
    with pytest.raises(TypeError):
        bt.Filter('a', 'b')
    with pytest.raises(ParameterError):
        bt.Filter('a', y=2)


FILTER_RUN = """\
import backtrader as bt
class Scale(bt.Filter):
    params = (('factor', 2.0),)
    def nextstart(self, data):
        data.open[0] = -1.0
    def next(self, data):
        data.close[0] = data.close[0] * self.p.factor
        return True   # ignored: the bar stays
class S(bt.Strategy):
    def next(self):
        if len(self) in (1, 2, 255):
            print(len(self), self.data.open[0], self.data.close[0])
    def stop(self):
        print('len', len(self.data))
for ro in (True, False):
    c = bt.Cerebro(stdstats=False, runonce=ro)
    d = bt.feeds.BacktraderCSVData(dataname=%r)
    d.addfilter(Scale, factor=0.5)
    c.adddata(d); c.addstrategy(S); c.run()
"""

# upstream output of FILTER_RUN
FILTER_RUN_EXPECTED = ('1 -1.0 1802.165\n2 3604.08 1807.17\n255 4130.12 2059.97\nlen 255\n' * 2)


def test_filter_subclass_in_a_run_matches_upstream(run_ours):
    assert run_ours(FILTER_RUN % str(DATAS / '2006-day-001.txt')) == FILTER_RUN_EXPECTED


# --- Store ------------------------------------------------------------------------------
class _Data:
    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs


class _Broker(_Data):
    pass


def test_store_is_a_singleton_per_class():
    class MyStore(bt.Store):
        params = (('x', 1),)
        DataCls, BrokerCls = _Data, _Broker

    class Other(bt.Store):
        pass

    first = MyStore(x=3)
    assert MyStore() is first and MyStore(x=9) is first and first.p.x == 3
    # later calls ignore their arguments entirely (upstream: no error either)
    assert MyStore(1) is first and MyStore(y=1) is first
    assert Other() is Other() and Other() is not first
    assert MyStore._singleton is first and Other._singleton is Other()

    class Sub(MyStore):
        pass

    assert Sub() is not first and Sub._singleton is not MyStore._singleton


def test_store_first_creation_checks_arguments():
    class Fresh(bt.Store):
        pass

    with pytest.raises(TypeError):
        Fresh(1)
    with pytest.raises(ParameterError):
        Fresh(foo=1)
    assert Fresh.__dict__.get('_singleton') is None   # nothing kept after a failure
    assert isinstance(Fresh(), Fresh)


def test_store_data_broker_and_notifications():
    class MyStore(bt.Store):
        DataCls, BrokerCls = _Data, _Broker

    store = MyStore()
    data = store.getdata(1, 2, y=3)
    assert (data.args, data.kwargs, data._store) == ((1, 2), {'y': 3}, store)
    broker = MyStore.getbroker(4, z=5)
    assert (broker.args, broker.kwargs, broker._store) == ((4,), {'z': 5}, MyStore)
    assert store._started is False

    class Feed:
        _env = 'ENV'

    feed = Feed()
    store.start(data=feed)
    assert store._started and store.datas == [feed] and store.broker is None
    assert store._env == store._cerebro == 'ENV'
    store.start(broker='BRK')
    assert store.broker == 'BRK' and store.datas == [feed]
    store.start(data=Feed())
    assert len(store.datas) == 2
    store.put_notification('m1', 1, 2, a=3)
    store.put_notification('m2')
    assert store.get_notifications() == [('m1', (1, 2), {'a': 3}), ('m2', (), {})]
    assert store.get_notifications() == []
    assert store.stop() is None


def test_store_without_classes_or_start():
    class Bare(bt.Store):
        pass

    bare = Bare()
    with pytest.raises(AttributeError):
        bare.get_notifications()        # upstream: no queue before start()
    with pytest.raises(TypeError):
        bare.getdata()                  # no DataCls
    with pytest.raises(TypeError):
        Bare.getbroker()                # no BrokerCls
    bare.start()
    assert bare.datas == [] and bare.broker is None and bare.get_notifications() == []
    assert bt.store.Store is bt.Store and list(bt.Store.params._getitems()) == []


# --- talib ------------------------------------------------------------------------------
def test_talib_module_is_empty():
    public = [n for n in dir(bt.talib) if not n.startswith('_') and n != 'annotations']
    assert public == []


def test_stdlib_names_of_upstreams_namespace_stay_reachable():
    # upstream's star imports leave these in ``backtrader``; legacy scripts use
    # them (``bt.datetime.datetime(...)``): reachable, not listed by dir()
    import collections.abc
    import datetime
    import itertools
    import math
    import pprint
    assert bt.datetime is datetime and bt.math is math and bt.pp is pprint
    assert bt.collectionsAbc is collections.abc and bt.itertools is itertools
    assert bt.date is datetime.date and bt.timedelta is datetime.timedelta
    assert bt.islice is itertools.islice
    assert bt.bt is bt and bt.backtrader is bt
    assert 'datetime' not in dir(bt)
    with pytest.raises(AttributeError):
        bt.no_such_name
