import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
import redis
from django.conf import settings
from flask import Flask
from jinja2 import BytecodeCache

from frontend import create_app
from shared.site_map import PURGE_PATH
from tests.live_servers import REPO, LiveCMS, LiveSite
from tests.recorded_api import RecordedCMS, recorded_cms

LIVE_SERVER_FIXTURES = {
    "demo_cms_dir",
    "demo_cms_source",
    "live_cms",
    "clinic_cms_source",
    "clinic_cms",
    "cms_copy",
    "live_site",
    "purged_site",
}

BROWSER_TESTS = "tests/browser/"


def pytest_xdist_make_scheduler(config, log):
    """`make test` runs `--dist loadscope --no-loadscope-reorder`: whole modules go, in the order of
    `pytest_collection_modifyitems`, to whichever pytest-xdist worker is free, so module-scoped
    fixtures (the clinic built once, module servers) are made once; and every browser test goes to
    one worker, which starts Chromium and their reader site once (spread over three workers, each
    started its own)."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ModulesAndBrowserTests(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            return BROWSER_TESTS if nodeid.startswith(BROWSER_TESTS) else nodeid.partition("::")[0]

    return ModulesAndBrowserTests(config, log)


# The slowest modules (a minute or so each on 2 cores), run first: `make test` spreads tests over
# pytest-xdist workers, and one of these started last would leave a single worker busy at the end.
SLOW_FIRST = (
    BROWSER_TESTS,  # two minutes on one worker
    "tests/test_run_local.py",
    "tests/test_production_stack.py",
    "tests/cms/test_blog_import_worker.py",
    "tests/site/test_purge_outage.py",
    "tests/cms/test_api_parameters.py",
    "tests/site/test_sitemap.py",
    "tests/site/test_booking_journey.py",
)


def pytest_collection_modifyitems(config, items):
    """`-m "not e2e"` must select exactly the tests that start no server: a test using a live-server
    fixture without the e2e mark is an error, not a slow surprise. Also: the modules that build the
    clinic once, and the slowest modules first."""
    for item in items:
        live = LIVE_SERVER_FIXTURES.intersection(getattr(item, "fixturenames", ()))
        if live and item.get_closest_marker("e2e") is None:
            raise pytest.UsageError(f"{item.nodeid} uses {', '.join(sorted(live))}: mark it @pytest.mark.e2e")
    config.stash[CLINIC_ONLY_MODULES] = clinic_only_modules(items)

    def rank(item):
        path = item.nodeid.partition("::")[0]
        return next((place for place, slow in enumerate(SLOW_FIRST) if path.startswith(slow)), len(SLOW_FIRST))

    items.sort(key=rank)  # stable


CLINIC_ONLY_MODULES = pytest.StashKey[set]()
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server", "clinic_db"}


def clinic_only_modules(items) -> set:
    """The modules whose every test that reaches the database uses `clinic` (see clinic_for_module)."""
    modules, mixed = set(), set()
    for item in items:
        module = item.nodeid.partition("::")[0]
        names = set(getattr(item, "fixturenames", ()))
        if "clinic" in names and "clinic_db" not in names:
            modules.add(module)
        elif names & DATABASE_FIXTURES or item.get_closest_marker("django_db"):
            mixed.add(module)
    return modules - mixed


# Run once per test run, in a CMS process of its own: the demo clinic (pictures made as tests show
# them) over every migration, with an empty task queue (the demo's publishes queue picture tasks).
BUILD_DEMO_DB = """
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
call_command("migrate", interactive=False, verbosity=0)
call_command("load_demo", no_renditions=True)
DBTaskResult.objects.all().delete()
"""


@pytest.fixture(scope="session")
def demo_db_dir(tmp_path_factory) -> Path:
    """The demo clinic's migrated SQLite database and its original pictures, made once per run: the
    test database of every pytest-xdist worker and the live CMS servers all start from it (the
    migrations are the slowest part of any set-up)."""

    def build(folder):
        # This process's own settings (as the test database would have them), over a file in `folder`.
        folder.mkdir(parents=True)
        env = {**os.environ, "VAR_DIR": str(folder), "DATABASE_URL": f"sqlite:///{folder / 'cms.sqlite3'}"}
        run_in_django(env, BUILD_DEMO_DB)

    return prepared_once(tmp_path_factory, "demo-db", build)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, demo_db_dir):
    """Fills this worker's in-memory test database from `demo_db_dir` before Django sets it up, so
    Django finds every migration applied and has nothing to run."""
    import sqlite3

    from django.db import connection

    name = connection.creation._get_test_db_name()
    assert connection.creation.is_in_memory_db(name), f"the tests expect an in-memory SQLite test database, not {name}"
    # Shared-cache memory databases live while a connection to them is open: this one, all session.
    memory = sqlite3.connect(name, uri=True, check_same_thread=False)
    source = sqlite3.connect(demo_db_dir / "cms.sqlite3")
    source.backup(memory)
    source.close()
    yield
    memory.close()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, demo_db_dir, tmp_path_factory):
    """The test database holds the demo clinic (each test rolls back); `clinic` puts a fresh tree in its place."""
    media = tmp_path_factory.mktemp("media")
    shutil.copytree(demo_db_dir / "media", media, dirs_exist_ok=True)
    settings.MEDIA_ROOT = str(media)
    # No site is listening; tests that check the purge messages turn this back on.
    settings.SITE_PURGE_URL = ""


@pytest.fixture(scope="session", autouse=True)
def new_images_empty_the_renditions_cache():
    """Wagtail keeps renditions in Django's in-process cache, which outlives each test's rollback;
    SQLite then gives a later test's new image a rolled-back image's id, and with it that image's
    cached renditions. A new image empties the cache (other tests keep reusing it: it saves them
    making the same AVIF and WebP files again)."""
    from django.core.cache import caches
    from django.db.models.signals import post_save
    from wagtail.images import get_image_model

    def forget(sender, created, **kwargs):
        if created:
            for cache in caches.all(initialized_only=True):
                cache.clear()

    post_save.connect(forget, sender=get_image_model(), weak=False, dispatch_uid="tests-new-image")
    yield
    post_save.disconnect(sender=get_image_model(), dispatch_uid="tests-new-image")


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, in memory, for every Flask app of this process (same options, same
    templates): each test makes its own app, and compiling the site's templates anew for each one was
    a tenth of the in-process tests' time. A template whose source changed compiles again."""

    def __init__(self):
        self.compiled = {}  # cache key -> (source checksum, code object)

    def load_bytecode(self, bucket):
        checksum, code = self.compiled.get(bucket.key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = (bucket.checksum, bucket.code)


@pytest.fixture(scope="session", autouse=True)
def templates_compiled_once():
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Flask, "jinja_options", {**Flask.jinja_options, "bytecode_cache": CompiledTemplates()})
        yield


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Django's advice for tests: the default hasher is slow on purpose (every `admin_user` paid for
    it); the throttling and login tests check outcomes, not the hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def renditions_made_once_per_picture(tmp_path_factory):
    """Wagtail encodes a rendition (AVIF and WebP among them) for each picture, spec and focal point;
    factories draw the same picture again and again, and each test's rollback forgets the renditions
    made. The first encoding of each (picture content, spec, focal point) in a run is kept in the run's
    folder, which every pytest-xdist worker reads: later ones reuse its bytes, the same file Wagtail
    would write, without seconds of encoding."""
    from types import SimpleNamespace

    from wagtail.images.models import Filter

    encode = Filter.run
    made = run_folder(tmp_path_factory) / "renditions"
    made.mkdir(exist_ok=True)
    digests = {}  # file name -> content hash: stored names are unique, and files outlive rollbacks

    def run(self, image, output, source=None):
        if image.file.name not in digests:
            digests[image.file.name] = picture_digest(image, source)
        key = hashlib.sha256(repr((digests[image.file.name], self.spec, self.get_cache_key(image))).encode())
        kept = made / key.hexdigest()
        if not kept.exists():
            generated = encode(self, image, output, source=source)
            write_atomically(kept, generated.format_name.encode() + b"\n" + read_all(output))
            return generated
        format_name, _, data = kept.read_bytes().partition(b"\n")
        output.write(data)
        output.seek(0)
        return SimpleNamespace(f=output, format_name=format_name.decode())

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Filter, "run", run)
        yield


