"""``MadeOnFirstRead``: a per-instance attribute made by its factory when
first read, then an ordinary instance attribute."""
from __future__ import annotations

import pickle

from backtrader.core.descriptors import MadeOnFirstRead


class Holder:
    made = 0

    def _make():
        Holder.made += 1
        return []

    items = MadeOnFirstRead(_make)


def test_made_once_per_instance_on_first_read():
    Holder.made = 0
    a, b = Holder(), Holder()
    assert Holder.made == 0 and 'items' not in vars(a)
    a.items.append(1)
    assert a.items == [1] and Holder.made == 1 and vars(a)['items'] == [1]
    assert b.items == [] and b.items is not a.items and Holder.made == 2


def test_assignment_wins_and_class_access_gives_the_descriptor():
    h = Holder()
    h.items = 'given'
    assert h.items == 'given'
    assert isinstance(Holder.items, MadeOnFirstRead) and Holder.items.name == 'items'


def test_unread_attribute_survives_pickling():
    Holder.made = 0
    back = pickle.loads(pickle.dumps(Holder()))
    assert 'items' not in vars(back) and back.items == [] and Holder.made == 1


class Derived:
    def __init__(self, n):
        self.n = n

    def _squares(self):
        return [i * i for i in range(self.n)]

    squares = MadeOnFirstRead(_squares, of_instance=True)


def test_of_instance_factory_gets_the_instance_and_runs_again_after_delete():
    d = Derived(3)
    assert 'squares' not in vars(d) and d.squares == [0, 1, 4]
    d.n = 4
    assert d.squares == [0, 1, 4]           # stored: not made again
    del d.squares
    assert d.squares == [0, 1, 4, 9]
