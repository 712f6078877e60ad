"""Run by a Python that has LibreOffice's ``uno`` (not drafting's): edit a .docx in LibreOffice and save it as Word.

Arguments: soffice, profile URL, pipe name, the job's JSON file ({"in", "out", "edits": [[kind, …]…], "record",
"author"}). It starts LibreOffice on the pipe with the profile (its pid said first, as {"started": pid}),
opens the document (as a model without a view), makes each edit through the UNO text API as a person would (a cursor over the text,
setString; a paragraph break and text typed after a paragraph; a selection from the previous paragraph's end
deleted; an annotation over the anchor), with Edit ▸ Track Changes ▸ Record on when asked, saves with the
filter "MS Word 2007 XML", answers {"done": out} or {"error": why}, and stops LibreOffice's process group
and removes its sockets (``drafting/office/unohelper.py``'s ``stop``).
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "drafting", "office"))
from unohelper import connect, start_office, stop  # noqa: E402  (stdlib only: this Python has no drafting)


def prop(name, value):
    """A com.sun.star.beans.PropertyValue."""
    from com.sun.star.beans import PropertyValue

    found = PropertyValue()
    found.Name, found.Value = name, value
    return found


def paragraphs(document):
    """The body's paragraphs (tables left out), in order."""
    found = []
    enumeration = document.Text.createEnumeration()
    while enumeration.hasMoreElements():
        element = enumeration.nextElement()
        if element.supportsService("com.sun.star.text.Paragraph"):
            found.append(element)
    return found


def find(document, text):
    """(index, paragraph) of the first paragraph whose text holds ``text``."""
    for index, paragraph in enumerate(paragraphs(document)):
        if text in paragraph.getString():
            return index, paragraph
    raise LookupError("no paragraph holds %r" % text)


def over(document, paragraph, piece):
    """A text cursor selecting the first ``piece`` of ``paragraph``."""
    start = paragraph.getString().index(piece)
    cursor = document.Text.createTextCursorByRange(paragraph.getStart())
    cursor.goRight(start, False)
    cursor.goRight(len(piece), True)
    return cursor


def edit(document, kind, args):
    """Make one edit: replace, delete, insert_after, comment (rows: ``row_edit``)."""
    import uno
    from com.sun.star.text.ControlCharacter import PARAGRAPH_BREAK

    index, paragraph = find(document, args[0])
    text = document.Text
    if kind == "replace":
        over(document, paragraph, args[1]).setString(args[2])
    elif kind == "delete":
        if index:  # from the end of the paragraph before to this one's end: the paragraph and its break go
            before = paragraphs(document)[index - 1]
            cursor = text.createTextCursorByRange(before.getEnd())
            cursor.gotoRange(paragraph.getEnd(), True)
        else:
            cursor = text.createTextCursorByRange(paragraph.getStart())
            cursor.gotoEndOfParagraph(True)
            cursor.goRight(1, True)
        cursor.setString("")
    elif kind == "insert_after":
        cursor = text.createTextCursorByRange(paragraph.getEnd())
        text.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
        text.insertString(cursor, args[1], False)
    elif kind == "comment":
        annotation = document.createInstance("com.sun.star.text.textfield.Annotation")
        annotation.Author = args[3]
        annotation.Content = args[2]
        if len(args) > 4 and args[4]:  # "2026-10-10T09:00:00Z"
            stamp = uno.createUnoStruct("com.sun.star.util.DateTime")
            date, _, clock = args[4].rstrip("Z").partition("T")
            stamp.Year, stamp.Month, stamp.Day = (int(n) for n in date.split("-"))
            stamp.Hours, stamp.Minutes, stamp.Seconds = (int(float(n)) for n in (clock or "0:0:0").split(":"))
            annotation.DateTimeValue = stamp
        text.insertTextContent(over(document, paragraph, args[1]), annotation, True)
    else:
        raise ValueError("LibreOffice makes no %s here" % kind)


def row_edit(document, kind, args):
    """Insert a row after (insert_row: its cells' texts follow) or delete (delete_row) the table row one of whose
    cells holds ``args[0]``, through the table's rows (XTableRows insertByIndex, removeByIndex)."""
    import re

    tables = document.getTextTables()
    for n in range(tables.getCount()):
        table = tables.getByIndex(n)
        for name in table.getCellNames():
            if args[0] in table.getCellByName(name).getString():
                row = int(re.match(r"[A-Z]+(\d+)$", name).group(1)) - 1
                if kind == "delete_row":
                    table.getRows().removeByIndex(row, 1)
                    return
                table.getRows().insertByIndex(row + 1, 1)
                for column, value in enumerate(args[1:]):
                    table.getCellByName("%s%d" % (chr(ord("A") + column), row + 2)).setString(value)
                return
    raise LookupError("no table cell holds %r" % args[0])


def set_author(context, author):
    """Name the profile's user (the author LibreOffice gives tracked changes) ``author``."""
    provider = context.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", context)
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess", (prop("nodepath", "/org.openoffice.UserProfile/Data"),))
    access.setPropertyValue("givenname", author)
    access.setPropertyValue("sn", "")
    access.commitChanges()


def main():
    """Start LibreOffice, make the job's edits, save, stop it."""
    import uno

    soffice, profile, pipe, job_file = sys.argv[1:5]
    with open(job_file, encoding="utf-8") as stream:
        job = json.load(stream)
    office = start_office(soffice, profile, pipe)
    try:
        context = connect(uno, office, pipe, 60)
        if context is None:
            print(json.dumps({"error": "LibreOffice did not start"}), flush=True)
            return
        if job.get("author"):
            set_author(context, job["author"])
        # A model without a view: LibreOffice 7.4 headless aborts building a comment's window for a loaded view
        document = context.ServiceManager.createInstanceWithContext("com.sun.star.text.TextDocument", context)
        document.load((prop("URL", uno.systemPathToFileUrl(job["in"])), prop("FilterName", "MS Word 2007 XML"),
                       prop("MacroExecutionMode", 0)))
        try:
            if job.get("record"):
                document.RecordChanges = True
            for item in job["edits"]:
                (row_edit if item[0] in ("insert_row", "delete_row") else edit)(document, item[0], item[1:])
            document.storeToURL(uno.systemPathToFileUrl(job["out"]), (prop("FilterName", "MS Word 2007 XML"),))
        finally:
            document.close(True)
        print(json.dumps({"done": job["out"]}), flush=True)
    except Exception as exc:
        import traceback

        print(json.dumps({"error": "%s: %s" % (type(exc).__name__, exc), "where": traceback.format_exc()[-1500:]}),
              flush=True)
    finally:
        stop(office, json.loads(sys.argv[5]) if len(sys.argv) > 5 else {}, 10)


if __name__ == "__main__":
    main()
