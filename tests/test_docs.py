"""The README stays short and every relative link in it and in docs/ leads to a file (and heading) that exists."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from .conftest import ROOT

FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.S | re.M)
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)
LINK = re.compile(r"!?\[[^\]]*\]\(([^()\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
README_LIMIT = 200
GUIDES = ["index", "form", "figures", "tables", "next-quarter", "rollup", "web-form", "pdf-and-fonts", "errors",
          "codes", "maintainers", "architecture"]


def prose(text: str) -> str:
    """Markdown without code blocks and code spans, where a link is only text."""
    return CODE_SPAN.sub("", FENCE.sub("", text))


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "").strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """Every heading's anchor in a page, with GitHub's -1, -2 for repeated headings."""
    seen: dict[str, int] = {}
    found = set()
    for heading in HEADING.findall(FENCE.sub("", page.read_text(encoding="utf-8"))):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def broken_links(page: Path, root: Path = ROOT) -> list[str]:
    """The relative links of one page whose file or heading does not exist (or lies outside root)."""
    broken = []
    for target in LINK.findall(prose(page.read_text(encoding="utf-8"))):
        if re.match(r"[a-z][a-z0-9+.-]*:", target, re.I):
            continue  # http:, mailto: … are not files of ours
        path, _, anchor = unquote(target).partition("#")
        goal = (page.parent / path).resolve() if path else page
        if not goal.exists() or root.resolve() not in (goal, *goal.parents):
            broken.append(target)
        elif anchor and goal.suffix == ".md" and anchor not in anchors(goal):
            broken.append(target)
    return broken


def test_every_relative_link_leads_somewhere():
    assert {page.name: broken_links(page) for page in PAGES if broken_links(page)} == {}


def test_the_readme_is_short():
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= README_LIMIT


def test_the_readme_links_every_docs_page_and_the_index_lists_them():
    readme = prose((ROOT / "README.md").read_text(encoding="utf-8"))
    index = prose((ROOT / "docs" / "index.md").read_text(encoding="utf-8"))
    for page in sorted((ROOT / "docs").glob("*.md")):
        assert f"(docs/{page.name})" in readme, page.name
        assert page.name == "index.md" or f"({page.name})" in index, page.name
    for name in GUIDES:
        assert (ROOT / "docs" / f"{name}.md").is_file(), name


def test_the_link_check_finds_a_missing_file_and_a_missing_heading(tmp_path):
    """The checker itself: a link to a missing page or heading is reported; code, URLs and good anchors are not."""
    (tmp_path / "b.md").write_text("# 标题：`draft next`（下一期）\n\n## 重复\n\n## 重复\n", encoding="utf-8")
    page = tmp_path / "a.md"
    page.write_text("[好](b.md#标题draft-next下一期) [二](b.md#重复-1) [外](https://example.org/x) `[码](c.md)`\n"
                    "```\n[块](d.md)\n```\n[缺](c.md) [坏](b.md#没有) ![图](images/e.png)\n", encoding="utf-8")
    assert broken_links(page, tmp_path) == ["c.md", "b.md#没有", "images/e.png"]
