"""The repository's edge (deploy/varnish/default.vcl) under a real varnishd on a loopback port,
for the end-to-end tests and the benchmarks.

The VCL is the repository's own; only its backends' addresses (the compose services `site:5000`
and `cms:8000`) are rewritten to the loopback servers the caller runs.
"""

import re
import shutil
import subprocess
import time
from pathlib import Path

import requests

from .live_servers import REPO, free_port

VCL = REPO / "deploy" / "varnish" / "default.vcl"
# The runtime parameters docker-compose.yml gives varnishd (slow clients, threads).
PARAMETERS = ("timeout_idle=5", "send_timeout=20", "idle_send_timeout=10", "thread_pool_min=50")


def vcl_for(site: tuple[str, int], cms: tuple[str, int]) -> str:
    """The repository's VCL with its backends at these (host, port) addresses."""
    text = VCL.read_text()
    for name, (host, port) in (("site", site), ("cms", cms)):
        text, found = re.subn(
            "(backend " + name + r' \{\s*\.host = )"[^"]*";(\s*\.port = )"[^"]*";',
            rf'\1"{host}";\2"{port}";',
            text,
        )
        if found != 1:
            raise ValueError(f"no backend {name!r} with .host and .port in {VCL}")
    return text


def varnishd() -> str | None:
    return shutil.which("varnishd") or (Path("/usr/sbin/varnishd").exists() and "/usr/sbin/varnishd") or None


class LiveVarnish:
    """varnishd in the foreground (-F) with its own working directory; `start()` returns once it answers."""

    def __init__(self, workdir: Path, site_port: int, cms_port: int, port: int | None = None, memory: str = "64m"):
        self.workdir = Path(workdir)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.site_port, self.cms_port, self.memory = site_port, cms_port, memory
        self.process = None

    def start(self) -> "LiveVarnish":
        self.workdir.mkdir(parents=True, exist_ok=True)
        vcl = self.workdir / "default.vcl"
        vcl.write_text(vcl_for(("127.0.0.1", self.site_port), ("127.0.0.1", self.cms_port)))
        # No jail: started as root it would switch to the `varnish` user, who cannot read a private
        # temporary folder; as anyone else it runs as that user anyway.
        command = [varnishd(), "-F", "-j", "none", "-n", str(self.workdir / "n"), "-a", f"127.0.0.1:{self.port}"]
        command += ["-f", str(vcl), "-s", f"malloc,{self.memory}"]
        for parameter in PARAMETERS:
            command += ["-p", parameter]
        self.log = open(self.workdir / "varnishd.log", "wb")  # noqa: SIM115 - kept open while it runs
        self.process = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"varnishd exited: {(self.workdir / 'varnishd.log').read_text()[-2000:]}")
            try:
                requests.get(self.url + "/healthz", timeout=2)
                return self
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("varnishd did not answer within 30 seconds")

    def counter(self, name: str) -> int:
        """One varnishstat counter, e.g. MAIN.cache_hit."""
        out = subprocess.run(
            ["varnishstat", "-n", str(self.workdir / "n"), "-1", "-f", name], capture_output=True, text=True, check=True
        ).stdout
        return int(out.split()[1]) if out.strip() else 0

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)
        if getattr(self, "log", None):
            self.log.close()
