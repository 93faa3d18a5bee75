"""Real processes for the fault tests: a Redis of their own, Celery workers and a beat, killed at will.

Everything binds 127.0.0.1 on this project's spare ports (Redis 6431–6439), runs in its own process group
so that a SIGKILL takes the pool children too, and is stopped by its own pid at the end.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from celery.beat import PersistentScheduler

REDIS_PORTS = range(6431, 6440)


class SweepOnlyScheduler(PersistentScheduler):
    """The beat of the fault tests: only the outbox sweep (never the 07:00 reminders of the real date)."""

    def merge_inplace(self, b):
        sweep = dict(b["outbox-sweep"])
        # The settings spell the expiry as django-celery-beat (production's scheduler) does.
        options = dict(sweep.get("options", {}))
        options["expires"] = options.pop("expire_seconds", None)
        super().merge_inplace({"outbox-sweep": {**sweep, "options": options}})

    def install_default_entries(self, data):
        pass


class Process:
    """One supervised child process; `starts` and `exit_codes` are what a supervisor would log."""

    def __init__(self, name: str, argv: list[str], env: dict, log_dir: Path, cwd: Path):
        self.name, self.argv, self.env, self.cwd = name, argv, env, cwd
        self.log_path = log_dir / f"{name}.log"
        self.proc: subprocess.Popen | None = None
        self.starts = 0
        self.exit_codes: list[int] = []

    def start(self):
        log = open(self.log_path, "ab")  # noqa: SIM115  (the child keeps it; closed when the child exits)
        self.proc = subprocess.Popen(
            self.argv,
            env=self.env,
            cwd=self.cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.starts += 1
        return self

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def children(self) -> list[int]:
        """The pids of this process's children (a Celery worker's pool processes)."""
        try:
            text = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in text.split()]

    def kill(self):
        """SIGKILL the whole process group: no clean shutdown, no acknowledgement, no goodbye."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self, timeout: float = 15):
        if not self.alive():
            return
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()

    def restart_if_exited(self) -> bool:
        """What systemd or a container runtime does: note the exit code and start the process again."""
        if self.proc is None or self.proc.poll() is None:
            return False
        self.exit_codes.append(self.proc.returncode)
        self.start()
        return True

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def free_port(ports) -> int:
    for port in ports:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports}")


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer(Process):
    """A throw-away redis-server: no persistence, so a restart loses every queued message."""

    def __init__(self, log_dir: Path):
        self.port = free_port(REDIS_PORTS)
        argv = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly"]
        super().__init__("redis", [*argv, "no", "--dir", str(log_dir)], os.environ.copy(), log_dir, log_dir)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        super().start()
        deadline = time.monotonic() + 10
        while not answers(self.port):
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not answer on {self.port}:\n{self.log_tail()}")
            time.sleep(0.05)
        return self


def celery(*args: str) -> list[str]:
    return [sys.executable, "-m", "celery", "-A", "config", *args]


def worker_argv(name: str, concurrency: int = 2) -> list[str]:
    from django.conf import settings

    # Every queue, as deploy/bin/worker takes them by default: the outbox's tasks are routed to their own.
    queues = {settings.CELERY_TASK_DEFAULT_QUEUE, *(r["queue"] for r in settings.CELERY_TASK_ROUTES.values())}
    return celery(
        "worker",
        "--queues",
        ",".join(sorted(queues)),
        "--pool",
        "prefork",
        "-c",
        str(concurrency),
        "-n",
        f"{name}@%h",
        "-l",
        "WARNING",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    )


def beat_argv(run_dir: Path) -> list[str]:
    return celery(
        "beat",
        "-S",
        "tests.faults:SweepOnlyScheduler",
        "-s",
        str(run_dir / "beat-schedule"),
        "--pidfile",
        str(run_dir / "beat.pid"),
        "-l",
        "WARNING",
    )


def use_broker(app, broker_url: str | None, result_backend: str | None, eager: bool) -> tuple:
    """Point this (test) process's Celery app at another broker and result store, dropping cached links.

    Returns the previous (broker_url, result_backend, eager), for `use_broker(app, *previous)` afterwards.
    """
    previous = (app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager)
    # Dropped, not closed: kombu's registry of producer pools may still hand the old pool to the next user.
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)
    app.conf.update(task_always_eager=eager, broker_url=broker_url, result_backend=result_backend)
    return previous
