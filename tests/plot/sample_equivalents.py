"""Our own equivalents of upstream's samples that plot (``--plot``).

Each function reproduces what one upstream sample exercises (feeds, filters,
orders, sizers, commissions, analyzers, observers, plotinfo tricks) on the
shared data files, runs it and draws it with ``cerebro.plot()`` exactly as the
sample does at its end. Run as a script it does every case (or those named)
and prints one JSON line per case; the test runs it in a fresh process with no
display and no matplotlib backend configured.

    python3 sample_equivalents.py DATADIR [case ...]

Samples left out need what this branch does not have yet: resampling or
replaying (bidask-to-ohlc, data-multitimeframe, gold-vs-sp500,
mixing-timeframes, pivot-point, pinkfish-challenge, tradingcalendar,
partial-plot's weekly data), ``cerebro.add_signal`` (credit-interest,
signals-strategy, slippage's signals: slippage is covered with a plain
strategy), TA-Lib (talib) or the network (yahoo-test, btfd online).
"""
from __future__ import annotations

import datetime
import io
import json
import sys
import time

import backtrader as bt

D = ''
CASES: dict = {}


def case(func):
    CASES[func.__name__] = func
    return func


def day(name='2006-day-001.txt', **kwargs):
    return bt.feeds.BacktraderCSVData(dataname=D + name, **kwargs)


def yahoo(name, fromdate=None, todate=None, **kwargs):
    return bt.feeds.YahooFinanceCSVData(dataname=D + name, fromdate=fromdate, todate=todate,
                                        **kwargs)


def two_stocks(cerebro) -> None:
    """YHOO and ORCL 2003-2005 (the multi-data samples' pair)."""
    cerebro.adddata(yahoo('yhoo-2003-2005.txt'), name='YHOO')
    cerebro.adddata(yahoo('orcl-2003-2005.txt'), name='ORCL')


class SmaCross(bt.Strategy):
    params = dict(period=15, onlylong=False, stake=1, target=None)

    def __init__(self):
        self.cross = {}
        for d in self.datas:
            self.cross[d] = bt.ind.CrossOver(d.close, bt.ind.SMA(d, period=self.p.period))

    def next(self):
        for d in self.datas:
            pos = self.getposition(d).size
            cross = self.cross[d][0]
            if cross > 0:
                if pos < 0:
                    self.close(data=d)
                if pos <= 0:
                    self.buy(data=d, size=self.p.stake)
            elif cross < 0:
                if pos > 0:
                    self.close(data=d)
                if not self.p.onlylong and pos >= 0:
                    self.sell(data=d, size=self.p.stake)


# -- the samples --------------------------------------------------------------------------
@case
def analyzer_annualreturn():
    c = bt.Cerebro()
    c.adddata(day('2005-2006-day-001.txt', fromdate=datetime.datetime(2005, 1, 1)))
    c.addstrategy(SmaCross)
    c.broker.setcommission(commission=2.0, mult=10, margin=2000)
    c.addanalyzer(bt.analyzers.AnnualReturn)
    c.addanalyzer(bt.analyzers.SharpeRatio, legacyannual=True)
    c.addwriter(bt.WriterStringIO, csv=True)
    return c, dict(numfigs=1)


@case
def btfd():
    class Dip(bt.Strategy):
        def __init__(self):
            self.highest = bt.ind.Highest(self.data.high, period=5)

        def next(self):
            if self.data.close[0] < self.highest[0] * 0.98:
                self.order_target_percent(target=1.0)
            else:
                self.order_target_percent(target=0.0)
    c = bt.Cerebro(stdstats=False)
    c.adddata(day('2005-2006-day-001.txt'))
    c.broker = bt.brokers.BackBroker(cash=100000, coc=True)
    c.broker.setcommission(leverage=2.0)
    c.addobserver(bt.observers.Value)
    c.addstrategy(Dip)
    return c, {}


