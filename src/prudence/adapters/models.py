"""Saves and loads the trained clause classifier: plain arrays in a .npz, no pickled code."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from prudence.check.model import Analyzer, ClauseModel, Combination, Neighbours, Vocabulary

SHIPPED = "data/models/checker.npz"


def save_model(model: ClauseModel, path: Path, metadata: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    header = {
        "version": model.version,
        "features": model.features,
        "clauses": list(model.clauses),
        "combination": [c.value for c in model.combination],
        "block_bias": model.block_bias,
        "gate_bias": model.gate_bias,
        "gate_threshold": model.gate_threshold,
        "fallback_threshold": model.fallback_threshold,
        "metadata": metadata,
    }
    if model.neighbours is not None:
        header["neighbours"] = {
            "share": model.neighbours.share,
            "count": model.neighbours.count,
            "temperature": model.neighbours.temperature,
        }
    terms = list(model.vocabulary.terms) if model.vocabulary else []
    extra: dict[str, Any] = {
        "terms": _text_array(terms),
        "idf": model.vocabulary.idf if model.vocabulary else np.zeros(0, dtype=np.float32),
    }
    if model.characters is not None:
        extra["character_terms"] = _text_array(list(model.characters.terms))
        extra["character_idf"] = model.characters.idf
    if model.gate_weights is not None:
        extra["gate_weights"] = model.gate_weights
    if model.neighbours is not None:
        # Half precision: likenesses within about 0.001 of full precision's, in half the space.
        extra["neighbour_vectors"] = model.neighbours.vectors.astype(np.float16)
        extra["neighbour_breaches"] = model.neighbours.breaches
        extra["neighbour_clauses"] = model.neighbours.clauses
        extra["neighbour_centre"] = model.neighbours.centre
        extra["neighbour_directions"] = model.neighbours.directions
    with path.open("wb") as handle:
        np.savez_compressed(
            handle,
            header=_text_array(header),
            weights=model.weights,
            bias=model.bias,
            thresholds=model.thresholds,
            block_weights=model.block_weights,
            **extra,
        )


def _text_array(value: Any) -> np.ndarray[Any, np.dtype[np.uint8]]:
    """JSON as bytes, which a .npz holds without pickling."""
    return np.frombuffer(json.dumps(value).encode("utf-8"), dtype=np.uint8)


def _from_text_array(array: np.ndarray[Any, Any]) -> Any:
    return json.loads(array.tobytes().decode("utf-8"))


def load_model(path: Path) -> ClauseModel:
    with np.load(path, allow_pickle=False) as archive:
        header = _from_text_array(archive["header"])
        terms = _from_text_array(archive["terms"]) if "terms" in archive else []
        vocabulary = Vocabulary(tuple(terms), archive["idf"].astype(np.float32)) if terms else None
        characters = None
        if "character_terms" in archive:
            characters = Vocabulary(
                tuple(_from_text_array(archive["character_terms"])),
                archive["character_idf"].astype(np.float32),
                Analyzer.CHARACTERS,
            )
        return ClauseModel(
            version=header["version"],
            features=int(header["features"]),
            clauses=tuple(header["clauses"]),
            weights=archive["weights"].astype(np.float32),
            bias=archive["bias"].astype(np.float32),
            thresholds=archive["thresholds"].astype(np.float32),
            combination=tuple(Combination(c) for c in header["combination"]),
            block_weights=archive["block_weights"].astype(np.float32),
            block_bias=float(header["block_bias"]),
            vocabulary=vocabulary,
            characters=characters,
            gate_weights=(
                archive["gate_weights"].astype(np.float32) if "gate_weights" in archive else None
            ),
            gate_bias=float(header.get("gate_bias", 0.0)),
            gate_threshold=float(header.get("gate_threshold", 0.0)),
            fallback_threshold=float(header.get("fallback_threshold", 2.0)),
            neighbours=_neighbours(archive, header),
        )


def _neighbours(archive: Any, header: dict[str, Any]) -> Neighbours | None:
    if "neighbours" not in header:
        return None
    settings = header["neighbours"]
    return Neighbours(
        vectors=archive["neighbour_vectors"].astype(np.float32),
        breaches=archive["neighbour_breaches"].astype(bool),
        clauses=archive["neighbour_clauses"].astype(bool),
        share=float(settings["share"]),
        centre=archive["neighbour_centre"].astype(np.float32),
        directions=archive["neighbour_directions"].astype(np.float32),
        count=int(settings["count"]),
        temperature=float(settings["temperature"]),
    )


def model_metadata(path: Path) -> dict[str, Any]:
    with np.load(path, allow_pickle=False) as archive:
        header = _from_text_array(archive["header"])
    return dict(header["metadata"])


def shipped_model_path() -> Path | None:
    path = Path(str(resources.files("prudence").joinpath(SHIPPED)))
    return path if path.is_file() else None


@cache
def shipped_model() -> ClauseModel | None:
    """The classifier `make train` produced, or None before it has been trained."""
    path = shipped_model_path()
    return load_model(path) if path else None
