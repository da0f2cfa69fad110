"""The project's Jupyter server settings, used by `make lab`.

Saving a notebook keeps what is committed and drops what a run adds: outputs, execution counts, and
machine- or run-specific metadata. So running the notebooks in JupyterLab and saving them never leaves
outputs in `notebooks/` for git to see (tests/test_lab.py saves one through a real server).
"""

#: Notebook metadata that is committed; anything else (language versions, widget state, …) is dropped.
KEPT_METADATA = ("kernelspec",)


def keep_only_what_is_committed(model, **kwargs):
    """Jupyter's pre-save hook: strip outputs, counts and run metadata from a notebook being saved."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    content = model["content"]
    metadata = content.get("metadata", {})
    kept = {key: metadata[key] for key in KEPT_METADATA if key in metadata}
    kept["language_info"] = {"name": metadata.get("language_info", {}).get("name", "python")}
    content["metadata"] = kept
    for cell in content.get("cells", []):
        tags = cell.get("metadata", {}).get("tags")
        cell["metadata"] = {"tags": tags} if tags else {}
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None


c = get_config()  # noqa: F821 - provided by Jupyter when it loads this file
c.FileContentsManager.pre_save_hook = keep_only_what_is_committed
