"""Declarative parameters without a metaclass.

A class states ``params = (('period', 30),)`` (or a dict). When the class is
created, ``__init_subclass__`` merges the declarations found along its bases into
an *info class* stored back as ``cls.params``: a small class whose attributes are
the defaults, with the helper methods legacy code calls (``_getkeys``,
``_getdefaults``, ``_getitems`` ...). Each instance receives ``self.params`` (alias
``self.p``), an instance of that info class holding the current values.

The same info-class machinery carries ``plotinfo`` and ``plotlines``.

Instantiation without a metaclass ``__call__``: every ``__init__`` defined by a
subclass is wrapped once. The outermost wrapped call runs the class family's
build pipeline (``_bt_build``): it consumes parameter keywords, runs pre-init
work, calls the user's ``__init__`` with what is left and runs post-init work.
Nested ``super().__init__()`` calls go straight to the wrapped function.
"""
from __future__ import annotations

import functools
import importlib
import inspect
import sys
from collections import OrderedDict
from typing import Any, Iterable

from . import strict as _strict
from .errors import ModuleImportError, FromModuleImportError, ParameterError

__all__ = ['AutoInfoClass', 'ParamsBase', 'make_info_class', 'normalize_decl',
           'leftover_kwargs']


class AutoInfoClass:
    """Base of generated info classes (params, plotinfo, plotlines).

    Class attributes hold the defaults; ``_pairs`` keeps them, in order.
    Instances hold every current value as an instance attribute.
    """

    _pairs: 'OrderedDict[str, Any]' = OrderedDict()
    _pairsbase: 'OrderedDict[str, Any]' = OrderedDict()
    _values: 'OrderedDict[str, Any]' = OrderedDict()    # what instances start with
    _recurse: bool = False
    _owner: type | None = None

    def __init__(self) -> None:
        # every value in the instance, as upstream keeps them: in declaration
        # order (``vars(self.p)`` lists them all) and fixed when the object is
        # made (a later change of the class's default does not reach it)
        values = self._values
        if self._recurse:
            # each object its own per-line settings (set on one, not on the others)
            values = {k: LineInfo(v) if type(v) is LineInfo else v for k, v in values.items()}
        self.__dict__.update(values)

    # -- class level views of the defaults --------------------------------
    @classmethod
    def _getpairs(cls) -> 'OrderedDict[str, Any]':
        return cls._pairs.copy()

    @classmethod
    def _getpairsbase(cls) -> 'OrderedDict[str, Any]':
        return cls._pairsbase.copy()

    @classmethod
    def _getrecurse(cls) -> bool:
        return cls._recurse

    @classmethod
    def _getkeys(cls):
        return cls._pairs.keys()

    @classmethod
    def _getdefaults(cls) -> list:
        return list(cls._pairs.values())

    @classmethod
    def _getitems(cls):
        return cls._pairs.items()

    @classmethod
    def _gettuple(cls) -> tuple:
        return tuple(cls._pairs.items())

    @classmethod
    def _getkwargsdefault(cls) -> 'OrderedDict[str, Any]':
        return cls._pairs.copy()

    @classmethod
    def _derive(cls, name: str, info, otherbases=(), recurse: bool = False):
        """Create a sub info class adding/overriding ``info`` on top of ``cls``
        and the ``otherbases`` info classes."""
        return make_info_class(name, [cls, *otherbases], info, recurse=recurse)

    # -- instance level -----------------------------------------------------
    def _get(self, name: str, default: Any = None) -> Any:
        return getattr(self, name, default)

    def isdefault(self, pname: str) -> bool:
        """True if parameter ``pname`` still has its default value."""
        return getattr(self, pname) == self._pairs[pname]

    def notdefault(self, pname: str) -> bool:
        """True if parameter ``pname`` was given a value other than its default."""
        return getattr(self, pname) != self._pairs[pname]

    def _getvalues(self) -> list:
        return [getattr(self, n) for n in self._pairs]

    def _getkwargs(self) -> 'OrderedDict[str, Any]':
        out = self._pairs.copy()
        for k, v in self.__dict__.items():
            if k in out:
                out[k] = v
        return out

    def _values(self) -> list:
        return self._getvalues()

    def __reduce__(self):
        # Generated classes are not importable by name: rebuild from the owner
        # class (importable) and the current values. Needed by optimisation
        # results crossing process boundaries.
        return (_rebuild_info, (self._owner, self._bt_attr, self._getkwargs()))

    _bt_attr = 'params'


