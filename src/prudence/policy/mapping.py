"""Maps a school's own policy onto the model policy's rules, so Prudence cites the school's numbers.

Schools renumber, merge and reword the model policy. Each imported clause is matched to the model
clause it means, by the meaning of its words (a TF-IDF comparison of word stems and character
n-grams against the model clause's heading, summary and aliases) and, where the numbers agree, by
its number. A clause that means nothing in the model policy stays unmapped rather than guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from prudence.policy.clause import Clause, Policy, canonical_number
from prudence.policy.document import ImportedClause

# Below this similarity a clause is left unmapped; a matching number lowers the bar because a
# school that kept the model's numbering usually kept its meaning too.
_MEANING_THRESHOLD = 0.16
_NUMBER_BONUS = 0.12


class MatchBasis(StrEnum):
    NUMBER_AND_MEANING = "number and meaning"
    MEANING = "meaning"


@dataclass(frozen=True, slots=True)
class ClauseMapping:
    """Which model clause an imported clause carries, and how sure the match is."""

    school_number: str
    school_line: int
    model_id: str | None
    model_number: str | None
    basis: MatchBasis | None
    similarity: float

    def as_dict(self) -> dict[str, object]:
        return {
            "school_number": self.school_number,
            "line": self.school_line,
            "model_clause": self.model_number,
            "model_id": self.model_id,
            "basis": self.basis.value if self.basis else None,
            "similarity": round(self.similarity, 3),
        }


def _model_text(clause: Clause) -> str:
    return " ".join([clause.heading, clause.summary, *clause.aliases])


def _school_text(clause: ImportedClause) -> str:
    return " ".join(filter(None, [clause.heading, clause.text]))


def map_onto_model(imported: Sequence[ImportedClause], model: Policy) -> list[ClauseMapping]:
    """The model clause each imported clause corresponds to, in the imported order."""
    if not imported:
        return []
    # Imported here so that commands which never map a policy start without scikit-learn.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    model_clauses = list(model.clauses)
    vectoriser = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(4, 5), sublinear_tf=True, lowercase=True
    )
    corpus = [_model_text(c) for c in model_clauses] + [_school_text(c) for c in imported]
    matrix = vectoriser.fit_transform(corpus)
    similarity = cosine_similarity(matrix[len(model_clauses) :], matrix[: len(model_clauses)])

    mappings: list[ClauseMapping] = []
    for row, clause in enumerate(imported):
        number = canonical_number(clause.number)
        best_index, best_score, best_basis = -1, 0.0, None
        for column, candidate in enumerate(model_clauses):
            meaning = float(similarity[row, column])
            same_number = canonical_number(candidate.number) == number
            score = meaning + (_NUMBER_BONUS if same_number else 0.0)
            if score > best_score:
                best_index, best_score = column, score
                best_basis = MatchBasis.NUMBER_AND_MEANING if same_number else MatchBasis.MEANING
        meaning = float(similarity[row, best_index]) if best_index >= 0 else 0.0
        threshold = _MEANING_THRESHOLD
        if best_basis is MatchBasis.NUMBER_AND_MEANING:
            threshold /= 2
        if best_index < 0 or meaning < threshold:
            mappings.append(ClauseMapping(clause.number, clause.line, None, None, None, meaning))
            continue
        chosen = model_clauses[best_index]
        mappings.append(
            ClauseMapping(
                school_number=clause.number,
                school_line=clause.line,
                model_id=chosen.id,
                model_number=chosen.number,
                basis=best_basis,
                similarity=float(similarity[row, best_index]),
            )
        )
    return mappings


def school_numbering(mappings: Sequence[ClauseMapping]) -> dict[str, str]:
    """Model clause id -> the number the school's own policy gives that rule (first one wins)."""
    numbering: dict[str, str] = {}
    for mapping in mappings:
        if mapping.model_id is not None:
            numbering.setdefault(mapping.model_id, mapping.school_number)
    return numbering
