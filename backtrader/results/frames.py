"""Results of a finished strategy as pandas DataFrames.

* ``equity(strategy)``: value, cash and drawdown per bar (from the Broker — or
  Value/Cash — observer, which the default ``stdstats=True`` adds);
* ``trades(strategy)``: one row per trade (entry/exit datetime and price,
  size, gross and net profit, commission, bars held, data name);
* ``orders(strategy)``: one row per order (creation, type, status, execution);
* ``positions(strategy)``: position size (or value) per bar and data.

``trade_list`` gives the trades as plain dictionaries (no pandas needed).
Trades and positions are rebuilt from the fills the strategy booked into its
trades, in booking order; money figures come from the strategy's own
``Trade`` objects, so they equal what ``notify_trade`` and the analyzers saw.
"""
from __future__ import annotations

import math
from typing import Optional

import numpy as np

from ..core.errors import BacktraderError
from ..order import booked_data
from ..utils.dateintern import num2date_array

__all__ = ['ResultsError', 'equity', 'trades', 'orders', 'positions', 'trade_list',
           'bar_index', 'strategy_dates']


class ResultsError(BacktraderError, ValueError):
    """A result cannot be built from this strategy (e.g. the observer it
    reads was not added)."""


def _pd():
    import pandas as pd
    return pd


def strategy_dates(strategy) -> np.ndarray:
    """Date numbers of the strategy's bars."""
    n = len(strategy)
    stored = strategy.lines.datetime.stored()
    if len(stored) < n:
        # a memory-saving run (exactbars >= 1) keeps the last bars only
        raise ResultsError(
            'per-bar results need the datetime of every bar: this run kept the last %d of '
            'its %d bars (exactbars >= 1 drops the others to save memory); run with '
            'exactbars=0 for them (trades, orders and fills tables do not need them)'
            % (len(stored), n))
    return np.asarray(stored[:n], dtype=float).copy()


def bar_index(strategy):
    """``DatetimeIndex`` (named 'datetime') of the strategy's bars."""
    pd = _pd()
    dates = strategy_dates(strategy)
    tz = getattr(strategy.lines.datetime, '_tz', None)
    return pd.DatetimeIndex(num2date_array(dates, tz), name='datetime')


def _to_datetime(num: float, tz=None):
    from ..utils.dateintern import num2date
    if not num or num != num:
        return None
    return num2date(num, tz)


def _data_name(strategy, data) -> str:
    name = getattr(data, '_name', '') or ''
    if name:
        return name
    try:
        return 'data%d' % strategy.datas.index(data)
    except ValueError:
        return ''


# -- equity --------------------------------------------------------------------------------
def _observer_line(strategy, linename: str):
    for obs in strategy.getobservers():
        lines = obs.lines
        if linename in getattr(lines, '_names', ()):
            return obs, getattr(lines, linename)
    return None, None


def _line_values(obj, line, n: int) -> np.ndarray:
    arr = np.asarray(line.stored(), dtype=float)
    out = np.full(n, np.nan)
    m = min(len(obj), n)
    vals = arr[-m:] if line._cap else arr[:m]
    out[n - len(vals):] = vals
    return out


def equity(strategy):
    """Value, cash and drawdown of the account per bar (a DataFrame indexed by
    the bars' datetimes).

    Columns: ``value``, ``cash``, ``peak`` (highest value so far), ``drawdown``
    (percent below the peak), ``moneydown`` (money below the peak). Read from
    the Broker observer (or the Value and Cash observers); with
    ``stdstats=False`` add one: ``cerebro.addobserver(bt.observers.Broker)``.
    """
    pd = _pd()
    n = len(strategy)
    vobs, vline = _observer_line(strategy, 'value')
    cobs, cline = _observer_line(strategy, 'cash')
    if vline is None:
        raise ResultsError('equity needs the Broker (or Value) observer: run with '
                           'Cerebro(stdstats=True) (the default) or '
                           'cerebro.addobserver(bt.observers.Broker)')
    # a deferring broker writes the observers' figures when they are read
    getattr(strategy, 'stats', None)
    value = _line_values(vobs, vline, n)
    cash = _line_values(cobs, cline, n) if cline is not None else np.full(n, np.nan)
    peak = np.fmax.accumulate(value)
    moneydown = peak - value
    with np.errstate(invalid='ignore', divide='ignore'):
        drawdown = np.where(peak != 0, 100.0 * moneydown / peak, 0.0)
    return pd.DataFrame(dict(value=value, cash=cash, peak=peak, drawdown=drawdown,
                             moneydown=moneydown), index=bar_index(strategy))


