"""Run shares of one job in forked processes and gather what they return.

Forking (not spawning) is the point: each child starts with the parent's
prepared state (content, site plan, MkDocs configuration, Jinja templates,
page cache) without pickling any of it, and sends back only its results.
Log records a child emits are sent back too and replayed in the parent, in
share order, so that they are printed once and `mkdocs build --strict`
counts the child's warnings like its own.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import traceback
from multiprocessing.connection import wait
from typing import Callable


def available_cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


class ChildFailed(Exception):
    """A share failed in its child; the message holds the child's traceback."""


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(logging.NOTSET)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


class ForkedRun:
    """`function(share)` for each share, each in its own forked process, started at once."""

    def __init__(self, function: Callable, shares: list, logger: str = "mkdocs"):
        context = multiprocessing.get_context("fork")
        self.logger = logger
        # Objects the children inherit are frozen out of the garbage collector's scans: a scan
        # writes to every object it visits, which would copy each shared memory page into each child.
        gc.collect()
        gc.freeze()
        self.connections = []
        self.processes = []
        for share in shares:
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_run_share, args=(function, share, sender, logger), daemon=True)
            process.start()
            sender.close()  # the child holds the other end; EOF then means the child is gone
            self.connections.append(receiver)
            self.processes.append(process)
        gc.unfreeze()

    def results(self) -> list:
        """Each share's result, in share order; raises ChildFailed if any share failed."""
        outcomes: list = [None] * len(self.connections)
        pending = {connection: index for index, connection in enumerate(self.connections)}
        # Read whichever child is ready: a child whose pipe is full waits until it is read.
        while pending:
            for connection in wait(list(pending)):
                index = pending.pop(connection)
                try:
                    outcomes[index] = connection.recv()
                except EOFError:
                    outcomes[index] = (("error", ("the process ended without a result", "")), [])
        for process in self.processes:
            process.join()
        failures = []
        for (status, value), records in outcomes:
            for name, level, message in records:
                logging.getLogger(name).log(level, message)
            if status == "error":
                summary, details = value
                failures.append(summary)
                # The traceback is for whoever debugs (-v); the user reads the summary.
                logging.getLogger(self.logger).debug(details)
        if failures:
            raise ChildFailed("\n".join(failures))
        return [value for (status, value), records in outcomes]

    def terminate(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
        for process in self.processes:
            process.join()


def _run_share(function: Callable, share, sender, logger: str) -> None:
    # The child's records go to the parent instead of the terminal (see the module docstring).
    collector = _Collector()
    target = logging.getLogger(logger)
    for handler in list(target.handlers):
        target.removeHandler(handler)
    target.addHandler(collector)
    target.propagate = False
    try:
        outcome = ("ok", function(share))
    except BaseException as error:  # noqa: BLE001 - everything must reach the parent
        outcome = ("error", (_summary(error), traceback.format_exc()))
    try:
        sender.send((outcome, collector.records))
    except Exception as error:  # noqa: BLE001 - e.g. a result that cannot be pickled
        sender.send((("error", (_summary(error), traceback.format_exc())), collector.records))
    sender.close()


def _summary(error: BaseException) -> str:
    """One line a user can read: the exception's type and message, without the traceback."""
    return f"{type(error).__name__}: {error}".strip().splitlines()[0]
