"""Set-up shared by the plot tests (imported by each, not a conftest: a second
``conftest`` module would shadow the suite's own): the gallery on the path,
matplotlib's Agg backend for drawing in this process (headless runs in fresh
processes are tested separately, without any backend forced), figures closed
after each test (``close_figures``, imported by the test modules)."""
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
def close_figures():
    yield
    import matplotlib.pyplot as plt
    plt.close('all')
