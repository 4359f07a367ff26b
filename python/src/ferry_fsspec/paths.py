"""Paths in the Ferry namespace: absolute, '/'-separated, normalized (FerryPath of the Java side)."""


def normalize(path: str) -> str:
    """"/a//b/./c/../d/" -> "/a/b/d"; a relative path is taken from the root."""
    parts = []
    for c in path.split("/"):
        if c in ("", "."):
            continue
        if c == "..":
            if not parts:
                raise ValueError(f"Invalid path (escapes the root): {path}")
            parts.pop()
            continue
        parts.append(c)
    return "/" + "/".join(parts)


def parent(path: str) -> str:
    """The parent of a normalized path; "/" for the root."""
    return path.rsplit("/", 1)[0] or "/"


def ancestors(path: str):
    """The parent of a normalized path, its parent, and so on up to the root."""
    while path != "/":
        path = parent(path)
        yield path


def join(parent_path: str, name: str) -> str:
    return parent_path.rstrip("/") + "/" + name
