"""A throwaway HTTP server on 127.0.0.1 for the download tests: tests never reach the internet."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path


class Quiet(http.server.BaseHTTPRequestHandler):
    """A handler that keeps the test output clean."""

    def log_message(self, *args) -> None:
        pass


class QuietFiles(http.server.SimpleHTTPRequestHandler):
    """Serves a folder's files, quietly."""

    def log_message(self, *args) -> None:
        pass


def files(folder: Path, handler: type[QuietFiles] = QuietFiles) -> Callable[..., QuietFiles]:
    """A handler serving ``folder``."""
    return functools.partial(handler, directory=str(folder))


@contextlib.contextmanager
def serve(handler: Callable[..., http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on a free port in a thread; yield the base URL; shut down afterwards."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
