"""The page's merge, annotate and diff routes against hostile requests: a body streamed past the limit, two saves
of one change list at once, a form that is a link out of the folder, a body that is not a .docx at all."""
from __future__ import annotations

import threading
from urllib.parse import urlencode

from drafting.serve.guard import TOKEN_HEADER
from tests.serve.test_app import ORIGIN, TOKEN, client, folder, services  # noqa: F401  (fixtures)
from tests.serve.test_docxmerge import FORM, LEADERS_EDIT, changes_of, edited, opened_version, plan, save


def _kept(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".合并前-" in p.name)


def test_a_body_streamed_without_a_length_is_cut_off_at_the_limit(client, folder):
    from drafting.serve.uploads import MAX_UPLOAD

    sent = [0]

    def chunks():
        while sent[0] < 4 * MAX_UPLOAD:
            sent[0] += 1_000_000
            yield b"\0" * 1_000_000
    query = urlencode({"form": FORM, "file": "大.docx", "version": opened_version(client)})
    answer = client.post(f"/api/merge/plan?{query}", content=chunks(),
                         headers={TOKEN_HEADER: TOKEN, "Origin": ORIGIN})
    assert answer.status_code == 413 and answer.json()["code"] == "S091"  # (the test client sends it all first)


def test_a_body_sent_as_a_form_upload_is_read_or_refused_never_a_traceback(client, folder):
    """A multipart body holds the .docx between its boundaries: zip readers find the archive from its end, so it
    may well be read; whatever happens, the answer is the page's JSON and the form is untouched."""
    raw = edited(folder, *LEADERS_EDIT)
    before = (folder / FORM).read_bytes()
    query = urlencode({"form": FORM, "file": "修改稿.docx", "version": opened_version(client)})
    answer = client.post(f"/api/merge/plan?{query}", files={"file": ("修改稿.docx", raw)},
                         headers={TOKEN_HEADER: TOKEN, "Origin": ORIGIN})
    assert answer.status_code in (200, 422) and answer.headers["content-type"].startswith("application/json")
    assert "Traceback" not in answer.text and (folder / FORM).read_bytes() == before and _kept(folder) == []


def test_two_saves_of_one_change_list_at_once_merge_once(client, folder):
    raw = edited(folder, *LEADERS_EDIT)
    version = opened_version(client)
    listed = plan(client, raw, version).json()
    ids = [c["id"] for c in changes_of(listed) if c["choosable"]]
    answers: list = [None, None]
    start = threading.Barrier(2)

    def send(n: int) -> None:
        start.wait()
        answers[n] = save(client, raw, version, listed, ids)
    threads = [threading.Thread(target=send, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = sorted(answer.status_code for answer in answers)
    assert codes[0] == 200 and codes[1] >= 400, [a.text for a in answers]
    refused = next(a for a in answers if a.status_code >= 400).json()
    assert refused["code"] == "S092"
    assert len(_kept(folder)) == 1 and "努力为全市" in (folder / FORM).read_text(encoding="utf-8")


def test_a_form_linked_out_of_its_folder_is_neither_opened_nor_written_through(client, folder, tmp_path):
    outside = tmp_path / "外面.yaml"
    outside.write_bytes((folder / FORM).read_bytes())
    raw = edited(folder, *LEADERS_EDIT)
    version = opened_version(client)
    listed = plan(client, raw, version).json()
    (folder / FORM).unlink()
    (folder / FORM).symlink_to(outside)
    before = outside.read_bytes()
    assert client.get(f"/form/{FORM}").status_code == 404
    for answer in (plan(client, raw, version), save(client, raw, version, listed,
                                                    [c["id"] for c in changes_of(listed) if c["choosable"]])):
        assert 400 <= answer.status_code < 500 and answer.json()["code"], answer.text
    assert outside.read_bytes() == before and (folder / FORM).is_symlink()
    assert _kept(folder) == []
