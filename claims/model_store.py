"""Which artefact each learned model runs with: the active ``ModelVersion``, else the shipped file.

Versions live in the database (every worker on every host sees the same one); a worker
writes the active artefact once into a local cache file named by its SHA-256 (pipeline
code loads models from paths) and re-reads the active row on every call, so a promotion
or a rollback is picked up by the next task without a restart.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from pathlib import Path

from django.conf import settings

from claims.models import ModelVersion
from claims.pipeline import embed, rerank

log = logging.getLogger(__name__)
_lock = threading.Lock()
_adapters: dict[str, object] = {}
_unusable: set[str] = set()  # artefact hashes that failed to load (logged once)


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


def _usable(v: ModelVersion, check) -> bool:
    """False (logged once) when the version cannot serve, e.g. it was trained over a base
    artefact that has since been replaced: matching must go on with the shipped model."""
    if v.artefact_sha256 in _unusable:
        return False
    try:
        check(bytes(v.artefact))
        return True
    except Exception as exc:
        _unusable.add(v.artefact_sha256)
        log.warning("%s cannot be used (%s); the shipped model serves instead", v, exc)
        return False


def stance_setting() -> str:
    """``settings.STANCE_MODEL``, or the active trained stance version when there is one."""
    v = active_version(ModelVersion.Kind.STANCE)
    if v is not None:
        from claims.pipeline.stance_learned import adapter_load

        if _usable(v, adapter_load):
            return f"learned:{artefact_file(v)}"
    return getattr(settings, "STANCE_MODEL", "rules")


def checkworthy_adapter():
    """The active trained check-worthiness model (``AdaptedCheckworthy``), or None."""
    from claims.pipeline.checkworthy_adapt import AdaptedCheckworthy

    v = active_version(ModelVersion.Kind.CHECKWORTHY)
    if v is None or not _usable(v, AdaptedCheckworthy):
        return None
    with _lock:
        model = _adapters.get(v.artefact_sha256)
        if model is None:
            model = AdaptedCheckworthy(bytes(v.artefact))
            _adapters[v.artefact_sha256] = model
    return model


def matcher_artefact() -> Path | None:
    """The active trained re-ranker's artefact file, or None (the shipped one serves)."""
    from claims.pipeline.rerank import reranker_from_bytes

    v = active_version(ModelVersion.Kind.MATCHER)
    if v is None or not _usable(v, reranker_from_bytes):
        return None
    return artefact_file(v)


_warned: set[str] = set()

def reranker() -> rerank.Reranker | None:
    """The re-ranker production uses: ``settings.MATCH_RERANKER`` (a path; "" turns it
    off), else the version ``manage.py train --what matcher`` promoted, else the shipped
    artefact. None when absent or unusable (logged)."""
    path = getattr(settings, "MATCH_RERANKER", None)
    if path is None:
        path = matcher_artefact() or rerank.MODEL_PATH
    if not path:
        return None
    try:
        model = rerank.current(Path(path))
    except rerank.RerankModelError as exc:
        if str(path) not in _warned:
            log.warning("re-ranker not used, fused order kept: %s", exc)
            _warned.add(str(path))
        return None
    if model is None and str(path) not in _warned:
        log.warning("no re-ranker at %s: matches keep the fused order", path)
        _warned.add(str(path))
    return model

def match_versions() -> tuple[str, str]:
    """``(passage matches, other-claim matches)``: the ``model_version`` a match made now
    carries. A stored match with another is stale (re-verification re-matches it), so a
    new re-ranker artefact or embedding model re-scores the claims it touched."""
    version = embed.model_version()
    model = reranker()
    return (f"{version}+{model.version}" if model else version), version
