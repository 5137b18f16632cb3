"""Differential cases for upstream's tolerance (run under upstream and under
this project by test_tolerance_oracle.py; the outputs must be equal).

usage: tolerance_cases.py DATAFILE [NAMESPACE.NAME ...]   (built-in classes to skip)

Sections (``== name``) of lines; a built-in class that cannot be built without
the unknown keyword either prints ``NA``. Unknown keywords given to user classes of every family
(with and without an ``__init__`` taking them), to every built-in class of
every family, and orders upstream accepts (no price, price 0, brackets on the
"wrong" side, size 0, NaN, negative prices and sizes, unknown exectype...),
each with its notifications bar by bar. Exceptions print as the builtin class
upstream raises (``ParameterError`` is a ``TypeError``, ``OrderTypeError``
too).
"""
import datetime
import sys

import backtrader as bt

PATH = sys.argv[1]
SKIP = set(sys.argv[2:])        # placeholders of capabilities not written yet
BUILTIN_EXC = (TypeError, AttributeError, IndexError, KeyError, ValueError)


def outcome(fn):
    try:
        fn()
        return 'OK'
    except BUILTIN_EXC as e:
        return next(c.__name__ for c in BUILTIN_EXC if isinstance(e, c))
    except Exception as e:
        return 'ERR ' + type(e).__name__


def feed(**kwargs):
    return bt.feeds.BacktraderCSVData(dataname=PATH, todate=datetime.datetime(2006, 2, 28),
                                      **kwargs)


def run(strategy=bt.Strategy, stratkw=None, data=None, **adds):
    cer = bt.Cerebro(stdstats=False)
    cer.adddata(data if data is not None else feed())
    cer.addstrategy(strategy, **(stratkw or {}))
    for meth, (args, kwargs) in adds.items():
        getattr(cer, meth)(*args, **kwargs)
    cer.run()


def section(name):
    print('== ' + name)