def write_atomically(path: Path, data: bytes) -> None:
    """Another worker reads either nothing or the whole file (two writing at once write the same bytes)."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.write_bytes(data)
    partial.replace(path)


def picture_digest(image, source) -> str:
    """The picture's content hash (not image.get_file_hash(), which saves it: renditions are made in
    threads, and SQLite's shared in-memory test database locks the table the test is writing)."""
    from wagtail.utils.file import hash_filelike

    if image.file_hash:
        return image.file_hash
    file = source or image.file
    file.open("rb")
    return hash_filelike(file)  # which puts the file back where it was


def read_all(output) -> bytes:
    output.seek(0)
    data = output.read()
    output.seek(0)
    return data


@pytest.fixture(scope="module")
def clinic_for_module(request, django_db_setup, django_db_blocker):
    """In a module whose database tests all use `clinic`, the clinic is built once, in a transaction
    that rolls back after the module's last test; each test's own changes roll back to it, as they
    would to a clinic of its own. Elsewhere (None) each test builds its own."""
    if request.node.nodeid not in request.config.stash[CLINIC_ONLY_MODULES]:
        yield None
        return
    from tests.factories import build_clinic

    with built_for_module(django_db_blocker, build_clinic) as clinic:
        yield clinic


@contextmanager
def built_for_module(django_db_blocker, build):
    """What `build()` makes, in a transaction rolled back on leaving (after a module's last test; each
    test's own changes roll back to it in between). Tests outside the database stay blocked."""
    from django.db import transaction
    from wagtail.models import Site

    module_transaction = transaction.atomic()
    with django_db_blocker.unblock():
        module_transaction.__enter__()
        built = build()
        Site.clear_site_root_paths_cache()
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)
            # Wagtail caches the site's root path outside the database, which rolls back.
            Site.clear_site_root_paths_cache()


