"""Structure of the matplotlib charts of the gallery cases: panes, legend texts
(upstream's formats, with the values of the objects at the last bar), lines,
markers for every buy and sell, volume, twin axes, ranges and figure splits."""
from __future__ import annotations

import numpy as np
import pytest

import backtrader as bt
from plotsetup import close_figures  # noqa: F401  (also puts the gallery on the path)
import gallery
from figinfo import kinds, legend_texts, legends, line_by_label, marker_count, pane_axes, twins


def _plot(name):
    cerebro, strat, plotkw = gallery.build(name)
    figs = cerebro.plot(iplot=False, **plotkw)
    return cerebro, strat, figs


def _v(value) -> str:
    """A legend value as upstream writes it ('' when the last value is NaN)."""
    return '' if value != value else ' %.2f' % value


def _find(objs, cls, **attrs):
    for o in objs:
        if type(o).__name__ == cls and all(getattr(o.p, k) == v for k, v in attrs.items()):
            return o
    raise AssertionError('no %s %s' % (cls, attrs))


def _standard_observer_legends(strat):
    broker = strat.stats.broker
    trades = strat.stats.trades
    return [
        ['Broker (None)\ncash%s' % _v(broker.cash[0]), 'value%s' % _v(broker.value[0])],
        ['Trades - Net Profit/Loss (True)\nPositive%s' % _v(trades.pnlplus[0]),
         'Negative%s' % _v(trades.pnlminus[0])],
    ]


def _data_legend(strat, data, name, smas=(), extra=()):
    buysell = [o for o in strat.getobservers() if type(o).__name__ == 'BuySell'
               and o.data is data][0]
    out = ['%s (1 Day) C:%.2f' % (name, data.close[0]),
           'BuySell (True, 0.015)\nbuy%s' % _v(buysell.buy[0]), 'sell%s' % _v(buysell.sell[0])]
    out += ['SMA (%d)%s' % (s.p.period, _v(s[0])) for s in smas]
    return out + list(extra)


def test_cerebro_plot_returns_a_list_of_figure_lists():
    import matplotlib.figure
    cerebro, strat, figs = _plot('candles')
    assert isinstance(figs, list) and len(figs) == 1
    assert isinstance(figs[0], list) and len(figs[0]) == 1
    assert isinstance(figs[0][0], matplotlib.figure.Figure)


def test_indicators_case():
    _, strat, figs = _plot('indicators')
    fig = figs[0][0]
    assert kinds(fig) == ['observer', 'observer', 'data', 'indicator', 'indicator']
    inds = strat.getindicators()
    sma = _find(inds, 'SMA', period=10)
    bb = _find(inds, 'BollingerBands')
    rsi = _find(inds, 'RSI')
    macd = _find(inds, 'MACDHisto')
    data_ax = pane_axes(fig)[2]
    assert legends(fig)[:2] == _standard_observer_legends(strat)
    assert legend_texts(data_ax) == _data_legend(
        strat, strat.data, 'sample-daily', [sma],
        ['BollingerBands (20, 2.0)%s' % _v(bb.mid[0])])
    # the bands' top and bottom lines are drawn in the mid line's colour, outside the legend
    mid = line_by_label(data_ax, 'BollingerBands')
    others = [l for l in data_ax.lines if l.get_label().startswith('_') and
              l.get_color() == mid.get_color() and len(l.get_xdata()) == len(strat)]
    assert len(others) == 2
    # one marker per bar with a buy / a sell
    assert marker_count(data_ax, 'BuySell') == strat.buys > 0
    assert marker_count(data_ax, 'sell') == strat.sells > 0
    rsi_ax, macd_ax = pane_axes(fig)[3:]
    assert legend_texts(rsi_ax) == ['RSI (14)\nrsi%s' % _v(rsi[0])]
    assert list(rsi_ax.get_yticks()) == [70.0, 30.0]
    assert legend_texts(macd_ax) == ['MACDHisto (12, 26, 9)\nmacd%s' % _v(macd.macd[0]),
                                     'signal%s' % _v(macd.signal[0]),
                                     'histo%s' % _v(macd.histo[0])]
    histo = np.asarray(macd.histo.array[:len(strat)])
    assert len(macd_ax.patches) == len(histo)
    # value tags: one per line with a last value, on the right edge
    assert sorted(t.get_text() for t in rsi_ax.texts) == ['%.2f' % rsi[0]]


