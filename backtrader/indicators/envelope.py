"""Envelopes: bands a fixed percentage above and below a line.

``Envelope`` wraps any line; for every registered moving average ``M`` a class
``<M>Envelope`` (plus ``<alias>Envelope`` for each alias) is generated at
import time: the moving average itself with the two bands added.
"""
from __future__ import annotations

from ..lines.series import as_line
from .base import Indicator
from .mabase import publish_variants

__all__ = ['EnvelopeMixIn', 'Envelope']

_BAND_LINES = ('top', 'bot')
_BAND_PLOTLINES = dict(top=dict(_samecolor=True), bot=dict(_samecolor=True))


class EnvelopeMixIn:
    """Adds ``top``/``bot`` = line 0 times ``1 +/- perc / 100`` to an
    indicator (``perc`` in percent). Used through the generated classes."""

    lines = _BAND_LINES
    params = (('perc', 2.5),)
    plotlines = _BAND_PLOTLINES


def _band_factors(perc: float):
    frac = perc / 100.0
    return 1.0 + frac, 1.0 - frac


# The bands of a generated class are filled after the moving average produced
# line 0 (for the bar in next mode, for the whole run in runonce mode), whether
# the average is computed by sub-objects or by its own next/once.
def _bands_next(self) -> None:
    Indicator._next(self)
    if self._bt_bands_live:
        value = self._l0[0]
        up, down = self._bt_factors
        lines = self.lines
        lines.top[0] = value * up
        lines.bot[0] = value * down


def _bands_once(self) -> None:
    Indicator._once(self)
    _bands_over(self, 0, self._l0.clock.buflen)


def _bands_once_span(self, lo: int, hi: int) -> None:
    Indicator._once_span(self, lo, hi)
    _bands_over(self, lo, hi)


def _bands_over(self, lo: int, hi: int) -> None:
    """The bands of bars ``[lo, hi)`` from line 0, computed before them."""
    if self._bt_bands_live:
        value = self._l0.storage()[lo:hi]
        up, down = self._bt_factors
        self.lines.top.storage()[lo:hi] = value * up
        self.lines.bot.storage()[lo:hi] = value * down


class _EnvelopeBase(Indicator):
    """Line ``src`` repeating the input (not plotted)."""

    lines = ('src',)
    plotinfo = dict(subplot=False)
    plotlines = dict(src=dict(_plotskip=True))

    def __init__(self) -> None:
        self.lines.src = self.data
        super().__init__()


class Envelope(_EnvelopeBase, EnvelopeMixIn):
    """``src`` = the input; ``top``/``bot`` = the input ``+/- perc`` percent."""

    lines = _BAND_LINES
    params = (('perc', 2.5),)
    plotlines = _BAND_PLOTLINES

    def __init__(self) -> None:
        super().__init__()
        up, down = _band_factors(self.p.perc)
        source = as_line(self.data)
        self.lines.top = source * up
        self.lines.bot = source * down


def _envelope_init(self) -> None:
    self._bt_ma.__init__(self)
    self._bt_factors = _band_factors(self.p.perc)
    self._bt_bands_live = not getattr(type(self), '_bt_line0_late', False)
    # the bands start where line 0 does
    mp = self._l0._minperiod
    for line in (self.lines.top, self.lines.bot):
        line.updateminperiod(mp)


def _make_envelope(ma: type) -> type:
    name = ma.__name__ + 'Envelope'
    aliases = [(a[0] if isinstance(a, (tuple, list)) else a) + 'Envelope' for a in ma.alias]
    doc = ('%s with bands ``perc`` percent above (``top``) and below (``bot``) its '
           'line (generated).' % ma.__name__)
    ns = dict(__module__=__name__, __doc__=doc, __qualname__=name, _notregister=True,
              alias=aliases, lines=_BAND_LINES, params=(('perc', 2.5),),
              plotlines=_BAND_PLOTLINES, __init__=_envelope_init, _bt_ma=ma,
              _next=_bands_next, _once=_bands_once,
              _once_span=_bands_once_span)
    return type(name, (ma, EnvelopeMixIn), ns)


# (upstream's module names: the last average and its variant)
movav, newcls = publish_variants(_make_envelope, globals(), __all__)
