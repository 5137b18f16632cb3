"""Every object's parameters (and plot settings) hold every value, as upstream's do.

Scripts that log a strategy's parameters with ``vars(self.p)`` (or
``self.params.__dict__``), a common idiom in optimisation reports, list every
parameter in declaration order, defaults included; a change of a params
class's default does not reach objects made already, nor (upstream keeps the
declared defaults) objects made later. A data's ``sessionstart``/``sessionend``
parameters hold the times in force.

Expected values: what upstream 1.9.78.123 prints for the same objects
(``PYTHONPATH=.oracle python pvars.py``: the script builds each object below
and prints ``list(vars(obj.p).items())``, objects shown by type name; ``info.py``
prints ``sorted(vars(obj.plotinfo).items())`` and ``sorted(vars(obj.plotlines))``).
"""
from __future__ import annotations

import datetime

import pytest

import backtrader as bt
from conftest import DATAS

DAILY = DATAS / '2006-day-001.txt'

ORDER_KEYS = ['owner', 'data', 'size', 'price', 'pricelimit', 'exectype', 'valid', 'tradeid',
              'oco', 'trailamount', 'trailpercent', 'parent', 'transmit', 'simulated',
              'histnotify']


def _shown(p) -> list:
    """``vars(p)`` as the oracle script prints it (objects by type name)."""
    out = []
    for k, v in vars(p).items():
        if v is None or isinstance(v, (int, float, str, bool, tuple)):
            out.append((k, v))
        else:
            out.append((k, type(v).__name__))
    return out


def test_cerebro_broker_and_comminfo_hold_every_parameter():
    cerebro = bt.Cerebro()
    assert _shown(cerebro.p) == [
        ('preload', True), ('runonce', True), ('maxcpus', None), ('stdstats', True),
        ('oldbuysell', False), ('oldtrades', False), ('lookahead', 0), ('exactbars', False),
        ('optdatas', True), ('optreturn', True), ('objcache', False), ('live', False),
        ('writer', False), ('tradehistory', False), ('oldsync', False), ('tz', None),
        ('cheat_on_open', False), ('broker_coo', True), ('quicknotify', False)]
    assert _shown(cerebro.broker.p) == [
        ('commission', 'CommInfoBase'), ('cash', 10000.0), ('checksubmit', True),
        ('eosbar', False), ('filler', None), ('slip_perc', 0.0), ('slip_fixed', 0.0),
        ('slip_open', False), ('slip_match', True), ('slip_limit', True), ('slip_out', False),
        ('coc', False), ('coo', False), ('int2pnl', True), ('shortcash', True),
        ('fundstartval', 100.0), ('fundmode', False)]
    assert _shown(bt.CommissionInfo().p) == [
        ('commission', 0.0), ('mult', 1.0), ('margin', None), ('commtype', None),
        ('stocklike', False), ('percabs', True), ('interest', 0.0), ('interest_long', False),
        ('leverage', 1.0), ('automargin', False)]


def test_data_parameters_hold_the_session_times_in_force():
    data = bt.feeds.BacktraderCSVData(dataname=str(DAILY))
    assert [k for k, _ in _shown(data.p)] == [
        'dataname', 'name', 'compression', 'timeframe', 'fromdate', 'todate', 'sessionstart',
        'sessionend', 'filters', 'tz', 'tzinput', 'qcheck', 'calendar', 'headers', 'separator']
    assert data.p.sessionstart == datetime.time(0, 0)
    assert data.p.sessionend == datetime.time(23, 59, 59, 999990)
    given = bt.feeds.BacktraderCSVData(dataname=str(DAILY), sessionend=datetime.time(16, 0))
    assert (given.p.sessionstart, given.p.sessionend) == (datetime.time(0, 0),
                                                           datetime.time(16, 0))


class _Logged(bt.Strategy):
    params = (('fast', 10), ('slow', 30), ('label', 'x'))

    def __init__(self):
        self.seen = {'strategy': _shown(self.p)}
        self.sma = bt.ind.SMA(period=7)
        rsi = bt.ind.RSI()
        self.seen['sma'] = _shown(self.sma.p)
        self.seen['rsi'] = [k for k, _ in _shown(rsi.p)]
        self.seen['rsi movav'] = rsi.p.movav
        self.n = 0

    def next(self):
        self.n += 1
        close = self.data.close[0]
        if self.n == 1:
            o1 = self.buy()
            self.seen['buy'] = _shown(o1.p)
            o2 = self.sell(size=2, price=close * 1.1, exectype=bt.Order.Limit, oco=o1,
                           tradeid=3, valid=5)
            self.seen['sell'] = _shown(o2.p)
            self.seen['bracket'] = [_shown(o.p) for o in
                                    self.buy_bracket(limitprice=close * 1.1,
                                                     stopprice=close * 0.9)]
        elif self.n == 4:
            self.seen['close'] = _shown(self.close().p)


