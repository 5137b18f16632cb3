"""Legacy-script behaviours compared with upstream (see test_dropin_oracle.py).

Written against the classic backtrader API only: the same file runs under
upstream (``PYTHONPATH=<repo>/.oracle``) and under this project. Each section
prints a header ``@@ <name>`` and then what a user script would print; the
test compares the sections line by line.

usage: python dropin_script.py DATADIR [SECTION...]
"""
from __future__ import annotations

import datetime
import os
import sys
import traceback

import backtrader as bt

DATAS = sys.argv[1] if len(sys.argv) > 1 else '.'
DAY = os.path.join(DATAS, '2006-day-001.txt')
DAY2 = os.path.join(DATAS, '2006-day-002.txt')
WEEK = os.path.join(DATAS, '2006-week-001.txt')
MIN5 = os.path.join(DATAS, '2006-min-005.txt')
VOL1 = os.path.join(DATAS, '2006-01-02-volume-min-001.txt')


def val(line, ago=0):
    """``line[ago]`` rounded, or X where the read raises IndexError."""
    try:
        return round(line[ago], 6)
    except IndexError:
        return 'X'


def fval(line, ago=0):
    """``val`` as a float."""
    v = val(line, ago)
    return v if v == 'X' else float(v)


def daily(path=DAY, **kw):
    return bt.feeds.BacktraderCSVData(dataname=path, **kw)


# -- quicknotify ---------------------------------------------------------------------
class QNAnalyzer(bt.Analyzer):
    def notify_order(self, order):
        print('  AO', len(self.strategy), order.ref, order.getstatusname())

    def notify_trade(self, trade):
        print('  AT', len(self.strategy), trade.status, round(trade.pnl, 6))

    def notify_cashvalue(self, cash, value):
        if len(self.strategy) % 5 == 0:
            print('  ACV', len(self.strategy), round(cash, 6), round(value, 6))


class QNStrategy(bt.Strategy):
    def __init__(self):
        self.sma = bt.ind.SMA(period=3)

    def notify_order(self, order):
        print('O', len(self), len(self.data), order.ref, order.getstatusname(),
              order.executed.size, round(order.executed.price, 6))

    def notify_trade(self, trade):
        print('T', len(self), len(self.data), trade.status, trade.size, round(trade.pnl, 6))

    def next_open(self):
        if len(self) == 8:
            self.buy(size=1)

    def next(self):
        stats = self.stats
        print('N', len(self), val(self.sma), val(stats.buysell[0].buy), val(stats.buysell[0].sell),
              val(stats.trades.pnlplus), val(stats.trades.pnlminus), val(stats.broker.value))
        n = len(self)
        if n == 4:
            self.buy(size=2)
        elif n == 6:
            self.sell(size=2)
        elif n == 7:
            self.limit = self.buy(size=1, exectype=bt.Order.Limit,
                                  price=self.data.close[0] * 0.99)
        elif n == 9:
            self.sell(size=1)
            self.buy(size=1, exectype=bt.Order.Close)
        elif n == 12:
            self.close()
            self.cancel(self.buy(size=1, exectype=bt.Order.Limit,
                                 price=self.data.close[0] * 0.9))


def section_quicknotify():
    for runonce in (True, False):
        for quick in (True, False):
            for coo in (False, True):
                print('== runonce', runonce, 'quicknotify', quick, 'cheat_on_open', coo)
                cer = bt.Cerebro(runonce=runonce, quicknotify=quick, cheat_on_open=coo)
                cer.adddata(daily(todate=datetime.datetime(2006, 1, 31)))
                cer.addstrategy(QNStrategy)
                cer.addanalyzer(QNAnalyzer)
                cer.run()


# -- exactbars and Close orders filled from the previous close -----------------------------
class PrintingFiller:
    """A filler reporting what it is shown; fills at most 2 units a bar."""

    def __call__(self, order, price, ago):
        d = order.data
        print('  FILL', order.ref, ago, d.datetime.datetime(ago), val(d.volume, ago),
              val(d.close, ago), round(price, 6))
        return min(abs(order.executed.remsize), 2)