def _rebuild_info(owner, attr, values):
    if owner is None:
        obj = AutoInfoClass()
    else:
        obj = getattr(owner, attr)()
    for k, v in values.items():
        setattr(obj, k, v)
    return obj


def normalize_decl(decl) -> 'OrderedDict[str, Any]':
    """Turn a params/plotinfo declaration (tuple of pairs, dict, info class)
    into an ordered mapping."""
    if decl is None:
        return OrderedDict()
    if isinstance(decl, type) and issubclass(decl, AutoInfoClass):
        return decl._getpairs()
    if isinstance(decl, dict):
        return OrderedDict(decl)
    out = OrderedDict()
    for item in decl:
        if isinstance(item, str):
            out[item] = None
        elif len(item) == 1:
            out[item[0]] = None
        else:
            out[item[0]] = item[1]
    return out


class LineInfo(dict):
    """One line's entry in ``plotlines`` (its plot settings): a dict that
    also reads and writes its keys as attributes, as upstream's per-line info
    objects do (``ind.plotlines.sma.color``, ``._get('_name', None)``); the
    plotting code reads it as the dict it is."""

    __slots__ = ()

    def __getattr__(self, name: str):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name: str, value) -> None:
        self[name] = value

    def __delattr__(self, name: str) -> None:
        try:
            del self[name]
        except KeyError:
            raise AttributeError(name) from None

    def _get(self, name: str, default=None):
        return self.get(name, default)

    def _getkeys(self) -> list:
        return list(self)

    def _getvalues(self) -> list:
        return list(self.values())

    def _getitems(self) -> list:
        return list(self.items())

    def _getpairs(self) -> 'OrderedDict[str, Any]':
        return OrderedDict(self)


def _merge_value(old, new, recurse):
    if recurse and isinstance(old, dict) and isinstance(new, dict):
        merged = dict(old)
        merged.update(new)
        return merged
    return new


def make_info_class(name: str, bases: Iterable[type], declared, recurse: bool = False,
                    owner: type | None = None, attr: str = 'params') -> type:
    """Build an info class from base info classes plus own declarations.

    Order: the first base's entries, then entries new in the other bases, then
    the class' own new entries; values from later sources override.
    """
    bases = [b for b in bases if b is not None]
    pairs: 'OrderedDict[str, Any]' = OrderedDict()
    for b in bases:
        for k, v in b._pairs.items():
            pairs[k] = _merge_value(pairs.get(k), v, recurse) if k in pairs else v
    base_pairs = pairs.copy()
    for k, v in normalize_decl(declared).items():
        pairs[k] = _merge_value(pairs.get(k), v, recurse) if k in pairs else v
    values = pairs
    if recurse:
        # (upstream's listings -- _getitems... -- give the declared dicts; the
        # attributes, of the class and of its instances, one object per line)
        values = OrderedDict((k, LineInfo(v) if isinstance(v, dict) else v)
                             for k, v in pairs.items())
    ns = dict(values)
    ns.update(_pairs=pairs, _pairsbase=base_pairs, _values=values, _recurse=recurse,
              _owner=owner, _bt_attr=attr)
    pybases = tuple(bases[:1]) or (AutoInfoClass,)
    return type(name, pybases, ns)


# params class -> its defaults as a plain dict, made on first use (param_values;
# a caller making many instances may copy the entry itself)
DEFAULTS_BY_CLASS: dict = {}


