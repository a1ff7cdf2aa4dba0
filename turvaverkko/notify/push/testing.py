"""A real Web Push service on 127.0.0.1 and a browser's side of a subscription, for tests.

`PushServiceStub` is an HTTP server that records every POST to /push/<id> (headers and the
encrypted body) and answers 201 Created, or the status set for that id in `answers` (410:
the subscription is gone). `Subscriber` holds what a browser keeps for a subscription (a
P-256 key pair and the 16-byte auth secret), gives the subscription JSON that
`PushSubscription.toJSON()` gives, and decrypts what arrived (RFC 8291, aes128gcm) with
http_ece, as the browser would.
"""

import base64
import contextlib
import json
import os
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ..testing import free_port


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass
class PushRequest:
    subscription_id: str
    headers: dict[str, str]  # names in lower case
    body: bytes
    status: int


class PushServiceStub:
    def __init__(self, port: int = 0):
        self.port = port or free_port()
        self.lock = threading.Lock()
        self.requests: list[PushRequest] = []
        self.answers: dict[str, int] = {}  # subscription id -> status to answer
        self._server: ThreadingHTTPServer | None = None

    def endpoint(self, subscription_id: str) -> str:
        return f"http://127.0.0.1:{self.port}/push/{subscription_id}"

    def received(self, subscription_id: str | None = None) -> list[PushRequest]:
        with self.lock:
            return [
                r
                for r in self.requests
                if subscription_id is None or r.subscription_id == subscription_id
            ]

    def start(self) -> "PushServiceStub":
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server API)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                prefix = "/push/"
                if not self.path.startswith(prefix):
                    self.send_response(404)
                    self.end_headers()
                    return
                subscription_id = self.path[len(prefix) :]
                with stub.lock:
                    status = stub.answers.get(subscription_id, 201)
                    stub.requests.append(
                        PushRequest(
                            subscription_id,
                            {k.lower(): v for k, v in self.headers.items()},
                            body,
                            status,
                        )
                    )
                self.send_response(status)
                if status == 201:
                    self.send_header("Location", f"/message/{len(stub.requests)}")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format, *args):  # noqa: A002
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", self.port), Handler)
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class Subscriber:
    """One browser's subscription at `endpoint`."""

    def __init__(self, endpoint: str):
        from cryptography.hazmat.primitives.asymmetric import ec

        self.endpoint = endpoint
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth_secret = os.urandom(16)

    def subscription(self) -> dict:
        from cryptography.hazmat.primitives import serialization

        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": b64url(public), "auth": b64url(self.auth_secret)},
        }

    def decrypt(self, request: PushRequest) -> dict:
        """The JSON payload of a push message, decrypted as the browser does."""
        import http_ece

        plain = http_ece.decrypt(
            request.body,
            private_key=self.private_key,
            auth_secret=self.auth_secret,
            version="aes128gcm",
        )
        return json.loads(plain)


def verify_vapid(authorization: str) -> tuple[bool, str, dict]:
    """(signature valid, public key, JWT claims) of a VAPID Authorization header
    ("vapid t=<JWT>,k=<public key>", RFC 8292)."""
    from py_vapid import Vapid02

    parts = dict(p.split("=", 1) for p in authorization.split(" ", 1)[-1].split(","))
    claims_b64 = parts.get("t", "").split(".")[1] if parts.get("t", "").count(".") == 2 else ""
    claims = json.loads(base64.urlsafe_b64decode(claims_b64 + "=" * (-len(claims_b64) % 4)))
    valid = False
    with contextlib.suppress(Exception):
        valid = bool(Vapid02.verify(authorization))
    return valid, parts.get("k", ""), claims
