"""Start the real app on a free port and drive it with Debian's chromium (tests and bench/app_latency.py)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium", shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Server:
    url: str
    pid: int

    def rss_bytes(self) -> int:
        """Resident memory of the server process (Linux)."""
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0


@contextlib.contextmanager
def streamlit_server(
    *, env: dict[str, str] | None = None, timeout: float = 90, script: Path = ROOT / "app.py", log_path: Path | None = None,
) -> Iterator[Server]:
    """Run ``streamlit run app.py`` (or another ``script``) on 127.0.0.1 and yield it; stop it afterwards.

    The server's output goes to ``log_path`` when given (a benchmark reads its tracebacks), else to a temporary file.
    """
    port = free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]
    log = open(log_path, "w+b") if log_path else tempfile.TemporaryFile()  # a file, not a pipe: a full pipe would block the server
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None:
                log.seek(0)
                tail = log.read().decode(errors="replace")[-3000:]
                raise RuntimeError(f"streamlit exited with status {proc.returncode} before serving:\n{tail}")
            if time.monotonic() > deadline:
                raise TimeoutError("streamlit did not become healthy in time")
            time.sleep(0.3)
        yield Server(url, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def shot(page, name: str) -> None:
    """With SCREENSHOTS=1, save what ``page`` shows as docs/screenshots/<name>.png (the README's pictures)."""
    if os.environ.get("SCREENSHOTS") == "1":
        folder = ROOT / "docs" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"), full_page=False)


def browser_missing() -> str | None:
    """Why real-browser tests cannot run here, or None."""
    if find_chromium() is None:
        return "Debian's chromium is not installed (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (make test installs it)"
    return None


def require_browser() -> None:
    """Call at module level in a browser-test file: skip with the reason, except under CI=true (then they must run)."""
    import pytest

    missing = browser_missing()
    if missing and os.environ.get("CI") != "true":
        pytest.skip(f"browser tests skipped: {missing}", allow_module_level=True)
