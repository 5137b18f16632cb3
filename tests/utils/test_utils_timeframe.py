"""TimeFrame constants and names.

Expected values: upstream run as a black box,
    PYTHONPATH=.oracle python3 -c 'import backtrader as bt; ...'
printing vars(bt.TimeFrame) and bt.TimeFrame.getname(tf, c) for tf in 0..9, c in 0,1,2.
"""
import pytest

from backtrader.utils.timeframe import TimeFrame

NAMES = ['', 'Ticks', 'MicroSeconds', 'Seconds', 'Minutes', 'Days', 'Weeks',
         'Months', 'Years', 'NoTimeFrame']
SINGULAR = ['', 'Tick', 'MicroSecond', 'Second', 'Minute', 'Day', 'Week', 'Month',
            'Year', 'NoTimeFrame']


def test_constants():
    assert (TimeFrame.Ticks, TimeFrame.MicroSeconds, TimeFrame.Seconds, TimeFrame.Minutes,
            TimeFrame.Days, TimeFrame.Weeks, TimeFrame.Months, TimeFrame.Years,
            TimeFrame.NoTimeFrame) == (1, 2, 3, 4, 5, 6, 7, 8, 9)
    assert TimeFrame.Names == NAMES and TimeFrame.names is TimeFrame.Names


@pytest.mark.parametrize('tf', range(10))
def test_getname(tf):
    # oracle: getname(tf, 1) / getname(tf, 0) singular, getname(tf, 2) plural
    assert TimeFrame.getname(tf, 1) == SINGULAR[tf]
    assert TimeFrame.getname(tf, 0) == SINGULAR[tf]
    assert TimeFrame.getname(tf, 2) == NAMES[tf]
    assert TimeFrame.getname(tf, 1.5) == NAMES[tf]
    # upstream raised TypeError without compression; here None counts as 1
    assert TimeFrame.getname(tf) == SINGULAR[tf]
    assert TimeFrame.TName(tf) == NAMES[tf]


@pytest.mark.parametrize('tf', range(1, 10))
def test_tframe_round_trip(tf):
    assert TimeFrame.TFrame(NAMES[tf]) == tf
    assert TimeFrame.TFrame(TimeFrame.TName(tf)) == tf


@pytest.mark.parametrize('name', ['', 'Day', 'days', 'Foo', None])
def test_tframe_unknown_name(name):
    with pytest.raises(AttributeError, match='unknown timeframe name'):
        TimeFrame.TFrame(name)


def test_bad_timeframe_values():
    with pytest.raises(IndexError, match='unknown timeframe 10'):
        TimeFrame.getname(10, 1)
    with pytest.raises(IndexError):
        TimeFrame.TName(-1)
    with pytest.raises(TypeError, match='int constant'):
        TimeFrame.getname('Days', 1)


def test_is_a_plain_class():
    assert type(TimeFrame) is type
    assert isinstance(TimeFrame(), TimeFrame)
