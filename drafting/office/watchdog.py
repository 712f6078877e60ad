"""Run by draft's own Python as a script, not imported: a one-shot LibreOffice that dies with draft.

    python watchdog.py LEFTOVERS_JSON COMMAND...

It starts COMMAND (``soffice --convert-to pdf …``) in a process group of its own and waits for it. If draft —
the process that started the watchdog — goes away however it ended (kill -9 included), it kills that group
(soffice and the soffice.bin it forks) and removes what LibreOffice would leave: the scratch folder and the
sockets named in LEFTOVERS_JSON. SIGTERM (draft's own time limit) stops the group the same way. It imports only
the standard library, so it runs wherever draft does.
"""
import json
import os
import shutil
import signal
import subprocess
import sys


def main() -> int:
    """Run the command; its exit code, or 1 when it had to be stopped."""
    leftovers = json.loads(sys.argv[1])
    child = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    asked = []
    signal.signal(signal.SIGTERM, lambda *_: asked.append(True))
    while True:
        try:
            return child.wait(timeout=0.25)
        except subprocess.TimeoutExpired:
            orphaned = os.getppid() != leftovers["parent"]
            if not (orphaned or asked):
                continue
        try:
            os.killpg(child.pid, signal.SIGKILL) if hasattr(os, "killpg") else child.kill()
        except OSError:
            pass
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        if orphaned:  # nobody else will clean up: draft's temporary folder and LibreOffice's sockets
            for folder in [leftovers["folder"], *leftovers.get("orphaned", [])]:
                shutil.rmtree(folder, ignore_errors=True)
            for socket in leftovers["sockets"]:
                try:
                    os.unlink(socket)
                except OSError:
                    pass
        return 1


if __name__ == "__main__":
    sys.exit(main())