def param_values(pcls: type) -> dict:
    """A new dict of every parameter of the params class ``pcls`` at its
    default, in declaration order (a copy of a plain dict: the quickest way
    to give an order's parameters every value, as upstream's hold)."""
    defaults = DEFAULTS_BY_CLASS.get(pcls)
    if defaults is None:
        defaults = DEFAULTS_BY_CLASS[pcls] = dict(pcls._pairs)
    return defaults.copy()


# --------------------------------------------------------------------------
# packages / frompackages
def _import_packages(cls) -> None:
    """Import modules named in ``packages``/``frompackages`` of ``cls`` (and its
    bases) into the namespace of the module defining ``cls``."""
    modns = getattr(sys.modules.get(cls.__module__), '__dict__', None)
    if modns is None:
        return
    packages, frompackages = [], []
    for klass in reversed(cls.__mro__):
        packages.extend(klass.__dict__.get('packages', ()) or ())
        frompackages.extend(klass.__dict__.get('frompackages', ()) or ())
    for entry in packages:
        if isinstance(entry, (tuple, list)):
            modname, alias = entry[0], entry[1]
        else:
            modname = alias = entry
        try:
            mod = importlib.import_module(modname)
        except ImportError as exc:
            raise ModuleImportError(f'{cls.__name__}: cannot import package {modname!r}',
                                    entry) from exc
        if alias == modname:
            modns.setdefault(modname.split('.')[0], importlib.import_module(modname.split('.')[0]))
        else:
            modns[alias] = mod
    for entry in frompackages:
        modname, names = entry[0], entry[1]
        if isinstance(names, str):
            names = (names,)
        try:
            mod = importlib.import_module(modname)
        except ImportError as exc:
            raise FromModuleImportError(f'{cls.__name__}: cannot import module {modname!r}',
                                        entry) from exc
        for name in names:
            if isinstance(name, (tuple, list)):
                name, alias = name[0], name[1]
            else:
                alias = name
            try:
                modns[alias] = getattr(mod, name)
            except AttributeError as exc:
                raise FromModuleImportError(
                    f'{cls.__name__}: module {modname!r} has no name {name!r}', entry) from exc


# --------------------------------------------------------------------------
# __init__ wrapping
_ACCEPTS_CACHE: dict = {}


def _accepted_keywords(func):
    """(set of keyword names, accepts **kwargs) for ``func``; cached."""
    try:
        return _ACCEPTS_CACHE[func]
    except KeyError:
        pass
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        res = (frozenset(), True)
    else:
        names, varkw = set(), False
        for prm in sig.parameters.values():
            if prm.kind is prm.VAR_KEYWORD:
                varkw = True
            elif prm.kind in (prm.POSITIONAL_OR_KEYWORD, prm.KEYWORD_ONLY):
                names.add(prm.name)
        res = (frozenset(names), varkw)
    _ACCEPTS_CACHE[func] = res
    return res


def leftover_kwargs(cls, init, kwargs: dict, extra_valid: Iterable[str] = ()) -> dict:
    """The keywords left after params were consumed that ``init`` receives.

    As upstream, they go on to the class' ``__init__``. Where that is the
    ``__init__`` of a base that swallows anything (``cls._bt_drops_kwargs``:
    feeds, strategies, indicators, observers without their own ``__init__``)
    the ones it cannot take are dropped, unless strict mode is on. Otherwise
    keywords ``init`` cannot take raise ``ParameterError`` (a ``TypeError``,
    as upstream's) naming the valid parameters.
    """
    if not kwargs:
        return kwargs
    if getattr(init, '_bt_takes_nothing', False):
        names, varkw = frozenset(), False
    else:
        names, varkw = _accepted_keywords(init)
    if varkw:
        return kwargs
    unknown = [k for k in kwargs if k not in names]
    if not unknown:
        return kwargs
    if cls._bt_drops_kwargs and not _strict.ENABLED:
        return {k: v for k, v in kwargs.items() if k in names}
    valid = list(cls.params._getkeys()) + [n for n in extra_valid]
    raise ParameterError(
        '%s: unknown parameter%s %s; valid parameters are: %s' % (
            cls.__name__, 's' if len(unknown) > 1 else '',
            ', '.join(repr(u) for u in unknown),
            ', '.join(valid) if valid else '(none)'))


