"""Fixed clauses the 告知承诺书 prints, looked up in the bundled source texts — never typed in.

国办发〔2020〕42号 (七) lists what the written notice (书面告知) and the written commitment (书面承诺)
must contain; (四) defines the commitment, (八) the verification and the consequences of an untrue
commitment.  Each clause below is printed only when its quote is found (after normalisation) in the
bundled text of the document with that 文号; otherwise the document leaves a blank for the office to
fill in, instead of inventing legal wording.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import dataclass

from desktop.core.catalog import Catalog
from desktop.core.citations import normalise
from desktop.core.model import LegalBasis, Source

WENHAO_42 = "国办发〔2020〕42号"


@dataclass(frozen=True)
class Clause:
    """One element of the 告知承诺书 and the clause that states it."""

    key: str
    label: str
    wenhao: str
    article: str
    quote: str


CLAUSES: tuple[Clause, ...] = (
    Clause("notice_elements", "书面告知应包括的内容", WENHAO_42, "（七）",
           "书面告知的内容应当包括事项名称，设定依据，证明内容或者许可条件和材料要求，承诺方式，不实承诺可能承担的"
           "民事、行政、刑事责任，行政机关核查权力，承诺书是否公开、公开范围及时限等。"),
    Clause("method", "承诺方式", WENHAO_42, "（四）",
           "申请人书面承诺已经符合告知的相关要求并愿意承担不实承诺的法律责任，行政机关不再索要有关证明并依据书面承诺"
           "办理相关行政事项"),
    Clause("liability", "不实承诺的法律责任", WENHAO_42, "（八）",
           "对在核查或者日常监管中发现承诺不实的，行政机关要依法终止办理、责令限期整改、撤销行政决定或者予以行政处罚，"
           "并纳入信用记录。涉嫌犯罪的，依法移送司法机关。"),
    Clause("verification", "行政机关核查权力", WENHAO_42, "（八）",
           "要针对事项特点等分类确定核查办法，将承诺人的信用状况作为确定核查办法的重要因素，明确核查时间、标准、方式"
           "以及是否免予核查。"),
    Clause("statement", "书面承诺应包括的内容", WENHAO_42, "（七）",
           "书面承诺的内容应当包括申请人已知晓告知事项、已符合相关条件、愿意承担不实承诺的法律责任以及承诺的意思表示"
           "真实等。"),
)

# "一式两份" is printed only where a bundled source says so
TWO_COPIES = "一式两份"


@functools.lru_cache(maxsize=256)
def _text(src: Source) -> str:
    """A source's normalised text (sources are immutable: normalised once, not at every case open)."""
    return normalise("\n".join(e.text for e in src.excerpts))


def find_clauses(catalog: Catalog) -> dict[str, tuple[Clause, LegalBasis]]:
    """The clauses whose quote is in the bundled source with their 文号, by key, with the basis found."""
    by_wenhao: dict[str, list[Source]] = {}
    for src in catalog.sources.values():
        by_wenhao.setdefault(src.wenhao, []).append(src)
    found: dict[str, tuple[Clause, LegalBasis]] = {}
    for clause in CLAUSES:
        for src in by_wenhao.get(clause.wenhao, []):
            if normalise(clause.quote) in _text(src):
                found[clause.key] = (clause, LegalBasis(src.id, clause.article, clause.quote))
                break
    return found


def two_copies_basis(catalog: Catalog, cited: Collection[str] | None = None) -> LegalBasis | None:
    """A clause requiring the commitment in two copies, if a source has one — among ``cited`` (the sources
    the case's applicable items cite) when given: another office's 信用承诺书 rule must not reach this
    case's 告知承诺书."""
    for src in catalog.sources.values():
        if cited is not None and src.id not in cited:
            continue
        for excerpt in src.excerpts:
            for sentence in excerpt.text.replace("\n", "").split("。"):
                if TWO_COPIES in sentence and "承诺" in sentence:
                    return LegalBasis(src.id, "", sentence.strip() + "。")
    return None
