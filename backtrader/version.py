"""Version of the backtrader API this package reproduces (``bt.version``)."""
from __future__ import annotations

__btversion__: tuple = (1, 9, 78, 123)
__version__: str = '.'.join(str(part) for part in __btversion__)
