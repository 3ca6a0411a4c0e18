"""``pip install .`` works: the wheel holds the built editor and the JSON Schema, and
``manim-nodes watch`` from it, in a fresh virtual environment, serves the editor and the API.

Fast and offline: the wheel is built without build isolation from a copy of the checkout,
and the fresh venv reuses this venv's dependencies through a ``.pth`` line instead of
downloading them. Takes about 10 s.
"""

from __future__ import annotations

import email
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from manim_nodes import __version__
from manim_nodes.catalog import catalog_json
from manim_nodes.schema import schema_text

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_IN_WHEEL = "manim_nodes/json_schema/graph.schema.json"
NOT_SOURCES = (
    ".venv",
    ".git",
    "node_modules",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".*_cache",
    "data",
    "exports",
)
# pip wheel as `pip install .` runs it, but offline: this venv's setuptools instead of a downloaded one
PIP_WHEEL = "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "--disable-pip-version-check"


def _run(*args: str | Path, cwd: str | Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=240, cwd=cwd)
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built the way ``pip install .`` builds one, from a copy of this checkout."""
    assert (ROOT / "manim_nodes" / "static" / "index.html").is_file(), "build the editor first: make web"
    base = tmp_path_factory.mktemp("wheel")
    source = base / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCES))
    _run(sys.executable, *PIP_WHEEL, "-q", "-w", base / "dist", source)
    (built,) = (base / "dist").glob("manim_nodes-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel installed; its dependencies come from this venv, read-only."""
    env_dir = tmp_path_factory.mktemp("venv") / "env"
    _run(sys.executable, "-m", "venv", "--without-pip", env_dir)
    python = env_dir / "bin" / "python"
    purelib = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    # a plain path line: this venv's packages, after the fresh venv's own, without running its .pth
    # files (so the editable install of the checkout stays out)
    (purelib / "_reuse_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "-q", wheel)
    return env_dir


def test_wheel_contains_the_editor_schema_and_entry_point(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        index = archive.read("manim_nodes/static/index.html").decode()
        schema = archive.read(SCHEMA_IN_WHEEL).decode()
        dist_info = f"manim_nodes-{__version__}.dist-info"
        metadata = email.message_from_bytes(archive.read(f"{dist_info}/METADATA"))
        entry_points = archive.read(f"{dist_info}/entry_points.txt").decode()
    assets = re.findall(r'(?:src|href)="/(assets/[^"]+)"', index)
    assert assets, "the editor's index.html loads no built assets"
    for asset in assets:
        assert f"manim_nodes/static/{asset}" in names, f"{asset} is referenced by index.html but not in the wheel"
    assert schema == (ROOT / "schema" / "graph.schema.json").read_text() == schema_text()
    assert "manim_nodes/templates/starter.yaml" in names
    examples = {p.name for p in (ROOT / "graphs").iterdir() if p.suffix in (".yaml", ".json")}
    assert {f"manim_nodes/examples/{name}" for name in examples} <= names, "the example templates are missing"
    assert metadata["Version"] == __version__
    assert "manim-nodes = manim_nodes.cli:main" in entry_points
    assert not [n for n in names if n.startswith(("tests/", "web/", "schema/", "graphs/")) or "__pycache__" in n]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


@pytest.fixture
def server(venv: Path, tmp_path: Path) -> Iterator[str]:
    """``manim-nodes watch`` from the installed wheel, on a free loopback port; yields its URL."""
    port = _free_port()
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": f"{venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "PREVIEW_DIR": str(tmp_path / "preview"),
        "EXPORT_DIR": str(tmp_path / "exports"),
        "LOG_DIR": str(tmp_path / "logs"),
        "RENDER_WORKERS": "1",
    }
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [venv / "bin" / "manim-nodes", "watch", tmp_path / "data", "--host", "127.0.0.1", "--port", str(port),
         "--no-open"],
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, "the server exited:\n" + (tmp_path / "server.log").read_text()
            try:
                if _get(f"{url}/api/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("the server did not answer in 60 s:\n" + (tmp_path / "server.log").read_text())
        yield url
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
    assert process.returncode == 0, "the server did not stop cleanly:\n" + (tmp_path / "server.log").read_text()


def test_watch_from_the_wheel_serves_the_editor_and_api(venv: Path, wheel: Path, server: str) -> None:
    where = _run(venv / "bin" / "python", "-c", "import manim_nodes; print(manim_nodes.__file__)", cwd="/").stdout
    assert Path(where.strip()).is_relative_to(venv), f"manim_nodes came from {where}, not the wheel"

    status, page = _get(f"{server}/")
    with zipfile.ZipFile(wheel) as archive:
        assert (status, page) == (200, archive.read("manim_nodes/static/index.html")), "/ is not the built editor"
    asset = re.search(rb'src="(/assets/[^"]+\.js)"', page)
    assert asset and _get(server + asset.group(1).decode())[0] == 200

    status, body = _get(f"{server}/api/nodes")
    assert status == 200 and json.loads(body) == json.loads(json.dumps(catalog_json()))
    status, body = _get(f"{server}/api/health")
    assert json.loads(body) == {"status": "ok", "version": __version__}

    # the Docker image's health check, run against this server
    from test_deploy import healthcheck_command

    command = healthcheck_command()
    port = server.rsplit(":", 1)[1]
    python = str(venv / "bin" / "python")
    result = subprocess.run([python, *command[1:]], env={"PORT": port}, capture_output=True, timeout=15)
    assert result.returncode == 0, result.stderr


def _copy_without_editor(tmp_path: Path) -> Path:
    source = tmp_path / "src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCES, "static"))
    return source


def _build(source: Path, out: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, *PIP_WHEEL, "-w", str(out), str(source)]
    return subprocess.run(command, capture_output=True, text=True, timeout=240)


def test_building_the_wheel_builds_a_missing_editor(tmp_path: Path) -> None:
    source = _copy_without_editor(tmp_path)
    # stand in for the npm build: what build-web.sh leaves behind
    (source / "scripts" / "build-web.sh").write_text(
        "mkdir -p manim_nodes/static/assets\n"
        "echo '<script src=\"/assets/app.js\"></script>' > manim_nodes/static/index.html\n"
        "echo 'built' > manim_nodes/static/assets/app.js\n"
    )
    result = _build(source, tmp_path / "dist")
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(built) as archive:
        assert archive.read("manim_nodes/static/assets/app.js") == b"built\n"
        assert SCHEMA_IN_WHEEL in archive.namelist()


def test_building_without_an_editor_or_its_sources_fails_clearly(tmp_path: Path) -> None:
    source = _copy_without_editor(tmp_path)
    shutil.rmtree(source / "web")
    result = _build(source, tmp_path / "dist")
    assert result.returncode != 0
    assert "the editor is not built" in result.stdout + result.stderr
