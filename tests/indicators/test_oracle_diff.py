"""Differential test against upstream: every line of every indicator at every
bar, ``'%f'``-formatted, in all 12 run modes.

One script (below) is run once by upstream (``run_oracle``) and once by this
project (``run_ours``); its output has one row per (mode, indicator, line) with
the values of all 255 bars of 2006-day-001.txt. Each indicator of the issue-2
list appears with its default parameters and with a non-default set; the basic
operations and a few chains are included too. The comparison is reported per
indicator so that a failure names the indicator, mode, line and first bars
that differ.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from indcheck import DAILY, MODES, SPECS

# The script is self-contained (it does not import indcheck) so that it runs the
# same in both interpreters.
SCRIPT = '''
import datetime, operator
import backtrader as bt

ind = bt.indicators
MODES = %(modes)r
SPECS = %(specs)r


class Recorder(bt.Strategy):
    def __init__(self):
        d = self.data
        sma15 = ind.SMA(d, period=15)
        scope = dict(d=d, sma15=sma15)
        self.items = [(name, eval(expr, globals(), scope)) for name, expr in SPECS]
        self.rec = {name: [[] for _ in obj.lines] for name, obj in self.items}

    def prenext(self):
        for name, obj in self.items:
            for i, line in enumerate(obj.lines):
                self.rec[name][i].append('%%f' %% line[0])

    next = prenext

    def stop(self):
        for name, obj in self.items:
            if len(obj) != len(self):
                self.rec[name].append(['len %%d != %%d' %% (len(obj), len(self))])


for ro, pl, eb in MODES:
    cerebro = bt.Cerebro(runonce=ro, preload=pl, exactbars=eb, stdstats=False)
    cerebro.adddata(bt.feeds.BacktraderCSVData(
        dataname=%(data)r, fromdate=datetime.datetime(2006, 1, 1),
        todate=datetime.datetime(2006, 12, 31)))
    cerebro.addstrategy(Recorder)
    strat = cerebro.run()[0]
    mode = 'runonce=%%d,preload=%%d,exactbars=%%d' %% (ro, pl, eb)
    for name, lines in strat.rec.items():
        for i, vals in enumerate(lines):
            print('%%s|%%s|%%d|%%s' %% (mode, name, i, ','.join(vals)))
''' % dict(modes=MODES, specs=SPECS, data=str(DAILY))

_OUTPUTS: dict = {}


def _parse(text: str) -> dict:
    res: dict = {}
    for row in text.splitlines():
        mode, name, line, vals = row.split('|')
        res.setdefault(name, {}).setdefault(mode, []).append(vals.split(','))
    return res


def _outputs(run_oracle, run_ours):
    # one script run per side for the whole module, both sides at once (a
    # failure is kept too)
    if not _OUTPUTS:
        try:
            with ThreadPoolExecutor(max_workers=2) as pool:
                oracle = pool.submit(run_oracle, SCRIPT)
                ours = pool.submit(run_ours, SCRIPT)
                _OUTPUTS['result'] = (_parse(oracle.result()), _parse(ours.result()))
        except Exception as exc:          # noqa: BLE001 (re-raised below)
            _OUTPUTS['error'] = exc
    if 'error' in _OUTPUTS:
        raise _OUTPUTS['error']
    return _OUTPUTS['result']


@pytest.mark.oracle
@pytest.mark.parametrize('name', [name for name, _ in SPECS])
def test_matches_upstream_every_bar(name, run_oracle, run_ours):
    oracle, ours = _outputs(run_oracle, run_ours)
    assert sorted(ours[name]) == sorted(oracle[name])       # the same 12 modes ran
    problems = []
    for mode, olines in oracle[name].items():
        ulines = ours[name][mode]
        if len(ulines) != len(olines):
            problems.append('%s: %d lines, upstream %d' % (mode, len(ulines), len(olines)))
            continue
        for i, (ovals, uvals) in enumerate(zip(olines, ulines)):
            if ovals != uvals:
                bars = [k for k in range(max(len(ovals), len(uvals)))
                        if k >= len(ovals) or k >= len(uvals) or ovals[k] != uvals[k]]
                first = bars[0]
                problems.append('%s line %d: %d bars differ, first bar %d: ours %s upstream %s' % (
                    mode, i, len(bars), first, uvals[first] if first < len(uvals) else None,
                    ovals[first] if first < len(ovals) else None))
    assert not problems, '\n'.join(problems)


@pytest.mark.oracle
def test_every_value_compared(run_oracle, run_ours):
    oracle, ours = _outputs(run_oracle, run_ours)
    assert set(oracle) == set(ours) == {name for name, _ in SPECS}
    nvalues = sum(len(vals) for modes in ours.values() for lines in modes.values()
                  for vals in lines)
    # 79 indicators, 12 modes, their lines, 255 bars each
    nlines = sum(len(lines) for lines in ours['MACDHisto'].values()) // 12
    assert nlines == 3
    assert nvalues == 12 * 255 * sum(len(ours[name]['runonce=1,preload=1,exactbars=0'])
                                     for name in ours)
    assert nvalues > 300_000
