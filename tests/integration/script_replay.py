"""Build and run the legacy scripts of ``scriptgen.py`` and write what they print.

usage: python script_replay.py DATAS_DIR SCENARIOS.json TRACES.json

Written against the classic backtrader API only, so the same file runs under
upstream (PYTHONPATH=<repo>/.oracle) and under this project. Each scenario's
trace: a line per bar from the strategy's ``next`` (bar, date, close, every
line of every indicator and line operation, position, cash, value), a line
per order and trade notification (references mapped to per-scenario sequence
numbers), and at the end every analyzer's ``get_analysis()`` and the observers'
last values. Floats are written with ``repr``; an exception ends the trace
with its type.
"""
from __future__ import annotations

import datetime
import json
import math
import sys

import backtrader as bt

# a second file for two-data scripts (same dates)
PARTNER = {'2006-day-001.txt': '2006-day-002.txt', '2006-day-002.txt': '2006-day-001.txt',
           'orcl-1995-2014.txt': 'yhoo-1996-2014.txt', 'nvda-2014.txt': 'yhoo-2014.txt',
           'yhoo-2014.txt': 'nvda-2014.txt'}


def f(x) -> str:
    return repr(float(x))


def canon(x):
    """Analysis results as JSON-able values: mappings as [key, value] pairs
    in their order, floats by repr; numpy scalars as the Python numbers they
    hold (upstream's memory-saving modes keep a pandas feed's numpy values, so
    a count there is an ``np.int64``: same number, another repr)."""
    if type(x).__module__ == 'numpy' and hasattr(x, 'item'):
        x = x.item()
    if isinstance(x, dict):
        return [[canon(k), canon(v)] for k, v in x.items()]
    if isinstance(x, (list, tuple)):
        return [canon(v) for v in x]
    if isinstance(x, bool) or x is None:
        return repr(x)
    if isinstance(x, (int, float)):
        return f(x) if isinstance(x, float) or not math.isfinite(x) else repr(x)
    if isinstance(x, (datetime.date, datetime.datetime)):
        return x.isoformat()
    return repr(x)


def day(text):
    return None if text is None else datetime.datetime.strptime(text, '%Y-%m-%d')


def make_data(datas: str, sc: dict, fname: str):
    kw = dict(dataname='%s/%s' % (datas, fname))
    if sc['window']:
        start, end = sc['window']
        if start:
            kw['fromdate'] = day(start)
        if end:
            kw['todate'] = day(end)
    if sc['reader'] == 'yahoo':
        return bt.feeds.YahooFinanceCSVData(**kw)
    if sc['reader'] == 'pandas':
        import pandas as pd
        kw['dataname'] = pd.read_csv(kw['dataname'], index_col=0, parse_dates=True)
        return bt.feeds.PandasData(**kw)
    if sc['reader'] == 'btcsv-intraday':
        if sc.get('sessionend'):
            kw['sessionend'] = datetime.time(*map(int, sc['sessionend'].split(':')))
        if sc.get('tz'):
            import pytz
            kw['tz'] = pytz.timezone(sc['tz'])
        return bt.feeds.BacktraderCSVData(timeframe=bt.TimeFrame.Minutes, compression=5, **kw)
    return bt.feeds.BacktraderCSVData(**kw)


class UserSwing(bt.Indicator):
    """What users write: next only, state kept in Python between bars."""
    lines = ('mid', 'swing')
    params = (('period', 3),)

    def __init__(self):
        self.addminperiod(self.p.period)
        self.widest = 0.0

    def next(self):
        d = self.data
        span = max(d.high.get(size=self.p.period)) - min(d.low.get(size=self.p.period))
        self.widest = max(self.widest, span)
        self.lines.mid[0] = (d.high[0] + d.low[0]) / 2.0
        self.lines.swing[0] = span / self.widest if self.widest else 0.0


class UserSpread(bt.Indicator):
    """What users write: lines bound in __init__ to operations."""
    lines = ('spread', 'band')
    params = (('period', 5),)

    def __init__(self):
        sma = bt.ind.SMA(self.data.close, period=self.p.period)
        self.lines.spread = self.data.close - sma
        self.l.band = (self.data.high - self.data.low) / 2.0 + sma


class UserSMANext(bt.ind.SMA):
    """What users write: a library indicator with ``next`` added, computing its
    own values (upstream's SMA is composed: its runonce calls this next too).
    (One reading the class's own value of the bar, ``self.lines.sma[0]``,
    differs in bar-by-bar modes: MIGRATION.md.)"""

    def next(self):
        self.lines.sma[0] = (self.data[0] + self.data[-1]) / 2.0


