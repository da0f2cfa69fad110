"""The build: the record of what was built from what, notebook execution, export, the figure and report steps."""

import sys

# Reading a notebook imports jsonschema (through nbformat), which imports rfc3987_syntax when it is installed
# (Jupyter installs it, with jsonschema[format-nongpl]). That package compiles about 35 Lark parsers at import:
# 3.5 s of CPU on the 2-core test machine, in every build process, for the "iri" string format that no
# notebook schema uses. Marked as absent, jsonschema leaves out that one format checker and starts in 0.4 s
# (upstream: https://github.com/python-jsonschema/jsonschema/issues/1428). Only the build's processes are
# affected: notebook kernels never import this package.
sys.modules.setdefault("rfc3987_syntax", None)
