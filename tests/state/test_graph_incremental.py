"""The run-state graph written checkpoint after checkpoint: whatever changed
between two captures -- anywhere in a long list, dict or numeric history,
including the stretches already written and checked in one pass -- is what
the rows rebuild."""
from __future__ import annotations

import array
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backtrader.core.errors import StateFileCorruptError
from backtrader.state import graph
from backtrader.state.anchors import AnchorMap
from backtrader.state.graph import GraphReader, GraphWriter, register_final


class Fill:
    """A final object (as an order's fill is): encoded once."""

    def __init__(self, n: int) -> None:
        self.n = n


register_final(Fill, lambda fill: True)


def rebuild(rows: dict, data: dict) -> dict:
    reader = GraphReader(dict(rows), AnchorMap(), graph.ClassPolicy([__name__]),
                         data[graph.SCHEMAS])
    return {name: reader.decode(value) for name, value in data.items()
            if name != graph.SCHEMAS}


def shape(value):
    """What a value holds, fills by their number (and type, so that a 1
    replaced by True or 1.0 is a difference)."""
    if isinstance(value, Fill):
        return ('fill', value.n)
    if isinstance(value, (list, tuple)):
        return [shape(v) for v in value]
    if isinstance(value, dict):
        return [(shape(k), shape(v)) for k, v in value.items()]
    if isinstance(value, (array.array, np.ndarray)):
        return value.tobytes()
    return (type(value).__name__, repr(value))


EDITS = st.lists(st.tuples(st.sampled_from(['append', 'replace', 'equal', 'pop', 'insert',
                                             'dict', 'array', 'series']),
                           st.integers(0, 10 ** 6)), max_size=12)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(0, 700), rounds=st.lists(EDITS, min_size=1, max_size=5))
def test_changes_anywhere_are_written(n, rounds):
    fills = [Fill(i) for i in range(n)]
    log = [(f, 1.5 * i) for i, f in enumerate(fills)]
    numbers = list(range(n))
    book = {i: f for i, f in enumerate(fills)}
    values = array.array('d', (float(i) for i in range(n * 40)))
    line = np.arange(n * 30, dtype=float)
    state = {'fills': fills, 'log': log, 'numbers': numbers, 'book': book, 'values': values}
    writer = GraphWriter(AnchorMap(), graph.ClassPolicy([__name__]))
    rows: dict = {}
    for edits in [[]] + rounds:
        for what, at in edits:
            if what == 'append':
                fills.append(Fill(at))
                log.append((fills[-1], float(at)))
                numbers.append(at)
                book[at] = fills[-1]
            elif what == 'replace':
                for lst in (fills, log, numbers):
                    if lst:
                        i = at % len(lst)
                        lst[i] = Fill(-at) if lst is fills else (Fill(-at), 0.0) \
                            if lst is log else -at
            elif what == 'equal':
                # equal but not the same: only identity tells the difference
                if numbers:
                    i = at % len(numbers)
                    numbers[i] = bool(numbers[i]) if numbers[i] in (0, 1) else \
                        float(numbers[i])
                if log:
                    i = at % len(log)
                    log[i] = (log[i][0], -0.0 if log[i][1] == 0 else log[i][1])
            elif what == 'pop':
                for lst in (fills, log, numbers):
                    if lst:
                        lst.pop(at % len(lst))
            elif what == 'insert':
                fills.insert(at % (len(fills) + 1), Fill(at))
                numbers.insert(at % (len(numbers) + 1), at)
            elif what == 'dict' and book:
                key = list(book)[at % len(book)]
                book[key] = Fill(at)
            elif what == 'array' and len(values):
                values[at % len(values)] = -float(at)
            elif what == 'series' and len(line):
                line[at % len(line)] = -float(at)
        data, changed, removed = writer.capture({
            **{name: (lambda v: lambda w: w.value(v))(value) for name, value in state.items()},
            'line': lambda w: w.series('line', line)})
        for oid in removed:
            rows.pop(oid, None)
        rows.update(changed)
        back = rebuild(rows, {k: v for k, v in data.items() if k != 'line'})
        assert {k: shape(v) for k, v in back.items()} == {k: shape(v) for k, v in state.items()}
        stored = GraphReader(dict(rows), AnchorMap(), graph.ClassPolicy()).series(data['line'])
        assert stored.tobytes() == line.tobytes()


