"""Script text for the resampling/replaying differential tests.

``script(body)`` is a program printing, for every case, one line per
strategy cycle: ``len(strategy)``, the strategy's datetime and, per data,
its length, datetime and the repr of every price line, plus an SMA of the
last data (the resampled/replayed one). Optional orders (``trade=True``)
print their fills. The same text runs under upstream and this project.
"""
from __future__ import annotations

from pathlib import Path

DATAS = Path(__file__).resolve().parents[2].parent / 'shared' / 'datas'

PRELUDE = r'''
import datetime, sys
import backtrader as bt
import backtrader.feeds as btfeeds
D = %(datas)r + '/'
TF = bt.TimeFrame


def src(kind, **kw):
    if kind == 'ticks':
        return btfeeds.GenericCSVData(dataname=D + 'ticksample.csv', dtformat='%%Y-%%m-%%dT%%H:%%M:%%S.%%f',
                                      timeframe=TF.Ticks, **kw)
    if kind == 'min5':
        return btfeeds.BacktraderCSVData(dataname=D + '2006-min-005.txt', timeframe=TF.Minutes,
                                         compression=5, todate=datetime.date(2006, 1, 4), **kw)
    return btfeeds.BacktraderCSVData(dataname=D + '2006-day-001.txt', **kw)


def fmt(d):
    if not len(d):
        return '|0'
    return '|%%d %%s %%r %%r %%r %%r %%r %%r %%r' %% (len(d), d.datetime.datetime(0), d.datetime[0], d.open[0],
                                              d.high[0], d.low[0], d.close[0], d.volume[0],
                                              d.openinterest[0])


class Printer(bt.Strategy):
    params = (('period', 2), ('trade', False))

    def __init__(self):
        self.sma = bt.ind.SMA(self.datas[-1], period=self.p.period)

    def prenext(self):
        self.next()

    def next(self):
        out = [str(len(self)), repr(self.datetime[0])]
        out.extend(fmt(d) for d in self.datas)
        out.append('sma %%r' %% (self.sma[0] if len(self.sma) else None))
        if self.p.trade:
            out.append('pos %%r %%r' %% (self.position.size, self.broker.getvalue()))
            if len(self) %% 7 == 1:
                self.buy(data=self.datas[-1])
            elif len(self) %% 7 == 4:
                self.close(data=self.datas[-1])
        print(' '.join(out))

    def notify_order(self, o):
        if o.status == o.Completed:
            print('ORDER', o.isbuy(), repr(o.executed.price), o.executed.size,
                  bt.num2date(o.executed.dt))


def run_case(title, source, how, kw, orig=False, modes=((True, True), (False, False)),
             exactbars=(0,), trade=False, period=2):
    for preload, runonce in modes:
        for eb in exactbars:
            print('== %%s preload=%%s runonce=%%s exactbars=%%s' %% (title, preload, runonce, eb))
            try:
                cerebro = bt.Cerebro(preload=preload, runonce=runonce, stdstats=False,
                                     exactbars=eb)
                d = src(source)
                if orig:
                    cerebro.adddata(d)
                if how == 'resampledata':
                    cerebro.resampledata(d, **kw)
                elif how == 'replaydata':
                    cerebro.replaydata(d, **kw)
                else:
                    d.resample(**kw)
                    cerebro.adddata(d)
                cerebro.addstrategy(Printer, trade=trade, period=period)
                cerebro.run()
                for dd in cerebro.datas:
                    print('data len=%%d tf=%%d comp=%%d' %% (len(dd), dd._timeframe, dd._compression))
            except Exception as exc:  # the type differs on purpose (typed errors)
                print('ERROR')


TARGETS = {
    'ticks': [(TF.Ticks, 3), (TF.Seconds, 1), (TF.Seconds, 10), (TF.Minutes, 1), (TF.Days, 1)],
    'min5': [(TF.Minutes, 5), (TF.Minutes, 10), (TF.Minutes, 15), (TF.Minutes, 7),
             (TF.Minutes, 60), (TF.Days, 1), (TF.Days, 2), (TF.Weeks, 1), (TF.Months, 1)],
    'day': [(TF.Days, 1), (TF.Days, 3), (TF.Weeks, 1), (TF.Weeks, 2), (TF.Months, 1),
            (TF.Years, 1)],
}
# each option changed from its default, one at a time
OPTIONS = [{}, dict(bar2edge=False), dict(rightedge=False), dict(boundoff=1),
           dict(takelate=False)]


def matrix(how, replay=False, **kw):
    extra = dict(adjbartime=True) if replay else dict(adjbartime=False)
    for source, targets in TARGETS.items():
        for tf, comp in targets:
            for opt in OPTIONS + [extra]:
                args = dict(opt, timeframe=tf, compression=comp)
                title = '%%s %%s %%s%%s' %% (source, sorted(args.items()), how,
                                           ' orig' if kw.get('orig') else '')
                run_case(title, source, how, args, **kw)
'''


def script(body: str) -> str:
    return PRELUDE % {'datas': str(DATAS)} + '\n' + body
