#!/usr/bin/env bash
# The browser tests drive Debian's Chromium; the project never downloads a browser.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Chromium is missing: installing Debian's chromium package ..."
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
cat >&2 <<'MSG'
The browser tests need Debian's Chromium at /usr/bin/chromium, which is not installed.
Install it as root and run the tests again:

    sudo apt-get update && sudo apt-get install -y chromium

(The tests never skip silently and never download a browser of their own.)
MSG
exit 1