def test_candles_with_volume_overlay():
    _, strat, figs = _plot('candles')
    fig = figs[0][0]
    data_ax = pane_axes(fig)[2]
    n = len(strat.data)
    bodies = [c for c in data_ax.collections if c.get_label().startswith('sample-daily')]
    assert len(bodies) == 1 and len(bodies[0].get_paths()) == n
    assert bodies[0].get_label() == 'sample-daily (1 Day) O:%.2f H:%.2f L:%.2f C:%.2f' % (
        strat.data.open[0], strat.data.high[0], strat.data.low[0], strat.data.close[0])
    vol = twins(fig, 'bt-volume')
    assert len(vol) == 1 and len(vol[0].collections[0].get_paths()) == n
    assert 'Volume' in legend_texts(data_ax)
    # the volume takes the bottom third of the pane (volscaling 0.33)
    vmax = float(np.max(strat.data.volume.array[:n]))
    assert vol[0].get_ylim()[1] == pytest.approx(vmax / 0.33)


def test_ohlc_bars_and_volume_pane():
    _, strat, figs = _plot('bars')
    fig = figs[0][0]
    assert kinds(fig) == ['observer', 'observer', 'data', 'volume']
    data_ax, vol_ax = pane_axes(fig)[2:]
    n = len(strat.data)
    bars = [c for c in data_ax.collections if c.get_label().startswith('sample-daily')]
    assert len(bars) == 1 and len(bars[0].get_segments()) == 3 * n   # range, open, close
    assert legend_texts(vol_ax) == ['Volume (sample-daily)']
    assert not twins(fig, 'bt-volume')


def test_line_without_volume_and_own_colours():
    _, strat, figs = _plot('line')
    fig = figs[0][0]
    data_ax = pane_axes(fig)[2]
    close = line_by_label(data_ax, 'sample-daily')
    assert close.get_color() == 'darkblue'
    np.testing.assert_array_equal(close.get_ydata(), strat.data.close.array[:len(strat.data)])
    assert not twins(fig, 'bt-volume') and not data_ax.xaxis.get_gridlines()[0].get_visible()


def test_two_datas_each_with_indicators():
    _, strat, figs = _plot('multidata')
    fig = figs[0][0]
    assert kinds(fig) == ['observer', 'observer', 'data', 'data', 'indicator']
    d0, d1 = strat.datas
    smas = [i for i in strat.getindicators() if type(i).__name__ == 'SMA' and i.plotinfo.plot]
    dt = strat.stats.datatrades
    assert legends(fig)[1] == ['DataTrades (True)\nsample-daily%s' % _v(dt.lines[0][0]),
                               'second%s' % _v(dt.lines[1][0])]
    ax0, ax1, rsi_ax = pane_axes(fig)[2:]
    assert legend_texts(ax0) == _data_legend(strat, d0, 'sample-daily', [smas[0]])
    assert legend_texts(ax1) == _data_legend(strat, d1, 'second', [smas[1]])
    assert legend_texts(rsi_ax)[0].startswith('RSI (14)\nrsi')
    # each data's buys and sells are marked on its own pane
    for ax, data in ((ax0, d0), (ax1, d1)):
        bs = [o for o in strat.getobservers() if type(o).__name__ == 'BuySell' and
              o.data is data][0]
        buys = np.asarray(bs.buy.array[:len(bs)])
        assert marker_count(ax, 'BuySell') == np.count_nonzero(~np.isnan(buys)) > 0


def test_plotmaster_draws_the_second_data_on_a_second_axis():
    _, strat, figs = _plot('plotmaster')
    fig = figs[0][0]
    assert kinds(fig) == ['observer', 'observer', 'data']
    second = twins(fig, 'bt-secondary')
    assert len(second) == 1
    close1 = line_by_label(second[0], 'second (1 Day)')
    np.testing.assert_array_equal(close1.get_ydata(), strat.data1.close.array[:len(strat.data1)])
    legend = legend_texts(pane_axes(fig)[2])
    assert legend[0].startswith('sample-daily') and any(t.startswith('second') for t in legend)


def test_sameaxis_draws_both_datas_on_one_axis():
    _, strat, figs = _plot('sameaxis')
    fig = figs[0][0]
    assert kinds(fig) == ['observer', 'observer', 'data'] and not twins(fig, 'bt-secondary')
    ax = pane_axes(fig)[2]
    line_by_label(ax, 'sample-daily (1 Day)')
    line_by_label(ax, 'second (1 Day)')


