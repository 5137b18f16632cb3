"""Time zones as JSON: UTC, fixed offsets, zoneinfo, pytz and dateutil
zones described by name so that the same zone comes back."""
from __future__ import annotations

import datetime as _dt
from typing import Any

from ..core.errors import StateFileCorruptError

__all__ = ['tz_to_json', 'tz_from_json', 'tz_attach']


def tz_to_json(tz) -> Any:
    """A JSON description of a tzinfo that rebuilds the same zone (None for
    a kind of zone that cannot be rebuilt)."""
    if tz is _dt.timezone.utc:
        return 'UTC'
    if type(tz) is _dt.timezone:
        offset = tz.utcoffset(None)
        name = tz.tzname(None)
        spec = {'fixed': [offset.days, offset.seconds, offset.microseconds]}
        if name != _dt.timezone(offset).tzname(None):
            spec['name'] = name
        return spec
    key = getattr(tz, 'key', None)
    module = type(tz).__module__
    if module == 'zoneinfo' and isinstance(key, str):
        return {'zoneinfo': key}
    zone = getattr(tz, 'zone', None)
    if module.startswith('pytz') and isinstance(zone, str):
        return {'pytz': zone}
    if module.startswith('dateutil'):
        name = type(tz).__name__
        if name == 'tzutc':
            return {'dateutil': 'UTC'}
        filename = getattr(tz, '_filename', None)
        if name == 'tzfile' and isinstance(filename, str):
            return {'dateutil': filename}
    return None


def tz_from_json(spec):
    """The tzinfo ``tz_to_json`` described."""
    if spec == 'UTC':
        return _dt.timezone.utc
    if 'fixed' in spec:
        days, secs, micros = spec['fixed']
        offset = _dt.timedelta(days=days, seconds=secs, microseconds=micros)
        return _dt.timezone(offset, spec['name']) if 'name' in spec else _dt.timezone(offset)
    if 'zoneinfo' in spec:
        import zoneinfo
        return zoneinfo.ZoneInfo(spec['zoneinfo'])
    if 'pytz' in spec:
        import pytz
        return pytz.timezone(spec['pytz'])
    if 'dateutil' in spec:
        from dateutil import tz as dtz
        return dtz.tzutc() if spec['dateutil'] == 'UTC' else dtz.gettz(spec['dateutil'])
    raise StateFileCorruptError('unknown time zone description %r' % (spec,))


def tz_attach(spec, naive: _dt.datetime, offset: _dt.timedelta) -> _dt.datetime:
    """``naive`` (wall time) in the zone ``spec``, with the offset it had."""
    tz = tz_from_json(spec)
    if isinstance(spec, dict) and 'pytz' in spec:
        # pytz keeps one tzinfo per offset: found from the instant
        utc = (naive - offset).replace(tzinfo=tz)
        return tz.fromutc(utc)
    return naive.replace(tzinfo=tz)