# -- unknown keywords: user classes of every family --------------------------------------
def user_classes():
    section('kw-user')

    class Kw:
        """mixin: an __init__ taking any keyword (prints what it got)"""

        def __init__(self, *args, **kwargs):
            print('  %s got %s' % (type(self).__name__, sorted(kwargs)))

    class FeedKw(bt.feeds.BacktraderCSVData):
        def __init__(self, **kwargs):
            print('  FeedKw got', sorted(kwargs))

    class FeedNoKw(bt.feeds.BacktraderCSVData):
        def __init__(self):
            pass

    class StratNoInit(bt.Strategy):
        params = (('a', 1),)

        def start(self):
            print('  StratNoInit a=%s' % self.p.a)

    class StratKw(bt.Strategy):
        def __init__(self, **kwargs):
            print('  StratKw got', sorted(kwargs))

    class StratNoKw(bt.Strategy):
        def __init__(self):
            pass

    class IndNoInit(bt.Indicator):
        lines = ('x',)

        def next(self):
            self.lines.x[0] = 1.0

    class IndKw(bt.Indicator):
        lines = ('x',)

        def __init__(self, **kwargs):
            print('  IndKw got', sorted(kwargs))
            self.lines.x = self.data.close * 1.0

    class IndNoKw(bt.Indicator):
        lines = ('x',)

        def __init__(self):
            self.lines.x = self.data.close * 1.0

    def with_ind(make):
        class S(bt.Strategy):
            def __init__(self):
                make(self)
        return S

    class AnNoInit(bt.Analyzer):
        pass

    class AnKw(bt.Analyzer):
        def __init__(self, **kwargs):
            print('  AnKw got', sorted(kwargs))

    class AnNoKw(bt.Analyzer):
        def __init__(self):
            pass

    class ObsNoInit(bt.Observer):
        lines = ('x',)

        def next(self):
            self.lines.x[0] = 1.0

    class ObsKw(bt.Observer):
        lines = ('x',)

        def __init__(self, **kwargs):
            print('  ObsKw got', sorted(kwargs))

    class ObsNoKw(bt.Observer):
        lines = ('x',)

        def __init__(self):
            pass

    class SizerNoInit(bt.Sizer):
        pass

    class SizerKw(bt.Sizer):
        def __init__(self, **kwargs):
            print('  SizerKw got', sorted(kwargs))

    class SizerNoKw(bt.Sizer):
        def __init__(self):
            pass

    class BrokerKw(bt.brokers.BackBroker):
        def __init__(self, **kwargs):
            print('  BrokerKw got', sorted(kwargs))
            super().__init__()

    class BrokerNoKw(bt.brokers.BackBroker):
        def __init__(self):
            super().__init__()

    class CommNoInit(bt.CommInfoBase):
        pass

    class CommKw(bt.CommInfoBase):
        def __init__(self, **kwargs):
            print('  CommKw got', sorted(kwargs))
            super().__init__()

    class CommNoKw(bt.CommInfoBase):
        def __init__(self):
            super().__init__()

    class FltNoInit(bt.Filter):
        def next(self, data):
            pass

    class FltKw(bt.Filter):
        def __init__(self, data, **kwargs):
            print('  FltKw got', sorted(kwargs))

        def next(self, data):
            pass

    class FltNoKw(bt.Filter):
        def __init__(self, data):
            pass

        def next(self, data):
            pass

    class PlainFilter:
        def __init__(self, data, colour=None):
            print('  PlainFilter colour', colour)

        def __call__(self, data):
            return False

    def with_filter(cls, **kwargs):
        data = feed()
        data.addfilter(cls, **kwargs)
        run(data=data)

    K = dict(colour='red')
    cases = [
        ('feed-csv', lambda: feed(buffered=True, apikey='k')),
        ('feed-generic', lambda: bt.feeds.GenericCSVData(dataname=PATH, buffered=True)),
        ('feed-yahoo', lambda: bt.feeds.YahooFinanceCSVData(dataname=PATH, apikey='k')),
        ('feed-user-kw', lambda: FeedKw(dataname=PATH, **K)),
        ('feed-user-nokw', lambda: FeedNoKw(dataname=PATH, **K)),
        ('feed-run', lambda: run(data=feed(**K))),
        ('strat-base', lambda: run(stratkw=K)),
        ('strat-noinit', lambda: run(StratNoInit, dict(a=2, **K))),
        ('strat-kw', lambda: run(StratKw, K)),
        ('strat-nokw', lambda: run(StratNoKw, K)),
        ('ind-noinit', lambda: run(with_ind(lambda s: IndNoInit(s.data, **K)))),
        ('ind-kw', lambda: run(with_ind(lambda s: IndKw(s.data, **K)))),
        ('ind-nokw', lambda: run(with_ind(lambda s: IndNoKw(s.data, **K)))),
        ('ind-sma-typo', lambda: run(with_ind(lambda s: bt.ind.SMA(s.data, perod=3)))),
        ('an-noinit', lambda: run(addanalyzer=((AnNoInit,), K))),
        ('an-kw', lambda: run(addanalyzer=((AnKw,), K))),
        ('an-nokw', lambda: run(addanalyzer=((AnNoKw,), K))),
        ('obs-noinit', lambda: run(addobserver=((ObsNoInit,), K))),
        ('obs-kw', lambda: run(addobserver=((ObsKw,), K))),
        ('obs-nokw', lambda: run(addobserver=((ObsNoKw,), K))),
        ('sizer-noinit', lambda: run(addsizer=((SizerNoInit,), K))),
        ('sizer-kw', lambda: run(addsizer=((SizerKw,), K))),
        ('sizer-nokw', lambda: run(addsizer=((SizerNoKw,), K))),
        ('broker-kw', lambda: BrokerKw(**K)),
        ('broker-nokw', lambda: BrokerNoKw(**K)),
        ('broker-setcommission', lambda: bt.Cerebro().broker.setcommission(commission=0.1, **K)),
        ('comm-noinit', lambda: CommNoInit(**K)),
        ('comm-kw', lambda: CommKw(**K)),
        ('comm-nokw', lambda: CommNoKw(**K)),
        ('flt-noinit', lambda: with_filter(FltNoInit, **K)),
        ('flt-kw', lambda: with_filter(FltKw, **K)),
        ('flt-nokw', lambda: with_filter(FltNoKw, **K)),
        ('flt-plain', lambda: with_filter(PlainFilter, **K)),
        ('cerebro', lambda: bt.Cerebro(**K)),
        ('cerebro-run', lambda: run(**{})),
        ('writer', lambda: run(addwriter=((bt.WriterStringIO,), K))),
    ]
    for label, fn in cases:
        print(label, outcome(fn))


# -- unknown keywords: every built-in class --------------------------------------------
def family(nsname, base):
    namespace = getattr(bt, nsname)
    seen, out = set(), []
    for name in sorted(dir(namespace)):
        cls = getattr(namespace, name)
        if (isinstance(cls, type) and issubclass(cls, base) and cls is not base
                and cls not in seen and '%s.%s' % (nsname, name) not in SKIP):
            seen.add(cls)
            out.append((name, cls))
    return out


