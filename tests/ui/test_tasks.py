"""The background task runner: work off the UI thread, results and errors back on it, in order."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from ui.tasks import TaskRunner


def test_work_runs_off_the_ui_thread_and_returns_on_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    ui_thread = QThread.currentThread()
    seen: dict[str, object] = {}

    def work() -> int:
        seen["worker"] = threading.get_ident()
        return 42

    def done(value: int) -> None:
        seen["value"] = value
        seen["callback_on_ui"] = QThread.currentThread() is ui_thread

    runner.run(work, done)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 42
    assert seen["worker"] != threading.get_ident()
    assert seen["callback_on_ui"] is True
    runner.wait()


def test_errors_come_back_on_the_ui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    errors: list[BaseException] = []

    def work() -> None:
        raise ValueError("printer on fire")

    runner.run(work, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError) and str(errors[0]) == "printer on fire"
    runner.wait()


def test_jobs_run_in_submission_order(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    order: list[int] = []
    results: list[int] = []
    for i in range(50):
        runner.run(lambda i=i: order.append(i) or i, results.append)
    qtbot.waitUntil(lambda: len(results) == 50)
    assert order == list(range(50)) and results == list(range(50))
    runner.wait()


def test_synchronous_mode_is_immediate() -> None:
    runner = TaskRunner(synchronous=True)
    got: list[int] = []
    runner.run(lambda: 7, got.append)
    assert got == [7]
    errors: list[BaseException] = []
    runner.run(lambda: 1 / 0, on_error=errors.append)
    assert isinstance(errors[0], ZeroDivisionError)


def test_result_of_a_deleted_runner_is_dropped(qtbot) -> None:  # type: ignore[no-untyped-def]
    import shiboken6

    gate = threading.Event()
    called: list[int] = []
    runner = TaskRunner()
    runner.run(lambda: gate.wait(10) and 1, called.append)
    other = TaskRunner()
    marker: list[int] = []
    threading.Timer(0.2, gate.set).start()  # the job ends while its runner is being deleted
    shiboken6.delete(runner)  # the window owning it closed while the job runs
    other.run(lambda: 2, marker.append)
    qtbot.waitUntil(lambda: marker == [2])
    qtbot.wait(50)
    assert called == []
    other.wait()