class CloseOrders(bt.Strategy):
    params = (('bars', ()), ('openbars', ()), ('sma', 0), ('size', 3))

    def __init__(self):
        if self.p.sma:
            self.sma = bt.ind.SMA(period=self.p.sma)

    def notify_order(self, order):
        ex = order.executed
        print('O', len(self), order.ref, order.getstatusname(), order.getordername(), ex.size,
              round(ex.price, 6), bt.num2date(ex.dt) if ex.dt else None,
              round(ex.value, 6), round(ex.comm, 6))

    def next_open(self):
        if len(self) + 1 in self.p.openbars:
            self.sell(size=self.p.size, exectype=bt.Order.Close)

    def next(self):
        if len(self) in self.p.bars:
            print('N', len(self), self.data.datetime.datetime(0), self.data.close[0])
            self.buy(size=self.p.size, exectype=bt.Order.Close)


# intraday files: (path, compression, bars placing Close orders -- around the
# end of the first session among others)
INTRADAY = ((MIN5, 5, (5, 80, 81, 150, 165, 166)),
            (VOL1, 1, (10, 583, 584, 700, 1353)))


def section_exactbars_close():
    for exactbars in (0, 1, -1, -2):
        for path, compression, bars in INTRADAY:
            for filler in ('print', 'barperc', None):
                for sma in (0, 3):
                    print('== intraday', os.path.basename(path), 'exactbars', exactbars,
                          'filler', filler, 'sma', sma)
                    cer = bt.Cerebro(exactbars=exactbars, stdstats=False)
                    cer.broker.set_cash(100000.0)
                    if filler == 'print':
                        cer.broker.set_filler(PrintingFiller())
                    elif filler == 'barperc':
                        cer.broker.set_filler(bt.fillers.FixedBarPerc(perc=0.1))
                    cer.adddata(bt.feeds.GenericCSVData(
                        dataname=path, timeframe=bt.TimeFrame.Minutes, compression=compression,
                        dtformat='%Y-%m-%d', tmformat='%H:%M:%S', datetime=0, time=1, open=2,
                        high=3, low=4, close=5, volume=6, openinterest=7,
                        todate=datetime.datetime(2006, 1, 4)))
                    cer.addstrategy(CloseOrders, sma=sma, bars=bars)
                    cer.run()
                    print('VALUE', round(cer.broker.getvalue(), 6))
        for coo in (True,):
            print('== daily next_open exactbars', exactbars)
            cer = bt.Cerebro(exactbars=exactbars, stdstats=False, cheat_on_open=coo)
            cer.broker.set_filler(PrintingFiller())
            cer.adddata(daily(path=os.path.join(DATAS, '2006-volume-day-001.txt')))
            cer.addstrategy(CloseOrders, bars=(3, 10), openbars=(5, 6, 20), size=1)
            cer.run()
            print('VALUE', round(cer.broker.getvalue(), 6))


# -- cheat-on-open: indicators in next_open ----------------------------------------------------
class OpenReader(bt.Strategy):
    params = (('multi', False),)

    def __init__(self):
        self.sma = bt.ind.SMA(self.data0, period=3)
        self.diff = self.data0.close - self.sma
        self.cross = bt.ind.CrossOver(self.data0.close, self.sma)
        if self.p.multi:
            self.sma1 = bt.ind.SMA(self.data1, period=2)
            self.rsi1 = bt.ind.RSI(self.data1, period=3)

    def show(self, tag):
        if self.p.multi:
            if not (len(self.sma) and len(self.sma1)):
                return
            extra = [len(self.data1), len(self.sma1), val(self.data1.datetime),
                     val(self.sma1), val(self.rsi1)]
        else:
            extra = []
        # (upstream keeps CrossOver's ints with exactbars=1: compared as floats)
        print(tag, len(self), len(self.data), len(self.sma), val(self.data.datetime),
              val(self.data.open), val(self.sma),
              val(self.sma, -1) if len(self.sma) > 1 else '-', val(self.diff),
              fval(self.cross), *extra)

    def prenext_open(self):
        self.show('PO')

    def nextstart_open(self):
        self.show('SO')
        self.next_open()

    def next_open(self):
        self.show('NO')
        if len(self) == 6:
            self.buy(size=1)

    def next(self):
        self.show('N')

    def notify_order(self, order):
        if order.status == order.Completed:
            print('O', len(self), order.executed.price)


