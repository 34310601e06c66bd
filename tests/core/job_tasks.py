"""Small tasks that run as jobs, for the jobs tests (importable by a real worker process)."""

from __future__ import annotations

import time

from django_tasks import TaskContext, task

from core.jobs import JobFailed, job_running


@task(takes_context=True)
def count_to(context: TaskContext, job_id: int, n: int, fail: str = "") -> int:
    """Count to ``n`` reporting each step; fail as asked ("plain" or "crash")."""
    with job_running(job_id, task_result_id=str(context.task_result.id)) as run:
        for i in range(1, n + 1):
            run.progress(i, n, f"Counted {i} of {n}")
        if fail == "plain":
            raise JobFailed("Row 3, field value, measure CIN-01: 'abc' is not a number.")
        if fail == "crash":
            raise ZeroDivisionError("division by zero")
        run.result(url="/done/", links=[("The count", "/done/count.txt")])
    return n


@task(takes_context=True)
def sleep_for(context: TaskContext, job_id: int, seconds: float) -> None:
    """Sleep ``seconds`` a tenth at a time, reporting progress (stands in for a long export)."""
    with job_running(job_id, task_result_id=str(context.task_result.id)) as run:
        steps = max(1, int(seconds * 10))
        for i in range(1, steps + 1):
            time.sleep(0.1)
            run.progress(i, steps, f"Waited {i / 10:.1f} of {seconds:.1f} seconds")