class UserHighestNext(bt.ind.Highest):
    """The same over a class upstream computes with its own once (runonce
    ignores the added next there)."""

    def next(self):
        self.lines.highest[0] = max(self.data.get(size=self.p.period)) + 1.0


USER_INDICATORS = {'UserSwing': UserSwing, 'UserSpread': UserSpread,
                   'UserSMANext': UserSMANext, 'UserHighestNext': UserHighestNext}


def make_strategy(sc: dict, out: list):
    class Script(bt.Strategy):
        params = (('tag', ''),)

        def __init__(self):
            d = self.data
            self.inds = []
            for spec in sc['indicators']:
                cls = USER_INDICATORS.get(spec['name']) or getattr(bt.ind, spec['name'])
                src = spec.get('src')
                if src is None or src == 'default':
                    args = ()
                elif src == 'hl2':
                    args = ((d.high + d.low) / 2.0,)
                elif src == 'delayed':
                    args = (d.close(-spec['ago']),)
                elif src == 'prev':
                    args = (self.inds[-1],)
                elif src == 'prevline':
                    args = (self.inds[-1].lines[-1],)
                else:
                    args = (getattr(d, src),)
                self.inds.append(cls(*args, **spec['kw']))
            self.ops = []
            for op in sc['ops']:
                a, b = self.inds[op['a']], self.inds[op['b']]
                if op['kind'] == 'crossover':
                    self.ops.append(bt.ind.CrossOver(a, b))
                elif op['kind'] == 'diff':
                    self.ops.append(a - b)
                elif op['kind'] == 'if':
                    self.ops.append(bt.If(a > b, a, b))
                elif op['kind'] == 'max':
                    self.ops.append(bt.Max(a, b))
                else:
                    self.ops.append(a + b)
            if len(self.datas) > 1:
                self.other = bt.ind.SMA(self.data1, period=3)
            self.couplers = []
            if sc.get('coupler') and len(self.datas) > 1:
                if sc['coupler'] == 'pivot':
                    bt.ind.PivotPoint(self.data1)
                else:
                    coupler = getattr(bt.ind, sc['coupled'])(self.data1)()
                    if sc['coupler'] == 'cross':
                        self.ops.append(bt.ind.CrossOver(self.data0.close, coupler.lines[0]))
                self.couplers = [i for i in self.getindicators()
                                 if type(i).__name__.startswith('LinesCoupler')]
            self.refs = {}
            self.entered = None
            self.order = None

        def ref(self, obj) -> int:
            # (orders and trades count apart: their global counters differ by side)
            refs = self.refs.setdefault(type(obj).__name__ == 'Trade', {})
            return refs.setdefault(obj.ref, len(refs))

        def operand(self, spec):
            if spec[0] == 'ind':
                return self.inds[spec[1]][0]
            if spec[0] == 'num':
                return spec[1]
            return self.data.close[0]

        def rule(self, spec) -> bool:
            a, b = self.operand(spec['a']), self.operand(spec['b'])
            return a > b if spec['cmp'] == '>' else a < b

        def next(self):
            vals = []
            for ind in self.inds:
                vals.extend(f(ind.lines[i][0]) for i in range(ind.lines.size()))
            vals.extend(f(op[0]) for op in self.ops)
            back = int(sc.get('lookback') or 0)
            if back and len(self) > back:
                vals.append(f(self.inds[0][-back]))
            if sc.get('getwin'):
                vals.append(self.window_text(*sc['getwin']))
            if len(self.datas) > 1:
                vals.append(f(self.other[0]))
            if sc.get('allines'):
                for data in self.datas:
                    vals.extend(f(data.lines[i][0]) for i in range(data.lines.size()))
            if sc.get('obsread'):
                for obs in self.stats:
                    for i in range(obs.lines.size()):
                        try:
                            vals.append(f(obs.lines[i][0]))
                        except IndexError:
                            vals.append('IndexError')
            for c in self.couplers:
                vals.extend(f(c.lines[i][0]) for i in range(c.lines.size()))
            pos = self.position
            out.append(self.p.tag + 'bar %d %s %s | %s | pos %s %s | %s %s' % (
                len(self), self.data.datetime.datetime(0).isoformat(), f(self.data.close[0]),
                ' '.join(vals), pos.size, f(pos.price), f(self.broker.getcash()),
                f(self.broker.getvalue())))
            if not sc.get('cheat_on_open'):
                self.act()

        def window_text(self, ago, size):
            # data.close.get(ago, size), the first indicator's getzero(-ago, size)
            # (positions among the bars upstream holds) and the type of an item
            # of data.close.array
            line = self.inds[0].lines[0] if self.inds else self.data.close
            texts = []
            for name, read in (('get', lambda: self.data.close.get(ago=ago, size=size)),
                               ('zero', lambda: line.getzero(-ago, size))):
                try:
                    got = read()
                except Exception as e:
                    texts.append('%s:%s' % (name, type(e).__name__))
                    continue
                texts.append('%s:%s:%s' % (name, type(got).__name__,
                                           ','.join(f(v) for v in got)))
            if sc['exactbars'] < 1:
                # (a ring of upstream's keeps the objects a feed stored: numpy
                # scalars from a dataframe)
                texts.append('item:' + type(self.data.close.array[-1]).__name__)
            return ' '.join(texts)

        def prenext(self):
            if sc.get('early'):
                vals = []
                # (memory-saving rings: upstream raises IndexError reading further
                # back than the bars held, where this project reads on)
                reads = [(self.data.close, ago)
                         for ago in ((-1,) if sc['exactbars'] >= 1 else (-1, -3))]
                if len(self.stats):
                    # an observer's first line, before it moves with the bar
                    # (known difference, left: with exactbars >= 1 upstream's
                    # observer lines are rings of one bar, so [-1] reads [0])
                    reads += [(self.stats[0].lines[0], ago)
                              for ago in ((0,) if sc['exactbars'] >= 1 else (0, -1))]
                for line, ago in reads:
                    try:
                        vals.append(f(line[ago]))
                    except IndexError:
                        vals.append('IndexError')
                out.append(self.p.tag + 'pre %d %s %s' % (len(self), ' '.join(vals),
                                                          self.data.buflen()))

        def next_open(self):
            if sc.get('cheat_on_open'):
                out.append(self.p.tag + 'open %d %s' % (len(self), f(self.data.open[0])))
                self.act()

        def act(self):
            if sc.get('guard') and self.order is not None:
                return
            close = self.data.close[0]
            if not self.position:
                fire = (self.ops[0][0] > 0) if sc['op_rule'] else self.rule(sc['entry'])
                if fire:
                    self.entered = len(self)
                    self.enter(sc['entry']['call'], sc['entry']['size'], close)
            elif self.entered is not None and len(self) - self.entered >= sc['exit']['after'] \
                    and self.rule(sc['exit']):
                call = sc['exit']['call']
                if call == 'close':
                    self.order = self.close()
                elif call == 'sell':
                    self.order = self.sell()
                elif call == 'target_zero':
                    self.order = self.order_target_size(target=0)
                elif call == 'close_size':
                    self.order = self.close(size=1)
                else:
                    self.order = self.order_target_percent(target=0.0)

        def enter(self, call: str, size: int, close: float):
            self.order = self.place(call, size, close)

        def place(self, call: str, size: int, close: float):
            if call == 'buy':
                return self.buy()
            elif call == 'buy_size':
                return self.buy(size=size)
            elif call == 'sell_size':
                return self.sell(size=size)
            elif call == 'target_size':
                return self.order_target_size(target=size)
            elif call == 'target_percent':
                return self.order_target_percent(target=0.5)
            elif call == 'target_value':
                return self.order_target_value(target=5000.0)
            elif call == 'buy_limit':
                return self.buy(size=size, exectype=bt.Order.Limit, price=close * 0.99,
                         valid=self.data.datetime.date(0) + datetime.timedelta(days=3))
            elif call == 'buy_zero':
                return self.buy(size=0)
            elif call == 'buy_price_market':
                return self.buy(size=size, price=close)
            else:
                return self.buy_bracket(size=size, limitprice=close * 1.03,
                                        stopprice=close * 0.97)[0]

        def notify_order(self, order):
            if order is self.order and not order.alive():
                self.order = None
            ex = order.executed
            out.append(self.p.tag + 'order %d %s %s size %s price %s comm %s' % (
                self.ref(order), order.getstatusname(), 'buy' if order.isbuy() else 'sell',
                ex.size, f(ex.price), f(ex.comm)))

        def notify_trade(self, trade):
            out.append(self.p.tag + 'trade %d open %s closed %s size %s pnl %s pnlcomm %s barlen %s' % (
                self.ref(trade), trade.isopen, trade.isclosed, trade.size, f(trade.pnl),
                f(trade.pnlcomm), trade.barlen))

        def stop(self):
            out.append(self.p.tag + 'final %s %s' % (f(self.broker.getcash()), f(self.broker.getvalue())))

    return Script


