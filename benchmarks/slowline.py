"""A slow line that slows everything: a small HTTP server that delays and rate-limits every
response, for the reader's side of the benchmark (benchmarks/web.py).

Chromium's DevTools throttling slows the page's own requests but not those of a Web Worker,
and Pagefind does its fetching in one; this server slows them all alike, because it is the
network. Each response waits one round trip (``latency``) before its first byte, and all
responses share one line of ``rate`` bytes a second, as a phone's connection does. Files are
sent gzip-compressed when the browser asks, as web.py's server does (Pagefind's index files
are compressed already and go as they are), and may be kept for ten minutes, as GitHub Pages
lets browsers keep them. Counts the bytes it sends, so the benchmark can
tell what a search cost.
"""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import mimetypes
import threading
import time
from collections.abc import Iterator
from email.utils import formatdate
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".txt", ".xml"}
CHUNK = 4096


class Line:
    """One shared line: a chunk may go when the line has had time to carry those before."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.free_at = 0.0
        self.sent = 0

    async def carry(self, size: int) -> None:
        now = time.monotonic()
        start = max(now, self.free_at)
        self.free_at = start + size / self.rate
        self.sent += size
        await asyncio.sleep(self.free_at - now)


class SlowServer:
    def __init__(self, folder: Path, latency: float, rate: float) -> None:
        self.folder = folder.resolve()
        self.latency = latency
        self.line = Line(rate)
        self._compressed: dict[Path, bytes] = {}
        #: (seconds since start, path, bytes) of each response, to see what a search fetched
        self.log: list[tuple[float, str, int]] = []
        self._start = time.monotonic()

    def _body(self, path: Path, gzip_ok: bool) -> tuple[bytes, bool]:
        if gzip_ok and path.suffix in COMPRESSED:
            if path not in self._compressed:
                self._compressed[path] = gzip.compress(path.read_bytes(), compresslevel=6)
            return self._compressed[path], True
        return path.read_bytes(), False

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                request = await reader.readuntil(b"\r\n\r\n")
                lines = request.decode("latin-1").split("\r\n")
                _method, target, _version = lines[0].split(" ", 2)
                headers = {
                    k.strip().lower(): v.strip()
                    for k, _, v in (line.partition(":") for line in lines[1:] if line)
                }
                path = (self.folder / unquote(urlsplit(target).path).lstrip("/")).resolve()
                if path.is_dir():
                    path = path / "index.html"
                # the request's way up and the first byte's way down: one round trip
                await asyncio.sleep(self.latency)
                if self.folder not in path.parents or not path.is_file():
                    head, body = "HTTP/1.1 404 Not Found\r\n", b"not found"
                    extra = ""
                else:
                    body, zipped = self._body(path, "gzip" in headers.get("accept-encoding", ""))
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    head = "HTTP/1.1 200 OK\r\n"
                    # as GitHub Pages answers (max-age=600): the browser may keep what it fetched
                    extra = (
                        f"Content-Type: {kind}\r\nCache-Control: max-age=600\r\n"
                        f"Last-Modified: {formatdate(path.stat().st_mtime, usegmt=True)}\r\n"
                        + ("Content-Encoding: gzip\r\n" if zipped else "")
                    )
                self.log.append((time.monotonic() - self._start, target, len(body)))
                writer.write(
                    (head + extra + f"Content-Length: {len(body)}\r\n\r\n").encode("latin-1")
                )
                for start in range(0, len(body), CHUNK):
                    piece = body[start : start + CHUNK]
                    await self.line.carry(len(piece))
                    writer.write(piece)
                    await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            writer.close()


@contextlib.contextmanager
def serve(folder: Path, latency: float, rate: float) -> Iterator[tuple[str, SlowServer]]:
    """Serve ``folder`` on 127.0.0.1 through the slow line, in a thread; yield the base URL
    and the server (its ``line.sent`` counts the bytes sent)."""
    slow = SlowServer(folder, latency, rate)
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    holder: dict[str, asyncio.base_events.Server] = {}

    async def start() -> None:
        holder["server"] = await asyncio.start_server(slow.handle, "127.0.0.1", 0)
        ready.set()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(start())
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait()
    port = holder["server"].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/", slow
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=5)
