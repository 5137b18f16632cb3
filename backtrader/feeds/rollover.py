"""``RollOver``: a continuous futures series out of consecutive contracts."""
from __future__ import annotations

from .composite import CompositeFeed

__all__ = ['RollOver']


class RollOver(CompositeFeed):
    """Deliver the bars of the first data (the front contract) until it is
    time to roll over to the next one, then the next one's, and so on.

    * ``checkdate(dt, d)``: called with each new bar's datetime and the
      current data; True means "consider rolling now". Without it, a data is
      used until it runs out.
    * ``checkcondition(d0, d1)``: once ``checkdate`` agreed, called with the
      current data and the next one (brought forward to the same datetime);
      True (the default without it) rolls over, and ``d1``'s bar is the one
      delivered.

    The next data is consumed while the current one runs, so after a roll its
    bars continue from the roll date; bars not later than the last delivered
    one are skipped. Created by ``cerebro.rolloverdata(*datas, **kwargs)``.
    """

    params = (
        ('checkdate', None),
        ('checkcondition', None),
    )

    def _checkdate(self, dt, data) -> bool:
        checkdate = self.p.checkdate
        return checkdate is not None and checkdate(dt, data)

    def _checkcondition(self, data0, data1) -> bool:
        checkcondition = self.p.checkcondition
        return checkcondition is None or checkcondition(data0, data1)

    @staticmethod
    def _bring_to(data, dtime) -> None:
        """Load bars of ``data`` until its datetime is ``dtime`` or later."""
        while not len(data) or data.datetime.datetime(0) < dtime:
            if not data.next():
                break

    def _switched(self, data) -> None:
        # (backtrader then loads the next bar: one at the last datetime
        # delivered, or the first later one, is dropped)
        self._bring_to(data, self._lastdt)

    def _load(self) -> bool:
        data, dtime = self._next_new_bar()
        if data is None:
            return False
        datas = self._datas
        if self._checkdate(dtime, data) and self._current + 1 < len(datas):
            nxt = datas[self._current + 1]
            self._bring_to(nxt, dtime)
            if self._checkcondition(data, nxt):
                self._current += 1
                data = nxt
                dtime = data.datetime.datetime(0)
        self._copy_bar(data, dtime)
        return True
