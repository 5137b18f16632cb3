"""Differential: the legend of every pane of the matplotlib chart equals
upstream's (object labels, line names, last values, data labels with their
timeframe, observers), for the kinds of chart upstream's samples draw --
couplers (``ind()``) of a weekly data's indicators included, drawn with the
daily data (PivotPoint's autoplot).

One script draws every configuration and prints the legends; upstream runs it
with Agg switched on (it forces a GUI backend at import otherwise), we run the
same script. Axes without a legend (upstream's empty twin axes) are ignored.
Left out on purpose: upstream's legend order on a MACDHisto pane and the
legend of a data drawn over another (plotmaster), which upstream scrambles.
"""
from __future__ import annotations

import json

import pytest

from plotsetup import REPO, close_figures  # noqa: F401

DATAS = REPO.parent / 'shared' / 'datas'

SCRIPT = r'''
import datetime, json, sys
import backtrader as bt
import matplotlib
import backtrader.plot
import matplotlib.pyplot as plt
plt.switch_backend('Agg')
D = %(datas)r + '/'

class St(bt.Strategy):
    params = dict(cfg='')
    def __init__(self):
        c = self.p.cfg
        self.sma = bt.ind.SMA(period=15)
        if c == 'boll':
            bt.ind.BollingerBands()
        if c == 'variations':
            bt.ind.SMA(period=5, subplot=True, plotname='SMA5sub')
            bt.ind.RSI(plotabove=True)
            bt.ind.EMA(period=10, plot=False)
            bt.ind.Stochastic(plotlinelabels=True)
            bt.ind.MACD()
            bt.ind.CCI(plothlines=[50], plotyticks=[-100, 100], plotymargin=0.2)
            bt.ind.AroonOscillator(plotlinevalues=False)
        if c == 'indonind':
            rsi = bt.ind.RSI()
            bt.ind.SMA(rsi, period=10)
            bt.ind.Momentum(rsi, subplot=True)
        if c == 'plotmasterind':
            st = bt.ind.Stochastic()
            bt.ind.RSI(plotmaster=st)
            sma = bt.ind.SMA(period=30)
            bt.ind.EMA(period=30, plotmaster=sma)
        if c == 'couplers':
            bt.ind.PivotPoint(self.data1)           # plotted through its own coupler
            bt.ind.Stochastic(self.data1)()
            bt.ind.SMA(self.data1, period=2)()
        self.cross = bt.ind.CrossOver(self.data.close, self.sma)
        for d in self.datas[1:]:
            bt.ind.SMA(d, period=10)
            bt.ind.RSI(d)
    def next(self):
        if not self.position and self.cross > 0: self.buy()
        elif self.position and self.cross < 0: self.close()

out = {}
for cfg in %(configs)r:
    c = bt.Cerebro(stdstats=(cfg != 'nostd'))
    vol = cfg in ('candle', 'ohlc', 'volsub')
    d0 = bt.feeds.BacktraderCSVData(dataname=D + ('2006-volume-day-001.txt' if vol
                                                  else '2006-day-001.txt'))
    c.adddata(d0)
    if cfg in ('twodatas', 'sameaxis'):
        d1 = bt.feeds.BacktraderCSVData(dataname=D + '2006-day-002.txt')
        if cfg == 'sameaxis':
            d1.plotinfo.plotmaster = d0
            d1.plotinfo.sameaxis = True
        c.adddata(d1)
    if cfg == 'couplers':
        c.resampledata(d0, timeframe=bt.TimeFrame.Weeks)    # (unnamed: its label too)
    if cfg == 'dd':
        c.addobserver(bt.observers.DrawDown)
        c.addobserver(bt.observers.Value)
    c.addstrategy(St, cfg=cfg)
    c.run()
    # (upstream's plotters share one scheme object: what a plot sets stays for
    # the next ones, so every plot states the defaults it relies on)
    kw = dict(style='line', voloverlay=True)
    if cfg in ('candle', 'ohlc'):
        kw['style'] = cfg
    if cfg == 'volsub':
        kw.update(style='candle', voloverlay=False)
    if cfg == 'startend':
        kw.update(start=datetime.date(2006, 3, 1), end=datetime.date(2006, 6, 30))
    if cfg == 'startidx':
        kw.update(start=10, end=20)
    if cfg == 'numfigs':
        kw['numfigs'] = 2
    figs = c.plot(iplot=False, **kw)
    res = []
    for fig in figs[0]:
        res.append([[t.get_text() for t in ax.get_legend().get_texts()]
                    for ax in fig.axes if ax.get_legend() is not None])
    out[cfg] = res
    plt.close('all')
print(json.dumps(out))
'''

CONFIGS = ['base', 'boll', 'variations', 'candle', 'ohlc', 'volsub', 'twodatas', 'sameaxis',
           'dd', 'nostd', 'startend', 'startidx', 'numfigs', 'indonind', 'plotmasterind',
           'couplers']

_CACHE: dict = {}


def _results(which, runner):
    if which not in _CACHE:
        if not DATAS.is_dir():
            pytest.skip('shared data files missing')
        text = runner(SCRIPT % dict(datas=str(DATAS), configs=CONFIGS), timeout=600)
        _CACHE[which] = json.loads(text.strip().splitlines()[-1])
    return _CACHE[which]


@pytest.mark.oracle
def test_legends_equal_upstream(run_oracle, run_ours):
    theirs = _results('oracle', run_oracle)
    ours = _results('ours', run_ours)
    for cfg in CONFIGS:
        assert len(ours[cfg]) == len(theirs[cfg]), cfg          # figures
        for fig_ours, fig_theirs in zip(ours[cfg], theirs[cfg]):
            assert fig_ours == fig_theirs, cfg
