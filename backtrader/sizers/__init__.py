"""Stock sizers (``bt.sizers``).

Layer: components. May import: core, utils, lines, model (the ``Sizer``
base); not strategy.py, engine or above.
"""
from __future__ import annotations

from .fixedsize import FixedReverser, FixedSize, FixedSizeTarget, SizerFix
from .percents_sizer import AllInSizer, AllInSizerInt, PercentSizer, PercentSizerInt

__all__ = ['FixedSize', 'SizerFix', 'FixedReverser', 'FixedSizeTarget',
           'PercentSizer', 'AllInSizer', 'PercentSizerInt', 'AllInSizerInt']
