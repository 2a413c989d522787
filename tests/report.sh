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

# Every pane prints as text and as JSON on every fixture, whatever its layout.
for f in "$R"/*.json.gz; do
	for pane in overview triage jsstack nativestack heapspaces handles env resources \
		limits workers libs; do
		expect_status 0 "$MORTEM" --print $pane "$f"
		expect_status 0 "$MORTEM" --print $pane --format json "$f"
		expect_grep '^[{]' "$TMP/out"
	done
done

# Panes hold the values of the report.
expect_status 0 "$MORTEM" --print jsstack "$R/uncaught.json.gz"
expect_grep "^TypeError: Cannot read properties of undefined" "$TMP/out"
# Line then column, the values of the fixture's own "at userOf (...:L:C)".
loc=$(gzip -dc "$R/uncaught.json.gz" | sed -n 's/.*"at userOf (.*uncaught\.js:\([0-9]*\):\([0-9]*\))".*/\1 \2/p' | head -n 1)
jsline=${loc% *} jscol=${loc#* }
ok
[ -n "$loc" ] && [ "$jsline" != "$jscol" ] || fail "uncaught.json.gz: no distinct line and column for userOf ('$loc')"
expect_grep "^0 +userOf +.*/uncaught\.js +$jsline +$jscol$" "$TMP/out"
expect_status 0 "$MORTEM" --print jsstack --format json "$R/refused-compact.json.gz"
expect_grep '"code":[[:space:]]*"ECONNREFUSED"' "$TMP/out"
expect_status 0 "$MORTEM" --print triage "$R/refused-compact.json.gz"
expect_grep "^warning +error-code +error ECONNREFUSED in connect" "$TMP/out"
# A second OpenSSL (an addon's libssl.so.3 beside node's own 3.x, the
# same major) is named in the triage and on the Overview, with both.
ssl=$(gzip -dc "$R/second-openssl.json.gz" | sed -n 's/^ *"\(\/[^"]*\/libssl\.so\.[0-9.]*\)",*$/\1/p')
own=$(gzip -dc "$R/second-openssl.json.gz" | sed -n 's/^ *"openssl": "\([^"]*\)",*$/\1/p' | head -1)
ok; [ -n "$ssl" ] && [ -n "$own" ] || fail "second-openssl.json.gz: no libssl ('$ssl') or openssl version ('$own')"
expect_status 0 "$MORTEM" --print triage "$R/second-openssl.json.gz"
expect_grep "^warning +library-mismatch +two OpenSSLs in one process: node's own OpenSSL $own \(built into node\) and $ssl \(and more\)$" "$TMP/out"
expect_grep "^ +$ssl, loaded with .*/openssl_addon\.node$" "$TMP/out"
expect_status 0 "$MORTEM" --print overview "$R/second-openssl.json.gz"
expect_grep "^warning +two OpenSSLs in one process: node's own OpenSSL $own" "$TMP/out"
expect_status 0 "$MORTEM" --print triage "$R/leak.json.gz"
expect_no_grep "OpenSSL" "$TMP/out"
expect_status 0 "$MORTEM" --print overview "$R/oom.json.gz"
expect_grep "^critical +out of memory: Allocation failed - JavaScript heap out of memory$" "$TMP/out"
expect_status 0 "$MORTEM" --print heapspaces --format json "$R/oom.json.gz"
expect_grep '"name":[[:space:]]*"old_space"' "$TMP/out"
expect_status 0 "$MORTEM" --print heapspaces "$R/oom.json.gz"
expect_grep "^old_space +[0-9.]+ MiB" "$TMP/out"
expect_grep "of limit\\]$" "$TMP/out"   # (a meter: [|   4% of limit])
expect_status 0 "$MORTEM" --print nativestack --format json "$R/oom.json.gz"
expect_grep '"symbol":[[:space:]]*"node::OOMErrorHandler' "$TMP/out"
expect_status 0 "$MORTEM" --print limits "$R/leak.json.gz"
expect_grep "^open_files +$nofile +$nofile$" "$TMP/out"
expect_status 0 "$MORTEM" --print limits "$R/win32.json.gz"
expect_grep "no userLimits" "$TMP/out"
expect_status 0 "$MORTEM" --print libs "$R/darwin.json.gz"
expect_grep "libSystem\.B\.dylib" "$TMP/out"
expect_status 0 "$MORTEM" --print resources "$R/busy-signal.json.gz"
expect_grep "^event loop thread" "$TMP/out"
expect_grep "^  userCpuSeconds +[0-9.]+" "$TMP/out"
expect_status 0 "$MORTEM" --print overview "$R/preversion.json.gz"
expect_grep "^Report version +none" "$TMP/out"
expect_grep "^Trigger +OnUncaughtException$" "$TMP/out"
expect_status 0 "$MORTEM" --print env "$R/v5-exclude-env.json.gz"
expect_grep "no environmentVariables" "$TMP/out"
expect_status 0 "$MORTEM" --print overview --format json "$R/v5-exclude-env.json.gz"
expect_grep '"report_version":[[:space:]]*5,' "$TMP/out"

# Workers: two nested reports, each with its thread id.
expect_status 0 "$MORTEM" --print workers "$R/workers.json.gz"
expect_lines 3 "$TMP/out"
expect_grep "Worker thread subreport" "$TMP/out"
expect_status 0 "$MORTEM" --print workers --format json "$R/workers.json.gz"
expect_grep '"thread_id":[[:space:]]*[1-9]' "$TMP/out"

# Redaction: on by default, --no-redact shows the values as written.
expect_status 0 "$MORTEM" --print env "$R/leak.json.gz"
expect_grep "^DATABASE_URL +postgres://orders:\[REDACTED\]@db\.internal" "$TMP/out"
expect_grep "^SESSION_SECRET +\[REDACTED\]$" "$TMP/out"
expect_grep "^KEYBOARD_LAYOUT +us$" "$TMP/out"
expect_grep "values redacted" "$TMP/out"
secret=$(gzip -dc "$R/leak.json.gz" | sed -n 's/.*"SESSION_SECRET": "\(.*\)".*/\1/p')
expect_no_grep "$secret" "$TMP/out"
# Each pane must succeed and hold its rows (the env ones by name), or "no
# secret in the output" would pass on an error message.
ok
[ -n "$secret" ] || fail "leak.json.gz: no SESSION_SECRET to look for"
for pane in overview env diff; do
	expect_status 0 "$MORTEM" --print $pane --format json "$R/leak.json.gz" "$R/v5-exclude-env.json.gz"
	case $pane in
	overview) expect_grep '"node_version":[[:space:]]*"v20\.' "$TMP/out"
		  expect_grep '"findings":' "$TMP/out" ;;
	env) expect_grep '"name":[[:space:]]*"SESSION_SECRET"' "$TMP/out"
	     expect_grep '"name":[[:space:]]*"DATABASE_URL"' "$TMP/out"
	     expect_grep '"masked":[[:space:]]*true' "$TMP/out" ;;
	diff) expect_grep '"key":[[:space:]]*"SESSION_SECRET"' "$TMP/out"
	      expect_grep '"key":[[:space:]]*"DATABASE_URL"' "$TMP/out" ;;
	esac
	expect_no_grep "$secret" "$TMP/out"
	expect_no_grep "hunter2" "$TMP/out"
