"""Walk-forward optimisation: optimise on an in-sample window, run the best
parameters on the out-of-sample window that follows, move on, and judge the
strategy only by the out-of-sample runs stitched together.

Windows are counted in bars (``in_sample=500``) or calendar time
(``in_sample='2Y'``, ``'6M'``, ``'90D'``, a ``pandas.DateOffset`` or a
``timedelta``); ``anchored=True`` keeps every in-sample window starting at
the first bar (it grows), otherwise it rolls. Each window is an independent
backtest of its bars (fresh broker, indicators warming up inside the window):
the data feeds are re-created with ``fromdate``/``todate`` set to the
window's first and last bar. Any optimiser of this package searches each
in-sample window; its studies can be kept per fold (``study='folder'``) and
resumed.

The stitched out-of-sample equity compounds each out-of-sample run's per-bar
returns; walk-forward efficiency is the annualised out-of-sample return over
the annualised in-sample return of the chosen parameters (Pardo).
"""
from __future__ import annotations

import datetime as _dt
import math
import os
import re
from typing import Any, Callable, Optional, Sequence, Union

import numpy as np

from ..core.errors import OptimizationError
from ..utils.dateintern import num2date
from .metrics import TRADE_FIELDS, compute_metrics
from .objective import as_objective
from .space import ParamSpace
from .study import unpack_array
from .window import WindowFactory
from .workload import StrategyWorkload

__all__ = ['WalkForward', 'WalkForwardResult', 'Fold', 'walk_forward_windows', 'WindowFactory']

_UNITS = {'d': 'days', 'day': 'days', 'days': 'days', 'w': 'weeks', 'week': 'weeks',
          'weeks': 'weeks', 'm': 'months', 'month': 'months', 'months': 'months',
          'y': 'years', 'year': 'years', 'years': 'years'}


def _as_span(value: Any, name: str) -> Any:
    """An int (bars) or a pandas DateOffset (calendar span)."""
    import pandas as pd
    if value is None:
        return None
    if isinstance(value, (bool, np.bool_)):
        raise TypeError('%s: a number of bars or a calendar span, got %r' % (name, value))
    if isinstance(value, (int, np.integer)):
        if value < 1:
            raise ValueError('%s must be at least 1 bar, got %r' % (name, value))
        return int(value)
    if isinstance(value, _dt.timedelta):
        return pd.DateOffset(days=value.days, seconds=value.seconds)
    if isinstance(value, pd.DateOffset):
        return value
    if isinstance(value, str):
        m = re.fullmatch(r'\s*(\d+)\s*([A-Za-z]+)\s*', value)
        if m and m.group(2).lower() in _UNITS:
            return pd.DateOffset(**{_UNITS[m.group(2).lower()]: int(m.group(1))})
    raise ValueError("%s: a number of bars, or a span such as '2Y', '6M', '90D', '4W' (or a "
                     'pandas DateOffset / timedelta), got %r' % (name, value))


def walk_forward_windows(dates: Sequence[float], in_sample: Any, out_of_sample: Any,
                         step: Any = None, anchored: bool = False) -> list:
    """The folds over bars with these ``dates`` (backtrader date numbers):
    a list of ``(is_start, is_end, oos_start, oos_end)`` bar positions, ends
    excluded. ``in_sample``/``out_of_sample``/``step`` (default: the
    out-of-sample length) in bars or as calendar spans (both the same kind)."""
    import pandas as pd
    n = len(dates)
    ins = _as_span(in_sample, 'in_sample')
    oos = _as_span(out_of_sample, 'out_of_sample')
    stp = _as_span(step, 'step') if step is not None else oos
    kinds = {isinstance(x, int) for x in (ins, oos, stp)}
    if len(kinds) != 1:
        raise ValueError('in_sample, out_of_sample and step must all be bars or all be '
                         'calendar spans')
    folds = []
    if isinstance(ins, int):
        k = 0
        while True:
            is_start = 0 if anchored else k * stp
            is_end = (ins + k * stp) if anchored else is_start + ins
            if is_end >= n:
                break
            folds.append((is_start, is_end, is_end, min(n, is_end + oos)))
            k += 1
    else:
        stamps = pd.DatetimeIndex([num2date(float(d)) for d in dates])
        first = stamps[0]
        k = 0
        while True:
            shift = first + stp * k if k else first
            is_from = first if anchored else shift
            is_to = (first + ins + stp * k) if k else first + ins
            oos_to = is_to + oos
            i0 = int(stamps.searchsorted(is_from, 'left'))
            i1 = int(stamps.searchsorted(is_to, 'left'))
            i2 = int(stamps.searchsorted(oos_to, 'left'))
            if i1 >= n:
                break
            if i1 > i0 and i2 > i1:
                folds.append((i0, i1, i1, i2))
            k += 1
            if k > 100000:
                raise ValueError('too many walk-forward folds (is the step zero?)')
    if not folds:
        raise ValueError('no walk-forward fold fits in %d bars with in_sample=%r and '
                         'out_of_sample=%r' % (n, in_sample, out_of_sample))
    return folds