def _order(**given) -> list:
    values = dict.fromkeys(ORDER_KEYS)
    values.update(owner='_Logged', data='BacktraderCSVData', tradeid=0, transmit=True,
                  simulated=False, histnotify=False)
    values.update(given)
    return list(values.items())


@pytest.mark.parametrize('runonce', [True, False])
def test_strategy_indicators_orders_analyzers_hold_every_parameter(runonce):
    cerebro = bt.Cerebro(runonce=runonce)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DAILY)))
    cerebro.addstrategy(_Logged, fast=5)
    cerebro.addanalyzer(bt.analyzers.SharpeRatio, riskfreerate=0.02)
    cerebro.addanalyzer(bt.analyzers.DrawDown)
    cerebro.addsizer(bt.sizers.FixedSize, stake=2)
    strat = cerebro.run()[0]
    seen = strat.seen
    assert seen['strategy'] == [('fast', 5), ('slow', 30), ('label', 'x')]
    assert seen['sma'] == [('period', 7)]
    assert seen['rsi'] == ['period', 'movav', 'upperband', 'lowerband', 'safediv',
                           'safehigh', 'safelow', 'lookback']
    assert seen['rsi movav'] is bt.ind.SmoothedMovingAverage
    # a plain buy (the broker's shortcut for Market orders) and the general path
    assert seen['buy'] == _order(size=2)
    # (upstream's orders do not keep the OCO order in their parameters)
    assert seen['sell'] == _order(size=2, price=pytest.approx(3905.88), exectype=2, valid=5,
                                  tradeid=3)
    assert seen['bracket'] == [
        _order(size=2, exectype=2, transmit=False),
        _order(size=2, price=pytest.approx(3195.72), exectype=3, parent='BuyOrder',
               transmit=False),
        _order(size=2, price=pytest.approx(3905.88), exectype=2, parent='BuyOrder')]
    assert seen['close'] == _order(size=2)
    assert [_shown(a.p) for a in strat.analyzers] == [
        [('timeframe', 8), ('compression', 1), ('riskfreerate', 0.02), ('factor', None),
         ('convertrate', True), ('annualize', False), ('stddev_sample', False),
         ('daysfactor', None), ('legacyannual', False), ('fund', None)],
        [('fund', None)]]
    assert [_shown(o.p) for o in strat.observers][:2] == [[('fund', None)],
                                                         [('pnlcomm', True)]]
    assert _shown(strat.getsizer().p) == [('stake', 2), ('tranches', 1)]


def test_a_class_default_changed_later_does_not_reach_objects():
    made = bt.brokers.BackBroker()
    params = bt.brokers.BackBroker.params
    try:
        params.coc = True
        assert made.p.coc is False                      # made before the change
        assert bt.brokers.BackBroker().p.coc is False   # upstream keeps the declared default
        assert bt.brokers.BackBroker(coc=True).p.coc is True
    finally:
        params.coc = False


def test_plot_settings_hold_every_value():
    class _Plotted(bt.Strategy):
        def __init__(self):
            sma = bt.ind.SMA(period=5)
            self.seen = (sorted(vars(sma.plotinfo).items()), sorted(vars(sma.plotlines)),
                         sorted(vars(self.plotinfo).items()))

        def next(self):
            self.env.runstop()

    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=str(DAILY)))
    cerebro.addstrategy(_Plotted)
    sma_info, sma_lines, strat_info = cerebro.run()[0].seen
    common = [('legendloc', None), ('plot', True), ('plotabove', False), ('plotforce', False),
              ('plothlines', []), ('plotlinelabels', False), ('plotlinevalues', True),
              ('plotmaster', None), ('plotname', ''), ('plotskip', False),
              ('plotvaluetags', True), ('plotyhlines', []), ('plotymargin', 0.0),
              ('plotyticks', [])]
    assert sma_info == common + [('subplot', False)]
    assert sma_lines == ['sma']
    assert strat_info == common + [('subplot', True)]
