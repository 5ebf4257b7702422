#!/usr/bin/env python3
"""Packages dist/ as browser extensions: target/extension/{chromium,firefox}/ (load unpacked)
and a zip of each (load or submit to a store). The Firefox manifest adds the gecko settings
Firefox requires; Chromium would only warn about them."""

import json
import shutil
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
OUT = ROOT / "target" / "extension"
GECKO = {
    "id": "canarytoken-manager@canarytoken-manager.dev",
    "strict_min_version": "128.0",
    "data_collection_permissions": {"required": ["none"]},
}


def manifest_for(browser: str) -> dict:
    manifest = json.loads((ROOT / "manifest.json").read_text())
    if browser == "firefox":
        manifest["browser_specific_settings"] = {"gecko": GECKO}
    return manifest


def package(browser: str) -> Path:
    target = OUT / browser
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(DIST, target)
    manifest = manifest_for(browser)
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    archive = OUT / f"canarytoken-manager-{browser}-{manifest['version']}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(target.rglob("*")):
            if path.is_file():
                zf.write(path, path.relative_to(target).as_posix())
    return target


if __name__ == "__main__":
    if not (DIST / "index.html").exists():
        raise SystemExit("dist/index.html is missing: run trunk build --release first")
    for browser in ("chromium", "firefox"):
        print(f"extension: {package(browser).relative_to(ROOT)}")
