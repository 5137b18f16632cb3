"""``bt.talib``: indicators wrapping the TA-Lib functions.

Upstream generates one indicator class per TA-Lib function when the ``talib``
package imports, and leaves this module empty otherwise. The wrapper belongs to
a later issue: this module is empty whether or not ``talib`` is installed.
"""
from __future__ import annotations

__all__: list = []
