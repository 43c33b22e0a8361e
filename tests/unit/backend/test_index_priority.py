"""Indexing yields the CPU to requests: the index worker's thread runs at a background priority."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from backend.indexing.worker import BACKGROUND_NICE, lower_priority

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="per-thread nice values are Linux's"
)


def _nice(thread_id: int) -> int:
    return os.getpriority(os.PRIO_PROCESS, thread_id)


def test_the_index_thread_and_the_threads_it_starts_run_at_background_priority() -> None:
    seen: dict[str, int] = {}

    def index_thread() -> None:
        lower_priority()
        seen["index"] = _nice(threading.get_native_id())
        child = threading.Thread(target=lambda: seen.update(model=_nice(threading.get_native_id())))
        child.start()
        child.join()
        lower_priority()  # asked again (the CLI and the loop both ask): not lowered twice
        seen["again"] = _nice(threading.get_native_id())

    before = _nice(threading.get_native_id())
    worker = threading.Thread(target=index_thread)
    worker.start()
    worker.join()
    expected = max(before, BACKGROUND_NICE)
    assert seen == {"index": expected, "model": expected, "again": expected}
    assert _nice(threading.get_native_id()) == before  # the request threads keep theirs
