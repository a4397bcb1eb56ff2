#!/usr/bin/env python3
"""A real, throwaway Neo4j Community 5.26 server on loopback, without Docker.

The jars are resolved once from Maven Central with Maven (scripts/neo4j/pom.xml) into a
cache directory, then the server entry point runs over them with a fresh temporary
home (conf, data, logs) on free ports of 127.0.0.1.

    python scripts/neo4j_local.py start         # prints shell exports; eval "$(...)"
    python scripts/neo4j_local.py status
    python scripts/neo4j_local.py stop
    python scripts/neo4j_local.py run -- CMD ARGS...   # start, run CMD, always stop

Authentication is enabled: user `neo4j`, an initial password set with neo4j-admin before
the first start (default `kg-local-pass`, env KG_NEO4J_PASSWORD). Standard library only.
See docs/neo4j.md.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import ctypes
import fcntl
import hashlib
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path

POM = Path(__file__).resolve().parent / "neo4j" / "pom.xml"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
USER = "neo4j"
DATABASE = "neo4j"
RESOLVED_MARKER = ".resolved"
CLASS_DUMP = "classes.jsa"  # in the instance dir, until kept in the cache

# Exit statuses of `run`, after the convention of env(1) and timeout(1).
EXIT_NOT_STARTED = 125
EXIT_NOT_EXECUTABLE = 126
EXIT_NOT_FOUND = 127
EXIT_NOT_RUNNING = 3  # `status` with no server, as LSB init scripts do

# The part of what Neo4j's own launcher (bin/neo4j) passes that matters here: Neo4j reaches
# into NIO internals, and Netty needs reflection for its direct buffers.
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
]


class Neo4jLocalError(Exception):
    """Anything that keeps the local server from being resolved, started or stopped."""


@dataclass(frozen=True)
class Settings:
    """Everything the environment may override, read once."""

    version: str
    home: Path
    state_file: Path
    password: str
    heap_initial: str
    heap_max: str
    pagecache: str
    start_timeout: float
    jvm_extra: tuple[str, ...]
    class_sharing: bool

    @classmethod
    def from_env(cls) -> Settings:
        version = os.environ.get("KG_NEO4J_VERSION") or pom_version()
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg"
        home = os.environ.get("KG_NEO4J_HOME")
        return cls(
            version=version,
            home=Path(home) if home else cache / f"neo4j-{version}",
            state_file=Path(os.environ.get("KG_NEO4J_STATE") or cache / "neo4j-local.json"),
            password=os.environ.get("KG_NEO4J_PASSWORD") or "kg-local-pass",
            heap_initial=os.environ.get("KG_NEO4J_HEAP_INITIAL") or "512m",
            heap_max=os.environ.get("KG_NEO4J_HEAP_MAX") or "1g",
            pagecache=os.environ.get("KG_NEO4J_PAGECACHE") or "256m",
            start_timeout=seconds_from_env("KG_NEO4J_START_TIMEOUT", 300),
            jvm_extra=tuple(shlex.split(os.environ.get("KG_NEO4J_JVM_FLAGS", ""))),
            class_sharing=os.environ.get("KG_NEO4J_CDS", "1") != "0",
        )

    @property
    def lib(self) -> Path:
        return self.home / "lib"


@dataclass
class Server:
    """A started server: what `start` writes to the state file and `stop` reads back."""

    pid: int
    instance_dir: str
    bolt_port: int
    http_port: int
    password: str
    version: str
    startup_seconds: float
    class_archive: str = ""  # where this run's class-data dump is kept; "" if not dumping

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def env(self) -> dict[str, str]:
        return {
            "NEO4J_URI": self.uri,
            "NEO4J_USER": USER,
            "NEO4J_PASSWORD": self.password,
            "NEO4J_DATABASE": DATABASE,
            "NEO4J_HTTP_URL": self.http_url,
        }


def seconds_from_env(name: str, default: float) -> float:
    value = os.environ.get(name) or str(default)
    try:
        return float(value)
    except ValueError:
        raise Neo4jLocalError(f"{name}={value!r} is not a number of seconds") from None


def say(message: str) -> None:
    """Progress goes to stderr so that stdout of `start` stays pure shell exports."""
    print(f"neo4j_local: {message}", file=sys.stderr, flush=True)


def pom_version() -> str:
    """The version pinned in scripts/neo4j/pom.xml, so it is written down in one place."""
    namespace = {"m": "http://maven.apache.org/POM/4.0.0"}
    node = ET.parse(POM).getroot().find("m:properties/m:neo4j.version", namespace)
    if node is None or not (node.text or "").strip():
        raise Neo4jLocalError(f"{POM}: no <neo4j.version> property")
    return (node.text or "").strip()


def java_executable() -> str:
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not java or not os.access(java, os.X_OK):
        where = f"JAVA_HOME={java_home}" if java_home else "PATH"
        raise Neo4jLocalError(f"no java executable found via {where}; Neo4j 5.26 needs Java 17+")
    return java


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Serialise resolution between concurrent runs sharing one cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def resolve_jars(settings: Settings) -> float:
    """Copy Neo4j's jars into the cache with Maven unless already there; return seconds."""
    marker = settings.lib / RESOLVED_MARKER
    if marker.exists():
        return 0.0
    mvn = shutil.which("mvn")
    if not mvn:
        raise Neo4jLocalError(
            "Maven (mvn) not found; it resolves Neo4j's jars (apt-get install maven)"
        )
    began = time.monotonic()
    with locked(settings.home / ".lock"):
        if marker.exists():  # another run resolved while we waited
            return time.monotonic() - began
        partial = settings.home / "lib.partial"
        shutil.rmtree(partial, ignore_errors=True)
        say(f"resolving Neo4j {settings.version} with Maven into {settings.lib} (once)")
        command = [
            mvn, "-B", "-q", "-f", str(POM), "dependency:copy-dependencies",
            f"-Dneo4j.version={settings.version}", f"-DoutputDirectory={partial}",
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).splitlines()[-30:])
            raise Neo4jLocalError(f"Maven could not resolve Neo4j {settings.version}:\n{tail}")
        shutil.rmtree(settings.lib, ignore_errors=True)
        partial.rename(settings.lib)
        marker.write_text(settings.version + "\n")
    return time.monotonic() - began


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def write_config(instance: Path, settings: Settings, bolt_port: int, http_port: int) -> None:
    config = {
        "server.default_listen_address": "127.0.0.1",
        "server.default_advertised_address": "127.0.0.1",
        "server.bolt.listen_address": f"127.0.0.1:{bolt_port}",
        "server.bolt.advertised_address": f"127.0.0.1:{bolt_port}",
        "server.http.listen_address": f"127.0.0.1:{http_port}",
        "server.http.advertised_address": f"127.0.0.1:{http_port}",
        "server.https.enabled": "false",
        "server.memory.pagecache.size": settings.pagecache,
        "dbms.security.auth_enabled": "true",
        # No network here besides package registries, and a test server has nothing to report.
        "dbms.usage_report.enabled": "false",
        "db.logs.query.enabled": "OFF",
        # Netty's default 5 s quiet period (twice) would make every stop take over 10 s.
        "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
        "internal.dbms.bolt.netty_server_shutdown_timeout": "5",
    }
    conf = instance / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    lines = [f"{key}={value}" for key, value in config.items()]
    (conf / "neo4j.conf").write_text("\n".join(lines) + "\n")