class Fold:
    """One walk-forward fold: its windows (bar positions and dates), the
    in-sample optimisation (``optimization``, an ``OptimizationResult``), the
    chosen ``params`` and the out-of-sample run (``oos_metrics``,
    ``oos_returns``, ``oos_values``, ``oos_dates``, ``trades``)."""

    def __init__(self, index: int, bounds: tuple, dates: np.ndarray) -> None:
        self.index = index
        self.is_start, self.is_end, self.oos_start, self.oos_end = bounds
        self.is_from, self.is_to = num2date(dates[self.is_start]), num2date(dates[self.is_end - 1])
        self.oos_from = num2date(dates[self.oos_start])
        self.oos_to = num2date(dates[self.oos_end - 1])
        self.optimization = None
        self.params: Optional[dict] = None
        self.is_score: Optional[float] = None
        self.is_metrics: dict = {}
        self.oos_score: Optional[float] = None
        self.oos_metrics: dict = {}
        self.oos_returns = np.empty(0)
        self.oos_values = np.empty(0)
        self.oos_dates = np.empty(0)
        self.trades: list = []

    @property
    def efficiency(self) -> Optional[float]:
        """Annualised out-of-sample return over the in-sample one (None when
        the in-sample return is not positive)."""
        a, b = self.oos_metrics.get('cagr'), self.is_metrics.get('cagr')
        if a is None or b is None or not (isinstance(b, float) and b > 0) or \
                (isinstance(a, float) and math.isnan(a)):
            return None
        return a / b

    def row(self) -> dict:
        """The fold as one row of the per-fold table."""
        out = {'fold': self.index, 'is_from': self.is_from, 'is_to': self.is_to,
               'oos_from': self.oos_from, 'oos_to': self.oos_to,
               'is_bars': self.is_end - self.is_start, 'oos_bars': self.oos_end - self.oos_start}
        out.update(self.params or {})
        out.update(is_score=self.is_score, oos_score=self.oos_score,
                   is_return=self.is_metrics.get('total_return'),
                   oos_return=self.oos_metrics.get('total_return'),
                   is_sharpe=self.is_metrics.get('sharpe_ratio'),
                   oos_sharpe=self.oos_metrics.get('sharpe_ratio'),
                   oos_max_drawdown_pct=self.oos_metrics.get('max_drawdown_pct'),
                   oos_trades=self.oos_metrics.get('trades'),
                   trials=None if self.optimization is None else self.optimization.total_runs,
                   efficiency=self.efficiency)
        return out

    def __repr__(self) -> str:
        return 'Fold(%d: IS %s..%s, OOS %s..%s, params=%r)' % (
            self.index, self.is_from.date(), self.is_to.date(), self.oos_from.date(),
            self.oos_to.date(), self.params)


def _exposed_bars(fold: Fold) -> int:
    share = fold.oos_metrics.get('exposure')
    if not isinstance(share, float) or math.isnan(share):
        return 0
    return int(round(share * len(fold.oos_returns)))


