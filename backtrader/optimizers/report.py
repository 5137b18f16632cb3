"""The study report: one JSON document and one self-contained HTML page.

The HTML page embeds plotly.js (no network needed: it opens offline) and
the figures as JSON; a small script draws them and sets
``window.btReportRendered`` to the number of figures drawn once all are on
the page. Sections: summary, best parameters, top trials, parameter
importance, sensitivity, heatmaps and a 3-D surface, Pareto front,
overfitting statistics (Deflated Sharpe Ratio, PBO), walk-forward folds and
robustness (Monte Carlo, perturbations) when given. A section that cannot be
computed (too few trials, no stored returns) says why instead.
"""
from __future__ import annotations

import datetime as _dt
import html
import itertools
import json
import math
import os
from pathlib import Path
from typing import Any, Optional

import numpy as np

__all__ = ['report_data', 'write_report', 'json_safe']


def json_safe(obj: Any) -> Any:
    """Plain JSON data: numpy scalars and arrays as Python values, NaN and
    infinities as None, DataFrames as lists of records, dates as ISO text."""
    import pandas as pd
    if isinstance(obj, dict):
        return {str(k): json_safe(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [json_safe(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return json_safe(obj.tolist())
    if isinstance(obj, pd.DataFrame):
        return json_safe(obj.reset_index().to_dict(orient='records')
                         if obj.index.name else obj.to_dict(orient='records'))
    if isinstance(obj, pd.Series):
        return json_safe(obj.to_dict())
    if isinstance(obj, (np.bool_, bool)):
        return bool(obj)
    if isinstance(obj, (np.integer, int)):
        return int(obj)
    if isinstance(obj, (np.floating, float)):
        f = float(obj)
        return f if math.isfinite(f) else None
    if isinstance(obj, (_dt.datetime, _dt.date, pd.Timestamp)):
        return obj.isoformat()
    if isinstance(obj, pd.Interval):
        return str(obj)
    if obj is None or isinstance(obj, str):
        return obj
    return str(obj)


def _attempt(notes: dict, key: str, func, *args, **kwargs) -> Any:
    try:
        return func(*args, **kwargs)
    except Exception as exc:          # a section that cannot be computed says why
        notes[key] = '%s: %s' % (type(exc).__name__, exc)
        return None


def _heatmap_pairs(an, importance) -> list:
    names = list(importance.index) if importance is not None else list(an.varying)
    names = [n for n in names if n in an.varying][:3]
    return list(itertools.combinations(names, 2))[:3]


def _pareto_metrics(an) -> list:
    objective = an.meta.get('objective') or {}
    if objective.get('type') == 'multi':
        return list(objective['metrics'][:2]), list(objective['directions'][:2])
    first = 'score'
    second = 'max_drawdown_pct' if 'max_drawdown_pct' in an.trials.columns else None
    if second is None or objective.get('metric') == 'max_drawdown_pct':
        return None, None
    return [first, second], [an.objective_direction, 'minimize']


def report_data(an, overfitting: Any = True, walkforward: Any = None,
                robustness: Optional[dict] = None, top: int = 10) -> dict:
    """Everything the report shows, as plain data (see the module docstring)."""
    notes: dict = {}
    out: dict = {'generated': _dt.datetime.now().isoformat(timespec='seconds'),
                 'summary': an.summary()}
    out['top'] = _attempt(notes, 'top', an.top, top)
    importance = _attempt(notes, 'importance', an.importance)
    out['importance'] = importance
    out['correlation'] = _attempt(notes, 'correlation', an.correlation)
    out['stability'] = _attempt(notes, 'stability', an.stability)
    sens = {}
    for name in an.varying:
        sens[name] = _attempt(notes, 'sensitivity.%s' % name, an.sensitivity, name)
    out['sensitivity'] = sens
    grids = []
    for x, y in _heatmap_pairs(an, importance):
        table = _attempt(notes, 'heatmap.%s.%s' % (x, y), an.grid, x, y)
        if table is not None:
            grids.append({'x': x, 'y': y, 'x_values': list(table.columns),
                          'y_values': list(table.index), 'z': table.to_numpy(dtype=float)})
    out['heatmaps'] = grids
    metrics, directions = _pareto_metrics(an)
    if metrics:
        out['pareto'] = {'metrics': metrics, 'directions': directions,
                         'front': _attempt(notes, 'pareto', an.pareto, metrics, directions)}
    if overfitting is not False:
        rep = overfitting if hasattr(overfitting, 'as_dict') else \
            _attempt(notes, 'overfitting', an.overfitting)
        out['overfitting'] = None if rep is None else rep.as_dict()
        out['_overfitting'] = rep
    if walkforward is not None:
        out['walkforward'] = walkforward.as_dict()
    if robustness:
        out['robustness'] = {k: v.as_dict() for k, v in robustness.items() if v is not None}
    out['notes'] = notes
    return out


# ------------------------------------------------------------------------------------------
def _figures(an, data: dict, walkforward: Any, robustness: Optional[dict]) -> list:
    """(section, title, plotly figure) for the page."""
    import plotly.graph_objects as go
    figs = []
    notes = data['notes']

    def add(section: str, title: str, func, *args, **kwargs) -> None:
        fig = _attempt(notes, 'figure.%s' % title, func, *args, **kwargs)
        if fig is not None:
            figs.append((section, title, fig))

    add('summary', 'history', an.plotly_history)
    if data.get('importance') is not None:
        add('importance', 'importance', an.plotly_importance, data['importance'])
    if an.varying:
        add('sensitivity', 'sensitivity', an.plotly_sensitivity)
    for k, grid in enumerate(data['heatmaps']):
        add('heatmaps', 'heatmap %s x %s' % (grid['x'], grid['y']), an.plotly_heatmap,
            grid['x'], grid['y'])
        if k == 0 and all(isinstance(v, (int, float, np.integer, np.floating))
                          for v in grid['x_values'] + grid['y_values']) \
                and len(grid['x_values']) > 1 and len(grid['y_values']) > 1:
            add('heatmaps', 'surface %s x %s' % (grid['x'], grid['y']), an.plotly_surface,
                grid['x'], grid['y'])
    if data.get('pareto'):
        add('pareto', 'pareto', an.plotly_pareto, data['pareto']['metrics'],
            data['pareto']['directions'])
    rep = data.get('_overfitting')
    if rep is not None and rep.pbo is not None:
        fig = go.Figure(go.Histogram(x=rep.pbo.logits.tolist(), nbinsx=40, name='logit'))
        fig.add_vline(x=0, line_dash='dash', line_color='crimson')
        fig.update_layout(title='CSCV: out-of-sample rank logits of the in-sample winner '
                          '(PBO = share left of 0: %.3f)' % rep.pbo.pbo,
                          xaxis_title='logit of relative rank', yaxis_title='splits',
                          height=340)
        figs.append(('overfitting', 'pbo logits', fig))
    if walkforward is not None:
        add('walkforward', 'walk-forward equity', walkforward.plotly_equity)
    mc = (robustness or {}).get('monte_carlo')
    if mc is not None:
        from plotly.subplots import make_subplots
        fig = make_subplots(rows=1, cols=2, subplot_titles=('final return', 'max drawdown %'))
        fig.add_trace(go.Histogram(x=(100 * mc.final_return).tolist(), nbinsx=50,
                                   name='final return %'), row=1, col=1)
        fig.add_trace(go.Histogram(x=mc.max_drawdown.tolist(), nbinsx=50,
                                   name='max drawdown %'), row=1, col=2)
        fig.update_layout(title='Monte Carlo (%s, %d samples)' % (mc.method, mc.n_samples),
                          height=340, showlegend=False)
        figs.append(('robustness', 'monte carlo', fig))
    pert = (robustness or {}).get('perturbation')
    if pert is not None:
        df = pert.trials
        fig = go.Figure(go.Scatter(x=df['distance'].astype(float).tolist(),
                                   y=df['score'].astype(float).tolist(), mode='markers',
                                   text=[str(r) for r in df['trial']], name='re-runs'))
        if pert.base_score is not None:
            fig.add_hline(y=pert.base_score, line_dash='dash', line_color='crimson')
        fig.update_layout(title='Perturbation re-runs: %s vs distance from the best'
                          % pert.metric, xaxis_title='distance (grid steps / range tenths)',
                          yaxis_title=pert.metric, height=340)
        figs.append(('robustness', 'perturbation', fig))
    return figs


_CSS = """
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:0;color:#222;
background:#fafafa}
header{background:#23395d;color:#fff;padding:18px 28px}
header h1{margin:0;font-size:22px} header p{margin:4px 0 0;opacity:.8}
main{max-width:1200px;margin:0 auto;padding:12px 24px 40px}
section{background:#fff;border:1px solid #e3e3e3;border-radius:6px;margin:16px 0;
padding:12px 18px}
h2{font-size:18px;margin:6px 0 10px;color:#23395d}
table{border-collapse:collapse;font-size:13px;margin:6px 0}
th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}
th{background:#f0f3f8} td.l,th.l{text-align:left}
.note{color:#8a5300;font-size:13px} .good{color:#1b7a2f} .bad{color:#b3261e}
.fig{min-height:300px}
"""

_RENDER = """
(function () {
  var figs = document.querySelectorAll('script.bt-fig');
  var done = 0, total = figs.length;
  if (!total) { window.btReportRendered = -1; return; }
  figs.forEach(function (node) {
    var spec = JSON.parse(node.textContent);
    var div = document.getElementById(node.getAttribute('data-target'));
    Plotly.newPlot(div, spec.data, spec.layout, {responsive: true, displaylogo: false})
      .then(function () { done += 1; if (done === total) { window.btReportRendered = total; } });
  });
})();
"""


def _fmt(v: Any) -> str:
    if v is None:
        return ''
    if isinstance(v, float):
        if not math.isfinite(v):
            return ''
        return '%.6g' % v
    return str(v)


def _table(rows: list, columns: Optional[list] = None, left: int = 0) -> str:
    if not rows:
        return '<p class="note">none</p>'
    columns = columns or list(rows[0])
    head = ''.join('<th%s>%s</th>' % (' class="l"' if i < left else '', html.escape(str(c)))
                   for i, c in enumerate(columns))
    body = []
    for row in rows:
        body.append('<tr>%s</tr>' % ''.join(
            '<td%s>%s</td>' % (' class="l"' if i < left else '', html.escape(_fmt(row.get(c))))
            for i, c in enumerate(columns)))
    return '<table><tr>%s</tr>%s</table>' % (head, ''.join(body))


def _kv(pairs: list) -> str:
    return '<table>%s</table>' % ''.join(
        '<tr><th class="l">%s</th><td class="l">%s</td></tr>' % (
            html.escape(str(k)), html.escape(_fmt(v) if not isinstance(v, (dict, list))
                                             else json.dumps(v))) for k, v in pairs)


def _sections(an, data: dict, safe: dict) -> dict:
    """HTML of each section's text and tables."""
    s = {}
    summ = safe['summary']
    best = summ.get('best')
    counts = summ.get('counts') or {}
    s['summary'] = _kv([('strategy', summ.get('strategy')), ('search', summ.get('method')),
                        ('objective', '%s (%s)' % (summ.get('objective'),
                                                   summ.get('direction'))),
                        ('trials', summ.get('trials')),
                        ('by status', ', '.join('%s %s' % kv for kv in sorted(counts.items()))),
                        ('time', None if summ.get('elapsed') is None else
                         '%.1f s' % summ['elapsed']), ('seed', summ.get('seed'))])
    if best:
        s['best'] = _kv([('trial', best['trial']), ('score', best['score'])] +
                        list(best['params'].items()))
    else:
        s['best'] = '<p class="note">no feasible trial</p>'
    s['top'] = _table(safe.get('top') or [], left=0)
    if safe.get('importance'):
        cols = [c for c in ('param', 'importance', 'anova', 'eta_squared', 'anova_f', 'anova_p',
                            'forest', 'forest_drop', 'rank_anova', 'rank_forest')
                if c in safe['importance'][0]]
        s['importance'] = _table(safe['importance'], cols, left=1)
    stab = safe.get('stability')
    if stab:
        s['stability'] = _kv([(k, stab.get(k)) for k in (
            'trial', 'best', 'neighbours', 'mean', 'std', 'min', 'max', 'retained', 'drop')]) + \
            '<p>Most stable regions (best neighbourhood mean):</p>' + _table(
                [dict(trial=r['trial'], value=r['value'], mean=r['neighbourhood_mean'],
                      size=r['neighbourhood_size'], **r['params'])
                 for r in stab.get('robust', [])])
    if data.get('correlation') is not None:
        s['correlation'] = _corr_table(data['correlation'])
    front = (safe.get('pareto') or {}).get('front')
    if front is not None:
        s['pareto'] = _table(front)
    ov = safe.get('overfitting')
    if ov:
        rows = []
        d = ov.get('dsr')
        if d:
            cls = 'good' if d['significant'] else 'bad'
            rows.append('<p>Deflated Sharpe Ratio of trial %s: <b class="%s">%.4f</b> '
                        '(%s at 95%%).</p>' % (ov.get('best_trial'), cls, d['dsr'],
                                               'significant' if d['significant']
                                               else 'not significant'))
            rows.append(_kv([('Sharpe per bar', d['sharpe']),
                             ('Sharpe annualised', d.get('sharpe_annual')),
                             ('expected max Sharpe of N unskilled trials (per bar)',
                              d['sharpe0']), ('trials N', d['n_trials']),
                             ('variance of trial Sharpes', d['variance']),
                             ('bars T', d['n_obs']), ('skewness', d['skew']),
                             ('kurtosis', d['kurtosis'])]))
        p = ov.get('pbo')
        if p:
            cls = 'good' if p['pbo'] < 0.5 else 'bad'
            rows.append('<p>Probability of Backtest Overfitting (CSCV): <b class="%s">%.3f</b>'
                        '</p>' % (cls, p['pbo']))
            rows.append(_kv([(k, p[k]) for k in ('n_splits', 'n_combinations', 'n_trials',
                                                  'n_obs', 'prob_oos_loss',
                                                  'degradation_slope')]))
        for note in ov.get('notes') or []:
            rows.append('<p class="note">%s</p>' % html.escape(note))
        s['overfitting'] = ''.join(rows)
    wf = safe.get('walkforward')
    if wf:
        s['walkforward'] = _kv([(k, wf.get(k)) for k in (
            'mode', 'folds_count', 'efficiency', 'oos_total_return', 'oos_sharpe_ratio',
            'oos_max_drawdown_pct', 'oos_trades')]) + _table(wf.get('folds') or [])
    rob = safe.get('robustness')
    if rob:
        parts = []
        mc = rob.get('monte_carlo')
        if mc:
            parts.append('<p>Monte Carlo: %s, %d samples, %.0f%% intervals; probability of a '
                         'loss %.3f</p>' % (html.escape(mc['method']), mc['n_samples'],
                                            100 * mc['confidence'], mc['prob_loss']))
            parts.append(_table([dict(figure=k, **mc[k]) for k in ('final_return',
                                                                   'max_drawdown')], left=1))
        pe = rob.get('perturbation')
        if pe:
            parts.append('<p>Perturbation re-runs around %s</p>' % html.escape(
                json.dumps(pe['base_params'])))
            parts.append(_kv(list(pe['summary'].items())))
        s['robustness'] = ''.join(parts)
    return s


def _corr_table(corr) -> str:
    if corr is None or not len(corr):
        return '<p class="note">none</p>'
    rows = [dict(param=name, **{c: corr.loc[name, c] for c in corr.columns})
            for name in corr.index]
    return _table(rows, ['param'] + list(corr.columns), left=1)


_ORDER = (('summary', 'Summary'), ('best', 'Best parameters'), ('top', 'Top trials'),
          ('importance', 'Parameter importance'), ('sensitivity', 'Sensitivity'),
          ('stability', 'Stability of the best'), ('correlation', 'Parameter / metric '
                                                                   'correlation (Spearman)'),
          ('heatmaps', 'Heatmaps and surface'), ('pareto', 'Pareto front'),
          ('overfitting', 'Overfitting statistics'), ('walkforward', 'Walk-forward'),
          ('robustness', 'Robustness'))


def render_html(an, data: dict, figs: list, title: str) -> str:
    """The page's HTML text."""
    import plotly.io as pio
    from plotly.offline import get_plotlyjs
    safe = json_safe({k: v for k, v in data.items() if not k.startswith('_')})
    texts = _sections(an, data, safe)
    body = []
    nfig = 0
    for key, heading in _ORDER:
        mine = [f for f in figs if f[0] == key]
        if key not in texts and not mine:
            continue
        part = ['<section id="%s"><h2>%s</h2>' % (key, html.escape(heading))]
        if key in texts:
            part.append(texts[key])
        for _, name, fig in mine:
            nfig += 1
            div = 'fig%d' % nfig
            spec = pio.to_json(fig, validate=False, pretty=False)
            part.append('<div id="%s" class="fig" data-name="%s"></div>' % (
                div, html.escape(name)))
            part.append('<script type="application/json" class="bt-fig" data-target="%s">%s'
                        '</script>' % (div, spec.replace('</', '<\\/')))
        part.append('</section>')
        body.append(''.join(part))
    if data['notes']:
        body.append('<section id="notes"><h2>Notes</h2>%s</section>' % ''.join(
            '<p class="note">%s: %s</p>' % (html.escape(k), html.escape(v))
            for k, v in data['notes'].items()))
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<title>%s</title><style>%s</style><script>%s</script></head><body>'
            '<header><h1>%s</h1><p>generated %s</p></header><main>%s</main>'
            '<script>%s</script></body></html>\n' % (
                html.escape(title), _CSS, get_plotlyjs(), html.escape(title),
                html.escape(data['generated']), '\n'.join(body), _RENDER))


def write_report(an, path: Any, walkforward: Any = None, robustness: Optional[dict] = None,
                 overfitting: Any = True, title: Optional[str] = None,
                 json_path: Any = None) -> dict:
    """Write the JSON (and, unless ``path`` ends in ``.json``, the HTML page)."""
    path = Path(os.fspath(path))
    data = report_data(an, overfitting=overfitting, walkforward=walkforward,
                       robustness=robustness)
    out = {}
    if path.suffix.lower() == '.json':
        jpath = path
    else:
        jpath = Path(os.fspath(json_path)) if json_path else path.with_suffix('.json')
        strategy = (data['summary'].get('strategy') or 'study').rsplit('.', 1)[-1]
        title = title or 'Optimisation report: %s' % strategy
        figs = _figures(an, data, walkforward, robustness)
        text = render_html(an, data, figs, title)
        tmp = path.with_name(path.name + '.tmp')
        tmp.write_text(text, encoding='utf-8')
        os.replace(tmp, path)
        out['html'] = str(path)
    safe = json_safe({k: v for k, v in data.items() if not k.startswith('_')})
    jtext = json.dumps(safe, indent=1, allow_nan=False)
    tmp = jpath.with_name(jpath.name + '.tmp')
    tmp.write_text(jtext, encoding='utf-8')
    os.replace(tmp, jpath)
    out['json'] = str(jpath)
    return out