@pytest.fixture
def clinic(clinic_for_module, db):
    """A fresh clinic tree (home, three sections, booking settings) as the default site, from the factories."""
    from wagtail.models import Site

    from tests.factories import build_clinic, read_again

    yield build_clinic() if clinic_for_module is None else read_again(clinic_for_module)
    # Wagtail caches the site's root path outside the database, which rolls back.
    Site.clear_site_root_paths_cache()


@pytest.fixture
def admin_client(admin_client, admin_user):
    """pytest-django's client logged in as a superuser, on the host the test settings serve; the one
    admin login of the suite. `admin_client.user` is the superuser."""
    admin_client.defaults["HTTP_HOST"] = "127.0.0.1"
    admin_client.user = admin_user
    return admin_client


@pytest.fixture
def api(client):
    """The CMS's API through Django's test client: api("pages/", type=...) -> the JSON answer."""
    client.defaults["HTTP_HOST"] = "127.0.0.1"

    def get(path, status=200, **params):
        response = client.get(f"/api/v2/{path}", params)
        assert response.status_code == status, response.content[:300]
        return response.json()

    return get


@pytest.fixture
def find_page(api):
    """The API's answer for the published page at a public path."""
    return lambda path: api("pages/find/", html_path=path)


@pytest.fixture(scope="module")
def clinic_db(django_db_setup, django_db_blocker):
    """The clinic of tests/clinic_data.py in the test database, for one test module (`built_for_module`).
    Every test of a module that uses it sees this clinic instead of the demo."""
    from tests import clinic_data

    with built_for_module(django_db_blocker, clinic_data.build):
        yield


