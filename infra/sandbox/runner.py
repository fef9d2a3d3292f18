#!/usr/bin/env python3
"""The DGM sandbox runner: the entry point of the sandbox container image.

Reads one job from the DGM_JOB_SPEC environment variable (the JSON contract in README.md beside this file),
downloads its inputs through SAS URLs, runs its command as an unprivileged user with hard limits, and uploads the
outputs, the clipped log and result.json through SAS URLs. result.json is written last: once it exists, the job is
over. Only the Python standard library and coreutils' `timeout` and GNU tar are used, so the runner also works in
images it was copied into.

Knobs for running outside the image (tests, debugging):
  DGM_JOB_ROOT            where inputs land and the command runs (default /job)
  DGM_RUN_AS              the user the command runs as (default "agent"; empty: the runner's own user)
  DGM_KILL_AFTER_SECONDS  grace between SIGTERM and SIGKILL at the wall limit (default 10)
"""

import gzip
import hashlib
import json
import os
import pwd
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

SPEC_VARIABLE = "DGM_JOB_SPEC"
RUNNER_VARIABLES = ("DGM_JOB_ROOT", "DGM_RUN_AS", "DGM_KILL_AFTER_SECONDS")
STORAGE_VERSION = "2023-11-03"
CHUNK = 1 << 16
MARKER_ROOM = 64
CLK_TCK = os.sysconf("SC_CLK_TCK")


class JobError(Exception):
    """The sandbox could not do its part (inputs, user, outputs); reported in result.json as `error`."""


def log(message):
    # Container logs are the only trace when result.json cannot be written; they never carry URLs (SAS secrets).
    print(f"dgm-runner: {message}", file=sys.stderr, flush=True)


def relative_path(value, what):
    """A path inside the job root: relative, no '..' and no empty segments."""
    if not isinstance(value, str) or value.startswith("/") or "\0" in value:
        raise JobError(f"{what} '{value}' must be a relative path")
    parts = [p for p in value.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise JobError(f"{what} '{value}' must not contain '..'")
    return os.path.join(*parts) if parts else "."


def parse_spec(text):
    spec = json.loads(text)
    for field in ("command", "wallSeconds", "cpuSeconds", "processes", "fileSizeMb", "outputBytes", "resultUrl", "logUrl"):
        if field not in spec:
            raise ValueError(f"job spec lacks '{field}'")
    if not spec["command"] or not all(isinstance(a, str) for a in spec["command"]):
        raise ValueError("job spec 'command' must be a non-empty list of strings")
    spec.setdefault("inputs", [])
    spec.setdefault("outputs", [])
    spec.setdefault("workingDirectory", ".")
    return spec


def http(method, url, body=None, length=None, sink=None, attempts=4):
    """One request with bounded retries for throttling, server errors and broken connections."""
    headers = {"x-ms-version": STORAGE_VERSION}
    if method == "PUT":
        headers.update({"x-ms-blob-type": "BlockBlob", "Content-Type": "application/octet-stream", "Content-Length": str(length)})
    for attempt in range(1, attempts + 1):
        if hasattr(body, "seek"):
            body.seek(0)
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=300) as response:
                if sink is not None:
                    sink.seek(0)
                    sink.truncate()
                    shutil.copyfileobj(response, sink, CHUNK)
                return
        except urllib.error.HTTPError as e:
            if e.code not in (408, 429, 500, 502, 503, 504) or attempt == attempts:
                raise JobError(f"{method} answered HTTP {e.code}") from None
            delay = float(e.headers.get("Retry-After") or 2 ** attempt)
        except (urllib.error.URLError, OSError) as e:
            if attempt == attempts:
                raise JobError(f"{method} failed: {getattr(e, 'reason', e)}") from None
            delay = 2 ** attempt
        time.sleep(min(delay, 30))


def upload_file(url, path):
    with open(path, "rb") as body:
        http("PUT", url, body, os.fstat(body.fileno()).st_size)


def upload_bytes(url, data):
    http("PUT", url, data, len(data))


class User:
    """Who the command runs as; switching needs root, and is what keeps the SAS URLs away from the job."""

    def __init__(self, name):
        self.switch = bool(name)
        if not self.switch:
            entry = pwd.getpwuid(os.getuid())
        else:
            if os.geteuid() != 0:
                raise JobError(f"running the command as '{name}' needs root")
            try:
                entry = pwd.getpwnam(name)
            except KeyError:
                raise JobError(f"user '{name}' does not exist") from None
        self.name, self.uid, self.gid, self.home = entry.pw_name, entry.pw_uid, entry.pw_gid, entry.pw_dir

    def popen_args(self):
        return {"user": self.uid, "group": self.gid, "extra_groups": []} if self.switch else {}

    def own(self, root):
        if not self.switch:
            return
        for directory, dirs, files in os.walk(root):
            os.lchown(directory, self.uid, self.gid)
            for name in dirs + files:
                os.lchown(os.path.join(directory, name), self.uid, self.gid)

    def read(self, argv, cwd, sink):
        """Runs a reader (cat, tar) as the user, so a job cannot make the runner read what the user may not."""
        completed = subprocess.run(argv, cwd=cwd, stdout=sink, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, check=False, **self.popen_args())
        if completed.returncode != 0:
            lines = completed.stderr.decode("utf-8", "replace").strip().splitlines()
            raise JobError(lines[-1] if lines else f"{argv[0]} failed with exit code {completed.returncode}")


