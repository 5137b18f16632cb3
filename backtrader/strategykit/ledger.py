"""The trade ledger: a strategy's trades built from the broker's fills.

A strategy keeps, per (data, tradeid), the history of its trades
(``strategy._trades``), every fill booked in booking order with the bar's
datetime (``_fill_log``) and a copy of each trade as it closed
(``_closed_trades``); ``backtrader.results`` and checkpoints read them. The
broker's order notifications arrive here (``add_notification``): the order is
queued for ``notify_order`` and its new fills update the trades, whose
openings and closings are queued for ``notify_trade``.
"""
from __future__ import annotations

from ..order import _shallow_copy, booked_data
from ..trade import Trade
from .driver import deliver_events

__all__ = ['add_notification', 'book_fills']


def add_notification(strat, order, quicknotify: bool = False) -> None:
    """Queue a broker notification of ``order`` for ``strat``; fills also
    update the trades of (data, tradeid). ``quicknotify``: the order, then the
    trades its fills opened or closed, go to the hooks at once (in the broker
    step); they stay queued for the observers, but the bar's cycle does not
    deliver them again."""
    if not order.p.simulated:
        strat._orderspending.append(order)
    if quicknotify:
        queue = strat._tradespending
        before = len(queue)
        if order.executed.size:
            book_fills(strat, order)
        deliver_events(strat, [order], queue[before:])
        return
    if order.executed.size:
        book_fills(strat, order)


def book_fills(strat, order) -> None:
    """Book the fills of ``order`` not booked yet into the strategy's trades."""
    odata = order.data
    data = booked_data(order)
    tradeid = order.tradeid
    history = strat._trades[data][tradeid]
    queue = strat._tradespending
    historyon = strat._tradehistoryon
    trade = history[-1] if history else _new_trade(data, tradeid, history, historyon)
    log, closedlog = strat._fill_log, strat._closed_trades
    when = odata.datetime[0]            # the bar the fills are booked in
    # the trade's data: its bar count and datetime (read by the trade if needed)
    nbars, dt = (len(odata), when) if data is odata else (len(data), None)
    ci = order.comminfo
    for fill in order.executed.iterpending():
        if fill is None:
            break
        log.append((order, fill, when))
        # each part (closing, then opening) goes into the trade; one that
        # closes the trade has it logged and queued as a copy
        if fill.closed:
            trade._book(order, fill.closed, fill.price, fill.closedcomm, ci, nbars, dt)
            if trade.isclosed:
                _closed(trade, queue, closedlog)
        if fill.opened:
            if trade.isclosed:      # a closed trade is never reopened: start anew
                trade = _new_trade(data, tradeid, history, historyon)
            trade._book(order, fill.opened, fill.price, fill.openedcomm, ci, nbars, dt)
            if trade.isclosed:
                _closed(trade, queue, closedlog)
        # after both parts: the fill may have opened the trade through either
        if trade.justopened:
            queue.append(_shallow_copy(trade))


def _closed(trade, queue: list, closedlog: list) -> None:
    """A trade that closed: a copy logged and queued for ``notify_trade``."""
    closedlog.append(_shallow_copy(trade))
    queue.append(closedlog[-1])


def _new_trade(data, tradeid, history: list, historyon: bool) -> Trade:
    trade = Trade(data, tradeid, historyon)
    history.append(trade)
    return trade
