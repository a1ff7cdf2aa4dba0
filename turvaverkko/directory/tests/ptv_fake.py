"""A PTV-shaped HTTP server on 127.0.0.1 that serves what a test writes into `routes`.

Routes are keyed by path and sorted query string ("Service/list?guids=a"); a value is a JSON
document, or a (status, raw body) pair for broken answers. Every request is logged.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit


class FakePtv:
    def __init__(self) -> None:
        self.routes: dict[str, Any] = {}
        self.requests: list[str] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                parts = urlsplit(self.path)
                path = parts.path.removeprefix("/api/v11/")
                query = urlencode(sorted(parse_qsl(parts.query)))
                key = f"{path}?{query}" if query else path
                fake.requests.append(key)
                answer = fake.routes.get(key)
                if answer is None:
                    status, body = 404, b'{"error":"not found"}'
                elif isinstance(answer, tuple):
                    status, body = answer[0], answer[1].encode()
                else:
                    status, body = 200, json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/v11/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "FakePtv":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


def page(items: list[dict[str, Any]], number: int, count: int) -> dict[str, Any]:
    return {"pageNumber": number, "pageSize": 1000, "pageCount": count, "itemList": items}


def strings(kind: str | None = None, **by_lang: str) -> list[dict[str, str]]:
    out = []
    for lang, value in by_lang.items():
        item = {"language": lang, "value": value}
        if kind:
            item["type"] = kind
        out.append(item)
    return out
