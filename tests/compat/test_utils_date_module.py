"""``backtrader.utils.date`` is a module, as upstream's (legacy scripts write
``from backtrader.utils import date`` or ``import backtrader.utils.date``); it
was ``datetime.date``. Values printed by upstream 1.9.78.123 (black box)."""
from __future__ import annotations

import datetime
import importlib

import pytest

import backtrader as bt


def test_the_module_and_its_names():
    mod = importlib.import_module('backtrader.utils.date')
    from backtrader.utils import date
    assert date is mod and bt.utils.date is mod
    assert mod.__all__ == ('num2date', 'num2dt', 'date2num', 'time2num', 'num2time', 'UTC',
                           'TZLocal', 'Localizer', 'tzparse', 'TIME_MAX', 'TIME_MIN')
    assert bt.date is datetime.date             # the top-level name stays the class


@pytest.mark.parametrize('num,dt', [
    (732312.5, '2006-01-01 12:00:00'), (732312.999999988, '2006-01-01 23:59:59.998963'),
    (1.5, '0001-01-01 12:00:00'), (700000.123456789, '1917-07-15 02:57:46.666565')])
def test_helpers_give_upstreams_values(num, dt):
    from backtrader.utils import date
    assert str(date.num2date(num)) == dt
    assert str(date.num2dt(num)) == dt[:10]
    assert str(date.num2time(num)) == dt[11:]
    assert date.date2num(datetime.datetime(2006, 1, 2, 23, 59, 59, 999989)) == 732313.9999999999
    assert date.time2num(datetime.time(12, 30)) == 0.5208333333333334


def test_a_closed_autoordereddict_raises_a_bare_keyerror():
    a = bt.utils.AutoOrderedDict()
    a._close()
    with pytest.raises(KeyError) as info:
        a.missing
    assert info.value.args == ()                # upstream's KeyError()