@case
def calendar_days():
    data = day()
    data.addfilter(bt.filters.CalendarDays, fill_price=0, fill_vol=0.0)
    c = bt.Cerebro()
    c.adddata(data)
    c.addindicator(bt.ind.SMA, period=15)
    c.addwriter(bt.WriterStringIO, csv=True)
    return c, {}


@case
def commission_schemes():
    c = bt.Cerebro()
    c.adddata(day())
    c.addstrategy(SmaCross, period=30, stake=1)
    c.broker.setcommission(commission=2.0, mult=10, margin=2000,
                           commtype=bt.CommInfoBase.COMM_FIXED, stocklike=False)
    return c, dict(numfigs=1)


class RelativeVolume(bt.Indicator):
    """Volume against its average (an indicator of the samples' own)."""
    lines = ('relvol',)
    params = dict(period=20)
    plotinfo = dict(subplot=True)

    def __init__(self):
        self.lines.relvol = self.data.volume / bt.ind.SMA(self.data.volume, period=self.p.period)


@case
def data_filler():
    data = bt.feeds.BacktraderCSVData(dataname=D + '2006-min-005.txt',
                                      timeframe=bt.TimeFrame.Minutes, compression=5,
                                      sessionstart=datetime.time(9, 0),
                                      sessionend=datetime.time(17, 30))
    data.addfilter(bt.filters.SessionFilter)
    data.addfilter(bt.filters.SessionFiller, fill_vol=0.0)
    c = bt.Cerebro()
    c.adddata(data)
    c.addindicator(RelativeVolume)
    c.addwriter(bt.WriterStringIO, csv=True)
    return c, dict(numfigs=1)


@case
def daysteps():
    data = day()
    data.addfilter(bt.filters.DayStepsFilter)
    c = bt.Cerebro()
    c.adddata(data)
    c.addstrategy(SmaCross)
    return c, {}


@case
def future_spot():
    future = day()
    spot = day()
    spot.compensate(future)
    spot.plotinfo.plotmaster = future
    spot.plotinfo.sameaxis = True
    c = bt.Cerebro()
    c.adddata(future, name='future')
    c.adddata(spot, name='spot')

    class St(bt.Strategy):
        def __init__(self):
            self.cross = bt.ind.CrossOver(self.data0.close, bt.ind.SMA(self.data0, period=10))

        def next(self):
            if self.cross > 0:
                self.buy(data=self.data1)
            elif self.cross < 0:
                self.sell(data=self.data1)
    c.addstrategy(St)
    return c, {}


@case
def kselrsi():
    class St(bt.Strategy):
        def __init__(self):
            rsi = bt.ind.RSI(self.data)
            self.up = bt.ind.CrossUp(rsi, 30.0)
            self.down = bt.ind.CrossDown(rsi, 70.0)

        def next(self):
            if not self.position and self.up[0]:
                self.buy(size=1)
            elif self.position and self.down[0]:
                self.close()
    c = bt.Cerebro(stdstats=False, cheat_on_open=False)
    c.adddata(day())
    c.broker.set_coc(True)
    c.addobserver(bt.observers.Value)
    c.addobserver(bt.observers.Trades)
    c.addobserver(bt.observers.BuySell)
    c.addstrategy(St)
    return c, {}


@case
def lineplotter():
    class St(bt.Strategy):
        def __init__(self):
            diff = self.data.close - bt.ind.SMA(period=15)
            bt.LinePlotterIndicator(diff, name='close-sma')
    c = bt.Cerebro()
    c.adddata(day())
    c.addstrategy(St)
    return c, {}


