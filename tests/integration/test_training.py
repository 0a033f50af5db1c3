"""Training and evaluation, end to end, on a small corpus written for the test."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from prudence.adapters.models import load_model, model_metadata
from prudence.services.training import corpus_day
from tests.conftest import ROOT
from tests.conftest import run_prudence as prudence

DEMO = ROOT / "examples" / "demo-school" / "profile.yaml"

REMARKS = [
    "The head is useless, honestly clueless about everything",
    "SLT are a joke, couldn't run a bath",
    "Our deputy is a total waste of space",
    "Governors here are spineless and useless",
    "That head of year is an absolute clown",
    "Management at work are hopeless, utterly incompetent",
    "Our head couldn't organise a raffle, what a joke",
    "Honestly the new deputy is clueless and lazy",
]
LIFE = [
    "Lovely walk by the river this morning",
    "Roast dinner at mum's, stuffed",
    "Anyone know a good plumber in town?",
    "The football was dire tonight",
    "Finally finished my book club book",
    "Rain again, of course it is",
    "Booked the caravan for August!",
    "New running shoes, let's go",
]


def write_corpus(root: Path) -> None:
    (root / "parts").mkdir(parents=True)
    for school, offset, ending in (("riverside", 0, ""), ("pennant", 100, " tbh")):
        rows = []
        for i, text in enumerate(REMARKS * 2 + LIFE * 2):
            bad = text in REMARKS
            rows.append(
                {
                    "id": f"{school}-{offset + i:03d}",
                    "text": (text if i < 8 or i >= 16 else text + "!") + ending,
                    "channel": "personal",
                    "audience": "public",
                    "school": school,
                    "clauses": ["4.1.9", "4.1.7"] if bad else [],
                    "verdict": "block" if bad else "ok",
                }
            )
        (root / "parts" / f"{school}.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in rows), "utf-8"
        )
    (root / "split.yaml").write_text("held_out_schools: [pennant]\n", "utf-8")


def test_training_writes_a_model_that_never_saw_the_held_out_school(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    out = tmp_path / "model.npz"
    result = prudence("train", "--corpus", str(tmp_path), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "trained checker-1 on 32 posts from 1 schools" in result.stdout
    model = load_model(out)
    assert model.clauses == ("4.1.7", "4.1.9")
    metadata = model_metadata(out)
    assert metadata["schools"] == ["riverside"] and metadata["held_out_schools"] == ["pennant"]
    # Each derogatory remark is written four times, so held-back folds always meet it again.
    folds = metadata["cross_validated"]
    assert (folds["breaches_flagged"], folds["benign_flagged"]) == (1.0, 0.0)
    assert "100.0% of breaching and 0.0% of benign posts flagged" in result.stdout
    held_out = [
        json.loads(line) for line in (tmp_path / "heldout-posts.jsonl").read_text().splitlines()
    ]
    assert {row["school"] for row in held_out} == {"pennant"} and len(held_out) == 32
    labels = [
        json.loads(line) for line in (tmp_path / "heldout-labels.jsonl").read_text().splitlines()
    ]
    assert labels[0] == {"id": "pennant-100", "clauses": ["4.1.7", "4.1.9"], "verdict": "block"}


def test_a_training_post_with_the_text_of_a_held_out_post_is_never_learned(
    tmp_path: Path,
) -> None:
    write_corpus(tmp_path)
    part = tmp_path / "parts" / "riverside.jsonl"
    twice = {
        "id": "riverside-900",
        "text": "booked the  CARAVAN for August! tbh",
        "school": "riverside",
    }
    twice |= {"channel": "personal", "audience": "public", "clauses": [], "verdict": "ok"}
    part.write_text(part.read_text("utf-8") + json.dumps(twice) + "\n", "utf-8")
    result = prudence("train", "--corpus", str(tmp_path), "--out", str(tmp_path / "m.npz"))
    assert result.returncode == 0, result.stderr
    # Pennant, held out, has "Booked the caravan for August! tbh": Riverside's copy is left out.
    assert "trained checker-1 on 32 posts from 1 schools" in result.stdout


def test_the_corpus_is_read_as_of_the_day_its_labels_were_written_for(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    split = tmp_path / "split.yaml"
    assert corpus_day(tmp_path) == date.today()  # no day given: today
    split.write_text(split.read_text("utf-8") + "as_of: 2026-11-24\n", "utf-8")
    assert corpus_day(tmp_path) == date(2026, 11, 24)
    split.write_text("held_out_schools: [pennant]\nas_of: 24/11/2026\n", "utf-8")
    result = prudence("train", "--corpus", str(tmp_path), "--out", str(tmp_path / "m.npz"))
    assert result.returncode == 2
    assert f"{split}: as_of '24/11/2026' is not a date (YYYY-MM-DD)" in result.stderr


def test_a_malformed_corpus_line_is_named(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    part = tmp_path / "parts" / "riverside.jsonl"
    part.write_text(part.read_text("utf-8") + '{"id": "x", "text": "hi", "verdict": "maybe"}\n')
    result = prudence("train", "--corpus", str(tmp_path), "--out", str(tmp_path / "m.npz"))
    assert result.returncode == 2
    assert f"{part}:33:" in result.stderr


def test_eval_scores_the_checker_against_labels(tmp_path: Path) -> None:
    posts = tmp_path / "posts.jsonl"
    labels = tmp_path / "labels.jsonl"
    rows = [
        (
            {
                "id": "a",
                "text": "Text me on 07700 900123",
                "audience": "direct",
                "recipient": "Isla Patel",
            },
            {"clauses": ["4.1.2", "4.1.5"], "verdict": "block"},
        ),
        ({"id": "b", "text": "Sunny day at the beach"}, {"clauses": [], "verdict": "ok"}),
        ({"id": "c", "text": "Lovely lunch"}, {"clauses": ["4.1.9"], "verdict": "block"}),
        (
            {"id": "d", "text": "New number 07700 900999, text me", "audience": "pupils"},
            {"clauses": [], "verdict": "ok"},
        ),
    ]
    posts.write_text("".join(json.dumps(p) + "\n" for p, _ in rows), "utf-8")
    labels.write_text(
        "".join(json.dumps({"id": p["id"], **lab}) + "\n" for p, lab in rows), "utf-8"
    )
    result = prudence(
        "eval", str(posts), str(labels), "--profile", str(DEMO), "--rules-only", "--json"
    )
    assert result.returncode == 0, result.stderr
    scores = json.loads(result.stdout)
    # "d" invents 4.1.2 and 4.1.5; "c" misses 4.1.9; "a" finds both clauses.
    assert scores["clauses"]["4.1.5"] == {
        "precision": 0.5,
        "recall": 1.0,
        "f1": 0.667,
        "support": 1,
    }
    assert scores["clauses"]["4.1.9"]["recall"] == 0.0
    assert scores["micro"] == {"precision": 0.5, "recall": 0.667, "f1": 0.571, "support": 3}
    assert scores["benign_flagged"] == 0.5 and scores["breaches_flagged"] == 0.5
    assert scores["verdict_accuracy"] == 0.5


def test_eval_names_a_bad_label_line(tmp_path: Path) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_text('{"id": "a", "text": "hi"}\n', "utf-8")
    labels = tmp_path / "labels.jsonl"
    labels.write_text('{"id": "a", "verdict": "fine"}\n', "utf-8")
    result = prudence("eval", str(posts), str(labels), "--profile", str(DEMO))
    assert result.returncode == 2
    assert f"{labels}:1: not a valid label" in result.stderr
    result = prudence("eval", str(posts), str(labels), "--profile", str(DEMO), "--today", "soon")
    assert result.returncode == 2
    assert "--today 'soon' is not a date (YYYY-MM-DD)" in result.stderr


def test_eval_scores_each_school_on_its_own(tmp_path: Path) -> None:
    posts = tmp_path / "posts.jsonl"
    labels = tmp_path / "labels.jsonl"
    rows = [
        ({"id": "f1", "text": "Text me on 07700 900123", "audience": "pupils", "school": "fenwick"},
         {"clauses": ["4.1.2", "4.1.5"], "verdict": "block"}),
        ({"id": "f2", "text": "Lovely walk with the dog", "school": "fenwick"},
         {"clauses": [], "verdict": "ok"}),
        ({"id": "l1", "text": "Lovely lunch", "school": "lowther"},
         {"clauses": ["4.1.9"], "verdict": "block"}),
    ]  # fmt: skip
    posts.write_text("".join(json.dumps(p) + "\n" for p, _ in rows), "utf-8")
    labels.write_text(
        "".join(json.dumps({"id": p["id"], **lab}) + "\n" for p, lab in rows), "utf-8"
    )
    schools = str(ROOT / "data" / "schools")
    result = prudence("eval", str(posts), str(labels), "--schools", schools, "--rules-only")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[-2].split() == ["fenwick", "2", "1.000", "100.0%", "0.0%"]
    assert lines[-1].split() == ["lowther", "1", "0.000", "0.0%", "0.0%"]
    scores = json.loads(
        prudence(
            "eval", str(posts), str(labels), "--schools", schools, "--rules-only", "--json"
        ).stdout
    )
    assert scores["schools"]["fenwick"]["posts"] == 2
    assert scores["schools"]["lowther"]["micro"]["recall"] == 0.0
