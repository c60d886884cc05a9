"""The whole product as processes of its own: a private PostgreSQL cluster, a private
redis-server, gunicorn, a Celery worker and Celery beat — for the load test and the fault
tests (docs/performance.md "Load and faults", docs/operations.md "Load and fault tests").

Nothing here touches the machine's shared services: the cluster is ``initdb``'d into a
temporary directory and listens on a free port (Unix socket in the same directory), Redis
likewise; every process is started and stopped by its own process id, so a test may
restart or kill any of them.

    stack = Stack(Path("/tmp/x")); stack.start_services(); stack.prepare()
    stack.start_web(); stack.start_worker(); stack.start_beat()
    ...
    stack.stop()
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def wait_for(predicate: Callable[[], object], timeout: float = 60.0, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its waited-for children (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    # utime, stime, cutime, cstime are fields 14–17 (1-based) of stat; after ")" index 11–14
    return sum(int(value) for value in fields[11:15]) / ticks


def tree_pids(pid: int) -> list[int]:
    """``pid`` and all its descendants (gunicorn's and Celery's worker processes)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    result, todo = [], [pid]
    while todo:
        current = todo.pop()
        result.append(current)
        todo.extend(children.get(current, []))
    return result


def tree_cpu_seconds(pid: int) -> float:
    return sum(cpu_seconds(p) for p in tree_pids(pid))


