"""Strategies, data and factories shared by the optimiser tests (module level,
so spawned workers can import them)."""
from __future__ import annotations

import datetime as _dt
import os
import signal
import time
from pathlib import Path

import numpy as np
import pandas as pd

import backtrader as bt

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / 'shared'
DATAS = SHARED / 'datas'
BENCH = SHARED / 'bench'

# the best region of TargetStrategy
X0, Y0 = 17, 8


def frame(n: int = 60, start: float = 100.0, step: float = 1.0, wave: float = 0.0) -> pd.DataFrame:
    """Daily bars of a price rising by ``step`` a bar (plus a sine ``wave``)."""
    idx = pd.date_range('2020-01-01', periods=n, freq='D')
    close = start + step * np.arange(n) + wave * np.sin(np.arange(n) / 3.0)
    return pd.DataFrame({'open': close, 'high': close + 0.5, 'low': close - 0.5,
                         'close': close, 'volume': 1000.0, 'openinterest': 0.0}, index=idx)


def pandas_data(n: int = 60, **kw) -> bt.feeds.PandasData:
    return bt.feeds.PandasData(dataname=frame(n, **kw))


def sample_data(todate=None) -> bt.feeds.BacktraderCSVData:
    kw = {}
    if todate is not None:
        kw['todate'] = todate
    return bt.feeds.BacktraderCSVData(dataname=str(DATAS / '2006-day-001.txt'), **kw)


class TargetStrategy(bt.Strategy):
    """Buys once, on the first bar, a size that peaks at (X0, Y0): on a rising
    price the final value is best there and falls away from it (a second,
    lower hill sits at the far corner)."""

    params = dict(x=1, y=1, delay=0.0)

    def next(self):
        if len(self) == 1:
            x, y = self.p.x, self.p.y
            main = 400 - 2.0 * ((x - X0) ** 2 + (y - Y0) ** 2)
            second = 250 - 6.0 * ((x - 3) ** 2 + (y - 28) ** 2)
            self.buy(size=max(1.0, main, second))

    def stop(self):
        if self.p.delay:
            time.sleep(self.p.delay)


class SmaCross(bt.Strategy):
    """A small SMA crossover."""

    params = dict(fast=5, slow=20)

    def __init__(self):
        self.cross = bt.ind.CrossOver(bt.ind.SMA(period=self.p.fast),
                                      bt.ind.SMA(period=self.p.slow))

    def next(self):
        if not self.position:
            if self.cross > 0:
                self.buy(size=10)
        elif self.cross < 0:
            self.close()


class FaultyStrategy(bt.Strategy):
    """Misbehaves on purpose when ``mode`` says so: ``raise``, ``hang``,
    ``exit`` (os._exit), ``kill`` (SIGKILL itself), ``once`` (raises on the
    first attempt only, remembered through the file ``marker``)."""

    params = dict(mode='ok', marker='', size=1)

    def next(self):
        if len(self) != 2:
            return
        mode = self.p.mode
        if mode == 'raise':
            raise ValueError('deliberate failure')
        if mode == 'hang':
            time.sleep(3600)
        if mode == 'exit':
            os._exit(3)
        if mode == 'kill':
            os.kill(os.getpid(), signal.SIGKILL)
        if mode == 'once' and not os.path.exists(self.p.marker):
            Path(self.p.marker).write_text('x')
            raise RuntimeError('first attempt fails')
        self.buy(size=self.p.size)


def target_factory():
    c = bt.Cerebro(stdstats=False)
    c.adddata(pandas_data(40))
    c.broker.setcash(1e6)
    c.addstrategy(TargetStrategy)
    return c


def sma_factory():
    c = bt.Cerebro()
    c.adddata(sample_data(todate=_dt.datetime(2006, 7, 1)))
    c.broker.setcash(100000)
    c.addstrategy(SmaCross)
    return c


def faulty_factory():
    c = bt.Cerebro(stdstats=False)
    c.adddata(pandas_data(20))
    c.addstrategy(FaultyStrategy)
    return c
