"""A small HTTP client that behaves like one browser tab: a keep-alive connection, its own
cookies, the CSRF token Django asks for, and the links and forms of the last page read.

Standard library only (http.client, html.parser), so the load driver runs in a separate
process without any dependency beyond Python itself."""

from __future__ import annotations

import html
import http.client
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie

HREF = re.compile(r"""<a\s[^>]*?href=["']([^"']+)["']""", re.I)


@dataclass
class Form:
    """One <form> of a page: where it posts and what a browser would send unchanged."""

    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    selects: dict[str, list[str]] = field(default_factory=dict)  # name → option values
    attrs: dict[str, dict[str, str]] = field(default_factory=dict)  # name → the tag's attributes


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.title = ""
        self._in_title = False
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "title":
            self._in_title = True
        elif tag == "form":
            self.forms.append(Form(action=a.get("action", ""), method=a.get("method", "get")))
        elif not self.forms:
            return
        form = self.forms[-1] if self.forms else None
        if tag == "input" and a.get("name") and form is not None:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "image", "file"):
                form.fields[a["name"]] = a.get("value", "")
                form.attrs[a["name"]] = a
        elif tag == "textarea" and a.get("name") and form is not None:
            form.fields[a["name"]] = ""
        elif tag == "select" and a.get("name") and form is not None:
            self._select = a["name"]
            form.selects[self._select] = []
            form.fields.setdefault(self._select, "")
        elif tag == "option" and self._select and form is not None:
            value = a.get("value", "")
            form.selects[self._select].append(value)
            if "selected" in a:
                form.fields[self._select] = value

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._in_title:
            self.title += data


@dataclass
class Page:
    url: str
    status: int
    body: bytes
    headers: http.client.HTTPMessage
    seconds: float

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    def _parsed(self) -> _PageParser:
        if not hasattr(self, "_parser"):
            parser = _PageParser()
            parser.feed(self.body.decode("utf-8", "replace"))
            self._parser = parser
        return self._parser

    @property
    def links(self) -> list[str]:
        """Every href of the page (a regular expression: much cheaper than parsing the page,
        and the driver shares the machine with the server it measures)."""
        return [html.unescape(href) for href in HREF.findall(self.body.decode("utf-8", "replace"))]

    @property
    def forms(self) -> list[Form]:
        return self._parsed().forms

    @property
    def title(self) -> str:
        return " ".join(self._parsed().title.split())

    @property
    def explanation(self) -> str:
        """What a person would read to learn why: the page's messages and field errors, its
        title, or where it redirects."""
        text = self.body.decode("utf-8", "replace")
        found = re.findall(
            r'<(?:li|p|span|div)[^>]*class="[^"]*(?:error|warning|errorlist)[^"]*"[^>]*>(.*?)</',
            text,
            re.S,
        )
        said = " | ".join(" ".join(re.sub(r"<[^>]+>", " ", x).split()) for x in found)
        return " — ".join(x for x in (self.title, said, self.location) if x)

    def links_matching(self, pattern: str) -> list[str]:
        """The page's distinct links (paths, query dropped) that match `pattern` whole."""
        regex = re.compile(pattern)
        seen: dict[str, None] = {}
        for href in self.links:
            path = urllib.parse.urlsplit(href).path
            if regex.fullmatch(path):
                seen[path] = None
        return list(seen)

    def form_with(self, field_prefix: str) -> Form | None:
        """The first POST form holding a field whose name starts with `field_prefix`."""
        for form in self.forms:
            if form.method.lower() == "post" and any(
                name.startswith(field_prefix) for name in form.fields
            ):
                return form
        return None


class Browser:
    """One simulated user's tab. Not thread-safe: one thread drives one browser."""

    def __init__(self, base_url: str, timeout: float = 60.0) -> None:
        parts = urllib.parse.urlsplit(base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self._connection: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def forget(self) -> None:
        """A new visitor: no cookies, a new connection."""
        self.close()
        self.cookies.clear()

    def request(
        self, method: str, path: str, data: dict[str, str] | None = None, referer: str = ""
    ) -> Page:
        """One request, never following a redirect; the time covers sending it and reading
        the whole answer. A dropped keep-alive connection is reopened once."""
        body = urllib.parse.urlencode(data or {}).encode() if method == "POST" else None
        headers = {"Accept": "text/html,*/*", "Accept-Language": "id"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if referer:
            headers["Referer"] = referer
        for attempt in (1, 2):
            if self._connection is None:
                self._connection = http.client.HTTPConnection(
                    self.host, self.port, timeout=self.timeout
                )
            started = time.perf_counter()
            try:
                self._connection.request(method, path, body=body, headers=headers)
                response = self._connection.getresponse()
                content = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed an idle keep-alive connection (gunicorn's sync workers
                # close after each answer): reconnect once, as a browser does.
                self.close()
                if attempt == 2:
                    raise
                continue
            seconds = time.perf_counter() - started
            if response.getheader("Connection", "").lower() == "close" or response.will_close:
                self.close()
            for raw in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(raw)
                for name, morsel in cookie.items():
                    if morsel["max-age"] == "0" or morsel.value == "":
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return Page(path, response.status, content, response.headers, seconds)
        raise AssertionError("unreachable")

    def get(self, path: str) -> Page:
        return self.request("GET", path)

    def post(self, path: str, data: dict[str, str]) -> Page:
        """A form submission with the CSRF token Django expects (cookie and field)."""
        data = dict(data)
        if "csrftoken" in self.cookies:
            data.setdefault("csrfmiddlewaretoken", self.cookies["csrftoken"])
        return self.request("POST", path, data)
