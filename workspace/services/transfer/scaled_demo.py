"""`accord demo --scale large|huge`: a generated process at negotiation scale, to try Accord at the size
of a long UN text and for the benchmarks (tests/bench/test_scale.py).

`large` is 3,000 paragraphs in Spanish with English and French editions, 12 circulated versions (each
changing one paragraph in twenty), 3,000 threads, 800 amendments, 400 recommendations in 16 sessions and
150 members; `huge` ten times that. The texts are made of a small trilingual vocabulary, word for word,
so that every translation passes the checks a real one must (numbers, Markdown, French spacing). Built
through the same inserts and write path as a folder import, a phase per transaction, no mail sent.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ...domain.amendments.amendment_commands import ProposeAmendment
from ...domain.comments.anchoring import Quote
from ...domain.consultations.consultations import Decision, MemberDraft, ProcessDraft, RecommendationDraft, SessionDraft
from ...domain.declaration.declaration_commands import Circulate
from ...domain.declaration.declaration_format import render_declaration
from ...domain.declaration.document import Block, Kind
from ...domain.declaration.draft_changes import Cause, CauseKind
from ...domain.errors import N_, Conflict, InvalidInput
from ...store.models import ConsultationSession, Membership, Process, User
from ...store.state import unit_state
from ..actor import SYSTEM, Actor
from ..amendments.proposals import file_amendment
from ..comments.threads import start_thread
from ..consultations.recommendations import insert_recommendation
from ..consultations.sessions import insert_session
from ..declaration.draft import circulate_draft
from ..declaration.importing import replace_draft
from ..declaration.paragraphs import latest_version, version_blocks
from ..declaration.sides import Side
from ..processes.members import put_member
from ..processes.processes import insert_process
from ..translations import exchange
from ..unit import Db, use_case

# Each word and its English and French: a paragraph is ten of them, its translation the same ten translated.
WORDS = [
    ("ciudades", "cities", "villes"),
    ("intermedias", "intermediary", "intermédiaires"),
    ("gobiernos", "governments", "gouvernements"),
    ("locales", "local", "locaux"),
    ("territorio", "territory", "territoire"),
    ("desarrollo", "development", "développement"),
    ("sostenible", "sustainable", "durable"),
    ("cooperación", "cooperation", "coopération"),
    ("resiliencia", "resilience", "résilience"),
    ("agenda", "agenda", "programme"),
    ("vivienda", "housing", "logement"),
    ("agua", "water", "eau"),
    ("cuidados", "care", "soins"),
    ("clima", "climate", "climat"),
    ("cultura", "culture", "culture"),
    ("igualdad", "equality", "égalité"),
    ("financiación", "financing", "financement"),
    ("movilidad", "mobility", "mobilité"),
    ("salud", "health", "santé"),
    ("participación", "participation", "participation"),
]
LANGUAGES = ("es", "en", "fr")
HEADINGS_EVERY = 100  # a heading opens each hundred paragraphs
EDITED_EVERY = 20  # each version changes one paragraph in twenty


@dataclass(frozen=True)
class Scale:
    name: str
    paragraphs: int
    versions: int
    threads: int
    amendments: int
    recommendations: int
    members: int

    @classmethod
    def sized(cls, paragraphs: int, name: str = "") -> Scale:
        """The large demo's proportions at `paragraphs` paragraphs (the benchmarks measure 300 and 3,000)."""
        return cls(
            name or f"p{paragraphs}",
            paragraphs,
            12,
            paragraphs,
            max(1, paragraphs * 8 // 30),
            max(1, paragraphs * 4 // 30),
            max(6, paragraphs // 20),
        )


SCALES = {"large": Scale.sized(3_000, "large"), "huge": Scale.sized(30_000, "huge")}
LIMITS = (10, 100_000)


def parse_scale(value: str) -> Scale:
    """large, huge, or a number of paragraphs (in the large demo's proportions)."""
    value = (value or "").strip().lower()
    if value in SCALES:
        return SCALES[value]
    if value.isdigit() and LIMITS[0] <= int(value) <= LIMITS[1]:
        return Scale.sized(int(value))
    raise InvalidInput(
        N_("The scale is large, huge or a number of paragraphs from {low} to {high}, not “{value}”."),
        low=LIMITS[0],
        high=LIMITS[1],
        value=value,
    )


def slug_of(scale: Scale) -> str:
    return f"demo-{scale.name}"


def _words(seed: int, language: int, edit: int = 0) -> str:
    """Ten words chosen by `seed`, the `edit`-th rewording of it changing two of them."""
    chosen = [WORDS[(seed * 7 + k * 3 + (edit * (k % 5 == 1))) % len(WORDS)][language] for k in range(10)]
    return " ".join(chosen)


def _paragraph(i: int, language: int, edit: int) -> tuple[Kind, str]:
    """Paragraph i (0-based) of the text in `language` (index in LANGUAGES) as its `edit`-th version wrote it."""
    if i % HEADINGS_EVERY == 0:
        return Kind.HEADING, f"{_words(i, language).capitalize()} {i // HEADINGS_EVERY + 1}"
    kind = Kind.PREAMBULAR if i % HEADINGS_EVERY < 10 else Kind.OPERATIVE
    return kind, f"{_words(i, language, edit).capitalize()} {i}, {_words(i + 1, language)} ({i % 97})."


def _eid(kind: Kind, i: int) -> str:
    return {Kind.HEADING: "hdg", Kind.PREAMBULAR: "pre", Kind.OPERATIVE: "op"}[kind] + f"_{i + 1}"


def _edits(i: int, version: int) -> int:
    """How many times paragraph i was reworded by version `version` (1-based): one in twenty each time."""
    return sum(1 for v in range(2, version + 1) if (i * 13 + v) % EDITED_EVERY == 0)


def text_of(scale: Scale, version: int, language: int = 0) -> list[Block]:
    """The declaration as version `version` reads (in LANGUAGES[language])."""
    blocks = []
    for i in range(scale.paragraphs):
        kind, text = _paragraph(i, language, _edits(i, version))
        blocks.append(Block(_eid(kind, i), kind, text, 0, ""))
    return blocks


def _people(scale: Scale) -> list[MemberDraft]:
    host = f"{scale.name}.demo.accord"
    people = [
        MemberDraft(email=f"comite.{scale.name}@demo.accord", name=f"Comité ({scale.name})", role="committee"),
        MemberDraft(
            email=f"traductor.en.{scale.name}@demo.accord",
            name=f"Translator EN ({scale.name})",
            role="translator",
            languages=("en",),
            reviews=("en",),
        ),
        MemberDraft(
            email=f"traductrice.fr.{scale.name}@demo.accord",
            name=f"Traductrice FR ({scale.name})",
            role="translator",
            languages=("fr",),
            reviews=("fr",),
        ),
        MemberDraft(email=f"observador.{scale.name}@demo.accord", name=f"Observador ({scale.name})", role="observer"),
    ]
    people += [
        MemberDraft(email=f"miembro-{n:04d}@{host}", name=f"Gobierno local {n}", role="member")
        for n in range(1, scale.members - len(people) + 1)
    ]
    return people


@use_case
def _founded(tx: Session, scale: Scale) -> None:
    """The process, its members, sessions and recommendations."""
    slug = slug_of(scale)
    if tx.scalar(select(Process.id).where(Process.slug == slug)):
        raise Conflict(N_("A process with the slug “{slug}” already exists."), slug=slug)
    process = insert_process(tx, _demo_process(scale))
    unit_state(tx).quiet = True  # generated history is no news: no mail tells of it
    for member in _people(scale):
        put_member(tx, SYSTEM, process, member)
    sessions = _sessions(tx, process, max(1, scale.recommendations // 25))
    for n in range(scale.recommendations):
        insert_recommendation(
            tx,
            SYSTEM,
            process,
            sessions[n % len(sessions)],
            RecommendationDraft(
                text=f"{_words(n + 5, 0).capitalize()} {n}.",
                language="es",
                author=f"Gobierno local {n % 50 + 1}",
                organisation="",
                themes=(WORDS[n % len(WORDS)][0],),
            ),
            Decision(status="open"),
            f"sesion-{n % len(sessions) + 1}-r{n // len(sessions) + 1:03d}",
        )


def _demo_process(scale: Scale) -> ProcessDraft:
    """The demo process of `scale`: in Spanish, with English and French editions, in negotiation."""
    return ProcessDraft(
        slug=slug_of(scale),
        titles={
            "es": f"Declaración de demostración ({scale.name})",
            "en": f"Demonstration declaration ({scale.name})",
            "fr": f"Déclaration de démonstration ({scale.name})",
        },
        source_language="es",
        languages=tuple(LANGUAGES),
        timezone="Europe/Madrid",
        phase="negotiation",
        places={"es": "Madrid, España", "en": "Madrid, Spain", "fr": "Madrid, Espagne"},
    )


def _sessions(tx: Session, process: Process, count: int) -> list[ConsultationSession]:
    """`count` consultation sessions, a day apart."""
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    return [
        insert_session(
            tx,
            SYSTEM,
            process,
            SessionDraft(
                title=f"Sesión {n + 1}: {_words(n, 0)}",
                starts_at=start + timedelta(days=n),
                ends_at=start + timedelta(days=n, hours=2),
                place="Madrid",
                platform="",
                organisers=("CGLU",),
                languages=LANGUAGES,
                capacity=None,
                theme=WORDS[n % len(WORDS)][0],
                summary=_words(n + 3, 0).capitalize() + ".",
            ),
            f"sesion-{n + 1}",
        )
        for n in range(count)
    ]


@use_case
def _circulated(tx: Session, scale: Scale, version: int) -> None:
    """Version `version`: the draft made to read it, then circulated."""
    process = _process(tx, scale)
    unit_state(tx).quiet = True
    replace_draft(tx, SYSTEM, process, text_of(scale, version), Cause(CauseKind.IMPORT, f"generated-{version}.md"))
    label = "Borrador cero" if version == 1 else f"Rev.{version - 1}"
    circulate_draft(
        tx,
        SYSTEM,
        process,
        Circulate(
            label=label, date=(datetime(2026, 3, 1) + timedelta(days=7 * version)).date().isoformat(), renumber=True
        ),
    )


def _edition(scale: Scale, version: int, language: str, share: float) -> str:
    """The first `share` of version `version`'s paragraphs in `language`, as a Markdown edition."""
    index = LANGUAGES.index(language)
    blocks = text_of(scale, version, index)[: int(scale.paragraphs * share)]
    return render_declaration(blocks)


@use_case
def _discussed(tx: Session, scale: Scale) -> None:
    """Threads on the latest version (one in four on a phrase), and amendments, open, spread over its paragraphs."""
    process = _process(tx, scale)
    unit_state(tx).quiet = True
    latest = latest_version(tx, process)
    assert latest is not None
    blocks = version_blocks(tx, latest)
    on = Side(latest.label, latest, blocks, latest.language)
    members = [
        Actor(id=u.id, email=u.email, name=u.name)
        for u in tx.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.process_id == process.id)
            .order_by(Membership.id)
        )
    ]
    texts = {b.eid: b.text for b in blocks}
    for n in range(scale.threads):
        block = blocks[n % len(blocks)]
        words = block.text.split(" ")
        quote = None
        if n % 4 == 0 and len(words) > 4:
            exact = " ".join(words[1:3])
            start = len(words[0]) + 1
            quote = Quote(exact, words[0] + " ", " " + words[3], start, start + len(exact))
        start_thread(
            tx,
            process,
            members[n % len(members)],
            on,
            block.eid,
            quote,
            f"{_words(n + 11, 0).capitalize()}?",
            number=n + 1,
        )
    operative = [b for b in blocks if b.kind == Kind.OPERATIVE]
    for n in range(scale.amendments):
        block = operative[(n * 7) % len(operative)]
        wording = block.text.replace(",", f", {WORDS[n % len(WORDS)][0]},", 1)
        file_amendment(
            tx,
            process,
            members[(n * 3) % len(members)],
            latest.id,
            texts,
            ProposeAmendment(version=latest.label, eid=block.eid, kind="modify", text=wording),
            number=n + 1,
        )


def _process(tx: Session, scale: Scale) -> Process:
    process = tx.scalar(select(Process).where(Process.slug == slug_of(scale)))
    assert process is not None
    return process


def build_scaled_demo(db: Db, scale: Scale, say: Callable[[str], None] = lambda _: None) -> dict[str, float]:
    """Generate the process of `scale`; the seconds each phase took."""
    taken: dict[str, float] = {}

    def phase(name: str, work: Callable[[], object]) -> None:
        started = time.perf_counter()
        work()
        taken[name] = time.perf_counter() - started
        say(f"{name}: {taken[name]:.1f} s")

    phase("process, members, sessions, recommendations", lambda: _founded(db, scale))
    phase(f"{scale.versions} versions", lambda: [_circulated(db, scale, v) for v in range(1, scale.versions + 1)])
    committee = _actor(db, f"comite.{scale.name}@demo.accord")

    def translated() -> None:
        # The zero draft whole in both languages (outdated where later versions changed it), the latest
        # version nine tenths in English (approved) and two thirds in French (translated).
        for language in ("en", "fr"):
            exchange.import_markdown(
                db, committee, slug_of(scale), language, _edition(scale, 1, language, 1.0), f"1.{language}.md", "1"
            )
        latest = str(scale.versions)
        exchange.import_markdown(
            db,
            committee,
            slug_of(scale),
            "en",
            _edition(scale, scale.versions, "en", 0.9),
            "en.md",
            latest,
            approved=True,
        )
        exchange.import_markdown(
            db, committee, slug_of(scale), "fr", _edition(scale, scale.versions, "fr", 2 / 3), "fr.md", latest
        )

    phase("translations", translated)
    phase(f"{scale.threads} threads, {scale.amendments} amendments", lambda: _discussed(db, scale))
    phase("statistics", lambda: _analysed(db))
    return taken


@use_case
def _analysed(tx: Session) -> None:
    """The planner's statistics brought up to date: after a bulk load they still describe empty tables, and
    PostgreSQL then joins the paragraphs to their translations by scanning (2 s instead of 10 ms at 3,000)."""
    tx.execute(text("ANALYZE"))


@use_case
def _actor(tx: Session, email: str) -> Actor:
    user = tx.scalar(select(User).where(User.email == email))
    assert user is not None
    return Actor(id=user.id, email=user.email, name=user.name)
