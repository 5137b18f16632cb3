#!/usr/bin/env python3
"""Charts of a large run: the interactive HTML page of a 200k-bar backtest
(written, then loaded in headless Chromium) and the matplotlib chart against
upstream's on the same bars.

* HTML: a 200k-minute-bar SMA crossover (standard observers, RSI) is run once;
  the Plotly page is built and written (timed), then opened ``--loads`` times
  in a fresh headless Chromium; reported: the wall time from navigation to
  the chart drawn (``window.btChartRendered`` set by the page) and the time
  the page itself measured (ms since navigation start), best and median,
  plus any console error.
* matplotlib: the same workload on ``--mpl-bars`` bars, ``cerebro.plot()`` and
  one ``savefig`` (PNG, 100 dpi), run by upstream (``.oracle``, with Agg
  switched on as it forces a GUI backend) and by this project, alternating;
  the ratio is upstream's seconds over ours.

    python3 benchmarks/plot_html.py                       # 200k bars HTML, 20k bars PNG
    python3 benchmarks/plot_html.py --bars 50000 --loads 3 --no-mpl
(figures: docs/performance.md)
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_vs_upstream import gen   # same folder: the shared data generator call

REPO = Path(__file__).resolve().parent.parent
ORACLE = REPO / '.oracle'
sys.path.insert(0, str(REPO / 'tests' / 'plot'))
from chromium import chromium_path, load_page  # noqa: E402

STRATEGY = '''
import sys, time
import backtrader as bt

class St(bt.Strategy):
    def __init__(self):
        self.cross = bt.ind.CrossOver(bt.ind.SMA(period=50), bt.ind.SMA(period=200))
        bt.ind.RSI()
    def next(self):
        if not self.position and self.cross > 0:
            self.buy(size=10)
        elif self.position and self.cross < 0:
            self.close()

def cerebro(path):
    c = bt.Cerebro()
    c.adddata(bt.feeds.GenericCSVData(dataname=path, dtformat='%Y-%m-%d %H:%M:%S',
                                      timeframe=bt.TimeFrame.Minutes, openinterest=-1))
    c.addstrategy(St)
    c.broker.setcash(1e6)
    return c
'''

HTML_SCRIPT = STRATEGY + '''
c = cerebro(sys.argv[1])
t0 = time.perf_counter()
c.run()
t1 = time.perf_counter()
from backtrader.plot import PlotlyPlot
plotter = PlotlyPlot(style='candle')
fig = plotter.plot(c.runstrats[0][0])
t2 = time.perf_counter()
plotter.write_html(fig, sys.argv[2])
t3 = time.perf_counter()
print('run=%.3f figure=%.3f write=%.3f traces=%d' % (t1 - t0, t2 - t1, t3 - t2, len(fig.data)))
'''

MPL_SCRIPT = STRATEGY + '''
import matplotlib
import matplotlib.pyplot as plt
try:
    import backtrader.plot       # upstream picks a GUI backend when imported
except ImportError:
    pass
plt.switch_backend('Agg')
c = cerebro(sys.argv[1])
c.run()
t0 = time.perf_counter()
figs = c.plot(iplot=False)
fig = figs[0][0]
fig.set_size_inches(16, 9)
fig.savefig(sys.argv[2], dpi=100)
print('seconds=%.3f' % (time.perf_counter() - t0))
'''


def _python(pythonpath: Path, script: str, *args) -> str:
    with tempfile.NamedTemporaryFile('w', suffix='.py', delete=False) as f:
        f.write(script)
        path = f.name
    try:
        env = dict(os.environ, PYTHONPATH=str(pythonpath))
        env.pop('MPLBACKEND', None)
        proc = subprocess.run([sys.executable, path, *args], env=env, capture_output=True,
                              text=True, timeout=3600)
    finally:
        os.unlink(path)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    return proc.stdout.strip().splitlines()[-1]


BLANK_SCRIPT = '''
import sys
import plotly.graph_objects as go
from backtrader.plot import PlotlyPlot
PlotlyPlot().write_html(go.Figure(go.Scatter(x=[0, 1], y=[0, 1])), sys.argv[1])
print('ok')
'''


def html_case(csv: Path, folder: Path, loads: int) -> dict:
    """The chart page and, alternating with it, a page with plotly.js and a
    two-point figure (what loading plotly.js alone costs on this machine now)."""
    page, blank = folder / 'chart.html', folder / 'blank.html'
    line = _python(REPO, HTML_SCRIPT, str(csv), str(page))
    _python(REPO, BLANK_SCRIPT, str(blank))
    figures = dict(kv.split('=') for kv in line.split())
    walls, inpage, blanks, errors = [], [], [], []
    for _ in range(loads):
        res = load_page(page, timeout=600)
        walls.append(res['wall'])
        inpage.append(res['ready'] / 1000.0)
        errors += res['errors']
        blanks.append(load_page(blank, timeout=600)['wall'])
    return dict(build=figures, size_mb=page.stat().st_size / 1e6, walls=walls, inpage=inpage,
                blanks=blanks, errors=errors)


def mpl_case(csv: Path, folder: Path, repeat: int) -> dict:
    ups, ours = [], []
    for k in range(repeat):
        if (ORACLE / 'backtrader').is_dir():
            ups.append(float(_python(ORACLE, MPL_SCRIPT, str(csv),
                                     str(folder / 'up.png')).split('=')[1]))
        ours.append(float(_python(REPO, MPL_SCRIPT, str(csv),
                                  str(folder / 'ours.png')).split('=')[1]))
    return dict(upstream=ups, ours=ours)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--bars', type=int, default=200000)
    ap.add_argument('--loads', type=int, default=5, help='page loads (fresh browser each)')
    ap.add_argument('--mpl-bars', type=int, default=20000)
    ap.add_argument('--repeat', type=int, default=2, help='matplotlib runs per side')
    ap.add_argument('--no-mpl', action='store_true')
    a = ap.parse_args()
    data = Path(tempfile.gettempdir()) / 'bt-bench-data'
    data.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print('load average %.2f %.2f %.2f' % os.getloadavg())
        if chromium_path() is None:
            print('html: chromium not installed, skipped')
        else:
            res = html_case(gen(a.bars, data), folder, a.loads)
            b = res['build']
            print('html %d bars: run %ss, figure %ss, write %ss, %s traces, %.1f MB'
                  % (a.bars, b['run'], b['figure'], b['write'], b['traces'], res['size_mb']))
            print('  load to chart drawn (wall): best %.2f s, median %.2f s  %s'
                  % (min(res['walls']), statistics.median(res['walls']),
                     ' '.join('%.2f' % w for w in res['walls'])))
            print('  measured by the page:       best %.2f s, median %.2f s'
                  % (min(res['inpage']), statistics.median(res['inpage'])))
            print('  plotly.js alone (a 2-point page): best %.2f s, median %.2f s'
                  % (min(res['blanks']), statistics.median(res['blanks'])))
            print('  console errors: %s' % (res['errors'] or 'none'))
        if not a.no_mpl:
            res = mpl_case(gen(a.mpl_bars, data), folder, a.repeat)
            ours = min(res['ours'])
            if res['upstream']:
                up = min(res['upstream'])
                print('matplotlib %d bars (plot + savefig): upstream %.2f s / ours %.2f s = '
                      '%.1fx' % (a.mpl_bars, up, ours, up / ours))
            else:
                print('matplotlib %d bars: ours %.2f s (no upstream)' % (a.mpl_bars, ours))
        print('load average %.2f %.2f %.2f' % os.getloadavg())
    return 0


if __name__ == '__main__':
    sys.exit(main())
