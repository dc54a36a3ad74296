"""workers.ForkedRun: shares run in forked processes; results, log records and failures come back."""

from __future__ import annotations

import logging
import os

import pytest

from commhub.site.workers import ChildFailed, ForkedRun

log = logging.getLogger("mkdocs.test_workers")
PREPARED = {"state": "made before forking"}  # children see it without pickling


def square_each(share):
    return [(os.getpid(), number * number, PREPARED["state"]) for number in share]


def test_each_share_runs_in_its_own_process_and_results_keep_share_order():
    results = ForkedRun(square_each, [[1, 2], [3], [4, 5, 6]]).results()
    assert [[value for _, value, _ in share] for share in results] == [[1, 4], [9], [16, 25, 36]]
    pids = {pid for share in results for pid, _, _ in share}
    assert len(pids) == 3 and os.getpid() not in pids
    assert all(state == "made before forking" for share in results for _, _, state in share)


def warn_and_return(share):
    log.info("info from share %s", share)
    log.warning("warning from share %s", share)
    return share


def test_log_records_are_replayed_once_in_the_parent_in_share_order(caplog):
    caplog.set_level(logging.INFO, logger="mkdocs")
    ForkedRun(warn_and_return, ["a", "b"]).results()
    messages = [(record.levelno, record.getMessage()) for record in caplog.records if record.name == log.name]
    assert messages == [
        (logging.INFO, "info from share a"), (logging.WARNING, "warning from share a"),
        (logging.INFO, "info from share b"), (logging.WARNING, "warning from share b"),
    ]


def fail_on_two(share):
    if share == 2:
        raise ValueError("page two is broken")
    return share


def test_a_failing_share_is_reported_with_its_error_after_the_others_finish():
    with pytest.raises(ChildFailed, match="ValueError: page two is broken"):
        ForkedRun(fail_on_two, [1, 2, 3]).results()


def die(share):
    os._exit(3)


def test_a_child_that_dies_without_a_result_is_a_failure():
    with pytest.raises(ChildFailed, match="ended without a result"):
        ForkedRun(die, [1]).results()


def big_result(share):
    return "x" * (20 * 1024 * 1024)


def test_results_larger_than_a_pipe_buffer_from_several_children_do_not_block():
    results = ForkedRun(big_result, [1, 2, 3]).results()
    assert [len(result) for result in results] == [20 * 1024 * 1024] * 3