# -- trades --------------------------------------------------------------------------------
def _fill_segments(strategy) -> dict:
    """Per (data, tradeid): the runs of fills from a flat trade size back to
    flat, as the strategy books them (a fill arriving while nothing is open
    starts a new run, whichever part of it). Each run has the size and money
    of its opening and closing fills."""
    runs = {}
    current = {}
    for order, fill, _when in getattr(strategy, '_fill_log', ()):
        data = booked_data(order)
        key = (id(data), order.tradeid)
        for part, opening in ((fill.closed, False), (fill.opened, True)):
            if not part:
                continue
            rec = current.get(key)
            if rec is None:
                rec = dict(data=data, tradeid=order.tradeid, entry_size=0.0, entry_value=0.0,
                           exit_size=0.0, exit_value=0.0, pos=0.0, signed=0.0)
                runs.setdefault(key, []).append(rec)
                current[key] = rec
                opening = True          # the part that starts a run opens it
            if opening:
                rec['entry_size'] += abs(part)
                rec['entry_value'] += abs(part) * fill.price
                rec['signed'] += part
            else:
                rec['exit_size'] += abs(part)
                rec['exit_value'] += abs(part) * fill.price
            rec['pos'] += part
            if not rec['pos']:
                current[key] = None
    return runs


def trade_list(strategy) -> list:
    """The strategy's trades as dictionaries, ordered by opening time: the
    closed ones as notified when they closed, then those still open."""
    runs = _fill_segments(strategy)
    taken = {}
    out = []
    for trade in getattr(strategy, '_closed_trades', ()):
        key = (id(trade.data), trade.tradeid)
        k = taken.get(key, 0)
        taken[key] = k + 1
        recs = runs.get(key, [])
        out.append(_trade_row(strategy, trade, recs[k] if k < len(recs) else None, True))
    for data, bytid in getattr(strategy, '_trades', {}).items():
        for tradeid, tlist in bytid.items():
            if not tlist or not tlist[-1].isopen:
                continue
            recs = runs.get((id(data), tradeid), [])
            rec = recs[-1] if recs and recs[-1]['pos'] else None
            out.append(_trade_row(strategy, tlist[-1], rec, False))
    out.sort(key=lambda r: (r['dtopen'] or math.inf, r['ref']))
    return out


def _trade_row(strategy, trade, rec: Optional[dict], closed: bool) -> dict:
    nan = float('nan')
    if rec is not None and rec['entry_size']:
        entry_price = rec['entry_value'] / rec['entry_size']
        size = rec['entry_size'] if rec['signed'] >= 0 else -rec['entry_size']
    else:
        entry_price, size = trade.price, trade.size
    exit_price = nan
    if closed and rec is not None and rec['exit_size']:
        exit_price = rec['exit_value'] / rec['exit_size']
    notional = abs(size) * entry_price
    return dict(ref=trade.ref, data=trade.data, data_name=_data_name(strategy, trade.data),
                tradeid=trade.tradeid, direction='long' if size >= 0 else 'short',
                size=float(size), dtopen=trade.dtopen, dtclose=trade.dtclose if closed else nan,
                entry_price=float(entry_price), exit_price=float(exit_price),
                pnl=float(trade.pnl), pnlcomm=float(trade.pnlcomm),
                commission=float(trade.commission), barlen=int(trade.barlen),
                baropen=int(trade.baropen), barclose=int(trade.barclose) if closed else -1,
                isopen=not closed,
                return_pct=100.0 * trade.pnlcomm / notional if notional else nan)


def trades(strategy, closed_only: bool = False):
    """One row per trade (closed and still open unless ``closed_only``).

    Columns: ``ref``, ``data`` (name), ``tradeid``, ``direction``, ``size``
    (signed size opened), ``entry_dt``/``exit_dt``, ``entry_price``/``exit_price``
    (average fill prices of the opening/closing fills), ``pnl``, ``pnlcomm``,
    ``commission``, ``barlen`` (bars held), ``return_pct`` (net profit in percent
    of the opened notional), ``isopen``.
    """
    pd = _pd()
    rows = []
    for t in trade_list(strategy):
        if closed_only and t['isopen']:
            continue
        tz = getattr(t['data'], '_tz', None)
        rows.append(dict(ref=t['ref'], data=t['data_name'], tradeid=t['tradeid'],
                         direction=t['direction'], size=t['size'],
                         entry_dt=_to_datetime(t['dtopen'], tz),
                         entry_price=t['entry_price'],
                         exit_dt=None if t['isopen'] else _to_datetime(t['dtclose'], tz),
                         exit_price=t['exit_price'], pnl=t['pnl'], pnlcomm=t['pnlcomm'],
                         commission=t['commission'], barlen=t['barlen'],
                         return_pct=t['return_pct'], isopen=t['isopen']))
    columns = ['ref', 'data', 'tradeid', 'direction', 'size', 'entry_dt', 'entry_price',
               'exit_dt', 'exit_price', 'pnl', 'pnlcomm', 'commission', 'barlen', 'return_pct',
               'isopen']
    frame = pd.DataFrame(rows, columns=columns)
    for col in ('entry_dt', 'exit_dt'):
        frame[col] = pd.to_datetime(frame[col])
    return frame