def test_plotinfo_variations():
    _, strat, figs = _plot('plotinfo')
    fig = figs[0][0]
    # RSI above the data; WMA (plot=False) nowhere
    assert kinds(fig) == ['observer', 'observer', 'indicator', 'data', 'indicator', 'indicator',
                          'indicator']
    inds = strat.getindicators()
    ema = _find(inds, 'EMA')
    stoch = _find(inds, 'Stochastic')
    cci = _find(inds, 'CCI')
    rsi_ax, data_ax, ema_ax, stoch_ax, cci_ax = pane_axes(fig)[2:]
    assert legend_texts(rsi_ax)[0].startswith('RSI (14)\nrsi')
    assert legend_texts(ema_ax) == ['EMA in a pane (20)\nema%s' % _v(ema[0])]
    assert legend_texts(stoch_ax) == ['Stochastic (14, 3, 3)\n%%K%s' % _v(stoch.percK[0]),
                                      '%%D%s' % _v(stoch.percD[0])]
    assert list(cci_ax.get_yticks()) == [-100, 100]
    hlines = [l for l in cci_ax.lines if l.get_label().startswith('_') and
              len(l.get_ydata()) == 2 and l.get_ydata()[0] == l.get_ydata()[1]]
    assert [l.get_ydata()[0] for l in hlines] == [0.0]
    assert not any('WMA' in t for texts in legends(fig) for t in texts)


def test_plotlines_options():
    _, strat, figs = _plot('plotlines')
    fig = figs[0][0]
    spread = _find(strat.getindicators(), 'Spread')
    ax = pane_axes(fig)[3]
    assert legend_texts(ax) == ['Spread (20)\npx%s' % _v(spread.l.close[0]),
                                'sma%s' % _v(spread.l.sma[0]),
                                'signal%s' % _v(spread.l.signal[0])]
    px, sma = line_by_label(ax, 'Spread'), line_by_label(ax, 'sma')
    assert sma.get_color() == px.get_color() and sma.get_linestyle() == '--'   # _samecolor
    signal = line_by_label(ax, 'signal')
    sig = np.asarray(spread.l.signal.array[:len(strat)])
    # _skipnan: only the bars with a value are drawn, as purple markers
    assert len(signal.get_ydata()) == np.count_nonzero(~np.isnan(sig)) > 0
    assert signal.get_marker() == 'o' and signal.get_color() == 'purple'
    # _fill_gt / _fill_lt: two filled areas; the skipped 'diff' line draws nothing
    assert len([c for c in ax.collections if type(c).__name__ in
                ('FillBetweenPolyCollection', 'PolyCollection')]) == 2
    assert not ax.patches


def test_indicators_on_indicators_and_plotmaster():
    _, strat, figs = _plot('onindicator')
    fig = figs[0][0]
    assert kinds(fig) == ['observer', 'observer', 'data', 'indicator', 'indicator', 'indicator']
    rsi_ax, mom_ax, stoch_ax = pane_axes(fig)[3:]
    inds = strat.getindicators()
    rsi = _find(inds, 'RSI', period=14)
    sma = [i for i in inds if type(i).__name__ == 'SMA' and i.p.period == 10 and
           i.plotinfo.plot and i.datas[0] is rsi][0]
    assert legend_texts(rsi_ax) == ['RSI (14)\nrsi%s' % _v(rsi[0]), 'SMA (10)%s' % _v(sma[0])]
    assert legend_texts(mom_ax)[0].startswith('Momentum (5)\nmomentum')
    rsi7 = _find(inds, 'RSI', period=7)
    assert legend_texts(stoch_ax)[-1] == 'RSI (7)%s' % _v(rsi7[0])


def test_observers_on_top():
    _, strat, figs = _plot('observers')
    fig = figs[0][0]
    assert kinds(fig) == ['observer'] * 5 + ['data']
    texts = legends(fig)
    dd = strat.stats.drawdown
    assert texts[2] == ['DrawDown (None)\ndrawdown%s' % _v(dd.drawdown[0])]
    assert texts[3] == ['Value (None)\nvalue%s' % _v(strat.stats.value.value[0])]
    assert texts[4][0].startswith('TimeReturn (Month, 1)\n')


