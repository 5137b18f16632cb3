"""The README's first command: ``python -m backtrader`` runs a real backtest on
the synthetic data shipped in the package; the shipped file is what the
package's generator produces."""
from __future__ import annotations

import subprocess
import sys

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_shipped_sample_matches_generator():
    from backtrader.sampledata import sample_csv_text, sample_path
    with open(sample_path(), encoding='ascii') as f:
        assert f.read() == sample_csv_text()


def test_python_m_backtrader_runs_and_summarises():
    proc = subprocess.run([sys.executable, '-m', 'backtrader'], cwd=str(REPO),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert 'sample-daily (2520 bars' in out
    assert 'trades' in out and 'max dd' in out
    # same numbers in next mode (independent engine path)
    proc2 = subprocess.run([sys.executable, '-m', 'backtrader', '--runonce', '0'],
                           cwd=str(REPO), capture_output=True, text=True, timeout=300)
    strip = lambda s: [l for l in s.splitlines() if not l.startswith('run time')]  # noqa: E731
    assert strip(proc2.stdout) == strip(out)
