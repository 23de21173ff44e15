"""The ONNX backends of embed: same vectors as torch (fp32), their own version (int8),
a cache written once and safely, and clear errors for a bad backend or cache file."""

import numpy as np
import pytest

from claims.pipeline import embed, embed_onnx

TEXTS = [
    "The Eiffel Tower is in Paris.",
    "Unemployment fell to 3.5 percent in 2019, the lowest rate since 1969.",
    "short",
    "A long sentence about the budget deficit of the national government in the fiscal "
    "year 2019, which grew by 26 percent to 984 billion dollars, the treasury said.",
]


@pytest.fixture
def backend_restored():
    before = (embed.backend(), embed._cache_dir)
    yield
    embed.configure(backend=before[0], cache_dir=before[1])


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("encoder")


def test_unknown_backend_is_refused_and_changes_nothing(backend_restored):
    before = embed.backend()
    with pytest.raises(ValueError, match="EMBEDDING_BACKEND must be one of torch, onnx, onnx-int8"):
        embed.configure(backend="tensorrt")
    assert embed.backend() == before


def test_only_int8_has_its_own_model_version(backend_restored):
    embed.configure(backend="torch")
    fp32 = embed.model_version()
    embed.configure(backend="onnx")
    assert embed.model_version() == fp32
    embed.configure(backend="onnx-int8")
    assert embed.model_version() == fp32 + "+int8"
    assert embed.base_version() == fp32


def test_graph_names_carry_version_torch_and_format(tmp_path):
    fp32 = embed_onnx.graph_path(tmp_path, "m@gt-1.0", int8=False)
    int8 = embed_onnx.graph_path(tmp_path, "m@gt-1.0", int8=True)
    assert fp32 != int8 and fp32.parent == tmp_path
    assert "m_gt-1.0" in fp32.name and f".f{embed_onnx.FORMAT}" in fp32.name
    assert ".torch" in fp32.name and int8.name.endswith(".int8.onnx")


@pytest.mark.slow
def test_onnx_gives_the_torch_vectors_and_int8_close_ones(backend_restored, cache_dir):
    embed.configure(backend="torch")
    ref, ref_layer = embed.embed_texts_and_layer(TEXTS, layer=5)
    embed.configure(backend="onnx", cache_dir=cache_dir)
    vec, layer = embed.embed_texts_and_layer(TEXTS, layer=5)
    assert vec.dtype == np.float32 and vec.shape == (4, 384)
    np.testing.assert_allclose((ref * vec).sum(1), 1.0, atol=1e-5)
    np.testing.assert_allclose(layer, ref_layer, atol=1e-4)
    np.testing.assert_array_equal(embed.embed_texts(TEXTS), vec)  # one graph, both calls
    embed.configure(backend="onnx-int8", cache_dir=cache_dir)
    small = embed.embed_texts(TEXTS)
    np.testing.assert_allclose(np.linalg.norm(small, axis=1), 1.0, atol=1e-5)
    cosines = (ref * small).sum(1)
    assert cosines.min() > 0.95  # close, but not the same vectors
    assert not np.allclose(cosines, 1.0, atol=1e-4)
    names = sorted(p.name for p in cache_dir.iterdir())
    assert len(names) == 2 and not any(n.startswith(".") for n in names)  # no temp file left


@pytest.mark.slow
def test_a_cached_graph_is_reused_not_rebuilt(backend_restored, cache_dir):
    embed.configure(backend="onnx", cache_dir=cache_dir)
    embed.embed_texts(TEXTS[:1])
    path = embed_onnx.graph_path(cache_dir, embed.base_version(), int8=False)
    stamp = path.stat().st_mtime_ns
    assert embed_onnx.ensure_graph(embed.get_model(), cache_dir, embed.base_version(), int8=False) == path
    assert path.stat().st_mtime_ns == stamp


@pytest.mark.slow
def test_a_corrupt_cache_file_is_a_clear_error(backend_restored, tmp_path):
    bad = embed_onnx.graph_path(tmp_path, embed.base_version(), int8=False)
    bad.write_bytes(b"not a graph")
    embed.configure(backend="onnx", cache_dir=tmp_path)
    with pytest.raises(embed_onnx.EncoderExportError, match="delete it to rebuild"):
        embed.embed_texts(TEXTS[:1])
    assert bad.read_bytes() == b"not a graph"  # left for the operator to look at
