"""Multi-line objects: the ``Lines`` container and ``LineSeries``.

A class declares ``lines = ('a', 'b')``; ``__init_subclass__`` merges that
with the bases' declarations (first base's lines, then the other bases', then
the class' own, as upstream: a name declared again adds a line and stands for
the last one; ``linesoverride = True`` starts afresh) and with ``linealias``.
The result is a ``Lines`` subclass stored as ``cls.lines``; each instance gets
``self.lines`` (alias ``self.l``), an instance of it holding one
``LineBuffer`` per line, all on the same clock.

Assigning to a line (``self.lines.x = expr``) binds ``expr`` to it: whatever
``expr`` computes is copied into ``x``.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Any, Optional

from ..core.descriptors import InstanceLookup, declare
from ..core.params import ParamsBase, make_info_class, AutoInfoClass, leftover_kwargs
from .buffer import Clock, LineBuffer, NAN
from .root import (LineRoot, LineMultiple, LineSingle, install_fast_operators,
                   operation_factory)

__all__ = ['Lines', 'LineSeries', 'LineSeriesStub', 'LineSeriesMaker', 'LineAlias',
           'make_lines_class', 'as_line']


class Lines:
    """The lines of one object: index, name and alias access; assignment binds."""

    _names: tuple = ()
    _aliases: 'OrderedDict[str, int]' = OrderedDict()
    _declared: 'OrderedDict[Any, tuple]' = OrderedDict()     # linealias by line
    _nextra: int = 0
    _bt_owner: Optional[type] = None       # the class this Lines class was made for

    def __reduce__(self):
        # Generated per owner class, so not importable by name: pickled as
        # "an instance of <owner class>.lines" (the owner class is), e.g. for
        # optimisation results crossing process boundaries.
        if self._bt_owner is None:
            return object.__reduce__(self)
        return (_new_lines, (self._bt_owner,), self.__dict__)

    def __init__(self, clock: Optional[Clock] = None, owner: Any = None,
                 initlines=None) -> None:
        if clock is None:
            clock = Clock(owner)
        setter = object.__setattr__
        setter(self, '_owner', owner)
        setter(self, '_clock', clock)
        if initlines is not None:
            lines = list(initlines)
        else:
            lines = [LineBuffer(clock, owner, name) for name in self._names]
        setter(self, 'lines', lines)
        for i, name in enumerate(self._names):
            setter(self, name, lines[i])
        for alias, i in self._aliases.items():
            setter(self, alias, lines[i])

    # -- class level description ------------------------------------------------
    @classmethod
    def getlinealiases(cls) -> tuple:
        """The names of the lines, in line order."""
        return cls._names

    @classmethod
    def _getlinealias(cls, i: int) -> str:
        try:
            return cls._names[i]
        except IndexError:
            return ''

    @classmethod
    def _getlines(cls) -> tuple:
        return cls._names

    @classmethod
    def _getlinesextra(cls) -> int:
        return cls._nextra

    # -- instance -------------------------------------------------------------------
    def __getitem__(self, i):
        return self.lines[i]

    def __setitem__(self, i, value) -> None:
        bind_line(self.lines[i], value)

    def __setattr__(self, name: str, value) -> None:
        idx = self._index_of(name)
        if idx is None:
            object.__setattr__(self, name, value)
        else:
            bind_line(self.lines[idx], value)

    def _index_of(self, name: str) -> Optional[int]:
        names = self._names
        if name in names:
            return last_index(names, name)
        return self._aliases.get(name)

    def __len__(self) -> int:
        return self._clock.lencount

    def __iter__(self):
        return iter(self.lines)

    def size(self) -> int:
        """Number of lines, without the extra ones."""
        return len(self.lines) - self._nextra

    def fullsize(self) -> int:
        """Number of lines, extra ones included."""
        return len(self.lines)

    def extrasize(self) -> int:
        """Number of extra lines (added after the declared ones)."""
        return self._nextra

    def itersize(self):
        """Iterator over the lines, without the extra ones."""
        return iter(self.lines[0:self.size()])

    # cursor moves: the clock moves all lines at once
    def forward(self, value=NAN, size: int = 1) -> None:
        """Add ``size`` bars to the clock of these lines."""
        self._clock.forward(size)

    def backwards(self, size: int = 1, force: bool = False) -> None:
        """Drop the last ``size`` bars of the clock of these lines."""
        self._clock.backwards(size, force)

    def rewind(self, size: int = 1) -> None:
        """Step the clock of these lines back ``size`` bars."""
        self._clock.rewind(size)

    def advance(self, size: int = 1) -> None:
        """Step the clock of these lines forward ``size`` stored bars."""
        self._clock.advance(size)

    def home(self) -> None:
        """Put the clock of these lines before the first bar."""
        self._clock.home()

    def extend(self, value=NAN, size: int = 0) -> None:
        """Reserve ``size`` lookahead slots on the clock of these lines."""
        self._clock.extend(size)

    def reset(self) -> None:
        """Empty these lines and put their clock before the first bar."""
        self._clock.reset()

    def buflen(self, line: int = 0) -> int:
        """Number of bars stored by line ``line`` (the whole series once preloaded)."""
        return self.lines[line].buflen() if self.lines else 0

    def get(self, ago: int = 0, size: int = 1, line: int = 0):
        """``size`` values of line ``line`` ending ``ago`` bars back."""
        return self.lines[line].get(ago, size)

    def view(self, ago: int = 0, size: int = 1, line: int = 0):
        """``size`` values of line ``line`` ending ``ago`` bars back, as a
        zero-copy numpy view (``LineBuffer.view``)."""
        return self.lines[line].view(ago, size)


def as_line(value) -> LineBuffer:
    """The line a value stands for: a LineBuffer as is, a multi-line object's
    line 0, a coupler/operation's line 0; numbers are turned into constant lines."""
    if isinstance(value, LineSingle):
        return value
    if isinstance(value, LineMultiple):
        return value.lines[0]
    return operation_factory.constant(value).lines[0]


