"""The `prudence` command: parses input, calls the core, prints. Exit 2 means bad input."""

from __future__ import annotations

import json
import sys
import textwrap
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from prudence.adapters.clause_marks import find_tests_dir, marked_tests
from prudence.adapters.documents import read_policy_document
from prudence.adapters.profile_files import load_profile
from prudence.adapters.text_files import read_text
from prudence.check.batch import BadLine, PostError, parse_post, parse_post_line
from prudence.check.post import Audience, Channel, ImageRegion, Post, Report
from prudence.config import get_settings
from prudence.policy.catalogue import model_policy, shipped_knowledge
from prudence.policy.clause import Clause, clause_order
from prudence.policy.document import parse_policy_text
from prudence.policy.health import (
    KnowledgeError,
    check_policy_health,
    merge_knowledge,
    parse_knowledge,
)
from prudence.policy.mapping import map_onto_model
from prudence.policy.render import applies, school_summary
from prudence.policy.trace import build_trace
from prudence.school.problems import InputError
from prudence.school.profile import PolicyChoices, SchoolProfile
from prudence.services.checking import PostChecker, build_post_checker, sentence_encoder

BAD_INPUT = 2

app = typer.Typer(
    help="Prudence: a school's Social Media and Networking Policy as working software.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
policy_app = typer.Typer(
    help="The policy: show, trace, import and health-check.", no_args_is_help=True
)
profile_app = typer.Typer(help="The school profile and its rosters.", no_args_is_help=True)
audit_app = typer.Typer(help="The audit log.", no_args_is_help=True)
app.add_typer(policy_app, name="policy")
app.add_typer(profile_app, name="profile")
app.add_typer(audit_app, name="audit")


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(BAD_INPUT)


def _day(today: str | None) -> date:
    """The day given as `--today` (YYYY-MM-DD), or today."""
    try:
        return date.fromisoformat(today) if today else date.today()
    except ValueError:
        raise _fail(f"--today {today!r} is not a date (YYYY-MM-DD)") from None


def _wrap(text: str, indent: str = "    ") -> str:
    return textwrap.fill(text, width=96, initial_indent=indent, subsequent_indent=indent)


def _load_profile(path: Path | None) -> SchoolProfile:
    path = path or get_settings().profile
    if path is None:
        raise _fail("no school profile: pass --profile PROFILE.yaml or set PRUDENCE_PROFILE")
    try:
        return load_profile(path)
    except InputError as error:
        raise _fail(f"the school profile cannot be loaded:\n{error}") from None


def _print_json(document: Any) -> None:
    typer.echo(json.dumps(document, ensure_ascii=False, indent=2))


# --- prudence policy show ---------------------------------------------------------------------


@policy_app.command("show")
def policy_show(
    clause: Annotated[
        str | None, typer.Argument(help="A clause number such as 4.1.8 or 4.")
    ] = None,
    profile: Annotated[
        Path | None, typer.Option(help="Fill the school's choices from its profile.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print the model policy's clauses, or one clause and those under it."""
    policy = model_policy()
    choices, school_name = PolicyChoices(), None
    if profile is not None or get_settings().profile is not None:
        loaded = _load_profile(profile)
        choices, school_name = loaded.choices, loaded.school.name
    clauses = list(policy)
    if clause is not None:
        wanted = policy.numbered(clause)
        if not wanted:
            raise _fail(f"the model policy has no clause {clause}")
        prefixes = {c.number.removesuffix(".0") + "." for c in wanted}
        clauses = [
            c
            for c in clauses
            if c in wanted or (any(c.number.startswith(p) for p in prefixes) and not c.is_section)
        ]
    if as_json:
        _print_json({"clauses": [_clause_dict(c, choices, school_name) for c in clauses]})
        return
    for item in clauses:
        _print_clause(item, choices, school_name)


def _clause_dict(clause: Clause, choices: PolicyChoices, school_name: str | None) -> dict[str, Any]:
    return {
        "id": clause.id,
        "number": clause.number,
        "heading": clause.heading,
        "kind": clause.kind.value,
        "binds": [p.value for p in clause.binds],
        "force": clause.force.value if clause.force else None,
        "roles": [r.value for r in clause.roles],
        "summary": school_summary(clause, choices, school_name),
        "feature": clause.feature,
        "applies": applies(clause, choices),
    }


def _print_clause(clause: Clause, choices: PolicyChoices, school_name: str | None) -> None:
    if clause.is_section:
        typer.echo(f"\n{clause.number.removesuffix('.0')}  {clause.heading.upper()}")
        typer.echo(_wrap(school_summary(clause, choices, school_name), " " * 3))
        return
    force = f" [{clause.force.value}]" if clause.force else ""
    skipped = "" if applies(clause, choices) else "  (does not apply: the school runs no channels)"
    typer.echo(f"{clause.number:<7}{clause.heading}{force}{skipped}")
    typer.echo(_wrap(school_summary(clause, choices, school_name), " " * 7))
    binds = ", ".join(p.value for p in clause.binds)
    roles = ", ".join(r.value for r in clause.roles) or "none"
    features = model_policy().features
    feature = features[clause.feature].name if clause.feature else "nothing yet"
    typer.echo(f"       {clause.kind.value}; binds {binds}; names {roles}; carried by {feature}")


# --- prudence policy trace --------------------------------------------------------------------


@policy_app.command("trace")
def policy_trace(
    tests: Annotated[Path | None, typer.Option(help="The tests folder to read.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print which Prudence feature carries each clause and which tests prove it."""
    tests = tests or find_tests_dir(Path.cwd()) or find_tests_dir(Path(__file__).resolve().parent)
    marked = marked_tests(tests) if tests else {}
    trace = build_trace(model_policy(), marked)
    if as_json:
        _print_json(
            {
                "carried": trace.carried,
                "clauses": len(trace.rows),
                "share": round(trace.share, 3),
                "rows": [row.as_dict() for row in trace.rows],
            }
        )
        return
    if tests is None:
        typer.echo("note: no tests folder found, so no clause can be shown as proven", err=True)
    typer.echo(f"{'clause':<8}{'feature':<32}{'state':<17}tests")
    for row in trace.rows:
        feature = row.feature_name or "not yet"
        first = row.tests[0] if row.tests else "-"
        typer.echo(f"{row.clause.number:<8}{feature[:31]:<32}{row.state:<17}{first}")
        for more in row.tests[1:]:
            typer.echo(f"{'':<57}{more}")
    typer.echo(
        f"\n{trace.carried} of {len(trace.rows)} clauses carried ({trace.share:.0%}): "
        "a built feature serves them and a test proves it."
    )


# --- prudence policy import -------------------------------------------------------------------


def _read_document(file: Path) -> str:
    try:
        return read_policy_document(file)
    except InputError as error:
        raise _fail(str(error)) from None


@policy_app.command("import")
def policy_import(
    file: Annotated[Path, typer.Argument(help="The school's policy: .txt, .docx or .pdf.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    show_mapping: Annotated[
        bool, typer.Option("--map", help="Also show which model rule each clause carries.")
    ] = False,
) -> None:
    """Recover the numbered clauses of a school's own policy document."""
    document = parse_policy_text(_read_document(file))
    if not document.clauses:
        raise _fail(f"{file}: no numbered clauses found; is this a policy document?")
    mappings = map_onto_model(document.clauses, model_policy()) if show_mapping or as_json else []
    if as_json:
        _print_json(
            {
                "clauses": [c.as_dict() for c in document.clauses],
                "problems": [
                    {"line": p.line, "code": p.code.value, "number": p.number, "message": p.message}
                    for p in document.problems
                ],
                "mapping": [m.as_dict() for m in mappings],
            }
        )
        return
    by_line = {m.school_line: m for m in mappings}
    for clause in document.clauses:
        heading = f"  {clause.heading}" if clause.heading else ""
        typer.echo(f"{clause.number:<8}line {clause.line:<5}{heading}".rstrip())
        if clause.text:
            typer.echo(_wrap(textwrap.shorten(clause.text, 180, placeholder=" …"), " " * 8))
        if show_mapping and (mapping := by_line.get(clause.line)):
            if mapping.model_number:
                basis = mapping.basis.value if mapping.basis else ""
                typer.echo(f"        -> model {mapping.model_number} ({basis})")
            else:
                typer.echo("        -> no model rule")
    typer.echo(f"\n{len(document.clauses)} clauses from {file}")
    for problem in document.problems:
        typer.echo(f"warning: line {problem.line}: {problem.message}")


# --- prudence policy lint ---------------------------------------------------------------------


@policy_app.command("lint")
def policy_lint(
    file: Annotated[Path, typer.Argument(help="The school's policy: .txt, .docx or .pdf.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    knowledge: Annotated[
        Path | None, typer.Option(help="Extra rules (YAML) from the school or local authority.")
    ] = None,
    today: Annotated[
        str | None, typer.Option(help="Judge the review date as of this day (YYYY-MM-DD).")
    ] = None,
) -> None:
    """Health-check a policy document. Exits 1 when it finds an error, 2 on bad input."""
    text = _read_document(file)
    rules = list(shipped_knowledge())
    extra = knowledge or get_settings().knowledge
    if extra is not None:
        try:
            rules = merge_knowledge(
                rules, parse_knowledge(yaml.safe_load(read_text(extra)), str(extra))
            )
        except (InputError, KnowledgeError, yaml.YAMLError) as error:
            raise _fail(str(error)) from None
    day = _day(today)
    _, findings = check_policy_health(text, rules, day)
    if as_json:
        _print_json({"findings": [f.as_dict() for f in findings]})
    else:
        for finding in findings:
            typer.echo(
                f"{file}:{finding.line}: {finding.severity.value} [{finding.code.value}] "
                + finding.message
            )
            typer.echo(_wrap(f"-> {finding.suggestion}", "    "))
        counts = {
            s: sum(f.severity.value == s for f in findings) for s in ("error", "warning", "info")
        }
        typer.echo(
            f"\n{len(findings)} findings: {counts['error']} errors, {counts['warning']} warnings, "
            f"{counts['info']} for information"
        )
    if any(f.severity.value == "error" for f in findings):
        raise typer.Exit(1)


# --- prudence profile check -------------------------------------------------------------------


@profile_app.command("check")
def profile_check(
    profile: Annotated[Path, typer.Argument(help="The school profile (YAML).")],
) -> None:
    """Validate a school profile and its rosters, listing every problem with file and line."""
    loaded = _load_profile(profile)
    current = sum(p.status.value == "current" for p in loaded.pupils)
    typer.echo(
        f"{loaded.school.name}: {current} current and "
        f"{len(loaded.pupils) - current} former pupils, "
        f"{len(loaded.staff)} staff, {len(loaded.confidential_terms)} confidential terms"
    )
    reports_to = loaded.choices.reports_to.value if loaded.choices.reports_to else "not chosen yet"
    typer.echo(f"declarations and reports go to: {reports_to}")


# --- prudence check ---------------------------------------------------------------------------


def _print_report(report: Report, numbers: dict[str, str]) -> None:
    headline = {
        "ok": "OK: nothing in this post conflicts with the policy.",
        "review": "REVIEW: reconsider this post, or talk to the headteacher or DSL first.",
        "block": "BLOCK: this post would breach the policy.",
    }[report.verdict.value]
    typer.echo(headline)
    policy = model_policy()
    for finding in report.findings:
        clause = policy.by_id(finding.clause_id)
        typer.echo(f"\n  {numbers[clause.id]} {clause.heading} ({finding.severity.value})")
        typer.echo(_wrap(finding.message, "    "))
        for item in finding.evidence:
            if isinstance(item, ImageRegion) and item.box == (0, 0, 0, 0):
                typer.echo(f"    {item.image} (could not be read)")
            elif isinstance(item, ImageRegion):
                x, y, w, h = item.box
                typer.echo(f"    {item.image}: {w}×{h} pixels at ({x}, {y})")
            else:
                typer.echo(f'    "{item.text}" at {item.start}-{item.end}')
        if finding.guidance:
            typer.echo(_wrap(f"What to do: {finding.guidance}", "    "))
    for note in report.notes:
        typer.echo("")
        typer.echo(_wrap(f"Note: {note.image} was {note.note}.", "  "))


@app.command("check")
def check(
    text: Annotated[str | None, typer.Argument(help="The text of one post.")] = None,
    profile: Annotated[Path | None, typer.Option(help="The school profile (YAML).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    jsonl: Annotated[Path | None, typer.Option(help="Check every post in a JSONL file.")] = None,
    out: Annotated[Path | None, typer.Option(help="Write the JSONL reports here.")] = None,
    channel: Annotated[Channel, typer.Option(help="Where the post goes.")] = Channel.PERSONAL,
    audience: Annotated[Audience, typer.Option(help="Who will see it.")] = Audience.PUBLIC,
    recipient: Annotated[str | None, typer.Option(help="For a direct message: to whom.")] = None,
    image: Annotated[
        list[Path] | None, typer.Option(help="An image attached to the post (repeatable).")
    ] = None,
) -> None:
    """Can I post this? Checks a post, or a JSONL batch, against the school's policy."""
    path = profile or get_settings().profile
    if path is None:
        raise _fail("no school profile: pass --profile PROFILE.yaml or set PRUDENCE_PROFILE")
    try:
        checker = build_post_checker(path, date.today())
    except InputError as error:
        raise _fail(f"the school profile cannot be loaded:\n{error}") from None
    if jsonl is not None:
        _check_batch(jsonl, out, checker)
        return
    if text is None and not image:
        raise _fail("give the text of a post, --image PATH, or --jsonl POSTS.jsonl")
    try:
        post = parse_post(
            {"id": "post", "text": text or "", "channel": channel.value, "audience": audience.value}
            | ({"recipient": recipient} if recipient else {})
            | ({"images": [str(i) for i in image]} if image else {})
        )
    except PostError as error:
        raise _fail(str(error)) from None
    report = checker.report(post)
    if as_json:
        _print_json(checker.as_dict(report))
    else:
        _print_report(report, checker.numbers)


_BATCH = 256  # posts embedded together: fast, and memory stays bounded on any file size


def _check_batch(path: Path, out: Path | None, checker: PostChecker) -> None:
    try:
        source = path.open("rb")
    except OSError as error:
        raise _fail(f"{path}: {error.strerror or 'cannot be read'}") from None
    sink = out.open("w", encoding="utf-8") if out else sys.stdout
    bad = 0
    pending: list[Post | BadLine] = []

    def flush() -> None:
        posts = [item for item in pending if isinstance(item, Post)]
        reports = iter(checker.reports(posts))
        for item in pending:
            if isinstance(item, BadLine):
                document: dict[str, Any] = {"id": item.post_id, "error": item.error}
            else:
                document = checker.as_dict(next(reports))
            sink.write(json.dumps(document, ensure_ascii=False) + "\n")
        pending.clear()

    try:
        # Read as bytes, line by line: a bad byte spoils one line, not the file, and a file of
        # any size streams through in bounded memory.
        for number, line in enumerate(source, start=1):
            if not line.strip():
                continue
            parsed = parse_post_line(line, number, str(path))
            if isinstance(parsed, Post) and parsed.images:
                # Image paths in a batch are relative to the batch file.
                parsed = replace(parsed, images=tuple(str(path.parent / i) for i in parsed.images))
            if isinstance(parsed, BadLine):
                bad += 1
                typer.echo(f"error: {parsed.error}", err=True)
            pending.append(parsed)
            if len(pending) >= _BATCH:
                flush()
        flush()
    finally:
        source.close()
        if out:
            sink.close()
    if bad:
        raise typer.Exit(BAD_INPUT)


@app.command("strip")
def strip_command(
    image: Annotated[Path, typer.Argument(help="The photo to clean.")],
    out: Annotated[Path, typer.Option("-o", "--out", help="Where to write the clean copy.")],
) -> None:
    """Write a copy of a photo without its metadata: no position, device, owner or date."""
    from prudence.adapters.image_files import ImageUnreadable, strip_metadata

    try:
        strip_metadata(image, out)
    except ImageUnreadable as error:
        raise _fail(f"{image}: {error}") from None
    typer.echo(f"wrote {out}: the same picture, upright, with no metadata")


# --- prudence train and prudence eval ---------------------------------------------------------


@app.command("train")
def train_command(
    corpus: Annotated[Path, typer.Option(help="The labelled corpus folder.")] = Path("data/corpus"),
    schools: Annotated[Path, typer.Option(help="The corpus's fictional schools.")] = Path(
        "data/schools"
    ),
    out: Annotated[Path | None, typer.Option(help="Where to write the classifier.")] = None,
) -> None:
    """Train the checker's classifier on the corpus, leaving the held-out schools unseen."""
    from prudence.adapters.models import SHIPPED, save_model
    from prudence.services import training

    parts = sorted((corpus / "parts").glob("*.jsonl"))
    if not parts:
        raise _fail(f"{corpus / 'parts'}: no corpus part files (*.jsonl)")
    try:
        items = training.read_parts(parts)
        learn, held = training.split(items, training.held_out_schools(corpus))
        day = training.corpus_day(corpus)
        profiles = training.load_schools(schools, {item.school for item in learn})
    except InputError as error:
        raise _fail(str(error)) from None
    _write_held_out(corpus, held)
    features, rules = training.featurise(learn, profiles, sentence_encoder(), day)
    model, report = training.train(learn, features, rules)
    target = out or Path(__file__).resolve().parent / SHIPPED
    save_model(
        model,
        target,
        {
            "corpus": training.corpus_fingerprint(parts),
            "posts": len(learn),
            "schools": sorted(profiles),
            "held_out_schools": sorted({item.school for item in held}),
            "cross_validated": report,
        },
    )
    typer.echo(f"trained {model.version} on {len(learn)} posts from {len(profiles)} schools")
    typer.echo(
        f"on held-back folds: clause micro-F1 {report['micro_f1']:.3f}, "
        f"{report['breaches_flagged']:.1%} of breaching and {report['benign_flagged']:.1%} of "
        f"benign posts flagged (gate {report['gate_threshold']}, "
        f"likeliest clause cited where it and the gate together reach "
        f"{report['fallback_threshold']}, nearest training posts' share "
        f"{report['neighbour_share']})"
    )
    alone = report["without_neighbours"]
    typer.echo(
        f"with the linear models alone: micro-F1 {alone['micro_f1']:.3f}, "
        f"{alone['breaches_flagged']:.1%} of breaching and {alone['benign_flagged']:.1%} of "
        f"benign posts flagged"
    )
    typer.echo(f"{'clause':<8}{'source':<8}{'threshold':>10}{'F1':>8}")
    for clause, row in report["clauses"].items():
        typer.echo(f"{clause:<8}{row['combination']:<8}{row['threshold']:>10.2f}{row['f1']:>8.3f}")
    typer.echo(f"written to {target}")


def _write_held_out(corpus: Path, items: list[Any]) -> None:
    posts = corpus / "heldout-posts.jsonl"
    labels = corpus / "heldout-labels.jsonl"
    with posts.open("w", encoding="utf-8") as p, labels.open("w", encoding="utf-8") as lab:
        for item in items:
            post = item.post
            row: dict[str, Any] = {"id": post.id, "text": post.text, "channel": post.channel.value}
            row |= {"audience": post.audience.value, "school": item.school}
            if post.recipient:
                row["recipient"] = post.recipient
            p.write(json.dumps(row, ensure_ascii=False) + "\n")
            clauses = sorted(item.clauses, key=clause_order)
            lab.write(
                json.dumps({"id": post.id, "clauses": clauses, "verdict": item.verdict.value})
            )
            lab.write("\n")


@app.command("eval")
def eval_command(
    posts: Annotated[Path, typer.Argument(help="Posts, one JSON object per line.")],
    labels: Annotated[Path, typer.Argument(help="Labels: id, clauses, verdict per line.")],
    profile: Annotated[
        Path | None, typer.Option(help="The school profile, when posts carry no `school`.")
    ] = None,
    schools: Annotated[Path, typer.Option(help="Where posts' `school` keys are found.")] = Path(
        "data/schools"
    ),
    rules_only: Annotated[bool, typer.Option(help="Leave the classifier out.")] = False,
    today: Annotated[
        str | None,
        typer.Option(
            help="Check as of this day (YYYY-MM-DD), the day the labels were written for."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Measure the checker against labelled posts: per clause, benign flagged, verdicts."""
    from prudence.check.post import Verdict
    from prudence.services.evaluation import evaluate

    day = _day(today)
    by_school: dict[str | None, list[Post]] = {}
    truth: list[tuple[str, Verdict, set[str]]] = []
    for path, handle in ((posts, "post"), (labels, "label")):
        try:
            lines = read_text(path).splitlines()
        except InputError as error:
            raise _fail(str(error)) from None
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if handle == "post":
                    school = row.pop("school", None)
                    by_school.setdefault(school, []).append(parse_post(row))
                else:
                    truth.append((str(row["id"]), Verdict(row["verdict"]), set(row["clauses"])))
            except (PostError, ValueError, KeyError, TypeError, AttributeError) as error:
                raise _fail(f"{path}:{number}: not a valid {handle}: {error}") from None
    reports: dict[str, tuple[Verdict, set[str]]] = {}
    for school, group in by_school.items():
        school_profile = schools / school / "profile.yaml" if school else profile
        if school_profile is None:
            raise _fail("posts carry no `school`: pass --profile PROFILE.yaml")
        try:
            checker = build_post_checker(school_profile, day, classifier=not rules_only)
        except InputError as error:
            raise _fail(str(error)) from None
        for post, report in zip(group, checker.reports(group), strict=True):
            cited = {checker.numbers.get(f.clause_id, f.clause_id) for f in report.findings}
            reports[post.id] = (report.verdict, cited)
    result = evaluate(reports, truth)
    # Posts written for several schools: how the checker fares at each, as each is a new reader.
    per_school = {
        school: evaluate(reports, [row for row in truth if row[0] in {p.id for p in group}])
        for school, group in sorted(by_school.items(), key=lambda item: str(item[0]))
        if school and len(by_school) > 1
    }
    if as_json:
        _print_json(result.as_dict() | {"schools": {k: v.as_dict() for k, v in per_school.items()}})
        return
    typer.echo(f"{'clause':<9}{'precision':>10}{'recall':>8}{'F1':>7}{'support':>9}")
    for clause, score in result.as_dict()["clauses"].items():
        typer.echo(
            f"{clause:<9}{score['precision']:>10.3f}{score['recall']:>8.3f}{score['f1']:>7.3f}"
            f"{score['support']:>9}"
        )
    micro = result.micro
    typer.echo(f"{'micro':<9}{micro.precision:>10.3f}{micro.recall:>8.3f}{micro.f1:>7.3f}")
    typer.echo(
        f"\n{result.posts} posts: {result.breach_recall:.1%} of {result.breaches} breaching posts "
        f"flagged, {result.benign_flagged_share:.1%} of {result.benign} benign posts flagged, "
        f"verdict accuracy {result.verdict_accuracy:.1%}"
    )
    if per_school:
        typer.echo(
            f"\n{'school':<14}{'posts':>6}{'micro-F1':>10}{'breaches flagged':>18}", nl=False
        )
        typer.echo(f"{'benign flagged':>16}")
        for school, score in per_school.items():
            typer.echo(
                f"{school:<14}{score.posts:>6}{score.micro.f1:>10.3f}{score.breach_recall:>18.1%}"
                f"{score.benign_flagged_share:>16.1%}"
            )


# --- prudence serve and prudence audit ---------------------------------------------------------


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port to listen on.")] = 8000,
    data_dir: Annotated[
        Path | None, typer.Option(help="Where the database and secret key live.")
    ] = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="Add Brookfield Primary, an invented school, to try.")
    ] = False,
) -> None:
    """Run the web app: the checker, the policy, people and settings for a whole school."""
    from datetime import UTC, datetime

    import uvicorn

    from prudence.config import Settings
    from prudence.services.demo import DEMO_PROFILE_PATH, demo_sign_ins, seed_demo
    from prudence.web.app import create_app

    settings = get_settings()
    if data_dir is not None:
        settings = Settings(**(settings.model_dump() | {"data_dir": data_dir}))
    try:
        web = create_app(settings)
    except Exception as error:  # the database cannot be reached or migrated: say so plainly
        raise _fail(f"the database cannot be opened: {error}") from None
    address = f"http://{'localhost' if host in ('127.0.0.1', '::1') else host}:{port}"
    if demo:
        seed_demo(web.state.office.sessions, DEMO_PROFILE_PATH, datetime.now(UTC))
        typer.echo(f"Prudence is running at {address}  (Ctrl+C stops it)\n")
        typer.echo("Demo sign-ins for Brookfield Primary, an invented school:")
        for role, email, password in demo_sign_ins():
            typer.echo(f"  {role:<48} {email:<44} {password}")
        typer.echo("")
    else:
        typer.echo(f"Prudence is running at {address}  (Ctrl+C stops it)")
    uvicorn.run(web, host=host, port=port, log_level="warning", proxy_headers=True)


@audit_app.command("verify")
def audit_verify(
    data_dir: Annotated[
        Path | None, typer.Option(help="Where the database lives (or set DATABASE_URL).")
    ] = None,
) -> None:
    """Check that no audit entry was edited or deleted: exit 1 and say where if one was."""
    from prudence.adapters import audit_store
    from prudence.adapters.database import make_engine, migrate, session_factory
    from prudence.config import Settings
    from prudence.school.audit import verify

    settings = get_settings()
    if data_dir is not None:
        settings = Settings(**(settings.model_dump() | {"data_dir": data_dir}))
    engine = make_engine(settings.resolved_database_url())
    migrate(engine)
    with session_factory(engine)() as session:
        entries = audit_store.entries(session)
    breaks = verify(entries)
    for problem in breaks:
        typer.echo(f"entry {problem.sequence}: {problem.problem}")
    head = entries[-1].digest if entries else "none"
    if breaks:
        typer.echo(f"the audit log has been tampered with: {len(breaks)} problem(s)", err=True)
        raise typer.Exit(1)
    typer.echo(f"{len(entries)} entries, chain intact; last entry's hash {head}")


def main() -> None:
    app()