def stage_inputs(spec, root, scratch):
    for index, item in enumerate(spec["inputs"]):
        target = os.path.join(root, relative_path(item["path"], "input path"))
        download = os.path.join(scratch, f"input-{index}")
        try:
            with open(download, "wb") as sink:
                http("GET", item["url"], sink=sink)
        except JobError as e:
            raise JobError(f"input '{item['path']}' could not be downloaded: {e}") from None
        if item.get("unpack"):
            os.makedirs(target, exist_ok=True)
            # GNU tar refuses members with '..' or absolute names; --no-same-owner leaves root the owner until chown.
            completed = subprocess.run(["tar", "-xzf", download, "-C", target, "--no-same-owner"], capture_output=True, check=False)
            if completed.returncode != 0:
                raise JobError(f"input '{item['path']}' could not be unpacked: {completed.stderr.decode('utf-8', 'replace').strip()}")
        else:
            os.makedirs(os.path.dirname(target) or root, exist_ok=True)
            shutil.move(download, target)


class OutputClip:
    """Keeps the head and the tail of the combined output within `limit` bytes and counts everything."""

    def __init__(self, limit):
        self.head_limit = limit // 2
        self.tail_limit = limit - self.head_limit
        self.head = bytearray()
        self.tail = bytearray()
        self.total = 0

    def add(self, data):
        self.total += len(data)
        room = self.head_limit - len(self.head)
        if room > 0:
            self.head += data[:room]
            data = data[room:]
        if data:
            self.tail += data
            if len(self.tail) > 2 * self.tail_limit:
                del self.tail[: len(self.tail) - self.tail_limit]

    @property
    def truncated(self):
        return self.total > self.head_limit + self.tail_limit

    def text(self):
        if not self.truncated:
            return bytes(self.head + self.tail)
        # The marker comes out of the tail's share, so head + marker + tail stays within the limit.
        tail = self.tail[len(self.tail) - max(0, self.tail_limit - MARKER_ROOM):]
        marker = f"\n[... {self.total - len(self.head) - len(tail)} bytes clipped ...]\n".encode()
        return bytes(self.head) + marker + bytes(tail)


def session_cpu_seconds(session):
    """CPU of every live process in the job's session, including what each already reaped from its children."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session:
            total += sum(int(v) for v in fields[11:15])
    return total / CLK_TCK


def oom_kills():
    """The container's OOM-kill counter (cgroup v2, then v1); None where neither is visible."""
    for path in ("/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control"):
        try:
            with open(path) as f:
                for line in f:
                    key, _, value = line.partition(" ")
                    if key == "oom_kill":
                        return int(value)
        except OSError:
            continue
    return None