# (CalendarDays: upstream's fails at the first gap without a fill price)
FILTER_KW = {'CalendarDays': dict(fill_price=0)}


def run(datas: str, sc: dict) -> list:
    out: list = []
    opt = sc.get('opt')
    optkw = dict(maxcpus=opt['maxcpus'], optreturn=opt['optreturn']) if opt else {}
    cerebro = bt.Cerebro(runonce=sc['runonce'], preload=sc['preload'],
                         exactbars=sc['exactbars'], stdstats=sc['stdstats'],
                         tradehistory=sc['tradehistory'],
                         cheat_on_open=sc.get('cheat_on_open', False), **optkw)
    data = make_data(datas, sc, sc['file'])
    if sc.get('filter'):
        data.addfilter(getattr(bt.filters, sc['filter']), **FILTER_KW.get(sc['filter'], {}))
    intraday = sc['reader'] == 'btcsv-intraday'
    if sc['second'] == 'replay':
        # the data replayed (the only one): daily bars build up weeks, 5-minute ones days
        cerebro.replaydata(data, timeframe=bt.TimeFrame.Days if intraday
                           else bt.TimeFrame.Weeks)
    else:
        cerebro.adddata(data)
    if sc['second'] == 'resample':
        cerebro.resampledata(data, timeframe=bt.TimeFrame.Days if intraday
                             else bt.TimeFrame.Weeks)
    elif sc['second'] == 'file':
        cerebro.adddata(make_data(datas, sc, PARTNER[sc['file']]))
    cerebro.broker.setcash(sc['cash'])
    if sc['coc']:
        cerebro.broker.set_coc(True)
    if sc['comm']:
        comm = dict(sc['comm'])
        if comm.get('commtype') == 'fixed':
            comm['commtype'] = bt.CommInfoBase.COMM_FIXED
        cerebro.broker.setcommission(**comm)
    if sc['sizer']:
        name, kw = sc['sizer']
        cerebro.addsizer(getattr(bt.sizers, name), **kw)
    for name in sc['analyzers']:
        kw = dict(sc.get('analyzer_kw', {}).get(name, {}))
        if 'timeframe' in kw:
            kw['timeframe'] = getattr(bt.TimeFrame, kw['timeframe'])
        cerebro.addanalyzer(getattr(bt.analyzers, name), _name=name.lower(), **kw)
    for name in sc['observers']:
        cerebro.addobserver(getattr(bt.observers, name))
    script = make_strategy(sc, out)
    if opt:
        # copies told apart by their tag; worker processes find the class by
        # name (what the lines of a worker's runs append stays there, both sides)
        script.__qualname__ = script.__name__
        globals()[script.__name__] = script
        cerebro.optstrategy(script, tag=['c%d ' % i for i in range(opt['n'])])
    else:
        cerebro.addstrategy(script)
    if sc.get('twin'):
        # a second strategy on the same broker (its lines tagged)
        cerebro.addstrategy(script, tag='twin ')
    try:
        results = cerebro.run()
        # (the first strategy's analyzers and observers; each run's first
        # strategy after an optstrategy)
        for strat in [r[0] for r in results] if opt else [results[0]]:
            tag = strat.p.tag
            # what legacy scripts print once the run is over
            for name in sc['analyzers']:
                out.append(tag + 'analyzer %s %s' % (name, json.dumps(canon(
                    getattr(strat.analyzers, name.lower()).get_analysis()))))
            for obs in getattr(strat, 'stats', ()):     # (not kept by an OptReturn)
                aliases = obs.lines.getlinealiases()
                out.append(tag + 'observer %s %s' % (type(obs).__name__, ' '.join(
                    '%s=%s' % (a, f(obs.lines[i][0])) for i, a in enumerate(aliases))))
    except Exception as exc:        # the trace ends with what was raised
        out.append('EXC %s' % _builtin_kind(exc))
        out.append('# %s: %s' % (type(exc).__name__, exc))
    return out


def _builtin_kind(exc) -> str:
    """The name of the built-in exception class ``exc`` is one of: this
    project's typed errors are subclasses of the one upstream raises
    (``MixedLengthError`` is an ``IndexError``), and both sides must fail alike."""
    for cls in type(exc).__mro__:
        if cls.__module__ == 'builtins':
            return cls.__name__
    return type(exc).__name__


def main() -> int:
    datas, scen, dest = sys.argv[1:4]
    scenarios = json.loads(open(scen).read())
    traces = {str(sc['id']): run(datas, sc) for sc in scenarios}
    with open(dest, 'w') as fh:
        json.dump(traces, fh)
    return 0


if __name__ == '__main__':
    sys.exit(main())
