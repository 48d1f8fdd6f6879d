#!/usr/bin/env bash
# Builds the Linux bundle (PyInstaller, one folder) and wraps it in a .deb in dist/.
#   installer/build-linux.sh                 version from pyproject.toml
#   JIFEN_BUILD_VERSION=0.2.0 installer/build-linux.sh
# Environment: PYTHON (default .venv/bin/python: it must have jifen installed; PyInstaller is
# installed into it when missing); JIFEN_DIST (default dist/); JIFEN_DEB_COMPRESSION (zstd, the
# default, read by dpkg 1.21.18+: Debian 12, Ubuntu 22.04 and newer; xz for older systems, slower).
# Prints the path of the .deb on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
BUILD=$ROOT/build/linux
DIST=${JIFEN_DIST:-$ROOT/dist}
say() { printf '==> %s\n' "$*" >&2; }

if ! "$PYTHON" -c 'import PyInstaller' 2>/dev/null; then
    say "installing PyInstaller into $("$PYTHON" -c 'import sys; print(sys.prefix)')"
    "$PYTHON" -m pip install --quiet 'pyinstaller>=6.10' >&2
fi
VERSION=$("$PYTHON" -c 'import sys; sys.path.insert(0, "installer"); import bundle; print(bundle.version())')
ARCH=$(dpkg --print-architecture)
say "building jifen $VERSION for $ARCH"

# 1. the bundle (JIFEN_REUSE_BUNDLE=1 packages the last one again under this version: the upgrade
# test makes version N+1 that way instead of running PyInstaller twice)
if [ "${JIFEN_REUSE_BUNDLE:-}" = 1 ] && [ -x "$BUILD/bundle/jifen/jifen" ]; then
    say "reusing the bundle in $BUILD/bundle/jifen"
else
"$PYTHON" -m PyInstaller --noconfirm --log-level WARN \
    --distpath "$BUILD/bundle" --workpath "$BUILD/work" installer/jifen.spec >&2
fi
BUNDLE=$BUILD/bundle/jifen
ln -sf jifen "$BUNDLE/jifen-ledger"   # one executable: it reads the name it was started by

# 2. the package tree
STAGE=$BUILD/deb/jifen_${VERSION}_${ARCH}
rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/lib/systemd/system" "$STAGE/usr/share/doc/jifen"
cp -a "$BUNDLE" "$STAGE/opt/jifen"
echo "$VERSION" > "$STAGE/opt/jifen/_internal/jifen-version.txt"
ln -s /opt/jifen/jifen "$STAGE/usr/bin/jifen"
ln -s /opt/jifen/jifen-ledger "$STAGE/usr/bin/jifen-ledger"
for size in 48 64 128 256; do
    mkdir -p "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps"
done
"$PYTHON" - "$STAGE" <<'EOF'
import sys
from pathlib import Path
sys.path.insert(0, "installer")
import icon
stage = Path(sys.argv[1])
image = icon.draw(256)
for size in (48, 64, 128, 256):
    image.resize((size, size)).save(stage / f"usr/share/icons/hicolor/{size}x{size}/apps/jifen.png")
EOF
install -m 644 installer/jifen.desktop "$STAGE/usr/share/applications/jifen.desktop"
install -m 644 installer/jifen-ledger.service "$STAGE/usr/lib/systemd/system/jifen-ledger.service"
install -m 644 installer/README.md "$STAGE/usr/share/doc/jifen/README.md"
install -m 755 installer/debian/postinst "$STAGE/DEBIAN/postinst"
install -m 755 installer/debian/postrm "$STAGE/DEBIAN/postrm"

INSTALLED_KB=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
cat > "$STAGE/DEBIAN/control" <<EOF
Package: jifen
Version: $VERSION
Architecture: $ARCH
Maintainer: jifen <jifen@localhost>
Installed-Size: $INSTALLED_KB
Depends: fonts-noto-cjk, libzbar0, libegl1, libgl1, libxkbcommon0, libfontconfig1, libdbus-1-3, libglib2.0-0t64 | libglib2.0-0, libxcb-icccm4, libxcb-keysyms1
Section: misc
Priority: optional
Description: points (积分) point of sale for shops, and its central ledger
 jifen records sales and member points at the counter, prints receipts on
 ESC/POS printers, reads member codes with a camera or scanner, and syncs to
 a central ledger (jifen-ledger) when online. Installed under /opt/jifen;
 each user's store lives in ~/.local/share/jifen (or \$JIFEN_HOME).
EOF

# 3. the .deb
mkdir -p "$DIST"
DEB=$DIST/jifen_${VERSION}_${ARCH}.deb
dpkg-deb --root-owner-group -Z"${JIFEN_DEB_COMPRESSION:-zstd}" --build "$STAGE" "$DEB" >&2
say "bundle: $(du -sh "$BUNDLE" | cut -f1) in $BUNDLE; package: $(du -h "$DEB" | cut -f1)"
echo "$DEB"
