"""Data feed bases.

A feed is a ``DataSeries`` on its own clock. Feeds that can produce their
whole series at once implement ``_load_arrays()`` (see ``arrayload``:
preloading fills the line arrays in one go, with the exact semantics of the
bar-by-bar ``load``). The bar-by-bar path (``load()`` -> ``_load()``) serves non-preloaded runs,
feeds with filters and user feeds that only implement ``_load``.
"""
from __future__ import annotations

import datetime as _dt
from collections import deque
from typing import Optional

from ..core.errors import DateRangeError
from ..core.params import leftover_kwargs
from ..lines.buffer import Clock
from ..unavailable import not_available
from ..utils.dateintern import date2num, num2date, tzparse, TIME_MAX, TIME_MIN
from ..tradingcal import as_calendar
from ..utils.timeframe import TimeFrame
from .arrayload import ArrayLoading
from .dataseries import OHLCDateTime, SimpleFilterWrapper
from .resample.filter import Resampler, Replayer

__all__ = ['AbstractDataBase', 'DataBase', 'FeedBase']

_INF = float('inf')


class AbstractDataBase(ArrayLoading, OHLCDateTime):
    """Common model of every data feed (params, status, loading protocol)."""

    params = dict(
        dataname=None, name='', compression=1, timeframe=TimeFrame.Days,
        fromdate=None, todate=None, sessionstart=None, sessionend=None,
        filters=[], tz=None, tzinput=None, qcheck=0.0, calendar=None,
    )

    (CONNECTED, DISCONNECTED, CONNBROKEN, DELAYED, LIVE, NOTSUBSCRIBED,
     NOTSUPPORTED_TF, UNKNOWN) = range(8)

    _NOTIFNAMES = ['CONNECTED', 'DISCONNECTED', 'CONNBROKEN', 'DELAYED', 'LIVE',
                   'NOTSUBSCRIBED', 'NOTSUPPORTED_TIMEFRAME', 'UNKNOWN']

    # unknown keywords (``buffered=True``, ``apikey=...``) are ignored, as
    # upstream's feeds do (core/params.py)
    _bt_drops_kwargs = True

    _feed = None
    _store = None
    _clone = False
    _qcheck = 0.0
    _compensate = None
    _id = 0
    _env = None
    _started = False
    _tmoffset = _dt.timedelta()
    resampling = 0
    replaying = 0
    _ltype = None
    _owner = None
    # raised when loading reaches the end of the arrays of ``_load_arrays``:
    # the source ends on an error after those rows (an empty CSV line)
    _arrays_end_error = None

    @classmethod
    def _getstatusname(cls, status: int) -> str:
        return cls._NOTIFNAMES[status]

    # -- construction ---------------------------------------------------------------
    def _bt_build(self, init, args, kwargs):
        kwargs = self._bt_takeparams(kwargs)
        kwargs = self._bt_takeplotinfo(kwargs)
        kwargs = leftover_kwargs(type(self), init, kwargs, type(self).plotinfo._getkeys())
        self._bt_makelines(Clock(self))
        self._minperiod = 1
        self._bt_setup()
        self._bt_building = True
        try:
            init(self, *args, **kwargs)
        finally:
            self._bt_building = False
        self._bt_setup_filters()

    def _bt_setup(self) -> None:
        p = self.p
        self._dataname = p.dataname
        self._name = p.name
        if not self._name and isinstance(p.dataname, str):
            self._name = p.dataname
        self._compression = p.compression
        self._timeframe = p.timeframe
        # (the parameters hold the times in force too, as upstream's do)
        self.sessionstart = p.sessionstart = _as_time(p.sessionstart, TIME_MIN)
        self.sessionend = p.sessionend = _as_time(p.sessionend, TIME_MAX)
        fromdt = _as_datetime(p.fromdate, self.sessionstart)
        todt = _as_datetime(p.todate, self.sessionend)
        if fromdt is not None and todt is not None and todt < fromdt:
            raise DateRangeError(
                '%s: todate (%s) is before fromdate (%s)' % (
                    type(self).__name__, p.todate, p.fromdate))
        self._fromdt, self._todt = fromdt, todt
        self.fromdate = -_INF
        self.todate = _INF
        self._barstack = deque()
        self._barstash = deque()
        self._laststatus = self.CONNECTED
        self.notifs = deque()
        self._tz = None
        self._tzinput = None
        self._calendar = None
        self.tick_open = self.tick_high = self.tick_low = None
        self.tick_close = self.tick_volume = self.tick_openinterest = None
        self.tick_last = None
        self._arrays = None
        self._arrpos = 0

    def _bt_setup_filters(self) -> None:
        self._filters = []
        self._ffilters = []
        for fp in self.p.filters:
            if isinstance(fp, type):
                fp = fp(self)
                if hasattr(fp, 'last'):
                    self._ffilters.append((fp, [], {}))
            self._filters.append((fp, [], {}))

    # -- environment ------------------------------------------------------------------
    def setenvironment(self, env) -> None:
        """Keep a reference to the cerebro running this data."""
        self._env = env

    def getenvironment(self):
        """The cerebro running this data."""
        return self._env

    def getfeed(self):
        """The feed object that created this data, if any."""
        return self._feed

    def islive(self) -> bool:
        """True for live data (disables preload and runonce)."""
        return False

    def haslivedata(self) -> bool:
        """True when a live data has bars waiting."""
        return False

    def do_qcheck(self, onoff, qlapse) -> None:
        """Set how long a live data waits for a new bar: ``qcheck`` seconds less the
        ``qlapse`` already spent (no wait unless ``onoff``)."""
        self._qcheck = 0.0 if not onoff else max(0.0, self.p.qcheck - qlapse)

    # -- notifications --------------------------------------------------------------------
    def put_notification(self, status: int, *args, **kwargs) -> None:
        """Queue a status notification (``status`` and its arguments) for the strategies."""
        if status != self._laststatus:
            self.notifs.append((status, args, kwargs))
            self._laststatus = status

    def get_notifications(self) -> list:
        """The queued status notifications (the queue is emptied)."""
        self.notifs.append(None)
        out = []
        while True:
            n = self.notifs.popleft()
            if n is None:
                break
            out.append(n)
        return out

    # -- timezones and date numbers ---------------------------------------------------------
    def _gettz(self):
        return tzparse(self.p.tz)

    def _gettzinput(self):
        return tzparse(self.p.tzinput)

    def date2num(self, dt) -> float:
        """A datetime as a date number in this data's time zone."""
        if self._tz is not None and isinstance(dt, _dt.datetime) and dt.tzinfo is None:
            return date2num(self._tz.localize(dt))
        return date2num(dt)

    def num2date(self, dt: Optional[float] = None, tz=None, naive: bool = True):
        """A date number (the current bar's by default) as a datetime in this data's time zone."""
        if dt is None:
            return num2date(self.lines.datetime[0], tz or self._tz, naive)
        return num2date(dt, tz or self._tz, naive)

    def _getnexteos(self):
        """End of the current bar's session: ``(naive UTC datetime, date number)``.

        Without a calendar: ``sessionend`` (a wall time of the data's zone) on
        the bar's UTC date, moved on by days until it is not before the bar.
        With one: the close its ``schedule`` gives for the bar's UTC datetime."""
        if not len(self):
            return _dt.datetime.min, 0.0
        dtime = num2date(self.lines.datetime[0])
        if self._calendar is not None:
            nexteos = self._calendar_eos(dtime)
            return nexteos, date2num(nexteos)
        # the round trip through a date number keeps backtrader's rounding
        nexteos = num2date(self.date2num(_dt.datetime.combine(dtime.date(), self.sessionend)))
        while dtime > nexteos:
            nexteos += _dt.timedelta(days=1)
        return nexteos, date2num(nexteos)

    def _calendar_eos(self, dtime: _dt.datetime) -> _dt.datetime:
        """The calendar's close (naive UTC) of the session the naive UTC
        ``dtime`` falls in: its ``schedule``, moved on by days until it is not
        before ``dtime``."""
        _, nexteos = self._calendar.schedule(dtime, self._tz)
        while dtime > nexteos:
            nexteos += _dt.timedelta(days=1)
        return nexteos

    # -- lifecycle ----------------------------------------------------------------------------
    def _start(self) -> None:
        # a filter keeping state across bars (a replayed bar under way) is
        # told when a new run reads the data again from its first bar
        for flt, _, _ in self._filters:
            restart = getattr(flt, '_bt_restart', None)
            if restart is not None:
                restart()
        self.start()
        if not self._started:
            self._start_finish()

    def _start_finish(self) -> None:
        self._tz = self._gettz()
        self.lines.datetime._tz = self._tz
        self._tzinput = self._gettzinput()
        self.fromdate = self.date2num(self._fromdt) if self._fromdt is not None else -_INF
        self.todate = self.date2num(self._todt) if self._todt is not None else _INF
        cal = self.p.calendar
        if cal is None and self._env is not None:
            cal = getattr(self._env, '_tradingcal', None)
        self._calendar = as_calendar(cal)
        self._started = True

    def start(self) -> None:
        """Open the source and reset the data for a run (called by cerebro before preloading)."""
        self._barstack = deque()
        self._barstash = deque()
        self._laststatus = self.CONNECTED
        self._arrays = None
        self._arrpos = 0
        self._close_blocks()

    def stop(self) -> None:
        """Close the source at the end of a run."""
        self._close_blocks()

    def reset(self) -> None:
        """Empty the lines for a new run (unbounded again: the memory-saving
        rings of a previous run are made again for the new one)."""
        for line in self.lines.lines:
            if line.maxlen:
                line.to_unbounded()
        self.lines._clock.reset()

    def preload(self) -> None:
        """Load every bar now (vectorised when the source allows) and rewind to the start."""
        if not self._vector_preload():
            while self.load():
                pass
        self._last()
        # storage sized exactly (loaded bar by bar too), so a read before the
        # first bar wraps around the series (Clock.set_length)
        clock = self.lines._clock
        clock.set_length(clock.buflen)
        self.home()

    def load(self) -> bool:
        """Load the next bar; False when the data has no more."""
        while True:
            self.forward()
            if self._fromstack():
                return True
            if not self._fromstack(stash=True):
                if not self._load():
                    self.backwards()
                    return False
                if self._tzinput is not None and self._arrays is None:
                    # a feed with its own _load: its bar is in the input zone
                    self.lines.datetime[0] = date2num(
                        self._tzinput.localize(num2date(self.lines.datetime[0])))
            dt = self.lines.datetime[0]
            if dt < self.fromdate:
                self.backwards()
                continue
            if dt > self.todate:
                self.backwards()
                return False
            removed = False
            for ff, fargs, fkwargs in self._filters:
                if self._barstack:
                    for _ in range(len(self._barstack)):
                        self._fromstack(forward=True)
                        if ff(self, *fargs, **fkwargs):
                            removed = True
                    self._fromstack(stash=True)
                    if removed:
                        break
                elif ff(self, *fargs, **fkwargs):
                    removed = True
                    break
            if not removed:
                return True

    def next(self, datamaster=None, ticks: bool = True) -> bool:
        """Move to the next bar (loading it if needed); False when there is none."""
        clock = self.lines._clock
        if clock.lencount >= clock.buflen:
            if not self.load():
                return False
        else:
            self.advance()
        if datamaster is not None:
            if not len(datamaster):
                return True
            if self.lines.datetime[0] > datamaster.lines.datetime[0]:
                self.rewind()
                return False
        return True

    def advance_peek(self) -> float:
        """The date number of the next stored bar (infinity when none)."""
        clock = self.lines._clock
        if clock.lencount < clock.buflen:
            return self.lines.datetime[1]
        return _INF

    def _last(self, datamaster=None) -> bool:
        ret = 0
        for ff, fargs, fkwargs in self._ffilters:
            ret += ff.last(self, *fargs, **fkwargs)
        while self._fromstack(forward=True):
            pass
        return bool(ret)

    def _check(self, forcedata=None) -> None:
        for ff, fargs, fkwargs in self._filters:
            if hasattr(ff, 'check'):
                ff.check(self, _forcedata=forcedata, *fargs, **fkwargs)

    def _tick_nullify(self) -> None:
        pass

    # -- filter stacks ------------------------------------------------------------------------
    def _add2stack(self, bar, stash: bool = False) -> None:
        (self._barstash if stash else self._barstack).append(bar)

    def _save2stack(self, erase: bool = False, force: bool = False, stash: bool = False) -> None:
        bar = [line[0] for line in self.lines.lines]
        (self._barstash if stash else self._barstack).append(bar)
        if erase:
            self.backwards(force=force)

    def _updatebar(self, bar, forward: bool = False, ago: int = 0) -> None:
        if forward:
            self.forward()
        for line, val in zip(self.lines.lines, bar):
            line[0 + ago] = val

    def _fromstack(self, forward: bool = False, stash: bool = False) -> bool:
        coll = self._barstash if stash else self._barstack
        if coll:
            if forward:
                self.forward()
            for line, val in zip(self.lines.lines, coll.popleft()):
                line[0] = val
            return True
        return False

    # -- filters ----------------------------------------------------------------------------------
    def addfilter_simple(self, f, *args, **kwargs) -> None:
        """Add ``f(data, *args, **kwargs)``: a bar is dropped when it returns True."""
        fp = SimpleFilterWrapper(self, f, *args, **kwargs)
        self._filters.append((fp, fp.args, fp.kwargs))

    def addfilter(self, p, *args, **kwargs) -> None:
        """Add a filter: a class (instantiated with the data) or a callable."""
        if not isinstance(p, type):
            # a callable filter instance: called later with the given arguments
            self._filters.append((p, args, kwargs))
            return
        # a filter class is built on this data now; its ``last`` runs at the end
        flt = p(self, *args, **kwargs)
        self._filters.append((flt, [], {}))
        if hasattr(flt, 'last'):
            self._ffilters.append((flt, [], {}))

    def compensate(self, other) -> None:
        """Book the trades of this data against the position held in ``other``
        (e.g. a continuous future standing in for the contract traded)."""
        self._compensate = other

    # -- memory saving ----------------------------------------------------------------------------
    def qbuffer(self, savemem: int = 0, replaying: bool = False) -> None:
        """Keep only the bars a memory-saving run needs (savemem), as cerebro's exactbars asks."""
        extra = 1 if replaying else 0
        for line in self.lines.lines:
            line.qbuffer(savemem=1, extrasize=extra)

    # -- clones, resampling, replaying ---------------------------------------------------------
    #: the clone class, set by ``feeds.clone`` (which builds on this module)
    _clone_class: Optional[type] = None

    def clone(self, **kwargs):
        """A ``DataClone`` of this data (same bars, own clock and filters)."""
        return self._clone_class(dataname=self, **kwargs)

    def copyas(self, _dataname, **kwargs):
        """A clone named ``_dataname``."""
        d = self.clone(**kwargs)
        d._dataname = _dataname
        d._name = _dataname
        return d

    def resample(self, **kwargs) -> None:
        """Add a ``Resampler`` filter (``timeframe``, ``compression``,
        ``bar2edge``, ``adjbartime``, ``rightedge``, ``boundoff``, ``takelate``)."""
        self.addfilter(Resampler, **kwargs)

    def replay(self, **kwargs) -> None:
        """Add a ``Replayer`` filter (same keywords as ``resample``)."""
        self.addfilter(Replayer, **kwargs)


class DataBase(AbstractDataBase):
    """Base for concrete feeds."""


class FeedBase:
    """Factory creating feeds with shared params (legacy ``getdata`` API)."""

    params = ()

    def __init__(self, **kwargs) -> None:
        self.kwargs = kwargs
        self.datas = []

    def start(self) -> None:
        """Start every data made by this feed."""
        for data in self.datas:
            data.start()

    def stop(self) -> None:
        """Stop every data made by this feed."""
        for data in self.datas:
            data.stop()

    def getdata(self, dataname, name=None, **kwargs):
        """A data of this feed's class with the feed's parameters and kwargs."""
        kw = dict(self.kwargs)
        kw.update(kwargs)
        kw['dataname'] = dataname
        kw['name'] = name or kw.get('name', '')
        data = self._getdata(**kw)
        data._feed = self
        self.datas.append(data)
        return data

    def _getdata(self, **kwargs):
        return self.DataCls(**kwargs)


def _as_time(value, default: _dt.time) -> _dt.time:
    if value is None:
        return default
    if isinstance(value, _dt.datetime):
        return value.time()
    return value


def _as_datetime(value, tm: _dt.time):
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime.combine(value, tm)
    return value
