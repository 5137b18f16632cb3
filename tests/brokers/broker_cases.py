"""Broker scenarios on ../shared/datas/2006-day-001.txt: one per order type,
validity, bracket, OCO, filler, slippage flag, cheat mode, commission scheme,
sizer and history feature (must-show 2 of the broker issue).

usage: python broker_cases.py [CASE ...]      (default: every case)

Written against the classic API only: ``test_broker_cases_oracle.py`` runs it
once under upstream (PYTHONPATH=<repo>/.oracle) and once under this project and
compares the output case by case. Every order notification (status, created
and executed figures, each fill), every trade notification and cash/value at
every bar are printed, floats with ``repr``.
"""
from __future__ import annotations

import datetime
import os
import sys

import backtrader as bt

R = repr
DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'shared',
                    'datas', '2006-day-001.txt')
O = bt.Order


class Driver(bt.Strategy):
    """Runs ``act(self)`` every bar (and ``act_open`` in next_open) and prints
    what the broker reports."""
    params = (('act', None), ('act_open', None), ('out', None))

    def __init__(self):
        self.ords = {}
        self.out = self.p.out

    def log(self, *parts):
        self.out.append(' '.join(str(p) for p in parts))

    def oid(self, order):
        return self.ords.setdefault(order.ref, len(self.ords))

    def notify_order(self, order):
        cr, ex = order.created, order.executed
        self.log('O', len(self), self.oid(order), order.getstatusname(), order.getordername(),
                 order.ordtypename(), R(cr.size), R(cr.price), R(cr.pricelimit),
                 R(ex.size), R(ex.price), R(ex.value), R(ex.comm), R(ex.pnl), R(ex.remsize),
                 R(ex.psize), R(ex.pprice), R(ex.dt))
        for b in ex.iterpending():
            self.log('  B', R(b.dt), R(b.size), R(b.price), R(b.closed), R(b.opened),
                     R(b.closedvalue), R(b.openedvalue), R(b.closedcomm), R(b.openedcomm),
                     R(b.pnl))

    def notify_trade(self, trade):
        self.log('T', len(self), trade.status, R(trade.size), R(trade.price), R(trade.value),
                 R(trade.commission), R(trade.pnl), R(trade.pnlcomm), trade.baropen,
                 trade.barclose, trade.barlen, len(trade.history))
        for h in trade.history:
            self.log('  H', h.status.status, R(h.status.size), R(h.status.price),
                     R(h.status.pnl), R(h.event.size), R(h.event.price),
                     R(h.event.commission))

    def notify_fund(self, cash, value, fundvalue, shares):
        if self.broker.fundmode:
            self.log('F', len(self), R(cash), R(value), R(fundvalue), R(shares))

    def next_open(self):
        if self.p.act_open is not None:
            self.p.act_open(self)

    def next(self):
        b = self.broker
        self.log('N', len(self), R(b.getcash()), R(b.getvalue()), R(self.position.size),
                 R(self.position.price))
        if self.p.act is not None:
            self.p.act(self)

    def stop(self):
        self.log('OPEN', sorted(self.oid(o) for o in self.broker.get_orders_open()))


# -- actions ---------------------------------------------------------------------------------
def every(n, first=1):
    return lambda s: len(s) >= first and (len(s) - first) % n == 0


def c(s, f):
    """The close scaled by f, rounded to cents."""
    return round(s.data.close[0] * f, 2)


def act_roundtrip(exectype, buyf, sellf, n=12, **kw):
    """Flat: buy at close*buyf; long: sell at close*sellf (every n bars)."""
    def act(s):
        if not every(n)(s):
            return
        if not s.position:
            s.buy(size=2, exectype=exectype, price=c(s, buyf) if buyf else None, **kw)
        else:
            s.sell(size=2, exectype=exectype, price=c(s, sellf) if sellf else None, **kw)
    return act


def act_market(s):
    if every(9)(s):
        (s.buy if len(s) % 2 else s.sell)(size=1 + len(s) % 3)


def act_stoplimit(s):
    if every(10)(s):
        if not s.position:
            s.buy(size=1, exectype=O.StopLimit, price=c(s, 1.004), plimit=c(s, 1.012))
            s.buy(size=1, exectype=O.StopLimit, price=c(s, 1.004), plimit=c(s, 0.998))
        else:
            s.close(exectype=O.StopLimit, price=c(s, 0.996), plimit=c(s, 0.99))


