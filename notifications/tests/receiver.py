"""A webhook receiver on loopback for the tests: records each post, answers as scripted."""

import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """``statuses`` are answered in turn (the last one repeats); ``delay`` seconds before each."""

    url: str = ""
    statuses: list[int] = field(default_factory=lambda: [200])
    delay: float = 0.0
    posts: list[Received] = field(default_factory=list)

    def next_status(self) -> int:
        index = min(len(self.posts) - 1, len(self.statuses) - 1)
        return self.statuses[index]


@contextmanager
def receiver(**script) -> Iterator[Receiver]:
    """An http.server on 127.0.0.1 in a thread, for as long as the block runs."""
    state = Receiver(**script)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the http.server name
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state.posts.append(Received(self.path, dict(self.headers.items()), body))
            time.sleep(state.delay)
            try:
                self.send_response(state.next_status())
                self.send_header("Content-Length", "0")
                self.end_headers()
            except OSError:  # the site gave up waiting and hung up
                pass

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_port}/hooks/nc"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