def neo4j_env(instance: Path) -> dict[str, str]:
    return {**os.environ, "NEO4J_HOME": str(instance), "NEO4J_CONF": str(instance / "conf")}


def classpath(settings: Settings) -> str:
    """Explicit and sorted, not lib/*: a class-data archive only fits the same class path."""
    return os.pathsep.join(str(jar) for jar in sorted(settings.lib.glob("*.jar")))


def class_archive(settings: Settings, java: str) -> Path | None:
    """The AppCDS archive for this JVM build and these jars; it cuts start-up by about 40 %."""
    if not settings.class_sharing:
        return None
    version = subprocess.run([java, "-version"], capture_output=True, text=True, check=False)
    jvm = hashlib.sha256((os.path.realpath(java) + version.stderr).encode()).hexdigest()[:12]
    return settings.home / "cds" / f"server-{jvm}.jsa"


def class_sharing_flags(archive: Path | None, instance: Path) -> list[str]:
    """Use the archive if there is one, else dump one when this server exits."""
    if archive is None:
        return []
    if archive.exists():
        return [f"-XX:SharedArchiveFile={archive}"]
    return [f"-XX:ArchiveClassesAtExit={instance / CLASS_DUMP}"]


def keep_class_dump(server: Server) -> None:
    """Move a dump written at a clean exit into the cache, atomically, first one wins."""
    dump = Path(server.instance_dir) / CLASS_DUMP
    target = Path(server.class_archive) if server.class_archive else None
    if target is None or target.exists() or not dump.is_file():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    shutil.move(dump, partial)
    os.replace(partial, target)
    say(f"kept a class-data archive for faster starts: {target}")


