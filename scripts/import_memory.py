"""The admin's import at its limits, through the production stack: a worker's peak memory and each step's time.

Starts gunicorn (production settings, one worker, its 30 s timeout) on PostgreSQL
(IMPORT_BENCH_DATABASE_URL, default database alliance_import_bench on 127.0.0.1) and Redis
(IMPORT_BENCH_REDIS_URL, default db 6), makes a curator with a second factor, logs in as a
browser does (password and the app's code) and imports through the admin pages:

1. organizations: IMPORT_MAX_ROWS new ones in a CSV of nearly IMPORT_MAX_BYTES (the dry run, then confirm);
2. a membership of each of them, the same way;
3. files past the limits, each refused: a 50 MB CSV, a CSV of 100,000 rows, a 1.7 MB XLSX of 350,000 rows.

Prints each step's answer and time and the worker's peak resident memory (VmHWM) after it:
the figure docs/performance.md gives for "the largest import". Nothing here is a pass or fail.

    .venv/bin/python scripts/import_memory.py
    IMPORT_MAX_ROWS=5000 .venv/bin/python scripts/import_memory.py   # what a larger limit would cost
"""

import http.client
import io
import os
import re
import secrets
import sys
import time
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "scripts"))

import bench  # noqa: E402  (the benchmark's gunicorn, database and memory helpers)

PORT = 8497
PREFIX = "import-bench"
PASSWORD = secrets.token_urlsafe(16)
WORDS = ["north", "south", "river", "stone", "light", "grain", "signal", "harbour", "forest", "valley", "bridge"]


def main():
    environment = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": os.environ.get(
            "IMPORT_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/alliance_import_bench"
        ),
        "REDIS_URL": os.environ.get("IMPORT_BENCH_REDIS_URL", "redis://127.0.0.1:6379/6"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "PORT": str(PORT),
        "WEB_CONCURRENCY": "1",
        "LOG_LEVEL": "ERROR",
        "GUNICORN_MAX_REQUESTS": "0",  # no recycling: the worker's peak is what is measured
        "LOGIN_RATE": "",
    }
    os.environ.update(environment)
    bench.create_database(environment["DATABASE_URL"])
    bench.run([sys.executable, str(BASE_DIR / "manage.py"), "migrate", "--no-input", "-v0"], environment)
    bench.run([sys.executable, str(BASE_DIR / "manage.py"), "collectstatic", "--no-input", "-v0"], environment)

    import django

    django.setup()
    from django.conf import settings

    curator = prepare()
    max_rows, max_bytes = settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_BYTES
    print(f"== limits: IMPORT_MAX_BYTES={max_bytes} IMPORT_MAX_ROWS={max_rows}")
    organizations = organizations_csv(max_rows, max_bytes)
    memberships = memberships_csv(max_rows, max_bytes)
    refused = {
        "a 50 MB CSV": b"slug,name\n" + b"x" * (50 * 1024 * 1024),
        "a CSV of 100,000 rows": b"slug\n" + b"x\n" * 100_000,
        "an XLSX of 350,000 rows": xlsx_of_rows(350_000),
    }

    with bench.gunicorn(environment, PORT) as master:
        browser = Browser(PORT)
        browser.log_in(curator)
        report("logged in", None, None, master)
        for model, content in (("organization", organizations), ("membership", memberships)):
            label = f"{model} CSV, {max_rows} rows, {len(content) / 1024 / 1024:.2f} MB"
            started = time.perf_counter()
            status, page = browser.upload(model, f"{model}s.csv", content)
            report(f"{label}: dry run", status, time.perf_counter() - started, master, page)
            started = time.perf_counter()
            status, page = browser.confirm(model, page)
            report(f"{label}: confirm", status, time.perf_counter() - started, master, page)
        for label, content in refused.items():
            started = time.perf_counter()
            status, page = browser.upload("organization", "refused." + ("xlsx" if "XLSX" in label else "csv"), content)
            label = f"{label} ({len(content) / 1024:.0f} KB): refused"
            report(label, status, time.perf_counter() - started, master, page)


def prepare():
    """A curator with a second factor, an alliance and a published source; earlier runs' rows removed."""
    from alliances.accounts import second_factor_issue
    from alliances.models import Alliance, Announcement, Membership, Organization, Status
    from alliances.roles import curator_create

    Membership.objects.filter(alliance__slug=PREFIX).delete()
    Organization.objects.filter(slug__startswith=PREFIX).delete()
    Alliance.objects.get_or_create(slug=PREFIX, defaults={"name": "Import Bench Alliance", "kind": "ai_alliance"})
    Announcement.objects.get_or_create(
        slug=PREFIX,
        defaults={"title": "Import bench source", "date": "2024-12-11", "status": Status.PUBLISHED},
    )
    user, _created = curator_create(username=PREFIX, password=PASSWORD)
    second_factor_issue(user=user)
    return user


