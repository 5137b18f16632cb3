"""The figures of ``OptimizationAnalyzer``: matplotlib ``Figure`` objects
built without pyplot (heatmap, surface, sensitivity) and their Plotly
counterparts for the HTML report. They draw what the analyzer computes
(``grid``, ``sensitivity``, ``importance``, ``pareto``...)."""
from __future__ import annotations

import math
from typing import Any, Optional, Sequence

import numpy as np

__all__ = ['AnalysisFigures']


def _is_numeric(series) -> bool:
    import pandas as pd
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _plain(v: Any) -> Any:
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        f = float(v)
        return f if math.isfinite(f) else None
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def _fmt(v: Any) -> str:
    if isinstance(v, (float, np.floating)):
        return '%g' % v
    return str(v)


def _nan_none(arr: np.ndarray) -> list:
    """An array as nested lists with NaN as None (JSON null: a gap in Plotly)."""
    return np.where(np.isfinite(arr), arr, None).tolist()


class AnalysisFigures:
    """Figure methods mixed into ``OptimizationAnalyzer``."""

    # -- matplotlib figures -------------------------------------------------------------------
    def heatmap(self, x: str, y: str, metric: Optional[str] = None, agg: str = 'best',
                path: Optional[str] = None, annotate: Optional[bool] = None,
                cmap: str = 'viridis'):
        """A matplotlib ``Figure``: ``metric`` over parameters ``x`` and ``y``
        (see ``grid``), the best cell marked; saved to ``path`` when given.
        Built without pyplot: safe without a display."""
        from matplotlib.figure import Figure
        table = self.grid(x, y, metric, agg)
        col = self._column(metric)
        fig = Figure(figsize=(7.5, 5.5), dpi=100)
        ax = fig.add_subplot(1, 1, 1)
        data = np.ma.masked_invalid(table.to_numpy(dtype=float))
        im = ax.imshow(data, origin='lower', aspect='auto', cmap=cmap, interpolation='nearest')
        ax.set_xticks(range(len(table.columns)))
        ax.set_xticklabels([_fmt(v) for v in table.columns], rotation=45, ha='right')
        ax.set_yticks(range(len(table.index)))
        ax.set_yticklabels([_fmt(v) for v in table.index])
        ax.set_xlabel(x)
        ax.set_ylabel(y)
        ax.set_title('%s by %s and %s (%s)' % (col, x, y, agg))
        cbar = fig.colorbar(im, ax=ax)
        cbar.set_label(col)
        if annotate is None:
            annotate = data.size <= 120
        if annotate:
            for (i, j), v in np.ndenumerate(data.filled(np.nan)):
                if np.isfinite(v):
                    ax.text(j, i, '%.3g' % v, ha='center', va='center', fontsize=7,
                            color='white')
        if data.count():
            direction = self.direction if metric is None else self._direction(col)
            flat = data.filled(-np.inf if direction == 'maximize' else np.inf)
            i, j = np.unravel_index(np.argmax(flat) if direction == 'maximize'
                                    else np.argmin(flat), flat.shape)
            from matplotlib.patches import Rectangle
            ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, edgecolor='red',
                                   linewidth=2.5, label='best'))
            ax.legend(loc='upper right', fontsize=8)
        fig.tight_layout()
        if path is not None:
            fig.savefig(path)
        return fig

    def surface(self, x: str, y: str, metric: Optional[str] = None, agg: str = 'best',
                path: Optional[str] = None, cmap: str = 'viridis'):
        """A matplotlib 3-D surface ``Figure`` of ``metric`` over ``x`` and ``y``
        (numeric parameters); saved to ``path`` when given."""
        from matplotlib.figure import Figure
        table = self.grid(x, y, metric, agg)
        col = self._column(metric)
        fig = Figure(figsize=(8, 6), dpi=100)
        ax = fig.add_subplot(1, 1, 1, projection='3d')
        xs = np.asarray(table.columns, dtype=float)
        ys = np.asarray(table.index, dtype=float)
        gx, gy = np.meshgrid(xs, ys)
        z = np.ma.masked_invalid(table.to_numpy(dtype=float))
        ax.plot_surface(gx, gy, z, cmap=cmap, edgecolor='none', alpha=0.9)
        ax.set_xlabel(x)
        ax.set_ylabel(y)
        ax.set_zlabel(col)
        ax.set_title('%s over %s and %s' % (col, x, y))
        if path is not None:
            fig.savefig(path)
        return fig

    def plot_sensitivity(self, params: Optional[Sequence[str]] = None,
                         metric: Optional[str] = None, path: Optional[str] = None):
        """A matplotlib ``Figure`` of sensitivity curves, one panel per
        parameter: mean and best over the other parameters, the min-max band
        and the slice through the best trial."""
        from matplotlib.figure import Figure
        params = list(params or self.varying)
        col = self._column(metric)
        fig = Figure(figsize=(5 * min(3, len(params)), 3.8 * math.ceil(len(params) / 3)),
                     dpi=100)
        for k, name in enumerate(params):
            ax = fig.add_subplot(math.ceil(len(params) / 3), min(3, len(params)), k + 1)
            st = self.sensitivity(name, metric)
            xs = np.arange(len(st)) if not _is_numeric(st.index.to_series()) else \
                st.index.to_numpy(dtype=float)
            # (float arrays: matplotlib 3.6 masks a pandas 1.x Series as objects)
            low, high, mean, at_best = (st[c].to_numpy(dtype=float)
                                        for c in ('min', 'max', 'mean', 'at_best'))
            ax.fill_between(xs, low, high, alpha=0.2, label='min-max')
            ax.plot(xs, mean, marker='o', label='mean')
            ax.plot(xs, at_best, marker='s', linestyle='--', label='at best')
            ax.set_xlabel(name)
            ax.set_ylabel(col)
            if not _is_numeric(st.index.to_series()):
                ax.set_xticks(xs)
                ax.set_xticklabels([str(v) for v in st.index])
            ax.legend(fontsize=7)
        fig.tight_layout()
        if path is not None:
            fig.savefig(path)
        return fig

    # -- plotly figures -----------------------------------------------------------------------------
    def plotly_heatmap(self, x: str, y: str, metric: Optional[str] = None, agg: str = 'best'):
        """The heatmap as an interactive Plotly figure."""
        import plotly.graph_objects as go
        table = self.grid(x, y, metric, agg)
        col = self._column(metric)
        z = table.to_numpy(dtype=float)
        fig = go.Figure(go.Heatmap(
            z=_nan_none(z), x=[_fmt(v) for v in table.columns],
            y=[_fmt(v) for v in table.index], colorscale='Viridis', colorbar=dict(title=col),
            hovertemplate=x + '=%{x}<br>' + y + '=%{y}<br>' + col + '=%{z:.4g}<extra></extra>'))
        fig.update_layout(title='%s by %s and %s (%s)' % (col, x, y, agg),
                          xaxis=dict(title=x, type='category'),
                          yaxis=dict(title=y, type='category'), height=460)
        return fig

    def plotly_surface(self, x: str, y: str, metric: Optional[str] = None, agg: str = 'best'):
        """The 3-D surface as an interactive Plotly figure."""
        import plotly.graph_objects as go
        table = self.grid(x, y, metric, agg)
        col = self._column(metric)
        fig = go.Figure(go.Surface(z=_nan_none(table.to_numpy(dtype=float)),
                                   x=[float(v) for v in table.columns],
                                   y=[float(v) for v in table.index], colorscale='Viridis',
                                   colorbar=dict(title=col)))
        fig.update_layout(title='%s over %s and %s' % (col, x, y), height=520,
                          scene=dict(xaxis_title=x, yaxis_title=y, zaxis_title=col))
        return fig

    def plotly_importance(self, importance=None):
        """Parameter importance (both methods) as a Plotly bar chart."""
        import plotly.graph_objects as go
        imp = self.importance() if importance is None else importance
        fig = go.Figure()
        for c, label in (('anova', 'ANOVA (eta squared share)'),
                         ('forest', 'random forest (permutation share)')):
            if c in imp:
                fig.add_trace(go.Bar(x=list(imp.index), y=imp[c].astype(float).tolist(),
                                     name=label))
        fig.update_layout(title='Parameter importance for %s' % self.metric, barmode='group',
                          yaxis=dict(title='share', range=[0, 1]), height=380)
        return fig

    def plotly_sensitivity(self, params: Optional[Sequence[str]] = None,
                           metric: Optional[str] = None):
        """Sensitivity curves as a Plotly figure (one panel per parameter)."""
        import plotly.graph_objects as go
        from plotly.subplots import make_subplots
        params = list(params or self.varying)
        col = self._column(metric)
        fig = make_subplots(rows=1, cols=max(1, len(params)), subplot_titles=params)
        for k, name in enumerate(params, 1):
            st = self.sensitivity(name, metric)
            xs = [_plain(v) for v in st.index]
            for field, dash in (('mean', 'solid'), ('max', 'dot'), ('min', 'dot'),
                                ('at_best', 'dash')):
                fig.add_trace(go.Scatter(x=xs, y=_nan_none(st[field].to_numpy(dtype=float)),
                                         mode='lines+markers', name=field,
                                         line=dict(dash=dash), legendgroup=field,
                                         showlegend=k == 1), row=1, col=k)
            fig.update_xaxes(title_text=name, row=1, col=k)
        fig.update_yaxes(title_text=col, row=1, col=1)
        fig.update_layout(title='Sensitivity of %s' % col, height=380)
        return fig

    def plotly_pareto(self, metrics: Sequence[str] = ('sharpe_ratio', 'max_drawdown_pct'),
                      directions: Optional[Sequence[str]] = None):
        """Every trial and the Pareto front of two metrics, as a Plotly figure."""
        import plotly.graph_objects as go
        cols = [self._column(m) for m in metrics[:2]]
        df = self.trials
        vals = df[cols].astype(float)
        df = df[np.isfinite(vals.to_numpy()).all(axis=1)]
        front = self.pareto(metrics[:2], directions)
        text = [', '.join('%s=%s' % (p, _plain(r[p])) for p in self.param_names)
                for _, r in df.iterrows()]
        fig = go.Figure()
        fig.add_trace(go.Scatter(x=df[cols[0]].astype(float).tolist(),
                                 y=df[cols[1]].astype(float).tolist(), mode='markers',
                                 name='trials', text=text, marker=dict(size=6, opacity=0.5)))
        fig.add_trace(go.Scatter(x=front[cols[0]].astype(float).tolist(),
                                 y=front[cols[1]].astype(float).tolist(), mode='lines+markers',
                                 name='Pareto front', marker=dict(size=9, color='crimson')))
        fig.update_layout(title='Pareto front: %s vs %s' % tuple(cols),
                          xaxis_title=cols[0], yaxis_title=cols[1], height=420)
        return fig

    def plotly_history(self, metric: Optional[str] = None):
        """The metric of every trial in trial order and the best so far."""
        import plotly.graph_objects as go
        df, col = self._values(metric)
        direction = self.direction if metric is None else self._direction(col)
        y = df[col].astype(float).to_numpy()
        best = np.maximum.accumulate(y) if direction == 'maximize' else \
            np.minimum.accumulate(y)
        xs = df['number'].astype(int).tolist()
        fig = go.Figure([go.Scatter(x=xs, y=y.tolist(), mode='markers', name=col),
                         go.Scatter(x=xs, y=best.tolist(), mode='lines', name='best so far')])
        fig.update_layout(title='%s by trial' % col, xaxis_title='trial', yaxis_title=col,
                          height=360)
        return fig
