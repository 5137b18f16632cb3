"""Times every indicator class (default parameters) in runonce mode.

usage: indicators_all.py BARS.csv [NAME,NAME,...]
Prints ``<name> <seconds>`` per indicator (CPU seconds of its ``_once``: the
whole array, its sub-indicators included), then ``TOTAL`` (their sum) and ``LOAD+RUN`` (the
whole cerebro run). Runs unchanged with upstream and with this project.
"""
import itertools
import sys
import tempfile
import time

import backtrader as bt

ind = bt.indicators

# one entry per indicator class (aliases compute the same thing); HeikinAshi
# forces next mode and is left out (haDelta runs without it)
SPECS = [
    ('SMA', 'ind.SMA(d)'), ('EMA', 'ind.EMA(d)'), ('SMMA', 'ind.SMMA(d)'),
    ('WMA', 'ind.WMA(d)'), ('DEMA', 'ind.DEMA(d)'), ('TEMA', 'ind.TEMA(d)'),
    ('KAMA', 'ind.KAMA(d)'), ('ZLEMA', 'ind.ZLEMA(d)'), ('HMA', 'ind.HMA(d)'),
    ('ZeroLagIndicator', 'ind.ZeroLagIndicator(d)'), ('DMA', 'ind.DMA(d)'),
    ('SMAEnvelope', 'ind.SMAEnvelope(d)'), ('EMAOscillator', 'ind.EMAOsc(d)'),
    ('Envelope', 'ind.Envelope(d)'), ('Oscillator', 'ind.Oscillator(d, d.open)'),
    ('Highest', 'ind.Highest(d, period=14)'), ('Lowest', 'ind.Lowest(d, period=14)'),
    ('SumN', 'ind.SumN(d, period=14)'), ('AnyN', 'ind.AnyN(d, period=5)'),
    ('AllN', 'ind.AllN(d, period=5)'), ('Average', 'ind.Average(d, period=14)'),
    ('ExponentialSmoothing', 'ind.ExponentialSmoothing(d, period=14)'),
    ('WeightedAverage', 'ind.WeightedAverage(d, period=3, weights=(0.2, 0.3, 0.5))'),
    ('Accum', 'ind.Accum(d)'),
    ('FindFirstIndexHighest', 'ind.FindFirstIndexHighest(d, period=14)'),
    ('FindLastIndexLowest', 'ind.FindLastIndexLowest(d, period=14)'),
    ('ATR', 'ind.ATR(d)'), ('TrueRange', 'ind.TR(d)'), ('StdDev', 'ind.StdDev(d)'),
    ('MeanDev', 'ind.MeanDev(d)'), ('BollingerBands', 'ind.BBands(d)'),
    ('BollingerBandsPct', 'ind.BollingerBandsPct(d)'),
    ('Momentum', 'ind.Momentum(d)'), ('MomentumOscillator', 'ind.MomentumOscillator(d)'),
    ('ROC', 'ind.ROC(d)'), ('ROC100', 'ind.ROC100(d)'), ('PercentChange', 'ind.PctChange(d)'),
    ('PercentRank', 'ind.PercentRank(d)'), ('UpDay', 'ind.UpDay(d)'),
    ('DownDayBool', 'ind.DownDayBool(d)'), ('RSI', 'ind.RSI(d)'), ('RSI_Safe', 'ind.RSI_Safe(d)'),
    ('RSI_EMA', 'ind.RSI_EMA(d)'), ('RMI', 'ind.RMI(d)'),
    ('StochasticFast', 'ind.StochasticFast(d)'), ('Stochastic', 'ind.Stochastic(d)'),
    ('StochasticFull', 'ind.StochasticFull(d)'), ('WilliamsR', 'ind.WilliamsR(d)'),
    ('WilliamsAD', 'ind.WilliamsAD(d)'), ('MACD', 'ind.MACD(d)'),
    ('MACDHisto', 'ind.MACDHisto(d)'), ('PriceOscillator', 'ind.PriceOsc(d)'),
    ('PPO', 'ind.PPO(d)'), ('PPOShort', 'ind.PPOShort(d)'), ('Trix', 'ind.Trix(d)'),
    ('TrixSignal', 'ind.TrixSignal(d)'), ('TSI', 'ind.TSI(d)'),
    ('UltimateOscillator', 'ind.UltimateOscillator(d)'), ('AwesomeOscillator', 'ind.AO(d)'),
    ('AccDecOscillator', 'ind.AccDeOsc(d)'), ('PrettyGoodOscillator', 'ind.PGO(d)'),
    ('DPO', 'ind.DPO(d)'), ('KST', 'ind.KST(d)'), ('DV2', 'ind.DV2(d)'),
    ('LaguerreRSI', 'ind.LRSI(d)'), ('LaguerreFilter', 'ind.LAGF(d)'),
    ('HurstExponent', 'ind.Hurst(d)'), ('UpMove', 'ind.UpMove(d)'),
    ('DownMove', 'ind.DownMove(d)'), ('PlusDI', 'ind.PlusDI(d)'), ('MinusDI', 'ind.MinusDI(d)'),
    ('DirectionalIndicator', 'ind.DI(d)'), ('ADX', 'ind.ADX(d)'), ('ADXR', 'ind.ADXR(d)'),
    ('DMI', 'ind.DMI(d)'), ('DirectionalMovement', 'ind.DM(d)'),
    ('AroonUp', 'ind.AroonUp(d)'), ('AroonDown', 'ind.AroonDown(d)'),
    ('AroonUpDown', 'ind.AroonUpDown(d)'), ('AroonOscillator', 'ind.AroonOsc(d)'),
    ('AroonUpDownOscillator', 'ind.AroonUpDownOsc(d)'), ('ParabolicSAR', 'ind.PSAR(d)'),
    ('Ichimoku', 'ind.Ichimoku(d)'), ('Vortex', 'ind.Vortex(d)'), ('CCI', 'ind.CCI(d)'),
    ('CrossOver', 'ind.CrossOver(d, d.open)'), ('CrossUp', 'ind.CrossUp(d, d.open)'),
    ('NonZeroDifference', 'ind.NZD(d, d.open)'),
    ('PivotPoint', 'ind.PivotPoint(d)'), ('FibonacciPivotPoint', 'ind.FibonacciPivotPoint(d)'),
    ('DemarkPivotPoint', 'ind.DemarkPivotPoint(d)'),
    ('haDelta', 'ind.haDelta(d, autoheikin=False)'), ('Fractal', 'bt.studies.Fractal(d)'),
]


