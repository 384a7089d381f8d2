#!/usr/bin/env bash
# Installs what the tests start for real, when it is missing: Azurite (the npm package pinned in tools/azurite),
# Debian's Chromium for the dashboard pages (the tests drive /usr/bin/chromium and never download a browser), and
# openssl for scripts/make-dev-cert.sh. Debian packages need root (as in CI).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x tools/azurite/node_modules/.bin/azurite ]; then
  npm ci --prefix tools/azurite --no-audit --no-fund --loglevel=error
fi

if ! command -v chromium >/dev/null || ! command -v openssl >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium openssl >/dev/null
fi
