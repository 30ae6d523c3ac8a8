"""`make run`: set up the CMS with the demo clinic and serve it together with the public site.

Embedded defaults: SQLite, media and the site's cache under ./var. Beside the two servers run
the scheduler (Wagtail's scheduled publishing and expiry every SCHEDULER_INTERVAL seconds, 30)
and two task workers, one per queue: "default" delivers the site's purges, "imports" runs blog
imports (a long import never holds up a purge), as the services of docker-compose do.
Ctrl-C stops them all.
Ports: CMS_PORT (8000) and SITE_PORT (5000) on HOST (127.0.0.1).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# Poll twice a second (a purge goes out within ~0.5 s of its commit); no autoreload; warnings only.
WORKER_OPTIONS = ["--interval", "0.5", "--no-reload", "--verbosity", "0"]


def stop(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    # Ctrl-C, or a plain `kill`, stops every child (even when started with SIGINT ignored).
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    host = os.environ.get("HOST", "127.0.0.1")
    cms_port = os.environ.get("CMS_PORT", "8000")
    site_port = os.environ.get("SITE_PORT", "5000")
    var_dir = Path(os.environ.get("VAR_DIR", REPO / "var"))
    interval = os.environ.get("SCHEDULER_INTERVAL") or "30"
    env = {
        **os.environ,
        "VAR_DIR": str(var_dir),
        "DEBUG": os.environ.get("DEBUG", "1"),
        "CMS_PUBLIC_URL": os.environ.get("CMS_PUBLIC_URL", f"http://{host}:{cms_port}"),
        "SITE_URL": os.environ.get("SITE_URL", f"http://{host}:{site_port}"),
        "CMS_API_URL": os.environ.get("CMS_API_URL", f"http://{host}:{cms_port}/api/v2"),
        "ALLOWED_HOSTS": os.environ.get("ALLOWED_HOSTS", f"{host},localhost"),
    }
    var_dir.mkdir(parents=True, exist_ok=True)
    manage = [PYTHON, str(REPO / "cms" / "manage.py")]

    print("Preparing the CMS database and demo content...", flush=True)
    # The site is not running yet, so there is nothing to purge while setting up.
    setup_env = {**env, "SITE_PURGE_URL": "off"}
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=setup_env, check=True)
    subprocess.run([*manage, "load_demo"], env=setup_env, check=True)
    login = subprocess.run(
        [*manage, "create_local_admin", "--password-file", str(var_dir / "admin-password.txt")],
        env=setup_env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()

    children = [
        subprocess.Popen([*manage, "runserver", "--noreload", f"{host}:{cms_port}"], env=env),
        subprocess.Popen(
            [PYTHON, "-m", "flask", "--app", "frontend", "run", "--host", host, "--port", site_port], env=env
        ),
        # Go-live and expiry dates take effect within one interval.
        subprocess.Popen([*manage, "run_scheduler", "--interval", interval], env=env),
        *(
            subprocess.Popen([*manage, "db_worker", *WORKER_OPTIONS, "--queue-name", queue], env=env)
            for queue in ("default", "imports")
        ),
    ]
    print(
        f"\n  Public site:  {env['SITE_URL']}/\n"
        f"  CMS admin:    {env['CMS_PUBLIC_URL']}/admin/   login: {login}\n"
        f"  Content API:  {env['CMS_API_URL']}/pages/\n"
        f"  Scheduler:    publishing scheduled pages every {interval} s (SCHEDULER_INTERVAL)\n"
        "  Workers:      site purges (queue default), blog imports (queue imports)\n\n"
        "  Press Ctrl-C to stop them all.\n",
        flush=True,
    )
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        print("A process stopped; stopping the others.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


if __name__ == "__main__":
    sys.exit(main())
