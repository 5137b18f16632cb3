"""Time frame constants (the unit of a bar) and their names."""
from __future__ import annotations

__all__ = ['TimeFrame']


class TimeFrame:
    """Bar units: ``Ticks=1`` ... ``Years=8`` and ``NoTimeFrame=9``.

    ``Names[tf]`` (alias ``names``) is the plural name of a constant; index 0 is ''.
    """

    (Ticks, MicroSeconds, Seconds, Minutes,
     Days, Weeks, Months, Years, NoTimeFrame) = range(1, 10)

    Names = ['', 'Ticks', 'MicroSeconds', 'Seconds', 'Minutes', 'Days', 'Weeks',
             'Months', 'Years', 'NoTimeFrame']
    names = Names

    @classmethod
    def _name(cls, tframe: int) -> str:
        if not isinstance(tframe, int):
            raise TypeError(f'timeframe must be an int constant, not {type(tframe).__name__}')
        if not 0 <= tframe < len(cls.Names):
            raise IndexError(f'unknown timeframe {tframe!r}: expected 1..{len(cls.Names) - 1}')
        return cls.Names[tframe]

    @classmethod
    def getname(cls, tframe: int, compression: int | None = None) -> str:
        """Display name: plural when ``compression > 1`` (always for NoTimeFrame),
        singular otherwise (``compression=None`` counts as 1)."""
        name = cls._name(tframe)
        if tframe == cls.NoTimeFrame or (compression is not None and compression > 1):
            return name
        return name[:-1]

    @classmethod
    def TFrame(cls, name: str) -> int:
        """Constant of a plural name, e.g. ``TFrame('Days') == TimeFrame.Days``."""
        try:
            return cls.Names.index(name, 1)
        except ValueError:
            raise AttributeError(
                f'unknown timeframe name {name!r}: expected one of {cls.Names[1:]}'
            ) from None

    @classmethod
    def TName(cls, tframe: int) -> str:
        """Plural name of a constant, e.g. ``TName(TimeFrame.Days) == 'Days'``."""
        return cls._name(tframe)
