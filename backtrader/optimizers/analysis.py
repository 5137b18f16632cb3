"""``OptimizationAnalyzer``: what a finished study says about its parameters.

    from backtrader.optimizers import OptimizationAnalyzer
    an = OptimizationAnalyzer(result)          # or a Study, or a study file's path
    an.top(10, 'sqn')                          # top-N by any metric
    an.importance()                            # one-way ANOVA and random-forest importance
    an.correlation()                           # parameters x metrics (Spearman)
    an.stability()                             # the best's neighbourhood: a peak or a plateau?
    an.sensitivity('fast')                     # the metric along one parameter
    an.heatmap('fast', 'slow').savefig('hm.png')     # matplotlib (Agg), and plotly_heatmap()
    an.generate_report('study.html')           # + study.json

Every statistic reads the study's complete trials (the objective's score
is the column ``score``; every metric of the trials is available by name).
Figures are matplotlib ``Figure`` objects built without pyplot (nothing is
shown, no display needed) and Plotly figures for the HTML report.
"""
from __future__ import annotations

import os
from typing import Any, Optional, Sequence, Union

import numpy as np

from ..core.errors import MetricError, OptimizationError
from .analysisfigures import AnalysisFigures, _is_numeric, _plain
from .metrics import resolve_metric

__all__ = ['OptimizationAnalyzer', 'LOWER_IS_BETTER']

# metrics a smaller value of which is better (the default direction of top-N, heatmaps...)
LOWER_IS_BETTER = frozenset(('max_drawdown_pct', 'max_drawdown_len', 'volatility', 'gross_loss',
                             'losses'))

_MAX_LEVELS = 24          # a numeric parameter with more distinct values is binned


