"""Run the development server and one worker side by side; Ctrl-C (or either one stopping) stops both.

Used by `make run`. Each line the two print is prefixed with its name.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

COMMANDS = {
    "web": ["manage.py", "runserver", "--noreload"],
    "worker": ["manage.py", "worker", "--interval", "0.5"],
}


def _relay(name: str, stream) -> None:
    for line in iter(stream.readline, ""):
        sys.stdout.write(f"{name:>6} | {line}")
        sys.stdout.flush()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main(address: str) -> int:
    # Ctrl-C, or a TERM from a process manager, stops both (even when started in the background).
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    processes: dict[str, subprocess.Popen] = {}
    for name, args in COMMANDS.items():
        command = [sys.executable, *args, *([address] if name == "web" else [])]
        processes[name] = subprocess.Popen(
            command,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=_relay, args=(name, processes[name].stdout), daemon=True).start()
    print(f"Serving on http://{address}/ with one worker; Ctrl-C stops both.", flush=True)
    try:
        while all(p.poll() is None for p in processes.values()):
            time.sleep(0.2)
        stopped = next(n for n, p in processes.items() if p.poll() is not None)
        print(f"{stopped} stopped (exit {processes[stopped].returncode}); stopping the other.", flush=True)
    except KeyboardInterrupt:
        print("Stopping the server and the worker...", flush=True)
    finally:
        _stop(processes)
    return 0


def _stop(processes: dict[str, subprocess.Popen]) -> None:
    for process in processes.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8000"))
