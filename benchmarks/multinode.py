"""The multi-node check: two nodes from the installed wheel behind nginx, on PostgreSQL and Redis.

Run by `scripts/multinode-check.sh` (and `make multinode`, and `.ci/run` after the suites), under
`scripts/with-postgres.sh`, which hands it an empty database. It starts Redis and nginx from
Debian's packages on 127.0.0.1 (as their own system users when run as root), an SMTP sink
(aiosmtpd) and two nodes, A and B, each `pop serve` of the installed wheel with an instance
folder of its own and the same secret key. nginx runs the deployment kit's site
(deploy/nginx/pop.conf) with its upstream pointed at both nodes, plus one port pinned to each
node so that a step can go through A and the next through B. Then it shows, printing a figure
for each:

- both nodes running `pop db upgrade` at once on an empty database both exit 0;
- log-in through nginx (and failed log-ins counted in Redis, shared by both nodes);
- evidence uploaded through node A is downloaded, byte for byte, through node B;
- a catalogue import previewed on A is confirmed on B;
- `pop send-reminders` started on both nodes at once mails every digest exactly once;
- PostgreSQL stopped for 10 s under a bounded load (4 clients adding check-ins through nginx)
  gives the Dutch 503 page, then recovery, and every acknowledged write is in the database;
- node A restarted under the same load loses no acknowledged write.

It exits 1 when any check fails.

    python -m benchmarks.multinode --pop /path/to/venv/bin/pop
"""

import argparse
import hashlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import requests
from aiosmtpd.controller import Controller
from bs4 import BeautifulSoup
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from pop.bench.shape import BENCH_PASSWORD as PASSWORD
from pop.bench.shape import EMPLOYEE_EMAIL, HR_EMAIL

ROOT = Path(__file__).resolve().parent.parent
KIT_SITE = ROOT / "deploy" / "nginx" / "pop.conf"
SEED_FUNCTION = ROOT / "seeds" / "functions" / "000_86635a2c460ee1b5"

# Ports of this check (the deploy range of the project's helpers: 5600-5699).
NODE_PORTS = {"A": 5601, "B": 5602}
NGINX_PORT = 5680  # TLS, both nodes
NGINX_HTTP_PORT = 5681  # plain HTTP: the kit's redirect to HTTPS
NGINX_PINNED = {"A": 5682, "B": 5683}  # TLS, one node each
REDIS_PORT = 56379
SMTP_PORT = 5690

EMPLOYEES = 300
WRITERS = 4
OUTAGE_SECONDS = 10
REQUEST_TIMEOUT = 20
START_TIMEOUT = 60
UPGRADE_TRIES = 3
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def log(message: str) -> None:
    print(f"multinode: {message}", flush=True)


# --- the outcome --------------------------------------------------------------------------------


@dataclass
class Check:
    name: str
    passed: bool
    figure: str


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)

    def record(self, name: str, passed: bool, figure: str) -> bool:
        self.checks.append(Check(name, passed, figure))
        log(f"{'ok    ' if passed else 'FAILED'} {name}: {figure}")
        return passed

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(check.passed for check in self.checks)


# --- processes ----------------------------------------------------------------------------------

AS_ROOT = os.geteuid() == 0


def as_user(user: str) -> list[str]:
    """The prefix that runs a server as its own system user when we are root."""
    return ["runuser", "-u", user, "--"] if AS_ROOT else []


def give_to(path: Path, user: str) -> None:
    if AS_ROOT:
        shutil.chown(path, user, user)


