"""Check-worthiness: artefact loading and version guard, score range, ordering of
factual statements over opinion/rhetoric/questions (sentences written by us), edge cases."""

import re
import threading

import joblib
import numpy as np
import pytest

from claims.pipeline import checkworthy as cw

FACTUAL = [
    "The ministry reported 3,200 new cases on 4 March 2021.",
    "Unemployment fell from 7.8 percent in 2012 to 4.1 percent in 2017.",
    "The Senate voted 52 to 48 to confirm the nominee last Tuesday.",
    "The company paid $2.3 billion in federal taxes in 2019.",
    "Germany closed its last three nuclear power plants in April 2023.",
    "The bill cut funding for public schools by 12 percent over five years.",
    "More than 40,000 people died in road accidents in the United States in 2021.",
    "The governor signed the law in 2015, raising the minimum wage to $15 an hour.",
]
NON_FACTUAL = [
    "What a disgrace this government is!",
    "I think he is a wonderful leader.",
    "Who can trust them?",
    "We must stand together and fight for a better future.",
    "Thank you very much, it's great to be here tonight.",
    "I love this country and I believe in its people.",
    "Why would anyone vote for that?",
    "Let me tell you something.",
]


def test_artefact_loads_with_matching_versions_and_is_small():
    import sklearn

    assert cw.MODEL_PATH.is_file()
    assert cw.MODEL_PATH.stat().st_size < 10 * 1024 * 1024
    model = cw.get_model()
    assert model.meta["versions"]["scikit-learn"] == sklearn.__version__
    assert model.meta["model_version"] == cw.MODEL_VERSION
    assert model.table.shape == (model.tokenizer.get_vocab_size(),)
    assert cw.get_model() is model  # cached


def test_scores_are_probabilities_one_per_text():
    texts = FACTUAL + NON_FACTUAL + ["ok", "...", "1", "A" * 5000]
    out = cw.score(texts)
    assert len(out) == len(texts)
    assert all(isinstance(p, float) and 0.0 <= p <= 1.0 for p in out)
    assert len(set(out)) > len(texts) // 2  # not a constant


def test_factual_statements_outscore_opinion_rhetoric_and_questions():
    fact = np.array(cw.score(FACTUAL))
    other = np.array(cw.score(NON_FACTUAL))
    assert fact.mean() - other.mean() > 0.35, (fact, other)
    assert np.median(fact) > 0.5 > np.median(other)
    # nearly every factual sentence outranks nearly every non-factual one
    pairs = (fact[:, None] > other[None, :]).mean()
    assert pairs >= 0.9, pairs
    # the two headline examples of the brief
    top = cw.score(["The ministry reported 3,200 new cases on 4 March 2021."])[0]
    for text in [
        "What a disgrace this government is!",
        "I think he is a wonderful leader.",
        "Who can trust them?",
    ]:
        assert top > cw.score([text])[0] + 0.2, text


def test_empty_and_blank_text_score_zero_and_empty_list_is_fine():
    assert cw.score([]) == []
    out = cw.score(["", "   \n", "The ministry reported 3,200 new cases on 4 March 2021."])
    assert out[:2] == [0.0, 0.0]
    assert out[2] > 0.5


def test_single_string_is_rejected():
    with pytest.raises(TypeError):
        cw.score("The ministry reported 3,200 new cases.")


def test_score_is_deterministic_and_order_independent():
    texts = FACTUAL + NON_FACTUAL
    a = cw.score(texts)
    b = cw.score(list(reversed(texts)))[::-1]
    assert a == pytest.approx(b, abs=1e-9)


def test_precomputed_features_select_the_joint_model_and_shape_is_checked():
    texts = FACTUAL[:2] + NON_FACTUAL[:2]
    rng = np.random.default_rng(0)
    E = rng.normal(size=(len(texts), 384)).astype(np.float32)
    base = cw.score(texts)
    with_e = cw.score(texts, E)
    assert all(0.0 <= p <= 1.0 for p in with_e)
    assert with_e != base
    with pytest.raises(ValueError, match="shape"):
        cw.score(texts, E[:3])