def set_initial_password(java: str, settings: Settings, instance: Path) -> None:
    """neo4j-admin's own way: written to data/dbms/auth.ini, applied on first start."""
    command = [
        java, "-Xmx256m", "-cp", classpath(settings), ADMIN_TOOL,
        "dbms", "set-initial-password", settings.password,
    ]  # fmt: skip
    done = subprocess.run(
        command, env=neo4j_env(instance), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        head = "\n".join((done.stdout + done.stderr).splitlines()[:12])  # the reason, not the stack
        raise Neo4jLocalError(f"neo4j-admin set-initial-password failed:\n{head}")


def die_with_parent() -> None:
    """In `run`, the server must not outlive this script even if it is killed outright."""
    with contextlib.suppress(OSError, AttributeError):
        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def launch(
    java: str, settings: Settings, instance: Path, archive: Path | None, attached: bool
) -> subprocess.Popen[bytes]:
    command = [
        java, f"-Xms{settings.heap_initial}", f"-Xmx{settings.heap_max}", *JVM_FLAGS,
        *class_sharing_flags(archive, instance), *settings.jvm_extra,
        "-cp", classpath(settings), ENTRY_POINT,
        f"--home-dir={instance}", f"--config-dir={instance / 'conf'}", "--console-mode",
    ]  # fmt: skip
    (instance / "logs").mkdir(parents=True, exist_ok=True)
    with (instance / "logs" / "console.log").open("wb") as console:
        return subprocess.Popen(
            command,
            cwd=instance,
            env=neo4j_env(instance),
            stdin=subprocess.DEVNULL,
            stdout=console,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C meant for the tests must not kill the server
            preexec_fn=die_with_parent if attached else None,
        )


def bolt_answers(port: int) -> bool:
    """A Bolt handshake: the magic preamble and four proposals; any agreed version counts."""
    proposals = bytes.fromhex("6060b017" + "00040405" + "00000404" + "00000000" + "00000000")
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
            conn.sendall(proposals)
            agreed = conn.recv(4)
    except OSError:
        return False
    return len(agreed) == 4 and agreed != b"\x00\x00\x00\x00"


def database_answers(server: Server) -> bool:
    """`RETURN 1` over HTTP proves the database is online and the password is in force."""
    token = base64.b64encode(f"{USER}:{server.password}".encode()).decode()
    request = urllib.request.Request(
        f"{server.http_url}/db/{DATABASE}/tx/commit",
        data=json.dumps({"statements": [{"statement": "RETURN 1"}]}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Basic {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            body = json.load(response)
    except (OSError, urllib.error.URLError, ValueError):
        return False
    return not body.get("errors") and bool(body.get("results"))


def log_tail(instance: Path, lines: int = 40) -> str:
    logs = instance / "logs"
    parts = []
    for name in ("console.log", "debug.log"):
        path = logs / name
        if path.exists() and path.stat().st_size:
            text = path.read_text(errors="replace").splitlines()[-lines:]
            parts.append(f"--- tail of {path} ---\n" + "\n".join(text))
            break  # the console holds the reason in all failures seen; debug.log if it is empty
    return "\n".join(parts) or f"(no log in {logs})"


def wait_until_ready(process: subprocess.Popen[bytes], server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = process.poll()
        if status is not None:
            raise Neo4jLocalError(
                f"Neo4j exited with status {status} before Bolt answered\n"
                + log_tail(Path(server.instance_dir))
            )
        if bolt_answers(server.bolt_port) and database_answers(server):
            return
        time.sleep(0.2)
    raise Neo4jLocalError(
        f"Neo4j did not answer on {server.uri} within {timeout:.0f} s "
        "(KG_NEO4J_START_TIMEOUT)\n" + log_tail(Path(server.instance_dir))
    )


def start_server(settings: Settings, attached: bool) -> tuple[Server, subprocess.Popen[bytes]]:
    """Resolve, configure, launch and wait; on failure nothing is left behind."""
    java = java_executable()
    resolve_seconds = resolve_jars(settings)
    instance = Path(tempfile.mkdtemp(prefix="kg-neo4j-"))
    process: subprocess.Popen[bytes] | None = None
    try:
        bolt_port, http_port = free_port(), free_port()
        while http_port == bolt_port:
            http_port = free_port()
        write_config(instance, settings, bolt_port, http_port)
        began = time.monotonic()
        set_initial_password(java, settings, instance)
        password_seconds = time.monotonic() - began
        archive = class_archive(settings, java)
        process = launch(java, settings, instance, archive, attached)
        server = Server(
            pid=process.pid,
            instance_dir=str(instance),
            bolt_port=bolt_port,
            http_port=http_port,
            password=settings.password,
            version=settings.version,
            startup_seconds=0.0,
            class_archive=str(archive) if archive and not archive.exists() else "",
        )
        wait_until_ready(process, server, settings.start_timeout)
        server.startup_seconds = round(time.monotonic() - began, 2)
    except BaseException:
        if process is not None:
            terminate(process.pid, lambda: process.poll() is not None, grace=10)
        shutil.rmtree(instance, ignore_errors=True)
        raise
    resolved = f", resolving jars took {resolve_seconds:.1f} s" if resolve_seconds else ""
    say(
        f"Neo4j {settings.version} ready on {server.uri} (pid {server.pid}) "
        f"in {server.startup_seconds:.1f} s (initial password {password_seconds:.1f} s){resolved}"
    )
    return server, process


def terminate(pid: int, has_exited: Callable[[], bool], grace: float = 60.0) -> bool:
    """SIGTERM (Neo4j checkpoints and shuts down cleanly), then SIGKILL after `grace`.

    Returns whether it exited by itself.
    """
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if has_exited():
            return True
        time.sleep(0.1)
    say(f"Neo4j (pid {pid}) ignored SIGTERM for {grace:.0f} s; killing it")
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    return False


def shut_down(server: Server, has_exited: Callable[[], bool]) -> None:
    """Stop the server, keep its class-data dump if it wrote one, delete its data."""
    began = time.monotonic()
    if terminate(server.pid, has_exited):
        keep_class_dump(server)
    shutil.rmtree(server.instance_dir, ignore_errors=True)
    say(f"stopped Neo4j (pid {server.pid}) in {time.monotonic() - began:.1f} s")


def pid_is_server(pid: int, instance_dir: str) -> bool:
    """Alive, not a zombie, and still our java (a pid can be reused after a reboot)."""
    proc = Path(f"/proc/{pid}")
    try:
        state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
    except (OSError, IndexError):
        return False
    return state != "Z" and instance_dir in cmdline


def read_state(settings: Settings) -> Server | None:
    try:
        state = json.loads(settings.state_file.read_text())
        known = {field.name for field in fields(Server)}  # state files of older versions
        return Server(**{key: value for key, value in state.items() if key in known})
    except FileNotFoundError:
        return None
    except (ValueError, TypeError) as error:
        raise Neo4jLocalError(f"{settings.state_file}: unreadable state file ({error})") from error


def exports(server: Server) -> str:
    return "\n".join(f"export {key}={shlex.quote(value)}" for key, value in server.env().items())


def cmd_start(settings: Settings) -> int:
    running = read_state(settings)
    if running and pid_is_server(running.pid, running.instance_dir):
        raise Neo4jLocalError(
            f"already running on {running.uri} (pid {running.pid}); `stop` it first"
        )
    server, _ = start_server(settings, attached=False)
    settings.state_file.parent.mkdir(parents=True, exist_ok=True)
    settings.state_file.write_text(json.dumps(asdict(server), indent=2) + "\n")
    print(exports(server))
    print(f"# stop with: python {shlex.quote(sys.argv[0])} stop")
    return 0


def cmd_stop(settings: Settings) -> int:
    server = read_state(settings)
    if server is None:
        say("not running (no state file)")
        return 0
    if pid_is_server(server.pid, server.instance_dir):
        shut_down(server, lambda: not pid_is_server(server.pid, server.instance_dir))
    else:
        say(f"Neo4j (pid {server.pid}) was not running; cleaning up")
        shutil.rmtree(server.instance_dir, ignore_errors=True)
    settings.state_file.unlink(missing_ok=True)
    return 0


def cmd_status(settings: Settings) -> int:
    server = read_state(settings)
    if server is None:
        print("not running")
        return EXIT_NOT_RUNNING
    if not pid_is_server(server.pid, server.instance_dir):
        print(f"not running (stale state file {settings.state_file}; `stop` cleans it)")
        return EXIT_NOT_RUNNING
    answering = "answering" if bolt_answers(server.bolt_port) else "NOT answering"
    print(f"running: Neo4j {server.version}, pid {server.pid}, {server.uri} {answering}")
    print(f"data: {server.instance_dir}")
    print(exports(server))
    return 0


class Interrupted(Exception):
    """SIGTERM/SIGHUP while in `run`: unwind so that the server still stops."""


def raise_interrupted(signum: int, _frame: object) -> None:
    raise Interrupted(signal.Signals(signum).name)


def cmd_run(settings: Settings, command: list[str]) -> int:
    if shutil.which(command[0]) is None:  # before spending a start on it
        say(f"command not found or not executable: {command[0]}")
        return EXIT_NOT_FOUND
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, raise_interrupted)
    try:
        server, process = start_server(settings, attached=True)
    except Neo4jLocalError as error:
        say(f"Neo4j did not start, not running {shlex.join(command)}: {error}")
        return EXIT_NOT_STARTED
    try:
        return subprocess.run(command, env={**os.environ, **server.env()}, check=False).returncode
    except FileNotFoundError:
        say(f"command not found: {command[0]}")
        return EXIT_NOT_FOUND
    except PermissionError:
        say(f"command not executable: {command[0]}")
        return EXIT_NOT_EXECUTABLE
    finally:
        for signum in (signal.SIGTERM, signal.SIGHUP):  # let the stop below finish
            signal.signal(signum, signal.SIG_IGN)
        shut_down(server, lambda: process.poll() is not None)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="neo4j_local.py",
        description="A throwaway local Neo4j Community server for tests and development.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("start", help="start in the background; print shell exports")
    commands.add_parser("stop", help="stop the server `start` started; delete its data")
    commands.add_parser("status", help=f"say whether it runs (exit {EXIT_NOT_RUNNING} if not)")
    run = commands.add_parser("run", help="start, run -- CMD ARGS..., always stop")
    run.add_argument("cmd", nargs=argparse.REMAINDER, help="the command, after --")
    args = parser.parse_args(argv)
    if args.command == "run":
        args.cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
        if not args.cmd:
            parser.error("run needs a command: run -- CMD ARGS...")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        settings = Settings.from_env()
        if args.command == "run":
            return cmd_run(settings, args.cmd)
        handlers = {"start": cmd_start, "stop": cmd_stop, "status": cmd_status}
        return handlers[args.command](settings)
    except Neo4jLocalError as error:
        say(f"error: {error}")
        return 1
    except (KeyboardInterrupt, Interrupted):
        say("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