def test_start_end_dates_select_the_bars():
    _, strat, figs = _plot('startend')
    fig = figs[0][0]
    data_ax = pane_axes(fig)[2]
    n = len(strat.data)
    dates = [bt.num2date(x).date() for x in strat.data.datetime.array[:n]]
    import datetime
    inside = [i for i, d in enumerate(dates) if datetime.date(2012, 4, 1) <= d <
              datetime.date(2012, 6, 30)]
    bodies = [c for c in data_ax.collections if c.get_label().startswith('sample-daily')][0]
    assert len(bodies.get_paths()) == len(inside)
    last = inside[-1]
    assert bodies.get_label().endswith('C:%.2f' % strat.data.close.array[last])


def test_numfigs_splits_the_bars():
    _, strat, figs = _plot('numfigs')
    assert len(figs[0]) == 2
    counts = [len(line_by_label(pane_axes(f)[2], 'sample-daily').get_xdata()) for f in figs[0]]
    assert sum(counts) == len(strat) and abs(counts[0] - counts[1]) <= 1
    first, second = (line_by_label(pane_axes(f)[2], 'sample-daily').get_ydata() for f in figs[0])
    np.testing.assert_array_equal(np.r_[first, second], strat.data.close.array[:len(strat)])


def test_scheme_keywords_reach_the_plotter():
    cerebro, strat, _ = gallery.build('candles')
    figs = cerebro.plot(iplot=False, style='candle', barup='green', bardown='black',
                        volume=False)
    ax = pane_axes(figs[0][0])[2]
    bodies = [c for c in ax.collections if c.get_label().startswith('sample-daily')][0]
    import matplotlib.colors as mcolors
    faces = {mcolors.to_hex(c) for c in bodies.get_facecolors()}
    assert faces == {mcolors.to_hex('green'), mcolors.to_hex('black')}


def test_exactbars_1_plots_nothing():
    cerebro = bt.Cerebro(exactbars=1)
    cerebro.adddata(gallery.sample_data())
    cerebro.addstrategy(gallery.Crossover)
    cerebro.run()
    assert cerebro.plot(iplot=False) is None


def test_savefig_writes_the_size_and_dpi_asked(tmp_path):
    cerebro, strat, figs = _plot('line')
    from backtrader.plot import Plot
    out = tmp_path / 'x.png'
    Plot().savefig(figs[0][0], str(out), width=5, height=4, dpi=50, tight=False)
    import matplotlib.image as mimage
    h, w = mimage.imread(str(out)).shape[:2]
    assert (w, h) == (250, 200)


def test_filename_saves_every_figure(tmp_path):
    cerebro, strat, plotkw = gallery.build('numfigs')
    out = tmp_path / 'chart.png'
    figs = cerebro.plot(iplot=False, filename=str(out), dpi=30, width=6, height=4, **plotkw)
    assert len(figs[0]) == 2
    assert (tmp_path / 'chart_1.png').stat().st_size > 1000
    assert (tmp_path / 'chart_2.png').stat().st_size > 1000


def test_unknown_backend_is_a_clear_error():
    cerebro, strat, _ = gallery.build('line')
    with pytest.raises(bt.errors.ParameterError, match='backend'):
        cerebro.plot(backend='bokeh')


def test_upstream_names():
    import backtrader.plot as btplot
    assert btplot.Plot is btplot.Plot_OldSync is btplot.plot.Plot_OldSync
    assert btplot.PlotScheme is btplot.scheme.PlotScheme
    scheme = btplot.PlotScheme()
    # upstream's defaults (facts: vars(bt.plot.PlotScheme()) of 1.9.78.123)
    assert (scheme.style, scheme.barup, scheme.bardown, scheme.volscaling, scheme.rowsmajor,
            scheme.fmt_x_ticks) == ('line', '0.75', 'red', 0.33, 5, '%Y-%m-%d %H:%M')
    assert [scheme.color(i) for i in range(4)] == ['crimson', 'blue', 'green', 'darkorange']
    for mod in ('finance', 'formatters', 'locator', 'multicursor', 'utils'):
        assert getattr(btplot, mod) is not None
    assert callable(btplot.finance.plot_candlestick) and btplot.formatters.MyVolFormatter
    assert btplot.plot.plot_candlestick is btplot.finance.plot_candlestick
    assert btplot.plot.MultiCursor is btplot.multicursor.MultiCursor
    plotter = btplot.Plot(style='candle')
    assert plotter.p.scheme.style == 'candle' and btplot.Plot().p.scheme.style == 'line'

