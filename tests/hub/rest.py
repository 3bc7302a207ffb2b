"""Talk to a real JupyterHub and its users' servers as a browser would, over their REST APIs.

A user logs in through the hub's login form and gets an API token; with it, the user's own
server is started, its files are read and written through the contents API, and code runs in a
kernel over the kernel's websocket, as JupyterLab does.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field

import requests
import websocket

TIMEOUT = 120  # seconds for one HTTP request on a busy two-core machine


@dataclass
class Hub:
    """A running hub at ``url``, driven with a service token that has admin scopes."""

    url: str
    service_token: str
    password: str

    def api(self, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
        headers = {"Authorization": f"token {token or self.service_token}"}
        return requests.request(
            method, f"{self.url}/hub/api{path}", headers=headers, timeout=TIMEOUT, **kwargs
        )

    def login(self, name: str) -> str:
        """Log in through the hub's form (the authenticator checks the password); a new token."""
        session = requests.Session()
        session.get(f"{self.url}/hub/login", timeout=TIMEOUT).raise_for_status()
        xsrf = session.cookies.get("_xsrf")
        form = {"username": name, "password": self.password, "_xsrf": xsrf}
        page = session.post(f"{self.url}/hub/login", data=form, allow_redirects=False, timeout=60)
        if page.status_code != 302:
            raise AssertionError(f"login of {name} failed: {page.status_code}\n{page.text[:500]}")
        made = session.post(  # the login set a new xsrf cookie, bound to the session
            f"{self.url}/hub/api/users/{name}/tokens",
            json={"note": "hub test", "expires_in": 3600},
            headers={"X-XSRFToken": session.cookies.get("_xsrf")},
            timeout=TIMEOUT,
        )
        made.raise_for_status()
        return made.json()["token"]

    def spawn(self, name: str, token: str) -> None:
        """Ask the hub to start a user's server (with the user's own token)."""
        started = self.api("POST", f"/users/{name}/server", token=token)
        if started.status_code not in (201, 202):
            raise AssertionError(f"spawn of {name}: {started.status_code} {started.text}")

    def server_model(self, name: str) -> dict | None:
        """The user's default server as the hub describes it (with its state), or None."""
        user = self.api("GET", f"/users/{name}")
        user.raise_for_status()
        return user.json()["servers"].get("")

    def wait_ready(self, name: str, limit: float = 300) -> dict:
        """Wait (at most ``limit`` seconds) until the user's server is ready; its model."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            model = self.server_model(name)
            if model and model["ready"]:
                return model
            if model is None or not model.get("pending"):
                raise AssertionError(f"the server of {name} stopped while starting: {model}")
            time.sleep(1)
        raise AssertionError(f"the server of {name} was not ready after {limit} s")

    def stop(self, name: str, limit: float = 120) -> None:
        """Stop a user's server and wait until the hub has stopped it."""
        self.api("DELETE", f"/users/{name}/server")
        deadline = time.monotonic() + limit
        while self.server_model(name) is not None and time.monotonic() < deadline:
            time.sleep(1)


@dataclass
class Outcome:
    """What one execution in a kernel printed, and the error it raised, if any."""

    stdout: str
    error: str | None


@dataclass
class UserServer:
    """One user's single-user server behind the hub, used with that user's token."""

    hub_url: str
    name: str
    token: str
    kernels: dict[str, websocket.WebSocket] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"{self.hub_url}/user/{self.name}"

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"token {self.token}"}
        return requests.request(
            method, f"{self.base}{path}", headers=headers, timeout=TIMEOUT, **kwargs
        )

    def read_notebook(self, path: str) -> dict:
        found = self.request("GET", f"/api/contents/{path}", params={"content": 1})
        found.raise_for_status()
        return found.json()["content"]

    def write_notebook(self, path: str, notebook: dict) -> None:
        model = {"type": "notebook", "format": "json", "content": notebook}
        self.request("PUT", f"/api/contents/{path}", json=model).raise_for_status()

    def read_text(self, path: str) -> str:
        params = {"content": 1, "type": "file", "format": "text"}
        found = self.request("GET", f"/api/contents/{path}", params=params)
        found.raise_for_status()
        return found.json()["content"]

    def start_kernel(self, path: str = "") -> str:
        """A python3 kernel whose working folder is ``path`` (relative to the home folder)."""
        started = self.request("POST", "/api/kernels", json={"name": "python3", "path": path})
        started.raise_for_status()
        kernel_id = started.json()["id"]
        url = f"{self.base.replace('http', 'ws', 1)}/api/kernels/{kernel_id}/channels"
        self.kernels[kernel_id] = websocket.create_connection(
            url, header=[f"Authorization: token {self.token}"], timeout=600
        )
        return kernel_id

    def execute(self, kernel_id: str, code: str) -> Outcome:
        """Run code in the kernel as a notebook cell; what it printed and its error."""
        channel = self.kernels[kernel_id]
        msg_id = uuid.uuid4().hex
        channel.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": "execute_request",
                        "username": self.name,
                        "session": kernel_id,
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": False,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": False,
                    },
                    "channel": "shell",
                    "buffers": [],
                }
            )
        )
        stdout, error, idle, replied = [], None, False, False
        while not (idle and replied):
            message = json.loads(channel.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "stream" and content["name"] == "stdout":
                stdout.append(content["text"])
            elif kind == "error":
                error = f"{content['ename']}: {content['evalue']}"
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
            elif kind == "execute_reply":
                replied = True
        return Outcome("".join(stdout), error)

    def shutdown_kernels(self) -> None:
        for kernel_id, channel in list(self.kernels.items()):
            channel.close()
            self.request("DELETE", f"/api/kernels/{kernel_id}")
            del self.kernels[kernel_id]