def builtin_indicators():
    section('kw-builtin-indicators')
    results = []

    class S(bt.Strategy):
        def __init__(self):
            for name, cls in family('indicators', bt.Indicator):
                # the inputs it can be built with (one data, or two for the
                # two-input indicators); kwargs tried with the same inputs
                for datas in ((self.data,), (self.data0, self.data1)):
                    if outcome(lambda: cls(*datas)) == 'OK':
                        results.append((name, outcome(lambda: cls(*datas, colour='red'))))
                        break
                else:
                    results.append((name, 'NA'))
            raise bt.StrategySkipError()

    cer = bt.Cerebro(stdstats=False)
    cer.adddata(feed())
    cer.adddata(feed())
    cer.addstrategy(S)
    cer.run()
    for name, res in results:
        print(name, res)


def builtin_added(meth, nsname, base):
    section('kw-builtin-' + meth)
    for name, cls in family(nsname, base):
        if outcome(lambda: run(**{meth: ((cls,), {})})) != 'OK':
            print(name, 'NA')
        else:
            print(name, outcome(lambda: run(**{meth: ((cls,), {'colour': 'red'})})))


def builtin_made(label, pairs, *args, **kwargs):
    section('kw-builtin-' + label)
    for name, cls in pairs:
        if outcome(lambda: cls(*args, **kwargs)) != 'OK':
            print(name, 'NA')
        else:
            print(name, outcome(lambda: cls(*args, colour='red', **kwargs)))


#: upstream's filters (bt.filters also holds names it imported for itself)
FILTERS = ('BarReplayer_Open', 'CalendarDays', 'DataFiller', 'DataFilter', 'DaySplitter_Close',
           'DayStepsFilter', 'HeikinAshi', 'Renko', 'SessionFiller', 'SessionFilter',
           'SessionFilterSimple')