# -- orders ----------------------------------------------------------------------------------
def _strategy_orders(strategy) -> list:
    """The strategy's orders: those the broker kept (submission checks on, the
    default) and those with fills, by reference."""
    found = {}
    broker = getattr(strategy, 'broker', None)
    for order in getattr(broker, 'orders', ()) or ():
        if order.owner is strategy:
            found[order.ref] = order
    for order, _fill, _when in getattr(strategy, '_fill_log', ()):
        if order.ref not in found:
            found[order.ref] = order
    return [found[k] for k in sorted(found)]


def orders(strategy):
    """One row per order: ``ref``, ``data``, ``created_dt``, ``side`` (Buy/Sell),
    ``exectype`` (Market, Limit ...), ``size`` and ``price`` asked,
    ``status`` (final), ``executed_dt``, ``executed_size``, ``executed_price``
    (average), ``executed_value``, ``commission``, ``tradeid``, ``parent``
    (reference of the bracket parent)."""
    pd = _pd()
    rows = []
    for o in _strategy_orders(strategy):
        tz = getattr(o.data, '_tz', None)
        ex = o.executed
        created = o.created
        rows.append(dict(
            ref=o.ref, data=_data_name(strategy, o.data),
            created_dt=_to_datetime(getattr(created, 'dt', None) or 0.0, tz),
            side=o.ordtypename(), exectype=o.getordername(), size=float(created.size),
            price=float(created.price) if created.price is not None else float('nan'),
            status=o.getstatusname(),
            executed_dt=_to_datetime(getattr(ex, 'dt', None) or 0.0, tz),
            executed_size=float(getattr(ex, 'size', 0.0) or 0.0),
            executed_price=float(getattr(ex, 'price', 0.0) or 0.0)
            if getattr(ex, 'size', 0.0) else float('nan'),
            executed_value=float(getattr(ex, 'value', 0.0) or 0.0),
            commission=float(getattr(ex, 'comm', 0.0) or 0.0),
            tradeid=o.tradeid,
            parent=o.parent.ref if getattr(o, 'parent', None) is not None else None))
    columns = ['ref', 'data', 'created_dt', 'side', 'exectype', 'size', 'price', 'status',
               'executed_dt', 'executed_size', 'executed_price', 'executed_value',
               'commission', 'tradeid', 'parent']
    frame = pd.DataFrame(rows, columns=columns)
    for col in ('created_dt', 'executed_dt'):
        frame[col] = pd.to_datetime(frame[col])
    return frame


# -- positions -----------------------------------------------------------------------------
def position_sizes(strategy) -> tuple:
    """(datas, sizes): the position size of each data at the end of each bar,
    as an array of shape (bars, datas)."""
    n = len(strategy)
    datas = list(strategy.datas)
    col = {id(d): k for k, d in enumerate(datas)}
    sizes = np.zeros((n, len(datas)))
    dates = strategy_dates(strategy)
    for order, fill, when in getattr(strategy, '_fill_log', ()):
        k = col.get(id(order.data))
        if k is None or not fill.size:
            continue
        row = min(int(np.searchsorted(dates, when, side='left')), n - 1)
        sizes[row, k] += fill.size
    return datas, np.cumsum(sizes, axis=0)


def positions(strategy, value: bool = False):
    """Position of each data (one column per data name) at the end of each
    bar. ``value=True``: the position's value at the bar's close, as the
    broker values it (``comminfo.getvaluesize``)."""
    pd = _pd()
    datas, sizes = position_sizes(strategy)
    names = [_data_name(strategy, d) for d in datas]
    out = sizes
    if value:
        out = np.zeros_like(sizes)
        dates = strategy_dates(strategy)
        broker = strategy.broker
        for k, d in enumerate(datas):
            n = len(d)
            ddates = np.asarray(d.lines.datetime.stored()[:n], dtype=float)
            closes = np.asarray(d.lines.close.stored()[:n], dtype=float)
            idx = np.searchsorted(ddates, dates, side='right') - 1
            price = np.where(idx >= 0, closes[np.clip(idx, 0, max(n - 1, 0))], np.nan)
            comminfo = broker.getcommissioninfo(d)
            out[:, k] = [comminfo.getvaluesize(s, p) if s else 0.0
                         for s, p in zip(sizes[:, k], price)]
    return pd.DataFrame(out, index=bar_index(strategy), columns=names)
