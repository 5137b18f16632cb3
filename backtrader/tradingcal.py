"""Trading calendars (``bt.tradingcal``): weekday constants, and the calendar
classes as placeholders (not available in this version)."""
from __future__ import annotations

import datetime as _dt

from .core.legacymeta import MetaParams, with_metaclass  # noqa: F401 (upstream's names)
from .unavailable import unavailable
from .utils.dateintern import UTC  # noqa: F401  (part of this module's namespace)

__all__ = ['TradingCalendarBase', 'TradingCalendar', 'PandasMarketCalendar',
           'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY',
           'ISONODAY', 'ISOMONDAY', 'ISOTUESDAY', 'ISOWEDNESDAY', 'ISOTHURSDAY',
           'ISOFRIDAY', 'ISOSATURDAY', 'ISOSUNDAY', 'WEEKEND', 'ISOWEEKEND', 'ONEDAY']

# datetime.weekday() numbering (Monday = 0)
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)
# datetime.isoweekday() numbering (Monday = 1); 0 is "no day"
(ISONODAY, ISOMONDAY, ISOTUESDAY, ISOWEDNESDAY, ISOTHURSDAY, ISOFRIDAY, ISOSATURDAY,
 ISOSUNDAY) = range(8)

WEEKEND = [SATURDAY, SUNDAY]
ISOWEEKEND = [ISOSATURDAY, ISOSUNDAY]
ONEDAY = _dt.timedelta(days=1)

_AREA = 'timers/calendars'

TradingCalendarBase = unavailable('TradingCalendarBase', 'trading calendars',
                                  _AREA, __name__)
TradingCalendar = unavailable('TradingCalendar', 'trading calendars',
                              _AREA, __name__)
PandasMarketCalendar = unavailable(
    'PandasMarketCalendar', 'pandas_market_calendars calendars',
    _AREA, __name__)
