"""Real servers on loopback ports: the Wagtail CMS (and its purge worker) and the public site
under gunicorn, and any WSGI app in a thread of this process.

Used by the end-to-end tests and the benchmarks."""

import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
from werkzeug.serving import make_server

REPO = Path(__file__).resolve().parent.parent
ADMIN_USERNAME = "admin"
WEBHOOK_SECRET = "end-to-end-webhook-secret-0123456789abcdef"
# Python for `manage.py shell -c`, after a change: deliver the purges waiting (as db_worker
# --batch), then wait up to 30 s for any a running worker has taken, so the site shows the
# change when the shell returns.
AWAIT_PURGES = """
import time
from django.core.management import call_command
from cms.site_sync.waiting import WAITING, purge_tasks
call_command("db_worker", "--batch", "--queue-name", "default", "--no-startup-delay", "--no-reload", verbosity=0)
deadline = time.monotonic() + 30
while purge_tasks().filter(status__in=WAITING).exists() and time.monotonic() < deadline:
    time.sleep(0.05)
"""


def free_port() -> int:
    """A loopback port nobody listens on. Under pytest-xdist each worker draws from a band of its own
    below the kernel's ephemeral range, so two workers starting servers at once never pick the same."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1", ...
    if worker.startswith("gw") and worker[2:].isdigit():
        low = 20000 + 1500 * (int(worker[2:]) % 8)
        for _ in range(200):
            port = random.randrange(low, low + 1500)
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    continue
                return port
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class GunicornServer:
    """A WSGI app under gunicorn on a free loopback port; `start()` returns once it answers."""

    app = ""  # "module:callable"
    probe = "/"  # a path that answers (any status) once the app is loaded
    workers = 1

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.env = dict(os.environ)

    def start(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                self.app,
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--threads",
                "4",
                "--log-level",
                "warning",
            ],
            env=self.env,
            cwd=REPO,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.app} exited during start-up")
            try:
                requests.get(self.url + self.probe, timeout=5)
                return self
            except requests.RequestException:
                time.sleep(0.2)  # not listening yet, or still loading the app
        raise RuntimeError(f"{self.app} did not answer within 30 seconds")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)


class LiveCMS(GunicornServer):
    """Migrates a fresh SQLite database in `var_dir`, loads the demo and serves it with gunicorn.

    With a SITE_PURGE_URL, `start()` also runs the purge worker (`manage.py db_worker` for the
    queue "default"), as production does: it delivers the purges of each change to the site."""

    app = "cms.wsgi:application"
    probe = "/api/v2/pages/"

    def __init__(self, var_dir: Path, port: int | None = None):
        super().__init__(port)
        self.var_dir = Path(var_dir)
        self.api_url = f"{self.url}/api/v2"
        self.env = {
            **os.environ,
            "VAR_DIR": str(self.var_dir),
            "DATABASE_URL": f"sqlite:///{self.var_dir / 'cms.sqlite3'}",
            "CMS_PUBLIC_URL": self.url,
            "SITE_URL": "http://127.0.0.1:5000",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DEBUG": "0",
            "SECRET_KEY": "end-to-end-tests-secret-key-0123456789abcdef",
            "WEBHOOK_SECRET": WEBHOOK_SECRET,
            "SITE_PURGE_URL": "off",  # set by tests that run a site for it to notify
            "DEMO_CONTENT": "1",  # load_demo and create_local_admin, in production mode too
        }

    worker = None

    def start(self):
        super().start()
        if self.env.get("SITE_PURGE_URL", "off") != "off":
            self.start_worker()
        return self

    def stop(self) -> None:
        self.stop_worker()
        super().stop()

    def start_worker(self) -> None:
        self.worker = subprocess.Popen(
            [
                sys.executable,
                str(REPO / "cms" / "manage.py"),
                "db_worker",
                "--queue-name",
                "default",
                "--interval",
                "0.2",
                "--no-reload",
                "--no-startup-delay",
                "--verbosity",
                "0",
            ],
            env=self.env,
            cwd=REPO,
        )

    def stop_worker(self) -> None:
        if self.worker and self.worker.poll() is None:
            self.worker.terminate()  # db_worker finishes the delivery it is on, then exits
            self.worker.wait(timeout=30)

    def manage(self, *args) -> str:
        # Set-up commands run before any site listens: nothing to purge yet.
        result = subprocess.run(
            [sys.executable, str(REPO / "cms" / "manage.py"), *args],
            env={**self.env, "SITE_PURGE_URL": "off"},
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout

    def generate_articles(self, count: int) -> str:
        """Add `count` published articles in bulk (devtools/generate_articles.py)."""
        result = subprocess.run(
            [sys.executable, "-m", "devtools.generate_articles", str(count)],
            env={**self.env, "SITE_PURGE_URL": "off", "DJANGO_SETTINGS_MODULE": "cms.settings"},
            check=True,
            capture_output=True,
            text=True,
            cwd=REPO,
        )
        return result.stdout

    def prepare(self) -> "LiveCMS":
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load_demo")
        self.admin_password = (
            self.manage("create_local_admin", "--password-file", str(self.var_dir / "admin-password.txt"))
            .strip()
            .split(" / ")[1]
        )
        return self

    def admin_session(self) -> requests.Session:
        """A browser-like session logged in to the Wagtail admin."""
        session = requests.Session()
        login_url = f"{self.url}/admin/login/"
        session.get(login_url)
        response = session.post(
            login_url,
            data={
                "username": ADMIN_USERNAME,
                "password": self.admin_password,
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
            },
            headers={"Referer": login_url},
        )
        if response.status_code != 200 or "/admin/login/" in response.url:
            raise RuntimeError("could not log in to the Wagtail admin")
        return session

    def publish_article(
        self, session: requests.Session, title: str, slug: str, date: str, text: str = "New.", tags: str = ""
    ) -> None:
        """Create and publish an article with the admin's own form, as an editor would (`tags`
        as the form takes them: "massage, feet")."""
        from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

        index_id = requests.get(f"{self.api_url}/pages/", params={"type": "articles.ArticleIndexPage"}).json()["items"][
            0
        ]["id"]
        add_url = f"{self.url}/admin/pages/add/articles/articlepage/{index_id}/"
        form = nested_form_data(
            {
                "title": title,
                "slug": slug,
                "summary": f"About {title.lower()}.",
                "publication_date": date,
                "author": "",
                "tags": tags,
                "hero_image": "",
                "hero_alt": "",
                "body": streamfield([("paragraph", rich_text(f"<p>{text}</p>"))]),
                "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0, "MAX_NUM_FORMS": 1000},
            }
        )
        form.update({"action-publish": "action-publish", "csrfmiddlewaretoken": session.cookies["csrftoken"]})
        response = session.post(add_url, data=form, headers={"Referer": add_url})
        # Wagtail sends the editor back to the section's page list after publishing.
        if response.status_code != 200 or not response.url.endswith(f"/admin/pages/{index_id}/"):
            raise RuntimeError(f"publishing {title!r} failed: {response.status_code} {response.url}")


class LiveSite(GunicornServer):
    """The public site under gunicorn with several workers sharing one cache."""

    app = "frontend.wsgi:app"
    probe = "/not-a-page"

    def __init__(self, cms_api_url: str, cache_dir: Path, workers: int = 3, port: int | None = None, **env):
        super().__init__(port)
        self.workers = workers
        self.env = {
            **os.environ,
            "CMS_API_URL": cms_api_url,
            "CACHE_TYPE": "FileSystemCache",
            "CACHE_DIR": str(cache_dir),
            "WEBHOOK_SECRET": WEBHOOK_SECRET,
            "CMS_RETRIES": "0",
            **env,
        }


class ThreadedServer:
    """A WSGI app served from a thread of this process on a free loopback port.

    `start(delay)` binds only after `delay` seconds, standing in for a server that is down
    at first; without a delay it is listening when `start` returns."""

    def __init__(self, app, port: int | None = None):
        self.app = app
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = None

    def start(self, delay: float = 0.0) -> "ThreadedServer":
        if not delay:
            self.server = make_server("127.0.0.1", self.port, self.app, threaded=True)
            threading.Thread(target=self.server.serve_forever, daemon=True).start()
            return self

        def bind_later():
            time.sleep(delay)
            self.server = make_server("127.0.0.1", self.port, self.app, threaded=True)
            self.server.serve_forever()

        threading.Thread(target=bind_later, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