# -- orders upstream accepts ------------------------------------------------------------
def orders():
    O = bt.Order
    NAN = float('nan')

    def fmt(x):
        return '%.4f' % x if isinstance(x, float) else repr(x)

    def one(label, action, runonce=True):
        section('order-' + label)
        out = []

        class S(bt.Strategy):
            def notify_order(self, o):
                out.append('  %d %d %s %s sz=%s pr=%s cpr=%s plim=%s ex=%s/%s' % (
                    len(self), o.ref - base[0], o.getstatusname(), o.exectype, fmt(o.size),
                    fmt(o.price), fmt(o.created.price), fmt(o.pricelimit),
                    fmt(o.executed.size), fmt(o.executed.price)))

            def notify_trade(self, t):
                out.append('  trade %d %s %s' % (len(self), t.status, fmt(t.pnl)))

            def next(self):
                if len(self) == 3:
                    ret = action(self)
                    rets = ret if isinstance(ret, (list, tuple)) else [ret]
                    out.append('  ret ' + ' '.join(type(o).__name__ for o in rets))
                if len(self) == 11:
                    self.env.runstop()

        base = [bt.BuyOrder(owner=None, data=None, size=1, simulated=True).ref]
        cer = bt.Cerebro(stdstats=False, runonce=runonce)
        cer.adddata(feed())
        cer.addstrategy(S)
        res = outcome(cer.run)
        print(res, fmt(cer.broker.getvalue()) if res == 'OK' else '')
        for line in out:
            print(line)

    C = lambda s: s.data.close[0]      # noqa: E731
    cases = [
        ('limit-noprice-sizer', lambda s: s.buy(exectype=O.Limit)),
        ('limit-price0', lambda s: s.sell(size=1, exectype=O.Limit, price=0.0)),
        ('stop-noprice', lambda s: s.buy(size=1, exectype=O.Stop)),
        ('stop-price0', lambda s: s.sell(size=1, exectype=O.Stop, price=0)),
        ('stoplimit-noplimit', lambda s: s.buy(size=1, exectype=O.StopLimit, price=C(s) + 0.5)),
        ('stoplimit-plimit-only', lambda s: s.sell(size=1, exectype=O.StopLimit,
                                                   plimit=C(s) - 0.5)),
        ('stoplimit-nothing', lambda s: s.buy(size=1, exectype=O.StopLimit)),
        ('limit-plimit-only', lambda s: s.buy(size=1, exectype=O.Limit, plimit=C(s) - 0.3)),
        ('stoptrail-noprice', lambda s: s.sell(size=1, exectype=O.StopTrail, trailamount=0.5)),
        ('bracket-stop-above', lambda s: s.buy_bracket(size=1, price=C(s), stopprice=C(s) + 0.5,
                                                       limitprice=C(s) + 1)),
        ('bracket-limit-below', lambda s: s.buy_bracket(size=1, price=C(s), stopprice=C(s) - 1,
                                                        limitprice=C(s) - 0.5)),
        ('bracket-equal', lambda s: s.buy_bracket(size=1, price=C(s), stopprice=C(s),
                                                  limitprice=C(s))),
        ('bracket-noprices', lambda s: s.buy_bracket(size=1)),
        ('bracket-nostop', lambda s: s.buy_bracket(size=1, price=C(s), limitprice=C(s) + 1)),
        ('bracket-nolimit', lambda s: s.buy_bracket(size=1, price=C(s), stopprice=C(s) - 1)),
        ('sbracket-wrong', lambda s: s.sell_bracket(size=1, price=C(s), stopprice=C(s) - 0.5,
                                                    limitprice=C(s) + 0.5)),
        ('sbracket-noprices-market', lambda s: s.sell_bracket(size=1, exectype=O.Market)),
        ('sbracket-price0', lambda s: s.sell_bracket(size=1, price=0, stopprice=0,
                                                     limitprice=0)),
        ('size0-buy', lambda s: s.buy(size=0)),
        ('size0-sell', lambda s: s.sell(size=0)),
        ('size0-limit', lambda s: s.buy(size=0, price=1.0, exectype=O.Limit)),
        ('size0-bracket', lambda s: s.buy_bracket(size=0, price=C(s), stopprice=C(s) - 1,
                                                  limitprice=C(s) + 1)),
        ('size-nan', lambda s: s.buy(size=NAN)),
        ('size-nan-sell', lambda s: s.sell(size=NAN)),
        ('price-nan-limit', lambda s: s.buy(size=1, price=NAN, exectype=O.Limit)),
        ('price-nan-market', lambda s: s.buy(size=1, price=NAN)),
        ('price-nan-stop', lambda s: s.sell(size=1, price=NAN, exectype=O.Stop)),
        ('plimit-nan', lambda s: s.buy(size=1, price=C(s), plimit=NAN, exectype=O.StopLimit)),
        ('price-neg-limit', lambda s: s.buy(size=1, price=-1.0, exectype=O.Limit)),
        ('price-neg-limit-sell', lambda s: s.sell(size=1, price=-1.0, exectype=O.Limit)),
        ('price-neg-market', lambda s: s.buy(size=1, price=-1.0)),
        ('price-neg-stop', lambda s: s.sell(size=1, price=-5.0, exectype=O.Stop)),
        ('plimit-neg', lambda s: s.buy(size=1, plimit=-1.0, price=C(s), exectype=O.StopLimit)),
        ('size-neg-strategy', lambda s: s.sell(size=-1)),
        ('size-neg-broker-buy', lambda s: s.broker.buy(s, s.data, -1)),
        ('size-neg-broker-sell', lambda s: s.broker.sell(s, s.data, -2)),
        ('size0-broker', lambda s: s.broker.sell(s, s.data, 0)),
        ('exectype-42', lambda s: s.buy(size=1, exectype=42)),
        ('exectype-str', lambda s: s.buy(size=1, exectype='Limit', price=10.0)),
        ('exectype-neg', lambda s: s.buy(size=1, exectype=-1)),
        ('exectype-float', lambda s: s.buy(size=1, exectype=2.0, price=C(s) - 0.2)),
        ('valid-str', lambda s: s.buy(size=1, valid='tomorrow')),
        ('valid-list', lambda s: s.buy(size=1, valid=[1, 2])),
        ('size-str', lambda s: s.buy(size='1')),
        ('sizer-price-neg', lambda s: s.buy(price=-1.0, exectype=O.Limit)),
        ('target-value-small', lambda s: s.order_target_value(target=1.0)),
        ('data-none-broker', lambda s: s.broker.buy(s, None, 1)),
    ]
    for label, action in cases:
        one(label, action)
    # next mode (and the observers) for a few
    for label, action in cases[:3] + cases[9:10] + cases[22:23] + cases[36:38]:
        one(label + '-next', action, runonce=False)


if __name__ == '__main__':
    user_classes()
    builtin_indicators()
    builtin_added('addobserver', 'observers', bt.Observer)
    builtin_added('addanalyzer', 'analyzers', bt.Analyzer)
    builtin_added('addsizer', 'sizers', bt.Sizer)
    builtin_made('commissions', family('commissions', bt.CommInfoBase) +
                 [('CommInfoBase', bt.CommInfoBase), ('CommissionInfo', bt.CommissionInfo)])
    builtin_made('feeds', family('feeds', bt.feed.AbstractDataBase), dataname=PATH)
    builtin_made('filters', [(n, getattr(bt.filters, n)) for n in FILTERS
                             if 'filters.' + n not in SKIP], feed())
    builtin_made('brokers', [('BackBroker', bt.brokers.BackBroker)])
    builtin_made('fillers', [(n, getattr(bt.fillers, n)) for n in
                             ('FixedSize', 'FixedBarPerc', 'BarPointPerc')])
    orders()
