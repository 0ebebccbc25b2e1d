"""A publication keeps the version's name in each language the committee gave it, and each edition's files print
that one (issue 67: the French PDF and Word file said "Version Rev.1" though the French name existed); on both
backends."""

from __future__ import annotations

from tests.demo_data import settled_kutahya
from tests.integration.services.transfer.test_transfer import admin_of
from workspace.domain.declaration.declaration_commands import SetVersionLabels
from workspace.services import publication
from workspace.services.declaration import versions

S = "kutahya-2021"


def test_each_edition_of_a_publication_is_named_in_its_language(store):
    settled_kutahya(store)
    admin = admin_of(store)
    versions.set_version_labels(store, admin, S, "Rev.1", SetVersionLabels(labels={"fr": "Rév.1 (finale)"}))
    publication.publish(
        store, admin, S, publication.Publish(version="Rev.1", symbol="UCLG/KUT/2021/DECL", date="2021-10-08")
    )
    _summary, model = publication.publication_model(store, S)
    assert [(e.language, model.version_in(e.language)) for e in model.editions] == [
        ("es", "Rev.1"),
        ("en", "Rev.1"),  # no English name given: the version's own
        ("fr", "Rév.1 (finale)"),
    ]
