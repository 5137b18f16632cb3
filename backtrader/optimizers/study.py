"""``Study``: the crash-safe record of an optimisation, in SQLite (the
standard library's ``sqlite3``; WAL journal).

Tables:

``meta``      key -> JSON: space, objective, searcher (configuration and a
              progress snapshot), seed, strategy, code/data fingerprint, status
``trials``    one row per finished trial, written (and committed) the moment
              it finishes: number, params, status (complete, failed, timeout,
              crashed), feasible, score, objective values, metrics, the user's
              analyzers' results, error, attempts, start/end times, worker
``attempts``  every failed attempt (retries included): trial, attempt,
              status, error, times, worker
``returns``   each trial's per-bar returns (float64, zlib-compressed)
``bars``      the bar dates of those returns (stored once)

Without a path the study lives in memory. Nothing accumulates in Python:
readers stream rows from the database, so a 10,000-trial study costs no
more memory than a 100-trial one (with a file).
"""
from __future__ import annotations

import json
import math
import os
import sqlite3
import time
import zlib
from typing import Any, Iterator, Optional

import numpy as np

from ..core.errors import StudyExistsError, StudyMismatchError

__all__ = ['Study', 'TrialRecord', 'SCHEMA_VERSION']

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS trials (
    number INTEGER PRIMARY KEY, params TEXT NOT NULL, pkey TEXT NOT NULL,
    status TEXT NOT NULL, feasible INTEGER NOT NULL, score REAL, "values" TEXT,
    metrics TEXT, analyzers TEXT, error TEXT, violated TEXT, attempts INTEGER NOT NULL,
    started REAL, finished REAL, duration REAL, worker TEXT);
CREATE INDEX IF NOT EXISTS trials_score ON trials (feasible, score);
CREATE TABLE IF NOT EXISTS attempts (
    trial INTEGER NOT NULL, attempt INTEGER NOT NULL, status TEXT NOT NULL, error TEXT,
    started REAL, finished REAL, worker TEXT, PRIMARY KEY (trial, attempt));
CREATE TABLE IF NOT EXISTS returns (trial INTEGER PRIMARY KEY, n INTEGER NOT NULL,
    data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS bars (id INTEGER PRIMARY KEY CHECK (id = 0), n INTEGER NOT NULL,
    data BLOB NOT NULL);
"""

# what must match when a study is resumed, and how to name it in the error
_IDENTITY = (('strategy', 'strategy'), ('space', 'parameter space'),
             ('objective', 'objective'), ('searcher', 'searcher'), ('seed', 'seed'),
             ('data', 'data'), ('code', 'strategy code'))


def _dumps(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, default=str)


def _finite(obj: Any) -> Any:
    """NaN/inf as None (strict JSON)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_finite(v) for v in obj]
    return obj


def pack_array(arr: np.ndarray) -> bytes:
    return zlib.compress(np.ascontiguousarray(arr, dtype=np.float64).tobytes(), 1)


def unpack_array(blob: bytes) -> np.ndarray:
    return np.frombuffer(zlib.decompress(blob), dtype=np.float64)


class TrialRecord:
    """A finished trial as stored (and as ``OptimizationResult.all_results`` yields)."""

    __slots__ = ('number', 'params', 'status', 'feasible', 'score', 'values', 'metrics',
                 'analyzers', 'error', 'violated', 'attempts', 'started', 'finished',
                 'duration', 'worker')

    def __init__(self, number: int, params: dict, status: str = 'complete',
                 feasible: bool = False, score: Optional[float] = None,
                 values: Optional[list] = None, metrics: Optional[dict] = None,
                 analyzers: Optional[dict] = None, error: Optional[str] = None,
                 violated: Optional[list] = None, attempts: int = 1,
                 started: Optional[float] = None, finished: Optional[float] = None,
                 worker: Optional[str] = None, duration: Optional[float] = None) -> None:
        self.number, self.params, self.status = number, params, status
        self.feasible, self.score, self.values = feasible, score, values
        self.metrics, self.analyzers, self.error = metrics or {}, analyzers or {}, error
        self.violated = violated or []
        self.attempts, self.started, self.finished = attempts, started, finished
        self.duration = duration if duration is not None else (
            finished - started if started is not None and finished is not None else None)
        self.worker = worker

    @property
    def ok(self) -> bool:
        """Completed, feasible and scored."""
        return self.status == 'complete' and self.feasible

    def as_dict(self) -> dict:
        """The record as a plain dict."""
        return {k: getattr(self, k) for k in self.__slots__}

    def __getitem__(self, key: str) -> Any:       # dict-style access to fields or metrics
        if key in self.__slots__:
            return getattr(self, key)
        if key in self.params:
            return self.params[key]
        return self.metrics[key]

    def __repr__(self) -> str:
        return 'TrialRecord(#%d %s %s score=%r%s)' % (
            self.number, self.params, self.status, self.score,
            '' if self.feasible else ' infeasible')


