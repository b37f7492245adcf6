"""D20 (#16): SIGTERM ends a run like Ctrl-C (nothing partial left, exit 143), and worker
processes die with their parent."""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from newsclean.batch import die_with_parent

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux prctl")


def _pdeathsig() -> int:
    libc = ctypes.CDLL(None, use_errno=True)
    value = ctypes.c_int(0)
    libc.prctl(2, ctypes.byref(value))  # PR_GET_PDEATHSIG
    return value.value


@linux
def test_workers_are_asked_to_die_with_their_parent() -> None:
    with ProcessPoolExecutor(max_workers=1, initializer=die_with_parent) as pool:
        assert pool.submit(_pdeathsig).result(timeout=60) == signal.SIGTERM
    with ProcessPoolExecutor(max_workers=1) as pool:  # the control: not set by default
        assert pool.submit(_pdeathsig).result(timeout=60) == 0


def _wait_for_handler(pid: int, signum: int, timeout: float = 60.0) -> None:
    """Wait until the process catches ``signum`` (its SigCgt mask in /proc has the bit)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = Path(f"/proc/{pid}/status").read_text()
        caught = int(next(x for x in status.splitlines() if x.startswith("SigCgt:")).split()[1], 16)
        if caught & (1 << (signum - 1)):
            return
        time.sleep(0.05)
    raise AssertionError("the run never installed its SIGTERM handler")


@linux
def test_sigterm_leaves_no_partial_output(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "newsclean", "clean", "-", "--format", "jsonl", "-o", str(out)]
    proc = subprocess.Popen(
        cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path
    )
    assert proc.stdin is not None
    record = json.dumps({"id": "a", "text": "The council met on Tuesday."}) + "\n"
    proc.stdin.write(record.encode() * 50)
    proc.stdin.flush()  # the run is now waiting for more input, mid-stream
    _wait_for_handler(proc.pid, signal.SIGTERM)
    time.sleep(0.3)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert b"interrupted" in err
    assert sorted(os.listdir(tmp_path)) == []  # no output, no temporary file
