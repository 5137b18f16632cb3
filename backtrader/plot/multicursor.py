"""A cursor spanning several axes (the vertical line follows the mouse over
every pane of a chart in interactive windows)."""
from __future__ import annotations

from matplotlib.widgets import MultiCursor as _MplMultiCursor

__all__ = ['MultiCursor', 'MultiCursor2']


class MultiCursor(_MplMultiCursor):
    """matplotlib's ``MultiCursor`` with the call upstream scripts use:
    ``MultiCursor(canvas, axes, useblit=True, horizOn=False, vertOn=True, ...)``."""

    def __init__(self, canvas, axes, useblit: bool = True, horizOn: bool = False,
                 vertOn: bool = True, horizMulti: bool = False, vertMulti: bool = True,
                 horizShared: bool = True, vertShared: bool = False, **lineprops) -> None:
        # (matplotlib finds the canvas from the axes; passing it is deprecated)
        super().__init__(axes, useblit=useblit, horizOn=horizOn, vertOn=vertOn, **lineprops)


MultiCursor2 = MultiCursor