@case
def macd_settings():
    class St(bt.Strategy):
        def __init__(self):
            self.macd = bt.ind.MACD(self.data)
            self.cross = bt.ind.CrossOver(self.macd.macd, self.macd.signal)
            self.atr = bt.ind.ATR(self.data, period=14)
            sma = bt.ind.SMA(self.data, period=30)
            self.smadir = sma - sma(-10)

        def next(self):
            if not self.position:
                if self.cross[0] > 0 and self.smadir[0] < 0:
                    self.order_target_percent(target=0.2)
                    self.stoplevel = self.data.close[0] - 3.0 * self.atr[0]
            elif self.data.close[0] < self.stoplevel:
                self.close()
    c = bt.Cerebro()
    c.adddata(yahoo('yhoo-1996-2014.txt', datetime.datetime(2005, 1, 1),
                    datetime.datetime(2006, 12, 31)))
    c.broker.setcash(50000)
    c.broker.setcommission(commission=0.0033)
    c.addobserver(bt.observers.DrawDown)
    c.addanalyzer(bt.analyzers.SharpeRatio, riskfreerate=0.01)
    c.addanalyzer(bt.analyzers.SQN)
    c.addanalyzer(bt.analyzers.TimeReturn, timeframe=bt.TimeFrame.NoTimeFrame)
    c.addstrategy(St)
    return c, {}


@case
def memory_savings():
    c = bt.Cerebro(exactbars=-2, runonce=False)
    c.adddata(day())
    c.addstrategy(SmaCross)
    return c, {}


@case
def multi_copy():
    c = bt.Cerebro()
    data = day()
    c.adddata(data, name='d0')
    c.adddata(day(), name='d1')

    class St0(SmaCross):
        pass

    class St1(SmaCross):
        params = dict(period=30)
    c.addstrategy(St0)
    c.addstrategy(St1)
    c.broker.setcash(50000)
    return c, {}


@case
def multidata_strategy():
    c = bt.Cerebro()
    two_stocks(c)
    c.addstrategy(SmaCross, stake=10)
    c.broker.setcommission(commission=0.005)
    return c, dict(numfigs=1)


class MTradeObserver(bt.Observer):
    """Trade id of the bar's executions, one line per id (as the sample's)."""
    lines = ('Id_0', 'Id_1', 'Id_2')
    plotinfo = dict(plot=True, subplot=True, plotlinelabels=True)
    plotlines = dict(Id_0=dict(marker='*', markersize=8.0, color='lime', fillstyle='full'),
                     Id_1=dict(marker='o', markersize=8.0, color='red', fillstyle='full'),
                     Id_2=dict(marker='s', markersize=8.0, color='blue', fillstyle='full'))

    def next(self):
        for trade in self._owner._tradespending:
            if trade.data is self.data and trade.justopened:
                self.lines[trade.tradeid][0] = trade.tradeid


@case
def multitrades():
    import itertools

    class St(SmaCross):
        def __init__(self):
            super().__init__()
            self.ids = itertools.cycle(range(3))

        def next(self):
            cross = self.cross[self.data][0]
            if cross:
                self.buy(size=1, tradeid=next(self.ids)) if cross > 0 else \
                    self.sell(size=1, tradeid=next(self.ids))
    c = bt.Cerebro()
    c.adddata(day())
    c.addobserver(MTradeObserver)
    c.addstrategy(St)
    c.broker.setcommission(commission=2.0, mult=10, margin=2000)
    return c, dict(numfigs=1)


@case
def observer_benchmark():
    c = bt.Cerebro()
    data = yahoo('yhoo-1996-2014.txt', datetime.datetime(2005, 1, 1),
                 datetime.datetime(2006, 12, 31))
    c.adddata(data)
    c.addstrategy(SmaCross, period=30, stake=1000)
    c.broker.setcash(50000)
    c.addobserver(bt.observers.Benchmark, data=data, timeframe=bt.TimeFrame.Weeks)
    c.addobserver(bt.observers.TimeReturn, timeframe=bt.TimeFrame.Weeks)
    return c, {}


@case
def order_execution():
    class St(bt.Strategy):
        def __init__(self):
            self.cross = bt.ind.CrossOver(self.data.close, bt.ind.SMA(period=15))
            self.n = 0

        def next(self):
            if self.cross[0] > 0:
                kind = [bt.Order.Market, bt.Order.Limit, bt.Order.Stop,
                        bt.Order.StopLimit][self.n % 4]
                price = self.data.close[0] * (0.99 if kind == bt.Order.Limit else 1.01)
                self.buy(exectype=kind, price=price, plimit=price * 1.01,
                         valid=datetime.timedelta(days=3))
                self.n += 1
            elif self.cross[0] < 0 and self.position:
                self.close(exectype=bt.Order.Close)
    c = bt.Cerebro()
    c.adddata(day())
    c.addstrategy(St)
    return c, dict(style='bar', numfigs=2)