def run_command(spec, root, user):
    wall = int(spec["wallSeconds"])
    cpu_limit = float(spec["cpuSeconds"])
    kill_after = int(os.environ.get("DGM_KILL_AFTER_SECONDS", "10"))
    cwd = os.path.join(root, relative_path(spec["workingDirectory"], "working directory"))
    os.makedirs(cwd, exist_ok=True)
    user.own(root)

    env = {k: v for k, v in os.environ.items() if k not in RUNNER_VARIABLES}
    if user.switch:
        env.update(HOME=user.home, USER=user.name, LOGNAME=user.name)

    cpu_rlimit = max(1, int(-(-cpu_limit // 1)))
    limits = [
        (resource.RLIMIT_NPROC, int(spec["processes"]), int(spec["processes"])),
        (resource.RLIMIT_FSIZE, int(spec["fileSizeMb"]) * 1024 * 1024, int(spec["fileSizeMb"]) * 1024 * 1024),
        # A hard limit above the soft one: the process first gets SIGXCPU, which says why it died.
        (resource.RLIMIT_CPU, cpu_rlimit, cpu_rlimit + 1),
    ]

    def apply_limits():
        for kind, soft, hard in limits:
            resource.setrlimit(kind, (soft, hard))

    clip = OutputClip(int(spec["outputBytes"]))
    ooms_before = oom_kills()
    usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    # The process is forked before any thread starts, so preexec_fn is safe here.
    process = subprocess.Popen(
        ["timeout", f"--kill-after={kill_after}s", f"{wall}s", *spec["command"]],
        cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True, preexec_fn=apply_limits, **user.popen_args())

    def drain():
        for data in iter(lambda: process.stdout.read1(CHUNK), b""):
            clip.add(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()

    cpu_seen, cpu_killed = 0.0, False
    while process.poll() is None:
        cpu_seen = max(cpu_seen, session_cpu_seconds(process.pid))
        if cpu_seen >= cpu_limit and not cpu_killed:
            cpu_killed = True
            os.killpg(process.pid, signal.SIGKILL)
        time.sleep(0.2)
    elapsed = time.monotonic() - started
    try:
        # Whatever the command left running in its session goes too, so the log can end.
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    reader.join(timeout=10)

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_seconds = max(cpu_seen, usage.ru_utime + usage.ru_stime - usage_before.ru_utime - usage_before.ru_stime)
    status = process.returncode
    ooms_after = oom_kills()

    limits_hit = []
    timed_out = status in (124, 137, -signal.SIGKILL) and elapsed >= wall and not cpu_killed
    if timed_out:
        limits_hit.append("wallTime")
    if cpu_killed or cpu_seconds >= cpu_limit or status in (-signal.SIGXCPU, 128 + signal.SIGXCPU):
        limits_hit.append("cpuTime")
    if status in (-signal.SIGXFSZ, 128 + signal.SIGXFSZ):
        limits_hit.append("disk")
    if ooms_before is not None and ooms_after is not None and ooms_after > ooms_before:
        limits_hit.append("memory")

    # Killed at a limit, the command never exited by itself: no exit code. A crash (SIGSEGV, say) keeps 128+signal.
    killed = status < 0 or status in (124, 137, 128 + signal.SIGXCPU, 128 + signal.SIGXFSZ)
    killed_at_limit = killed and bool(limits_hit)
    exit_code = None if killed_at_limit else (128 - status if status < 0 else status)
    return {
        "exitCode": exit_code,
        "timedOut": timed_out,
        "limitsHit": limits_hit,
        "wallSeconds": round(elapsed, 3),
        "cpuSeconds": round(cpu_seconds, 3),
        "peakMemoryBytes": usage.ru_maxrss * 1024,
        "outputTruncated": clip.truncated,
    }, clip


def collect_outputs(spec, root, scratch, user):
    reports = []
    for index, item in enumerate(spec["outputs"]):
        report = {"path": item["path"], "uploaded": False}
        reports.append(report)
        packed = os.path.join(scratch, f"output-{index}")
        try:
            source = relative_path(item["path"], "output path")
            if item.get("pack"):
                raw = packed + ".tar"
                with open(raw, "wb") as sink:
                    # Sorted, owner-less, timestamp-less: the same tree always packs to the same bytes (and hash).
                    user.read(["tar", "--sort=name", "--owner=0", "--group=0", "--numeric-owner", "--mtime=@0",
                               "-C", source, "-cf", "-", "."], root, sink)
                with open(raw, "rb") as src, open(packed, "wb") as dst, gzip.GzipFile(fileobj=dst, mode="wb", mtime=0) as gz:
                    shutil.copyfileobj(src, gz, CHUNK)
            else:
                with open(packed, "wb") as sink:
                    user.read(["cat", "--", source], root, sink)
            digest = hashlib.sha256()
            with open(packed, "rb") as f:
                for block in iter(lambda: f.read(CHUNK), b""):
                    digest.update(block)
            upload_file(item["url"], packed)
            report.update(uploaded=True, bytes=os.path.getsize(packed), sha256=digest.hexdigest())
        except JobError as e:
            report["error"] = str(e)
    return reports


def main():
    text = os.environ.pop(SPEC_VARIABLE, None)
    if text is None:
        log(f"{SPEC_VARIABLE} is not set")
        return 2
    try:
        spec = parse_spec(text)
    except (ValueError, TypeError) as e:
        log(f"invalid job spec: {e}")
        return 2

    root = os.path.abspath(os.environ.get("DGM_JOB_ROOT", "/job"))
    os.makedirs(root, exist_ok=True)
    scratch = tempfile.mkdtemp(prefix="dgm-runner-")
    result = {"version": 1, "exitCode": None, "timedOut": False, "limitsHit": [], "wallSeconds": 0, "cpuSeconds": 0,
              "peakMemoryBytes": 0, "outputTruncated": False, "outputs": [], "error": None}
    log_bytes = b""
    try:
        user = User(os.environ.get("DGM_RUN_AS", "agent"))
        stage_inputs(spec, root, scratch)
        outcome, clip = run_command(spec, root, user)
        result.update(outcome)
        log_bytes = clip.text()
        result["outputs"] = collect_outputs(spec, root, scratch, user)
    except JobError as e:
        result["error"] = str(e)
    except Exception as e:  # the runner must still report, whatever broke
        result["error"] = f"runner failure: {type(e).__name__}: {e}"

    try:
        upload_bytes(spec["logUrl"], log_bytes)
        upload_bytes(spec["resultUrl"], json.dumps(result).encode())
    except JobError as e:
        log(f"could not upload the result: {e}")
        return 3
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    log(f"done: exit {result['exitCode']}, limits {result['limitsHit']}, error {result['error']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