class WalkForwardResult:
    """The walk-forward outcome: ``folds`` (``Fold`` objects), ``table()``
    (one row per fold), the stitched out-of-sample ``oos_returns``,
    ``oos_dates`` and ``oos_equity`` (starting at ``initial``), ``trades``
    (every out-of-sample trade, with its fold), ``oos_metrics`` (of the
    stitched run), ``efficiency`` (walk-forward efficiency) and ``mode``."""

    def __init__(self, folds: list, initial: float, mode: str, objective: Any) -> None:
        self.folds, self.initial, self.mode = folds, initial, mode
        self.objective = objective
        self.oos_returns = np.concatenate([f.oos_returns for f in folds]) if folds else \
            np.empty(0)
        self.oos_dates = np.concatenate([f.oos_dates for f in folds]) if folds else np.empty(0)
        self.oos_values = initial * np.cumprod(1.0 + np.nan_to_num(self.oos_returns))
        pnls = np.array([t[TRADE_FIELDS.index('pnlcomm')] for f in folds for t in f.trades],
                        dtype=np.float64)
        days = float(self.oos_dates[-1] - self.oos_dates[0]) if len(self.oos_dates) > 1 else 0.0
        exposure = sum(_exposed_bars(f) for f in folds)
        self.oos_metrics = compute_metrics(self.oos_values, float(initial), pnls, exposure,
                                           sum(f.oos_metrics.get('open_trades', 0) or 0
                                               for f in folds), days) if len(self.oos_values) \
            else {}
        ev = objective.evaluate(self.oos_metrics) if self.oos_metrics else None
        self.oos_score = None if ev is None or ev.score is None or math.isnan(ev.score) \
            else ev.score

    @property
    def efficiency(self) -> Optional[float]:
        """Walk-forward efficiency: the stitched out-of-sample annualised return
        over the mean annualised in-sample return of the chosen parameters."""
        ins = [f.is_metrics.get('cagr') for f in self.folds]
        ins = [x for x in ins if isinstance(x, float) and math.isfinite(x)]
        oos = self.oos_metrics.get('cagr')
        if not ins or oos is None or not math.isfinite(oos):
            return None
        mean_is = float(np.mean(ins))
        return oos / mean_is if mean_is > 0 else None

    @property
    def oos_equity(self):
        """The stitched out-of-sample equity as a pandas Series by date."""
        import pandas as pd
        return pd.Series(self.oos_values, index=pd.DatetimeIndex(
            [num2date(float(d)) for d in self.oos_dates]), name='oos_equity')

    @property
    def trades(self):
        """Every out-of-sample closed trade (a DataFrame; ``fold`` column)."""
        import pandas as pd
        rows = []
        for f in self.folds:
            for t in f.trades:
                row = dict(zip(TRADE_FIELDS, t))
                row['dtopen'] = num2date(row['dtopen'])
                row['dtclose'] = num2date(row['dtclose'])
                row['fold'] = f.index
                rows.append(row)
        return pd.DataFrame(rows, columns=('fold',) + TRADE_FIELDS)

    def table(self):
        """One row per fold (a DataFrame)."""
        import pandas as pd
        return pd.DataFrame([f.row() for f in self.folds])

    def monte_carlo(self, **kwargs: Any):
        """Bootstrap of the stitched out-of-sample returns (``robustness.monte_carlo``)."""
        from .robustness import monte_carlo
        return monte_carlo(returns=self.oos_returns, **kwargs)

    def as_dict(self) -> dict:
        """Plain data (JSON reports)."""
        from .report import json_safe
        m = self.oos_metrics
        return json_safe({'mode': self.mode, 'folds_count': len(self.folds),
                          'efficiency': self.efficiency, 'oos_score': self.oos_score,
                          'oos_total_return': m.get('total_return'),
                          'oos_sharpe_ratio': m.get('sharpe_ratio'),
                          'oos_max_drawdown_pct': m.get('max_drawdown_pct'),
                          'oos_trades': m.get('trades'),
                          'folds': self.table().to_dict(orient='records'),
                          'equity': {'dates': [str(d) for d in self.oos_equity.index],
                                     'values': self.oos_values.tolist()}})

    def plotly_equity(self):
        """The stitched out-of-sample equity, folds shaded, as a Plotly figure."""
        import plotly.graph_objects as go
        eq = self.oos_equity
        fig = go.Figure(go.Scatter(x=[d.isoformat() for d in eq.index],
                                   y=eq.to_numpy().tolist(), mode='lines',
                                   name='out-of-sample equity'))
        for f in self.folds:
            if f.index % 2:
                fig.add_vrect(x0=f.oos_from.isoformat(), x1=f.oos_to.isoformat(),
                              fillcolor='grey', opacity=0.08, line_width=0)
        fig.update_layout(title='Walk-forward (%s): stitched out-of-sample equity, %d folds'
                          % (self.mode, len(self.folds)), yaxis_title='value', height=380)
        return fig

    def plot_equity(self, path: Optional[str] = None):
        """The stitched out-of-sample equity as a matplotlib ``Figure`` (no pyplot)."""
        from matplotlib.figure import Figure
        eq = self.oos_equity
        fig = Figure(figsize=(9, 4), dpi=100)
        ax = fig.add_subplot(1, 1, 1)
        ax.plot(eq.index, eq.to_numpy(), label='out-of-sample equity')
        for f in self.folds:
            if f.index % 2:
                ax.axvspan(f.oos_from, f.oos_to, color='grey', alpha=0.1)
        ax.set_ylabel('value')
        ax.set_title('Walk-forward (%s), %d folds' % (self.mode, len(self.folds)))
        ax.legend()
        fig.autofmt_xdate()
        if path is not None:
            fig.savefig(path)
        return fig

    def summary(self) -> str:
        """A few lines for a terminal."""
        eff = self.efficiency
        m = self.oos_metrics
        return ('%d %s folds; out-of-sample return %.2f%%, Sharpe %.3f, max drawdown %.2f%%, '
                '%s trades; walk-forward efficiency %s' % (
                    len(self.folds), self.mode, 100 * m.get('total_return', float('nan')),
                    m.get('sharpe_ratio', float('nan')), m.get('max_drawdown_pct', float('nan')),
                    m.get('trades'), 'n/a' if eff is None else '%.2f' % eff))

    def __repr__(self) -> str:
        return 'WalkForwardResult(%s)' % self.summary()


