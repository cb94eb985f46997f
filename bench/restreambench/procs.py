"""Processes, each in its own process group with its own log, stopped
when their scenario ends; and free loopback ports."""
import os
import signal
import socket
import subprocess
import time

LOG_DIR = None
LOG_PREFIX = ""
RUNNING = []             # every Popen started, for cleanup
HANDED_OUT = set()       # ports given by free_port in this run


def log(msg):
    print(msg, flush=True)


def set_log_dir(path):
    global LOG_DIR
    LOG_DIR = path


def set_log_prefix(prefix):
    """Logs of the processes started from now on are named prefix + name."""
    global LOG_PREFIX
    LOG_PREFIX = prefix


def start(name, argv, stdin=None, stdout=None, env=None):
    """Start argv in its own process group, stderr (and stdout unless
    given) to LOG_DIR/name.log."""
    logf = open(os.path.join(LOG_DIR, LOG_PREFIX + name + ".log"), "w")
    p = subprocess.Popen(argv, stdin=stdin if stdin else subprocess.DEVNULL,
                         stdout=stdout if stdout else logf, stderr=logf,
                         env=env, start_new_session=True,
                         text=True if stdout or stdin else None)
    p.logf = logf
    p.name = name
    RUNNING.append(p)
    with open(os.path.join(LOG_DIR, "pids"), "a") as f:
        f.write("%d\n" % p.pid)
    return p


def signal_group(p, sigs):
    """Send each of sigs to p's process group, if it is still there."""
    for s in sigs:
        try:
            os.killpg(p.pid, s)
        except ProcessLookupError:
            pass


def stop(p, sig=signal.SIGTERM, grace=3.0):
    if p is None or p not in RUNNING:
        return
    RUNNING.remove(p)
    if p.poll() is None:
        signal_group(p, (signal.SIGCONT, sig))
        try:
            p.wait(grace)
        except subprocess.TimeoutExpired:
            signal_group(p, (signal.SIGKILL,))
            p.wait()
    p.logf.close()


def stop_all():
    """Stop everything still running: signal all, then wait for all."""
    procs = list(reversed(RUNNING))
    for p in procs:
        if p.poll() is None:
            signal_group(p, (signal.SIGCONT, signal.SIGTERM))
    end = time.monotonic() + 3.0
    for p in procs:
        try:
            p.wait(max(0.1, end - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
        stop(p, signal.SIGKILL, 2.0)


def free_port():
    """A port free for TCP and UDP on 127.0.0.1, and not given before in
    this run (the kernel hands a just-closed ephemeral port out again, so
    32 ports picked in a row can hold the same one twice)."""
    while True:
        t = socket.socket()
        t.bind(("127.0.0.1", 0))
        port = t.getsockname()[1]
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            if port in HANDED_OUT:
                continue
            u.bind(("127.0.0.1", port))
            HANDED_OUT.add(port)
            return port
        except OSError:
            pass
        finally:
            u.close()
            t.close()


def wait_for(pred, timeout, step=0.1):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


def sleep_checked(seconds, procs):
    """Sleep; return the name of a process in procs that exited, if any."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for p in procs:
            if p.poll() is not None:
                return p.name
        time.sleep(min(0.2, max(0, end - time.monotonic())))
    return None