def padded(rows, header, max_bytes):
    """CSV text of `rows` (each ending in a free-text column), the text padded so the file is just under max_bytes."""
    bare = header + "".join(row.format(pad="") for row in rows)
    room = max(0, (max_bytes - len(bare.encode()) - 1024) // len(rows))
    pad = ("lorem ipsum dolor sit amet " * (room // 27 + 1))[:room].strip()
    return (header + "".join(row.format(pad=pad) for row in rows)).encode()


def organizations_csv(count, max_bytes):
    countries = ["BR", "IN", "CN", "ZA", "RU", "ID", "RS", "EG", "AE", "ET"]
    rows = []
    for n in range(count):
        name = " ".join(WORDS[(n * k) % len(WORDS)] for k in (1, 3, 7)).title() + f" {uuid.uuid4().hex[:6]} Institute"
        rows.append(f"{PREFIX}-{n},{name},research_institute,{countries[n % len(countries)]},,{{pad}}\n")
    return padded(rows, "slug,name,kind,country,website,description\n", max_bytes)


def memberships_csv(count, max_bytes):
    rows = [f"{PREFIX},{PREFIX}-{n},,member,2024-12-11,,,published,{PREFIX},{{pad}}\n" for n in range(count)]
    return padded(rows, "alliance,organization,country,role,start,end,end_reason,status,sources,notes\n", max_bytes)


def xlsx_of_rows(count):
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["slug"])
    for _ in range(count):
        sheet.append(["x"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class Browser:
    """A curator's browser over HTTP, behind a TLS proxy (X-Forwarded-Proto from 127.0.0.1), cookies by hand."""

    def __init__(self, port):
        self.port, self.cookies = port, {}

    def request(self, method, path, body=None, content_type=None):
        origin = f"https://127.0.0.1:{self.port}"
        headers = {"X-Forwarded-Proto": "https", "Host": f"127.0.0.1:{self.port}", "Referer": origin + path}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        connection.request(method, path, body, headers)
        response = connection.getresponse()
        page = response.read().decode(errors="replace")
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _sep, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        connection.close()
        return response.status, page

    def post(self, path, fields, files=()):
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in {**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, filename, content in files:
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            parts.append(head.encode() + b"Content-Type: application/octet-stream\r\n\r\n" + content + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body, f"multipart/form-data; boundary={boundary}")

    def log_in(self, user):
        from django_otp.oath import TOTP
        from django_otp.plugins.otp_totp.models import TOTPDevice

        self.request("GET", "/admin/login/")
        device = TOTPDevice.objects.get(user=user)
        code = f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"
        fields = {"username": user.username, "password": PASSWORD, "otp_token": code, "next": "/admin/"}
        status, page = self.post("/admin/login/", fields)
        if status != 302:
            raise SystemExit(f"login refused ({status}): {page[:500]}")

    def upload(self, model, filename, content):
        path = f"/admin/alliances/{model}/import/"
        self.request("GET", path)
        fields = {"format": "1" if filename.endswith(".xlsx") else "0", "change_reason": "import bench"}
        return self.post(path, fields, [("import_file", filename, content)])

    def confirm(self, model, page):
        form = page[page.find('action="/admin/alliances/' + model + '/process_import/"') :]
        fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
        fields.pop("csrfmiddlewaretoken", None)
        if "import_file_name" not in fields:
            return None, "no confirm form: the dry run did not pass"
        return self.post(f"/admin/alliances/{model}/process_import/", fields)


def report(label, status, seconds, master, page=""):
    peak = bench.worker_peak_rss_mb(master)
    said = ""
    if page:
        error = re.search(r'<ul class="errorlist"[^>]*>\s*<li>(.*?)</li>', page, re.S)
        totals = re.search(r"(\d+) new, (\d+) changed, (\d+) unchanged", page)
        said = error.group(1) if error else (totals.group(0) if totals else "")
    timing = f"{seconds:6.1f} s" if seconds is not None else " " * 8
    print(f"{label:60} {status or '':>4} {timing}  worker peak {peak:6.1f} MB  {said[:140]}")


if __name__ == "__main__":
    main()
