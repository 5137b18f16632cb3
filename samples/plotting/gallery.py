#!/usr/bin/env python3
"""The plotting gallery: one small backtest per kind of chart, saved as PNG.

Each case builds a Cerebro on the synthetic data shipped with the package
(one year of it), runs it and returns the keyword arguments for
``cerebro.plot``. ``render`` draws a case headless and saves its figures.

    python3 samples/plotting/gallery.py                   # every case -> docs/images
    python3 samples/plotting/gallery.py --out /tmp/g candles plotmaster
    python3 samples/plotting/gallery.py --html /tmp/g     # also the interactive pages

The PNGs of docs/plotting.md are made by this script (dpi 80).
"""
from __future__ import annotations

import argparse
import datetime
import os
import sys
from pathlib import Path

import backtrader as bt
from backtrader.sampledata import make_daily_bars, sample_path

FROM, TO = datetime.datetime(2012, 1, 1), datetime.datetime(2012, 12, 31)
CASES: dict = {}


def case(name: str, title: str):
    """Register a gallery case: a function returning (cerebro, plot kwargs)."""
    def register(func):
        CASES[name] = (title, func)
        return func
    return register


class Crossover(bt.Strategy):
    """Long on a fast/slow SMA cross up, flat on the cross down (on each data);
    ``extras(strategy)`` adds the indicators a case wants to show."""

    params = dict(fast=10, slow=30, extras=None, stake=10)

    def __init__(self) -> None:
        self.cross = {}
        for d in self.datas:
            fast = bt.ind.SMA(d, period=self.p.fast)
            slow = bt.ind.SMA(d, period=self.p.slow, plot=False)
            self.cross[d] = bt.ind.CrossOver(fast, slow, plot=False)
        if self.p.extras is not None:
            self.p.extras(self)
        self.buys = self.sells = 0

    def notify_order(self, order) -> None:
        if order.status == order.Completed:
            if order.isbuy():
                self.buys += 1
            else:
                self.sells += 1

    def next(self) -> None:
        for d in self.datas:
            cross = self.cross[d][0]
            pos = self.getposition(d).size
            if not pos and cross > 0:
                self.buy(data=d, size=self.p.stake)
            elif pos and cross < 0:
                self.close(data=d)


def sample_data(**kwargs):
    """One year of the shipped sample (daily bars with volume)."""
    return bt.feeds.BacktraderCSVData(dataname=sample_path(), fromdate=FROM, todate=TO,
                                      **kwargs)


def second_data(seed: int = 7, name: str = 'second'):
    """Another seeded random walk over the same days (a pandas feed)."""
    import pandas as pd
    dates, o, h, lo, c, v = make_daily_bars(seed=seed)
    # stamped at the end of the session, as the CSV feed stamps daily bars
    index = pd.DatetimeIndex(dates) + pd.Timedelta(hours=23, minutes=59, seconds=59,
                                                   microseconds=999989)
    frame = pd.DataFrame(dict(open=o, high=h, low=lo, close=c, volume=v, openinterest=0),
                         index=index)
    frame = frame.loc[FROM:TO]
    return bt.feeds.PandasData(dataname=frame, name=name)


def make_cerebro(*datas, extras=None, stdstats=True, **stratkw):
    cerebro = bt.Cerebro(stdstats=stdstats)
    for d in datas:
        cerebro.adddata(d)
    cerebro.addstrategy(Crossover, extras=extras, **stratkw)
    cerebro.broker.setcash(10000.0)
    return cerebro


# -- the cases ----------------------------------------------------------------------------
@case('indicators', 'One data, indicators over it and below it, standard observers')
def indicators():
    def extras(st):
        bt.ind.BollingerBands(st.data)
        bt.ind.RSI(st.data)
        bt.ind.MACDHisto(st.data)
    return make_cerebro(sample_data(), extras=extras), dict(volume=False)


@case('candles', 'Candlesticks with the volume overlaid')
def candles():
    return make_cerebro(sample_data()), dict(style='candle')


@case('bars', 'OHLC bars, volume in a pane of its own')
def bars():
    return make_cerebro(sample_data()), dict(style='bar', voloverlay=False)


@case('line', 'A line on the closes, no volume, own colours')
def line():
    return make_cerebro(sample_data()), dict(style='line', volume=False, loc='darkblue',
                                             grid=False)


@case('multidata', 'Two datas, each with its indicators (DataTrades observer)')
def multidata():
    def extras(st):
        bt.ind.RSI(st.data1)
    return make_cerebro(sample_data(), second_data(), extras=extras), dict(volume=False)


@case('plotmaster', 'Second data drawn over the first (plotmaster), own y axis')
def plotmaster():
    d0, d1 = sample_data(), second_data()
    d1.plotinfo.plotmaster = d0
    return make_cerebro(d0, d1), dict(volume=False)


@case('sameaxis', 'Second data over the first on the same y axis (sameaxis)')
def sameaxis():
    d0, d1 = sample_data(), second_data(seed=11)
    d1.plotinfo.plotmaster = d0
    d1.plotinfo.sameaxis = True
    return make_cerebro(d0, d1), dict(volume=False)


@case('plotinfo', 'plotinfo: subplot, plotabove, plotname, hlines, yticks, line labels')
def plotinfo():
    def extras(st):
        bt.ind.EMA(st.data, period=20, subplot=True, plotname='EMA in a pane')
        bt.ind.RSI(st.data, plotabove=True)
        bt.ind.Stochastic(st.data, plotlinelabels=True)
        bt.ind.CCI(st.data, plothlines=[0.0], plotyticks=[-100, 100], plotymargin=0.1)
        bt.ind.WMA(st.data, period=5, plot=False)
    return make_cerebro(sample_data(), extras=extras), dict(volume=False)