class Timed(bt.Strategy):
    params = (('specs', ()),)

    def __init__(self):
        self.times = {}
        for name, expr in self.p.specs:
            obj = eval(expr, dict(ind=ind, bt=bt, d=self.data))
            obj._once = self._timer(name, obj._once)

    def _timer(self, name, once):
        def timed():
            # CPU time of the process: robust to other load on the machine
            t0 = time.process_time()
            once()
            self.times[name] = time.process_time() - t0
        return timed


def run(path, specs):
    cerebro = bt.Cerebro(runonce=True, preload=True, stdstats=False)
    cerebro.adddata(bt.feeds.GenericCSVData(
        dataname=path, dtformat='%Y-%m-%d %H:%M:%S', timeframe=bt.TimeFrame.Minutes,
        datetime=0, open=1, high=2, low=3, close=4, volume=5, openinterest=6))
    cerebro.addstrategy(Timed, specs=specs)
    t0 = time.perf_counter()
    strat = cerebro.run()[0]
    return strat, time.perf_counter() - t0


def main():
    path = sys.argv[1]
    specs = SPECS
    if len(sys.argv) > 2:
        only = set(sys.argv[2].split(','))
        specs = [s for s in SPECS if s[0] in only]
    # warm-up on the first 500 bars (imports and first-call costs are not timed)
    with open(path) as src, tempfile.NamedTemporaryFile('w', suffix='.csv') as head:
        head.writelines(itertools.islice(src, 501))
        head.flush()
        run(head.name, specs)
    strat, total_run = run(path, specs)
    missing = [name for name, _ in specs if name not in strat.times]
    if missing:
        raise SystemExit('not timed: %s' % missing)
    for name, _ in specs:
        print('%s %.6f' % (name, strat.times[name]))
    print('TOTAL %.6f' % sum(strat.times.values()))
    print('LOAD+RUN %.6f' % total_run)


if __name__ == '__main__':
    main()
