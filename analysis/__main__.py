"""`python -m analysis`: see analysis.cli."""

import sys

# jsonschema, imported by nbformat, compiles about 35 Earley parsers at import time when the optional
# `rfc3987_syntax` package is present (0.7 s of CPU here; python-jsonschema/jsonschema#1428). It serves
# only the "iri" formats, which no notebook schema uses, so this command goes without it.
sys.modules.setdefault("rfc3987_syntax", None)

from .cli import main  # noqa: E402

sys.exit(main())
