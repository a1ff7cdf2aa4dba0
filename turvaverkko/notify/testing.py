"""Real receivers for notify's tests, benchmark and demo: an SMS gateway stub and an SMTP sink.

Both are real servers on 127.0.0.1 that record what arrived, thread-safely, so a test can
count at the receiving end across worker restarts. Run both as their own process with
`python -m turvaverkko.notify.testing --smtp-port 1025 --sms-port 8025`; GET /stats on the
SMS port then reports both.
"""

import argparse
import asyncio
import contextlib
import json
import socket
import threading
import time
from collections import Counter
from email.parser import BytesHeaderParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmsGatewayStub:
    """The generic HTTP SMS gateway of docs/notify.md, in memory.

    POST /sms {"id", "to", "from", "text"} -> 202 {"id", "provider_id", "status"};
    GET /sms/{id} -> 200 or 404; GET /sms lists accepted messages; GET /stats counts.
    A POST repeating an accepted id gets the same answer and is not stored twice (the
    gateway is idempotent on "id"), but every POST is kept in `requests`, so tests can
    check that the worker never relied on that.

    Faults: `mode` "ok", "http_500" (every POST fails) or "slow" (answers after `delay`
    seconds, having stored the message); `fail_next` = n fails the next n POSTs with 500;
    numbers in `invalid_numbers` get 400; `down()` stops listening (connection refused)
    and `up()` listens again on the same port.
    """

    def __init__(self, port: int = 0, token: str = "", sink: "CountingSmtpSink | None" = None):
        self.port = port or free_port()
        self.token = token
        self.sink = sink
        self.lock = threading.Lock()
        self.requests: list[dict] = []  # every POST, in arrival order
        self.messages: dict[str, dict] = {}  # accepted, by id
        self.lookups: list[str] = []
        self.mode = "ok"
        self.delay = 0.0
        self.fail_next = 0
        self.invalid_numbers: set[str] = set()
        self._server: ThreadingHTTPServer | None = None
        self._connections: set[socket.socket] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sms"

    # --- lifecycle --------------------------------------------------------------------

    def start(self) -> "SmsGatewayStub":
        stub = self

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            allow_reuse_address = True

            def process_request(self, request, client_address):
                with stub.lock:
                    stub._connections.add(request)
                super().process_request(request, client_address)

            def handle_error(self, request, client_address):
                pass  # a client that went away (e.g. a killed worker) is not an error here

            def shutdown_request(self, request):
                with stub.lock:
                    stub._connections.discard(request)
                super().shutdown_request(request)

        self._server = Server(("127.0.0.1", self.port), _handler_for(self))
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        with self.lock:
            open_connections = list(self._connections)
        for conn in open_connections:  # keep-alive connections too: the gateway is gone
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self._server = None

    down = stop

    def up(self) -> "SmsGatewayStub":
        return self.start()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # --- what arrived -----------------------------------------------------------------

    def posts_by_id(self) -> Counter:
        with self.lock:
            return Counter(r["id"] for r in self.requests)

    def accepted(self) -> list[dict]:
        with self.lock:
            return list(self.messages.values())

    def stats(self) -> dict:
        with self.lock:
            out = {
                "sms_posts": len(self.requests),
                "sms_accepted": len(self.messages),
                "sms_lookups": len(self.lookups),
            }
        if self.sink is not None:
            out.update(self.sink.stats())
        return out

    # --- the gateway ------------------------------------------------------------------

    def handle_post(self, body: dict, auth: str) -> tuple[int, dict]:
        if self.token and auth != f"Bearer {self.token}":
            return 401, {"error": "unauthorized"}
        if not all(isinstance(body.get(k), str) and body[k] for k in ("id", "to", "text")):
            return 400, {"error": "id, to and text are required"}
        with self.lock:
            record = {**body, "time": time.monotonic(), "wall": time.time()}
            self.requests.append(record)
            if self.fail_next > 0:
                self.fail_next -= 1
                record["status"] = 500
                return 500, {"error": "temporary failure"}
            if self.mode == "http_500":
                record["status"] = 500
                return 500, {"error": "temporary failure"}
            if body["to"] in self.invalid_numbers:
                record["status"] = 400
                return 400, {"error": "invalid number"}
            known = self.messages.get(body["id"])
            if known is not None:
                if known["text"] != body["text"] or known["to"] != body["to"]:
                    record["status"] = 409
                    return 409, {"error": "id already used for another message"}
                record["status"] = 200
                return 200, _public(known)
            stored = {**body, "provider_id": f"gw-{len(self.messages) + 1}"}
            stored["status"] = "accepted"
            self.messages[body["id"]] = stored
            record["status"] = 202
        if self.mode == "slow":
            time.sleep(self.delay)
        return 202, _public(stored)

    def handle_get(self, path: str) -> tuple[int, dict | list]:
        if path == "/stats":
            return 200, self.stats()
        if path.rstrip("/") == "/sms":
            return 200, [_public(m) for m in self.accepted()]
        if path.startswith("/sms/"):
            key = path[len("/sms/") :]
            with self.lock:
                self.lookups.append(key)
                found = self.messages.get(key)
            return (200, _public(found)) if found else (404, {"error": "unknown id"})
        return 404, {"error": "not found"}


