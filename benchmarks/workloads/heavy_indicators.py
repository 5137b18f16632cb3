"""The reference crossover with eight fixed-parameter library indicators as
filters (an indicator-heavy strategy: what shared indicators save)."""
import backtrader as bt


class HeavyCross(bt.Strategy):
    params = dict(fast=10, slow=30)

    def __init__(self):
        self.cross = bt.ind.CrossOver(bt.ind.SMA(period=self.p.fast),
                                      bt.ind.SMA(period=self.p.slow))
        self.adx = bt.ind.ADX(period=14)
        self.filters = [bt.ind.BollingerBands(period=20), bt.ind.MACD(), bt.ind.Stochastic(),
                        bt.ind.ATR(period=14), bt.ind.RSI(period=14), bt.ind.CCI(period=20),
                        bt.ind.WilliamsR(period=14)]

    def next(self):
        if not self.position:
            if self.cross > 0 and self.adx[0] > 20:
                self.buy(size=10)
        elif self.cross < 0:
            self.close()