def test_with_embeddings_is_the_calibrated_logit_mean_of_joint_model_and_svm():
    texts = FACTUAL[:3] + NON_FACTUAL[:3]
    E = np.random.default_rng(1).normal(size=(len(texts), 384)).astype(np.float32)
    model = cw.get_model()
    assert model.svm["support"].dtype == np.float32
    assert model.svm["support"].shape == (len(model.svm["dual_coef"]), 384)
    z = (cw._logit(model.joint_proba(texts, E)) + cw.rbf_decision(E, model.svm)) / 2
    a, b = model.calibration["with_embeddings"]
    assert cw.score(texts, E) == pytest.approx(list(cw._sigmoid(a * z + b)), abs=1e-9)


def test_rbf_decision_matches_scikit_learn_svc():
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    rng = np.random.default_rng(0)
    E = rng.normal(size=(200, 384))
    y = (E[:, :5].sum(axis=1) + rng.normal(size=200) > 0).astype(int)
    X = cw.normalised_rows(E)
    scaler = StandardScaler().fit(X)
    svc = SVC(C=2.0, gamma=0.5 / 384, class_weight="balanced").fit(scaler.transform(X), y)
    support = svc.support_vectors_.astype(np.float32)
    svm = {"mean": scaler.mean_, "scale": scaler.scale_, "support": support,
           "support_sq": np.einsum("ij,ij->i", support, support, dtype=np.float64),
           "dual_coef": svc.dual_coef_[0], "intercept": float(svc.intercept_[0]),
           "gamma": 0.5 / 384}  # fmt: skip
    test = rng.normal(size=(50, 384))
    want = svc.decision_function(scaler.transform(cw.normalised_rows(test)))
    assert cw.rbf_decision(test, svm) == pytest.approx(want, abs=1e-4)


def test_version_mismatch_fails_loudly(tmp_path):
    outer = joblib.load(cw.MODEL_PATH)
    outer["meta"]["versions"]["scikit-learn"] = "0.0.1"
    bad = tmp_path / "old.joblib"
    joblib.dump(outer, bad)
    with pytest.raises(cw.CheckworthyModelError, match=r"scikit-learn 0\.0\.1"):
        cw.score(["Some sentence."], model_path=bad)


def test_model_version_mismatch_and_missing_file_fail_loudly(tmp_path):
    outer = joblib.load(cw.MODEL_PATH)
    outer["meta"]["model_version"] = "checkworthy-0"
    bad = tmp_path / "older.joblib"
    joblib.dump(outer, bad)
    with pytest.raises(cw.CheckworthyModelError, match="retrain"):
        cw.load_artefact(bad)
    with pytest.raises(cw.CheckworthyModelError, match="not found"):
        cw.load_artefact(tmp_path / "nope.joblib")
    junk = tmp_path / "junk.joblib"
    junk.write_bytes(b"not a model")
    with pytest.raises(cw.CheckworthyModelError, match="not a check-worthiness artefact"):
        cw.load_artefact(junk)


def test_concurrent_first_use_loads_once(monkeypatch):
    calls = []
    real = cw.load_artefact

    def counting(path):
        calls.append(path)
        return real(path)

    monkeypatch.setattr(cw, "load_artefact", counting)
    monkeypatch.setattr(cw, "_cache", {})
    results, errors = [], []

    def work():
        try:
            results.append(cw.score(FACTUAL[:3]))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(calls) == 1
    assert all(r == results[0] for r in results)


def test_static_logits_matches_naive_mean_with_empty_rows():
    table = np.arange(10, dtype=np.float32) / 10
    ids = [[1, 2], [], [9], [], [3, 3, 4], []]
    got = cw.static_logits(ids, table, bias=-0.5)
    want = [-0.5 + (np.mean(table[s]) if s else 0.0) for s in ids]
    assert got == pytest.approx(want)
    assert cw.static_logits([[], []], table, 0.25).tolist() == [0.25, 0.25]


def test_hand_features_pick_up_cues():
    names = cw.HAND_FEATURES
    q = dict(zip(names, cw.hand_features("Who can trust them?"), strict=True))
    f = dict(
        zip(names, cw.hand_features("Sales rose 12% to $3 billion in March 2020."), strict=True)
    )
    assert q["ends_question"] == 1.0 and q["question_start"] == 1.0
    assert f["ends_question"] == 0.0 and f["question_start"] == 0.0
    assert f["percent"] == f["money"] == f["month_day"] == f["has_digit"] == 1.0
    assert f["years"] == 1.0 and q["years"] == 0.0


def test_pipeline_module_has_no_django_import():
    source = open(cw.__file__, encoding="utf-8").read()
    assert not re.search(r"^\s*(import|from)\s+django", source, re.M)
