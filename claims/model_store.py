"""Which artefact each learned model runs with: the active ``ModelVersion``, else the shipped file.

Versions live in the database (every worker on every host sees the same one); a worker
writes the active artefact once into a local cache file named by its SHA-256 (pipeline
code loads models from paths) and re-reads the active row on every call, so a promotion
or a rollback is picked up by the next task without a restart.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from pathlib import Path

from django.conf import settings

from .models import ModelVersion

_lock = threading.Lock()
_adapters: dict[str, object] = {}


def cache_dir() -> Path:
    d = getattr(settings, "MODEL_CACHE_DIR", "") or Path(tempfile.gettempdir()) / "factcheck-models"
    return Path(d)


def active_version(kind: str) -> ModelVersion | None:
    return ModelVersion.objects.filter(kind=kind, is_active=True).first()


def version_tag(kind: str) -> str:
    """``shipped`` or e.g. ``stance-v3-1a2b3c4d``: what produced a stored score."""
    v = ModelVersion.objects.filter(kind=kind, is_active=True).only(
        "kind", "version", "artefact_sha256").first()  # fmt: skip
    return v.tag if v else "shipped"


def artefact_file(version: ModelVersion) -> Path:
    """The version's artefact as a local file (written once, atomically, checked by hash)."""
    path = cache_dir() / f"{version.kind}-{version.artefact_sha256}.bin"
    if not path.is_file():
        blob = bytes(version.artefact)
        if hashlib.sha256(blob).hexdigest() != version.artefact_sha256:
            raise ValueError(f"model version {version.pk}: artefact does not match its hash")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)
    return path


def stance_setting() -> str:
    """``settings.STANCE_MODEL``, or the active trained stance version when there is one."""
    v = active_version(ModelVersion.Kind.STANCE)
    if v is None:
        return getattr(settings, "STANCE_MODEL", "rules")
    return f"learned:{artefact_file(v)}"


def checkworthy_adapter():
    """The active trained check-worthiness model (``AdaptedCheckworthy``), or None."""
    v = active_version(ModelVersion.Kind.CHECKWORTHY)
    if v is None:
        return None
    with _lock:
        model = _adapters.get(v.artefact_sha256)
        if model is None:
            from claims.pipeline.checkworthy_adapt import AdaptedCheckworthy

            model = AdaptedCheckworthy(bytes(v.artefact))
            _adapters[v.artefact_sha256] = model
    return model
