"""Domain code must never import Textual: it runs in the CLI, exports and tests without a terminal."""

import subprocess
import sys


def test_core_store_and_workspace_do_not_import_textual():
    code = (
        "import sys, pkgutil, importlib, facilitator.core as core\n"
        "for m in pkgutil.iter_modules(core.__path__): importlib.import_module('facilitator.core.' + m.name)\n"
        "import facilitator.store, facilitator.workspace, facilitator.cli\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad[:3]); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_does_not_import_the_store_or_tinydb():
    code = (
        "import sys, pkgutil, importlib, facilitator.core as core\n"
        "for m in pkgutil.iter_modules(core.__path__): importlib.import_module('facilitator.core.' + m.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'tinydb' or m.startswith('facilitator.store'))\n"
        "print(bad[:3]); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