@case
def order_target():
    class St(bt.Strategy):
        def next(self):
            n = len(self)
            if n % 40 == 10:
                self.order_target_size(target=(n // 40) % 3 + 1)
            elif n % 40 == 20:
                self.order_target_value(target=10000.0)
            elif n % 40 == 30:
                self.order_target_percent(target=0.1)
    c = bt.Cerebro()
    c.adddata(yahoo('yhoo-1996-2014.txt', datetime.datetime(2005, 1, 1),
                    datetime.datetime(2006, 12, 31)))
    c.broker.setcash(1000000)
    c.addstrategy(St)
    return c, {}


@case
def partial_plot():
    class St(bt.Strategy):
        def __init__(self):
            bt.ind.Stochastic()
    c = bt.Cerebro()
    c.adddata(day())
    c.addstrategy(St)
    return c, dict(start=datetime.date(2006, 3, 1), end=datetime.date(2006, 9, 30))


@case
def plot_same_axis():
    class St(bt.Strategy):
        def __init__(self):
            bt.ind.SMA(subplot=True)
            bt.ind.MACD(plot=False)
            stoc = bt.ind.Stochastic()
            rsi = bt.ind.RSI(plotmaster=stoc)
            bt.ind.Momentum(rsi, plotlinelabels=True)     # an indicator of the RSI
    c = bt.Cerebro(stdstats=False)
    c.adddata(day())
    c.addstrategy(St)
    return c, dict(numfigs=1)


@case
def pyfoliotest():
    c = bt.Cerebro()
    two_stocks(c)
    c.addstrategy(SmaCross, stake=10)
    c.broker.setcash(50000)
    c.addanalyzer(bt.analyzers.PyFolio, _name='pyfolio')
    return c, {}


@case
def relative_volume():
    data = bt.feeds.BacktraderCSVData(dataname=D + '2006-min-005.txt',
                                      timeframe=bt.TimeFrame.Minutes, compression=5)
    c = bt.Cerebro()
    c.adddata(data)
    c.addindicator(RelativeVolume, period=12)
    c.addwriter(bt.WriterStringIO, csv=True)
    return c, {}


@case
def renko():
    data = day()
    data.addfilter(bt.filters.Renko, size=25)
    c = bt.Cerebro()
    c.adddata(data)
    c.addstrategy(SmaCross, period=5)
    return c, {}


@case
def sharpe_timereturn():
    c = bt.Cerebro()
    c.adddata(day('2005-2006-day-001.txt'))
    c.addstrategy(SmaCross)
    c.addanalyzer(bt.analyzers.SharpeRatio, timeframe=bt.TimeFrame.Months, annualize=True,
                  riskfreerate=0.01, stddev_sample=True)
    c.addanalyzer(bt.analyzers.TimeReturn, timeframe=bt.TimeFrame.Years)
    return c, {}


@case
def sigsmacross():
    class St(bt.SignalStrategy):
        def __init__(self):
            sma1, sma2 = bt.ind.SMA(period=10), bt.ind.SMA(period=30)
            self.signal_add(bt.SIGNAL_LONG, bt.ind.CrossOver(sma1, sma2))
    c = bt.Cerebro()
    c.adddata(yahoo('yhoo-1996-2014.txt', datetime.datetime(2011, 1, 1),
                    datetime.datetime(2012, 12, 31)))
    c.addstrategy(St)
    c.broker.setcash(10000)
    return c, {}


@case
def sizertest():
    c = bt.Cerebro()
    c.adddata(yahoo('yhoo-1996-2014.txt', datetime.datetime(2005, 1, 1),
                    datetime.datetime(2006, 12, 31)))
    c.addstrategy(SmaCross)
    c.addsizer(bt.sizers.FixedReverser, stake=1)
    c.broker.setcash(50000)
    return c, {}


@case
def slippage():
    c = bt.Cerebro()
    c.adddata(day())
    c.broker = bt.brokers.BackBroker(cash=50000, slip_perc=0.01, slip_open=True,
                                     slip_match=False, slip_out=True)
    c.addstrategy(SmaCross, onlylong=True)
    return c, {}


@case
def volumefilling():
    c = bt.Cerebro()
    c.adddata(day('2006-volume-day-001.txt'))
    c.broker.setcash(500000000.0)
    c.broker.set_filler(bt.fillers.FixedBarPerc(perc=10.0))

    class St(bt.Strategy):
        def next(self):
            if len(self) % 10 == 1:
                self.buy(size=self.data.volume[0] * 0.2)
            elif len(self) % 10 == 6:
                self.close()
    c.addstrategy(St)
    return c, {}


@case
def vwr():
    c = bt.Cerebro()
    c.adddata(day('2005-2006-day-001.txt'))
    c.addstrategy(SmaCross)
    c.addanalyzer(bt.analyzers.VWR)
    c.addanalyzer(bt.analyzers.Returns)
    c.addanalyzer(bt.analyzers.SQN)
    c.addanalyzer(bt.analyzers.SharpeRatio_A)
    c.addanalyzer(bt.analyzers.TimeReturn, timeframe=bt.TimeFrame.Months)
    return c, {}


@case
def weekdays_filler():
    c = bt.Cerebro()
    c.adddata(yahoo('yhoo-2014.txt'), name='YHOO')
    c.adddata(yahoo('orcl-2014.txt'), name='ORCL')

    class St(bt.Strategy):
        def __init__(self):
            bt.ind.SMA(self.data0, period=10)
            bt.ind.SMA(self.data1, period=10)
    c.addstrategy(St)
    return c, {}


@case
def writer_test():
    c = bt.Cerebro()
    c.adddata(day())
    c.addstrategy(SmaCross, onlylong=True)
    c.addwriter(bt.WriterStringIO, csv=True)
    c.addanalyzer(bt.analyzers.SQN)
    return c, dict(numfigs=1)


@case
def pair_trading():
    class St(bt.Strategy):
        def __init__(self):
            self.t = bt.ind.OLS_TransformationN(self.data0, self.data1, period=10)

        def next(self):
            z = self.t.zscore[0]
            if not self.position and z > 2.0:
                self.sell(data=self.data0, size=10)
                self.buy(data=self.data1, size=10)
            elif self.position and abs(z) < 0.5:
                self.close(data=self.data0)
                self.close(data=self.data1)
    c = bt.Cerebro()
    two_stocks(c)
    c.addstrategy(St)
    c.broker.setcash(100000)
    return c, dict(numfigs=1)


def run(name: str) -> dict:
    import matplotlib
    t0 = time.perf_counter()
    cerebro, plotkw = CASES[name]()
    cerebro.run()
    figs = cerebro.plot(**plotkw)          # as the samples call it: iplot=True
    out = dict(case=name, backend=matplotlib.get_backend(), strategies=len(figs),
               figures=[len(group) for group in figs], panes=[], bytes=0)
    for group in figs:
        for fig in group:
            out['panes'].append(sum(1 for ax in fig.axes
                                    if (ax.get_gid() or '').startswith('bt-pane-')))
            buf = io.BytesIO()
            fig.savefig(buf, format='png', dpi=30)
            out['bytes'] += len(buf.getvalue())
    import matplotlib.pyplot as plt
    plt.close('all')
    out['seconds'] = round(time.perf_counter() - t0, 2)
    return out


def main(argv) -> int:
    global D
    D = argv[1].rstrip('/') + '/'
    for name in argv[2:] or list(CASES):
        try:
            res = run(name)
        except Exception as exc:     # report and go on: the test names the case
            res = dict(case=name, error='%s: %s' % (type(exc).__name__, exc))
        print(json.dumps(res), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
