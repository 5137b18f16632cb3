"""Legacy code building its classes with upstream's metaclass names, run
under upstream and under this project by test_legacy_names_oracle.py (the
outputs must be equal): ``with_metaclass`` with ``MetaParams`` from every
namespace that has it, a user singleton metaclass derived from ``MetaParams``,
the broker/feed registration pattern of live stores (``BrokerBase.__class__``),
indicators/analyzers/strategies built with ``MetaIndicator``/``MetaAnalyzer``/
``MetaStrategy``, and ``bt.indicators.movav``/``newcls``.

usage: legacy_names_cases.py DATAFILE
"""
import sys

import backtrader as bt
from backtrader.metabase import MetaParams
from backtrader.utils.py3 import with_metaclass

PATH = sys.argv[1]

class X(bt.with_metaclass(bt.MetaParams, object)):
    params = (('a', 1),)
print('X', X().p.a, X(a=5).p.a, list(X.params._getkeys()), type(X).__name__,
      isinstance(X, bt.MetaParams))

class MetaSingleton(MetaParams):
    def __init__(cls, name, bases, dct):
        super().__init__(name, bases, dct)
        cls._singleton = None
    def __call__(cls, *args, **kwargs):
        if cls._singleton is None:
            cls._singleton = super().__call__(*args, **kwargs)
        return cls._singleton

class MyStore(with_metaclass(MetaSingleton, object)):
    params = (('token', ''),)
    def __init__(self, extra=None):
        self.extra = extra
s1 = MyStore(token='t', extra=2)
s2 = MyStore(token='u')
print('singleton', s1 is s2, s1.p.token, s1.extra, type(MyStore).__name__)

class MetaMyBroker(bt.BrokerBase.__class__):
    def __init__(cls, name, bases, dct):
        super().__init__(name, bases, dct)
        MyStore.BrokerCls = cls
class MyBroker(with_metaclass(MetaMyBroker, bt.BrokerBase)):
    params = (('x', 3),)
    def __init__(self, **kwargs):
        super().__init__()
        self.kw = kwargs
b = MyBroker(x=4, foo=1)
print('broker', MyStore.BrokerCls is MyBroker, b.p.x, b.kw, isinstance(b, bt.BrokerBase),
      'commission' in MyBroker.params._getkeys())

class MetaMyFeed(bt.feeds.DataBase.__class__):
    def __init__(cls, name, bases, dct):
        super().__init__(name, bases, dct)
        MyStore.DataCls = cls
class MyFeed(with_metaclass(MetaMyFeed, bt.feeds.DataBase)):
    params = (('sym', 'X'),)
print('feed', MyStore.DataCls is MyFeed, MyFeed(sym='Y').p.sym, MyFeed().p.timeframe)

class Y(X):
    params = (('b', 2),)
print('Y', Y().p.a, Y(b=3).p.b, list(Y.params._getkeys()), type(Y).__name__)

for M in (bt.MetaParams, bt.metabase.MetaParams, bt.feeds.MetaParams, bt.fillers.MetaParams,
          bt.broker.MetaParams, bt.comminfo.MetaParams, bt.order.MetaParams, bt.sizer.MetaParams):
    class Z(bt.with_metaclass(M, object)):
        params = dict(q=7)
    print('Z', Z(q=8).p.q, Z().p.q)

class W(bt.metabase.with_metaclass(bt.metabase.MetaParams, object)):
    params = (('a', 1),)
    def __init__(self, v):
        self.v = v
w = W(9, a=4)
print('W', w.v, w.p.a)

class MyInd(bt.with_metaclass(bt.MetaIndicator, bt.Indicator)):
    lines = ('x',)
    params = (('k', 2.0),)
    def __init__(self):
        self.lines.x = self.data.close * self.p.k
class MyAn(bt.with_metaclass(bt.MetaAnalyzer, bt.Analyzer)):
    def start(self):
        self.n = 0
    def next(self):
        self.n += 1
    def get_analysis(self):
        return {'n': self.n}
class S(bt.with_metaclass(bt.MetaStrategy, bt.Strategy)):
    params = (('z', 1),)
    def __init__(self):
        self.i = MyInd(k=3.0)
    def next(self):
        if len(self) < 3:
            print('ind %.2f' % self.i.x[0], self.p.z)
cer = bt.Cerebro()
cer.adddata(bt.feeds.BacktraderCSVData(dataname=PATH))
cer.addstrategy(S, z=5)
cer.addanalyzer(MyAn, _name='my')
r = cer.run()
print('an', r[0].analyzers.my.get_analysis())
import backtrader.indicators as btind
print('movav', btind.movav.__name__, btind.newcls.__name__, bt.indicators.envelope.newcls.__name__,
      bt.indicators.oscillator.movav.__name__, btind.newcls.alias)
print('wm', bt.with_metaclass.__name__, bt.with_metaclass is bt.metabase.with_metaclass)


class Direct(object, metaclass=bt.MetaParams):
    params = (('d', 4),)


print('direct', Direct().p.d, Direct(d=6).p.d, type(Direct).__name__)

