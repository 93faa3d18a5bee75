"""Smoke test of a running portal (the production shape in `.ci/run`): python scripts/smoke.py BASE_URL.

Standard library only, so it tests the server from outside. For each demo role it logs in through the
form, opens the dashboard and every page of the menu (200, Chinese), then checks a link out of scope (the
Chinese 404), uploads a meeting attachment and downloads it (and that another community cannot), and asks
`/healthz/` until every check passes. Exits non-zero with the failures listed.
"""

import http.cookiejar
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

from pypdf import PdfWriter

PASSWORD = "jiedao-demo-2026"
ROLES = ["street_admin", "street_staff", "secretary_ljt", "secretary_xg", "grid_ljt1", "viewer"]
# The demo's second street in the same installation: its staff open their own menus and see their street's name.
SECOND_STREET_ROLES = {"street_staff_ng": "南关街道", "secretary_ng": "南关街道"}
CJK = re.compile(r"[\u4e00-\u9fff]")
NAV_LINK = re.compile(r'<a class="nav-link[^"]*" href="(/[^"]*)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie-keeping client that does not follow redirects (a login's 302 is part of what we check)."""

    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )

    def request(self, path: str, data: bytes | None = None, headers: dict | None = None):
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        req.add_header("Accept-Language", "zh-CN")
        try:
            with self.opener.open(req, timeout=180) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.headers, exc.read()

    def csrf(self) -> str:
        return next((c.value for c in self.cookies if c.name == "csrftoken"), "")

    def post(self, path: str, fields: dict, files: dict | None = None):
        headers = {"Referer": self.base + path, "X-CSRFToken": self.csrf()}
        fields = {"csrfmiddlewaretoken": self.csrf(), **fields}
        if files:
            boundary = uuid.uuid4().hex
            parts = []
            for name, value in fields.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
                )
            for name, (filename, content, kind) in files.items():
                head = (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f"filename*=utf-8''{urllib.parse.quote(filename)}; filename=\"{filename}\"\r\n"
                    f"Content-Type: {kind}\r\n\r\n"
                )
                parts.append(head.encode() + content + b"\r\n")
            parts.append(f"--{boundary}--\r\n".encode())
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
            return self.request(path, b"".join(parts), headers)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self.request(path, urllib.parse.urlencode(fields).encode(), headers)

    def login(self, username: str) -> None:
        status, _, _ = self.request("/login/")
        expect(status == 200, f"login page answers {status}")
        status, headers, body = self.post("/login/", {"username": username, "password": PASSWORD})
        expect(status == 302, f"{username}: login answers {status}: {body[:300]!r}")

    def json(self, path: str):
        status, _, body = self.request(path, headers={"Accept": "application/json"})
        expect(status == 200, f"{path} answers {status}")
        return json.loads(body)


FAILURES: list[str] = []


def _pdf(title: str) -> bytes:
    """A one-page PDF whose title makes it this run's own."""
    import io

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def expect(ok: bool, message: str) -> bool:
    if not ok:
        FAILURES.append(message)
        print(f"FAIL {message}", flush=True)
    return ok


def check_page(browser: Browser, who: str, path: str) -> None:
    status, headers, body = browser.request(path)
    text = body.decode("utf-8", "replace")
    if expect(status == 200, f"{who}: {path} answers {status}"):
        expect('lang="zh-hans"' in text and CJK.search(text) is not None, f"{who}: {path} is not in Chinese")
        expect("no-store" in headers.get("Cache-Control", ""), f"{who}: {path} may be cached")


def check_roles(base: str) -> int:
    pages = 0
    for role in [*ROLES, *SECOND_STREET_ROLES]:
        browser = Browser(base)
        browser.login(role)
        status, _, body = browser.request("/")
        if not expect(status == 200, f"{role}: dashboard answers {status}"):
            continue
        street = SECOND_STREET_ROLES.get(role, "梁家屯路街道")
        expect(f"· {street}</title>" in body.decode(), f"{role}: the frame does not name {street}")
        links = sorted(set(NAV_LINK.findall(body.decode())))
        expect(len(links) >= 3, f"{role}: only {len(links)} menu entries")
        for path in links:
            check_page(browser, role, path)
        pages += len(links) + 1
    return pages


def check_scope_and_files(base: str) -> None:
    ljt, xg = Browser(base), Browser(base)
    ljt.login("secretary_ljt")
    xg.login("secretary_xg")

    # A place of the other community: the Chinese 404, in the frame.
    areas = ljt.json("/api/territory/areas/?search=%E6%A2%81%E5%AE%B6%E5%B1%AF%E7%A4%BE%E5%8C%BA")["results"]
    community = next(a for a in areas if a["name"] == "梁家屯社区")
    status, _, body = xg.request(f"/areas/{community['id']}/")
    text = body.decode("utf-8", "replace")
    expect(status == 404, f"out of scope area answers {status}")
    expect(
        "页面不存在" in text and 'id="sidenav"' in text,
        "out of scope 404 is not the Chinese page in the frame",
    )

    # Upload an attachment to one of 梁家屯社区's meetings and download it; the other community cannot.
    meeting = ljt.json("/api/party/meetings/?page_size=1")["results"][0]
    page = f"/party/meetings/{meeting['id']}/"
    ljt.request(page)
    content = _pdf(f"smoke {uuid.uuid4().hex}")  # a real PDF (uploads are parsed), unique to this run
    status, headers, _ = ljt.post(
        f"/party/meetings/{meeting['id']}/attachments/",
        {},
        files={"file": ("签到表.pdf", content, "application/pdf")},
    )
    expect(status in (200, 302), f"attachment upload answers {status}")
    _, _, body = ljt.request(page)
    links = re.findall(
        r'href="(/party/meetings/attachments/\d+/)" data-testid="attachment-download"', body.decode()
    )
    if expect(bool(links), "the meeting page shows no download link"):
        status, headers, downloaded = ljt.request(links[-1])
        expect(status == 200 and downloaded == content, f"download answers {status} with other content")
        expect(
            headers.get("Content-Disposition", "").startswith("attachment"),
            "the attachment is not a download",
        )
        status, _, _ = xg.request(links[-1])
        expect(status == 404, f"the other community's download answers {status}")
        status, _, _ = Browser(base).request(links[-1])
        expect(status == 302, f"an anonymous download answers {status}")


def check_health(base: str, wait: float) -> dict:
    deadline = time.monotonic() + wait
    while True:
        status, _, body = Browser(base).request("/healthz/")
        answer = json.loads(body) if body.startswith(b"{") else {"raw": body[:200].decode("utf-8", "replace")}
        if status == 200 or time.monotonic() > deadline:
            expect(status == 200, f"/healthz/ answers {status}: {answer}")
            return answer
        time.sleep(2)


def main() -> int:
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
    started = time.monotonic()
    pages = check_roles(base)
    check_scope_and_files(base)
    health = check_health(base, wait=90)
    elapsed = time.monotonic() - started
    print(
        f"smoke: {len(ROLES) + len(SECOND_STREET_ROLES)} roles, {pages} pages, health {json.dumps(health.get('checks', health), ensure_ascii=False)}"
    )
    print(f"smoke: {len(FAILURES)} failures in {elapsed:.1f} s")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