@pytest.fixture
def clinic_api(clinic_db, db) -> RecordedCMS:
    """The CMS API's real answers over the clinic of tests/clinic_data.py, served in-process to the
    Flask app through `responses` (tests/recorded_api.py): no CMS server."""
    with recorded_cms() as cms:
        yield cms


def run_folder(tmp_path_factory) -> Path:
    """This test run's temporary folder, shared by its pytest-xdist workers (each has a folder inside)."""
    root = tmp_path_factory.getbasetemp()
    return root.parent if os.environ.get("PYTEST_XDIST_WORKER") else root


def prepared_once(tmp_path_factory, name: str, make) -> Path:
    """A folder that `make(folder)` fills once per test run: the first pytest-xdist worker to ask makes
    it, under a file lock, and the others (and later asks) reuse it."""
    from filelock import FileLock

    folder = run_folder(tmp_path_factory) / name
    with FileLock(f"{folder}.lock"):
        if not (folder / ".ready").exists():
            shutil.rmtree(folder, ignore_errors=True)
            make(folder)
            (folder / ".ready").touch()
    return folder


def prepared_cms(source_dir) -> LiveCMS:
    cms = LiveCMS(source_dir)
    cms.admin_password = (source_dir / "admin-password.txt").read_text().strip()
    return cms


# The demo's pictures, and the admin login of the live servers.
FINISH_DEMO_CMS = """
from django.core.management import call_command
call_command("load_demo")
call_command("create_local_admin", "--password-file", "{password_file}")
"""


@pytest.fixture(scope="session")
def demo_cms_dir(demo_db_dir, tmp_path_factory):
    """The demo clinic's database, media (renditions made) and admin login, made once per run from
    `demo_db_dir`; live servers run over copies of it."""

    def build(folder):
        shutil.copytree(demo_db_dir, folder, ignore=shutil.ignore_patterns(".ready"))
        run_python(LiveCMS(folder), FINISH_DEMO_CMS.format(password_file=folder / "admin-password.txt"))

    return prepared_once(tmp_path_factory, "demo-cms", build)


@pytest.fixture(scope="session")
def demo_cms_source(demo_cms_dir) -> LiveCMS:
    """The demo clinic's CMS, never started: what tests copy (`copy_cms`, `cms_copy`) to start their own."""
    return prepared_cms(demo_cms_dir)


@pytest.fixture(scope="session")
def live_cms(demo_cms_source, tmp_path_factory):
    """A real Wagtail server with the demo clinic, on a loopback port, that the whole run reads from."""
    return started_once(tmp_path_factory, "live-cms", demo_cms_source)


def started_once(tmp_path_factory, name: str, source: LiveCMS) -> LiveCMS:
    """A CMS over a copy of `source`, started once per test run for tests that only read from it: the
    first pytest-xdist worker to ask starts it (`prepared_once`), the others get its address;
    `pytest_sessionfinish` stops it after every worker."""

    def start(folder):
        cms = copy_cms(source, folder / "var").start()
        (folder / SERVER_FILE).write_text(json.dumps({"pid": cms.process.pid, "port": cms.port}))

    folder = prepared_once(tmp_path_factory, name, start)
    cms = LiveCMS(folder / "var", port=json.loads((folder / SERVER_FILE).read_text())["port"])
    cms.admin_password = source.admin_password
    return cms


SERVER_FILE = "server.json"  # in a `started_once` folder: the server's pid and port


def stop_servers_started_once(run: Path) -> None:
    for started in run.glob(f"*/{SERVER_FILE}"):
        pid = json.loads(started.read_text())["pid"]
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)  # gunicorn stops its worker, then itself
            deadline = time.monotonic() + 15
            while process_exists(pid) and time.monotonic() < deadline:
                time.sleep(0.1)
            if process_exists(pid):
                os.kill(pid, signal.SIGKILL)


