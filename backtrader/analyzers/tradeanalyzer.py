"""Statistics of closed trades: counts, streaks, pnl, won/lost, long/short, lengths."""
from __future__ import annotations

import sys

from ..utils.autodict import AutoOrderedDict
from .base import Analyzer

__all__ = ['TradeAnalyzer']

MAXINT = sys.maxsize
# closed trades noted before they are folded into the figures (bounds the memory they hold)
_FOLD_BATCH = 1024


class _Bucket:
    """Running figures of one group of closed trades (all, won, long-lost, ...)."""

    __slots__ = ('count', 'pnl', 'pnlmax', 'len', 'lenmax', 'lenmin')

    def __init__(self, pnl_extreme: float = 0.0) -> None:
        self.count = 0
        self.pnl = 0.0
        self.pnlmax = pnl_extreme
        self.len = 0
        self.lenmax = 0
        self.lenmin = MAXINT


class TradeAnalyzer(Analyzer):
    """Statistics of the trades, taken from the trade notifications (no per-bar work).

    ``get_analysis()`` is an ``AutoOrderedDict``. Before any trade closes it only
    holds ``total.total`` (and ``total.open`` once a trade opened). From the first
    closed trade on it holds ``total``, ``streak``, ``pnl`` (gross/net), ``won``,
    ``lost``, ``long``, ``short`` and ``len`` sub-trees. A trade is won when its
    ``pnlcomm`` is ``>= 0``; ``won``/``lost``/``long``/``short`` figures use
    ``pnlcomm``; the length is ``trade.barlen``.

    Length minimums follow upstream's observable quirks: ``len.min`` treats a
    current minimum of 0 as "unset"; ``len.won.min``/``len.lost.min`` only exist
    once a trade of that kind lasted at least one bar; the long/short minimums
    start at ``MAXINT`` and ignore zero-length trades.
    """

    def create_analysis(self) -> None:
        self.rets = AutoOrderedDict()
        self.rets.total.total = 0

    def start(self) -> None:
        super().start()
        self._dirty = False
        self._unfolded = []     # (pnl, pnlcomm, barlen, long) of closed trades not folded yet
        self._opened = 0        # trades opened so far (total.total)
        self._open = 0
        self._closed = 0
        self._gross = 0.0
        self._net = 0.0
        self._won_streak = 0
        self._won_longest = 0
        self._lost_streak = 0
        self._lost_longest = 0
        self._len_total = 0
        self._len_max = 0
        self._len_min = MAXINT
        # won / lost over all trades: their length minimum is "unset" until needed
        self._won = _Bucket(0.0)
        self._lost = _Bucket(0.0)
        self._won.lenmin = None
        self._lost.lenmin = None
        # per side: [side total, side won, side lost]
        self._long = (_Bucket(), _Bucket(), _Bucket())
        self._short = (_Bucket(), _Bucket(), _Bucket())

    def stop(self) -> None:
        super().stop()
        if self._dirty:
            self._write()
        self.rets._close()

    def get_analysis(self):
        # the tree is rebuilt only when someone looks at it, not on every trade
        if getattr(self, '_dirty', False):
            self._write()
        return self.rets

    def notify_trade(self, trade) -> None:
        if trade.justopened:
            # counted here, written into the tree when it is read (_write)
            self._opened += 1
            self._open += 1
        elif trade.status == trade.Closed:
            # noted here, folded into the figures in a batch (_fold)
            unfolded = self._unfolded
            unfolded.append((trade.pnl, trade.pnlcomm, trade.barlen, trade.long))
            if len(unfolded) >= _FOLD_BATCH:
                self._fold()
        else:
            return
        self._dirty = True

    # -- accumulation --------------------------------------------------------------------
    def _fold(self) -> None:
        """Fold the closed trades noted since the last fold into the running
        figures, one after the other in their order (sums, streaks and
        extremes as if each was added when notified)."""
        batch, self._unfolded = self._unfolded, []
        self._open -= len(batch)
        self._closed += len(batch)
        gross, net = self._gross, self._net
        won_streak, won_longest = self._won_streak, self._won_longest
        lost_streak, lost_longest = self._lost_streak, self._lost_longest
        len_total, len_max, len_min = self._len_total, self._len_max, self._len_min
        won_all, lost_all, longs, shorts = self._won, self._lost, self._long, self._short
        for pnl, pnlcomm, barlen, long in batch:
            won = pnlcomm >= 0.0
            gross += pnl
            net += pnlcomm

            if won:
                won_streak += 1
                lost_streak = 0
                if won_streak > won_longest:
                    won_longest = won_streak
            else:
                lost_streak += 1
                won_streak = 0
                if lost_streak > lost_longest:
                    lost_longest = lost_streak

            len_total += barlen
            if barlen > len_max:
                len_max = barlen
            lenmin = len_min or MAXINT
            len_min = barlen if barlen < lenmin else lenmin

            bucket = won_all if won else lost_all
            bucket.count += 1
            bucket.pnl += pnlcomm
            # (comparisons, as max/min: the extreme so far stays on a tie)
            if (pnlcomm > bucket.pnlmax) if won else (pnlcomm < bucket.pnlmax):
                bucket.pnlmax = pnlcomm
            bucket.len += barlen
            if barlen > bucket.lenmax:
                bucket.lenmax = barlen
            if barlen:
                lenmin = bucket.lenmin or MAXINT
                bucket.lenmin = barlen if barlen < lenmin else lenmin

            side = longs if long else shorts
            sub = side[1] if won else side[2]
            for b in (side[0], sub):
                b.count += 1
                b.pnl += pnlcomm
                b.len += barlen
                if barlen > b.lenmax:
                    b.lenmax = barlen
                if barlen and barlen < b.lenmin:
                    b.lenmin = barlen
            if (pnlcomm > sub.pnlmax) if won else (pnlcomm < sub.pnlmax):
                sub.pnlmax = pnlcomm
        self._gross, self._net = gross, net
        self._won_streak, self._won_longest = won_streak, won_longest
        self._lost_streak, self._lost_longest = lost_streak, lost_longest
        self._len_total, self._len_max, self._len_min = len_total, len_max, len_min

    # -- results -------------------------------------------------------------------------------
    def _write(self) -> None:
        self._dirty = False
        if self._unfolded:
            self._fold()
        r = self.rets
        total = r.total
        total.total = self._opened
        if self._opened:
            total.open = self._open
        closed = self._closed
        if not closed:
            return                      # no closed trade: only the counts so far
        total.closed = closed

        streak = r.streak
        streak.won.current = self._won_streak
        streak.won.longest = self._won_longest
        streak.lost.current = self._lost_streak
        streak.lost.longest = self._lost_longest

        pnl = r.pnl
        pnl.gross.total = self._gross
        pnl.gross.average = self._gross / closed
        pnl.net.total = self._net
        pnl.net.average = self._net / closed

        for name, b in (('won', self._won), ('lost', self._lost)):
            node = r[name]
            node.total = b.count
            node.pnl.total = b.pnl
            node.pnl.average = b.pnl / (b.count or 1)
            node.pnl.max = b.pnlmax

        for name, (tot, bwon, blost) in (('long', self._long), ('short', self._short)):
            node = r[name]
            node.total = tot.count
            node.pnl.total = tot.pnl
            node.pnl.average = tot.pnl / (tot.count or 1)
            for wname, b in (('won', bwon), ('lost', blost)):
                sub = node.pnl[wname]
                sub.total = b.pnl
                sub.average = b.pnl / (b.count or 1)
                sub.max = b.pnlmax
            node.won = bwon.count
            node.lost = blost.count

        ln = r.len
        ln.total = self._len_total
        ln.average = self._len_total / closed
        ln.max = self._len_max
        ln.min = self._len_min
        for name, b in (('won', self._won), ('lost', self._lost)):
            node = ln[name]
            node.total = b.len
            node.average = b.len / (b.count or 1)
            node.max = b.lenmax
            if b.lenmin is not None:
                node.min = b.lenmin
        for name, (tot, bwon, blost) in (('long', self._long), ('short', self._short)):
            node = ln[name]
            _write_len(node, tot)
            _write_len(node.won, bwon)
            _write_len(node.lost, blost)


def _write_len(node, b: _Bucket) -> None:
    node.total = b.len
    node.average = b.len / (b.count or 1)
    node.max = b.lenmax
    node.min = b.lenmin