def stop(process: subprocess.Popen, timeout: float = 30) -> None:
    """Stop a process we started, by its id (its own process group, so its children too)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def spawn(command: list[str], log_file: Path, **options) -> subprocess.Popen:
    handle = log_file.open("ab")
    return subprocess.Popen(  # noqa: S603  (our own command lines)
        command, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True, **options
    )


def tail(path: Path, lines: int = 15) -> str:
    if not path.exists():
        return "(no log)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def wait_until(probe, what: str, timeout: float = START_TIMEOUT, process=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what}: exited with {process.returncode}")
        try:
            if probe():
                return
        except (requests.RequestException, OSError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{what}: not ready within {timeout:g} s")


# --- Redis, the SMTP sink, nginx, PostgreSQL ----------------------------------------------------


def start_redis(work: Path) -> subprocess.Popen:
    folder = work / "redis"
    folder.mkdir()
    give_to(folder, "redis")
    options = f"--bind 127.0.0.1 --port {REDIS_PORT} --dir {folder} --appendonly no"
    command = [
        *as_user("redis"),
        shutil.which("redis-server") or "/usr/bin/redis-server",
        *options.split(),
        *("--save", "", "--daemonize", "no"),
    ]
    redis_server = spawn(command, work / "redis.log", cwd=folder)
    import redis

    client = redis.Redis(host="127.0.0.1", port=REDIS_PORT)
    try:
        wait_until(client.ping, "redis-server", process=redis_server)
    except BaseException:
        stop(redis_server)
        raise
    return redis_server


class Sink:
    """An SMTP server that keeps the recipients of every message it accepted."""

    def __init__(self) -> None:
        self.recipients: Counter = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.recipients.update(address.lower() for address in envelope.rcpt_tos)
        return "250 Message accepted"


def nginx_config(work: Path, static: Path) -> Path:
    """The kit's site on 127.0.0.1: its upstream on both nodes, plus a port pinned to each."""
    site = KIT_SITE.read_text()
    folder = work / "nginx"
    certificate, key = folder / "pop.pem", folder / "pop.key"
    replacements = [
        # upstream pop_nodes: the two nodes (the kit's second line is a commented example)
        (r"server 127\.0\.0\.1:8000 ", f"server 127.0.0.1:{NODE_PORTS['A']} "),
        (r"# server 10\.0\.5\.12:8000 ", f"server 127.0.0.1:{NODE_PORTS['B']} "),
        (r"listen 80;", f"listen 127.0.0.1:{NGINX_HTTP_PORT};"),
        (r"listen 443 ssl http2;", f"listen 127.0.0.1:{NGINX_PORT} ssl http2;"),
        (r"listen \[::\]:(80|443)[^;]*;\n", ""),
        (r"ssl_certificate +\S+;", f"ssl_certificate {certificate};"),
        (r"ssl_certificate_key +\S+;", f"ssl_certificate_key {key};"),
        (r"alias /opt/pop/venv/\S+/pop/static/;", f"alias {static}/;"),
        # The kit serves on 443, where the Host without a port is the page's origin; on these
        # ports the origin has one, and Flask-WTF's referrer check compares it.
        (r"proxy_set_header Host \$host;", "proxy_set_header Host $http_host;"),
    ]
    for pattern, replacement in replacements:
        site, count = re.subn(pattern, replacement, site)
        if count == 0:
            raise RuntimeError(f"deploy/nginx/pop.conf has no line matching {pattern!r}")
    listen = f"listen 127.0.0.1:{NGINX_PORT} ssl"
    begin = site.rindex("server {", 0, site.index(listen))
    main_server = site[begin : _block_end(site, begin)]
    pinned = []
    for node, port in NGINX_PINNED.items():
        copy = main_server.replace(listen, f"listen 127.0.0.1:{port} ssl")
        copy = copy.replace("proxy_pass http://pop_nodes;", f"proxy_pass http://node_{node};")
        pinned.append(f"upstream node_{node} {{ server 127.0.0.1:{NODE_PORTS[node]}; }}\n{copy}\n")
    temp = folder / "temp"
    temp.mkdir(parents=True)
    give_to(temp, "www-data")
    openssl = shutil.which("openssl") or "/usr/bin/openssl"
    arguments = (
        "req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
        f"-addext subjectAltName=IP:127.0.0.1 -keyout {key} -out {certificate}"
    )
    subprocess.run(  # noqa: S603
        [openssl, *arguments.split()],
        check=True,
        capture_output=True,
    )
    temp_paths = "".join(
        f"    {kind}_temp_path {temp}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = folder / "nginx.conf"
    config.write_text(
        ("user www-data;\n" if AS_ROOT else "")
        + f"worker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log warn;\n"
        "events { worker_connections 512; }\n"
        "http {\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n"
        f"    access_log {folder}/access.log;\n{temp_paths}" + site + "".join(pinned) + "}\n"
    )
    return config


def _block_end(text: str, begin: int) -> int:
    """The index just after the closing brace of the block that opens at or after `begin`."""
    depth = 0
    for index in range(text.index("{", begin), len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return index + 1
    raise RuntimeError("deploy/nginx/pop.conf: a block is not closed")


def start_nginx(config: Path) -> subprocess.Popen:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    folder = config.parent
    test = subprocess.run(  # noqa: S603
        [nginx, "-t", "-q", "-e", str(folder / "error.log"), "-c", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    if test.returncode != 0:
        raise RuntimeError(f"nginx -t refused the configuration: {test.stderr}")
    process = spawn(
        [nginx, "-e", str(folder / "error.log"), "-c", str(config), "-g", "daemon off;"],
        folder / "nginx.out",
    )
    redirect = f"http://127.0.0.1:{NGINX_HTTP_PORT}/"
    try:
        wait_until(
            lambda: requests.get(redirect, timeout=2, allow_redirects=False).status_code == 301,
            "nginx",
            process=process,
        )
    except BaseException:
        stop(process)
        raise
    return process


class Postgres:
    """The cluster of scripts/with-postgres.sh, stopped and started again for the outage."""

    def __init__(self) -> None:
        self.bindir = Path(os.environ["POP_PG_BINDIR"])
        self.data = Path(os.environ["POP_PG_DATADIR"])
        self.port = os.environ["PGPORT"]

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(  # noqa: S603
            [*as_user("postgres"), str(self.bindir / "pg_ctl"), "-D", str(self.data), *args],
            check=True,
            capture_output=True,
            cwd=self.data.parent,
        )

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "-w", "-t", "30", "stop")

    def start(self) -> None:
        log_file = self.data.parent / "postgres.log"
        self.pg_ctl("-l", str(log_file), "-o", f"-p {self.port}", "-w", "-t", "60", "start")


# --- the nodes ----------------------------------------------------------------------------------


@dataclass
class Node:
    name: str
    pop: str
    folder: Path
    env: dict
    process: subprocess.Popen | None = None

    @property
    def port(self) -> int:
        return NODE_PORTS[self.name]

    @property
    def log_file(self) -> Path:
        return self.folder / "serve.log"

    def command(self, *args: str, env: dict | None = None) -> subprocess.Popen:
        return subprocess.Popen(  # noqa: S603
            [self.pop, *args],
            env=env or self.env,
            cwd=self.folder,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )

    def start(self) -> None:
        self.process = spawn(
            [self.pop, "serve", *f"--bind 127.0.0.1:{self.port} --workers 2 --threads 4".split()],
            self.log_file,
            env=self.env,
            cwd=self.folder,
        )
        url = f"http://127.0.0.1:{self.port}/readyz"
        try:
            wait_until(
                lambda: requests.get(url, timeout=5).status_code == 200,
                f"node {self.name}",
                process=self.process,
            )
        except RuntimeError as error:
            raise RuntimeError(f"{error}\n{tail(self.log_file)}") from error

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)


def make_nodes(pop: str, work: Path, database_url: str) -> list[Node]:
    secret = secrets.token_hex(32)
    nodes = []
    for name in NODE_PORTS:
        folder = work / f"node-{name.lower()}"
        (folder / "metrics").mkdir(parents=True)
        env = {
            "PATH": os.environ["PATH"],
            "LANG": "C.UTF-8",
            "POP_ENV": "production",
            "POP_SECRET_KEY": secret,  # the same on every node
            "POP_DATABASE_URL": database_url,
            "POP_INSTANCE_PATH": str(folder / "instance"),
            "POP_PUBLIC_URL": f"https://127.0.0.1:{NGINX_PORT}",
            "POP_RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "POP_TRUSTED_PROXIES": "1",
            "POP_SMTP_HOST": "127.0.0.1",
            "POP_SMTP_PORT": str(SMTP_PORT),
            "POP_MAIL_FROM": "POP <pop@benchstad.example>",
            # The generated HR adviser has no authenticator app; this check is about nodes.
            "POP_MFA_REQUIRED_ROLES": "[]",
            "PROMETHEUS_MULTIPROC_DIR": str(folder / "metrics"),
        }
        nodes.append(Node(name, pop, folder, env))
    return nodes


# --- a browser, roughly -------------------------------------------------------------------------


class Browser:
    """A requests session that sends what a browser sends: cookies, the CSRF token, Referer."""

    def __init__(self, certificate: Path) -> None:
        self.session = requests.Session()
        self.session.trust_env = False  # REQUESTS_CA_BUNDLE would override `verify`
        self.session.verify = str(certificate)

    def get(self, url: str, **options) -> requests.Response:
        options.setdefault("timeout", REQUEST_TIMEOUT)
        return self.session.get(url, **options)

    def post_form(self, page: requests.Response, url: str, data: dict, **options):
        match = CSRF.search(page.text)
        if match is None:
            raise RuntimeError(f"no CSRF token on {page.url} (HTTP {page.status_code})")
        options.setdefault("timeout", REQUEST_TIMEOUT)
        options.setdefault("allow_redirects", False)
        return self.session.post(
            url,
            data={"csrf_token": match.group(1), **data},
            headers={"Referer": page.url},
            **options,
        )

    def log_in(self, base: str, email: str, password: str = PASSWORD) -> requests.Response:
        page = self.get(f"{base}/auth/login")
        return self.post_form(page, f"{base}/auth/login", {"email": email, "password": password})


def https(port: int) -> str:
    return f"https://127.0.0.1:{port}"


# --- the database, read directly ----------------------------------------------------------------


class Database:
    def __init__(self, url: str) -> None:
        self.engine = create_engine(url, pool_pre_ping=True)

    def scalar(self, sql: str, **params):
        with self.engine.connect() as connection:
            return connection.execute(text(sql), params).scalar()

    def rows(self, sql: str, **params) -> list:
        with self.engine.connect() as connection:
            return list(connection.execute(text(sql), params))


def writers_and_goals(database: Database, count: int) -> list[tuple[str, list[int]]]:
    """Plain employees (no other role) with agreed goals of their own: one per client."""
    rows = database.rows(
        "SELECT u.email, g.id FROM user_account u JOIN goal g ON g.employee_id = u.id "
        "WHERE u.active AND g.status IN ('afgesproken', 'bezig') AND u.id NOT IN "
        "(SELECT user_id FROM user_role WHERE role <> 'employee') "
        # not the account whose failed log-ins the throttling step piles up
        "AND u.email <> :throttled ORDER BY u.id, g.id",
        throttled=EMPLOYEE_EMAIL,
    )
    goals: dict[str, list[int]] = {}
    for email, goal_id in rows:
        goals.setdefault(email, []).append(goal_id)
    people = list(goals.items())
    if len(people) < count:
        raise RuntimeError(f"only {len(people)} employees have an agreed goal")
    return people[-count:]  # the end of the list: not the people the other steps use


# --- the steps ----------------------------------------------------------------------------------


def upgrade_race(report: Report, nodes: list[Node], database_url: str, admin: Database) -> None:
    """Both nodes run `pop db upgrade` at once: on the empty database, then on fresh ones."""
    url = make_url(database_url)
    figures, passed = [], True
    for attempt in range(UPGRADE_TRIES):
        target = url
        if attempt:  # the first try is the real database, which is empty
            name = f"pop_upgrade_race_{attempt}"
            with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
                c.execute(text(f'CREATE DATABASE "{name}"'))
            target = url.set(database=name)
        target_url = target.render_as_string(hide_password=False)
        runs = [
            node.command("db", "upgrade", env={**node.env, "POP_DATABASE_URL": target_url})
            for node in nodes
        ]
        outputs = [run.communicate(timeout=120)[0] for run in runs]
        codes = [run.returncode for run in runs]
        check = Database(target_url)
        revisions = check.rows("SELECT version_num FROM alembic_version")
        check.engine.dispose()
        ok = codes == [0, 0] and len(revisions) == 1
        if not ok:
            for node, output in zip(nodes, outputs, strict=True):
                log(f"node {node.name} db upgrade output:\n{output[-3000:]}")
        passed &= ok
        figures.append(f"try {attempt + 1}: A {codes[0]}, B {codes[1]}, {len(revisions)} head")
    report.record(
        "pop db upgrade on both nodes at once on an empty database",
        passed,
        f"{'; '.join(figures)} (exit codes; rows in alembic_version)",
    )


def generate_organisation(node: Node) -> None:
    """The benchmarks' generated organisation, by the installed wheel's `pop bench generate`."""
    run = node.command("bench", "generate", "--employees", str(EMPLOYEES))
    output = run.communicate(timeout=300)[0]
    if run.returncode != 0:
        raise RuntimeError(f"pop bench generate exited with {run.returncode}:\n{output[-3000:]}")


def kit_checks(report: Report, certificate: Path, static: Path) -> None:
    """What nginx does itself with the kit's site: static files, /metrics kept inside."""
    css = next(static.glob("css/*.css"))
    answer = requests.get(
        f"{https(NGINX_PORT)}/static/css/{css.name}", verify=str(certificate), timeout=10
    )
    metrics = requests.get(f"{https(NGINX_PORT)}/metrics", verify=str(certificate), timeout=10)
    cache = answer.headers.get("Cache-Control", "")
    report.record(
        "nginx serves static files itself and keeps /metrics inside",
        answer.status_code == 200
        and answer.content == css.read_bytes()
        and cache == "max-age=604800"
        and metrics.status_code == 403,
        f"/static/css/{css.name} {answer.status_code} ({cache or 'no Cache-Control'}), "
        f"/metrics {metrics.status_code}",
    )


def log_in_through_nginx(
    report: Report, certificate: Path, redis_keys, nodes: list[Node]
) -> Browser:
    browser = Browser(certificate)
    page = browser.get(f"{https(NGINX_PORT)}/auth/login")
    dutch = page.status_code == 200 and '<html lang="nl">' in page.text
    answer = browser.log_in(https(NGINX_PORT), HR_EMAIL)
    home = browser.get(f"{https(NGINX_PORT)}/")
    cookie = next((c for c in browser.session.cookies if c.name.startswith("__Host-")), None)
    # nginx's $request_id comes back in X-Request-ID and names the request in the node's log.
    request_id = home.headers.get("X-Request-ID", "")
    logged_by = [
        node.name for node in nodes if request_id and request_id in node.log_file.read_text()
    ]
    report.record(
        "nginx's request id is answered and in the log of the node that served it",
        re.fullmatch(r"[0-9a-f]{32}", request_id) is not None and len(logged_by) == 1,
        f"X-Request-ID {request_id or 'missing'}, in the log of node(s) {logged_by or 'none'}",
    )
    report.record(
        "log-in through nginx",
        dutch
        and answer.status_code == 302
        and home.status_code == 200
        and "Uitloggen" in home.text
        and cookie is not None
        and cookie.secure,
        f"log-in page {page.status_code} (Dutch: {dutch}), POST {answer.status_code} → "
        f"{answer.headers.get('Location')}, start page {home.status_code}, "
        f"cookie {cookie.name if cookie else 'missing'} (Secure)",
    )
    # Failed log-ins are counted in Redis, for both nodes: ten on alternate nodes, then refused.
    victim = Browser(certificate)
    statuses = []
    for attempt in range(11):
        node = "AB"[attempt % 2]
        wrong = victim.log_in(https(NGINX_PINNED[node]), EMPLOYEE_EMAIL, "fout" * 4)
        statuses.append(wrong.status_code)
    refused = statuses[-1] == 429 and all(code == 200 for code in statuses[:-1])
    keys = redis_keys()
    report.record(
        "failed log-ins counted in Redis, shared by both nodes",
        refused and keys > 0,
        f"10 failures alternating A and B answered {Counter(statuses[:-1])}, the 11th "
        f"{statuses[-1]}; {keys} key(s) in Redis",
    )
    return browser


def evidence_across_nodes(report: Report, certificate: Path, database: Database) -> None:
    email, goal_ids = writers_and_goals(database, WRITERS + 1)[0]
    browser = Browser(certificate)
    browser.log_in(https(NGINX_PINNED["A"]), email)
    content = b"%PDF-1.4\n" + secrets.token_bytes(300_000)  # evidence must look like its type
    form_url = f"{https(NGINX_PINNED['A'])}/pop/doelen/{goal_ids[0]}/voortgang"
    page = browser.get(form_url)
    note = f"multinode-evidence-{secrets.token_hex(4)}"
    upload = browser.post_form(
        page,
        form_url,
        {"on": date.today().isoformat(), "progress": "40", "note": note, "evidence_url": ""},
        files={"evidence_file": ("bewijs.pdf", content, "application/pdf")},
    )
    check_in_id = database.scalar("SELECT id FROM check_in WHERE note = :note", note=note)
    download = browser.get(f"{https(NGINX_PINNED['B'])}/pop/bewijs/{check_in_id}")
    same = download.status_code == 200 and download.content == content
    report.record(
        "evidence uploaded through node A is downloaded through node B",
        upload.status_code == 302 and same,
        f"upload via A {upload.status_code}, download via B {download.status_code}, "
        f"{len(download.content)} of {len(content)} bytes, sha256 "
        f"{'identical' if same else 'DIFFERENT'} ({hashlib.sha256(content).hexdigest()[:12]})",
    )


def import_across_nodes(report: Report, hr: Browser, database: Database) -> None:
    tag = secrets.token_hex(4)
    name = f"multinode-{tag}"
    title = f"Accountmanager dienstverlening {tag}"
    sidecar = SEED_FUNCTION.with_suffix(".toml").read_text()
    sidecar = re.sub(r'^title = ".*"$', f'title = "{title}"', sidecar, flags=re.MULTILINE)
    base_a, base_b = https(NGINX_PINNED["A"]), https(NGINX_PINNED["B"])
    page = hr.get(f"{base_a}/functies/importeren")
    preview = hr.post_form(
        page,
        f"{base_a}/functies/importeren",
        {},
        files=[
            (
                "files",
                (f"{name}.txt", SEED_FUNCTION.with_suffix(".txt").read_bytes(), "text/plain"),
            ),
            ("files", (f"{name}.toml", sidecar.encode(), "application/toml")),
        ],
    )
    form = BeautifulSoup(preview.text, "html.parser").find(
        "form", action=re.compile(r"/importeren/bevestigen$")
    )
    if preview.status_code != 200 or form is None:
        report.record(
            "a catalogue import previewed on A is confirmed on B",
            False,
            f"preview via A answered {preview.status_code} without a confirm form",
        )
        return
    data = {
        field["name"]: field.get("value", "")
        for field in form.find_all("input")
        if field.get("name") and (field.get("type") != "radio" or field.has_attr("checked"))
    }
    data["actie"] = "importeren"
    confirm = hr.session.post(
        f"{base_b}/functies/importeren/bevestigen",
        data=data,
        # the origin a browser on B would send (the pinned ports are two origins)
        headers={"Referer": f"{base_b}/functies/importeren"},
        allow_redirects=False,
        timeout=REQUEST_TIMEOUT,
    )
    stored = database.scalar("SELECT count(*) FROM job_function WHERE title = :t", t=title)
    report.record(
        "a catalogue import previewed on A is confirmed on B",
        confirm.status_code == 302 and stored == 1,
        f"preview via A {preview.status_code}, confirm via B {confirm.status_code} → "
        f"{confirm.headers.get('Location')}, functions with the new title: {stored}",
    )


def reminders_at_once(report: Report, nodes: list[Node], sink: Sink, database: Database) -> None:
    """Both nodes start `pop send-reminders` at the same instant; then both once more."""
    rounds = []
    for _ in range(2):
        before = sum(sink.recipients.values())
        start_at = time.time() + 1.0
        # Both wait for the same instant, then become `pop send-reminders` (exec).
        at_instant = (
            "import os, sys, time; time.sleep(max(0.0, float(sys.argv[1]) - time.time())); "
            "os.execv(sys.argv[2], sys.argv[2:])"
        )
        runs = [
            subprocess.Popen(  # noqa: S603
                [
                    str(Path(node.pop).with_name("python")),
                    "-c",
                    at_instant,
                    str(start_at),
                    node.pop,
                    "send-reminders",
                ],
                env=node.env,
                cwd=node.folder,
                text=True,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            for node in nodes
        ]
        outputs = [run.communicate(timeout=180)[0].strip() for run in runs]
        rounds.append(
            (
                [run.returncode for run in runs],
                [output.splitlines()[-1] if output else "" for output in outputs],
                sum(sink.recipients.values()) - before,
            )
        )
    per_recipient = Counter(sink.recipients.values())
    sent = database.scalar("SELECT count(*) FROM mail_digest WHERE status = 'sent'")
    sending = database.scalar("SELECT count(*) FROM mail_digest WHERE status = 'sending'")
    recipients = database.scalar(
        "SELECT count(DISTINCT lower(u.email)) FROM mail_digest d "
        "JOIN user_account u ON u.id = d.recipient_id WHERE d.status = 'sent'"
    )
    (codes, lines, mailed), (codes_again, _, mailed_again) = rounds
    passed = (
        codes == [0, 0]
        and codes_again == [0, 0]
        and mailed > 0
        and mailed_again == 0
        and set(per_recipient) == {1}
        and mailed == sent == recipients == len(sink.recipients)
        and sending == 0
    )
    if not passed:
        for node, line in zip(nodes, lines, strict=True):
            log(f"node {node.name} send-reminders: {line}")
    report.record(
        "pop send-reminders on both nodes at the same instant sends every digest exactly once",
        passed,
        f"{mailed} messages to {len(sink.recipients)} recipients, per recipient "
        f"{dict(per_recipient)}; {sent} digests recorded sent, {sending} left sending; "
        f"exit codes A {codes[0]}, B {codes[1]}; A: “{lines[0]}”, B: “{lines[1]}”; "
        f"second round at once: {mailed_again} messages",
    )


@dataclass
class Load:
    """Clients adding check-ins through nginx until told to stop; what each answer was."""

    certificate: Path
    people: list[tuple[str, list[int]]]
    tag: str
    statuses: Counter = field(default_factory=Counter)
    acknowledged: list[str] = field(default_factory=list)
    dutch_503: int = 0
    other_503: list[str] = field(default_factory=list)
    retry_after: set = field(default_factory=set)
    errors: Counter = field(default_factory=Counter)
    answers: list[tuple[float, int]] = field(default_factory=list)  # (when, status) of POSTs
    timeline: list[tuple[float, int]] = field(default_factory=list)  # (when, status) of all
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)

    def run(self, seconds_before_event: float, event, seconds_after_event: float) -> dict:
        browsers = []
        for email, _goals in self.people:
            browser = Browser(self.certificate)
            answer = browser.log_in(https(NGINX_PORT), email)
            if answer.status_code != 302:
                raise RuntimeError(f"log-in of {email} answered {answer.status_code}")
            browsers.append(browser)
        threads = [
            threading.Thread(target=self.client, args=(browser, goals, number))
            for number, (browser, (_email, goals)) in enumerate(
                zip(browsers, self.people, strict=True)
            )
        ]
        for thread in threads:
            thread.start()
        try:
            time.sleep(seconds_before_event)
            timings = event()
            time.sleep(seconds_after_event)
        finally:
            self.stopping.set()
            for thread in threads:
                thread.join(timeout=3 * REQUEST_TIMEOUT)
        return timings

    def client(self, browser: Browser, goal_ids: list[int], number: int) -> None:
        for count in range(100_000):  # bounded, whatever happens
            if self.stopping.is_set():
                return
            goal_id = goal_ids[count % len(goal_ids)]
            url = f"{https(NGINX_PORT)}/pop/doelen/{goal_id}/voortgang"
            note = f"{self.tag}-{number}-{count}"
            try:
                page = browser.get(url)
                if page.status_code != 200:
                    self.seen(page)
                    time.sleep(0.2)
                    continue
                answer = browser.post_form(
                    page,
                    url,
                    {
                        "on": date.today().isoformat(),
                        "progress": str(1 + count % 98),
                        "note": note,
                        "evidence_url": "",
                    },
                )
            except (requests.RequestException, RuntimeError) as error:
                with self.lock:
                    self.errors[type(error).__name__] += 1
                time.sleep(0.2)
                continue
            self.seen(answer)
            with self.lock:
                self.answers.append((time.monotonic(), answer.status_code))
                if answer.status_code == 302 and answer.headers.get("Location", "").endswith(
                    f"/pop/doelen/{goal_id}"
                ):
                    self.acknowledged.append(note)
            time.sleep(0.05)  # a bounded load: about 20 writes a second from 4 clients

    def seen(self, answer: requests.Response) -> None:
        with self.lock:
            self.statuses[answer.status_code] += 1
            self.timeline.append((time.monotonic(), answer.status_code))
            if answer.status_code == 503:
                page = answer.text
                if '<html lang="nl">' in page and "<h1>Even niet beschikbaar</h1>" in page:
                    self.dutch_503 += 1
                else:
                    self.other_503.append(page[:200])
                self.retry_after.add(answer.headers.get("Retry-After"))

    def lost(self, database: Database) -> list[str]:
        stored = {
            note
            for (note,) in database.rows(
                "SELECT note FROM check_in WHERE note LIKE :prefix", prefix=f"{self.tag}-%"
            )
        }
        return [note for note in self.acknowledged if note not in stored]

    def stored(self, database: Database) -> int:
        return database.scalar(
            "SELECT count(*) FROM check_in WHERE note LIKE :prefix", prefix=f"{self.tag}-%"
        )


def database_away(report: Report, certificate: Path, database: Database, people) -> "Load":
    postgres = Postgres()
    load = Load(certificate, people, f"outage-{secrets.token_hex(3)}")

    def outage() -> dict:
        postgres.stop()
        stopped = time.monotonic()
        time.sleep(OUTAGE_SECONDS)
        postgres.start()
        return {"stopped": stopped, "started": time.monotonic()}

    timings = load.run(3, outage, 10)
    lost = load.lost(database)
    during = Counter(
        status for at, status in load.timeline if timings["stopped"] <= at <= timings["started"]
    )
    after = [at for at, status in load.answers if at > timings["started"] and status == 302]
    recovered = after[0] - timings["started"] if after else None
    recovery = (
        f"first acknowledged write {recovered:.1f} s after PostgreSQL was back"
        if recovered is not None
        else "no acknowledged write after PostgreSQL was back"
    )
    report.record(
        f"PostgreSQL stopped for {OUTAGE_SECONDS} s under load: Dutch 503 page, recovery, "
        "no acknowledged write lost",
        load.dutch_503 > 0
        and not load.other_503
        and load.retry_after == {"10"}
        and recovered is not None
        and not lost
        and 500 not in load.statuses,
        f"{WRITERS} clients; answers {dict(sorted(load.statuses.items()))} "
        f"(while it was down: {dict(sorted(during.items()))}); Dutch 503 pages {load.dutch_503}, "
        f"other 503s {len(load.other_503)}, Retry-After {sorted(map(str, load.retry_after))}; "
        f"{recovery}; {len(load.acknowledged)} acknowledged, {load.stored(database)} stored, "
        f"{len(lost)} lost; client errors {dict(load.errors) or 0}",
    )
    return load


def metric_sum(port: int, name: str) -> float:
    """The sum of a metric's samples on a node, every worker's added up (multiprocess mode)."""
    answer = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=REQUEST_TIMEOUT)
    answer.raise_for_status()
    return sum(
        sample.value
        for family in text_string_to_metric_families(answer.text)
        for sample in family.samples
        if sample.name == name
    )


def node_metrics(report: Report, nodes: list[Node], load: "Load") -> None:
    """Each node's /metrics (from 127.0.0.1, an allowed address): nginx spread the load over
    both, and every 503 the clients saw is counted by the node that answered it."""
    requests_per_node = {n.name: metric_sum(n.port, "pop_http_requests_total") for n in nodes}
    failures = {n.name: metric_sum(n.port, "pop_db_unavailable_total") for n in nodes}
    report.record(
        "/metrics of each node: both served, every 503 counted",
        all(requests_per_node.values()) and sum(failures.values()) == load.statuses[503],
        "requests answered "
        + ", ".join(f"{name} {count:.0f}" for name, count in requests_per_node.items())
        + "; 503s counted "
        + ", ".join(f"{name} {count:.0f}" for name, count in failures.items())
        + f" (the clients saw {load.statuses[503]})",
    )


def node_restart(report: Report, certificate: Path, database: Database, people, node) -> None:
    load = Load(certificate, people, f"restart-{secrets.token_hex(3)}")

    def restart() -> dict:
        began = time.monotonic()
        node.stop()
        stopped = time.monotonic()
        node.start()
        return {"down": stopped - began, "restart": time.monotonic() - began}

    timings = load.run(3, restart, 5)
    lost = load.lost(database)
    report.record(
        f"node {node.name} restarted under load loses no acknowledged write",
        not lost and len(load.acknowledged) > 0 and 500 not in load.statuses,
        f"{WRITERS} clients; node {node.name} stopped in {timings['down']:.1f} s and ready "
        f"again {timings['restart']:.1f} s after the stop began; answers "
        f"{dict(sorted(load.statuses.items()))}; {len(load.acknowledged)} acknowledged, "
        f"{load.stored(database)} stored, {len(lost)} lost; client errors "
        f"{dict(load.errors) or 0}",
    )


# --- the whole check ----------------------------------------------------------------------------


def installed_static(pop: str) -> Path:
    python = Path(pop).with_name("python")
    output = subprocess.run(  # noqa: S603
        [str(python), "-c", "import pop.resources as r; print(r.STATIC)"],
        check=True,
        capture_output=True,
        text=True,
        cwd="/",
    )
    return Path(output.stdout.strip())


def run(pop: str, keep: bool) -> Report:
    report = Report()
    database_url = os.environ["POP_DATABASE_URL"]
    database = Database(database_url)
    work = Path(tempfile.mkdtemp(prefix="pop-multinode-"))
    work.chmod(0o755)  # the servers' own users walk into their folders below it
    static = installed_static(pop)
    started = time.monotonic()
    with ExitStack() as cleanup:
        if not keep:
            cleanup.callback(shutil.rmtree, work, ignore_errors=True)
        log(f"work folder {work}; the installed package's static files: {static}")
        redis_server = start_redis(work)
        cleanup.callback(stop, redis_server)
        import redis

        redis_client = redis.Redis(host="127.0.0.1", port=REDIS_PORT)
        sink = Sink()
        smtp = Controller(sink, hostname="127.0.0.1", port=SMTP_PORT)
        smtp.start()
        cleanup.callback(smtp.stop)
        nodes = make_nodes(pop, work, database_url)

        upgrade_race(report, nodes, database_url, database)
        log(f"generating an organisation of {EMPLOYEES} employees")
        generate_organisation(nodes[0])

        for node in nodes:
            cleanup.callback(node.stop)
            node.start()
        nginx = start_nginx(nginx_config(work, static))
        cleanup.callback(stop, nginx)
        certificate = work / "nginx" / "pop.pem"
        log(f"nodes A and B and nginx ready after {time.monotonic() - started:.0f} s")

        kit_checks(report, certificate, static)
        hr = log_in_through_nginx(report, certificate, lambda: len(redis_client.keys("*")), nodes)
        evidence_across_nodes(report, certificate, database)
        import_across_nodes(report, hr, database)
        reminders_at_once(report, nodes, sink, database)
        people = writers_and_goals(database, WRITERS)
        outage = database_away(report, certificate, database, people)
        node_metrics(report, nodes, outage)
        node_restart(report, certificate, database, people, nodes[0])
        if not report.passed:
            for node in nodes:
                log(f"node {node.name}, last log lines:\n{tail(node.log_file)}")
            log(f"nginx error log:\n{tail(work / 'nginx' / 'error.log')}")
    database.engine.dispose()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pop", required=True, help="the installed wheel's `pop` command")
    parser.add_argument("--keep", action="store_true", help="keep the work folder and its logs")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        report = run(args.pop, args.keep)
    except Exception as error:  # a step that could not even run fails the check, loudly
        log(f"FAILED: {type(error).__name__}: {error}")
        raise
    lines = [
        f"{'ok    ' if check.passed else 'FAILED'} {check.name}\n       {check.figure}"
        for check in report.checks
    ]
    lines.append(
        f"multi-node check {'passed' if report.passed else 'FAILED'} in "
        f"{time.monotonic() - started:.0f} s"
    )
    print("\n== multi-node figures ==\n" + "\n".join(lines), flush=True)
    if os.environ.get("POP_MULTINODE_FIGURES"):  # .ci/run repeats them in its summary
        Path(os.environ["POP_MULTINODE_FIGURES"]).write_text("\n".join(lines) + "\n")
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