def process_exists(pid: int) -> bool:
    with suppress(ChildProcessError):  # not this process's child: a worker started it
        if os.waitpid(pid, os.WNOHANG)[0] == pid:  # this process's child (a run without workers), reaped
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def copy_cms(source: LiveCMS, var_dir) -> LiveCMS:
    """A new, unstarted CMS over a copy of `source`'s database and media, with the same admin login."""
    shutil.copytree(source.var_dir, var_dir, ignore=shutil.ignore_patterns(".ready"))
    cms = LiveCMS(var_dir)
    cms.admin_password = source.admin_password
    return cms


def run_python(cms: LiveCMS, code: str) -> str:
    """Run `code` inside the CMS's Django (its database and media) and return what it printed."""
    return run_in_django(cms.env, code)


def run_in_django(env: dict, code: str) -> str:
    """Run `code` in a `manage.py shell` with the environment `env` (purging off); return its output."""
    env = {**env, "SITE_PURGE_URL": "off", "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, str(REPO / "cms" / "manage.py"), "shell", "-c", code],
        env=env,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, f"{code!r} failed in the CMS:\n{result.stderr[-3000:]}"
    return result.stdout


@pytest.fixture(scope="session")
def clinic_cms_source(demo_cms_dir, tmp_path_factory) -> LiveCMS:
    """The CMS whose only content is the factory-built clinic of tests/clinic_data.py, never started:
    what tests copy to start their own (a copy costs no server that nobody asks)."""

    def build(folder):
        run_python(copy_cms(prepared_cms(demo_cms_dir), folder), "from tests import clinic_data; clinic_data.build()")

    return prepared_cms(prepared_once(tmp_path_factory, "clinic-cms", build))


@pytest.fixture(scope="session")
def clinic_cms(clinic_cms_source, tmp_path_factory):
    """A real Wagtail server whose only content is the factory-built clinic of tests/clinic_data.py,
    that the whole run reads from."""
    return started_once(tmp_path_factory, "clinic-cms-server", clinic_cms_source)


@pytest.fixture
def cms_copy(tmp_path):
    """Starts CMS servers over copies of another's data, e.g. one a test may stop; all stop afterwards."""
    made = []

    def copy(source: LiveCMS, start: bool = True, **env) -> LiveCMS:
        cms = copy_cms(source, tmp_path / f"cms-{len(made)}")
        cms.env.update(env)
        made.append(cms)
        return cms.start() if start else cms

    yield copy
    for cms in made:
        cms.stop()


@pytest.fixture
def live_site(tmp_path):
    """Starts the public site under gunicorn (several workers sharing a file cache); all stop afterwards."""
    made = []

    def start(cms_api_url: str, workers: int = 3, **env) -> LiveSite:
        site = LiveSite(cms_api_url, tmp_path / f"site-cache-{len(made)}", workers=workers, **env)
        made.append(site)
        return site.start()

    yield start
    for site in made:
        site.stop()


@pytest.fixture
def purged_site(clinic_cms_source, cms_copy, live_site):
    """A CMS of its own (tests change its content) and a 3-worker site that it purges."""
    cms = cms_copy(clinic_cms_source, start=False)
    site = live_site(cms.api_url, workers=3)
    cms.env["SITE_PURGE_URL"] = site.url + PURGE_PATH
    cms.start()
    return cms, site


def make_site(cms_api_url: str, **config):
    return create_app(
        {
            "TESTING": True,
            "CMS_API_URL": cms_api_url,
            "CMS_RETRIES": 0,
            "CACHE_TYPE": "SimpleCache",
            **config,
        }
    )


@pytest.fixture
def site(clinic_api):
    """The public site, rendering the factory-built clinic from the CMS API's recorded answers."""
    return make_site(clinic_api.api_url)


@pytest.fixture
def live_clinic_site(clinic_cms):
    """The public site, rendering the factory-built clinic from its live CMS (end-to-end tests)."""
    return make_site(clinic_cms.api_url)


@pytest.fixture
def site_client(site):
    return site.test_client()


def require_service(name: str, error: Exception):
    """Fail in CI, where the service must be there; skip on a laptop without it."""
    if os.environ.get("CI"):
        pytest.fail(f"{name} is required in CI but not reachable: {error}")
    pytest.skip(f"{name} is not running here ({error})")


@pytest.fixture(scope="session")
def redis_url():
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        require_service("Redis", error)
    return url


@pytest.fixture(params=["filesystem", "redis"])
def shared_cache(request, tmp_path):
    """Cache settings that every worker process on a machine (or behind one Redis) shares."""
    if request.param == "filesystem":
        yield {"CACHE_TYPE": "FileSystemCache", "CACHE_DIR": str(tmp_path / "site-cache")}
        return
    url = request.getfixturevalue("redis_url")
    prefix = f"test-{uuid.uuid4().hex[:8]}:"
    yield {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": url, "CACHE_KEY_PREFIX": prefix}
    client = redis.Redis.from_url(url)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
POSTGRES_CLINIC = "postgres-clinic"  # prepared_once's folder: the name of the run's clinic database


def postgres_admin():
    import psycopg

    try:
        return psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        require_service("PostgreSQL", error)


def database_url(name: str) -> str:
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture
def new_postgres_database():
    """Makes PostgreSQL databases (empty, or copies of a template) on the local server; drops them afterwards."""
    made = []
    admin = postgres_admin()

    def make(template: str | None = None) -> str:
        name = f"clinic_test_{uuid.uuid4().hex[:10]}"
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        made.append(name)
        return database_url(name)

    with admin:
        yield make
        for name in made:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def postgres_url(new_postgres_database):
    """A new, empty PostgreSQL database on the local server, dropped afterwards."""
    return new_postgres_database()


@pytest.fixture(scope="session")
def postgres_clinic_template(tmp_path_factory) -> str:
    """The name of a PostgreSQL database that the CMS migrated from empty and filled with the clinic of
    tests/clinic_data.py, made once per run (pytest_sessionfinish drops it): tests get copies."""

    def build(folder):
        name = f"clinic_template_{uuid.uuid4().hex[:10]}"
        with postgres_admin() as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        folder.mkdir()
        (folder / "name.txt").write_text(name)  # before it is filled: a failed build is dropped too
        cms = LiveCMS(folder)
        cms.env["DATABASE_URL"] = database_url(name)
        run_python(cms, MIGRATE_AND_BUILD_CLINIC)

    return (prepared_once(tmp_path_factory, POSTGRES_CLINIC, build) / "name.txt").read_text()


MIGRATE_AND_BUILD_CLINIC = """
from django.core.management import call_command
from tests import clinic_data
call_command("migrate", interactive=False, verbosity=0)
clinic_data.build()
"""


@pytest.fixture
def postgres_clinic_url(postgres_clinic_template, new_postgres_database):
    """A PostgreSQL database of its own holding the migrated clinic (a copy of the run's template)."""
    return new_postgres_database(template=postgres_clinic_template)


def pytest_sessionfinish(session):
    """The run's shared servers and PostgreSQL template go when the run ends (in the pytest-xdist
    controller, after every worker, or in the single process of a run without workers)."""
    if hasattr(session.config, "workerinput"):
        return
    stop_servers_started_once(session.config._tmp_path_factory.getbasetemp())
    named = session.config._tmp_path_factory.getbasetemp() / POSTGRES_CLINIC / "name.txt"
    if named.is_file():
        import psycopg

        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{named.read_text()}" WITH (FORCE)')
