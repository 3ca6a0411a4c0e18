"""Settings: CLI flags over environment variables over ``config.yml`` over defaults."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

QUALITIES = ("low", "medium", "high", "4k")


class ConfigError(ValueError):
    """A setting that cannot be used, named so the user can fix it."""


_HOME = Path.home() / "manim-nodes"


@dataclass(frozen=True)
class Settings:
    data_dir: Path = _HOME / "projects"
    export_dir: Path = _HOME / "exports"
    preview_dir: Path = Path("/tmp/manim-nodes/preview")
    log_dir: Path = _HOME / "logs"
    quality: str = "medium"
    max_render_time: float = 300.0
    frame_rate: int | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    allowed_origins: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = ()
    poll: bool = False
    workers: int = field(default_factory=lambda: max(1, min(4, (os.cpu_count() or 2) - 1)))
    preview_cap_bytes: int = 1024 * 1024 * 1024
    cluster: str | None = None  # a Dask scheduler, tcp://HOST:8786: exports render on its workers
    source: Mapping[str, str] = field(default_factory=dict, compare=False)  # where each value came from

    def describe(self) -> list[tuple[str, str, str]]:
        """(name, value, origin) rows for the start-up banner."""
        rows = []
        for f in fields(self):
            if f.name == "source":
                continue
            value = getattr(self, f.name)
            shown = ", ".join(value) if isinstance(value, tuple) else str(value)
            rows.append((f.name, shown or "-", self.source.get(f.name, "default")))
        return rows


# environment variable -> setting
ENVIRONMENT: dict[str, str] = {
    "DATA_DIR": "data_dir",
    "EXPORT_DIR": "export_dir",
    "PREVIEW_DIR": "preview_dir",
    "LOG_DIR": "log_dir",
    "MANIM_QUALITY": "quality",
    "MAX_RENDER_TIME": "max_render_time",
    "HOST": "host",
    "PORT": "port",
    "RENDER_WORKERS": "workers",
    "DASK_SCHEDULER_ADDRESS": "cluster",  # Dask's own variable for its scheduler
}

# config.yml (section, key) -> setting, as the deployment requirements lay it out
CONFIG_KEYS: dict[tuple[str, str], str] = {
    ("directories", "data"): "data_dir",
    ("directories", "exports"): "export_dir",
    ("directories", "preview"): "preview_dir",
    ("directories", "logs"): "log_dir",
    ("rendering", "quality"): "quality",
    ("rendering", "max_time"): "max_render_time",
    ("rendering", "frame_rate"): "frame_rate",
    ("rendering", "workers"): "workers",
    ("server", "host"): "host",
    ("server", "port"): "port",
    ("server", "cors_origins"): "allowed_origins",
    ("server", "allowed_hosts"): "allowed_hosts",
    ("server", "poll"): "poll",
    ("cluster", "scheduler"): "cluster",
}
CLUSTER_SCHEMES = ("tcp", "tls", "inproc", "ws", "wss", "ucx")


def cluster_address(address: str) -> str:
    """A Dask scheduler address (``tcp://host:8786``; ``host:8786`` means tcp); ValueError otherwise."""
    text = address.strip()
    parts = urlsplit(text if "://" in text else f"tcp://{text}")
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme not in CLUSTER_SCHEMES or not parts.hostname or (parts.scheme != "inproc" and port is None):
        raise ValueError(
            f"not a Dask scheduler address: {address!r} (expected tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786)"
        )
    return text if "://" in text else f"tcp://{text}"


def _convert(name: str, value: Any, origin: str) -> Any:
    try:
        if name.endswith("_dir"):
            return Path(str(value)).expanduser()
        if name == "quality":
            if str(value) not in QUALITIES:
                raise ValueError(f"use one of {', '.join(QUALITIES)}")
            return str(value)
        if name == "max_render_time":
            number = float(value)
            if number <= 0:
                raise ValueError("must be more than 0 seconds")
            return number
        if name in ("port", "workers", "frame_rate"):
            number = int(value)
            if name == "port" and not 0 <= number <= 65535:
                raise ValueError("must be between 0 and 65535")
            if name != "port" and number < 1:
                raise ValueError("must be at least 1")
            return number
        if name in ("allowed_origins", "allowed_hosts"):
            items = value.split(",") if isinstance(value, str) else list(value)
            return tuple(str(item).strip() for item in items if str(item).strip())
        if name == "cluster":
            return cluster_address(str(value))
        if name == "poll":
            return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes", "on")
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{origin}: bad value {value!r} for {name}: {exc}") from None


def default_config_path() -> Path | None:
    for candidate in (Path("config.yml"), Path("~/manim-nodes/config.yml").expanduser()):
        if candidate.is_file():
            return candidate
    return None


def read_config_file(path: Path) -> dict[str, tuple[Any, str]]:
    try:
        data = YAML(typ="safe").load(path.read_text())
    except (OSError, YAMLError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected sections directories, rendering and server")
    values: dict[str, tuple[Any, str]] = {}
    for section, entries in data.items():
        if section == "cluster" and isinstance(entries, str):  # cluster: tcp://HOST:8786, the short form
            entries = {"scheduler": entries}
        if not isinstance(entries, dict):
            raise ConfigError(f"{path}: '{section}' must be a mapping")
        for key, value in entries.items():
            name = CONFIG_KEYS.get((section, key))
            if name is None:
                known = ", ".join(f"{s}.{k}" for s, k in CONFIG_KEYS)
                raise ConfigError(f"{path}: unknown setting '{section}.{key}' (known: {known})")
            values[name] = (value, f"{path} {section}.{key}")
    return values


def _flag_name(name: str) -> str:
    return "DIR argument" if name == "data_dir" else f"--{name.replace('_', '-')}"


def load_settings(
    flags: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    config_path: Path | None = None,
) -> Settings:
    """Resolve every setting; ``flags`` values of None mean "not given"."""
    environ = os.environ if environ is None else environ
    layers: list[dict[str, tuple[Any, str]]] = []
    path = config_path or default_config_path()
    if config_path is not None and not config_path.is_file():
        raise ConfigError(f"no config file at {config_path}")
    if path is not None:
        layers.append(read_config_file(path))
    layers.append({name: (environ[var], f"${var}") for var, name in ENVIRONMENT.items() if environ.get(var)})
    polling = environ.get("WATCHFILES_FORCE_POLLING", "").lower()
    if polling not in ("", "0", "false", "no", "off", "disable", "disabled"):
        layers[-1]["poll"] = (True, "$WATCHFILES_FORCE_POLLING")
    layers.append({name: (value, _flag_name(name)) for name, value in (flags or {}).items() if value is not None})
    settings = Settings()
    source: dict[str, str] = {}
    for layer in layers:
        for name, (value, origin) in layer.items():
            settings = replace(settings, **{name: _convert(name, value, origin)})
            source[name] = origin
    return replace(settings, source=source)
