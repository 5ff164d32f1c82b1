"""`python -m community.precompress static`: writes a .br and a .gz twin beside every text file
of the static folder (run by `make vendor`), so neither the app nor nginx compresses the same
file on every request, and each is compressed once at the strongest level."""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import brotli

TEXT_SUFFIXES = {".css", ".js", ".svg", ".json", ".map", ".txt", ".html"}
# Below this a compressed copy saves less than its headers cost.
MIN_SIZE = 256


def compressed_twins(data: bytes) -> dict[str, bytes]:
    """The brotli (quality 11) and gzip (level 9, no timestamp: the same bytes on every
    build) forms of `data`."""
    return {
        ".br": brotli.compress(data, quality=11),
        ".gz": gzip.compress(data, compresslevel=9, mtime=0),
    }


def is_source(path: Path) -> bool:
    return path.is_file() and path.suffix in TEXT_SUFFIXES and path.stat().st_size >= MIN_SIZE


def precompress(folder: Path) -> int:
    """Write the missing or outdated twins under `folder`; removes twins whose file is gone or
    that would not be smaller. Returns the number of files written."""
    written = 0
    for path in sorted(folder.rglob("*")):
        if path.suffix in (".br", ".gz") and not is_source(path.with_suffix("")):
            path.unlink()  # the twin of a file deleted or now too small
            continue
        if not is_source(path):
            continue
        modified = path.stat().st_mtime_ns
        twins = {suffix: path.with_name(path.name + suffix) for suffix in (".br", ".gz")}
        if all(t.exists() and t.stat().st_mtime_ns >= modified for t in twins.values()):
            continue
        data = path.read_bytes()
        for suffix, body in compressed_twins(data).items():
            if len(body) < len(data):
                twins[suffix].write_bytes(body)
                written += 1
            else:
                twins[suffix].unlink(missing_ok=True)
    return written


def main(folders: list[str]) -> None:
    for folder in folders:
        print(f"{folder}: {precompress(Path(folder))} compressed files written")


if __name__ == "__main__":
    main(sys.argv[1:])
