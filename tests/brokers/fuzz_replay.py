"""Replay broker scenarios and print a canonical trace (one process, many scenarios).

usage: python fuzz_replay.py SCENARIOS.json TRACES.json

Written against the classic backtrader API only, so the same file runs under
upstream (PYTHONPATH=<repo>/.oracle) and under this project. For every scenario
(see ``fuzzgen.py``) it records, bar by bar: each order notification (status,
executed totals and every new fill), each trade notification, and in ``next``
cash, value, fund figures and the positions. Order and trade references are
mapped to per-scenario sequence numbers so that traces do not depend on the
global counters. Floats are written with ``repr`` (bit-exact comparison).
"""
from __future__ import annotations

import datetime
import json
import os
import sys
import tempfile
import traceback

import backtrader as bt

R = repr


class TieredComm(bt.CommInfoBase):
    """A custom scheme: percentage plus a charge that tells estimates
    (pseudoexec) from executions apart."""
    params = (('percabs', True),)

    def _getcommission(self, size, price, pseudoexec):
        return abs(size) * price * self.p.commission + (0.25 if pseudoexec else 0.5)


class MarginComm(bt.CommInfoBase):
    """A custom futures-like scheme: margin as a share of the price and a
    sizing rule of its own."""
    params = (('stocklike', False), ('commtype', bt.CommInfoBase.COMM_FIXED))

    def get_margin(self, price):
        return price * 0.15

    def getsize(self, price, cash):
        return int(cash // (price * 0.3))


class DailyFeeComm(bt.CommInfoBase):
    """A custom stock-like scheme charging a flat fee per day held (credit
    interest override), longs included."""
    params = (('percabs', True), ('interest_long', True))

    def _get_credit_interest(self, data, size, price, days, dt0, dt1):
        return days * (0.5 + abs(size) * price * self.p.interest / 365.0)


def _valid(spec, data):
    if spec is None:
        return None
    if spec == 'DAY':
        return bt.Order.DAY
    kind, val = spec
    if kind == 'td':
        return datetime.timedelta(seconds=val)
    if kind == 'dt':
        return data.datetime.datetime(0) + datetime.timedelta(days=val)
    if kind == 'date':
        return data.datetime.date(0) + datetime.timedelta(days=val)
    if kind == 'num':
        return 0 if not val else data.datetime[0] + val
    raise ValueError(spec)


class Replay(bt.Strategy):
    params = (('sc', None), ('out', None))

    def __init__(self):
        self.ords = []
        self.refidx = {}
        self.trefs = {}
        self.out = self.p.out
        self.acts = self.p.sc['actions']
        self.oacts = self.p.sc['open_actions']

    # -- trace ----------------------------------------------------------------------
    def log(self, *parts):
        self.out.append(' '.join(str(p) for p in parts))

    def oid(self, order):
        return self.refidx.get(order.ref, 'h%d' % len(self.refidx))

    def notify_order(self, order):
        ex, cr = order.executed, order.created
        self.log('O', len(self), self.oid(order), order.getstatusname(),
                 order.getordername(), order.ordtypename(),
                 R(cr.size), R(cr.price), R(cr.pricelimit), R(cr.dt),
                 R(ex.size), R(ex.price), R(ex.value), R(ex.comm), R(ex.pnl), R(ex.remsize),
                 R(ex.psize), R(ex.pprice), R(ex.dt), len(ex))
        for b in ex.iterpending():
            self.log('  B', R(b.dt), R(b.size), R(b.price), R(b.closed), R(b.opened),
                     R(b.closedvalue), R(b.openedvalue), R(b.closedcomm), R(b.openedcomm),
                     R(b.value), R(b.comm), R(b.pnl), R(b.psize), R(b.pprice))

    def notify_trade(self, trade):
        tid = self.trefs.setdefault(trade.ref, len(self.trefs))
        self.log('T', len(self), tid, trade.data._name, trade.tradeid, trade.status,
                 R(trade.size), R(trade.price), R(trade.value), R(trade.commission),
                 R(trade.pnl), R(trade.pnlcomm), trade.justopened, trade.isopen,
                 trade.isclosed, trade.baropen, R(trade.dtopen), trade.barclose,
                 R(trade.dtclose), trade.barlen, getattr(trade, 'long', None))
        if self.p.sc.get('tradehistory'):
            for h in trade.history[-2:]:
                st, ev = h.status, h.event
                self.log('  H', len(trade.history), st.status, R(st.dt), st.barlen,
                         R(st.size), R(st.price), R(st.value), R(st.pnl), R(st.pnlcomm),
                         self.oid(ev.order), R(ev.size), R(ev.price), R(ev.commission))

    def notify_cashvalue(self, cash, value):
        self.log('CV', len(self), R(cash), R(value))

    def notify_fund(self, cash, value, fundvalue, shares):
        if self.p.sc['fundmode']:
            self.log('F', len(self), R(cash), R(value), R(fundvalue), R(shares))

    def state(self, tag, bars=True):
        b = self.broker
        parts = [tag, len(self), R(b.getcash()), R(b.getvalue()), R(b.get_value(lever=True)),
                 R(b.get_fundvalue()), R(b.get_fundshares())]
        for d in self.datas:
            pos = self.getposition(d)
            parts += [len(d), R(pos.size), R(pos.price)]
            if not bars:
                continue
            parts.append(R(b.getvalue(datas=[d])))
            if len(d):
                parts += ['|', R(d.open[0]), R(d.high[0]), R(d.low[0]), R(d.close[0]),
                          R(d.volume[0])]
        self.log(*parts)

    # -- actions --------------------------------------------------------------------
    def reg(self, order):
        self.ords.append(order)
        if order is not None:
            self.refidx[order.ref] = len(self.ords) - 1
        return order

    def pick(self, i):
        if not self.ords:
            return None
        return self.ords[i % len(self.ords)]

    def do(self, act):
        k = act['k']
        data = self.datas[act.get('d', 0)]
        close = data.close[0]

        def px(r):
            # None: no price; 'zero': a price of 0 (fuzzgen._loosen_*)
            if r is None or r == 'zero':
                return None if r is None else 0.0
            return round(close * (1 + r), 2)

        def side(main, off, up):
            # a bracket side's price: ``off`` beyond the main order's (the close
            # when it has none); negative or 0 offsets put it on the wrong side
            if off is None or off == 'zero':
                return px(off)
            return px((main if isinstance(main, float) else 0.0) - up * off)

        if k in ('buy', 'sell'):
            kw = dict(data=data, size=act['size'], exectype=getattr(bt.Order, act['et']))
            if 'p' in act:
                kw['price'] = px(act['p'])
            if 'pl' in act:
                kw['plimit'] = px(act['pl'])
            if 'ta' in act:
                kw['trailamount'] = round(close * act['ta'], 2)
            if 'tp' in act:
                kw['trailpercent'] = act['tp']
            if 'v' in act:
                kw['valid'] = _valid(act['v'], data)
            if 'oco' in act:
                kw['oco'] = self.pick(act['oco'])
            if 'tid' in act:
                kw['tradeid'] = act['tid']
            self.reg(getattr(self, k)(**kw))
        elif k in ('bbuy', 'bsell'):
            if act['size'] is None and not self.getsizing(data, isbuy=k == 'bbuy'):
                return      # upstream fails reading the missing main order (tests/compat)
            up = 1 if k == 'bbuy' else -1
            kw = dict(data=data, size=act['size'], exectype=getattr(bt.Order, act['et']),
                      price=px(act['p']), stopprice=side(act['p'], act['sp'], up),
                      limitprice=side(act['p'], act['lp'], -up))
            for key, name in (('se', 'stopexec'), ('le', 'limitexec')):
                if key in act:
                    kw[name] = None if act[key] is None else getattr(bt.Order, act[key])
            if act.get('se') == 'StopTrail':
                off = act['sp'] if isinstance(act['sp'], float) and act['sp'] > 0 else 0.01
                kw['stopargs'] = dict(trailamount=round(close * off, 2))
            if 'v' in act:
                kw['valid'] = _valid(act['v'], data)
            if 'pl' in act:
                kw['plimit'] = px(act['pl'])
            if 'ta' in act:
                kw['trailamount'] = round(close * act['ta'], 2)
            if 'tp' in act:
                kw['trailpercent'] = act['tp']
            if 'tid' in act:
                kw['tradeid'] = act['tid']
            for key, name in (('ov', 'oargs'), ('sv', 'stopargs'), ('lv', 'limitargs')):
                if key in act:
                    kw.setdefault(name, {})['valid'] = _valid(act[key], data)
            if 'kwcoc' in act:
                kw['coc'] = act['kwcoc']
            meth = self.buy_bracket if k == 'bbuy' else self.sell_bracket
            for o in meth(**kw):
                self.reg(o)
        elif k == 'cancel':
            o = self.pick(act['i'])
            if o is not None:
                self.log('C', len(self), self.oid(o), self.cancel(o))
        elif k == 'close':
            self.reg(self.close(data=data, size=act['size']))
        elif k == 'tsize':
            self.reg(self.order_target_size(data=data, target=act['t']))
        elif k == 'tvalue':
            self.reg(self.order_target_value(data=data, target=act['t']))
        elif k == 'tpct':
            self.reg(self.order_target_percent(data=data, target=act['t']))
        elif k == 'cash':
            self.broker.add_cash(act['v'])
        elif k == 'group':
            up = 1 if act['side'] == 'buy' else -1
            first, second = (self.buy, self.sell) if up > 0 else (self.sell, self.buy)
            parent = self.reg(first(data=data, size=2, exectype=bt.Order.Limit,
                                    price=px(act['p']), transmit=False))
            for j in range(act['n']):
                if j % 2 == 0:
                    et, p = bt.Order.Stop, px(act['p'] - up * 0.03 * (j + 1))
                else:
                    et, p = bt.Order.Limit, px(act['p'] + up * 0.03 * (j + 1))
                self.reg(second(data=data, size=2, exectype=et, price=p, parent=parent,
                                transmit=j == act['n'] - 1))
        else:
            raise ValueError(k)

    # -- hooks ----------------------------------------------------------------------
    def next_open(self):
        self.state('P')
        for act in self.oacts.get(str(len(self) + 1), ()):
            self.do(act)

    def next(self):
        self.state('N')
        for act in self.acts.get(str(len(self)), ()):
            self.do(act)

    def stop(self):
        # with exactbars >= 1 upstream's datas hold no readable bar in stop()
        self.state('S', bars=self.p.sc.get('exactbars', 0) < 1)
        self.log('OPEN', [self.oid(o) for o in self.broker.get_orders_open()])


def _add_comm(broker, spec, name=None):
    if spec is None:
        return
    if spec[0] == 'set':
        broker.setcommission(name=name, **spec[1])
    elif spec[0] == 'cls':
        cls = bt.CommissionInfo if spec[1] == 'CommissionInfo' else \
            getattr(bt.commissions, spec[1])
        broker.addcommissioninfo(cls(**spec[2]), name=name)
    elif spec[0] == 'custom':
        broker.addcommissioninfo(TieredComm(**spec[1]), name=name)
    elif spec[0] == 'custom2':
        broker.addcommissioninfo(MarginComm(**spec[1]), name=name)
    elif spec[0] == 'custom3':
        broker.addcommissioninfo(DailyFeeComm(**spec[1]), name=name)


def _add_history(cer, sc) -> None:
    """Order history (Historical orders) and fund history from the scenario."""
    oh = sc.get('ohist')
    if oh:
        entries = []
        for bar, size, relp, dref, kind in oh['entries']:
            rows = sc['datas'][1 if dref in (1, 'd1') else 0]
            row = rows[min(bar, len(rows) - 1)]
            when = datetime.datetime.strptime(row[0], '%Y-%m-%d %H:%M:%S')
            if kind == 'str':
                when = when.strftime('%Y-%m-%dT%H:%M:%S')
            elif kind == 'date':
                when = when.date()
            entries.append([when, size, round(row[4] * (1 + relp), 2), dref])
        cer.add_order_history(entries, notify=oh['notify'])
    fh = sc.get('fhist')
    if fh:
        rows = sc['datas'][0]
        cer.set_fund_history([[rows[i][0].replace(' ', 'T'), fv, nav] for i, fv, nav in fh])


def run_scenario(sc, tmpdir):
    out = []
    cer = bt.Cerebro(runonce=sc['runonce'], preload=sc['preload'], stdstats=sc['stdstats'],
                     cheat_on_open=sc['cheat_on_open'], broker_coo=sc['broker_coo'],
                     tradehistory=sc.get('tradehistory', False))
    slip = sc['slip']
    if slip is not None and slip[0] in ('pperc', 'pfixed'):
        key = 'slip_perc' if slip[0] == 'pperc' else 'slip_fixed'
        cer.setbroker(bt.brokers.BackBroker(**{key: slip[1], 'slip_open': slip[2],
                                               'slip_limit': slip[3], 'slip_match': slip[4],
                                               'slip_out': slip[5]}))
    broker = cer.broker
    if slip is not None and slip[0] in ('perc', 'fixed'):
        setter = broker.set_slippage_perc if slip[0] == 'perc' else broker.set_slippage_fixed
        setter(slip[1], slip_open=slip[2], slip_limit=slip[3], slip_match=slip[4],
               slip_out=slip[5])
    broker.set_cash(sc['cash'])
    broker.set_checksubmit(sc['checksubmit'])
    broker.set_coc(sc['coc'])
    broker.set_shortcash(sc['shortcash'])
    broker.set_int2pnl(sc['int2pnl'])
    if sc['fundmode']:
        broker.set_fundmode(True)
    filler = sc['filler']
    if filler is not None:
        if filler[0] == 'FixedSize':
            broker.set_filler(bt.fillers.FixedSize(size=filler[1]))
        elif filler[0] == 'FixedBarPerc':
            broker.set_filler(bt.fillers.FixedBarPerc(perc=filler[1]))
        else:
            broker.set_filler(bt.fillers.BarPointPerc(minmov=filler[1], perc=filler[2]))
    _add_comm(broker, sc['comm'])
    _add_comm(broker, sc.get('comm1'), name='d1')
    sizer = sc['sizer']
    if sizer is not None:
        cls = getattr(bt.sizers, sizer[0])
        key = 'stake' if sizer[0] in ('FixedSize', 'FixedReverser') else 'percents'
        cer.addsizer(cls, **{key: sizer[1]})
    for i, rows in enumerate(sc['datas']):
        path = os.path.join(tmpdir, 'd%d_%d.csv' % (sc['id'], i))
        with open(path, 'w') as f:
            f.write('datetime,open,high,low,close,volume,openinterest\n')
            for row in rows:
                f.write('%s,%r,%r,%r,%r,%r,0\n' % tuple(row))
        kw = dict(dataname=path, dtformat='%Y-%m-%d %H:%M:%S', datetime=0, open=1, high=2,
                  low=3, close=4, volume=5, openinterest=6, name='d%d' % i)
        if sc['intraday']:
            kw.update(timeframe=bt.TimeFrame.Minutes, compression=60)
            if sc.get('sessionend'):
                kw['sessionend'] = datetime.time(16, 0)
        cer.adddata(bt.feeds.GenericCSVData(**kw))
    _add_history(cer, sc)
    cer.addstrategy(Replay, sc=sc, out=out)
    try:
        cer.run(quicknotify=sc.get('quicknotify', False), exactbars=sc.get('exactbars', 0))
        out.append('END %r %r' % (broker.getvalue(), broker.getcash()))
    except Exception as exc:           # recorded: both sides should agree on failing
        out.append('EXC %s' % type(exc).__name__)
        out.append('#' + traceback.format_exc().replace('\n', '\n#'))
    return out


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src) as f:
        scenarios = json.load(f)
    traces = {}
    with tempfile.TemporaryDirectory() as tmpdir:
        for sc in scenarios:
            traces[str(sc['id'])] = run_scenario(sc, tmpdir)
    with open(dst, 'w') as f:
        json.dump(traces, f)


if __name__ == '__main__':
    main()