done
expect_status 0 "$MORTEM" --print env --no-redact "$R/leak.json.gz"
expect_grep "^SESSION_SECRET +$secret$" "$TMP/out"

# The demo samples were made in a neutral directory: their Directory and
# command line show the app's paths, none of the tree or machine that made them.
for f in report-leak report-pileup; do
	expect_status 0 "$MORTEM" --print overview "$top_srcdir/samples/$f.json"
	expect_grep "^Directory +/srv/app$" "$TMP/out"
	expect_grep "^Command line +node [a-z-]+\.js .*$f\.json 300$" "$TMP/out"
	expect_no_grep "/work/|/tmp/" "$top_srcdir/samples/$f.json"
done

# Diff: handle groups by endpoint, env changes redacted.
expect_status 0 "$MORTEM" --print diff "$R/leak.json.gz" "$R/pileup.json.gz"
expect_grep "^handles +tcp out 127\.0\.0\.1:$port +$sockets +- +removed$" "$TMP/out"
expect_grep "^handles +tcp in 127\.0\.0\.1:$port +- +$pileup +added$" "$TMP/out"
# Like diff: unchanged rows hidden (the banner counts them), identifiers
# without a delta; --format json lists every row.
expect_no_grep " same$" "$TMP/out"
expect_grep "^[0-9]+ rows differ, [0-9]+ unchanged hidden \(--format json lists them\)$" "$TMP/out"
pid_a=$(gzip -dc "$R/leak.json.gz" | sed -n 's/^ *"processId": \([0-9]*\),$/\1/p' | head -1)
pid_b=$(gzip -dc "$R/pileup.json.gz" | sed -n 's/^ *"processId": \([0-9]*\),$/\1/p' | head -1)
ok; [ -n "$pid_a" ] && [ "$pid_a" != "$pid_b" ] || fail "the two reports' processIds: '$pid_a' '$pid_b'"
expect_grep "^header +processId +$pid_a +$pid_b +changed$" "$TMP/out"
hidden=$(sed -n 's/^[0-9]* rows differ, \([0-9]*\) unchanged hidden.*/\1/p' "$TMP/out")
expect_status 0 "$MORTEM" --print diff --format json "$R/leak.json.gz" "$R/pileup.json.gz"
ok; [ "$(grep -c '"op":[[:space:]]*"same"' "$TMP/out")" = "$hidden" ] ||
	fail "json lists $(grep -c '"op":[[:space:]]*"same"' "$TMP/out") same rows, the text hid $hidden"