def bind_line(target: LineBuffer, value) -> None:
    source = as_line(value)
    if source is target:
        return
    source.addbinding(target)
    if (source._c is target._c and not source._cap and not target._cap
            and len(source._a) == len(target._a)):
        # Same clock, same layout: the target simply shares the source's storage
        # (every value the source computes is the target's value). Saves one
        # array per binding; should the storages ever part (growth), the
        # binding keeps copying values as usual.
        target._a = source._a
        target._mv = source._mv
    owner = target._owner
    if owner is not None and hasattr(owner, '_bindings_added'):
        owner._bindings_added(source, target)


def _new_lines(owner: type) -> Lines:
    """An empty instance of ``owner.lines`` (its state is restored by pickle)."""
    return object.__new__(owner.lines)


def last_index(names, name: str) -> int:
    """Index of the line ``name`` stands for among ``names``: a name
    declared more than once stands for its last line (as upstream)."""
    return len(names) - 1 - names[::-1].index(name)


def make_lines_class(cls, bases) -> type:
    """Lines subclass for ``cls`` from its bases' Lines and own declarations."""
    own = cls.__dict__.get('lines', ())
    if isinstance(own, type) and issubclass(own, Lines):
        own = ()
    if isinstance(own, str):
        own = (own,)
    override = cls.__dict__.get('linesoverride', False)
    names: list = []
    aliases: 'OrderedDict[str, int]' = OrderedDict()
    # declared aliases by line (a line name or index -> its aliases): a later
    # declaration for the same line replaces an earlier one (as a dict update)
    declared: 'OrderedDict[Any, tuple]' = OrderedDict()
    if not override:
        baselines = [b.lines for b in bases
                     if isinstance(getattr(b, 'lines', None), type) and issubclass(b.lines, Lines)]
        # as upstream: the first base's lines, then every other base's, then
        # the class's own, repeated names included (a name stands for its
        # last line; the earlier ones stay, unassigned)
        for bl in baselines:
            names.extend(bl._names)
        if baselines:
            # the first base's aliases stay where they were (its lines come first)
            aliases.update(baselines[0]._aliases)
        for bl in baselines:
            declared.update(bl._declared)
    names.extend(own)
    linealias = cls.__dict__.get('linealias', ())
    if isinstance(linealias, dict):
        linealias = tuple(linealias.items())
    for entry in linealias or ():
        alias = entry[1]
        declared[entry[0]] = tuple(alias) if isinstance(alias, (tuple, list)) else (alias,)
    # what is still declared points at the last line of its name
    for line, alias_names in declared.items():
        if isinstance(line, int):
            idx = line
        else:
            idx = last_index(names, line)
        for a in alias_names:
            aliases[a] = idx
    base_lines = bases[0].lines if bases and isinstance(getattr(bases[0], 'lines', None), type) \
        and issubclass(bases[0].lines, Lines) else Lines
    return type('Lines_%s' % cls.__name__, (base_lines,),
                {'_names': tuple(names), '_aliases': aliases, '_declared': declared,
                 '__module__': __name__,
                 '_bt_owner': cls, '__doc__': 'The lines of ``%s``.' % cls.__name__})


