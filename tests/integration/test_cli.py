"""The `prudence` command end to end, run as a user runs it, in a separate process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED
from tests.conftest import run_prudence as prudence

DEMO = ROOT / "examples" / "demo-school" / "profile.yaml"


def test_policy_show_prints_one_clause_in_the_schools_terms() -> None:
    result = prudence("policy", "show", "2.3", "--profile", str(DEMO))
    assert result.returncode == 0, result.stderr
    assert "Declaring a difficulty in complying [must]" in result.stdout
    unwrapped = " ".join(result.stdout.split())
    assert "declares that relationship to the designated safeguarding lead" in unwrapped
    assert "Induction and sharing the policy" in result.stdout  # the template's second 2.3


def test_policy_show_json_lists_every_clause_typed() -> None:
    result = prudence("policy", "show", "--json")
    clauses = json.loads(result.stdout)["clauses"]
    assert len(clauses) == 51
    photos = next(c for c in clauses if c["number"] == "4.1.8")
    assert photos["force"] == "must not" and photos["binds"] == ["colleague"]
    assert photos["feature"] == "post-checker"


def test_an_unknown_clause_is_bad_input() -> None:
    result = prudence("policy", "show", "9.9")
    assert result.returncode == 2
    assert "the model policy has no clause 9.9" in result.stderr


def test_policy_trace_prints_the_matrix_and_the_share_carried() -> None:
    result = prudence("policy", "trace")
    assert result.returncode == 0, result.stderr
    assert "test_a_phone_number_in_any_uk_spelling_sent_to_a_pupil_is_blocked" in result.stdout
    last = result.stdout.strip().splitlines()[-1]
    assert last.split()[1:3] == ["of", "51"] and "clauses carried" in last
    matrix = json.loads(prudence("policy", "trace", "--json").stdout)
    assert matrix["clauses"] == 51 and 0 < matrix["carried"] < 51


def test_policy_import_json_recovers_the_seed_and_reports_the_duplicate(seed_path: Path) -> None:
    result = prudence("policy", "import", str(seed_path), "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    numbers = [c["number"] for c in document["clauses"]]
    assert len(numbers) == 51 and numbers.count("2.3") == 2
    photos = document["clauses"][numbers.index("4.1.8")]
    assert set(photos) >= {"number", "heading", "text", "line"}
    assert photos["text"].startswith("Colleagues at the school must not post or share photographs")
    (problem,) = document["problems"]
    assert problem["code"] == "duplicate-number" and problem["number"] == "2.3"
    assert all(m["model_clause"] == m["school_number"] for m in document["mapping"])


def test_policy_import_text_output_warns_about_the_duplicate(seed_path: Path) -> None:
    result = prudence("policy", "import", str(seed_path))
    assert "51 clauses from" in result.stdout
    assert "Two different clauses are numbered 2.3" in result.stdout


def test_policy_lint_prints_findings_with_lines_and_exits_1_on_errors(seed_path: Path) -> None:
    result = prudence("policy", "lint", str(seed_path), "--today", "2026-11-24")
    assert result.returncode == 1
    assert f"{seed_path}:7: error [unfilled-placeholder]" in result.stdout
    document = json.loads(prudence("policy", "lint", str(seed_path), "--json").stdout)
    finding = document["findings"][0]
    assert set(finding) >= {"line", "severity", "code", "message", "suggestion"}


def test_policy_lint_refuses_what_is_not_a_policy(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    binary = tmp_path / "policy.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    word97 = tmp_path / "policy.doc"
    word97.write_bytes(b"\xd0\xcf\x11\xe0")
    for path, complaint in (
        (empty, "the file is empty"),
        (binary, "is a binary file, not text"),
        (word97, ".doc files cannot be read; save it as .docx or PDF"),
        (tmp_path / "missing.txt", "No such file or directory"),
    ):
        result = prudence("policy", "lint", str(path))
        assert result.returncode == 2, path
        assert f"error: {path}: {complaint}" in result.stderr


def test_check_prints_the_verdict_the_clause_and_what_to_do() -> None:
    result = prudence(
        "check",
        "--profile",
        str(DEMO),
        "--audience",
        "direct",
        "--recipient",
        "Harry",
        "Text me on 07700 900123 if you need help with homework",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("BLOCK")
    assert "4.1.5 No personal details to pupils (block)" in result.stdout
    assert '"07700 900123" at 11-23' in result.stdout
    assert "What to do:" in result.stdout


def test_check_json_follows_the_contract() -> None:
    result = prudence("check", "--profile", str(DEMO), "--json", "Sunset over the estuary")
    assert json.loads(result.stdout) == {"id": "post", "verdict": "ok", "findings": []}


def test_a_batch_with_a_malformed_line_still_checks_the_rest_in_order(tmp_path: Path) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_text(
        '{"id": "a", "text": "Lovely walk today"}\n'
        '{"id": "b", "text": "hi", "audience": "everyone"}\n'
        "not json\n"
        '{"id": "c", "text": "Well done!", "audience": "direct", "recipient": "Isla Patel"}\n',
        "utf-8",
    )
    out = tmp_path / "results.jsonl"
    result = prudence("check", "--profile", str(DEMO), "--jsonl", str(posts), "--out", str(out))
    assert result.returncode == 2
    reports = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["id"] for r in reports] == ["a", "b", None, "c"]
    assert reports[0]["verdict"] == "ok" and reports[3]["verdict"] == "block"
    assert "unknown audience 'everyone'" in reports[1]["error"]
    assert reports[2]["error"].startswith(f"{posts}:3: not valid JSON")
    assert f"error: {posts}:2: unknown audience 'everyone'" in result.stderr


def test_check_runs_on_the_shared_example_school() -> None:
    profile = SHARED / "examples" / "ashdown" / "profile.yaml"
    posts = SHARED / "examples" / "ashdown" / "posts.jsonl"
    result = prudence("check", "--profile", str(profile), "--jsonl", str(posts))
    assert result.returncode == 0, result.stderr
    reports = {r["id"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert len(reports) == 20
    assert {f["clause"] for f in reports["a07"]["findings"]} == {"4.1.2", "4.1.5"}


def test_a_broken_profile_is_bad_input_naming_the_file(tmp_path: Path) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text("school:\n  name: X\n  colour: blue\n", "utf-8")
    result = prudence("check", "--profile", str(profile), "hello")
    assert result.returncode == 2
    assert f"{profile}:3: school.colour: unknown setting" in result.stderr


def test_profile_check_summarises_a_valid_school() -> None:
    result = prudence("profile", "check", str(DEMO))
    assert result.returncode == 0, result.stderr
    assert "Brookfield Primary School: 4 current and 2 former pupils, 4 staff" in result.stdout


@pytest.mark.clause("1.0")
@pytest.mark.clause("2.0")
@pytest.mark.clause("3.0")
@pytest.mark.clause("4.0")
@pytest.mark.clause("6.0")
@pytest.mark.clause("8.0")
def test_policy_show_prints_every_section_heading_in_order() -> None:
    result = prudence("policy", "show")
    headings = [
        line for line in result.stdout.splitlines() if line[:1].isdigit() and line.isupper()
    ]
    assert headings == [
        "1  OVERVIEW AND INTRODUCTION",
        "2  SCOPE AND GENERAL PRINCIPLES",
        "3  RESPONSIBILITIES",
        "4  USE OF SOCIAL NETWORKING SITES",
        "5  USE OF SCHOOL SITES, PAGES AND SPACES",
        "6  EQUAL OPPORTUNITIES",
        "7  RELATED POLICIES AND GUIDANCE",
        "8  LEGISLATION",
    ]


def test_check_cites_the_schools_own_clause_numbers_when_its_policy_is_configured() -> None:
    profile = ROOT / "tests" / "fixtures" / "schools" / "oakfield" / "profile.yaml"
    result = prudence(
        "check",
        "--profile",
        str(profile),
        "--json",
        "--audience",
        "direct",
        "--recipient",
        "Kai Robinson",
        "Text me on 07700 900123",
    )
    assert result.returncode == 0, result.stderr
    cited = {f["clause"] for f in json.loads(result.stdout)["findings"]}
    assert {"3.1", "3.2"} <= cited  # Oakfield's numbers for 4.1.2 and 4.1.5
    assert not cited & {"4.1.2", "4.1.5"}  # the model policy's numbers never leak through
    text = prudence(
        "check",
        "--profile",
        str(profile),
        "--audience",
        "direct",
        "--recipient",
        "Kai",
        "Text me on 07700 900123",
    )
    assert "3.2 No personal details to pupils (block)" in text.stdout


def test_hostile_posts_in_a_batch_each_get_a_report_or_an_error_line(tmp_path: Path) -> None:
    posts = tmp_path / "hostile.jsonl"
    lines = [
        json.dumps({"id": "empty", "text": ""}).encode(),
        json.dumps({"id": "huge", "text": "Lovely day at the seaside. " * 4000}).encode(),
        json.dumps({"id": "control", "text": "Hi\x00\x07 there\x1b[31m"}).encode(),
        json.dumps({"id": "rtl", "text": "‏مرحبا بالجميع، يوم جميل"}, ensure_ascii=False).encode(),
        json.dumps({"id": "emoji", "text": "😂😂🔥🔥🙌"}, ensure_ascii=False).encode(),
        b'{"id": "latin1", "text": "caf\xe9 time"}',
        b'{"id": "broken", "text": ',
        json.dumps(
            {"id": "last", "text": "Well done!", "audience": "direct", "recipient": "Isla"}
        ).encode(),
    ]
    posts.write_bytes(b"\n".join(lines) + b"\n")
    result = prudence("check", "--profile", str(DEMO), "--jsonl", str(posts))
    assert result.returncode == 2
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(reports) == len(lines)  # nothing lost
    by_id = {r["id"]: r for r in reports if r["id"]}
    assert "`text` is empty" in by_id["empty"]["error"]
    assert by_id["huge"]["verdict"] == "ok"
    assert by_id["control"]["verdict"] == "ok"
    assert by_id["rtl"]["verdict"] == "ok" and by_id["emoji"]["verdict"] == "ok"
    assert reports[5] == {
        "id": None,
        "error": f"{posts}:6: not valid UTF-8 (byte 0xe9 at column 30)",
    }
    assert reports[6]["error"].startswith(f"{posts}:7: not valid JSON")
    assert by_id["last"]["verdict"] == "block"
