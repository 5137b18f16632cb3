# A signal-driven strategy (classic API): cerebro.add_signal with an SMA
# crossover as LONG and SHORT signal and close-minus-EMA as LONGEXIT signal.
# stdout: final value and order count; stderr: seconds=... (cerebro.run()).
import backtrader as bt

from common import arguments, minute_feed, timed_run


class SmaCross(bt.Indicator):
    lines = ('signal',)
    params = (('fast', 10), ('slow', 30))

    def __init__(self):
        self.lines.signal = bt.ind.SMA(period=self.p.fast) - bt.ind.SMA(period=self.p.slow)


class CloseEma(bt.Indicator):
    lines = ('signal',)

    def __init__(self):
        self.lines.signal = self.data.close - bt.ind.EMA(period=20)


class Orders(bt.Analyzer):
    def start(self):
        self.count = 0

    def notify_order(self, order):
        if order.status == order.Completed:
            self.count += 1

    def get_analysis(self):
        return self.count


def main():
    a = arguments()
    c = bt.Cerebro(stdstats=False, runonce=bool(a.runonce))
    c.adddata(minute_feed(a.data))
    c.add_signal(bt.SIGNAL_LONG, SmaCross)
    c.add_signal(bt.SIGNAL_SHORT, SmaCross)
    c.add_signal(bt.SIGNAL_LONGEXIT, CloseEma)
    c.addanalyzer(Orders)
    res = timed_run(c)
    print('value=%.6f orders=%d' % (c.broker.getvalue(), res[0].analyzers[0].get_analysis()))


if __name__ == '__main__':
    main()
