"""`manage.py` on a fresh clone: VAR_DIR (the default SQLite file's folder) does not exist yet."""

import subprocess
import sys

from tests.live_servers import REPO


def test_migrate_makes_the_var_dir_it_needs(tmp_path):
    var_dir = tmp_path / "fresh-clone" / "var"
    env = {"PATH": "/usr/bin:/bin", "VAR_DIR": str(var_dir), "SITE_PURGE_URL": "off"}
    result = subprocess.run(
        # One small app's migrations: creating the database file is what needs the folder.
        [sys.executable, str(REPO / "cms" / "manage.py"), "migrate", "contenttypes", "--noinput", "-v0"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (var_dir / "cms.sqlite3").is_file()
