"""The embedder's similarity scale on this corpus, measured when the collection is built.

Embedders differ wildly in how similar "similar" is: over data/sample an on-topic question's best chunk
scores ~0.85 with multilingual-e5 and ~0.5 with a hashed character n-gram model. So no threshold in dtbot is
an absolute cosine. Instead, when an ingest changes the collection, :func:`calibrate` runs a fixed set of
probe questions — generic *on-topic* office questions and *off-topic* ones (cooking, trains, the printer,
birthdays…), in English, Russian and Kyrgyz — against the corpus and records, per language and per kind,
the mean and spread of the signals the answerability decision uses (:class:`Signals`) and the probes'
centroids, plus the distribution of similarities between random chunk pairs. The result is stored with the
collection (Chroma collection metadata, key ``dtbot_calibration``; ``hnsw:*`` keys untouched). Knowledge
bases built before calibration existed are calibrated on first use (and stored, best effort).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import math
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from retrieval.embed_cache import query_vectors
from retrieval.routing import Router

if TYPE_CHECKING:
    from retrieval.knowledge_base import KnowledgeBase
    from retrieval.lexical import LexicalIndex

log = logging.getLogger(__name__)

# 2: key-term evidence and the topic's mean similarity; 3: cross-script word evidence; 4: topics lose a pronoun
# or conjunction left at their ends (routing._EDGE_WORDS); 5: and the verb of "who did X" (routing._DOER_VERB_RE)
VERSION = 5
META_KEY = "dtbot_calibration"
SAMPLE_SIZE = 2000  # chunk embeddings kept in memory to place a query on its own similarity distribution
TOP_K = 5  # passages inspected for lexical evidence and dense/lexical agreement

# Probe questions, in our own words. Off-topic: things an office knowledge base never covers — half everyday
# life, half office life (parking, birthdays, the printer), since real off-topic questions come in office
# words. On-topic:
# generic questions about the work of a country office's digital team (who works on what, projects,
# strategies, results) — phrased without naming anything a particular corpus contains.
PROBES: dict[str, dict[str, list[str]]] = {
    "en": {
        "off": [
            "How do I bake a chocolate cake?",
            "Which film won the Oscar for best picture?",
            "Where can I park my bicycle near the office?",
            "How do I change a flat tyre on my car?",
            "Whose birthday are we celebrating this month?",
            "How do I fix the paper jam in the printer on the third floor?",
            "Which taxi company is cheapest to get to the airport?",
            "What time does the last train leave tonight?",
            "What are the symptoms of the flu?",
            "How does a knight move in chess?",
            "Is the coffee machine in the kitchen working again?",
            "Where should I spend my summer vacation?",
        ],
        "on": [
            "Who in our office works on digital transformation?",
            "Which projects support e-government services?",
            "What does the strategy say about data and digital public infrastructure?",
            "Who is the focal point for this project?",
            "Which partners and ministries do our projects work with?",
            "What are the main priorities of the national development strategy?",
            "Who can advise on a project with a technology component?",
            "What results has the project achieved so far?",
            "Which projects are ongoing and who leads them?",
            "What are the team's plans and milestones for this year?",
        ],
    },
    "ru": {
        "off": [
            "Как испечь шоколадный торт?",
            "Какой фильм получил Оскар как лучший фильм?",
            "Где можно оставить велосипед возле офиса?",
            "Как поменять колесо на машине?",
            "У кого из коллег день рождения в этом месяце?",
            "Как устранить замятие бумаги в принтере на третьем этаже?",
            "Какое такси дешевле всего до аэропорта?",
            "Во сколько сегодня уходит последний поезд?",
            "Какие симптомы у гриппа?",
            "Как ходит конь в шахматах?",
            "Кофемашина на кухне снова работает?",
            "Куда лучше поехать в отпуск этим летом?",
        ],
        "on": [
            "Кто в нашем офисе занимается цифровой трансформацией?",
            "Какие проекты поддерживают электронные государственные услуги?",
            "Что говорится в стратегии о данных и цифровой общественной инфраструктуре?",
            "Кто является контактным лицом по этому проекту?",
            "С какими партнёрами и министерствами работают наши проекты?",
            "Каковы главные приоритеты национальной стратегии развития?",
            "Кто может проконсультировать по проекту с технологическим компонентом?",
            "Каких результатов проект уже достиг?",
            "Какие проекты сейчас реализуются и кто ими руководит?",
            "Какие планы и этапы у команды на этот год?",
        ],
    },
    "ky": {
        "off": [
            "Шоколад торт кантип бышырылат?",
            "Кайсы тасма эң мыкты тасма катары Оскар алды?",
            "Кеңсенин жанына велосипедди кайда коюуга болот?",
            "Машинанын дөңгөлөгүн кантип алмаштырам?",
            "Бул айда кесиптештердин кимисинин туулган күнү?",
            "Үчүнчү кабаттагы принтерде кагаз тыгылып калды, кантип оңдойм?",
            "Аэропортко кайсы такси эң арзан?",
            "Акыркы поезд бүгүн саат канчада жөнөйт?",
            "Сасык тумоонун белгилери кандай?",
            "Шахматта ат кантип жүрөт?",
            "Ашканадагы кофе машинасы кайра иштеп жатабы?",
            "Жайкы өргүүдө кайда барсам жакшы?",
        ],
        "on": [
            "Биздин кеңседе санариптик трансформация менен ким алектенет?",
            "Кайсы долбоорлор электрондук мамлекеттик кызматтарды колдойт?",
            "Стратегияда маалыматтар жана санариптик коомдук инфраструктура жөнүндө эмне айтылат?",
            "Бул долбоор боюнча байланыш адамы ким?",
            "Биздин долбоорлор кайсы өнөктөштөр жана министрликтер менен иштешет?",
            "Улуттук өнүктүрүү стратегиясынын негизги артыкчылыктары кайсылар?",
            "Технологиялык компоненти бар долбоор боюнча ким кеңеш бере алат?",
            "Долбоор буга чейин кандай натыйжаларга жетишти?",
            "Азыр кайсы долбоорлор ишке ашырылып жатат жана аларды ким жетектейт?",
            "Команданын быйылкы пландары жана негизги этаптары кандай?",
        ],
    },
}

#: Changes whenever the probe questions do, so a calibration made with other probes is redone.
PROBE_DIGEST = hashlib.sha256(json.dumps(PROBES, sort_keys=True).encode()).hexdigest()[:16]

#: The signals of one question, each higher = more answerable. See :class:`Signals`.
SIGNALS = ("top", "mean", "probe", "coverage", "lexical", "agreement", "z", "keyterm", "topic_mean", "cross")


@dataclass
class Signals:
    """What the corpus (and the calibration probes) say about one question.

    * ``top`` — best dense similarity of any chunk (the old, single, absolute criterion);
    * ``mean`` — mean similarity of the question to the corpus (a sample of stored chunks): how on-topic the
      question is for the collection as a whole, not just for its nearest chunk;
    * ``probe`` — similarity to the centroid of the on-topic probes minus that to the off-topic probes of the
      question's language (a nearest-centroid view of what kind of question this is);
    * ``coverage`` — share of the question's terms that occur anywhere in the corpus (a question about
      football over an office corpus has words the corpus never uses; so does a Kyrgyz question over English
      text, which is why ``answerability`` uses it only for languages the index can see);
    * ``lexical`` — share of the question's terms found in the top dense and lexical passages;
    * ``agreement`` — overlap (Jaccard) of the dense and the lexical top-k;
    * ``z`` — ``top`` as a z-score over the question's own similarity distribution to the corpus;
    * ``keyterm`` — key-term evidence: the share of the question's *topic* terms (frame words such as
      "who knows about" removed, stemmed) that one single retrieved passage contains, each term weighted by
      its rarity in the corpus (BM25 idf; a term the corpus never uses weighs most). "What is the salary
      grade of a Digital Transformation Specialist?" scores low over an office corpus that has "digital
      transformation" everywhere but no salary grades; it does not depend on the embedder at all;
    * ``topic_mean`` — ``mean`` of the question's topic alone: how much the collection as a whole is about
      what is asked, without the frame words ("who can advise on…") that every office question shares;
    * ``cross`` — share of the question's content words that spell, in the other script, a term the corpus
      uses ("Түндүк" ~ "Tunduk", "блокчейн" ~ "blockchain": ``LexicalIndex.cross_script_terms``): the
      lexical evidence a Russian or Kyrgyz question has over English text (used for the languages whose
      own words the index cannot see, see retrieval/answerability.py).
    """

    top: float
    mean: float
    probe: float
    coverage: float
    lexical: float
    agreement: float
    z: float
    keyterm: float = 0.0
    topic_mean: float = 0.0
    cross: float = 0.0

    def get(self, name: str) -> float:
        return float(getattr(self, name))


@dataclass
class Stat:
    """Mean and standard deviation of one signal over a set of probes."""

    mean: float
    sd: float

    @classmethod
    def of(cls, values: list[float]) -> Stat:
        arr = np.asarray(values, dtype=np.float64)
        return cls(float(arr.mean()) if arr.size else 0.0, float(arr.std()) if arr.size else 0.0)


def _pack(vector: np.ndarray) -> str:
    return base64.b64encode(np.asarray(vector, dtype="<f4").tobytes()).decode()


def _unpack(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<f4").astype(np.float32)


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


@dataclass
class Calibration:
    """The similarity scale of one embedder on one collection (see the module docstring)."""

    embedder: str
    chunks: int
    pair: Stat  # cosine between random chunk pairs: the embedder's background similarity on this corpus
    # language → "on"/"off" → signal → Stat over that language's probes
    probes: dict[str, dict[str, dict[str, Stat]]] = field(default_factory=dict)
    # language → "on"/"off" → unit centroid of the probes' query vectors
    centroids: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    fingerprint: str = ""  # of the chunk-id set calibrated on (see :func:`fingerprint`)
    probe_digest: str = PROBE_DIGEST
    version: int = VERSION

    def language(self, language: str) -> str:
        """``language`` if it was probed, else English (the probes' fallback)."""
        return language if language in self.probes else "en"

    def stat(self, language: str, kind: str, signal: str) -> Stat | None:
        return ((self.probes.get(self.language(language)) or {}).get(kind) or {}).get(signal)

    def probe_signal(self, vector: np.ndarray, language: str) -> float:
        cents = self.centroids.get(self.language(language)) or {}
        if "on" not in cents or "off" not in cents:
            return 0.0
        return float(cents["on"] @ vector - cents["off"] @ vector)

    def to_json(self) -> str:
        raw = asdict(self)
        raw["centroids"] = {
            lang: {kind: _pack(vec) for kind, vec in kinds.items()} for lang, kinds in self.centroids.items()
        }
        return json.dumps(raw, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Calibration | None:
        try:
            raw = json.loads(text)
            if raw.get("version") != VERSION or raw.get("probe_digest") != PROBE_DIGEST:
                return None
            probes = {
                lang: {kind: {sig: Stat(**st) for sig, st in sigs.items()} for kind, sigs in kinds.items()}
                for lang, kinds in raw["probes"].items()
            }
            if any(set(SIGNALS) - set(sigs) for kinds in probes.values() for sigs in kinds.values()):
                return None  # measured without some current signal: recalibrate
            centroids = {
                lang: {kind: _unpack(vec) for kind, vec in kinds.items()}
                for lang, kinds in raw["centroids"].items()
            }
            fp = str(raw.get("fingerprint", ""))
            return cls(raw["embedder"], int(raw["chunks"]), Stat(**raw["pair"]), probes, centroids, fp)
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


# ---------------------------------------------------------------------------------------------------
# measuring
class CorpusSample:
    """Up to ``SAMPLE_SIZE`` stored chunk embeddings, spread evenly over the collection."""

    def __init__(self, kb: KnowledgeBase, size: int = SAMPLE_SIZE) -> None:
        total = kb.store.count()
        self.count = total
        vecs: list[Any] = []
        if total:
            slices = max(1, min(8, math.ceil(total / max(1, size))))
            per = max(1, size // slices) if total > size else total
            step = total / slices
            for i in range(slices):
                got = kb.store.collection.get(include=["embeddings"], limit=per, offset=int(i * step))
                emb = got.get("embeddings")
                if emb is not None and len(emb):
                    vecs.extend(np.asarray(emb, dtype=np.float32))
        self.matrix = np.asarray(vecs, dtype=np.float32).reshape(len(vecs), -1)

    def similarities(self, vector: np.ndarray) -> np.ndarray:
        if not len(self.matrix):
            return np.zeros(0, dtype=np.float32)
        return self.matrix @ np.asarray(vector, dtype=np.float32)


def signals(
    kb: KnowledgeBase,
    sample: CorpusSample,
    question: str,
    *,
    probe: float = 0.0,
    vector: np.ndarray | None = None,
    topic_vector: np.ndarray | None = None,
    k: int = TOP_K,
) -> Signals:
    """The :class:`Signals` of ``question`` over the knowledge base (``probe`` is computed by the caller,
    which knows the centroids: :meth:`Calibration.probe_signal`; ``vector`` / ``topic_vector``: the
    question's and its topic's query vectors when the caller has them)."""
    from retrieval.lexical import tokenize

    vector = kb.embedder.embed_query(question) if vector is None else vector
    topic = Router(kb.settings).topic(question)
    if topic_vector is None:
        topic_vector = vector if topic == question.strip() else kb.embedder.embed_query(topic)
    topic_sims = sample.similarities(topic_vector)
    topic_mean = float(topic_sims.mean()) if topic_sims.size else 0.0
    dense = kb.store.search_by_vector(vector, k=k)
    top = dense[0].score if dense else 0.0
    sims = sample.similarities(vector)
    mean = float(sims.mean()) if sims.size else 0.0
    sd = float(sims.std()) if sims.size else 0.0
    z = (top - mean) / sd if sd > 1e-9 else 0.0
    terms = set(tokenize(question))
    lex_ids: list[str] = []
    coverage = 0.0
    index = kb.lexical
    if index is not None and len(index) and terms:
        lex_ids = [cid for cid, _ in index.search(question, k=k)]
        coverage = index.coverage(question)
    found: set[str] = set()
    for text in [h.text for h in dense] + [h.text for h in kb.store.get(lex_ids).values()]:
        found.update(tokenize(text))
    lexical = len(terms & found) / len(terms) if terms else 0.0
    dense_ids = {h.id for h in dense}
    union = dense_ids | set(lex_ids)
    agreement = len(dense_ids & set(lex_ids)) / len(union) if union and lex_ids else 0.0
    keyterm = 0.0
    if index is not None and len(index):
        topic_ids = [cid for cid, _ in index.search(topic, k=k)]
        passages = [h.text for h in dense] + [h.text for h in kb.store.get(topic_ids).values()]
        keyterm = key_term_evidence(index, topic, passages)
    cross = index.cross_script_terms(question)[1] if index is not None and len(index) else 0.0
    return Signals(top, mean, probe, coverage, lexical, agreement, z, keyterm, topic_mean, cross)


def key_term_evidence(index: LexicalIndex, topic: str, passages: list[str]) -> float:
    """Best share, over ``passages``, of the idf mass of ``topic``'s distinct terms that one passage contains
    (0..1; 1.0 for a topic without terms, which nothing can contradict). The idf is BM25's,
    ``ln(1 + (N − df + 0.5) / (df + 0.5))`` over the lexical index, so a term the corpus never uses weighs
    most and ubiquitous words little; without document frequencies every term weighs the same."""
    from retrieval.lexical import tokenize

    terms = list(dict.fromkeys(tokenize(topic)))
    if not terms:
        return 1.0
    df = index.document_frequencies(terms)  # whole-index statistics, the same through every reader's view
    n = len(index)
    idf = {t: math.log(1 + (n - df.get(t, 0) + 0.5) / (df.get(t, 0) + 0.5)) for t in terms}
    total = sum(idf.values()) or 1.0
    best = 0.0
    for text in passages:
        words = set(tokenize(text))
        best = max(best, sum(w for t, w in idf.items() if t in words) / total)
    return best


def calibrate(kb: KnowledgeBase, *, sample: CorpusSample | None = None, seed: int = 0) -> Calibration:
    """Measure the embedder's scale on this collection: the probes' signals per language and kind, the
    probe centroids, and the similarity of random chunk pairs. Each probe's ``probe`` signal is measured
    against centroids that leave the probe itself out."""
    sample = sample or CorpusSample(kb)
    mat = sample.matrix
    pair = Stat(0.0, 0.0)
    if len(mat) >= 2:
        rng = np.random.default_rng(seed)
        n = min(4000, len(mat) * (len(mat) - 1) // 2)
        a = rng.integers(0, len(mat), size=n)
        b = rng.integers(0, len(mat), size=n)
        keep = a != b
        pair = Stat.of([float(x) for x in np.einsum("ij,ij->i", mat[a[keep]], mat[b[keep]])])
    # the probes and their topics are the same for every collection: their query vectors come from the
    # on-disk embedding cache after the first calibration with this embedder
    router = Router(kb.settings)
    vectors = {
        lang: {kind: query_vectors(kb.embedder, qs) for kind, qs in kinds.items()}
        for lang, kinds in PROBES.items()
    }
    topic_vectors = {
        lang: {kind: query_vectors(kb.embedder, [router.topic(q) for q in qs]) for kind, qs in kinds.items()}
        for lang, kinds in PROBES.items()
    }
    centroids = {
        lang: {kind: _unit(vecs.mean(axis=0)) for kind, vecs in kinds.items()}
        for lang, kinds in vectors.items()
    }
    probes: dict[str, dict[str, dict[str, Stat]]] = {}
    for lang, kinds in PROBES.items():
        probes[lang] = {}
        for kind, questions in kinds.items():
            rows = []
            for i, question in enumerate(questions):
                vec = vectors[lang][kind][i]
                own = vectors[lang][kind]
                loo = _unit(np.delete(own, i, axis=0).mean(axis=0))  # leave this probe out
                other = centroids[lang]["off" if kind == "on" else "on"]
                on, off = (loo, other) if kind == "on" else (other, loo)
                topic_vec = topic_vectors[lang][kind][i]
                rows.append(
                    signals(
                        kb,
                        sample,
                        question,
                        vector=vec,
                        topic_vector=topic_vec,
                        probe=float(on @ vec - off @ vec),
                    )
                )
            probes[lang][kind] = {name: Stat.of([r.get(name) for r in rows]) for name in SIGNALS}
    return Calibration(kb.embedder.name, sample.count, pair, probes, centroids)


# ---------------------------------------------------------------------------------------------------
# storing with the collection
def save(kb: KnowledgeBase, calibration: Calibration) -> None:
    """Store ``calibration`` in the collection's metadata (``hnsw:*`` keys are never sent: chromadb refuses
    to change the distance function, which stays in the collection's configuration)."""
    collection = kb.store.collection
    meta = {k: v for k, v in (collection.metadata or {}).items() if not k.startswith("hnsw:")}
    meta[META_KEY] = calibration.to_json()
    collection.modify(metadata=meta)


def stored(kb: KnowledgeBase) -> Calibration | None:
    """The calibration stored with the collection, if it fits the current embedder and chunk count."""
    raw = (kb.store.collection.metadata or {}).get(META_KEY)
    if not isinstance(raw, str):
        return None
    cal = Calibration.from_json(raw)
    if cal is None or cal.embedder != kb.embedder.name or cal.chunks != kb.store.count():
        return None
    return cal


def fingerprint(ids: list[str]) -> str:
    """A digest of the collection's chunk-id set (chunk ids change with their content)."""
    digest = hashlib.sha256()
    for cid in sorted(ids):
        digest.update(cid.encode() + b"\n")
    return digest.hexdigest()


def refresh(kb: KnowledgeBase) -> Calibration | None:
    """Calibrate and store unless the stored calibration was made on exactly this chunk set (called at the
    end of every ingest). Never raises: a missing calibration is computed when first needed."""
    try:
        if kb.store.count() == 0:
            return None
        fp = fingerprint(kb.store.all_ids())
        current = stored(kb)
        if current is not None and current.fingerprint == fp:
            return current
        cal = calibrate(kb)
        cal.fingerprint = fp
        save(kb, cal)
        return cal
    except Exception:  # noqa: BLE001 - calibration must never fail an ingest
        log.exception("calibration failed; it will be computed lazily on first use")
        return None