def _public(m: dict) -> dict:
    return {"id": m["id"], "provider_id": m["provider_id"], "status": m["status"]}


def _handler_for(stub: SmsGatewayStub):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like a real gateway

        def setup(self):
            super().setup()
            # Answer at once: with Nagle's algorithm a small reply waits for the client's
            # delayed ACK (40 ms a request).
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def _reply(self, status: int, data) -> None:
            payload = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self._headers_buffer.append(b"\r\n" + payload)  # headers and body in one write
            self.flush_headers()

        def do_POST(self):  # noqa: N802 (http.server API)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if len(raw) < length:  # the client went away mid-request: nothing arrived
                return
            if self.path.rstrip("/") != "/sms":
                return self._reply(404, {"error": "not found"})
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                return self._reply(400, {"error": "body is not JSON"})
            status, data = stub.handle_post(body, self.headers.get("Authorization", ""))
            with contextlib.suppress(OSError):
                self._reply(status, data)

        def do_GET(self):  # noqa: N802
            status, data = stub.handle_get(self.path)
            self._reply(status, data)

        def log_message(self, format, *args):  # noqa: A002
            pass

    return Handler


class CountingSmtpSink:
    """A real SMTP server (aiosmtpd) that counts what arrived.

    Every message is counted (`raw`); `by_message_id` counts arrivals per Message-ID, and
    `mailbox()` is what a mailbox that files messages by Message-ID would show: one per
    id. Headers only are parsed, so it keeps up with a fast sender.
    """

    def __init__(self, port: int = 0):
        self.port = port or free_port()
        self.lock = threading.Lock()
        self.rejected: set[str] = set()  # recipients answered "550 no such user"
        self.delay = 0.0  # seconds before answering DATA, to play a slow relay
        self.raw = 0
        self.by_message_id: Counter = Counter()
        self.recipients: dict[str, set[str]] = {}  # envelope recipient -> Message-IDs
        self._controller = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.rejected:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd API)
        if self.delay:
            await asyncio.sleep(self.delay)
        headers = BytesHeaderParser().parsebytes(envelope.content)
        mid = (headers.get("Message-ID") or "").strip()
        with self.lock:
            self.raw += 1
            self.by_message_id[mid] += 1
            for rcpt in envelope.rcpt_tos:
                self.recipients.setdefault(rcpt, set()).add(mid)
        return "250 OK"

    def start(self) -> "CountingSmtpSink":
        import logging

        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # it logs every command
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def stats(self) -> dict:
        with self.lock:
            return {
                "email_raw": self.raw,
                "email_unique": len(self.by_message_id),
                "email_duplicates": self.raw - len(self.by_message_id),
            }

    def mailbox(self) -> dict[str, set[str]]:
        with self.lock:
            return {rcpt: set(ids) for rcpt, ids in self.recipients.items()}


def fake_messages(key: str, recipients: int, channels=("email", "sms")) -> list:
    """One alert to `recipients` made-up people, as notify.actions.Message objects."""
    from .actions import Message
    from .sms.text import compose_sms

    messages = []
    for i in range(recipients):
        text = compose_sms(
            "HARJOITUS",
            f"Hälytys {key}: kokoontuminen klo 18 Huittisten VPK:lla. "
            "Ota mukaan lämmintä vaatetta.",
            f"Vastaa K{i} / E{i}",
        )
        for channel in channels:
            address = f"person{i}@example.invalid" if channel == "email" else f"+35840{i:07d}"
            messages.append(
                Message(
                    recipient_key=f"person:{i}",
                    channel=channel,
                    address=address,
                    subject=f"Hälytys {key}",
                    body=text,
                    language="fi",
                )
            )
    return messages


def create_fake_dispatch(key: str, recipients: int, channels=("email", "sms")) -> int:
    """Queue one alert to `recipients` made-up people without enqueueing a task (for the
    fault test, run inside Django). Returns the number of deliveries created."""
    from .actions import queue_deliveries

    return queue_deliveries(key, fake_messages(key, recipients, channels), enqueue=False).new


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="SMTP sink and SMS gateway stub")
    parser.add_argument("--smtp-port", type=int, default=1025)
    parser.add_argument("--sms-port", type=int, default=8025)
    parser.add_argument("--token", default="")
    args = parser.parse_args(argv)
    sink = CountingSmtpSink(args.smtp_port).start()
    stub = SmsGatewayStub(args.sms_port, token=args.token, sink=sink).start()
    print(f"smtp://127.0.0.1:{sink.port} {stub.url}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_forever())
    stub.stop()
    sink.stop()


async def _forever():
    while True:
        await asyncio.sleep(3600)


if __name__ == "__main__":
    main()
