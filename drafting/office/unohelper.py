"""Run by a Python that has LibreOffice's ``uno`` (Debian's python3-uno), not by drafting's: a resident converter.

It starts LibreOffice listening on a private pipe, with the profile it is given, then converts each job
read from standard input (one JSON line: {"in": docx, "out": pdf}) and answers on standard output
({"done": pdf} or {"error": text}). When standard input closes — the draft process ended, however it
ended — it stops LibreOffice and exits. It imports nothing of drafting: the other Python does not have it. A watchdog thread sees the draft
process die (this helper is handed to init): it kills LibreOffice's process group, removes its sockets and
its profile's folder (named in the fourth argument), and exits — even while a conversion is under way.
"""
import json
import os
import shutil
import subprocess
import sys
import threading
import time


def watch_parent(office, leftovers, stopping):
    """Kill LibreOffice's group and remove what it leaves once the process that started this helper is gone."""
    parent = leftovers.get("parent") or os.getppid()  # given: draft may die before this thread first looks
    while os.getppid() == parent:
        time.sleep(0.2)
    with stopping:  # never at once with the main thread's clean-up, and never exiting in the middle of it
        stop(office, leftovers, 0)
        remove_orphaned(leftovers)
        os._exit(1)


def remove_orphaned(leftovers):
    """Remove draft's own scratch folders, which nobody else will remove once draft is gone."""
    for folder in leftovers.get("orphaned", []):
        shutil.rmtree(folder, ignore_errors=True)


def stop(office, leftovers, grace):
    """Stop LibreOffice's process group (SIGTERM for ``grace`` seconds, then SIGKILL), remove its sockets and folder."""
    import signal

    try:
        if grace:
            os.killpg(office.pid, signal.SIGTERM)
            office.wait(timeout=grace)
        else:
            raise subprocess.TimeoutExpired("soffice", 0)
    except (OSError, subprocess.TimeoutExpired):
        try:
            os.killpg(office.pid, signal.SIGKILL)
            office.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            pass
    for socket in leftovers.get("sockets", []):
        try:
            os.unlink(socket)
        except OSError:
            pass
    if leftovers.get("folder"):
        shutil.rmtree(leftovers["folder"], ignore_errors=True)


def start_office(soffice, profile, pipe):
    """LibreOffice started headless with ``profile``, listening on ``pipe``, in its own process group (soffice forks
    soffice.bin); its pid said first ({"started": pid}), so that draft can kill it even if this helper never answers."""
    office = subprocess.Popen([soffice, "-env:UserInstallation=" + profile, "--headless", "--invisible", "--norestore",
                               "--nologo", "--nodefault", "--nolockcheck",
                               "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    print(json.dumps({"started": office.pid}), flush=True)
    return office


def connect(uno, office, pipe, seconds):
    """The component context of ``office`` once it answers on ``pipe`` (None: it ended, or ``seconds`` passed)."""
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(int(seconds / 0.05)):
        try:
            return resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        except Exception:  # NoConnectException until LibreOffice listens (uno's exceptions have no common base here)
            if office.poll() is not None:
                return None
            time.sleep(0.05)
    return None


def main() -> None:
    import uno
    from com.sun.star.beans import PropertyValue

    def prop(name, value):
        found = PropertyValue()
        found.Name, found.Value = name, value
        return found

    soffice, profile, pipe = sys.argv[1], sys.argv[2], sys.argv[3]
    leftovers = json.loads(sys.argv[4]) if len(sys.argv) > 4 else {}
    parent = leftovers.get("parent") or os.getppid()
    office = start_office(soffice, profile, pipe)
    stopping = threading.Lock()
    threading.Thread(target=watch_parent, args=(office, leftovers, stopping), daemon=True).start()
    try:
        context = connect(uno, office, pipe, 30)
        if context is None:
            print(json.dumps({"error": "LibreOffice did not start"}), flush=True)
            return
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        # bookmarks become the PDF's named destinations: draft reads where each paragraph was printed from them
        pdf_options = uno.Any("[]com.sun.star.beans.PropertyValue", (prop("ExportBookmarksToPDFDestination", True),))
        # a job with "notes": the comments (批注) as PDF annotations too (7.4 has no ExportNotesInMargin)
        notes_options = uno.Any("[]com.sun.star.beans.PropertyValue", (prop("ExportBookmarksToPDFDestination", True),
                                                                       prop("ExportNotes", True)))
        print(json.dumps({"ready": True, "office": office.pid}), flush=True)
        for line in sys.stdin:
            job = json.loads(line)
            try:
                revisions = job.get("revisions")  # "accept" or "reject" every tracked change first (draft diff's tests)
                document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(job["in"]), "_blank", 0,
                                                        (prop("Hidden", True), prop("ReadOnly", not revisions),
                                                         prop("UpdateDocMode", 0),  # NO_UPDATE: OLE/DDE links kept (linked pictures are still fetched: ooxml/sanitise removes them)
                                                         prop("MacroExecutionMode", 0)))  # NEVER_EXECUTE
                try:
                    if revisions:
                        helper = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.DispatchHelper",
                                                                                  context)
                        helper.executeDispatch(document.getCurrentController().getFrame(),
                                               ".uno:AcceptAllTrackedChanges" if revisions == "accept"
                                               else ".uno:RejectAllTrackedChanges", "", 0, ())
                    if job["out"].endswith(".txt"):  # the text, a paragraph a line
                        stored = (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8,LF"))
                    else:
                        stored = (prop("FilterName", "writer_pdf_Export"),
                                  prop("FilterData", notes_options if job.get("notes") else pdf_options))
                    document.storeToURL(uno.systemPathToFileUrl(job["out"]), stored)
                finally:
                    document.close(True)
                print(json.dumps({"done": job["out"]}), flush=True)
            except Exception as exc:  # reported to draft, which says it in Chinese
                print(json.dumps({"error": type(exc).__name__}), flush=True)
    finally:  # the input closed (draft closed it, or died) or the output broke: nothing may stay behind
        with stopping:
            stop(office, leftovers, 10)
            # draft died between two jobs: its input closed before the watchdog thread saw it gone, and this
            # process ends here, before that thread runs (stopping LibreOffice took long enough for the
            # kernel to have handed this helper to init)
            if os.getppid() != parent:
                remove_orphaned(leftovers)


if __name__ == "__main__":
    main()
