#!/bin/sh
# Node 20 neither expands globs for --test nor finds .ts test files in a folder (and then exits 0
# having run nothing), so the files are passed explicitly. The summary reporter ends the run with
# one line: N passed, N failed, N skipped.
set -e
files=$(find src test -name '*.test.ts' | sort)
[ -n "$files" ] || { echo "no test files"; exit 1; }
exec node --import tsx --test --test-concurrency=1 --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=./scripts/summary-reporter.mjs --test-reporter-destination=stdout $files "$@"
