"""Zips an unpacked extension folder reproducibly: sorted entries, fixed timestamps, files at the zip root.

usage: python3 tools/package.py <dir> <out.zip>
"""
import os
import sys
import zipfile

FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def main(src: str, out: str) -> None:
    paths = []
    for root, _dirs, files in os.walk(src):
        for name in files:
            paths.append(os.path.relpath(os.path.join(root, name), src))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for rel in sorted(paths):
            info = zipfile.ZipInfo(rel.replace(os.sep, "/"), FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(os.path.join(src, rel), "rb") as handle:
                archive.writestr(info, handle.read(), compresslevel=9)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
