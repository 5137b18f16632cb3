"""``btrun`` prints what upstream's prints (analyzer output through
--pranalyzer / --ppranalyzer), and rejects bad module specs clearly."""
from __future__ import annotations

import pytest

from pathlib import Path

DATAS = Path(__file__).resolve().parents[2].parent / "shared" / "datas"

SCRIPT = '''
import sys
from backtrader.btrun import btrun
sys.argv = ['btrun', '--data', %r, '--strategy', ':SMA_CrossOver', '--analyzer', ':SQN',
            '--analyzer', ':DrawDown', %r, '--nostdstats', '--cash', '10000',
            '--commission', '0.001']
btrun()
'''


@pytest.mark.oracle
@pytest.mark.parametrize('flag', ['--pranalyzer', '--ppranalyzer'])
def test_btrun_output_matches_upstream(flag, run_oracle, run_ours):
    script = SCRIPT % (str(DATAS / '2006-day-001.txt'), flag)
    upstream = run_oracle(script)
    assert run_ours(script) == upstream
    assert 'sqn' in upstream


def test_btrun_unknown_strategy_name_is_clear():
    from backtrader.btrun import main
    with pytest.raises(SystemExit) as exc:
        main(['--data', str(DATAS / '2006-day-001.txt'), '--strategy', ':NoSuchStrategy'])
    assert 'NoSuchStrategy' in str(exc.value)


def test_parse_kwargs():
    from backtrader.btrun import parse_kwargs
    assert parse_kwargs('a=1,b=2.5,c=True') == {'a': 1, 'b': 2.5, 'c': True}
    assert parse_kwargs('') == {}