class LineAt(InstanceLookup):
    """``lineN`` / ``line_N``: line number N of the object (declared names, see
    ``core.descriptors``)."""

    __slots__ = ()

    def lookup(self, obj):
        try:
            return obj.lines[self.key]
        except IndexError:
            raise AttributeError('%s has no line %d' % (type(obj).__name__, self.key)) from None


def add_line_index_names(cls, nlines: int) -> None:
    """Give ``cls`` the ``lineN``/``line_N`` names of its ``nlines`` lines,
    never hiding an attribute a class of its hierarchy defines."""
    for i in range(nlines):
        declare(cls, 'line%d' % i, LineAt(i))
        declare(cls, 'line_%d' % i, LineAt(i))


class LineAlias:
    """Descriptor giving attribute access to line ``line`` of ``obj.lines``
    (kept for code importing it; classes here get direct attributes)."""

    def __init__(self, line: int) -> None:
        self.line = line

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        return obj.lines[self.line]

    def __set__(self, obj, value) -> None:
        bind_line(obj.lines[self.line], value)


_PLOTINFO_DEFAULTS = dict(plot=True, plotmaster=None, legendloc=None)


class LineSeries(LineMultiple, ParamsBase):
    """An object made of named lines sharing one clock.

    ``obj[0]`` is line 0's current value; ``obj.lines.<name>`` and
    ``obj.<name>`` give the line objects; ``len(obj)`` counts bars.
    """

    lines = ()
    linealias = ()
    #: other names of the class (``alias``) and, on a class made for one of
    #: them, the name of the class it aliases (``aliased``)
    alias = ()
    aliased = ''
    plotinfo = _PLOTINFO_DEFAULTS
    plotlines = dict()
    csv = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        bases = [b for b in cls.__bases__ if issubclass(b, LineSeries)]
        cls.lines = make_lines_class(cls, bases)
        add_line_index_names(cls.lines, len(cls.lines._names))
        add_line_index_names(cls, len(cls.lines._names))
        for attr, recurse in (('plotinfo', False), ('plotlines', True)):
            own = cls.__dict__.get(attr, ())
            if isinstance(own, type) and issubclass(own, AutoInfoClass):
                own = ()
            basecls = [getattr(b, attr) for b in bases
                       if isinstance(getattr(b, attr, None), type)]
            info = make_info_class('%s_%s' % (attr, cls.__name__), basecls, own,
                                   recurse=recurse, owner=cls, attr=attr)
            if attr == 'plotlines':
                # one entry per line: declared ones first, then empty ones in line order
                missing = [n for n in cls.lines._names if n not in info._pairs]
                if missing:
                    info = make_info_class('%s_%s' % (attr, cls.__name__), [info],
                                           [(n, {}) for n in missing], recurse=recurse,
                                           owner=cls, attr=attr)
            setattr(cls, attr, info)

    # -- construction ---------------------------------------------------------------
    def _bt_takeplotinfo(self, kwargs: dict) -> dict:
        cls = type(self)
        pi = cls.plotinfo()
        if kwargs:
            pairs = cls.plotinfo._pairs
            left = {}
            for k, v in kwargs.items():
                if k in pairs:
                    setattr(pi, k, v)
                else:
                    left[k] = v
            kwargs = left
        self.plotinfo = pi
        self.plotlines = cls.plotlines()
        return kwargs

    def _bt_makelines(self, clock: Optional[Clock]) -> None:
        lines = type(self).lines(clock, self)
        self.lines = self.l = lines
        d = self.__dict__
        for name in lines._names:
            d[name] = getattr(lines, name)
        for alias in lines._aliases:
            d[alias] = getattr(lines, alias)
        if lines.lines:
            self._l0 = lines.lines[0]
            self.line = lines.lines[0]

    def _bt_build(self, init, args, kwargs):
        kwargs = self._bt_takeparams(kwargs)
        kwargs = self._bt_takeplotinfo(kwargs)
        kwargs = leftover_kwargs(type(self), init, kwargs, type(self).plotinfo._getkeys())
        self._bt_makelines(None)
        self._minperiod = 1
        self._bt_building = True
        try:
            init(self, *args, **kwargs)
        finally:
            self._bt_building = False

    # -- values -------------------------------------------------------------------------
    def __getitem__(self, ago):
        line = self._l0
        if ago < 0:
            if line._wrap and ago <= -line._wrap:
                # a memory-saving run: upstream's ring of this line repeats every
                # _wrap bars (the objects computing from it read within that)
                return line[-(-ago % line._wrap)]
            i = line._c.idx + ago
            if i < 0 and line._holds_bars_so_far():
                return line.before_start(ago)
            v = line._mv[i]
        else:
            v = line._mv[line._c.idx + ago]
        if v != v:
            return line._outside(ago, v)
        return v

    def __setitem__(self, ago, value) -> None:
        self._l0[ago] = value

    def __len__(self) -> int:
        return self._l0._c.lencount if self.lines.lines else self.lines._clock.lencount

    @property
    def array(self):
        """Line 0's stored values as a numpy view (see ``LineBuffer.array``)."""
        return self._l0.array

    def stored(self):
        """Line 0's values as stored (``LineBuffer.stored``)."""
        return self._l0.stored()

    def buflen(self) -> int:
        """Number of bars stored (the whole series once preloaded)."""
        return self._l0.buflen()

    def size(self) -> int:
        """Number of lines, without the extra ones."""
        return self.lines.size()

    def __call__(self, ago=None, line: int = -1):
        src = self.lines[0] if line == -1 else (
            getattr(self.lines, line) if isinstance(line, str) else self.lines[line])
        if ago is None or isinstance(ago, LineRoot):
            if line == -1:
                return operation_factory.coupler(self, ago)
            return operation_factory.coupler(src, ago)
        return operation_factory.delay(src, ago)

    # -- cursor moves on the whole object ------------------------------------------------
    def forward(self, value=NAN, size: int = 1) -> None:
        """Add ``size`` bars to this object's clock."""
        self.lines.forward(value, size)

    def backwards(self, size: int = 1, force: bool = False) -> None:
        """Drop the last ``size`` bars of this object's clock."""
        self.lines.backwards(size, force)

    def rewind(self, size: int = 1) -> None:
        """Step this object's clock back ``size`` bars."""
        self.lines.rewind(size)

    def extend(self, value=NAN, size: int = 0) -> None:
        """Reserve ``size`` lookahead slots on this object's clock."""
        self.lines.extend(value, size)

    def reset(self) -> None:
        """Empty the lines and put the clock before the first bar."""
        self.lines.reset()

    def home(self) -> None:
        """Put this object's clock before the first bar."""
        self.lines.home()

    def advance(self, size: int = 1) -> None:
        """Step this object's clock forward ``size`` stored bars."""
        self.lines.advance(size)

    # -- upstream's Lines methods read through the object (ind.get(size=3)...) --------
    def get(self, ago: int = 0, size: int = 1, line: int = 0):
        """``size`` values of line ``line`` ending ``ago`` bars back (``Lines.get``)."""
        return self.lines.get(ago, size, line)

    def view(self, ago: int = 0, size: int = 1, line: int = 0):
        """``size`` values of line ``line`` ending ``ago`` bars back as a
        zero-copy numpy view (``LineBuffer.view``)."""
        return self.lines.view(ago, size, line)

    def fullsize(self) -> int:
        """Number of lines, extra ones included."""
        return self.lines.fullsize()

    def extrasize(self) -> int:
        """Number of extra lines."""
        return self.lines.extrasize()

    def itersize(self):
        """Iterator over the lines, without the extra ones."""
        return self.lines.itersize()

    def getlinealiases(self) -> tuple:
        """The names of the lines, in line order."""
        return self.lines.getlinealiases()

    def minbuffer(self, size: int) -> None:
        """Keep at least ``size`` bars of every line in memory-saving modes."""
        for line in self.lines.lines:
            line.minbuffer(size)

    # -- minimum period (of the lines: an object with a clock of its own adds its
    # own, LineIterator; a data's stays, as upstream's) ------------------------------
    def setminperiod(self, minperiod: int) -> None:
        """Set the bars needed before the lines have values."""
        self._on_lines('setminperiod', minperiod)

    def updateminperiod(self, minperiod: int) -> None:
        """Raise the lines' minimum period to ``minperiod`` if that is longer."""
        self._on_lines('updateminperiod', minperiod)

    def addminperiod(self, minperiod: int) -> None:
        """Add a lookback of ``minperiod`` bars (``minperiod - 1`` more bars)."""
        self._on_lines('addminperiod', minperiod)

    def incminperiod(self, minperiod: int) -> None:
        """Add ``minperiod`` bars to the lines' minimum period."""
        self._on_lines('incminperiod', minperiod)

    def _on_lines(self, method: str, minperiod: int) -> None:
        for line in self.lines.lines:
            getattr(line, method)(minperiod)

    # -- plotting helpers (values shown in legends) -------------------------------
    def _plotlabel(self) -> list:
        return self.params._getvalues()

    def plotlabel(self) -> str:
        """The legend label: the plot name (or class name) and the parameter values."""
        label = self.plotinfo.plotname or type(self).__name__
        sublabels = self._plotlabel()
        if sublabels:
            parts = []
            for s in sublabels:
                if isinstance(s, type):
                    parts.append(s.__name__)
                elif hasattr(s, 'plotinfo'):
                    parts.append(s.plotinfo.plotname or type(s).__name__)
                else:
                    parts.append(str(s))
            label += ' (%s)' % ', '.join(parts)
        return label

    def _plotinit(self) -> None:
        pass


