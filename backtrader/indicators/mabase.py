"""Moving-average base and the ``MovingAverage`` (``MovAv``) namespace where
every moving average registers itself (``MovAv.SMA``, ``MovAv.Simple``...)."""
from __future__ import annotations

from typing import Callable

from .base import Indicator

__all__ = ['MovingAverage', 'MovAv', 'MovingAverageBase', 'MetaMovAvBase']


class MovingAverage:
    """Namespace of the registered moving averages.

    ``MovAv.<ClassName>`` / ``MovAv.<Alias>`` give the classes; the short
    name obtained by dropping the word ``MovingAverage`` (``Simple``,
    ``Exponential``...) names the canonical class.
    """

    _movavs: list = []

    @classmethod
    def register(cls, regcls: type) -> None:
        """Publish ``regcls`` as ``MovingAverage.<Name>`` and under its short name
        (``MovingAverage.Simple``...); classes marked ``_notregister`` are skipped."""
        if regcls.__dict__.get('_notregister', False):
            return
        if regcls.__dict__.get('aliased') and any(
                b.__dict__.get('_notregister', False) for b in regcls.__bases__):
            return          # alias class of an unregistered (generated) class
        cls._movavs.append(regcls)
        name = regcls.__name__
        setattr(cls, name, regcls)
        short = ''
        if name.endswith('MovingAverage'):
            short = name[:-len('MovingAverage')]
        elif name.startswith('MovingAverage'):
            short = name[len('MovingAverage'):]
        # the canonical class owns its short name; alias classes only fill gaps
        canonical = not regcls.__dict__.get('aliased')
        if short and (canonical or short not in cls.__dict__):
            setattr(cls, short, regcls)


MovAv = MovingAverage


def publish_variants(make: Callable[[type], type], names: dict, exported: list) -> tuple:
    """A variant class per registered moving average (aliases and the
    abstract base get none): ``make(ma)`` builds it, the alias classes its
    ``alias`` declares come with it; each class is bound in the module
    namespace ``names`` and listed in ``exported``. Returns (last average, its
    variant): upstream leaves these as the module names ``movav`` and
    ``newcls``, which legacy code reads."""
    last = (None, None)
    for ma in list(MovingAverage._movavs):
        if ma.__dict__.get('aliased') or ma is MovingAverage._movavs[0]:
            continue
        cls = make(ma)
        name = cls.__name__
        for made in [cls] + [sub for sub in cls.__subclasses__()
                             if sub.__dict__.get('aliased') == name]:
            names[made.__name__] = made
            exported.append(made.__name__)
        last = (ma, cls)
    return last


class MovingAverageBase(Indicator):
    """Base of moving averages: ``period`` (30), plotted over the data."""

    params = (('period', 30),)
    plotinfo = dict(subplot=False)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        MovingAverage.register(cls)


MovingAverage.register(MovingAverageBase)

# upstream's metaclass name, for legacy code (registration happens in
# ``__init_subclass__``)
from ..core.legacymeta import MetaMovAvBase, with_metaclass  # noqa: E402,F401