class Spread(bt.Indicator):
    """Close against its SMA: a histogram of the difference, the two lines with
    the area between them filled (plotlines options at work)."""

    lines = ('close', 'sma', 'diff', 'signal')
    params = dict(period=20)
    plotinfo = dict(subplot=True, plotname='Spread')
    plotlines = dict(
        close=dict(_name='px', _fill_gt=('sma', 'green'), _fill_lt=('sma', 'red')),
        sma=dict(ls='--', _samecolor=True),
        diff=dict(_method='bar', alpha=0.4, _plotskip=True),
        signal=dict(marker='o', markersize=4.0, color='purple', ls='', _skipnan=True),
    )

    def __init__(self) -> None:
        self.l.close = self.data.close
        self.l.sma = bt.ind.SMA(self.data, period=self.p.period)
        self.l.diff = self.data.close - self.l.sma
        self.l.signal = bt.If(bt.ind.CrossOver(self.data.close, self.l.sma) != 0,
                              self.data.close, float('nan'))


@case('plotlines', 'plotlines: fills, dashed same-colour line, markers, skipped line')
def plotlines():
    def extras(st):
        Spread(st.data)
        bt.ind.MACDHisto(st.data)       # its histogram is a '_method': 'bar' line
    return make_cerebro(sample_data(), extras=extras), dict(volume=False)


@case('onindicator', 'Indicators on indicators; RSI drawn over the Stochastic')
def onindicator():
    def extras(st):
        rsi = bt.ind.RSI(st.data)
        bt.ind.SMA(rsi, period=10)                      # over the RSI pane
        bt.ind.Momentum(rsi, period=5, subplot=True)    # a pane below the RSI
        stoch = bt.ind.Stochastic(st.data)
        bt.ind.RSI(st.data, period=7, plotmaster=stoch)  # over the Stochastic pane
    return make_cerebro(sample_data(), extras=extras), dict(volume=False)


@case('observers', 'Observers: DrawDown, Value, TimeReturn beside the standard ones')
def observers():
    cerebro = make_cerebro(sample_data())
    cerebro.addobserver(bt.observers.DrawDown)
    cerebro.addobserver(bt.observers.Value)
    cerebro.addobserver(bt.observers.TimeReturn, timeframe=bt.TimeFrame.Months)
    return cerebro, dict(volume=False)


@case('startend', 'Part of the run: start and end dates')
def startend():
    return make_cerebro(sample_data()), dict(style='candle', start=datetime.date(2012, 4, 1),
                                             end=datetime.date(2012, 6, 30))


@case('numfigs', 'The run split over two figures (numfigs=2)')
def numfigs():
    return make_cerebro(sample_data()), dict(numfigs=2, volume=False)


# -- rendering ---------------------------------------------------------------------------
def build(name: str):
    """Run case ``name``: returns (cerebro, strategy, plot kwargs)."""
    _title, func = CASES[name]
    cerebro, plotkw = func()
    strat = cerebro.run()[0]
    return cerebro, strat, plotkw


def _palette_png(path) -> None:
    """Rewrite a PNG with a 256-colour palette (a third of the size; charts
    have few colours)."""
    from PIL import Image
    with Image.open(path) as img:
        small = img.convert('RGB').quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def render(name: str, folder, dpi: int = 80, width: float = 12, height: float = 8,
           compact: bool = False) -> list:
    """Draw case ``name`` (headless: no window is opened) and save its figures
    as PNG files in ``folder`` (``compact``: with a colour palette); returns the
    paths."""
    cerebro, _strat, plotkw = build(name)
    figs = cerebro.plot(iplot=False, width=width, height=height, **plotkw)[0]
    paths = []
    for k, fig in enumerate(figs):
        suffix = '' if len(figs) == 1 else '-%d' % (k + 1)
        path = Path(folder) / ('plot-%s%s.png' % (name, suffix))
        fig.savefig(str(path), dpi=dpi)
        if compact:
            _palette_png(path)
        paths.append(path)
    import matplotlib.pyplot as plt
    for fig in figs:
        plt.close(fig)
    return paths


def render_html(name: str, folder) -> Path:
    cerebro, _strat, plotkw = build(name)
    path = Path(folder) / ('plot-%s.html' % name)
    plotkw = {k: v for k, v in plotkw.items() if k not in ('numfigs',)}
    cerebro.plot(backend='plotly', filename=str(path), iplot=False, **plotkw)
    return path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('cases', nargs='*', help='case names (default: all): %s' % ', '.join(CASES))
    ap.add_argument('--out', default=str(Path(__file__).resolve().parents[2] / 'docs' / 'images'))
    ap.add_argument('--dpi', type=int, default=80)
    ap.add_argument('--html', help='also write the interactive pages to this folder')
    ap.add_argument('--full-colour', action='store_true',
                    help='keep every colour (default: a 256-colour palette, smaller files)')
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    for name in args.cases or CASES:
        for path in render(name, args.out, dpi=args.dpi, compact=not args.full_colour):
            print(path)
        if args.html:
            os.makedirs(args.html, exist_ok=True)
            print(render_html(name, args.html))
    return 0


if __name__ == '__main__':
    sys.exit(main())
