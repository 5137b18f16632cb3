"""A user commission scheme whose ``_getcommission`` prints every call, run
under upstream and under this project by test_commission_calls_oracle.py:
the calls (arguments, ``pseudoexec``, order) must be the same.

usage: commission_cases.py DATAFILE
"""
import sys

import backtrader as bt

PATH = sys.argv[1]


class Printing(bt.CommInfoBase):
    params = (('stocklike', True), ('commtype', bt.CommInfoBase.COMM_PERC),
              ('percabs', True), ('commission', 0.001))

    def _getcommission(self, size, price, pseudoexec):
        print('    comm %s %.2f %s' % (size, price, pseudoexec))
        return abs(size) * price * self.p.commission


class Futures(Printing):
    params = (('stocklike', False), ('commtype', bt.CommInfoBase.COMM_FIXED),
              ('commission', 2.0), ('margin', 1000.0), ('mult', 10.0))

    def _getcommission(self, size, price, pseudoexec):
        print('    comm %s %.2f %s' % (size, price, pseudoexec))
        return abs(size) * self.p.commission


class Trader(bt.Strategy):
    params = (('plan', 'mixed'),)

    def notify_order(self, o):
        print('  order %d %s %s %.2f' % (len(self), o.getstatusname(), o.executed.size,
                                          o.executed.comm))

    def notify_trade(self, t):
        print('  trade %d %s %.2f %.2f' % (len(self), t.status, t.commission, t.pnlcomm))

    def next(self):
        n = len(self)
        print('next %d %s %.2f %.2f' % (n, self.position.size, self.broker.getvalue(),
                                        self.broker.getcash()))
        close = self.data.close[0]
        if self.p.plan == 'mixed':
            acts = {
                2: lambda: self.buy(size=2),
                3: lambda: self.sell(size=1),
                4: lambda: self.sell(size=3),                        # reverses
                5: lambda: self.buy(size=1, exectype=bt.Order.Limit, price=close * 0.99),
                6: lambda: self.close(),
                8: lambda: self.buy(size=100),                       # Margin
                9: lambda: (self.buy(size=1), self.buy(size=1), self.sell(size=3)),
                11: lambda: self.buy_bracket(size=1, price=close, stopprice=close - 20,
                                             limitprice=close + 20),
                14: lambda: self.order_target_size(target=0),
                16: lambda: self.sell(size=1, exectype=bt.Order.Close),
                18: lambda: self.buy(size=2, exectype=bt.Order.Stop, price=close + 5),
                20: lambda: self.close(),
                22: lambda: self.order_target_value(target=8000.0),
                24: lambda: self.order_target_percent(target=0.2),
            }
        else:                   # 'reverse': a reversal whose opening part is refused
            acts = {2: lambda: self.sell(size=2), 4: lambda: self.buy(size=10)}
        act = acts.get(n)
        if act:
            act()
        if n == 26:
            self.env.runstop()


def one_unit(order, price, ago):
    """A filler giving one unit per bar: partial fills."""
    return min(1, abs(order.executed.remsize))


def run(label, comm=Printing, plan='mixed', checksubmit=True, shortcash=True, filler=None,
        cash=10000.0):
    print('== ' + label)
    cer = bt.Cerebro(stdstats=False)
    cer.adddata(bt.feeds.BacktraderCSVData(dataname=PATH))
    cer.addstrategy(Trader, plan=plan)
    cer.broker.setcash(cash)
    cer.broker.set_checksubmit(checksubmit)
    cer.broker.set_shortcash(shortcash)
    if filler is not None:
        cer.broker.set_filler(filler)
    cer.broker.addcommissioninfo(comm())
    cer.run()
    print('final %.4f %.4f' % (cer.broker.getvalue(), cer.broker.getcash()))


run('checksubmit')
run('nochecksubmit', checksubmit=False)
run('noshortcash', shortcash=False)
run('futures', comm=Futures, cash=50000.0)
run('filler', filler=one_unit)        # (the data file has no volume)
run('reverse-refused', plan='reverse', checksubmit=False)
