"""Loads the model policy from the data file that ships with Prudence."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from prudence.policy.clause import Clause, Feature, FeatureStatus, Force, Kind, Party, Policy, Role
from prudence.policy.health import KnowledgeRule, parse_knowledge


def package_yaml(name: str) -> Any:
    """A YAML data file shipped in `prudence/data/`, parsed."""
    return yaml.safe_load(resources.files("prudence").joinpath("data", name).read_text("utf-8"))


class PolicyDataError(ValueError):
    """The model policy's data file is inconsistent; names the clause and the field."""


def _enum_list(raw: Any, enum: type[Any], where: str) -> tuple[Any, ...]:
    if not isinstance(raw, list):
        raise PolicyDataError(f"{where}: expected a list, got {raw!r}")
    try:
        return tuple(enum(value) for value in raw)
    except ValueError as error:
        raise PolicyDataError(f"{where}: {error}") from None


def parse_policy(document: Any) -> Policy:
    """Builds a Policy from the parsed YAML of a policy data file."""
    if not isinstance(document, dict):
        raise PolicyDataError("the policy data must be a mapping with `features` and `clauses`")
    features: dict[str, Feature] = {}
    for key, raw in (document.get("features") or {}).items():
        features[key] = Feature(
            key=key,
            name=str(raw["name"]),
            status=FeatureStatus(raw["status"]),
            description=str(raw["description"]),
        )
    clauses: list[Clause] = []
    seen: set[str] = set()
    for index, raw in enumerate(document.get("clauses") or [], start=1):
        where = f"clause #{index} ({raw.get('id', '?')})"
        try:
            clause_id = str(raw["id"])
            feature = raw.get("feature")
            if feature is not None and feature not in features:
                raise PolicyDataError(f"{where}: unknown feature {feature!r}")
            force = raw["force"]
            clause = Clause(
                id=clause_id,
                number=str(raw["number"]),
                heading=str(raw["heading"]),
                kind=Kind(raw["kind"]),
                binds=_enum_list(raw["binds"], Party, f"{where} binds"),
                force=None if force is None else Force(force),
                roles=_enum_list(raw["roles"], Role, f"{where} roles"),
                summary=" ".join(str(raw["summary"]).split()),
                feature=feature,
                aliases=tuple(str(a) for a in raw.get("aliases") or ()),
            )
        except KeyError as missing:
            raise PolicyDataError(f"{where}: missing field {missing}") from None
        except ValueError as error:
            if isinstance(error, PolicyDataError):
                raise
            raise PolicyDataError(f"{where}: {error}") from None
        if clause_id in seen:
            raise PolicyDataError(f"{where}: the id {clause_id!r} is used twice")
        seen.add(clause_id)
        clauses.append(clause)
    return Policy(clauses=tuple(clauses), features=features)


@cache
def model_policy() -> Policy:
    """The model policy, read once from the package's data."""
    return parse_policy(package_yaml("model_policy.yaml"))


@cache
def shipped_knowledge() -> tuple[KnowledgeRule, ...]:
    """The health check's knowledge base as Prudence ships it."""
    return tuple(parse_knowledge(package_yaml("health_knowledge.yaml"), "health_knowledge.yaml"))


@cache
def _guidance_data() -> dict[str, dict[str, str]]:
    return {
        str(key): {field: " ".join(str(value).split()) for field, value in entry.items()}
        for key, entry in package_yaml("guidance.yaml").items()
    }


def clause_guidance() -> dict[str, str]:
    """What the checker tells a colleague to do instead, by model clause id."""
    return {key: entry["guidance"] for key, entry in _guidance_data().items()}


def clause_messages() -> dict[str, str]:
    """What the checker says when the classifier finds a clause engaged, by model clause id."""
    return {key: entry["message"] for key, entry in _guidance_data().items()}
