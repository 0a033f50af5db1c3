"""Times the policy import, the health check, the mapping and the checker; prints a table."""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from prudence.adapters.profile_files import load_profile
from prudence.check.batch import parse_post
from prudence.check.context import CheckContext
from prudence.check.detectors import DETECTORS
from prudence.check.engine import check_post
from prudence.policy.catalogue import clause_guidance, model_policy, shipped_knowledge
from prudence.policy.document import parse_policy_text
from prudence.policy.health import check_policy_health
from prudence.policy.mapping import map_onto_model

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRUDENCE_SHARED", ROOT.parent / "shared"))


def timed(label: str, work: Callable[[], object], repeat: int, unit: str) -> None:
    work()  # warm caches and lazy imports once, as a long-running service would
    started = time.perf_counter()
    for _ in range(repeat):
        work()
    elapsed = time.perf_counter() - started
    per = elapsed / repeat
    print(f"{label:<44}{per * 1000:>9.2f} ms{repeat / elapsed:>12.1f} {unit}/s")


def main() -> None:
    seed = (SHARED / "seed" / "social-media-policy.txt").read_text("utf-8")
    rules = list(shipped_knowledge())
    clauses = parse_policy_text(seed).clauses
    profile = load_profile(SHARED / "examples" / "ashdown" / "profile.yaml")
    context = CheckContext(profile=profile, today=date.today())
    lines = (SHARED / "examples" / "ashdown" / "posts.jsonl").read_text("utf-8").splitlines()
    posts = [parse_post(json.loads(line)) for line in lines]
    guidance = clause_guidance()

    print(f"{'benchmark':<44}{'each':>12}{'rate':>16}")
    timed("import the seed policy (text)", lambda: parse_policy_text(seed), 50, "policies")
    timed(
        "health-check the seed policy",
        lambda: check_policy_health(seed, rules, date.today()),
        50,
        "policies",
    )
    timed(
        "map the seed onto the model policy",
        lambda: map_onto_model(clauses, model_policy()),
        10,
        "policies",
    )
    timed(
        f"check the {len(posts)} example posts",
        lambda: [check_post(p, context, DETECTORS, guidance) for p in posts],
        50,
        "batches",
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory {peak:.0f} MiB; Python {sys.version.split()[0]}; {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
