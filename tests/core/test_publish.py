"""The shared record's rules: file layout, what is shared, and how import tells who changed what."""

from __future__ import annotations

from facilitator.core.publish import (
    CONFLICT,
    KEEP_OURS,
    SAME,
    TAKE_THEIRS,
    Base,
    conflict_copy_id,
    decide,
    folder_name,
    may_overwrite,
    path_for,
    publishable,
    session_id_of,
)


def same() -> bool:
    return True


def differs() -> bool:
    return False


def test_one_folder_per_organization_and_team_whatever_the_spelling():
    assert folder_name(" Nordwind  GmbH", "x") == folder_name("nordwind gmbh", "x") == "nordwind-gmbh"
    assert folder_name("../../etc/passwd", "x") == "etc-passwd"
    assert folder_name("Équipe Données", "x") == "équipe-données"
    assert folder_name("   ", "no-team") == "no-team"
    assert folder_name("a" * 200, "x") == "a" * 60
    document = {"session": {"id": "20261130-abc123", "organization": "Nordwind GmbH", "team": "",
                            "started_at": "2026-11-30T09:00:00Z"}}
    assert str(path_for(document)) == "nordwind-gmbh/no-team/2026-11-30-20261130-abc123.yaml"
    assert session_id_of("2026-11-30-20261130-abc123.yaml") == "20261130-abc123"
    assert session_id_of("notes.yaml") is None and session_id_of("2026-11-30-../x.yaml") is None


def test_what_is_shared_leaves_out_private_notes_and_live_findings():
    document = {"format": "facilitator/v1", "okrs": {"findings": [{"check": "x"}], "objectives": []},
                "private": {"facilitator_notes": [{"step": "a", "notes": "secret"}]}}
    shared = publishable(document)
    assert "private" not in shared and shared["okrs"]["findings"] == []
    assert document["okrs"]["findings"], "the session's own export is left as it was"


def test_import_takes_what_only_the_other_side_changed():
    base = Base("2026-11-30T10:00:00Z", "d0")
    assert decide("2026-11-30T10:00:00Z", "2026-11-30T11:00:00Z", base, differs) == TAKE_THEIRS
    assert decide("2026-11-30T11:00:00Z", "2026-11-30T10:00:00Z", base, differs) == KEEP_OURS
    assert decide("2026-11-30T11:00:00Z", "2026-11-30T12:00:00Z", base, differs) == CONFLICT
    assert decide("2026-11-30T12:00:00Z", "2026-11-30T11:00:00Z", base, differs) == CONFLICT, "older or not"
    assert decide("2026-11-30T10:00:00Z", "2026-11-30T10:00:00Z", base, differs) == SAME
    # both changed in the same second: equal content is the same, other content a conflict
    assert decide("2026-11-30T11:00:00Z", "2026-11-30T11:00:00Z", base, same) == SAME
    assert decide("2026-11-30T11:00:00Z", "2026-11-30T11:00:00Z", base, differs) == CONFLICT


def test_without_a_base_the_newer_wins():
    assert decide("2026-11-30T10:00:00Z", "2026-11-30T11:00:00Z", None, differs) == TAKE_THEIRS
    assert decide("2026-11-30T11:00:00Z", "2026-11-30T10:00:00Z", None, differs) == KEEP_OURS
    assert decide("2026-11-30T11:00:00Z", "2026-11-30T11:00:00Z", None, differs) == CONFLICT


def test_publish_never_writes_over_another_coach_s_change():
    base = Base("2026-11-30T10:00:00Z", "d0")
    assert may_overwrite("2026-11-30T10:00:00Z", "2026-11-30T11:00:00Z", base)
    assert not may_overwrite("2026-11-30T10:30:00Z", "2026-11-30T11:00:00Z", base), "changed there since"
    assert may_overwrite("2026-11-30T09:00:00Z", "2026-11-30T11:00:00Z", None)
    assert not may_overwrite("2026-11-30T12:00:00Z", "2026-11-30T11:00:00Z", None)
    assert may_overwrite(None, "2026-11-30T11:00:00Z", base), "not an export: git keeps what it was"


def test_a_conflict_copy_has_a_stable_valid_id():
    copy = conflict_copy_id("20261130-abc123", "f" * 64)
    assert copy == "20261130-abc123-conflict-ffffffff" == conflict_copy_id("20261130-abc123", "f" * 64)
    assert len(conflict_copy_id("x" * 64, "a" * 64)) <= 64
