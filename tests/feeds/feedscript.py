"""Script text shared by the oracle-differential feed tests.

``script(cases)`` builds a program that, for every case, constructs the
datas (fresh objects per run), runs a Cerebro in preload+runonce, preload+next
and no-preload mode and prints, for every strategy bar, ``len(strategy)`` and
per data ``len(data)``, ``datetime.datetime(0)``, the raw datetime float and
the repr of every other line. The same text is run by upstream and by this
project; the outputs must be identical.
"""
from __future__ import annotations

from pathlib import Path

DATAS = Path(__file__).resolve().parents[2].parent / 'shared' / 'datas'

PRELUDE = r'''
import datetime, io, os, sys
import backtrader as bt
import backtrader.feeds as btfeeds
D = %(datas)r + '/'
datetime_ = datetime


class Printer(bt.Strategy):
    def next(self):
        out = [str(len(self))]
        for d in self.datas:
            out.append('|%%d %%s %%r' %% (len(d), d.datetime.datetime(0), d.datetime[0]))
            for name in d.lines.getlinealiases():
                if name != 'datetime':
                    out.append(repr(getattr(d.lines, name)[0]))
        print(' '.join(out))


MODES = ((True, True), (True, False), (False, False))


def run_case(title, make, modes=MODES):
    for preload, runonce in modes:
        print('== %%s preload=%%s runonce=%%s' %% (title, preload, runonce))
        try:
            datas = make()
            cerebro = bt.Cerebro(preload=preload, runonce=runonce, stdstats=False)
            for d in datas:
                cerebro.adddata(d)
            cerebro.addstrategy(Printer)
            cerebro.run()
            for d in datas:
                print('data %%r len=%%d tf=%%d comp=%%d' %% (d._name, len(d), d._timeframe,
                                                      d._compression))
        except Exception as exc:  # the type name differs on purpose (typed errors)
            print('ERROR')
'''


FIXEDTZ = r'''
import datetime


class FixedTZ(datetime.tzinfo):
    """Fixed-offset zone (the same on both sides, pytz or not)."""
    def __init__(self, hours):
        self.hours = hours
    def utcoffset(self, dt):
        return datetime.timedelta(hours=self.hours)
    def dst(self, dt):
        return datetime.timedelta(0)
    def tzname(self, dt):
        return 'FIXED%+d' % self.hours
'''
"""Source of ``FixedTZ``, a fixed-offset time zone for scripts run by both sides."""


def script(body: str) -> str:
    """Prelude + ``body`` (which calls ``run_case``)."""
    return PRELUDE % {'datas': str(DATAS)} + FIXEDTZ + '\n' + body
