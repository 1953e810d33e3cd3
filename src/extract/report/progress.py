"""Progress of a run's extraction for whoever listens (the CLI's progress bar).

The flow (and anything else running batches) calls ``planned`` once and ``done`` per finished
batch; with no listener these do nothing. Listeners live in the process that runs the flow.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

Listener = Callable[[str, int], None]  # ("planned" | "done", pages)
_listeners: list[Listener] = []


def planned(pages: int) -> None:
    for fn in list(_listeners):
        fn("planned", pages)


def done(pages: int) -> None:
    for fn in list(_listeners):
        fn("done", pages)


@contextmanager
def listening(fn: Listener) -> Iterator[None]:
    _listeners.append(fn)
    try:
        yield
    finally:
        _listeners.remove(fn)