class OptimizationAnalyzer(AnalysisFigures):
    """Analysis of a study: ``OptimizationAnalyzer(result)`` with an
    ``OptimizationResult``, a ``Study`` or the path of a study file.

    ``metric`` (default: the objective's score, column ``score``) and
    ``direction`` (default: the objective's for the score; for other metrics
    ``maximize`` except drawdowns, volatility and losses) are what the
    methods rank by unless told otherwise.
    """

    def __init__(self, source: Any, metric: Optional[str] = None,
                 direction: Optional[str] = None) -> None:
        from .result import OptimizationResult
        from .study import Study
        self.result = None
        if isinstance(source, OptimizationResult):
            self.result = source
            study = source.study
        elif isinstance(source, Study):
            study = source
        elif isinstance(source, (str, os.PathLike)):
            study = Study.load(os.fspath(source))
        else:
            raise TypeError('OptimizationAnalyzer: give an OptimizationResult, a Study or the '
                            'path of a study file, got %r' % (source,))
        self.study = study
        self.meta = study.meta
        objective = self.meta.get('objective') or {}
        self.objective_direction = objective.get('direction') or (
            (objective.get('directions') or ['maximize'])[0])
        self.objective_name = objective.get('metric') or ', '.join(
            objective.get('metrics') or []) or 'score'
        df = study.to_dataframe()
        space = (self.meta.get('space') or {}).get('params') or {}
        if space:
            names = list(space)
        elif self.result is not None and self.result.best_params:
            names = list(self.result.best_params)
        else:
            names = []
        self.param_names = [n for n in names if n in df.columns]
        self.all_trials = df
        if len(df):
            self.trials = df[df['status'] == 'complete'].reset_index(drop=True)
        else:
            self.trials = df
        # parameters that vary (a fixed one explains nothing)
        self.varying = [n for n in self.param_names
                        if n in self.trials and self.trials[n].nunique(dropna=False) > 1]
        self.metric = self._column(metric or 'score')
        self.direction = direction or self._direction(self.metric)

    # -- names and directions ------------------------------------------------------------------
    def _column(self, metric: Optional[str]) -> str:
        if metric is None:
            return self.metric
        if metric in self.trials.columns:
            return metric
        name = resolve_metric(metric)
        if name in self.trials.columns:
            return name
        valid = [c for c in self.trials.columns if c not in self.param_names and c not in (
            'number', 'status', 'feasible', 'error', 'attempts', 'worker')]
        raise MetricError('unknown metric %r; the study has: %s' % (metric, ', '.join(valid)))

    def _direction(self, column: str) -> str:
        if column == 'score':
            return self.objective_direction
        return 'minimize' if column in LOWER_IS_BETTER else 'maximize'

    def _values(self, metric: Optional[str], feasible_only: bool = False):
        col = self._column(metric)
        df = self.trials
        if feasible_only and 'feasible' in df:
            df = df[df['feasible'].astype(bool)]
        vals = df[col].astype(float)
        ok = np.isfinite(vals.to_numpy())
        return df[ok], col

    def _require(self, n: int = 1) -> None:
        if len(self.trials) < n:
            raise OptimizationError('the study has %d complete trial(s); this needs at least '
                                    '%d' % (len(self.trials), n))

    # -- tables ------------------------------------------------------------------------------------
    def top(self, n: int = 10, metric: Optional[str] = None, direction: Optional[str] = None,
            feasible_only: bool = True):
        """The ``n`` best complete trials by ``metric`` (a DataFrame: trial
        number, parameters, the metric, score and the main metrics)."""
        df, col = self._values(metric, feasible_only)
        direction = direction or (self.direction if metric is None else self._direction(col))
        df = df.sort_values([col, 'number'], ascending=[direction == 'minimize', True],
                            kind='mergesort')
        main = [c for c in ('score', 'sharpe_ratio', 'total_return', 'max_drawdown_pct',
                            'trades') if c in df.columns and c != col]
        return df[['number'] + self.param_names + [col] + main].head(n).reset_index(drop=True)

    def best(self, metric: Optional[str] = None, direction: Optional[str] = None):
        """The best complete feasible trial's row (a Series)."""
        top = self.top(1, metric, direction)
        if not len(top):
            raise OptimizationError('no complete feasible trial with a finite %s'
                                    % self._column(metric))
        number = int(top['number'].iloc[0])
        return self.trials[self.trials['number'] == number].iloc[0]

    def correlation(self, metrics: Optional[Sequence[str]] = None, method: str = 'spearman'):
        """Correlation (``spearman`` (default), ``pearson`` or ``kendall``)
        between each varying numeric parameter and each metric (a DataFrame,
        parameters as rows)."""
        self._require(3)
        if metrics is None:
            metrics = [c for c in ('score', 'sharpe_ratio', 'total_return', 'cagr',
                                   'max_drawdown_pct', 'sqn', 'profit_factor', 'win_rate',
                                   'trades') if c in self.trials.columns]
        cols = [self._column(m) for m in metrics]
        params = [p for p in self.varying if _is_numeric(self.trials[p])]
        out = {}
        for col in cols:
            y = self.trials[col].astype(float).replace([np.inf, -np.inf], np.nan)
            out[col] = {p: self.trials[p].astype(float).corr(y, method=method) for p in params}
        import pandas as pd
        return pd.DataFrame(out, index=params)

    # -- importance --------------------------------------------------------------------------------
    def _levels(self, name: str, n_bins: int):
        """The parameter as groups: its values, or quantile bins when numeric
        with many distinct values."""
        import pandas as pd
        col = self.trials[name]
        if _is_numeric(col) and col.nunique() > n_bins:
            return pd.qcut(col.astype(float), n_bins, duplicates='drop').astype(str)
        return col.astype(str)

    def _design(self, names: Sequence[str]) -> np.ndarray:
        import pandas as pd
        cols = []
        for name in names:
            col = self.trials[name]
            if _is_numeric(col):
                cols.append(col.astype(float).to_numpy())
            else:
                cols.append(pd.factorize(col.astype(str), sort=True)[0].astype(float))
        return np.column_stack(cols)

    def importance(self, metric: Optional[str] = None, method: str = 'both', n_bins: int = 8,
                   n_estimators: int = 200, n_repeats: int = 10, seed: Optional[int] = 0):
        """How much each varying parameter drives ``metric``.

        ``anova``: one-way ANOVA (scipy) of the metric grouped by the
        parameter's values (numeric ones with many values in ``n_bins``
        quantile bins): ``anova_f``, ``anova_p`` and ``eta_squared`` (share of
        the metric's variance between the groups). ``forest``: permutation
        importance (scikit-learn) of a random forest fitted on all parameters:
        the drop in R^2 when the parameter is shuffled (``forest``, and
        ``forest_std`` over ``n_repeats``). ``method='both'`` (default) gives
        both and their ranks; rows are sorted by the mean of the two shares.
        """
        import pandas as pd
        if method not in ('anova', 'forest', 'both'):
            raise ValueError("method: 'anova', 'forest' or 'both', got %r" % (method,))
        df, col = self._values(metric)
        if len(df) < 4 or not self.varying:
            raise OptimizationError('importance needs at least 4 complete trials with a finite '
                                    '%s and a varying parameter (have %d trials, varying: %s)'
                                    % (col, len(df), ', '.join(self.varying) or 'none'))
        saved = self.trials
        self.trials = df.reset_index(drop=True)
        try:
            y = self.trials[col].astype(float).to_numpy()
            out = pd.DataFrame(index=list(self.varying))
            if method in ('anova', 'both'):
                from scipy.stats import f_oneway
                total = float(((y - y.mean()) ** 2).sum())
                for name in self.varying:
                    groups = self.trials.groupby(self._levels(name, n_bins), sort=False)[col]
                    arrays = [g.astype(float).to_numpy() for _, g in groups]
                    between = sum(len(a) * (a.mean() - y.mean()) ** 2 for a in arrays)
                    out.loc[name, 'eta_squared'] = between / total if total > 0 else 0.0
                    usable = [a for a in arrays if len(a) > 0]
                    if len(usable) > 1 and any(len(a) > 1 for a in usable):
                        with np.errstate(all='ignore'):
                            f, p = f_oneway(*usable)
                        out.loc[name, 'anova_f'] = float(f)
                        out.loc[name, 'anova_p'] = float(p)
                    else:
                        out.loc[name, 'anova_f'] = np.nan
                        out.loc[name, 'anova_p'] = np.nan
                eta = out['eta_squared'].clip(lower=0)
                out['anova'] = eta / eta.sum() if eta.sum() > 0 else 0.0
            if method in ('forest', 'both'):
                from sklearn.ensemble import RandomForestRegressor
                from sklearn.inspection import permutation_importance
                x = self._design(self.varying)
                model = RandomForestRegressor(n_estimators=n_estimators, random_state=seed,
                                              min_samples_leaf=1, n_jobs=1)
                model.fit(x, y)
                perm = permutation_importance(model, x, y, n_repeats=n_repeats,
                                              random_state=seed, n_jobs=1)
                raw = np.clip(perm.importances_mean, 0, None)
                out['forest_drop'] = perm.importances_mean
                out['forest_std'] = perm.importances_std
                out['forest'] = raw / raw.sum() if raw.sum() > 0 else 0.0
                out['forest_r2'] = float(model.score(x, y))
            shares = [c for c in ('anova', 'forest') if c in out]
            out['importance'] = out[shares].mean(axis=1)
            for c in shares:
                out['rank_' + c] = out[c].rank(ascending=False, method='min').astype(int)
            out = out.sort_values('importance', ascending=False)
            out.index.name = 'param'
            return out
        finally:
            self.trials = saved

    # -- neighbourhoods -----------------------------------------------------------------------
    def _positions(self, names: Sequence[str]) -> np.ndarray:
        """Each trial's coordinates: grid index for parameters with few values,
        tenths of the range for continuous ones, category code otherwise."""
        import pandas as pd
        cols = []
        for name in names:
            col = self.trials[name]
            if _is_numeric(col):
                vals = col.astype(float).to_numpy()
                levels = np.unique(vals)
                if len(levels) <= 50:
                    cols.append(np.searchsorted(levels, vals).astype(float))
                else:
                    span = levels[-1] - levels[0]
                    cols.append((vals - levels[0]) / span * 10.0 if span > 0 else vals * 0)
            else:
                codes = pd.factorize(col.astype(str), sort=True)[0].astype(float)
                cols.append(codes * 1e6)      # another category is never a neighbour
        return np.column_stack(cols) if cols else np.zeros((len(self.trials), 0))

    def stability(self, metric: Optional[str] = None, radius: float = 1.0,
                  trial: Optional[int] = None, n_robust: int = 5) -> dict:
        """Spread of ``metric`` over the best trial's neighbourhood: the trials
        whose every parameter is within ``radius`` grid steps (continuous
        parameters: tenths of their range) of the best's.

        Returns the best value, the neighbours' count, mean, std, min and
        max, ``retained`` (neighbours' mean / best), ``drop`` (best - worst
        neighbour, as a share of |best|), and ``robust``: the ``n_robust``
        trials whose neighbourhood (themselves included) has the best mean --
        a plateau rather than a lone peak.
        """
        df, col = self._values(metric)
        direction = self.direction if metric is None else self._direction(col)
        if not len(df):
            raise OptimizationError('no complete trial with a finite %s' % col)
        saved = self.trials
        self.trials = df.reset_index(drop=True)
        try:
            y = self.trials[col].astype(float).to_numpy()
            sign = 1.0 if direction == 'maximize' else -1.0
            feasible = self.trials['feasible'].astype(bool).to_numpy() \
                if 'feasible' in self.trials else np.ones(len(y), bool)
            if trial is None:
                cand = np.where(feasible)[0] if feasible.any() else np.arange(len(y))
                ibest = int(cand[np.argmax(sign * y[cand])])
            else:
                hits = np.where(self.trials['number'].to_numpy() == trial)[0]
                if not len(hits):
                    raise KeyError('trial %d is not a complete trial of the study' % trial)
                ibest = int(hits[0])
            pos = self._positions(self.varying)
            dist = np.abs(pos - pos[ibest]).max(axis=1) if pos.shape[1] else np.zeros(len(y))
            near = (dist <= radius + 1e-9)
            near[ibest] = False
            nb = y[near]
            best = float(y[ibest])
            out = {'metric': col, 'direction': direction, 'radius': radius,
                   'trial': int(self.trials['number'].iloc[ibest]),
                   'params': {p: _plain(self.trials[p].iloc[ibest]) for p in self.param_names},
                   'best': best, 'neighbours': int(near.sum())}
            if len(nb):
                worst = nb.min() if direction == 'maximize' else nb.max()
                out.update(mean=float(nb.mean()), std=float(nb.std(ddof=1)) if len(nb) > 1
                           else 0.0, min=float(nb.min()), max=float(nb.max()),
                           retained=float(nb.mean() / best) if best > 0 and
                           direction == 'maximize' else None,
                           drop=float(abs(best - worst) / abs(best)) if best else None)
            else:
                out.update(mean=None, std=None, min=None, max=None, retained=None, drop=None)
            # plateaus: the neighbourhood mean of each trial (itself included)
            if pos.shape[1]:
                means = np.empty(len(y))
                counts = np.empty(len(y), dtype=int)
                for i in range(len(y)):
                    sel = np.abs(pos - pos[i]).max(axis=1) <= radius + 1e-9
                    means[i] = y[sel].mean()
                    counts[i] = sel.sum()
                order = np.argsort(-sign * means, kind='mergesort')
                order = [i for i in order if feasible[i]][:n_robust]
                out['robust'] = [{'trial': int(self.trials['number'].iloc[i]),
                                  'params': {p: _plain(self.trials[p].iloc[i])
                                             for p in self.param_names},
                                  'value': float(y[i]), 'neighbourhood_mean': float(means[i]),
                                  'neighbourhood_size': int(counts[i])} for i in order]
            else:
                out['robust'] = []
            return out
        finally:
            self.trials = saved

    def sensitivity(self, param: str, metric: Optional[str] = None, n_bins: int = 20):
        """``metric`` along ``param``: per value (or bin of values) the mean,
        max, min, std and count over the other parameters, and ``at_best``:
        the value with the other parameters at the best trial's (NaN where
        that combination was not run). A DataFrame indexed by the value."""
        if param not in self.param_names:
            raise KeyError('unknown parameter %r; the study varies: %s'
                           % (param, ', '.join(self.param_names)))
        df, col = self._values(metric)
        direction = self.direction if metric is None else self._direction(col)
        df = df.copy()
        if _is_numeric(df[param]) and df[param].nunique() > n_bins:
            import pandas as pd
            bins = pd.cut(df[param].astype(float), n_bins)
            df['_level'] = bins.apply(lambda b: b.mid).astype(float)
        else:
            df['_level'] = df[param]
        stats = df.groupby('_level', sort=True)[col].agg(['mean', 'max', 'min', 'std', 'count'])
        stats.index.name = param
        best = self.best(metric, direction)
        others = [p for p in self.varying if p != param]
        mask = np.ones(len(df), dtype=bool)
        for p in others:
            mask &= (df[p] == best[p]).to_numpy()
        slice_ = df[mask].groupby('_level')[col].mean()
        stats['at_best'] = slice_.reindex(stats.index)
        return stats

    def grid(self, x: str, y: str, metric: Optional[str] = None, agg: str = 'best',
             n_bins: int = 20):
        """``metric`` on a 2-D grid of parameters ``x`` and ``y``, the other
        parameters folded by ``agg`` (``'best'``: the best value, ``'mean'``,
        ``'max'``, ``'min'``, ``'median'``); a DataFrame (rows: y, columns: x)."""
        for p in (x, y):
            if p not in self.param_names:
                raise KeyError('unknown parameter %r; the study varies: %s'
                               % (p, ', '.join(self.param_names)))
        df, col = self._values(metric)
        direction = self.direction if metric is None else self._direction(col)
        if agg == 'best':
            agg = 'max' if direction == 'maximize' else 'min'
        if agg not in ('mean', 'max', 'min', 'median'):
            raise ValueError("agg: 'best', 'mean', 'max', 'min' or 'median', got %r" % (agg,))
        df = df.copy()
        import pandas as pd
        for p in (x, y):
            if _is_numeric(df[p]) and df[p].nunique() > n_bins:
                df[p] = pd.cut(df[p].astype(float), n_bins).apply(lambda b: b.mid).astype(float)
        return df.pivot_table(index=y, columns=x, values=col, aggfunc=agg).sort_index(
            axis=0).sort_index(axis=1)

    def pareto(self, metrics: Sequence[str] = ('sharpe_ratio', 'max_drawdown_pct'),
               directions: Optional[Sequence[str]] = None, feasible_only: bool = True):
        """The complete trials that no other trial beats on every one of
        ``metrics`` (with ``directions``; default per metric), a DataFrame."""
        from .searchers import pareto_front
        cols = [self._column(m) for m in metrics]
        directions = list(directions or [self._direction(c) for c in cols])
        df = self.trials
        if feasible_only and 'feasible' in df:
            df = df[df['feasible'].astype(bool)]
        vals = df[cols].astype(float)
        df = df[np.isfinite(vals.to_numpy()).all(axis=1)]
        if not len(df):
            return df[['number'] + self.param_names + cols]
        signs = [1.0 if d == 'maximize' else -1.0 for d in directions]
        idx = pareto_front(df[cols].astype(float).to_numpy().tolist(), signs)
        front = df.iloc[sorted(idx)][['number'] + self.param_names + cols]
        return front.sort_values(cols[0], ascending=directions[0] == 'minimize').reset_index(
            drop=True)

    def overfitting(self, **kwargs: Any):
        """Deflated Sharpe Ratio and PBO of the study (``overfitting.study_overfitting``)."""
        from .overfitting import study_overfitting
        return study_overfitting(self.study, direction=self.objective_direction, **kwargs)

    def summary(self) -> dict:
        """Study facts: strategy, method, objective, counts, time, best trial."""
        counts = self.study.counts()
        out = {'strategy': self.meta.get('strategy'), 'method': self.meta.get('method'),
               'objective': self.objective_name, 'direction': self.objective_direction,
               'params': self.param_names, 'trials': int(len(self.all_trials)),
               'counts': counts, 'status': self.meta.get('status'),
               'elapsed': self.meta.get('elapsed'), 'seed': self.meta.get('seed')}
        try:
            best = self.best()
            out['best'] = {'trial': int(best['number']), 'score': _plain(best['score']),
                           'params': {p: _plain(best[p]) for p in self.param_names}}
        except OptimizationError:
            out['best'] = None
        return out

    # -- report ---------------------------------------------------------------------------------------
    def to_dict(self, overfitting: Any = True, walkforward: Any = None,
                robustness: Optional[dict] = None, top: int = 10) -> dict:
        """Everything the report shows, as plain JSON-able data."""
        from .report import report_data
        return report_data(self, overfitting=overfitting, walkforward=walkforward,
                           robustness=robustness, top=top)

    def generate_report(self, path: Union[str, os.PathLike], walkforward: Any = None,
                        robustness: Optional[dict] = None, overfitting: Any = True,
                        title: Optional[str] = None, json_path: Any = None) -> dict:
        """Write the report: ``path`` ending in ``.json`` writes only the JSON;
        otherwise a self-contained HTML page (plotly.js embedded: works
        offline) and the JSON beside it (``json_path``, default: ``path``
        with ``.json``). ``walkforward``: a ``WalkForwardResult`` to include;
        ``robustness``: ``{'monte_carlo': MonteCarloResult, 'perturbation':
        PerturbationResult}`` (either); ``overfitting``: False to skip DSR/PBO,
        or an ``OverfittingReport``. Returns ``{'html': path, 'json': path}``."""
        from .report import write_report
        return write_report(self, path, walkforward=walkforward, robustness=robustness,
                            overfitting=overfitting, title=title, json_path=json_path)

    def __repr__(self) -> str:
        return 'OptimizationAnalyzer(%d complete trials of %d, params %s, metric %s)' % (
            len(self.trials), len(self.all_trials), ', '.join(self.param_names), self.metric)