class WalkForward:
    """Walk-forward optimisation.

    What to run, as for the optimisers: ``strategy=`` with ``data=``/``datas=``
    (feeds are re-created per window with ``fromdate``/``todate``; plus
    ``cash``, ``commission``, ``analyzers``, ``cerebro_kwargs``), or
    ``cerebro_factory`` -- a callable accepting ``fromdate=None, todate=None``
    and returning a Cerebro whose datas honour them.

    ``space``: the parameters; ``in_sample``, ``out_of_sample``, ``step``
    (default: the out-of-sample length): bars or calendar spans;
    ``anchored``: grow the in-sample window from the first bar instead of
    rolling it. ``optimizer``: a method name (``'grid'``, ``'random'``,
    ``'bayesian'``, ``'genetic'``, ``'multistage'``, ``'optuna'``...) or an
    optimiser class; ``optimizer_kwargs`` go to it (``n_trials``...), as do
    ``objective``, ``n_jobs``, ``seed``, ``start_method``, ``trial_timeout``,
    ``retries``. ``study``: a folder keeping one study file per fold
    (``fold_000.db``...); with ``resume=True`` a killed walk-forward continues.
    """

    def __init__(self, cerebro_factory: Optional[Callable] = None, *,
                 strategy: Optional[type] = None, data: Any = None,
                 datas: Optional[Sequence] = None, space: Union[ParamSpace, dict, None] = None,
                 in_sample: Any = None, out_of_sample: Any = None, step: Any = None,
                 anchored: bool = False, optimizer: Any = 'grid',
                 optimizer_kwargs: Optional[dict] = None, objective: Any = None,
                 n_jobs: Optional[int] = 1, seed: Optional[int] = None,
                 study: Union[None, str, os.PathLike] = None, resume: bool = False,
                 cash: Optional[float] = None, commission: Optional[float] = None,
                 analyzers: Sequence = (), cerebro_kwargs: Optional[dict] = None,
                 quiet: bool = True, progress: bool = False, **kwargs: Any) -> None:
        if cerebro_factory is None and strategy is None:
            raise TypeError('give a cerebro_factory(fromdate=None, todate=None) or strategy= '
                            '(with data=)')
        if datas is None and data is not None:
            datas = data if isinstance(data, (list, tuple)) else [data]
        if cerebro_factory is None and not datas:
            raise TypeError('strategy= needs data= (a data feed or a list of feeds)')
        if space is None:
            raise TypeError('WalkForward needs space= (the parameters to optimise)')
        if in_sample is None or out_of_sample is None:
            raise TypeError('WalkForward needs in_sample= and out_of_sample= (bars or spans)')
        self.cerebro_factory, self.strategy = cerebro_factory, strategy
        self.datas = list(datas or [])
        self.space = space if isinstance(space, ParamSpace) else ParamSpace(space)
        self.in_sample, self.out_of_sample, self.step = in_sample, out_of_sample, step
        self.anchored = anchored
        self.optimizer = optimizer
        self.optimizer_kwargs = dict(optimizer_kwargs or {})
        self.optimizer_kwargs.update(kwargs)
        self.objective = as_objective(objective)
        self.n_jobs, self.seed = n_jobs, seed
        self.study_dir = None if study is None else os.fspath(study)
        self.resume = resume
        self.cash, self.commission = cash, commission
        self.analyzers = list(analyzers)
        self.cerebro_kwargs = cerebro_kwargs
        self.quiet, self.progress = quiet, progress
        # validate the spans now (a clear error before any data loads)
        for name in ('in_sample', 'out_of_sample', 'step'):
            _as_span(getattr(self, name), name)

    def _factory(self, fromdate, todate) -> WindowFactory:
        return WindowFactory(fromdate, todate, self.cerebro_factory, self.strategy, self.datas,
                             self.cash, self.commission, self.analyzers, self.cerebro_kwargs)

    def _optimizer_class(self) -> type:
        from .optimizer import OPTIMIZERS, OptimizerBase
        if isinstance(self.optimizer, type) and issubclass(self.optimizer, OptimizerBase):
            return self.optimizer
        if self.optimizer == 'optuna':
            from .optuna_adapter import OptunaOptimizer
            return OptunaOptimizer
        try:
            return OPTIMIZERS[self.optimizer]
        except (KeyError, TypeError):
            raise ValueError('optimizer: an optimiser class or one of %s, got %r' % (
                ', '.join(list(OPTIMIZERS) + ['optuna']), self.optimizer)) from None

    def windows(self) -> list:
        """The folds' bar positions ``(is_start, is_end, oos_start, oos_end)``
        and the bar dates, from the full data."""
        full = StrategyWorkload(self._factory(None, None), store_returns=False,
                                share_indicators=False)
        try:
            dates = full.bar_dates()
        finally:
            full.close()
        return walk_forward_windows(dates, self.in_sample, self.out_of_sample, self.step,
                                    self.anchored), dates

    def run(self) -> WalkForwardResult:
        """Optimise every in-sample window, run its best on the next
        out-of-sample window, and stitch the out-of-sample runs."""
        bounds, dates = self.windows()
        cls = self._optimizer_class()
        if self.study_dir is not None:
            os.makedirs(self.study_dir, exist_ok=True)
        folds = []
        initial = None
        for k, b in enumerate(bounds):
            fold = Fold(k, b, dates)
            kwargs = dict(self.optimizer_kwargs)
            kwargs.update(objective=self.objective, n_jobs=self.n_jobs, seed=self.seed,
                          quiet=self.quiet, progress=self.progress)
            if self.study_dir is not None:
                kwargs.update(study=os.path.join(self.study_dir, 'fold_%03d.db' % k),
                              resume=self.resume, overwrite=not self.resume)
            opt = cls(self._factory(fold.is_from, fold.is_to), **kwargs)
            result = opt.optimize(self.space)
            fold.optimization = result
            if result.best_params is None:
                raise OptimizationError('walk-forward fold %d (in-sample %s..%s): %s' % (
                    k, fold.is_from.date(), fold.is_to.date(), result.message))
            fold.params = dict(result.best_params)
            fold.is_score = result.best_score
            fold.is_metrics = dict(result.best_metrics or {})
            self._run_oos(fold)
            if initial is None:
                initial = fold.oos_metrics.get('initial_value', 1.0)
            folds.append(fold)
        mode = 'anchored' if self.anchored else 'rolling'
        return WalkForwardResult(folds, float(initial or 1.0), mode, self.objective)

    def _run_oos(self, fold: Fold) -> None:
        workload = StrategyWorkload(self._factory(fold.oos_from, fold.oos_to), details=True,
                                    share_indicators=False)
        try:
            out = workload.run(fold.params)
        finally:
            workload.close()
        fold.oos_metrics = out['metrics']
        fold.oos_returns = np.array(unpack_array(out['returns']))
        fold.oos_values = np.asarray(out['values'], dtype=np.float64)
        fold.oos_dates = np.asarray(out['dates'], dtype=np.float64)
        fold.trades = list(out['trades'])
        ev = self.objective.evaluate(fold.oos_metrics)
        fold.oos_score = None if ev.score is None or math.isnan(ev.score) else ev.score
