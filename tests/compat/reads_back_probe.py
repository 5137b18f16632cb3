"""Reads back through every indicator of the catalogue on its first bars, for
``test_reads_back_oracle.py`` (run under upstream and under this project).

usage: python reads_back_probe.py DATAFILE MODES.json TRACES.json
(``fuzzkit.replay_both``'s protocol: MODES.json lists ``{id, exactbars,
runonce, preload}``; TRACES.json gets ``{id: reads}``.)

Each indicator class (default parameters, on one daily data) is read as a
strategy reads it: ``ind[-k]`` for k = 0..79 on the strategy's first two bars,
stopping at the first IndexError (written 'IE'), values rounded to 6 digits.
The reads of a mode: ``{class name: [[values of bar 1], [values of bar 2]]}``,
or ``'EXC <type>'`` where the run itself failed."""
from __future__ import annotations

import json
import sys

import backtrader as bt


def catalogue() -> list:
    """Every indicator class exported by ``bt.indicators``, once (first name)."""
    seen, names = set(), []
    for name in sorted(dir(bt.indicators)):
        cls = getattr(bt.indicators, name)
        if name.startswith('_') or not isinstance(cls, type) or \
                not issubclass(cls, bt.Indicator) or cls is bt.Indicator or cls in seen:
            continue
        seen.add(cls)
        names.append(name)
    return names


def reads(cls, datafile: str, exactbars: int, runonce: bool, preload: bool):
    class Reader(bt.Strategy):
        def __init__(self):
            self.ind = cls()
            self.rows = []

        def next(self):
            if len(self.rows) < 2:
                row = []
                for k in range(80):
                    try:
                        v = self.ind[-k]
                    except IndexError:
                        row.append('IE')
                        break
                    row.append('nan' if v != v else round(v, 6))
                self.rows.append(row)

    cerebro = bt.Cerebro(exactbars=exactbars, runonce=runonce, preload=preload,
                         stdstats=False)
    cerebro.adddata(bt.feeds.BacktraderCSVData(dataname=datafile))
    cerebro.addstrategy(Reader)
    return cerebro.run()[0].rows


def catalogue_reads(datafile: str, mode: dict) -> dict:
    out = {}
    for name in catalogue():
        try:
            out[name] = reads(getattr(bt.indicators, name), datafile, mode['exactbars'],
                              mode['runonce'], mode['preload'])
        except Exception as exc:        # (indicators needing arguments)
            out[name] = 'EXC %s' % type(exc).__name__
    return out


def main() -> int:
    datafile, modes, dest = sys.argv[1:4]
    traces = {str(m['id']): catalogue_reads(datafile, m)
              for m in json.loads(open(modes).read())}
    with open(dest, 'w') as f:
        json.dump(traces, f)
    return 0


if __name__ == '__main__':
    sys.exit(main())
