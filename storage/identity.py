"""Who is working: name and role (填报人/审核人), kept per operating-system user in the app-data
folder (%APPDATA%\\决算公开工作台\\identity.json on Windows, ~/Library/Application Support/… on macOS,
$XDG_CONFIG_HOME or ~/.config/… elsewhere; JSGK_CONFIG_DIR overrides, for tests and portable use).

This is accountability, not security: a local administrator can edit the file. Every change, flag
and comment records the name; the change log is hash-chained (storage/chain.py).
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from domain.os_reason import os_reason
from domain.review import Identity, ReviewError

APP_NAME = "决算公开工作台"


def config_dir() -> Path:
    override = os.environ.get("JSGK_CONFIG_DIR")
    if override:
        return Path(override)
    if os.name == "nt":
        return Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / APP_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / APP_NAME


def identity_path() -> Path:
    return config_dir() / "identity.json"


def load_identity() -> Identity | None:
    """The saved identity, or None when none was saved (or the file is unreadable: asked again)."""
    try:
        data = json.loads(identity_path().read_text(encoding="utf-8"))
        return Identity(str(data["name"]).strip(), str(data["role"]))
    except (OSError, ValueError, KeyError, TypeError, ReviewError):
        return None


def save_identity(identity: Identity) -> Path:
    path = identity_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"name": identity.name, "role": identity.role}, ensure_ascii=False),
                       encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise ReviewError(f"无法保存用户信息到 {path}：{os_reason(exc)}") from None
    return path
