# tests/report.sh: `mortem --print` on the report fixtures, text and JSON.
# Expected values come from tests/fixtures/reports/manifest.txt, written by
# make-reports.sh from the processes that made the reports.
. "${top_srcdir:-.}/tests/lib.sh"
R="$FIX/reports"
manifest() { sed -n "s/^$1=//p" "$R/manifest.txt"; }
port=$(manifest leak.port)
sockets=$(manifest leak.sockets)
nofile=$(manifest leak.nofile)
pileup=$(manifest pileup.connections)

# The leak: one group of $sockets tcp handles to the server's port, and the
# finding that names it, first (critical).
expect_status 0 "$MORTEM" --print overview "$R/leak.json.gz"
expect_grep "^Trigger +API$" "$TMP/out"
expect_grep "^Node.js +v20\." "$TMP/out"
expect_grep "^critical +connection leak: $sockets tcp connections open to 127\.0\.0\.1:$port$" "$TMP/out"
expect_grep "open_files is $nofile " "$TMP/out"
expect_status 0 "$MORTEM" --print handles "$R/leak.json.gz"
expect_grep "^\+ tcp out 127\.0\.0\.1:$port +$sockets +$sockets +$sockets" "$TMP/out"
expect_status 0 "$MORTEM" --print overview --format json "$R/leak.json.gz"
expect_grep '"report_version":[[:space:]]*4,' "$TMP/out"
expect_grep '"trigger":[[:space:]]*"API"' "$TMP/out"
expect_grep '"platform":[[:space:]]*"linux"' "$TMP/out"
expect_grep '"rule":[[:space:]]*"connection-leak"' "$TMP/out"
expect_grep '"severity":[[:space:]]*"critical"' "$TMP/out"

# The pile-up: $pileup accepted connections on the listening port.
expect_status 0 "$MORTEM" --print overview "$R/pileup.json.gz"
expect_grep "^critical +inbound pile-up: $pileup accepted connections held open on port $port$" "$TMP/out"
expect_status 0 "$MORTEM" --print handles --format json "$R/pileup.json.gz"
expect_grep "\"key\":[[:space:]]*\"tcp in 127\.0\.0\.1:$port\"" "$TMP/out"
expect_grep "\"key\":[[:space:]]*\"tcp listen 127\.0\.0\.1:$port\"" "$TMP/out"

# --fail-on goes through the findings.
expect_status 1 "$MORTEM" --print overview --fail-on critical "$R/leak.json.gz"
expect_status 0 "$MORTEM" --print overview --fail-on critical "$R/busy-signal.json.gz"
expect_status 1 "$MORTEM" --print overview --fail-on warning "$R/busy-signal.json.gz"

# Truncated and malformed JSON: one line naming the file and the byte, exit 2.
gzip -dc "$R/leak.json.gz" | head -c 5000 >"$TMP/cut.json"
expect_status 2 "$MORTEM" --print overview "$TMP/cut.json"
expect_grep "^mortem: $TMP/cut.json: byte 5000: the JSON ends early" "$TMP/err"
expect_lines 1 "$TMP/err"
gzip -dc "$R/leak.json.gz" | sed '30s/,$/,,/' >"$TMP/bad.json"
expect_status 2 "$MORTEM" --print overview "$TMP/bad.json"
expect_grep "^mortem: $TMP/bad.json: byte [0-9]+: invalid JSON" "$TMP/err"
expect_lines 1 "$TMP/err"
gzip -dc "$R/refused-compact.json.gz" | head -c 3000 | gzip >"$TMP/cut.gz"
expect_status 2 "$MORTEM" --print handles - <"$TMP/cut.gz"
expect_grep "^mortem: -: byte 3000: the JSON ends early" "$TMP/err"

done_testing
