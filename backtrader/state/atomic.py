"""Atomic file replacement: a reader (or a process started after a crash)
sees the old file or the new one, never a mix.

The new content goes to a temporary file in the same folder, is flushed and
fsync'ed, then ``os.replace`` puts it in place (atomic on POSIX and Windows)
and the folder entry is fsync'ed. A process killed at any point leaves the
previous file intact (plus, at worst, its temporary file: those of processes
that no longer run are removed by the next write to the same path).
"""
from __future__ import annotations

import os
import tempfile
from typing import Union

__all__ = ['atomic_write', 'fsync_dir', 'temp_name_prefix']

PathLike = Union[str, 'os.PathLike[str]']


def temp_name_prefix(path: str) -> str:
    """Prefix of the temporary files written for ``path`` (hidden, with the
    writer's process id)."""
    return '.%s.%d.' % (os.path.basename(path), os.getpid())


def fsync_dir(folder: str) -> None:
    """Make a rename in ``folder`` durable (no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_stale_temps(folder: str, base: str) -> None:
    """Temporary files of ``base`` left by writers that were killed."""
    prefix = '.%s.' % base
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if not (name.startswith(prefix) and name.endswith('.tmp')):
            continue
        pid = name[len(prefix):].split('.', 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid)):
            continue
        try:
            os.unlink(os.path.join(folder, name))
        except OSError:
            pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def atomic_write(path: PathLike, data: bytes, durable: bool = True) -> None:
    """Replace ``path`` by ``data`` atomically; ``durable`` also survives a
    power loss (fsync of the file and of the folder), not only a crash."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    base = os.path.basename(path)
    _remove_stale_temps(folder, base)
    try:
        mode = os.stat(path).st_mode & 0o777
    except OSError:
        mode = None
    fd, tmp = tempfile.mkstemp(prefix=temp_name_prefix(path), suffix='.tmp', dir=folder)
    try:
        with os.fdopen(fd, 'wb') as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        # keep the permissions of the file replaced (mkstemp makes it private)
        os.chmod(tmp, mode if mode is not None else 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if durable:
        fsync_dir(folder)
