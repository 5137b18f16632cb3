"""Commission schemes: commission, margin, value and profit rules of an asset."""
from __future__ import annotations

from typing import Any

from .core.legacymeta import MetaParams, with_metaclass  # noqa: F401 (upstream's names)
from .core.params import ParamsBase

__all__ = ['CommInfoBase', 'CommissionInfo']


class CommInfoBase(ParamsBase):
    """Rules for costs and values of operations on an asset.

    Parameters:

    - ``commission`` (0.0): percentage (``COMM_PERC``) or money per unit
      (``COMM_FIXED``)
    - ``mult`` (1.0): multiplier applied to price differences (profit and loss)
    - ``margin`` (None): money required per unit for futures-like assets
    - ``commtype`` (None): ``COMM_PERC``/``COMM_FIXED``; None keeps the legacy
      inference: a truthy ``margin`` means futures-like with fixed commission,
      otherwise stock-like with percentage commission
    - ``stocklike`` (False): honoured only when ``commtype`` is given
    - ``percabs`` (False): for ``COMM_PERC``, True means ``commission`` is already a
      fraction (0.001 = 0.1%); False means it is in percent and is divided by 100
    - ``interest`` (0.0): yearly credit rate charged on short positions
    - ``interest_long`` (False): charge the credit interest on long positions too
    - ``leverage`` (1.0): leverage available for the asset
    - ``automargin`` (False): ``get_margin(price)`` returns ``margin`` when False,
      ``price * mult`` when negative, ``price * automargin`` when positive
    """

    COMM_PERC, COMM_FIXED = range(2)

    # (upstream's names, defaults and order)
    params = dict(commission=0.0, mult=1.0, margin=None, commtype=None, stocklike=False,
                  percabs=False, interest=0.0, interest_long=False, leverage=1.0,
                  automargin=False)

    def __init__(self) -> None:
        super().__init__()
        p = self.p

        self._stocklike = p.stocklike
        self._commtype = p.commtype

        # legacy inference: only margin decides between futures and stocks
        if self._commtype is None:
            if p.margin:
                self._stocklike = False
                self._commtype = self.COMM_FIXED
            else:
                self._stocklike = True
                self._commtype = self.COMM_PERC

        if not self._stocklike and not p.margin:
            p.margin = 1.0  # futures-like always need a margin

        if self._commtype == self.COMM_PERC and not p.percabs:
            p.commission /= 100.0

        self._creditrate = p.interest / 365.0

    @property
    def margin(self) -> Any:
        """Margin per unit (None for stock-like assets without margin)."""
        return self.p.margin

    @property
    def stocklike(self) -> bool:
        """True for stock-like assets (cash pays the full value)."""
        return self._stocklike

    def get_margin(self, price: float) -> Any:
        """Margin needed for one unit at ``price`` (see ``automargin``)."""
        automargin = self.p.automargin
        if not automargin:
            return self.p.margin
        if automargin < 0:
            return price * self.p.mult
        return price * automargin

    def get_leverage(self) -> float:
        """Leverage allowed for the asset."""
        return self.p.leverage

    def getsize(self, price: float, cash: float) -> int:
        """Units that ``cash`` can buy at ``price`` (leverage included)."""
        if not self._stocklike:
            return int(self.p.leverage * (cash // self.get_margin(price)))
        return int(self.p.leverage * (cash // price))

    def getoperationcost(self, size: float, price: float) -> float:
        """Cash needed to operate ``size`` units at ``price``."""
        if not self._stocklike:
            return abs(size) * self.get_margin(price)
        return abs(size) * price

    def getvaluesize(self, size: float, price: float) -> float:
        """Value of ``size`` units at ``price`` (signed for stocks)."""
        if not self._stocklike:
            return abs(size) * self.get_margin(price)
        return size * price

    def getvalue(self, position: Any, price: float) -> float:
        """Value of ``position`` at ``price``.

        A stock-like short is valued as its entry value plus its unrealized
        profit, i.e. ``size*entry + (entry - price)*size``.
        """
        if not self._stocklike:
            return abs(position.size) * self.get_margin(price)

        size = position.size
        if size >= 0:
            return size * price

        value = position.price * size
        value += (position.price - price) * size
        return value

    def _getcommission(self, size: float, price: float, pseudoexec: bool) -> float:
        """Commission for ``size`` units at ``price``.

        ``pseudoexec`` is True when the figure is only an estimate (no execution is
        taking place); schemes counting executions (e.g. volume tiers) override this.
        """
        if self._commtype == self.COMM_PERC:
            return abs(size) * self.p.commission * price
        return abs(size) * self.p.commission

    def getcommission(self, size: float, price: float) -> float:
        """Commission estimate for ``size`` units at ``price``."""
        return self._getcommission(size, price, pseudoexec=True)

    def confirmexec(self, size: float, price: float) -> float:
        """Commission of an actual execution of ``size`` units at ``price``."""
        return self._getcommission(size, price, pseudoexec=False)

    def profitandloss(self, size: float, price: float, newprice: float) -> float:
        """Profit of ``size`` units moving from ``price`` to ``newprice``."""
        return size * (newprice - price) * self.p.mult

    def cashadjust(self, size: float, price: float, newprice: float) -> float:
        """Cash to add for futures-like marking to market (0.0 for stocks)."""
        if not self._stocklike:
            return size * (newprice - price) * self.p.mult
        return 0.0

    def get_credit_interest(self, data: Any, pos: Any, dt: Any) -> float:
        """Credit interest owed by ``pos`` between its last update and ``dt``.

        Longs pay only with ``interest_long``; the period is counted in whole days.
        """
        size, price = pos.size, pos.price

        if size > 0 and not self.p.interest_long:
            return 0.0

        dt0 = dt.date()
        dt1 = pos.datetime.date()
        days = (dt0 - dt1).days
        if days <= 0:
            return 0.0

        return self._get_credit_interest(data, size, price, days, dt0, dt1)

    def _get_credit_interest(self, data: Any, size: float, price: float, days: int,
                             dt0: Any, dt1: Any) -> float:
        """Interest for ``size`` units at ``price`` held ``days`` days.

        ``dt0`` is the current date, ``dt1`` the date of the position's last update.
        Override to implement other rate schemes.
        """
        return days * self._creditrate * abs(size) * price


def _plain(cls) -> bool:
    """True if ``cls`` keeps the base formulas of every fill method (cached;
    the per-fill callers below read ``_PLAIN_CACHE`` first and call this only
    for a class not seen yet or not plain)."""
    plain = _PLAIN_CACHE.get(cls)
    if plain is None:
        plain = _PLAIN_CACHE[cls] = all(getattr(cls, m) is getattr(CommInfoBase, m)
                                        for m in _FILL_METHODS)
    return plain


_FILL_METHODS = ('getvaluesize', 'get_margin', 'get_leverage', 'profitandloss',
                 'getcommission', '_getcommission', 'cashadjust', 'confirmexec')


def confirm_fill(comminfo, size: float, price: float) -> None:
    """After a fill of ``size`` at ``price``: ``comminfo.confirmexec`` (the
    commission with ``pseudoexec=False``), as upstream calls it -- user schemes
    may count executions there. Skipped for the stock schemes, where the call
    has no effect."""
    cls = type(comminfo)
    if not (_PLAIN_CACHE.get(cls) or _plain(cls)):
        comminfo.confirmexec(size, price)


def fill_terms(comminfo, closed, opened, oldprice: float, price: float) -> tuple:
    """Money terms of a fill: ``(closedvalue, pnl, closedcomm, openedvalue,
    openedcomm, leverage)`` for the ``closed`` part (against ``oldprice``) and
    the ``opened`` part at ``price``. Schemes that keep the base formulas are
    computed inline (one call per fill); others go through their methods."""
    cls = type(comminfo)
    if not (_PLAIN_CACHE.get(cls) or _plain(cls)):
        # pnl is computed for an opening fill too: 0 * (a loss) is -0.0, as upstream's
        pnl = comminfo.profitandloss(-closed, oldprice, price)
        if closed:
            closedvalue = comminfo.getvaluesize(-closed, oldprice)
            closedcomm = comminfo.getcommission(closed, price)
        else:
            closedvalue = closedcomm = 0.0
        if opened:
            openedvalue = comminfo.getvaluesize(opened, price)
            openedcomm = comminfo.getcommission(opened, price)
        else:
            openedvalue = openedcomm = 0.0
        return closedvalue, pnl, closedcomm, openedvalue, openedcomm, comminfo.get_leverage()
    p = comminfo.p
    perc = comminfo._commtype == _COMM_PERC
    stock = comminfo._stocklike
    comm = p.commission
    pnl = -closed * (price - oldprice) * p.mult
    if closed:
        if stock:
            closedvalue = -closed * oldprice
        else:
            closedvalue = abs(-closed) * comminfo.get_margin(oldprice)
        closedcomm = abs(closed) * comm * price if perc else abs(closed) * comm
    else:
        closedvalue = closedcomm = 0.0
    if opened:
        if stock:
            openedvalue = opened * price
        else:
            openedvalue = abs(opened) * comminfo.get_margin(price)
        openedcomm = abs(opened) * comm * price if perc else abs(opened) * comm
    else:
        openedvalue = openedcomm = 0.0
    return closedvalue, pnl, closedcomm, openedvalue, openedcomm, p.leverage


_PLAIN_CACHE: dict = {}
_COMM_PERC = CommInfoBase.COMM_PERC


class CommissionInfo(CommInfoBase):
    """``CommInfoBase`` with ``percabs=True`` (commission given as a fraction)."""

    params = (
        ('percabs', True),
    )
