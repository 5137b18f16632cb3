"""core.spillcodec.ColumnCodec: a block written column-wise reads back as equal
copies, or the codec declines (None) and the block is pickled as it is."""
import collections
import threading

from hypothesis import given, settings, strategies as st

from backtrader.core.spillcodec import ColumnCodec


class Live:
    """Stands for an object of the running setup (kept by reference)."""


class Bit:
    def __init__(self, **kw):
        self.__dict__.update(kw)


class Rec:
    def __init__(self, n, live, bits, extra=None):
        self.n, self.live, self.bits = n, live, collections.deque(bits)
        self.info = collections.OrderedDict()
        self.tags = {'n': n}
        self.pair = (n, float(n) / 3)
        if extra is not None:
            self.extra = extra


class Other(Rec):
    pass


def _state(obj, live):
    """What a copy must keep: classes, attribute names in order, values."""
    if obj is live:
        return 'LIVE'
    if isinstance(obj, (int, float, str, type(None))):
        return obj
    if isinstance(obj, (list, tuple, collections.deque)):
        return (type(obj).__name__, [_state(v, live) for v in obj])
    if isinstance(obj, dict):
        return (type(obj).__name__, [(k, _state(v, live)) for k, v in obj.items()])
    return (type(obj).__name__, [(k, _state(v, live)) for k, v in vars(obj).items()])


CODEC = ColumnCodec(reference_types=(Live,))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(0, 3), st.one_of(st.none(),
                                                                    st.floats(allow_nan=False))),
                min_size=1, max_size=40))
def test_a_block_reads_back_equal_with_live_objects_shared(specs):
    live = Live()
    items = []
    for n, (other, nbits, extra) in enumerate(specs):
        cls = Other if other else Rec
        bits = [Bit(size=n, price=k * 1.5, dt=None) for k in range(nbits)]
        items.append(cls(n, live, bits, extra))
    code = CODEC.encode(items)
    assert code is not None
    back = CODEC.decode(code)
    assert [_state(x, live) for x in back] == [_state(x, live) for x in items]
    assert all(x.live is live for x in back)
    assert all(x is not y for x, y in zip(back, items))


def test_aliased_attributes_stay_one_object():
    live = Live()
    items = [Rec(n, live, []) for n in range(5)]
    for r in items:
        r.alias = r.bits
    back = CODEC.decode(CODEC.encode(items))
    assert all(r.alias is r.bits for r in back)


def test_optional_objects_read_back_in_place():
    live = Live()
    items = [Rec(n, live, []) for n in range(6)]
    for n, r in enumerate(items):
        r.parent = Bit(n=n) if n % 2 else None
    back = CODEC.decode(CODEC.encode(items))
    assert [None if r.parent is None else r.parent.n for r in back] == [None, 1, None, 3, None, 5]


def test_what_a_copy_could_not_keep_is_declined():
    live = Live()
    shared = Bit(x=1)
    twice = [Rec(0, live, [shared]), Rec(1, live, [shared])]     # one object, two places
    bounded = [Rec(0, live, [])]
    bounded[0].bits = collections.deque([], maxlen=3)
    locked = [Rec(0, live, [])]
    locked[0].lock = threading.Lock()
    mixed = [Rec(0, live, [])]
    mixed[0].tags = [1]
    mixed.append(Rec(1, live, []))                              # a list and a dict in one column
    for items in (twice, bounded, locked, mixed):
        assert CODEC.encode(items) is None


def test_plain_values_and_tuples_read_back():
    items = [(1, 2.5, 'a', None), (2, -1.0, 'b', True)]
    assert CODEC.decode(CODEC.encode(items)) == items
    assert CODEC.decode(CODEC.encode([])) == []
