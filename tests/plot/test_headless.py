"""Charts on a machine without a display, in fresh processes with no matplotlib
backend configured (``MPLBACKEND`` and ``DISPLAY`` unset): ``cerebro.plot()``
after ``run()`` returns figures and never raises or waits; our equivalents
of upstream's plotting samples run to the end; the gallery script saves its
PNGs; a GUI backend that cannot start falls back to Agg; Jupyter's inline
backend gets figures without ``show()``."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from plotsetup import GALLERY, REPO, close_figures  # noqa: F401

HERE = Path(__file__).resolve().parent
DATAS = REPO.parent / 'shared' / 'datas'


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ('DISPLAY', 'WAYLAND_DISPLAY', 'MPLBACKEND')}
    env['PYTHONPATH'] = str(REPO)
    env.update(extra)
    return env


def _run(args, timeout=300, **extra):
    return subprocess.run([sys.executable, *args], env=_env(**extra), capture_output=True,
                          text=True, timeout=timeout, cwd=str(REPO))


SCRIPT = '''
import sys, warnings, backtrader as bt, matplotlib
from backtrader.sampledata import sample_path
if len(sys.argv) > 1:
    matplotlib.use(sys.argv[1])       # a script asking for a GUI backend

class St(bt.Strategy):
    def __init__(self):
        self.cross = bt.ind.CrossOver(bt.ind.SMA(period=10), bt.ind.SMA(period=30))
    def next(self):
        if not self.position and self.cross > 0:
            self.buy()
        elif self.position and self.cross < 0:
            self.close()

cerebro = bt.Cerebro()
cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=sample_path()))
cerebro.addstrategy(St)
cerebro.run()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    figs = cerebro.plot()
print('backend', matplotlib.get_backend().lower())
print('figures', len(figs), len(figs[0]), len(figs[0][0].axes))
print('warnings', '|'.join(str(w.message) for w in caught))
'''


def test_plot_after_run_without_a_display(tmp_path):
    script = tmp_path / 'script.py'
    script.write_text(SCRIPT)
    proc = _run([str(script)], timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = dict(line.split(' ', 1) for line in proc.stdout.splitlines())
    assert lines['backend'] == 'agg'
    nfig, nfigs, naxes = map(int, lines['figures'].split())
    assert (nfig, nfigs) == (1, 1) and naxes >= 4
    # nothing warns about show() on a non-interactive backend: it is not called
    assert 'non-interactive' not in lines.get('warnings', '')


def test_gui_backend_that_cannot_start_falls_back_to_agg(tmp_path):
    script = tmp_path / 'script.py'
    script.write_text(SCRIPT)
    proc = _run([str(script), 'TkAgg'], timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert 'backend agg' in proc.stdout
    assert 'cannot start' in proc.stdout    # the fallback says so (a RuntimeWarning)
    # a GUI backend named in the environment: no error either
    proc = _run([str(script)], timeout=120, MPLBACKEND='TkAgg')
    assert proc.returncode == 0, proc.stderr
    assert 'backend agg' in proc.stdout and 'figures 1 1' in proc.stdout


def test_jupyter_inline_backend_gets_figures_without_show(tmp_path):
    pytest.importorskip('matplotlib_inline')
    script = tmp_path / 'script.py'
    script.write_text(SCRIPT)
    proc = _run([str(script)], timeout=120,
                MPLBACKEND='module://matplotlib_inline.backend_inline')
    assert proc.returncode == 0, proc.stderr
    assert 'backend module://matplotlib_inline.backend_inline' in proc.stdout
    assert 'figures 1 1' in proc.stdout


def test_python_m_backtrader_plot_and_html(tmp_path):
    pytest.importorskip('plotly')
    png, html = tmp_path / 'out.png', tmp_path / 'out.html'
    proc = _run(['-m', 'backtrader', '--plot', str(png), '--html', str(html)], timeout=300)
    assert proc.returncode == 0, proc.stderr
    import matplotlib.image as mimage
    h, w = mimage.imread(str(png)).shape[:2]
    assert w > 1000 and h > 600
    text = html.read_text()
    assert 'Plotly.newPlot' in text and 'window.btChartRendered' in text
    assert '<script src=' not in text       # plotly.js embedded: works offline


def test_gallery_script_saves_pngs(tmp_path):
    proc = _run([str(GALLERY / 'gallery.py'), '--out', str(tmp_path), '--dpi', '40',
                 'candles', 'numfigs'], timeout=300)
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ['plot-candles.png', 'plot-numfigs-1.png', 'plot-numfigs-2.png']
    import matplotlib.image as mimage
    for name in names:
        h, w = mimage.imread(str(tmp_path / name)).shape[:2]
        assert (w, h) == (480, 320)         # 12 x 8 inches at 40 dpi


# -- our equivalents of upstream's plotting samples -----------------------------------------
def test_plotting_samples_run_to_the_end_headless():
    """Every case of sample_equivalents.py in one fresh process (one run for the
    whole list: a case per test would pay the interpreter start each time)."""
    if not DATAS.is_dir():
        pytest.skip('shared data files missing')
    proc = _run([str(HERE / 'sample_equivalents.py'), str(DATAS)], timeout=900)
    assert proc.returncode == 0, proc.stderr
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    problems, ran = [], 0
    for res in results:
        err = res.get('error', '')
        if err.startswith('NotImplementedError'):
            continue                    # a capability other work delivers
        if err:
            problems.append('%s: %s' % (res['case'], err))
            continue
        ran += 1
        if not (res['backend'] == 'agg' and res['strategies'] >= 1 and
                all(n >= 1 for n in res['figures']) and all(p >= 1 for p in res['panes'])
                and res['bytes'] > 5000):
            problems.append('%s: %s' % (res['case'], res))
    assert not problems, '\n'.join(problems)
    assert ran >= 25