def _wrap_init(init):
    @functools.wraps(init)
    def __init__(self, *args, **kwargs):
        if self._bt_building:
            return init(self, *args, **kwargs)
        return self._bt_build(init, args, kwargs)

    __init__._bt_wrapped = True
    __init__._bt_raw = init
    return __init__


def _install_init_wrapper(cls) -> None:
    init = cls.__dict__.get('__init__')
    if init is not None and not getattr(init, '_bt_wrapped', False):
        cls.__init__ = _wrap_init(init)


class ParamsBase:
    """Base for every object configured through ``params``.

    Subclasses declare ``params``; instances expose ``self.params``/``self.p``.
    """

    params = ()
    packages = ()
    frompackages = ()
    _bt_building = False
    #: unknown keywords are dropped instead of raising (outside strict mode);
    #: a class defining ``__init__`` receives them unless it says otherwise
    _bt_drops_kwargs = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        declared = cls.__dict__.get('params', ())
        if isinstance(declared, type) and issubclass(declared, AutoInfoClass):
            declared = ()          # inherited info class re-exposed: nothing new
        basecls = [b.params for b in cls.__bases__
                   if isinstance(getattr(b, 'params', None), type)
                   and issubclass(b.params, AutoInfoClass)]
        cls.params = make_info_class('Params_%s' % cls.__name__, basecls, declared,
                                     owner=cls, attr='params')
        if cls.__dict__.get('packages') or cls.__dict__.get('frompackages') or \
                any(getattr(b, 'packages', ()) or getattr(b, 'frompackages', ())
                    for b in cls.__mro__[1:]):
            _import_packages(cls)
        if '__init__' in cls.__dict__ and '_bt_drops_kwargs' not in cls.__dict__:
            cls._bt_drops_kwargs = False
        _install_init_wrapper(cls)

    def __new__(cls, *args, **kwargs):
        init = cls.__init__
        if not hasattr(init, '_bt_wrapped') and not hasattr(init, '_bt_takes_nothing'):
            # an ``__init__`` assigned after the class was made (a script
            # patching ``MyStrategy.__init__ = f``): wrapped now, as at class
            # creation, so it gets its params and the build steps
            owner = next(k for k in cls.__mro__ if '__init__' in k.__dict__)
            if issubclass(owner, ParamsBase):
                if '_bt_drops_kwargs' not in owner.__dict__:
                    owner._bt_drops_kwargs = False
                _install_init_wrapper(owner)
        return object.__new__(cls)

    def __init__(self, *args, **kwargs):
        # tolerant of super().__init__(*a, **kw) chains, but leftover keywords
        # reaching it from the build pipeline are reported (_bt_takes_nothing)
        pass

    __init__._bt_takes_nothing = True

    # -- build pipeline ------------------------------------------------------
    def _bt_takeparams(self, kwargs: dict) -> dict:
        """Create ``self.params``/``self.p`` consuming matching keywords;
        return the keywords left."""
        pcls = type(self).params
        p = pcls()
        if kwargs:
            pairs = pcls._pairs
            if kwargs.keys() <= pairs.keys():
                p.__dict__.update(kwargs)
                kwargs = {}
            else:
                left = {}
                pd = p.__dict__
                for k, v in kwargs.items():
                    if k in pairs:
                        pd[k] = v
                    else:
                        left[k] = v
                kwargs = left
        self.params = self.p = p
        return kwargs

    def _bt_build(self, init, args, kwargs):
        kwargs = leftover_kwargs(type(self), init, self._bt_takeparams(kwargs))
        self._bt_building = True
        try:
            init(self, *args, **kwargs)
        finally:
            self._bt_building = False


ParamsBase.params = make_info_class('Params_ParamsBase', [], (), owner=ParamsBase)
ParamsBase.__init__ = _wrap_init(ParamsBase.__dict__['__init__'])
