#!/usr/bin/env bash
# Vendor the front-end assets from the npm registry, so that running the product needs no Node.
# KERN UX (EUPL-1.2) and htmx (0BSD) go under src/jobcenter/static/vendor/; axe-core (MPL-2.0),
# used only by the browser tests, goes under tests/browser/vendor/.
# Usage: scripts/vendor_frontend.sh   (versions below; `make vendor` calls it)
set -euo pipefail
KERN_VERSION=2.7.2
HTMX_VERSION=2.0.11
AXE_VERSION=4.11.0
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent "@kern-ux/native@$KERN_VERSION" "htmx.org@$HTMX_VERSION" "axe-core@$AXE_VERSION" >/dev/null
for f in *.tgz; do mkdir -p "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done

kern="$root/src/jobcenter/static/vendor/kern"
rm -rf "$kern"; mkdir -p "$kern/fonts"
cp kern-ux-native-$KERN_VERSION/package/dist/kern.min.css "$kern/"
cp kern-ux-native-$KERN_VERSION/package/dist/fonts/fira-sans.css "$kern/fonts/"
# Text shows at once in the fallback font while Fira Sans loads (font-display: swap)
sed -i 's/^\(\s*\)font-style: \(normal\|italic\);/&\n\1font-display: swap;/' "$kern/fonts/fira-sans.css"
grep -q 'font-display: swap' "$kern/fonts/fira-sans.css"
mkdir -p "$kern/fonts/fira-sans"
for font in $(grep -o 'FiraSans-[A-Za-z]*\.woff2' "$kern/fonts/fira-sans.css" | sort -u); do
  cp "kern-ux-native-$KERN_VERSION/package/dist/fonts/fira-sans/$font" "$kern/fonts/fira-sans/"
done
cp kern-ux-native-$KERN_VERSION/package/LICENSE.md "$kern/LICENSE.md"
echo "@kern-ux/native $KERN_VERSION (EUPL-1.2), files from dist/" > "$kern/VERSION"

htmx="$root/src/jobcenter/static/vendor/htmx"
rm -rf "$htmx"; mkdir -p "$htmx"
cp htmx.org-$HTMX_VERSION/package/dist/htmx.min.js "$htmx/"
cp htmx.org-$HTMX_VERSION/package/LICENSE "$htmx/LICENSE"
echo "htmx.org $HTMX_VERSION (0BSD)" > "$htmx/VERSION"

axe="$root/tests/browser/vendor"
mkdir -p "$axe"
cp axe-core-$AXE_VERSION/package/axe.min.js "$axe/axe.min.js"
cp axe-core-$AXE_VERSION/package/LICENSE "$axe/axe-core.LICENSE"
echo "axe-core $AXE_VERSION (MPL-2.0)" > "$axe/VERSION"
echo "vendored: KERN $KERN_VERSION, htmx $HTMX_VERSION, axe-core $AXE_VERSION"
