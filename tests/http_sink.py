"""A local HTTP server on loopback that records what the robots' senders post and answers as scripted."""

import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OK = (200, {"errcode": 0, "errmsg": "ok"})


@dataclass
class Received:
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    @property
    def json(self):
        return json.loads(self.body)


@dataclass
class HttpSink:
    """`HttpSink().start()`; `url(path)`, `answers` (a list of (status, JSON) consumed in order, then OK),
    `received` (every request, in order), `stop()`."""

    answers: list = field(default_factory=list)
    received: list[Received] = field(default_factory=list)

    def start(self) -> "HttpSink":
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                parts = urllib.parse.urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                request = Received(
                    path=parts.path,
                    query=dict(urllib.parse.parse_qsl(parts.query)),
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=self.rfile.read(length),
                )
                with sink.lock:
                    sink.received.append(request)
                    status, answer = sink.answers.pop(0) if sink.answers else OK
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)  # port 0: a free one
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
