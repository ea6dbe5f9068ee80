#!/usr/bin/env bash
# `npm run setup` step of the end-to-end tests: the Web UI suite drives Debian's Chromium (/usr/bin/chromium)
# through playwright-core, because Playwright's own browser download is off-limits offline. Installs it with apt-get
# when missing and this runs as root; otherwise says what to run. Refreshes the package lists only when the first
# install fails (stale or missing lists).
set -uo pipefail
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  echo "chromium: $("$CHROMIUM" --version 2>/dev/null)"
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "chromium: not installed. The Web UI tests need it: sudo apt-get install -y chromium" >&2
  exit 0
fi
echo "chromium: installing Debian's chromium with apt-get (the Web UI tests need it)…"
apt_install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
if ! apt_install && ! { apt-get update -qq && apt_install; }; then
  echo "chromium: apt-get install chromium failed; the Web UI tests will fail until it is installed" >&2
  exit 1
fi
# The Debian launcher script prints a harmless shell warning on some /dev/shm layouts; keep only the version.
echo "chromium: $("$CHROMIUM" --version 2>/dev/null)"