install_fast_operators(LineSeries, 'multiple')

# LineSeries itself is not seen by its own __init_subclass__: give it its specs.
LineSeries.lines = make_lines_class(LineSeries, [])
add_line_index_names(LineSeries.lines, len(LineSeries.lines._names))
LineSeries.plotinfo = make_info_class('plotinfo_LineSeries', [], _PLOTINFO_DEFAULTS,
                                      owner=LineSeries, attr='plotinfo')
LineSeries.plotlines = make_info_class('plotlines_LineSeries', [], {}, recurse=True,
                                       owner=LineSeries, attr='plotlines')


class LineSeriesStub(LineSeries):
    """Presents a single line as a one-line ``LineSeries``."""

    def __init__(self, line: LineBuffer, slave: bool = False) -> None:
        pass

    def _bt_build(self, init, args, kwargs):
        line = args[0] if args else kwargs['line']
        self._bt_takeparams({})
        self._bt_takeplotinfo({})
        lines = type(self).lines(line._c, self, initlines=[line])
        self.lines = self.l = lines
        self._l0 = self.line = line
        self._owner = line._owner
        self._minperiod = line._minperiod
        self._stub_of = line


LineSeriesStub.lines = type('Lines_LineSeriesStub', (Lines,), {'_names': ('line',),
                                                                  '_aliases': OrderedDict(),
                                                                  '_bt_owner': LineSeriesStub,
                                                                  '__doc__': 'The single line '
                                                                             'of a stub.'})


def LineSeriesMaker(arg, slave: bool = False):
    """A ``LineSeries`` for ``arg``: itself if already multi-line, else a stub."""
    if isinstance(arg, LineSeries):
        return arg
    return LineSeriesStub(arg, slave=slave)