# In the UI: = (toggle-same) shows the unchanged rows, = again hides them.
gzip -dc "$R/leak.json.gz" >"$TMP/a.json"
gzip -dc "$R/pileup.json.gz" >"$TMP/b.json"
for keys in '' '=' '=='; do
	"$MORTEM" --headless 160x120 --keys "$keys" --pane diff "$TMP/a.json" "$TMP/b.json" >"$TMP/screen"
	case $keys in
	=) expect_grep "^[0-9]+ rows differ, $hidden unchanged shown \(= hides them\)" "$TMP/screen"
	   expect_grep "^header +nodejsVersion +(v[0-9.]+) +\1 +same$" "$TMP/screen"
	   ok; [ "$(grep -c ' same$' "$TMP/screen")" = "$hidden" ] ||
		fail "= shows $(grep -c ' same$' "$TMP/screen") same rows, $hidden were hidden" ;;
	*) expect_grep "^[0-9]+ rows differ, $hidden unchanged hidden \(= shows them\)" "$TMP/screen"
	   expect_no_grep " same$" "$TMP/screen" ;;
	esac
done
expect_status 0 "$MORTEM" --print diff --format json "$R/leak.json.gz" "$R/v5-exclude-env.json.gz"
expect_grep '"op":[[:space:]]*"removed"' "$TMP/out"
expect_grep '"section":[[:space:]]*"env"' "$TMP/out"
expect_status 2 "$MORTEM" --print diff "$R/leak.json.gz"

# Thresholds and extra redaction patterns from the command line.
expect_status 0 "$MORTEM" --print overview --thresholds leak_crit=100000 "$R/leak.json.gz"
expect_grep "^warning +connection leak: $sockets tcp" "$TMP/out"
expect_status 0 "$MORTEM" --print triage --thresholds leak_warn=100000,leak_crit=100000 "$R/leak.json.gz"
expect_no_grep "connection-leak" "$TMP/out"
expect_status 0 "$MORTEM" --print env --redact-key '^LOG_' "$R/leak.json.gz"
expect_grep "^LOG_LEVEL +\[REDACTED\]$" "$TMP/out"
expect_status 0 "$MORTEM" --print env --redact-value 'production' "$R/leak.json.gz"
expect_grep "^NODE_ENV +\[REDACTED\]$" "$TMP/out"
expect_status 2 "$MORTEM" --print env --redact-key '(' "$R/leak.json.gz"
expect_grep "redaction pattern '\(': offset 1" "$TMP/err"
expect_lines 1 "$TMP/err"
expect_status 2 "$MORTEM" --print env --thresholds bogus=1 "$R/leak.json.gz"
expect_grep "threshold 'bogus=1'" "$TMP/err"

# The first layout (node 11.8): handles parsed from their details text.
few=$(manifest node11.connections)
expect_status 0 "$MORTEM" --print handles "$R/node11-legacy.json.gz"
expect_grep "^\+ tcp in localhost:[0-9]+ +$few +$few +$few" "$TMP/out"
expect_grep "^\+ tcp out localhost:[0-9]+ +$few" "$TMP/out"
expect_status 0 "$MORTEM" --print overview --format json "$R/node11-legacy.json.gz"
expect_grep '"report_version":[[:space:]]*null' "$TMP/out"
expect_grep '"trigger":[[:space:]]*"TriggerReport"' "$TMP/out"
expect_status 0 "$MORTEM" --print nativestack "$R/node11-legacy.json.gz"
expect_grep "^0 +0x[0-9a-f]+ +report::TriggerNodeReport" "$TMP/out"

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

head -c 3000 "$R/leak.json.gz" >"$TMP/cut-gzip"
expect_status 2 "$MORTEM" --print overview - <"$TMP/cut-gzip"
expect_grep "^mortem: -: gzip stream cut short at byte 3000" "$TMP/err"
expect_lines 1 "$TMP/err"

done_testing
