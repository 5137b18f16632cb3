"""Strategy return against a benchmark data's return (``Benchmark``)."""
from __future__ import annotations

from ..analyzers.timereturn import TimeReturn as TimeReturnAnalyzer
from .timereturn import TimeReturn

__all__ = ['Benchmark']

NAN = float('nan')


class Benchmark(TimeReturn):
    """Per period, the strategy's return (``timereturn``) and the return of
    ``data`` (default data0) as ``benchmark``, from two slave ``TimeReturn``
    analyzers. With ``_doprenext=False`` nothing is recorded while the strategy
    is in its warm-up; ``firstopen`` picks the data's first open (else close)
    as the start of its first period."""
    _skips_unfilled_orders = True

    _stclock = True
    params = (
        ('data', None),
        ('_doprenext', False),
        ('firstopen', False),
    )
    lines = ('benchmark',)
    plotlines = dict(benchmark=dict(_name='Benchmark'))

    def _plotlabel(self) -> list:
        labels = super()._plotlabel()
        labels.append(self.p.data._name)
        return labels

    def __init__(self) -> None:
        if self.p.data is None:
            self.p.data = self.data0
        kwargs = self.p._getkwargs()
        self.tbench = self._owner._addanalyzer_slave(TimeReturnAnalyzer, **kwargs)
        kwargs.pop('data')
        self.tret = self._owner._addanalyzer_slave(TimeReturnAnalyzer, **kwargs)

    def prenext(self) -> None:
        if self.p._doprenext:
            super().prenext()

    def next(self) -> None:
        super().next()
        tbench = self.tbench
        self.lines.benchmark[0] = tbench.rets.get(tbench.dtkey, NAN)
