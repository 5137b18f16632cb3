"""The interactive chart: Plotly figure structure, grouping of large runs, and
the HTML page in headless Chromium (no console errors; the traces and panes
the figure has are in the page). Chromium tests skip when it is missing."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import backtrader as bt
from plotsetup import close_figures  # noqa: F401  (also puts the gallery on the path)
import gallery
from chromium import ChromiumError, chromium_path, load_page

plotly = pytest.importorskip('plotly')

from backtrader.plot.plotly_html import PlotlyPlot, bucket_ohlc, minmax_decimate  # noqa: E402

needs_chromium = pytest.mark.skipif(chromium_path() is None, reason='chromium not installed')

PROBE = '''(function () {
  var gd = document.querySelector('.js-plotly-plot');
  var keys = Object.keys(gd._fullLayout);
  return {
    traces: gd.data.length,
    types: gd._fullData.map(function (t) { return t.type; }),
    panes: keys.filter(function (k) {
      return /^yaxis[0-9]*$/.test(k) && !gd._fullLayout[k].overlaying; }).length,
    yaxes: keys.filter(function (k) { return /^yaxis[0-9]*$/.test(k); }).length,
    legends: keys.filter(function (k) { return /^legend[0-9]*$/.test(k); }).length,
    drawn: document.querySelectorAll('.cartesianlayer .trace').length,
    slider: document.querySelectorAll('.rangeslider-container').length
  };
})()'''


def _figure(name, **kwargs):
    cerebro, strat, plotkw = gallery.build(name)
    plotkw = {k: v for k, v in plotkw.items() if k != 'numfigs'}
    plotkw.update(kwargs)
    figs = cerebro.plot(backend='plotly', iplot=False, **plotkw)
    return strat, figs[0][0]


def _names(fig):
    return [t.name for t in fig.data]


def test_figure_panes_traces_and_markers():
    strat, fig = _figure('indicators')
    # Broker, Trades, the drawdown pane added for interactive charts, data, RSI, MACDHisto
    yaxes = [k for k in fig.layout if k.startswith('yaxis')]
    assert len(yaxes) == 6
    types = [t.type for t in fig.data]
    assert types.count('scatter') + types.count('bar') + types.count('candlestick') == len(types)
    names = _names(fig)
    for expected in ('Broker (None) cash', 'value', 'Drawdown % drawdown',
                     'sample-daily (1 Day)', 'BuySell (True, 0.015) buy', 'sell', 'SMA (10)',
                     'BollingerBands (20, 2.0)', 'RSI (14) rsi', 'MACDHisto (12, 26, 9) macd',
                     'signal', 'histo'):
        assert expected in names
    buy = fig.data[names.index('BuySell (True, 0.015) buy')]
    sell = fig.data[names.index('sell')]
    assert len(buy.x) == strat.buys and len(sell.x) == strat.sells
    assert buy.marker.symbol == 'triangle-up' and sell.marker.symbol == 'triangle-down'
    # closed trades as entry -> exit segments (3 points each: entry, exit, gap)
    trades = bt.results.trades(strat, closed_only=True)
    segs = [t for t in fig.data if t.name in ('Trades won', 'Trades lost')]
    assert sum(len(t.x) for t in segs) == 3 * len(trades)
    won = [t for t in segs if t.name == 'Trades won']
    assert (len(won[0].x) // 3 if won else 0) == int((trades.pnlcomm >= 0).sum())
    # the drawdown pane: percent below the highest value so far
    dd = fig.data[names.index('Drawdown % drawdown')]
    eq = bt.results.equity(strat)
    np.testing.assert_allclose(np.asarray(dd.y, dtype=float), eq['drawdown'].to_numpy())


def test_candles_and_volume_on_a_second_axis():
    strat, fig = _figure('candles')
    candles = [t for t in fig.data if t.type == 'candlestick']
    assert len(candles) == 1
    n = len(strat.data)
    np.testing.assert_array_equal(candles[0].close, strat.data.close.array[:n])
    volume = [t for t in fig.data if t.name == 'Volume']
    assert len(volume) == 1 and volume[0].yaxis != candles[0].yaxis
    np.testing.assert_array_equal(volume[0].y, strat.data.volume.array[:n])


def test_grouping_keeps_the_bars_shape():
    strat, fig = _figure('candles', max_bars=50)
    n = len(strat.data)
    k = int(np.ceil(n / 50))
    c = [t for t in fig.data if t.type == 'candlestick'][0]
    assert len(c.x) == int(np.ceil(n / k))
    highs = np.asarray(strat.data.high.array[:n])
    lows = np.asarray(strat.data.low.array[:n])
    assert max(c.high) == highs.max() and min(c.low) == lows.min()
    assert c.open[0] == strat.data.open.array[0] and c.close[-1] == strat.data.close.array[n - 1]
    vol = [t for t in fig.data if t.name == 'Volume'][0]
    assert float(np.sum(vol.y)) == pytest.approx(float(np.sum(strat.data.volume.array[:n])))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=300),
       st.integers(1, 40))
def test_bucket_ohlc_and_minmax_against_a_loop(values, k):
    v = np.asarray(values)
    pos = np.arange(len(v))
    o, h, lo, c = v, v + 1.0, v - 1.0, v[::-1].copy()
    bx, bo, bh, bl, bc = bucket_ohlc(pos, o, h, lo, c, k)
    starts = list(range(0, len(v), k))
    assert list(bx) == starts
    for j, s in enumerate(starts):
        e = min(s + k, len(v))
        assert (bo[j], bh[j], bl[j], bc[j]) == (o[s], h[s:e].max(), lo[s:e].min(), c[e - 1])
    mx, my = minmax_decimate(pos, v, k)
    assert list(mx) == sorted(mx)                  # time order kept
    for s in starts:
        e = min(s + k, len(v))
        inside = my[(mx >= s) & (mx < e)]
        assert inside.max() == v[s:e].max() and inside.min() == v[s:e].min()
        assert len(inside) <= 2


def test_jupyter_displays_the_figures(monkeypatch):
    import backtrader.plot.cerebroplot as cp
    assert cp.in_notebook() is False            # pytest is no Jupyter kernel
    shown = []
    monkeypatch.setattr(cp, 'in_notebook', lambda: True)
    IPython_display = pytest.importorskip('IPython.display')
    monkeypatch.setattr(IPython_display, 'display', lambda obj: shown.append(obj))
    cerebro, strat, _ = gallery.build('line')
    figs = cerebro.plot(backend='plotly')
    assert shown == [figs[0][0]] and hasattr(figs[0][0], '_repr_html_')


@needs_chromium
@pytest.mark.parametrize('name', ['indicators', 'candles', 'plotmaster', 'plotlines'])
def test_html_page_in_headless_chromium(name, tmp_path):
    strat, fig = _figure(name)
    path = tmp_path / 'chart.html'
    PlotlyPlot().write_html(fig, str(path))
    res = load_page(path, probe=PROBE, timeout=120)
    assert res['errors'] == []
    page = res['probe']
    assert page['traces'] == len(fig.data)
    assert page['types'] == [t.type for t in fig.data]
    yaxes = [k for k in fig.layout if k.startswith('yaxis')]
    panes = [k for k in yaxes if not fig.layout[k].overlaying]
    assert page['yaxes'] == len(yaxes) and page['panes'] == len(panes)
    assert page['legends'] == len(panes)      # one legend per pane
    assert page['drawn'] >= len(fig.data) and page['slider'] == 1


@needs_chromium
def test_200k_bars_chart_loads(tmp_path):
    """A 200k-bar run: the page is written and drawn without errors (its load
    time is measured by benchmarks/plot_html.py, not here)."""
    import pandas as pd
    n = 200_000
    rng = np.random.default_rng(5)
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.001, n)))
    opens = close * np.exp(rng.normal(0, 0.0005, n))
    frame = pd.DataFrame(dict(open=opens, high=np.maximum(opens, close) * 1.001,
                              low=np.minimum(opens, close) * 0.999, close=close,
                              volume=rng.integers(100, 1000, n).astype(float),
                              openinterest=0.0),
                         index=pd.date_range('2000-01-03', periods=n, freq='min'))
    cerebro = bt.Cerebro()
    cerebro.adddata(bt.feeds.PandasData(dataname=frame, timeframe=bt.TimeFrame.Minutes,
                                        name='minutes'))
    cerebro.addstrategy(gallery.Crossover, fast=50, slow=200, stake=1)
    cerebro.broker.setcash(1e6)
    cerebro.run()
    path = tmp_path / 'big.html'
    figs = cerebro.plot(backend='plotly', filename=str(path), style='candle', iplot=False)
    fig = figs[0][0]
    candles = [t for t in fig.data if t.type == 'candlestick'][0]
    assert len(candles.x) <= 5000                 # grouped into buckets of 40 bars
    assert max(candles.high) == pytest.approx(frame.high.max())
    res = load_page(path, probe=PROBE, timeout=300)
    assert res['errors'] == [] and res['probe']['traces'] == len(fig.data)
    assert res['ready'] > 0


@needs_chromium
def test_chromium_helper_reports_page_errors(tmp_path):
    page = tmp_path / 'bad.html'
    page.write_text('<html><body><script>console.error("boom"); window.done = 1;'
                    'undefinedFunction();</script></body></html>')
    res = load_page(page, ready='window.done', timeout=60)
    assert any('boom' in e for e in res['errors'])
    assert any('undefinedFunction' in e for e in res['errors'])
    with pytest.raises(ChromiumError):
        load_page(page, ready='window.never', timeout=2)