def act_trail(kind):
    def act(s):
        if every(15)(s):
            if not s.position:
                s.buy(size=1)
                kw = dict(trailamount=25.0) if kind == 'amount' else dict(trailpercent=0.012)
                if kind == 'limit':
                    kw = dict(trailamount=20.0, plimit=c(s, 0.99), price=c(s, 0.995))
                et = O.StopTrailLimit if kind == 'limit' else O.StopTrail
                s.sell(size=1, exectype=et, **kw)
    return act


def act_historical(s):
    if every(20)(s):
        (s.sell if (len(s) // 20) % 2 else s.buy)(size=1, exectype=O.Historical,
                                                  price=c(s, 0.99), histnotify=True)


def act_valid(kind):
    def act(s):
        if not every(11)(s):
            return
        dt = s.data.datetime.datetime(0)
        valid = {'day': O.DAY, 'gtc': None, 'date': dt.date() + datetime.timedelta(days=3),
                 'datetime': dt + datetime.timedelta(days=2, hours=5),
                 'timedelta': datetime.timedelta(days=4), 'num': s.data.datetime[0] + 3}[kind]
        s.buy(size=1, exectype=O.Limit, price=c(s, 0.985), valid=valid)
        s.sell(size=1, exectype=O.Limit, price=c(s, 1.015), valid=valid)
        s.sell(size=1, exectype=O.Stop, price=c(s, 0.99), valid=valid)
    return act


def act_oco(s):
    if every(14)(s):
        o1 = s.buy(size=1, exectype=O.Limit, price=c(s, 0.99))
        s.buy(size=1, exectype=O.Stop, price=c(s, 1.01), oco=o1)
        s.sell(size=1, exectype=O.Limit, price=c(s, 1.02), oco=o1)
    if every(14, 8)(s) and s.position:
        s.close()


def act_oco_partial(s):
    """OCO groups named after an order whose group a partial fill used up
    while it is still pending (a limit order filled 2 a bar), and after one
    that completed."""
    n = len(s) % 12
    if n == 1:
        s._oco_a = s.buy(size=40, exectype=O.Limit, price=c(s, 1.0))
        s._oco_m = s.buy(size=3)
    elif n == 3:
        s.sell(size=1, oco=s._oco_a)
        s.sell(size=1, exectype=O.Limit, price=c(s, 1.02), oco=s._oco_m)
    elif n == 6:
        s.buy(size=1, exectype=O.Stop, price=c(s, 1.01), oco=s._oco_a)
        s.sell(size=1, oco=s._oco_m)
    elif n == 10:
        s.cancel(s._oco_a)
        if s.position:
            s.close()


def act_bracket(kind):
    def act(s):
        if not every(16)(s) or s.position:
            return
        if kind == 'buy':
            s.buy_bracket(size=2, price=c(s, 0.995), stopprice=c(s, 0.975),
                          limitprice=c(s, 1.02))
        elif kind == 'sell':
            s.sell_bracket(size=2, price=c(s, 1.005), stopprice=c(s, 1.025),
                           limitprice=c(s, 0.98), valid=datetime.timedelta(days=10))
        elif kind == 'market':
            s.buy_bracket(size=1, exectype=O.Market, stopprice=c(s, 0.98),
                          limitprice=c(s, 1.015), tradeid=1)
        elif kind == 'trail':
            s.buy_bracket(size=1, price=c(s, 0.998), stopexec=O.StopTrail,
                          stopargs=dict(trailamount=30.0), limitprice=c(s, 1.03))
        elif kind == 'nolimit':
            s.sell_bracket(size=1, price=c(s, 1.002), stopprice=c(s, 1.02), limitexec=None)
        elif kind == 'nostop':
            s.buy_bracket(size=1, price=c(s, 0.998), stopexec=None, limitprice=c(s, 1.01))
        elif kind == 'args':
            s.buy_bracket(size=1, exectype=O.StopLimit, price=c(s, 1.003), plimit=c(s, 1.008),
                          oargs=dict(valid=O.DAY), stopprice=c(s, 0.98),
                          stopargs=dict(valid=datetime.timedelta(days=20)),
                          limitprice=c(s, 1.03), limitargs=dict(tradeid=0), trailamount=None)
        elif kind == 'cancel':
            o = s.buy_bracket(size=1, price=c(s, 0.99), stopprice=c(s, 0.97),
                              limitprice=c(s, 1.02))
            s.pending_cancel = o[0]
    return act


def act_cancel(s):
    if every(7)(s):
        s.last = s.buy(size=1, exectype=O.Limit, price=c(s, 0.99))
    if every(7, 3)(s) and getattr(s, 'last', None) is not None:
        s.cancel(s.last)
    if every(21)(s) and s.position:
        s.close()


def act_bracket_cancel(s):
    act_bracket('cancel')(s)
    if every(16, 2)(s) and getattr(s, 'pending_cancel', None) is not None:
        s.cancel(s.pending_cancel)
        s.pending_cancel = None


def act_mixed(s):
    """Market, limit and stop orders both ways (slippage/commission cases)."""
    if every(6)(s):
        k = (len(s) // 6) % 6
        if k == 0:
            s.buy(size=3)
        elif k == 1:
            s.sell(size=3, exectype=O.Limit, price=c(s, 1.004))
        elif k == 2:
            s.sell(size=2)
        elif k == 3:
            s.buy(size=2, exectype=O.Stop, price=c(s, 1.002))
        elif k == 4:
            s.buy(size=1, exectype=O.Limit, price=c(s, 0.998))
        else:
            s.close()
            s.sell(size=1, exectype=O.Stop, price=c(s, 0.997))


def act_open_market(s):
    if every(8)(s):
        (s.buy if not s.position else s.sell)(size=1)


def act_sizer(s):
    if every(10)(s):
        (s.sell if s.position else s.buy)()


def act_targets(s):
    if every(9)(s):
        k = (len(s) // 9) % 5
        if k == 0:
            s.order_target_size(target=3)
        elif k == 1:
            s.order_target_value(target=5000.0)
        elif k == 2:
            s.order_target_percent(target=0.5)
        elif k == 3:
            s.order_target_size(target=-2)
        else:
            s.order_target_percent(target=0.0)


def act_fund(s):
    act_mixed(s)
    if len(s) in (30, 90):
        s.broker.add_cash(5000 if len(s) == 30 else -2000)


def act_margin(s):
    if len(s) == 5:
        s.buy(size=5)
    if every(13)(s):
        s.sell(size=1)


class TieredComm(bt.CommInfoBase):
    """Custom scheme: a per-unit fee plus a charge telling estimates from fills."""
    params = (('commission', 0.0005), ('percabs', True))

    def _getcommission(self, size, price, pseudoexec):
        return abs(size) * price * self.p.commission + (1.0 if pseudoexec else 2.0)


class MarginComm(bt.CommInfoBase):
    """Custom futures-like scheme with its own margin and sizing."""
    params = (('stocklike', False), ('commtype', bt.CommInfoBase.COMM_FIXED),
              ('commission', 1.0), ('mult', 2.0))

    def get_margin(self, price):
        return price * 0.1

    def getsize(self, price, cash):
        return int(cash // (price * 0.4))


def _pandas_with_volume():
    """The same bars with a volume derived from the range (the file has none)."""
    import pandas as pd
    df = pd.read_csv(DATA, parse_dates=[0], index_col=0)
    df['Volume'] = ((df['High'] - df['Low']) / 2).round().astype(int)
    return bt.feeds.PandasData(dataname=df, open='Open', high='High', low='Low', close='Close',
                               volume='Volume', openinterest=None)


def setcomm(**kw):
    return lambda cer: cer.broker.setcommission(**kw)


def addcomm(ci):
    return lambda cer: cer.broker.addcommissioninfo(ci)


def _both(*fns):
    def setup(cer):
        for fn in fns:
            fn(cer)
    return setup


CASES = {
    # order types
    'market': dict(act=act_market),
    'close': dict(act=act_roundtrip(O.Close, None, None, n=10)),
    'limit': dict(act=act_roundtrip(O.Limit, 0.992, 1.008)),
    'stop': dict(act=act_roundtrip(O.Stop, 1.004, 0.995)),
    'stoplimit': dict(act=act_stoplimit),
    'stoptrail_amount': dict(act=act_trail('amount')),
    'stoptrail_percent': dict(act=act_trail('percent')),
    'stoptraillimit': dict(act=act_trail('limit')),
    'historical': dict(act=act_historical),
    # validity
    'valid_day': dict(act=act_valid('day')),
    'valid_gtc': dict(act=act_valid('gtc')),
    'valid_date': dict(act=act_valid('date')),
    'valid_datetime': dict(act=act_valid('datetime')),
    'valid_timedelta': dict(act=act_valid('timedelta')),
    'valid_num': dict(act=act_valid('num')),
    # groups
    'oco': dict(act=act_oco),
    'oco_partial': dict(act=act_oco_partial, data='pandas', setup=_both(
        lambda cer: cer.broker.setcash(1000000.0),
        lambda cer: cer.broker.set_filler(bt.fillers.FixedSize(size=2)))),
    'cancel': dict(act=act_cancel),
    'bracket_buy': dict(act=act_bracket('buy')),
    'bracket_sell': dict(act=act_bracket('sell')),
    'bracket_market': dict(act=act_bracket('market')),
    'bracket_trail': dict(act=act_bracket('trail')),
    'bracket_nolimit': dict(act=act_bracket('nolimit')),
    'bracket_nostop': dict(act=act_bracket('nostop')),
    'bracket_args': dict(act=act_bracket('args')),
    'bracket_cancel': dict(act=act_bracket_cancel),
    # fillers (partial fills; volume derived from the bar range)
    'filler_fixedsize': dict(act=act_mixed, data='pandas',
                             setup=lambda cer: cer.broker.set_filler(
                                 bt.fillers.FixedSize(size=2))),
    'filler_fixedbarperc': dict(act=act_mixed, data='pandas',
                                setup=lambda cer: cer.broker.set_filler(
                                    bt.fillers.FixedBarPerc(perc=20.0))),
    'filler_barpointperc': dict(act=act_mixed, data='pandas',
                                setup=lambda cer: cer.broker.set_filler(
                                    bt.fillers.BarPointPerc(minmov=10.0, perc=60.0))),
    # slippage flags
    'slip_perc': dict(act=act_mixed, setup=lambda cer: cer.broker.set_slippage_perc(0.002)),
    'slip_fixed': dict(act=act_mixed, setup=lambda cer: cer.broker.set_slippage_fixed(4.0)),
    'slip_open_off': dict(act=act_mixed, setup=lambda cer: cer.broker.set_slippage_perc(
        0.002, slip_open=False)),
    'slip_match_off': dict(act=act_mixed, setup=lambda cer: cer.broker.set_slippage_fixed(
        25.0, slip_match=False)),
    'slip_limit_off': dict(act=act_mixed, setup=lambda cer: cer.broker.set_slippage_fixed(
        25.0, slip_match=False, slip_limit=False)),
    'slip_out': dict(act=act_mixed, setup=lambda cer: cer.broker.set_slippage_perc(
        0.01, slip_out=True)),
    'slip_params': dict(act=act_mixed, broker=dict(slip_perc=0.003, slip_open=True,
                                                   slip_match=True, slip_out=False)),
    # cheat modes
    'coc': dict(act=act_mixed, setup=lambda cer: cer.broker.set_coc(True)),
    'coo': dict(act=act_mixed, act_open=act_open_market, cerebro=dict(cheat_on_open=True)),
    'coo_no_broker_coo': dict(act_open=act_open_market,
                              cerebro=dict(cheat_on_open=True, broker_coo=False)),
    # commission schemes
    'comm_stock_perc': dict(act=act_mixed, setup=setcomm(commission=0.001)),
    'comm_stock_fixed': dict(act=act_mixed, setup=setcomm(commission=2.5, commtype=1,
                                                          stocklike=True)),
    'comm_percabs_false': dict(act=act_mixed, setup=setcomm(commission=0.1, commtype=0,
                                                            stocklike=True, percabs=False)),
    'comm_futures': dict(act=act_mixed, setup=setcomm(commission=2.0, margin=1000.0,
                                                      mult=10.0)),
    'comm_futures_perc': dict(act=act_mixed, setup=setcomm(commission=0.0005, margin=800.0,
                                                           mult=5.0, commtype=0)),
    'comm_automargin_mult': dict(act=act_mixed, setup=setcomm(
        commission=1.0, margin=500.0, mult=2.0, automargin=-1)),
    'comm_automargin_factor': dict(act=act_mixed, setup=setcomm(
        commission=1.0, margin=500.0, mult=2.0, automargin=0.15)),
    'comm_leverage': dict(act=act_mixed, setup=setcomm(commission=0.001, leverage=3.0)),
    'comm_interest': dict(act=act_mixed, setup=setcomm(commission=0.001, interest=0.08)),
    'comm_interest_long': dict(act=act_mixed, setup=setcomm(interest=0.08,
                                                            interest_long=True)),
    'comm_interest_noint2pnl': dict(act=act_mixed, setup=_both(
        setcomm(interest=0.08, interest_long=True), lambda cer: cer.broker.set_int2pnl(False))),
    'comm_custom': dict(act=act_mixed, setup=addcomm(TieredComm())),
    'comm_custom_margin': dict(act=act_targets, setup=addcomm(MarginComm())),
    'comm_class_futures_fixed': dict(act=act_mixed, setup=addcomm(
        bt.commissions.CommInfo_Futures_Fixed(commission=1.5, margin=900.0, mult=3.0))),
    'comm_class_stocks_perc': dict(act=act_mixed, setup=addcomm(
        bt.commissions.CommInfo_Stocks_Perc(commission=0.2))),
    'comm_by_name': dict(act=act_mixed, setup=setcomm(commission=0.01, name='d0')),
    # cash / accounting modes
    'shortcash_false': dict(act=act_mixed, setup=lambda cer: cer.broker.set_shortcash(False)),
    'checksubmit_false': dict(act=act_mixed,
                              setup=lambda cer: cer.broker.set_checksubmit(False)),
    'margin': dict(act=act_margin),
    'fundmode': dict(act=act_fund, setup=lambda cer: cer.broker.set_fundmode(True, 50.0)),
    'tradehistory': dict(act=act_mixed, cerebro=dict(tradehistory=True)),
    # sizers
    'sizer_fixed': dict(act=act_sizer, sizer=(bt.sizers.FixedSize, dict(stake=2))),
    'sizer_fixed_tranches': dict(act=act_sizer,
                                 sizer=(bt.sizers.FixedSize, dict(stake=6, tranches=3))),
    'sizer_reverser': dict(act=act_sizer, sizer=(bt.sizers.FixedReverser, dict(stake=2))),
    'sizer_percent': dict(act=act_sizer, sizer=(bt.sizers.PercentSizer, dict(percents=30))),
    'sizer_allin': dict(act=act_sizer, sizer=(bt.sizers.AllInSizer, {})),
    'sizer_percentint': dict(act=act_sizer, sizer=(bt.sizers.PercentSizerInt,
                                                   dict(percents=60))),
    'sizer_allinint': dict(act=act_sizer, sizer=(bt.sizers.AllInSizerInt, {})),
    'targets': dict(act=act_targets),
    # history
    'order_history': dict(history=[
        ['2006-01-10', 2, 3640.0], [datetime.datetime(2006, 2, 1), -1, 3700.5],
        ['2006-03-01T00:00:00', -3, 3720.0], [datetime.date(2006, 5, 2), 2, 3800.25, 0],
        ['2006-06-01', 0, 3700.0], ['2006-08-01', 1, 3500.0, 'd0']]),
    'order_history_quiet': dict(act=act_market, history_notify=False, history=[
        ['2006-01-10', 2, 3640.0], ['2006-03-01', -3, 3720.0]]),
    'fund_history': dict(act=act_mixed, cerebro=dict(runonce=False), fund=[
        ['2006-01-02', 100.0, 10000.0], ['2006-02-01', 101.0, 10100.0],
        ['2006-03-01T00:00:00', 99.5, 9950.0], ['2006-06-01', 104.0, 10400.0]]),
}


def run_case(name: str) -> list:
    spec = CASES[name]
    out = ['== ' + name]
    cer = bt.Cerebro(stdstats=False, **spec.get('cerebro', {}))
    if 'broker' in spec:
        cer.setbroker(bt.brokers.BackBroker(**spec['broker']))
    if spec.get('data') == 'pandas':
        data = _pandas_with_volume()
    else:
        data = bt.feeds.BacktraderCSVData(dataname=DATA)
    cer.adddata(data, name='d0')
    if 'setup' in spec:
        spec['setup'](cer)
    if 'sizer' in spec:
        cer.addsizer(spec['sizer'][0], **spec['sizer'][1])
    if 'history' in spec:
        cer.add_order_history(spec['history'], notify=spec.get('history_notify', True))
    if 'fund' in spec:
        cer.set_fund_history(spec['fund'])
    cer.addstrategy(Driver, act=spec.get('act'), act_open=spec.get('act_open'), out=out)
    cer.run()
    out.append('END %r %r' % (cer.broker.getvalue(), cer.broker.getcash()))
    return out


def main(names) -> None:
    for name in names or CASES:
        sys.stdout.write('\n'.join(run_case(name)) + '\n')


if __name__ == '__main__':
    main(sys.argv[1:])
