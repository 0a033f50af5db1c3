"""An optional second opinion from a policy-reasoning model behind an OpenAI-compatible endpoint.

Off unless the school configures an endpoint (`PRUDENCE_LLM_URL`): only then does a post leave
the machine. The school's clauses, in Prudence's words and the school's numbering, are the policy
the model reasons with (the pattern that gpt-oss-safeguard and Llama Guard are made for, and that
any chat model served by vLLM or Ollama can follow). Its findings are merged with Prudence's own;
a slow, failing or confused endpoint costs the second opinion, never the check.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from prudence.check.context import CheckContext
from prudence.check.post import Finding, Post, Span, Verdict
from prudence.policy.catalogue import model_policy
from prudence.policy.clause import Force
from prudence.policy.render import school_summary

DETECTOR = "llm"
log = logging.getLogger(__name__)

_INSTRUCTIONS = """You check posts by school staff against the school's Social Media and Networking
Policy, given below clause by clause. Reply with JSON only, in this shape:
{"findings": [{"clause": "<number>", "severity": "block" or "review",
"quote": "<exact words from the post>", "reason": "<one sentence>"}]}
Use "block" when a "must not" rule would be broken, "review" when the author should think again.
Reply {"findings": []} when the post is fine. Cite only clause numbers from the policy below."""


@dataclass(frozen=True)
class ReasonerSettings:
    url: str
    model: str
    api_key: str | None = None
    timeout: float = 20.0


class PolicyReasoner:
    """Asks the configured model about one post and turns its answer into findings."""

    def __init__(self, settings: ReasonerSettings, numbers: Mapping[str, str]) -> None:
        self.settings = settings
        self.numbers = dict(numbers)
        self._client = httpx.Client(timeout=settings.timeout)

    def policy_text(self, context: CheckContext) -> str:
        lines = []
        for clause in model_policy():
            if clause.is_section or clause.force is None:
                continue
            force = {Force.MUST_NOT: "must not", Force.MUST: "must"}.get(clause.force, clause.force)
            summary = school_summary(clause, context.profile.choices, context.school.name)
            lines.append(f"{self.numbers.get(clause.id, clause.number)} ({force}) {summary}")
        return "\n".join(lines)

    def detect(self, post: Post, context: CheckContext) -> list[Finding]:
        where = f"channel: {post.channel.value}; audience: {post.audience.value}"
        if post.recipient:
            recipient = context.names.resolve(post.recipient)
            where += f"; sent to {post.recipient} ({recipient.kind.value})"
        body: dict[str, Any] = {
            "model": self.settings.model,
            "temperature": 0,
            "messages": [
                {
                    "role": "system",
                    "content": f"{_INSTRUCTIONS}\n\nPOLICY\n{self.policy_text(context)}",
                },
                {"role": "user", "content": f"{where}\nPOST:\n{post.text}"},
            ],
        }
        headers = (
            {"Authorization": f"Bearer {self.settings.api_key}"} if self.settings.api_key else {}
        )
        try:
            response = self._client.post(
                self.settings.url.rstrip("/") + "/chat/completions", json=body, headers=headers
            )
            response.raise_for_status()
            content = response.json()["choices"][0]["message"]["content"]
        except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as error:
            log.warning("the policy-reasoning endpoint gave no usable answer: %s", error)
            return []
        return self._findings(str(content), post)

    def _findings(self, content: str, post: Post) -> list[Finding]:
        match = re.search(r"\{.*\}", content, re.DOTALL)  # tolerate prose or fences around JSON
        try:
            answer = json.loads(match.group(0)) if match else {}
        except json.JSONDecodeError:
            log.warning("the policy-reasoning endpoint answered with malformed JSON")
            return []
        by_number = {number: clause_id for clause_id, number in self.numbers.items()}
        findings = []
        for item in answer.get("findings", []) if isinstance(answer, dict) else []:
            if not isinstance(item, dict) or str(item.get("clause")) not in by_number:
                continue
            quote = str(item.get("quote") or "")
            start = post.text.find(quote) if quote else -1
            evidence = (Span(start, start + len(quote), quote),) if start >= 0 else ()
            severity = Verdict.BLOCK if item.get("severity") == "block" else Verdict.REVIEW
            reason = str(item.get("reason") or "The policy-reasoning model cites this clause.")
            findings.append(
                Finding(
                    by_number[str(item["clause"])], severity, reason, evidence, detector=DETECTOR
                )
            )
        return findings

    def close(self) -> None:
        self._client.close()
