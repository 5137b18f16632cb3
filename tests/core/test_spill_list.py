"""core.spill.SpillList: the list API over entries partly kept in a temporary file."""
from hypothesis import given, settings, strategies as st

from backtrader.core.spill import SpillList


class Live:
    """Stands for an object of the running setup (kept by reference, never copied)."""


class Entry:
    def __init__(self, n, live, done=True):
        self.n, self.live, self.done = n, live, done

    def __eq__(self, other):
        return isinstance(other, Entry) and (self.n, self.done) == (other.n, other.done)


def _spill_list(block):
    return SpillList(is_final=lambda e: e.done, reference_types=(Live,),
                     block=block)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.booleans(), max_size=300), st.integers(1, 40))
def test_reads_back_what_a_list_holds(dones, block):
    live = Live()
    spilled, plain = _spill_list(block), []
    for i, done in enumerate(dones):
        e = Entry(i, live, done)
        spilled.append(e)
        plain.append(e)
    assert len(spilled) == len(plain) and bool(spilled) == bool(plain)
    assert list(spilled) == plain
    for i in range(-len(plain), len(plain)):
        assert spilled[i] == plain[i]
        assert spilled[i].live is live          # setup objects are referenced, not copied
    assert spilled[1:-1:2] == plain[1:-1:2]


def test_finished_entries_leave_memory_and_unfinished_ones_stay():
    spilled = _spill_list(8)
    live = Live()
    for i in range(20):
        spilled.append(Entry(i, live, done=i != 3))
    # the leading finished run (0..2) is shorter than half a block: nothing spilled
    assert spilled._nspilled == 0
    spilled[3].done = True          # the same object, still in memory
    spilled.append(Entry(20, live))
    assert spilled._nspilled > 0 and len(spilled._mem) < 21
    assert [e.n for e in spilled] == list(range(21))


def test_out_of_range_index_raises_index_error():
    spilled = _spill_list(2)
    for i in range(5):
        spilled.append(Entry(i, None))
    for bad in (5, -6):
        try:
            spilled[bad]
        except IndexError:
            continue
        raise AssertionError('no IndexError for %d' % bad)


def test_an_entry_pickle_cannot_write_keeps_the_history_in_memory():
    """Upstream keeps any history in memory: an unpicklable entry (a lock in an
    order's info, say) stops the spilling with a warning, never the run."""
    import threading
    import warnings
    spilled = _spill_list(4)
    live = Live()
    entries = [Entry(i, live) for i in range(10)]
    entries[1].lock = threading.Lock()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        for e in entries:
            spilled.append(e)
    assert [str(w.message) for w in caught if 'not spilled' in str(w.message)] \
        and len(caught) == 1
    assert list(spilled) == entries and spilled[1] is entries[1]
