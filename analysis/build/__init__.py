"""The build: the record of what was built from what, notebook execution, export, the figure and report steps."""
