"""Kernel socket folders (``oms-kernel-*``): removed after use, at SIGTERM, and after a kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from analysis.pipeline import kernels

# A run that starts a real kernel in its socket folder, says where, and waits to be killed.
HOLDER = textwrap.dedent("""
    import sys, time
    from analysis.pipeline.kernels import kernel_manager
    with kernel_manager() as km:
        km.start_kernel()
        print(km.ip, km.provisioner.process.pid, flush=True)
        time.sleep(600)
""")


def _start_holder(tmp_path: Path) -> tuple[subprocess.Popen, Path, int]:
    env = dict(os.environ, TMPDIR=str(tmp_path))
    proc = subprocess.Popen([sys.executable, "-c", HOLDER], env=env, stdout=subprocess.PIPE,
                            text=True)
    ip, kernel_pid = proc.stdout.readline().split()
    folder = Path(ip).parent
    assert folder.parent == tmp_path and folder.name.startswith(f"oms-kernel-{proc.pid}-")
    assert folder.is_dir()
    return proc, folder, int(kernel_pid)


def _stop_kernel(pid: int) -> None:
    """The orphaned kernel of a killed run (tidiness of the test, not what is tested)."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _wait_gone(path: Path, seconds: float = 20) -> bool:
    end = time.monotonic() + seconds
    while path.exists() and time.monotonic() < end:
        time.sleep(0.1)
    return not path.exists()


def test_folder_removed_after_use(tmp_path, monkeypatch):
    monkeypatch.setattr(kernels.tempfile, "tempdir", str(tmp_path))
    with kernels.kernel_manager() as km:
        folder = Path(km.ip).parent
        assert folder.is_dir()
    assert not folder.exists()
    assert not list(tmp_path.glob("oms-kernel-*"))


def test_killed_run_folder_removed_at_next_start(tmp_path):
    proc, folder, kernel_pid = _start_holder(tmp_path)
    try:
        other, other_folder, other_kernel = _start_holder(tmp_path)  # a run still going
        proc.kill()  # kill -9: no chance to clean up
        proc.wait(timeout=20)
        assert folder.is_dir()
        removed = kernels.remove_stale_sockets(tmp_path)
        assert removed == [folder]
        assert not folder.exists()
        assert other_folder.is_dir()  # the live run's folder is left alone
    finally:
        for p in (proc, other):
            p.kill()
            p.wait(timeout=20)
        _stop_kernel(kernel_pid)
        _stop_kernel(other_kernel)
    # a new start (kernel_manager in a fresh process) clears the second killed run's folder too
    env = dict(os.environ, TMPDIR=str(tmp_path))
    subprocess.run([sys.executable, "-c",
                    "from analysis.pipeline.kernels import kernel_manager\n"
                    "with kernel_manager(): pass"], env=env, check=True, timeout=60)
    assert not list(tmp_path.glob("oms-kernel-*"))


def test_sigterm_removes_folder(tmp_path):
    proc, folder, kernel_pid = _start_holder(tmp_path)
    try:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == -signal.SIGTERM
        assert _wait_gone(folder)
    finally:
        proc.kill()
        _stop_kernel(kernel_pid)


def test_unnamed_folders_removed_only_when_old(tmp_path):
    young = tmp_path / "oms-kernel-abc123"
    old = tmp_path / "oms-kernel-def456"
    for d in (young, old):
        d.mkdir()
    os.utime(old, (time.time() - 2 * 86400,) * 2)
    assert kernels.remove_stale_sockets(tmp_path) == [old]
    assert young.is_dir()


@pytest.mark.parametrize("name", ["oms-kernel-1-x", "oms-kernel-x", "oms-kernel-12-"])
def test_owner_pid(name):
    assert kernels._owner_pid(Path(name)) == {"oms-kernel-1-x": 1, "oms-kernel-12-": 12}.get(name)
