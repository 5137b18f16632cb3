"""The study report: JSON content, and the self-contained HTML page opened in
headless Chromium (no console errors, every figure drawn, works offline)."""
from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import pytest

import backtrader as bt
from backtrader.optimizers import (GridSearchOptimizer, OptimizationAnalyzer, ParamSpace,
                                   WalkForward, monte_carlo, perturb)
from backtrader.sampledata import sample_path

import optfixtures as fx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'plot'))
from chromium import chromium_path, load_page  # noqa: E402

pytest.importorskip('plotly')
needs_chromium = pytest.mark.skipif(chromium_path() is None, reason='chromium not installed')

PROBE = '''(function () {
  var plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
  return {
    specs: document.querySelectorAll('script.bt-fig').length,
    plots: plots.map(function (p) { return {name: p.getAttribute('data-name'),
      traces: p._fullData.length, svg: p.querySelectorAll('.main-svg').length,
      title: (p._fullLayout.title || {}).text || ''}; }),
    sections: Array.from(document.querySelectorAll('section')).map(function (s) {
      return s.id; }),
    external: Array.from(document.querySelectorAll('script[src], link[href]')).length,
    text: document.body.innerText.length
  };
})()'''


@pytest.fixture(scope='module')
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp('report')
    opt = GridSearchOptimizer(fx.sma_factory, objective='sharpe_ratio', n_jobs=1, quiet=True,
                              study=str(out / 'sma.db'))
    space = ParamSpace(fast=(3, 12, 3), slow=(15, 35, 5))
    res = opt.optimize(space)
    wf = WalkForward(strategy=fx.SmaCross, cash=100000, space=dict(fast=[5, 10], slow=[20, 40]),
                     data=bt.feeds.BacktraderCSVData(dataname=sample_path(),
                                                     todate=dt.datetime(2013, 12, 31)),
                     in_sample=300, out_of_sample=200)
    wfr = wf.run()
    robustness = {'monte_carlo': monte_carlo(res, n_samples=300, seed=1),
                  'perturbation': perturb(opt, res.best_params, space, n=5, seed=2)}
    an = OptimizationAnalyzer(res)
    paths = an.generate_report(out / 'report.html', walkforward=wfr, robustness=robustness)
    return an, res, wfr, paths


def test_json_report(report):
    an, res, wfr, paths = report
    doc = json.loads(Path(paths['json']).read_text())
    assert doc['summary']['best']['params'] == res.best_params
    assert doc['summary']['trials'] == 20
    assert [r['param'] for r in doc['importance']] == list(an.importance().index)
    assert len(doc['top']) == 10 and doc['top'][0]['number'] == res.best_trial.number
    assert doc['overfitting']['dsr']['n_trials'] == 20
    assert 0 <= doc['overfitting']['pbo']['pbo'] <= 1
    assert doc['walkforward']['folds_count'] == len(wfr.folds)
    assert len(doc['walkforward']['equity']['values']) == len(wfr.oos_returns)
    assert set(doc['robustness']) == {'monte_carlo', 'perturbation'}
    assert doc['heatmaps'][0]['x'] in ('fast', 'slow')
    assert not doc['notes']


def test_json_only(report, tmp_path):
    an = report[0]
    paths = an.generate_report(tmp_path / 'only.json', overfitting=False)
    assert 'html' not in paths and 'overfitting' not in json.loads(Path(paths['json']).read_text())


def test_html_is_self_contained(report):
    text = Path(report[3]['html']).read_text()
    assert text.startswith('<!DOCTYPE html>')
    assert 'src="http' not in text and "src='http" not in text
    assert len(text) > 3_000_000          # plotly.js is embedded
    for section in ('summary', 'best', 'importance', 'heatmaps', 'pareto', 'overfitting',
                    'walkforward', 'robustness'):
        assert 'id="%s"' % section in text


@needs_chromium
def test_html_report_in_headless_chromium(report):
    page = load_page(Path(report[3]['html']), ready='window.btReportRendered', probe=PROBE,
                     timeout=90)
    assert page['errors'] == []
    probe = page['probe']
    assert page['ready'] == probe['specs'] == len(probe['plots']) >= 9
    names = [p['name'] for p in probe['plots']]
    for expected in ('history', 'importance', 'sensitivity', 'pareto', 'pbo logits',
                     'walk-forward equity', 'monte carlo', 'perturbation'):
        assert expected in names
    assert any(n.startswith('heatmap') for n in names)
    assert any(n.startswith('surface') for n in names)
    for p in probe['plots']:
        assert p['traces'] >= 1 and p['svg'] >= 1 and p['title'], p
    assert probe['external'] == 0
    assert {'summary', 'overfitting', 'walkforward', 'robustness'} <= set(probe['sections'])
