#!/usr/bin/env python3
"""Packages dist/ as browser extensions: target/extension/{chromium,firefox}/ (load unpacked)
and a zip of each (load or submit to a store). The Firefox manifest adds the gecko settings
Firefox requires; Chromium would only warn about them."""

import json
import os
import shutil
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = Path(os.environ.get("CTM_DIST", ROOT / "dist"))
OUT = Path(os.environ.get("CTM_EXTENSIONS", ROOT / "target" / "extension"))
# Firefox 140 (an ESR) is the first to know data_collection_permissions, which addons.mozilla.org
# now requires; this extension collects nothing.
GECKO = {
    "id": "canarytoken-manager@canarytoken-manager.dev",
    "strict_min_version": "140.0",
    "data_collection_permissions": {"required": ["none"]},
}
GECKO_ANDROID = {"strict_min_version": "142.0"}


def manifest_for(browser: str) -> dict:
    manifest = json.loads((ROOT / "manifest.json").read_text())
    if browser == "firefox":
        manifest["browser_specific_settings"] = {"gecko": GECKO, "gecko_android": GECKO_ANDROID}
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
        print(f"extension: {package(browser)}")
