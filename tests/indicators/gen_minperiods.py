"""Prints the minimum periods recorded in minperiods_upstream.py (run it under the oracle:
``PYTHONPATH=.oracle python3 tests/indicators/gen_minperiods.py``)."""
import sys, datetime, operator
sys.path.insert(0, __import__('os').path.dirname(__import__('os').path.abspath(__file__)))
import backtrader as bt
import indcheck
ind = bt.indicators
CHAINS = [
    ('SMA(SMA(d,5),3)', 'ind.SMA(ind.SMA(d, period=5), period=3)'),
    ('EMA(SMA(d,5),3)', 'ind.EMA(ind.SMA(d, period=5), period=3)'),
    ('DEMA(SMA(d,4),5)', 'ind.DEMA(ind.SMA(d, period=4), period=5)'),
    ('RSI(EMA(d,5))', 'ind.RSI(ind.EMA(d, period=5))'),
    ('MACD(SMA(d,3))', 'ind.MACD(ind.SMA(d, period=3))'),
    ('BBands(d(-3))', 'ind.BBands(d.close(-3), period=10)'),
    ('KAMA(WMA(d,7))', 'ind.KAMA(ind.WMA(d, period=7), period=10)'),
    ('ZLEMA(HMA(d,9))', 'ind.ZLEMA(ind.HMA(d, period=9), period=7)'),
    ('Momentum(ROC(d))', 'ind.Momentum(ind.ROC(d), period=4)'),
    ('PercentRank(SMA)', 'ind.PercentRank(ind.SMA(d, period=5), period=10)'),
    ('TSI(Momentum)', 'ind.TSI(ind.Momentum(d, period=3))'),
    ('CrossOver(SMA5,SMA(SMA))', 'ind.CrossOver(ind.SMA(d, period=5), ind.SMA(ind.SMA(d, period=4), period=6))'),
    ('Highest(d(-5),4)', 'ind.Highest(d.high(-5), period=4)'),
    ('Trix(EMA)', 'ind.Trix(ind.EMA(d, period=4), period=5)'),
    ('DPO(EMA)', 'ind.DPO(ind.EMA(d, period=4), period=7)'),
    ('Envelope(EMA(d,8))', 'ind.Envelope(ind.EMA(d, period=8))'),
    ('Oscillator(DEMA)', 'ind.Oscillator(ind.DEMA(d, period=6))'),
    ('SMAOsc(EMA)', 'ind.SMAOsc(ind.EMA(d, period=6), period=4)'),
    ('Accum(Momentum)', 'ind.Accum(ind.Momentum(d, period=6))'),
    ('StdDev(Momentum,SMA)', 'ind.StdDev(ind.Momentum(d, period=3), ind.SMA(d, period=8), period=5)'),
]
canon = []
for n in indcheck.DEFAULT_NAMES:
    cls = getattr(ind, n)
    # canonical: the class itself defines its lines (aliases are bare subclasses)
    if cls.__mro__[1].__name__ in ('Indicator',) or len(cls.__dict__.get('alias', ())) or not issubclass(cls, tuple(c for c in cls.__mro__[1:2] if c.__name__ in indcheck.DEFAULT_NAMES)):
        canon.append(n)
specs = [(n, 'ind.%s(d)' % n) for n in canon] + [s for s in indcheck.EXTRA_SPECS if not s[0].startswith('Fractal')] + CHAINS
class S(bt.Strategy):
    def __init__(self):
        scope = dict(d=self.data, sma15=ind.SMA(self.data, period=15), ind=ind, operator=operator, bt=bt)
        for name, expr in specs:
            o = eval(expr, scope)
            print('    %r: (%r, %d, %r),' % (name, expr, o._minperiod, [l._minperiod for l in o.lines]))
c = bt.Cerebro(stdstats=False)
c.adddata(indcheck.daily_data())
c.addstrategy(S)
c.run()
