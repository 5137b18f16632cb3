"""Plot tests draw in this process with matplotlib's Agg backend (headless runs
in fresh processes are tested separately, without any backend forced)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GALLERY = REPO / 'samples' / 'plotting'
if str(GALLERY) not in sys.path:
    sys.path.insert(0, str(GALLERY))

matplotlib = pytest.importorskip('matplotlib')
matplotlib.use('Agg')


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt
    plt.close('all')
