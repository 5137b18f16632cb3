"""Oracle-differential tests of ``chaindata``/``Chainer`` and
``rolloverdata``/``RollOver``.

The script writes four overlapping "contract" files whose prices encode the
contract and the day, chains and rolls them with many ``checkdate`` /
``checkcondition`` set-ups (every call of the callbacks is printed with what
they see), and prints every delivered bar. Upstream and this project must
print the same lines.
"""
from __future__ import annotations

import pytest

import backtrader as bt
from backtrader.core.errors import FeedSetupError
from feedscript import DATAS, FIXEDTZ

SCRIPT = r'''
import datetime as dt, sys
import backtrader as bt
D = %(datas)r + '/'
B = bt.feeds.BacktraderCSVData


def write(name, k, start, end, skip=()):
    with open(name, 'w') as f:
        f.write('Date,Open,High,Low,Close,Volume,OpenInterest\n')
        d, i = start, 0
        while d <= end:
            if d.weekday() < 5 and d not in skip:
                c = 1000 * k + i
                f.write('%%s,%%d,%%d,%%d,%%d,%%d,%%d\n' %% (d.isoformat(), c, c + 1, c - 1, c, 100 * k + i, 10 * k + i %% 7))
            d += dt.timedelta(days=1)
            i += 1


write('f1.csv', 1, dt.date(2006, 1, 2), dt.date(2006, 3, 31))
write('f2.csv', 2, dt.date(2006, 2, 1), dt.date(2006, 6, 30), skip=(dt.date(2006, 3, 15),))
write('f3.csv', 3, dt.date(2006, 1, 16), dt.date(2006, 8, 31))
write('f4.csv', 4, dt.date(2006, 9, 1), dt.date(2006, 9, 29))


def F(n, **kw):
    return B(dataname='f%%d.csv' %% n, name='f%%d' %% n, **kw)


class P(bt.Strategy):
    def next(self):
        d = self.data
        print(len(self), len(d), d.datetime.datetime(0), d.close[0], d.volume[0], d.openinterest[0])


def run(title, mk, **ckw):
    for preload in (True, False):
        print('==', title, preload)
        try:
            c = bt.Cerebro(stdstats=False, preload=preload, **ckw)
            mk(c)
            c.addstrategy(P)
            c.run()
            dd = c.datas[0]
            print('data', repr(dd._name), repr(dd._dataname) if isinstance(dd._dataname, str) else '',
                  dd._timeframe, dd._compression, dd.islive(), type(dd).__name__)
        except Exception as e:
            print('ERR', type(e).__name__)


def cd20(dtime, d):
    return dtime.day >= 20


def cd10(dtime, d):
    r = dtime.day >= 10
    print('  cd', repr(dtime), d._name, len(d), d.datetime.datetime(0), d.close[0], r)
    return r


def cc_vol(d0, d1):
    return d1.volume[0] > d0.volume[0] + 50


def cc_date(d0, d1):
    r = d0.datetime.date(0) >= dt.date(2006, 2, 15) and d1.close[0] %% 3 != 0
    print('  cc', d0._name, len(d0), d0.datetime.datetime(0), d0.close[0], d1._name, len(d1),
          d1.datetime.datetime(0), d1.close[0], r)
    return r


def cd_aug(dtime, d):
    r = dtime.month == 8 and dtime.day > 28
    print('  cd', dtime, d._name, len(d), d.close[0], r)
    return r


run('chain', lambda c: c.chaindata(F(1), F(2), F(3), F(4)))
run('chain named reversed', lambda c: c.chaindata(F(2), F(1), name='xx'))
run('chainer direct', lambda c: c.adddata(bt.feeds.Chainer(F(1, todate=dt.date(2006, 1, 20)),
                                                           F(3, fromdate=dt.date(2006, 1, 18), todate=dt.date(2006, 2, 3)))))
run('chain weeks', lambda c: c.chaindata(F(1, timeframe=bt.TimeFrame.Weeks, compression=2), F(2)))
run('roll default', lambda c: c.rolloverdata(F(1), F(2), F(3), F(4)))
run('roll checkdate', lambda c: c.rolloverdata(F(1), F(2), F(3), F(4), checkdate=cd20))
run('roll checkdate volume', lambda c: c.rolloverdata(F(1), F(2), F(3), F(4), checkdate=cd20, checkcondition=cc_vol))
run('roll condition only', lambda c: c.rolloverdata(F(1), F(2), F(3), checkcondition=cc_vol))
run('roll named', lambda c: c.rolloverdata(F(1), F(2), name='roll'))
run('roll refusing condition', lambda c: c.rolloverdata(F(1), F(2), F(3), F(4), checkdate=cd10, checkcondition=cc_date))
run('roll after run out', lambda c: c.rolloverdata(F(1, todate=dt.date(2006, 3, 1)), F(2, todate=dt.date(2006, 3, 20)),
                                                   F(3), F(4), checkdate=cd_aug, checkcondition=cc_date))
run('empty chainer', lambda c: c.adddata(bt.feeds.Chainer()))
run('empty rollover', lambda c: c.adddata(bt.feeds.RollOver()))
run('chain with sma strategy data', lambda c: c.chaindata(B(dataname=D + '2006-day-001.txt', todate=dt.date(2006, 6, 30)),
                                                          B(dataname=D + '2006-day-002.txt', fromdate=dt.date(2006, 6, 1))))
for meth in ('chaindata', 'rolloverdata'):
    for tzkw in (dict(tz=FixedTZ(-5)), dict(tzinput=FixedTZ(2))):
        run('%%s %%s' %% (meth, sorted(tzkw)), lambda c: getattr(c, meth)(
            B(dataname=D + '2006-min-005.txt', timeframe=bt.TimeFrame.Minutes, compression=5, todate=dt.date(2006, 1, 3), **tzkw),
            B(dataname=D + '2006-min-005.txt', timeframe=bt.TimeFrame.Minutes, compression=5, fromdate=dt.date(2006, 1, 3),
              todate=dt.date(2006, 1, 5))))
'''


@pytest.mark.oracle
def test_chain_and_rollover_bars_match_upstream(run_oracle, run_ours):
    text = FIXEDTZ + SCRIPT % {'datas': str(DATAS)}
    oracle = run_oracle(text)
    assert 'ERR' not in oracle
    assert oracle.count('  cc') > 20 and oracle.count('\n') > 3000
    assert run_ours(text).splitlines() == oracle.splitlines()


@pytest.mark.parametrize('method', ['chaindata', 'rolloverdata'])
def test_no_datas_is_a_typed_error(method):
    # upstream fails with a bare IndexError; the typed error is one too
    cer = bt.Cerebro()
    with pytest.raises(FeedSetupError, match=r'%s\(\) needs at least one data feed' % method) as exc:
        getattr(cer, method)(name='x')
    assert isinstance(exc.value, IndexError)
    assert cer.datas == []