_COLS = ('number', 'params', 'status', 'feasible', 'score', '"values"', 'metrics', 'analyzers',
         'error', 'violated', 'attempts', 'started', 'finished', 'duration', 'worker')


def _row_to_record(row) -> TrialRecord:
    (number, params, status, feasible, score, values, metrics, analyzers, error, violated,
     attempts, started, finished, duration, worker) = row
    return TrialRecord(number, json.loads(params), status, bool(feasible), score,
                       json.loads(values) if values else None,
                       json.loads(metrics) if metrics else {},
                       json.loads(analyzers) if analyzers else {}, error,
                       json.loads(violated) if violated else [], attempts, started, finished,
                       worker, duration)


class Study:
    """An optimisation study stored in SQLite (``path``), or in memory.

    ``Study(path)`` opens or creates the file; the engine calls
    ``begin(meta, resume=...)`` to start or continue it. Use ``Study.load(path)``
    to read a finished study.
    """

    def __init__(self, path: Optional[str] = None, synchronous: str = 'NORMAL') -> None:
        self.path = None if path in (None, ':memory:') else os.fspath(path)
        self._conn = sqlite3.connect(self.path or ':memory:', isolation_level=None,
                                     check_same_thread=False)
        if self.path:
            # WAL: a committed trial survives the process being killed; readers
            # never block the writer
            self._conn.execute('PRAGMA journal_mode=WAL')
            self._conn.execute('PRAGMA synchronous=%s' % synchronous)
        self._conn.executescript(_SCHEMA)
        self._has_bars = self._conn.execute('SELECT COUNT(*) FROM bars').fetchone()[0] > 0

    @classmethod
    def load(cls, path: str) -> 'Study':
        """Open an existing study file (``FileNotFoundError`` when missing)."""
        if not os.path.exists(path):
            raise FileNotFoundError('no study file at %r' % (path,))
        return cls(path)

    # -- metadata ------------------------------------------------------------------------------
    @property
    def meta(self) -> dict:
        """Every metadata entry (decoded JSON)."""
        return {k: json.loads(v) for k, v in self._conn.execute('SELECT key, value FROM meta')}

    def get_meta(self, key: str, default: Any = None) -> Any:
        """One metadata entry, or ``default``."""
        row = self._conn.execute('SELECT value FROM meta WHERE key = ?', (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def set_meta(self, key: str, value: Any) -> None:
        """Store one metadata entry (JSON)."""
        self._conn.execute('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)',
                           (key, _dumps(value)))

    def begin(self, meta: dict, resume: bool = False, overwrite: bool = False) -> int:
        """Start (or with ``resume`` continue) the study described by ``meta``;
        returns the number of trials already stored. A resumed study must
        describe the same strategy, space, objective, searcher, seed, data and
        code, else ``StudyMismatchError`` names what differs."""
        stored = self.n_trials
        old = self.meta
        if old and overwrite:
            self.reset()
            old, stored = {}, 0
        elif old and not resume:
            if stored:
                raise StudyExistsError(
                    'study %s already holds %d trials: pass resume=True to continue it or '
                    'overwrite=True to start again' % (self.path or '(memory)', stored))
            self.reset()
            old = {}
        if old:
            diffs = []
            for key, label in _IDENTITY:
                if key in meta and key in old and _dumps(old[key]) != _dumps(meta[key]):
                    diffs.append('%s (stored: %s; now: %s)' % (
                        label, _short(old[key]), _short(meta[key])))
            if diffs:
                raise StudyMismatchError('cannot resume study %s: different %s' % (
                    self.path or '(memory)', '; '.join(diffs)))
        self._conn.execute('BEGIN')
        for key, value in meta.items():
            self.set_meta(key, value)
        self.set_meta('schema', SCHEMA_VERSION)
        if not old:
            self.set_meta('created', time.time())
        self.set_meta('status', 'running')
        self._conn.execute('COMMIT')
        return stored

    def reset(self) -> None:
        """Delete everything stored."""
        self._conn.executescript('DELETE FROM meta; DELETE FROM trials; DELETE FROM attempts; '
                                 'DELETE FROM returns; DELETE FROM bars;')
        self._has_bars = False

    # -- writing -------------------------------------------------------------------------------
    def record(self, rec: TrialRecord, returns: Optional[bytes] = None,
               nreturns: int = 0, bars: Optional[bytes] = None, nbars: int = 0) -> None:
        """Store one finished trial (one transaction)."""
        c = self._conn
        c.execute('BEGIN')
        try:
            c.execute('INSERT OR REPLACE INTO trials (pkey, %s) VALUES (?, %s)' % (
                ', '.join(_COLS), ', '.join('?' * len(_COLS))), (
                _dumps(sorted(rec.params.items())),
                rec.number, _dumps(rec.params), rec.status,
                int(bool(rec.feasible)), _real(rec.score),
                None if rec.values is None else _dumps(rec.values),
                json.dumps(rec.metrics, default=str), _dumps(rec.analyzers) if rec.analyzers
                else None, rec.error, _dumps(rec.violated) if rec.violated else None,
                rec.attempts, rec.started, rec.finished, rec.duration, rec.worker))
            if returns is not None:
                c.execute('INSERT OR REPLACE INTO returns (trial, n, data) VALUES (?, ?, ?)',
                          (rec.number, nreturns, returns))
            if bars is not None and not self._has_bars:
                c.execute('INSERT OR REPLACE INTO bars (id, n, data) VALUES (0, ?, ?)',
                          (nbars, bars))
                self._has_bars = True
            c.execute('COMMIT')
        except BaseException:
            c.execute('ROLLBACK')
            raise

    def record_attempt(self, trial: int, attempt: int, status: str, error: Optional[str],
                       started: Optional[float], finished: Optional[float],
                       worker: Optional[str]) -> None:
        """Store a failed attempt of a trial."""
        self._conn.execute('INSERT OR REPLACE INTO attempts VALUES (?, ?, ?, ?, ?, ?, ?)',
                           (trial, attempt, status, error, started, finished, worker))

    def finish(self, status: str = 'complete', **info: Any) -> None:
        """Mark the study finished with ``status`` and extra metadata."""
        self.set_meta('status', status)
        for k, v in info.items():
            self.set_meta(k, v)

    # -- reading -------------------------------------------------------------------------------
    @property
    def n_trials(self) -> int:
        """Number of stored trials."""
        return self._conn.execute('SELECT COUNT(*) FROM trials').fetchone()[0]

    def __len__(self) -> int:
        return self.n_trials

    def counts(self) -> dict:
        """Trials per status, plus ``feasible``."""
        out = dict(self._conn.execute('SELECT status, COUNT(*) FROM trials GROUP BY status'))
        out['feasible'] = self._conn.execute(
            "SELECT COUNT(*) FROM trials WHERE status = 'complete' AND feasible = 1"
        ).fetchone()[0]
        return out

    def trials(self, status: Optional[str] = None) -> Iterator[TrialRecord]:
        """Stored trials in trial order (streamed)."""
        sql = 'SELECT %s FROM trials' % ', '.join(_COLS)
        args: tuple = ()
        if status is not None:
            sql += ' WHERE status = ?'
            args = (status,)
        cur = self._conn.execute(sql + ' ORDER BY number', args)
        while True:
            rows = cur.fetchmany(256)
            if not rows:
                return
            for row in rows:
                yield _row_to_record(row)

    def __iter__(self) -> Iterator[TrialRecord]:
        return self.trials()

    def trial(self, number: int) -> TrialRecord:
        """Stored trial ``number`` (``KeyError`` when missing)."""
        row = self._conn.execute('SELECT %s FROM trials WHERE number = ?' % ', '.join(_COLS),
                                 (number,)).fetchone()
        if row is None:
            raise KeyError('no trial %d in the study' % number)
        return _row_to_record(row)

    def numbers(self) -> list:
        """Stored trial numbers, in order."""
        return [r[0] for r in self._conn.execute('SELECT number FROM trials ORDER BY number')]

    def best(self, direction: str = 'maximize', n: int = 1) -> list:
        """The ``n`` best feasible trials (ties: the earlier trial first)."""
        order = 'DESC' if direction == 'maximize' else 'ASC'
        rows = self._conn.execute(
            "SELECT %s FROM trials WHERE status = 'complete' AND feasible = 1 AND score IS NOT "
            "NULL ORDER BY score %s, number ASC LIMIT ?" % (', '.join(_COLS), order), (n,))
        return [_row_to_record(r) for r in rows]

    def returns(self, number: int) -> np.ndarray:
        """Trial ``number``'s per-bar returns."""
        row = self._conn.execute('SELECT data FROM returns WHERE trial = ?', (number,)).fetchone()
        if row is None:
            raise KeyError('no returns stored for trial %d' % number)
        return unpack_array(row[0])

    def bar_dates(self) -> np.ndarray:
        """Dates (backtrader date numbers) of the stored returns' bars."""
        row = self._conn.execute('SELECT data FROM bars WHERE id = 0').fetchone()
        return unpack_array(row[0]) if row else np.empty(0)

    def attempts(self) -> list:
        """Every failed attempt, as dicts."""
        return [dict(zip(('trial', 'attempt', 'status', 'error', 'started', 'finished',
                          'worker'), r))
                for r in self._conn.execute('SELECT * FROM attempts ORDER BY trial, attempt')]

    # -- export ----------------------------------------------------------------------------------
    def to_dataframe(self, metrics: bool = True):
        """One row per trial: number, the parameters, status, feasible, score,
        error, duration, worker and (``metrics=True``) every metric."""
        import pandas as pd
        rows = []
        for rec in self.trials():
            row = {'number': rec.number}
            row.update(rec.params)
            row.update(status=rec.status, feasible=rec.feasible, score=rec.score,
                       error=rec.error, attempts=rec.attempts, duration=rec.duration,
                       worker=rec.worker)
            if rec.values is not None and len(rec.values) > 1:
                for i, v in enumerate(rec.values):
                    row['value_%d' % i] = v
            if metrics:
                row.update(rec.metrics)
            rows.append(row)
        return pd.DataFrame(rows)

    def to_csv(self, path: str, **kwargs: Any) -> None:
        """Write ``to_dataframe()`` as CSV."""
        self.to_dataframe().to_csv(path, index=False, **kwargs)

    def to_json(self, path: Optional[str] = None) -> str:
        """The study (metadata and every trial) as strict JSON; written to
        ``path`` when given."""
        doc = {'meta': self.meta, 'trials': [_finite(r.as_dict()) for r in self.trials()]}
        text = json.dumps(_finite(doc), default=str, indent=1)
        if path is not None:
            with open(path, 'w') as fh:
                fh.write(text)
        return text

    def close(self) -> None:
        """Close the database connection."""
        try:
            self._conn.close()
        except sqlite3.Error:
            pass

    def __enter__(self) -> 'Study':
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return 'Study(%r, %d trials)' % (self.path or ':memory:', self.n_trials)


def _real(x: Any) -> Optional[float]:
    if x is None:
        return None
    x = float(x)
    return x if not math.isnan(x) else None


def _short(obj: Any, limit: int = 160) -> str:
    text = _dumps(obj)
    return text if len(text) <= limit else text[:limit - 3] + '...'
