"""A random trader for checkpoint tests, and the runs that compare an
interrupted-then-resumed run with an uninterrupted one.

``RandomTrader`` draws its decisions from ``self.rng`` (a ``random.Random``
kept as a user attribute: its state is part of what a checkpoint must
carry) and keeps its open orders in a list (orders the broker holds too:
their identity must survive). It places market, limit, stop, stop-limit and
trailing orders, brackets and OCO pairs, cancels, closes, orders with a
validity, and prints every notification and trade. ``transcript`` returns
everything a run printed plus its analyzers' results, the observers' lines
and the final broker figures, for exact comparison.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import random

import backtrader as bt
from backtrader.sampledata import sample_path

DATA = sample_path()
START = dt.datetime(2010, 1, 1)


def data_feed(todate=None, path=DATA):
    return bt.feeds.GenericCSVData(dataname=path, dtformat='%Y-%m-%d', openinterest=-1,
                                   todate=todate)


def _f(x) -> str:
    return repr(float(x)) if x is not None else 'None'


class RandomTrader(bt.Strategy):
    params = (('seed', 0), ('activity', 0.35), ('readvalue', True))

    def __init__(self):
        self.rng = random.Random(self.p.seed)
        self.sma = bt.ind.SMA(period=5)
        self.cross = bt.ind.CrossOver(self.data.close, self.sma)
        self.working = []
        self.state.register('seen', 0)
        self.counts = {'orders': 0, 'trades': 0}

    def say(self, *parts):
        print('%d %s %s' % (len(self), self.data.datetime.date(0).isoformat(),
                            ' '.join(str(p) for p in parts)))

    def notify_order(self, order):
        self.counts['orders'] += 1
        self.say('order', order.ref, order.ordtypename(), order.getordername(),
                 order.getstatusname(), _f(order.size), _f(order.price),
                 _f(order.executed.size), _f(order.executed.price), _f(order.executed.comm))
        if not order.alive() and order in self.working:
            self.working.remove(order)

    def notify_trade(self, trade):
        self.counts['trades'] += 1
        self.say('trade', trade.ref, trade.status, _f(trade.size), _f(trade.price),
                 _f(trade.pnl), _f(trade.pnlcomm))

    def next(self):
        self.state['seen'] = self.state['seen'] + 1
        rng = self.rng
        close = self.data.close[0]
        if self.p.readvalue:
            self.say('bar', _f(close), _f(self.broker.getcash()), _f(self.broker.getvalue()),
                     _f(self.position.size), _f(self.sma[0]))
        if rng.random() > self.p.activity:
            return
        kind = rng.choice(['market', 'limit', 'stop', 'stoplimit', 'trail', 'bracket', 'oco',
                           'cancel', 'close', 'target', 'valid'])
        size = rng.randint(1, 8)
        buy = rng.random() < 0.5
        side = self.buy if buy else self.sell
        x = rng.uniform(0.0, 0.03)
        up, down = close * (1 + x), close * (1 - x)
        made = []
        if kind == 'market':
            made.append(side(size=size))
        elif kind == 'limit':
            made.append(side(size=size, exectype=bt.Order.Limit, price=down if buy else up))
        elif kind == 'stop':
            made.append(side(size=size, exectype=bt.Order.Stop, price=up if buy else down))
        elif kind == 'stoplimit':
            made.append(side(size=size, exectype=bt.Order.StopLimit, price=up if buy else down,
                             plimit=close))
        elif kind == 'trail':
            if rng.random() < 0.5:
                made.append(side(size=size, exectype=bt.Order.StopTrail,
                                 trailamount=close * x + 0.01))
            else:
                made.append(side(size=size, exectype=bt.Order.StopTrail, trailpercent=x + 0.001))
        elif kind == 'bracket':
            if buy:
                made.extend(self.buy_bracket(size=size, price=down, stopprice=down * 0.98,
                                             limitprice=up * 1.01))
            else:
                made.extend(self.sell_bracket(size=size, price=up, stopprice=up * 1.02,
                                              limitprice=down * 0.99))
        elif kind == 'oco':
            first = side(size=size, exectype=bt.Order.Limit, price=down if buy else up)
            second = side(size=size, exectype=bt.Order.Stop, price=up if buy else down,
                          oco=first)
            made.extend([first, second])
        elif kind == 'cancel':
            if self.working:
                self.cancel(self.working[rng.randrange(len(self.working))])
        elif kind == 'close':
            made.append(self.close())
        elif kind == 'target':
            made.append(self.order_target_size(target=rng.randint(-6, 6)))
        elif kind == 'valid':
            made.append(side(size=size, exectype=bt.Order.Limit, price=down if buy else up,
                             valid=self.data.datetime.date(0) + dt.timedelta(days=3)))
        self.working.extend(o for o in made if o is not None)


def build(seed: int, runonce: bool = True, exactbars: int = 0, todate=None, path=DATA,
          readvalue: bool = True, activity: float = 0.35, strategy=None) -> bt.Cerebro:
    cerebro = bt.Cerebro(runonce=runonce, exactbars=exactbars)
    cerebro.adddata(data_feed(todate, path))
    cerebro.broker.setcommission(commission=0.001)
    cerebro.broker.setcash(100000.0)
    cerebro.addstrategy(strategy or RandomTrader, seed=seed, readvalue=readvalue,
                        activity=activity)
    cerebro.addanalyzer(bt.analyzers.TradeAnalyzer, _name='ta')
    cerebro.addanalyzer(bt.analyzers.DrawDown, _name='dd')
    cerebro.addanalyzer(bt.analyzers.SQN, _name='sqn')
    cerebro.addanalyzer(bt.analyzers.Transactions, _name='tx')
    cerebro.addanalyzer(bt.analyzers.TimeReturn, _name='tr', timeframe=bt.TimeFrame.Months)
    cerebro.addobserver(bt.observers.DrawDown)
    return cerebro


def _plain(obj):
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if isinstance(obj, float) and math.isnan(obj):
        return 'nan'
    return obj


def results(cerebro, strat) -> list:
    """What a finished run shows besides its prints: analyzers, observers,
    broker figures and the strategy's own counters."""
    out = ['len %d' % len(strat), 'value %r cash %r' % (cerebro.broker.getvalue(),
                                                       cerebro.broker.getcash())]
    for name in strat.analyzers.getnames():
        out.append('%s %r' % (name, _plain(strat.analyzers.getbyname(name).get_analysis())))
    for obs in strat.observers:
        for obs1 in (obs if isinstance(obs, list) else [obs]):
            for line in obs1.lines:
                values = [line[-i] for i in range(min(len(line), line.buflen()))] \
                    if line.maxlen else list(line.array[:len(line)])
                out.append('%s.%s %r' % (type(obs1).__name__, line._name, _plain(values)))
    out.append('counts %r seen %r' % (strat.counts, strat.state['seen']))
    return out


def transcript(run) -> list:
    """Printed lines of ``run()`` (returns (cerebro, strategy)) + its results."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        cerebro, strat = run()
    return buf.getvalue().splitlines() + (results(cerebro, strat) if strat is not None else [])


def uninterrupted(**kw) -> list:
    def run():
        cerebro = build(**kw)
        return cerebro, cerebro.run()[0]
    return transcript(run)
