"""embed_texts: shape, dtype, normalisation, order, and that the model is loaded once."""

import threading

import numpy as np
import pytest

from claims.pipeline import embed


def test_model_version_names_model_and_package_version():
    version = embed.model_version()
    assert version.startswith("all-MiniLM-L6-v2@gt-")
    assert version == embed.model_version()  # stable
    assert version.split("@gt-")[1][0].isdigit()


def test_empty_input_gives_empty_matrix_without_loading():
    out = embed.embed_texts([])
    assert out.shape == (0, 384)
    assert out.dtype == np.float32


def test_normalise_scales_rows_and_keeps_zero_rows():
    out = embed.normalise(np.array([[3.0, 4.0], [0.0, 0.0]]))
    assert out.dtype == np.float32
    assert out.tolist() == [[pytest.approx(0.6), pytest.approx(0.8)], [0.0, 0.0]]


def test_rejects_non_strings():
    with pytest.raises(TypeError):
        embed.embed_texts(["fine", None])


@pytest.mark.slow
def test_vectors_are_unit_float32_and_in_input_order():
    texts = [
        "The Eiffel Tower is in Paris.",
        "A very long sentence about the budget deficit of the United States government "
        "in the fiscal year 2019, which grew by 26 percent to 984 billion dollars.",
        "Cats sleep a lot.",
        "The Eiffel Tower is located in Paris, France.",
    ]
    out = embed.embed_texts(texts, batch_size=2)
    assert out.shape == (4, 384)
    assert out.dtype == np.float32
    assert np.allclose(np.linalg.norm(out, axis=1), 1.0, atol=1e-5)
    # order restored after length sorting: each row equals embedding the text alone
    for i, text in enumerate(texts):
        alone = embed.embed_texts([text])[0]
        assert float(alone @ out[i]) > 0.999
    sims = out @ out.T
    assert sims[0, 3] > 0.8  # paraphrases are close
    assert sims[0, 3] > sims[0, 2] + 0.4  # unrelated ones are not


@pytest.mark.slow
def test_model_is_loaded_once_across_threads(monkeypatch):
    monkeypatch.setattr(embed, "_model", None)
    seen = []
    barrier = threading.Barrier(4)

    def load():
        barrier.wait()
        seen.append(id(embed.get_model()))

    threads = [threading.Thread(target=load) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(seen)) == 1


@pytest.mark.slow
def test_one_pass_gives_the_sentence_vectors_and_a_middle_layer_in_input_order():
    texts = [
        "Exports of grain rose by 40 percent in 2016.",
        "What a day.",
        "The ferry carried 12,000 passengers in 2015, up 8 percent on 2014, the port said.",
    ]
    sentence, layer = embed.embed_texts_and_layer(texts, layer=5)
    assert sentence.dtype == layer.dtype == np.float32
    assert sentence.shape == layer.shape == (3, embed.DIMENSIONS)
    # the same vectors as the model's own encode (what every other caller stores)
    np.testing.assert_allclose(sentence, embed.embed_texts(texts), atol=1e-5)
    # order independence: each row belongs to its text, whatever the batching
    s2, l2 = embed.embed_texts_and_layer(texts[::-1], layer=5, batch_size=1)
    np.testing.assert_allclose(s2[::-1], sentence, atol=1e-5)
    np.testing.assert_allclose(l2[::-1], layer, atol=1e-4)
    # a middle layer is not the last one
    last = embed.embed_texts_and_layer(texts, layer=6)[1]
    assert np.allclose(embed.normalise(last), sentence, atol=1e-5)
    assert not np.allclose(embed.normalise(layer), sentence, atol=1e-2)
    with pytest.raises(ValueError, match="layer"):
        embed.embed_texts_and_layer(texts, layer=0)
    empty = embed.embed_texts_and_layer([], layer=5)
    assert empty[0].shape == empty[1].shape == (0, embed.DIMENSIONS)
