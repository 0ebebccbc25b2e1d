"""Edit a Word file in LibreOffice with its changes tracked, as a delegate would, and save it as Word.

Run by the tests with the system's Python (Debian's python3-uno), not the project's:
    /usr/bin/python3 tests/libreoffice_edit.py IN.docx OUT.docx EDITS.json
EDITS: {"author": "…", "replace": [[old, new], …], "delete": [paragraph start, …],
        "insert_after": [[words of the paragraph, new text], …], "comment": [[words, text], …], "track": true}
Each replacement, deletion and insertion is recorded as a tracked change under `author` (with "track": false,
made as a delegate who does not track them makes them); each comment is a margin comment on the first
occurrence of its words. LibreOffice writes the .docx itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]


def prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(port: int):  # type: ignore[no-untyped-def]
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            return resolver.resolve(f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext")
        except NoConnectException:
            time.sleep(0.5)
    raise RuntimeError("LibreOffice did not start")


def paragraph_starting(document, start: str):  # type: ignore[no-untyped-def]
    enum = document.Text.createEnumeration()
    while enum.hasMoreElements():
        para = enum.nextElement()
        if para.supportsService("com.sun.star.text.Paragraph") and start in para.getString():
            return para
    raise LookupError(start)


def main(source: str, target: str, edits_path: str) -> None:
    with open(edits_path, encoding="utf-8") as f:
        edits = json.load(f)
    port = 20000 + os.getpid() % 20000
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    office = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            f"--accept=socket,host=127.0.0.1,port={port};urp;",
        ]
    )
    try:
        context = connect(port)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        # A copy in a folder of its own: a lock file left by an earlier run never makes the office ask.
        copy = os.path.join(profile, "in.docx")
        shutil.copyfile(source, copy)
        document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(copy), "_blank", 0, (prop("Hidden", True),))
        if document is None:
            raise RuntimeError(f"LibreOffice could not open {source}")
        user = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.configuration.ConfigurationProvider", context
        )
        access = user.createInstanceWithArguments(
            "com.sun.star.configuration.ConfigurationUpdateAccess",
            (prop("nodepath", "/org.openoffice.UserProfile/Data"),),
        )
        access.setPropertyValue("givenname", edits.get("author", "Delegate"))
        access.setPropertyValue("sn", "")
        access.commitChanges()
        document.RecordChanges = bool(edits.get("track", True))
        for old, new in edits.get("replace", []):
            search = document.createSearchDescriptor()
            search.SearchString = old
            found = document.findFirst(search)
            if found is None:
                raise LookupError(old)
            found.setString(new)
        for start, text in edits.get("insert_after", []):
            para = paragraph_starting(document, start)
            cursor = para.getText().createTextCursorByRange(para.getEnd())
            para.getText().insertControlCharacter(cursor, 0, False)  # PARAGRAPH_BREAK
            cursor.setString(text)
        for start in edits.get("delete", []):
            para = paragraph_starting(document, start)
            cursor = para.getText().createTextCursorByRange(para.getStart())
            cursor.gotoEndOfParagraph(True)
            cursor.goRight(1, True)  # the paragraph mark too
            cursor.setString("")
        document.RecordChanges = False
        document.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)), (prop("FilterName", "MS Word 2007 XML"),))
        document.close(True)
    finally:
        with contextlib.suppress(Exception):  # the office may be gone already
            desktop.terminate()  # type: ignore[possibly-undefined]
        office.wait(timeout=60)
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
