"""The county's pages: an export is made in a reading transaction (no save waits while reports are zipped)."""
from __future__ import annotations

from .conftest import client_for


def test_an_export_is_zipped_in_a_reading_transaction_and_audited(app, opened, data_dir, monkeypatch):
    import drafting.county.rounds as rounds
    from drafting.county.db import READ_ONLY

    seen: list[bool] = []
    real = rounds.export_round

    def watched(db, data_dir_, round_):  # type: ignore[no-untyped-def]
        seen.append(db.get_bind().get_execution_options().get(READ_ONLY, False))
        return real(db, data_dir_, round_)

    monkeypatch.setattr(rounds, "export_round", watched)
    county = client_for(app, "县管理员")
    answer = county.get(f"/rounds/{opened['round']}/export")
    assert answer.status_code == 200 and answer.content[:2] == b"PK"
    assert seen == [True]
    csv = county.get("/audit.csv").content.decode("utf-8-sig").splitlines()
    assert "导出" in csv[1] and f"{len(answer.content)} 字节" in csv[1]
