"""`make bench`: speed and memory of the policy tools and the checker on this machine."""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from prudence.check.batch import parse_post
from prudence.check.post import Post
from prudence.policy.catalogue import model_policy, shipped_knowledge
from prudence.policy.document import parse_policy_text
from prudence.policy.health import check_policy_health
from prudence.policy.mapping import map_onto_model
from prudence.services.checking import PostChecker, build_post_checker

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PRUDENCE_SHARED", ROOT.parent / "shared"))
ASHDOWN = SHARED / "examples" / "ashdown" / "profile.yaml"


def timed(label: str, work: Callable[[], object], repeat: int, unit: str) -> None:
    work()  # warm caches and lazy imports once, as a long-running service would
    started = time.perf_counter()
    for _ in range(repeat):
        work()
    elapsed = time.perf_counter() - started
    print(f"{label:<48}{elapsed / repeat * 1000:>9.2f} ms{repeat / elapsed:>12.1f} {unit}/s")


def corpus_posts() -> list[Post]:
    posts = []
    for part in sorted((ROOT / "data" / "corpus" / "parts").glob("*.jsonl")):
        for line in part.read_text("utf-8").splitlines():
            raw = json.loads(line)
            for label in ("school", "clauses", "verdict"):
                raw.pop(label, None)
            posts.append(parse_post(raw))
    return posts


def twelve_megapixel_photos(folder: Path) -> list[Path]:
    """Phone-sized photos (4,000 × 3,000): a face, a page of writing, a landscape."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont
    from skimage import data

    paths = []
    for name, image in (("astronaut", data.astronaut()), ("coffee", data.coffee())):
        path = folder / f"{name}.jpg"
        Image.fromarray(image).resize((4000, 3000)).save(path, quality=90)
        paths.append(path)
    page = Image.new("RGB", (4000, 3000), (250, 248, 240))
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=120)
    for n, line in enumerate(["Science", "Harry Okafor 6B", "Forces and motion", "Homework"]):
        draw.text((300, 300 + n * 500), line, fill=(20, 20, 60), font=font)
    page.save(folder / "book.jpg", quality=90)
    paths.append(folder / "book.jpg")
    noise = np.random.default_rng(3).integers(0, 255, (3000, 4000, 3), dtype=np.uint8)
    Image.fromarray(noise).save(folder / "noise.jpg", quality=90)  # the worst case for features
    paths.append(folder / "noise.jpg")
    return paths


def images_per_second(checker: PostChecker) -> None:
    with tempfile.TemporaryDirectory() as folder:
        photos = twelve_megapixel_photos(Path(folder))
        checker.report(Post("warm", "", images=(str(photos[0]),)))
        started = time.perf_counter()
        rounds = 3
        for _ in range(rounds):
            for photo in photos:
                checker.report(Post("p", "", images=(str(photo),)))
        elapsed = time.perf_counter() - started
    count = rounds * len(photos)
    row("12-megapixel photos, every image check", f"{count / elapsed:.2f} images/s")
    row("  each, on average", f"{elapsed / count * 1000:.0f} ms")


def command_peak(*args: str) -> float:
    """Runs a prudence command in a fresh process; its peak memory in MiB (its own, not
    Tesseract's: the kernel's high-water mark of the process, read as it exits)."""
    script = (
        "import sys\n"
        "from prudence.cli import app\n"
        "try:\n"
        "    app(sys.argv[1:])\n"
        "except SystemExit:\n"
        "    pass\n"
        "finally:\n"
        "    status = open('/proc/self/status').read()\n"
        "    sys.stderr.write(status.split('VmHWM:')[1].split()[0])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *args], check=True, capture_output=True, text=True
    )
    return int(done.stderr.strip().splitlines()[-1]) / 1024


def row(label: str, value: str) -> None:
    print(f"{label:<48}{value:>12}")


def main() -> None:
    seed = (SHARED / "seed" / "social-media-policy.txt").read_text("utf-8")
    rules = list(shipped_knowledge())
    clauses = parse_policy_text(seed).clauses

    print(f"{'policy tools':<48}{'each':>12}{'rate':>16}")
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

    checker = build_post_checker(ASHDOWN, date.today())
    posts = corpus_posts()
    checker.reports(posts[:10])  # load the encoder and the model
    singles = []
    for post in posts[:200]:
        started = time.perf_counter()
        checker.report(post)
        singles.append(time.perf_counter() - started)
    started = time.perf_counter()
    checker.reports(posts)
    batch = time.perf_counter() - started
    print(f"\n{'the checker (rules and classifier)':<48}")
    row("one post at a time, median of 200", f"{statistics.median(singles) * 1000:.1f} ms")
    row(
        "one post at a time, 95th percentile",
        f"{statistics.quantiles(singles, n=20)[-1] * 1000:.1f} ms",
    )
    row(f"a batch of {len(posts)} corpus posts", f"{len(posts) / batch:.1f} posts/s")

    starts, peaks = [], []
    for _ in range(3):
        started = time.perf_counter()
        peaks.append(
            command_peak("check", "--profile", str(ASHDOWN), "--json", "Photo of my Year 5s")
        )
        starts.append(time.perf_counter() - started)
    row("start-up: command to first report, median of 3", f"{statistics.median(starts):.2f} s")
    row("peak memory: one check command", f"{max(peaks):.0f} MiB")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    row("peak memory: this benchmark, all posts at once", f"{peak:.0f} MiB")

    images_per_second(checker)
    with tempfile.TemporaryDirectory() as folder:
        photos = twelve_megapixel_photos(Path(folder))
        batch = Path(folder) / "posts.jsonl"
        batch.write_text(
            "\n".join(json.dumps({"id": p.stem, "text": "", "images": [p.name]}) for p in photos),
            "utf-8",
        )
        used = command_peak("check", "--profile", str(ASHDOWN), "--jsonl", str(batch))
    row("peak memory: a check command with 4 such photos", f"{used:.0f} MiB")
    print(f"\nPython {sys.version.split()[0]}, {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