def test_list_items_are_read_in_place_where_the_interpreter_allows():
    items = [object() for _ in range(5)]
    pointers = graph._item_pointers(items, 4, 1)
    if graph._POINTERS_OK:
        assert list(np.frombuffer(pointers, dtype=np.uintp)) == [id(x) for x in items[1:4]]
    else:
        assert pointers is None
    assert graph._item_pointers(items, 6) is None
    assert graph._item_pointers(tuple(items), 2) is None


class Holder:
    """Shared and never final (as a commission scheme is)."""

    def __init__(self) -> None:
        self.ref = None


register_final(Holder, None)


def capture_rows(writer: GraphWriter, state: dict, rows: dict) -> dict:
    data, changed, removed = writer.capture(
        {name: (lambda v: lambda w: w.value(v))(value) for name, value in state.items()})
    for oid in removed:
        rows.pop(oid, None)
    rows.update(changed)
    return data


def test_objects_written_inside_a_final_row_keep_their_identity():
    first, second = Fill(1), Fill(2)
    first.holder = Holder()
    first.info = {'notes': [1, 2], 'twice': None}
    first.info['twice'] = first.info['notes']
    second.info = first.info                # shared by two final rows
    state = {'fills': [first, second], 'alias': first.info['notes']}
    writer = GraphWriter(AnchorMap(), graph.ClassPolicy([__name__]))
    rows: dict = {}
    capture_rows(writer, state, rows)
    assert len(rows) == 4                   # the list, two fills, the holder: the dicts inside
    # a row written later refers to an object inside the first fill's row,
    # which is reached (through the holder) before its own row gets there
    first.holder.ref = first.info['notes']
    data = capture_rows(writer, state, rows)
    back = rebuild(rows, data)
    one, two = back['fills']
    assert one.info is two.info and one.info == {'notes': [1, 2], 'twice': [1, 2]}
    assert one.info['twice'] is one.info['notes'] is back['alias'] is one.holder.ref
    back = rebuild(rows, {'alias': data['alias'], 'fills': data['fills'],
                          graph.SCHEMAS: data[graph.SCHEMAS]})
    assert back['alias'] is back['fills'][0].holder.ref is back['fills'][1].info['notes']


def test_histories_of_events_are_stored_deflated_and_damage_is_reported():
    events = np.full(5000, np.nan)
    events[::97] = np.arange(len(events[::97])) * 0.25
    writer = GraphWriter(AnchorMap(), graph.ClassPolicy())
    data, rows, _ = writer.capture({'line': lambda w: w.series('line', events)})
    chunks = [json.loads(rows[oid]) for oid in data['line']['chunks']]
    assert chunks and all('z' in row for row in chunks)     # mostly NaN: deflated
    assert sum(len(row['z']) for row in chunks) < events[:4096].nbytes / 4
    back = GraphReader(dict(rows), AnchorMap(), graph.ClassPolicy()).series(data['line'])
    assert back.tobytes() == events.tobytes()
    first = data['line']['chunks'][0]
    damaged = dict(rows)
    damaged[first] = json.dumps({'k': 'bytes', 'z': chunks[0]['z'][:-8] + 'AAAAAAAA'})
    with pytest.raises(StateFileCorruptError):
        GraphReader(damaged, AnchorMap(), graph.ClassPolicy()).series(data['line'])


def test_object_rows_hold_values_named_once_per_schema():
    fills = [Fill(i) for i in range(3)]
    writer = GraphWriter(AnchorMap(), graph.ClassPolicy([__name__]))
    rows: dict = {}
    data = capture_rows(writer, {'fills': fills}, rows)
    assert data[graph.SCHEMAS] == [['n']]
    assert [rebuilt.n for rebuilt in rebuild(rows, data)['fills']] == [0, 1, 2]
    with pytest.raises(StateFileCorruptError):
        rebuild(rows, dict(data, **{graph.SCHEMAS: []}))['fills'][0]
    with pytest.raises(StateFileCorruptError):
        rebuild(rows, dict(data, **{graph.SCHEMAS: [['n', 'extra']]}))['fills'][0]
