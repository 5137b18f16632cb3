"""`import backtrader` stays light: no network or mail modules until something uses them."""
import subprocess
import sys

from conftest import REPO

# Modules that only a fetch (Yahoo/Quandl downloads, stores) or a mail needs.
NETWORK_MODULES = ('urllib.request', 'http', 'http.client', 'ssl', 'email', 'socket',
                   'smtplib', 'ftplib', 'xmlrpc', 'mimetypes')


def _loaded_after(code: str, names: tuple = NETWORK_MODULES) -> list:
    """Which of ``names`` are imported after running ``code`` in a fresh interpreter."""
    probe = (code + '\nimport sys\n'
             'print(",".join(sorted(m for m in %r if m in sys.modules)))' % (names,))
    out = subprocess.run([sys.executable, '-c', probe], cwd=str(REPO), capture_output=True,
                         text=True, check=True)
    return [m for m in out.stdout.strip().split(',') if m]


def test_import_backtrader_loads_no_network_modules():
    assert _loaded_after('import backtrader') == []


def test_urlopen_still_reachable_from_py3_compat():
    # the lazy names resolve on first use and are the standard library's own objects
    loaded = _loaded_after('import urllib.request\n'
                           'from backtrader.utils.py3 import urlopen, build_opener\n'
                           'assert urlopen is urllib.request.urlopen\n'
                           'assert build_opener is urllib.request.build_opener')
    assert 'urllib.request' in loaded


# What only the state files and checkpoints need (sqlite3, shelve, the tagged codec).
STATE_MODULES = ('sqlite3', 'shelve', 'dbm', 'backtrader.state.codec',
                 'backtrader.state.control', 'backtrader.state.manager')


def test_state_machinery_loads_on_first_use():
    assert _loaded_after('import backtrader', STATE_MODULES) == []
    # the public names still resolve, to the real classes
    loaded = _loaded_after('import backtrader as bt\n'
                           'from backtrader.state import RunControl\n'
                           'assert bt.StateManager is bt.state.manager.StateManager\n'
                           'assert bt.state.checkpoint_info.__module__ == '
                           '"backtrader.state.control"', STATE_MODULES)
    assert {'sqlite3', 'backtrader.state.control', 'backtrader.state.manager'} <= set(loaded)
