"""Which artefact serves: the active trained version, else the shipped one (also when the
active version cannot be used)."""

from __future__ import annotations

import numpy as np
import pytest

from claims import model_store
from claims.pipeline import adapt
from claims.pipeline import stance_learned as sl
from claims.services.model_versions import model_promote

pytestmark = pytest.mark.django_db


def _adapter_blob(kind: str, base_sha: str, d: int) -> bytes:
    m = adapt.OffsetLogistic(W=np.zeros((d, 3)), b=np.zeros(3), mean=np.zeros(d),
                             scale=np.ones(d))  # fmt: skip
    return adapt.to_bytes(m, {"kind": kind, "base_sha256": base_sha})


def _promote(kind, blob):
    return model_promote(kind=kind, artefact=blob, metric="accuracy", score=0.8,
                         previous_score=0.7, figures={}, n_train=10, n_held_back=4)  # fmt: skip


def test_shipped_setting_without_versions(settings):
    settings.STANCE_MODEL = "rules"
    assert model_store.stance_setting() == "rules"
    assert model_store.checkworthy_adapter() is None
    assert model_store.version_tag("stance") == "shipped"


def test_active_stance_version_serves_from_a_local_file(settings, tmp_path,
                                                        django_capture_on_commit_callbacks):  # fmt: skip
    settings.MODEL_CACHE_DIR = str(tmp_path)
    import hashlib

    base = hashlib.sha256(sl.MODEL_PATH.read_bytes()).hexdigest()
    v = _promote("stance", _adapter_blob(sl.ADAPTER_KIND, base, 5))
    setting = model_store.stance_setting()
    assert setting.startswith("learned:") and str(tmp_path) in setting
    path = setting.partition(":")[2]
    assert open(path, "rb").read() == bytes(v.artefact)
    assert model_store.version_tag("stance") == v.tag


def test_a_version_over_another_base_falls_back_to_the_shipped_model(settings, tmp_path, caplog):
    settings.MODEL_CACHE_DIR = str(tmp_path)
    settings.STANCE_MODEL = "rules"
    _promote("stance", _adapter_blob(sl.ADAPTER_KIND, "0" * 64, 5))
    _promote("checkworthy", _adapter_blob("checkworthy-adapter", "0" * 64, 5))
    assert model_store.stance_setting() == "rules"
    assert model_store.checkworthy_adapter() is None
    assert "cannot be used" in caplog.text


def test_a_tampered_artefact_is_refused(settings, tmp_path):
    settings.MODEL_CACHE_DIR = str(tmp_path)
    v = _promote("stance", b"PK whatever")
    type(v).objects.filter(pk=v.pk).update(artefact_sha256="f" * 64)
    v.refresh_from_db()
    with pytest.raises(ValueError, match="does not match its hash"):
        model_store.artefact_file(v)
