"""Train and apply the suggestion model: character n-grams, TF-IDF, a linear classifier.

Chinese is not written with spaces, so the model reads character 1- to 3-grams of the
title and description rather than words; a linear classifier on TF-IDF features is
fast to train on a few hundred thousand cases and gives calibrated-enough confidences
(logistic regression). Pure: no database, no Flask.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from dataclasses import dataclass

HELD_OUT_SHARE = 10  # one case in ten, chosen by a hash of its id, is kept for testing


@dataclass(frozen=True)
class Example:
    """One closed case as the model learns from it."""

    case_id: int
    text: str
    department: str
    category: str


@dataclass(frozen=True)
class Trained:
    """Two fitted pipelines (department, category) and how well they did on held-out cases."""

    department: object
    category: object
    trained_on: int
    held_out: int
    department_accuracy: float | None
    category_accuracy: float | None


@dataclass(frozen=True)
class Guess:
    """One suggested label and the model's confidence in it (0..1)."""

    label: str
    confidence: float


def held_out(case_id: int) -> bool:
    """Return whether a case belongs to the held-out tenth (stable across runs)."""
    digest = hashlib.sha256(str(case_id).encode()).digest()
    return digest[0] % HELD_OUT_SHARE == 0


def _pipeline():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), min_df=2, max_features=200_000,
                        sublinear_tf=True),
        LogisticRegression(max_iter=300, C=4.0))


def train(examples: list[Example]) -> Trained:
    """Fit both pipelines on nine tenths; measure accuracy on the rest; refit on all."""
    learn = [e for e in examples if not held_out(e.case_id)]
    test = [e for e in examples if held_out(e.case_id)]
    dept_acc = _accuracy(learn, test, "department")
    cat_acc = _accuracy(learn, test, "category")
    texts = [e.text for e in examples]
    return Trained(department=_fit(texts, [e.department for e in examples]),
                   category=_fit(texts, [e.category for e in examples]),
                   trained_on=len(examples), held_out=len(test),
                   department_accuracy=dept_acc, category_accuracy=cat_acc)


def _fit(texts: list[str], labels: list[str]):
    if len(set(labels)) < 2:
        return _Constant(labels[0]) if labels else None
    return _pipeline().fit(texts, labels)


def _accuracy(learn: list[Example], test: list[Example], field: str) -> float | None:
    if not learn or not test:
        return None
    model = _fit([e.text for e in learn], [getattr(e, field) for e in learn])
    predicted = predict(model, [e.text for e in test])
    right = sum(1 for guess, e in zip(predicted, test, strict=True)
                if guess.label == getattr(e, field))
    return round(right / len(test), 4)


def predict(model, texts: list[str]) -> list[Guess]:
    """Return the most likely label with its probability for each text."""
    if isinstance(model, _Constant):
        return [Guess(model.label, 1.0) for _ in texts]
    probabilities = model.predict_proba(texts)
    classes = model.classes_
    return [Guess(str(classes[row.argmax()]), round(float(row.max()), 4))
            for row in probabilities]


class _Constant:
    """The model of a history with one label only: always that label."""

    def __init__(self, label: str):
        self.label = label


def dumps(trained: Trained) -> bytes:
    """Serialise the fitted pipelines for storage in the database."""
    out = io.BytesIO()
    pickle.dump({"department": trained.department, "category": trained.category}, out,
                protocol=pickle.HIGHEST_PROTOCOL)
    return out.getvalue()


def loads(blob: bytes) -> dict:
    """Load what dumps() stored. The blob comes from our own database, never from users."""
    return pickle.loads(blob)  # noqa: S301 - trusted: written only by `model train`