class Postgres:
    """A PostgreSQL cluster of our own. As root the server runs as the ``postgres`` user
    (PostgreSQL refuses root)."""

    def __init__(self, directory: Path, port: int | None = None):
        self._as: list[str] = []
        self._own_directory = False
        if os.geteuid() == 0:
            # the server runs as "postgres", which may not enter the caller's (root's)
            # temporary directories: a directory of its own, removed again by remove()
            self._as = ["runuser", "-u", "postgres", "--"]
            directory = Path(tempfile.mkdtemp(prefix="jc-pg-"))
            self._own_directory = True
        self.directory = directory
        self.data = directory / "data"
        self.port = port or free_port()
        self.log = directory / "postgres.log"

    def url(self, database: str = "jobcenter") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([*self._as, *args], check=False, capture_output=True,
                                text=True)
        assert not check or result.returncode == 0, (args, result.stdout, result.stderr)
        return result

    def remove(self) -> None:
        if self._own_directory:
            shutil.rmtree(self.directory, ignore_errors=True)

    def init(self) -> Postgres:
        self.directory.mkdir(parents=True, exist_ok=True)
        if self._as:
            entry = pwd.getpwnam("postgres")
            os.chown(self.directory, entry.pw_uid, entry.pw_gid)
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.directory}'\n"
                "max_connections = 200\nshared_buffers = 128MB\n"
            )
        return self

    def start(self) -> Postgres:
        result = self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log),
                           "-w", "-t", "60", "start", check=False)
        assert result.returncode == 0, (result.stdout, result.stderr, self.log_text()[-2000:])
        return self

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop",
                      check=False)

    def restart(self, mode: str = "immediate", down_seconds: float = 0.0) -> None:
        """Stop (``immediate``: like a crash, no checkpoint, every connection cut), stay
        down for ``down_seconds``, start again (crash recovery)."""
        self.stop(mode)
        time.sleep(down_seconds)
        self.start()

    def log_text(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""

    def server_pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def create_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')


class Redis:
    """A redis-server of our own (no persistence)."""

    def __init__(self, directory: Path, port: int | None = None):
        self.directory = directory
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> Redis:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is needed"
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert wait_for(self.answers, timeout=10), "redis-server did not start"
        return self

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def restart(self, down_seconds: float = 0.0) -> None:
        """Stop and start again on the same port: everything in it is gone (no
        persistence), as after a crash of a cache/broker without a disk."""
        self.stop()
        time.sleep(down_seconds)
        self.start()


class Process:
    """A long-running child (gunicorn, a Celery worker, beat) with its own log file."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], log: Path,
                 ready: Callable[[Process], bool], timeout: float = 90):
        self.name = name
        self.log_path = log
        self._log = log.open("ab")
        self.process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=self._log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        ok = wait_for(lambda: self.process.poll() is not None or ready(self), timeout=timeout,
                      step=0.2)
        assert ok and self.process.poll() is None, f"{name} did not start:\n{self.log()[-3000:]}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def cpu_seconds(self) -> float:
        return tree_cpu_seconds(self.pid)

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole process group: no shutdown, no acknowledgement."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()


class Stack:
    def __init__(self, directory: Path, *, web_workers: int = 3, web_threads: int = 1,
                 worker_concurrency: int = 2, extra_env: dict[str, str] | None = None):
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)
        self.postgres = Postgres(directory / "pg")
        self.redis = Redis(directory / "redis")
        self.web_port = free_port()
        self.web_workers = web_workers
        self.web_threads = web_threads
        self.worker_concurrency = worker_concurrency
        self.extra_env = extra_env or {}
        self.web: Process | None = None
        self.workers: list[Process] = []
        self.beat: Process | None = None

    # --- configuration ------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def env(self, **overrides: str) -> dict[str, str]:
        keep = {k: v for k, v in os.environ.items()
                if not k.startswith(("DATABASE_", "REDIS_", "CELERY_", "DJANGO_"))}
        env = {
            **keep,
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
            "DJANGO_SETTINGS_MODULE": "jobcenter.config.settings",
            "DATABASE_URL": self.postgres.url(),
            "REDIS_URL": self.redis.url(1),
            "CELERY_BROKER_URL": self.redis.url(2),
            "JOBCENTER_VAR_DIR": str(self.directory / "var"),
            "PRIVATE_STORAGE_ROOT": str(self.directory / "private"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "DEBUG": "false",
            "SECRET_KEY": "loadtest-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFG",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # behind a reverse proxy: the load generator's simulated clients arrive with
            # their own addresses in X-Forwarded-For, as they would in production
            "TRUSTED_PROXY_COUNT": "1",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            **self.extra_env,
            **overrides,
        }
        return env

    def manage(self, *args: str, timeout: float = 600, **env: str) -> str:
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT,
                                env=self.env(**env), capture_output=True, text=True,
                                timeout=timeout, check=False)
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr[-3000:]}"
        return result.stdout

    def python(self, module: str, *args: str, timeout: float = 900) -> str:
        result = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, env=self.env(),
                                capture_output=True, text=True, timeout=timeout, check=False)
        assert result.returncode == 0, f"{module}:\n{result.stdout[-2000:]}{result.stderr[-3000:]}"
        return result.stdout

    # --- life cycle ---------------------------------------------------------------------
    def start_services(self) -> Stack:
        self.postgres.init().start()
        self.postgres.create_database("jobcenter")
        self.redis.start()
        (self.directory / "var").mkdir(exist_ok=True)
        (self.directory / "private").mkdir(exist_ok=True)
        return self

    def prepare(self, *seed_args: str) -> str:
        """Migrate and load the load-test data (``loadtest.seed``)."""
        self.manage("migrate", "--noinput")
        return self.python("loadtest.seed", *seed_args)

    def start_web(self, **env: str) -> Process:
        argv = [sys.executable, "-m", "gunicorn", "jobcenter.config.wsgi",
                "--bind", f"127.0.0.1:{self.web_port}", "--workers", str(self.web_workers),
                "--threads", str(self.web_threads), "--timeout", "60",
                "--graceful-timeout", "10", "--config", "python:loadtest.gunicorn_conf"]

        def ready(_: Process) -> bool:
            try:
                with urllib.request.urlopen(self.base_url + "/healthz/", timeout=2) as answer:
                    return bool(answer.status == 200)
            except OSError:
                return False

        self.web = Process("web", argv, self.env(**env), self.directory / "web.log", ready)
        return self.web

    def start_worker(self, name: str = "worker", *, pool: str = "prefork",
                     concurrency: int | None = None, **env: str) -> Process:
        argv = [sys.executable, "-m", "celery", "-A", "jobcenter", "worker", "--loglevel=INFO",
                "--without-mingle", "--without-gossip", "--pool", pool,
                "--concurrency", str(concurrency or self.worker_concurrency),
                "--hostname", f"{name}@loadtest",
                "--queues", "interactive,bulk"]  # both queues (docs/operations.md)
        worker = Process(name, argv, self.env(**env), self.directory / f"{name}.log",
                         lambda p: "ready." in p.log())
        self.workers.append(worker)
        return worker

    def start_beat(self) -> Process:
        argv = [sys.executable, "-m", "celery", "-A", "jobcenter", "beat", "--loglevel=INFO",
                "--schedule", str(self.directory / "beat-schedule")]
        self.beat = Process("beat", argv, self.env(), self.directory / "beat.log",
                            lambda p: "beat: Starting" in p.log())
        return self.beat

    def stop(self) -> None:
        for process in [self.web, self.beat, *self.workers]:
            if process is not None:
                process.stop(signal.SIGQUIT if process in self.workers else signal.SIGTERM)
        self.redis.stop()
        self.postgres.stop("fast")
        self.postgres.remove()

    # --- checks -------------------------------------------------------------------------
    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        import psycopg

        with psycopg.connect(self.postgres.url(), connect_timeout=5) as conn:
            return list(conn.execute(sql, params).fetchall())  # type: ignore[arg-type]