def section_cheat_on_open():
    for runonce, preload, exactbars in ((True, True, 0), (True, False, 0), (False, True, 0),
                                        (False, False, 0), (False, True, -1), (False, False, 1)):
        print('== runonce', runonce, 'preload', preload, 'exactbars', exactbars)
        cer = bt.Cerebro(cheat_on_open=True, runonce=runonce, preload=preload,
                         exactbars=exactbars, stdstats=False)
        cer.adddata(daily(todate=datetime.datetime(2006, 1, 20)))
        cer.addstrategy(OpenReader)
        cer.run()
    for runonce in (True, False):
        print('== two datas runonce', runonce)
        cer = bt.Cerebro(cheat_on_open=True, runonce=runonce, stdstats=False)
        cer.adddata(daily(todate=datetime.datetime(2006, 2, 14)))
        cer.adddata(daily(path=WEEK, todate=datetime.datetime(2006, 2, 14)))
        cer.addstrategy(OpenReader, multi=True)
        cer.run()


# -- indicators created in Analyzer.start() -------------------------------------------------------
class Screener(bt.Analyzer):
    def start(self):
        self.smas = {d: bt.ind.SMA(d, period=5) for d in self.datas}

    def next(self):
        if len(self.strategy) in (4, 5, 6):
            print('  AN', len(self.strategy), [val(s) for s in self.smas.values()])

    def stop(self):
        self.rets['over'] = [d._name for d, sma in self.smas.items() if d.close[0] > sma[0]]
        self.rets['vals'] = [round(sma[0], 6) for sma in self.smas.values()]
        self.rets['lens'] = [len(sma) for sma in self.smas.values()]


class Quiet(bt.Strategy):
    def nextstart(self):
        print('nextstart', len(self))


def section_analyzer_start():
    for runonce in (True, False):
        for writer in (True, False):
            print('== runonce', runonce, 'writer', writer)
            cer = bt.Cerebro(runonce=runonce, writer=writer, stdstats=False)
            for i, path in enumerate((DAY, DAY2)):
                cer.adddata(daily(path=path, todate=datetime.datetime(2006, 3, 1)),
                            name='d%d' % i)
            cer.addstrategy(Quiet)
            cer.addanalyzer(Screener)
            strat = cer.run()[0]
            print(dict(strat.analyzers.screener.get_analysis()))


# -- optimisation ------------------------------------------------------------------------------------
class Crossing(bt.Strategy):
    params = (('period', 10), ('stake', 1))

    def __init__(self):
        self.sma = bt.ind.SMA(period=self.p.period)
        self.cross = bt.ind.CrossOver(self.data.close, self.sma)

    def next(self):
        if self.cross > 0:
            self.buy(size=self.p.stake)
        elif self.cross < 0 and self.position:
            self.close()


class EndState(bt.Analyzer):
    """What the broker reports in stop(): value, cash and the position held."""

    def stop(self):
        pos = self.strategy.position
        self.rets['value'] = self.strategy.broker.getvalue()
        self.rets['cash'] = self.strategy.broker.getcash()
        self.rets['position'] = (pos.size, pos.price)


def section_optimisation():
    for maxcpus in (1, 2):
        for optreturn in (False, True):
            print('== maxcpus', maxcpus, 'optreturn', optreturn)
            cer = bt.Cerebro(maxcpus=maxcpus, optreturn=optreturn)
            cer.adddata(daily())
            cer.optstrategy(Crossing, period=[5, 15, 30], stake=[1, 3])
            cer.addanalyzer(EndState)
            cer.addanalyzer(bt.analyzers.TradeAnalyzer)
            cer.addanalyzer(bt.analyzers.SharpeRatio)
            cer.addanalyzer(bt.analyzers.Returns)
            for run in cer.run():
                strat = run[0]
                trades = strat.analyzers.tradeanalyzer.get_analysis()
                print(type(strat).__name__, strat.p.period, strat.p.stake,
                      dict(strat.analyzers.endstate.get_analysis()),
                      trades.get('total', {}).get('total'),
                      trades.get('pnl', {}).get('net', {}).get('total'),
                      dict(strat.analyzers.sharperatio.get_analysis()),
                      dict(strat.analyzers.returns.get_analysis()))
                if not optreturn:
                    print('  after', strat.broker.getvalue(), len(strat), len(strat.sma),
                          strat.sma[0], strat.position.size)


SECTIONS = dict(quicknotify=section_quicknotify, exactbars_close=section_exactbars_close,
                cheat_on_open=section_cheat_on_open, analyzer_start=section_analyzer_start,
                optimisation=section_optimisation)


def main():
    names = sys.argv[2:] or list(SECTIONS)
    for name in names:
        print('@@', name)
        sys.stdout.flush()
        try:
            SECTIONS[name]()
        except Exception as exc:        # recorded: both sides should agree on failing
            print('EXC', type(exc).__name__)
            traceback.print_exc()
        sys.stdout.flush()


if __name__ == '__main__':
    main()
