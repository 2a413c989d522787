# tests/growth.sh: why a heap grew, on three snapshots of one node process
# that leaks through six kinds of holder (tests/fixtures/growth): the Held by
# column of the Comparison, the holders of a class, and the Growth pane's
# roots, in text and JSON. Counts come from the fixture's manifest.
. "${top_srcdir:-.}/tests/lib.sh"
G="$FIX/growth"
S1="$G/growth-1.heapsnapshot.gz"
S2="$G/growth-2.heapsnapshot.gz"
S3="$G/growth-3.heapsnapshot.gz"

step() { sed -n "s/^ *\"$1\": \([0-9]*\),*$/\1/p" "$G/manifest.json" | head -n 1; }
blips() { tr -d ' \n' <"$G/manifest.json" | sed -n 's/.*"blips":\[\([0-9,]*\)\].*/\1/p' | cut -d, -f"$1"; }
visits=$(step Visit) entries=$(step CacheEntry) listeners=$(step onVisit)
sessions=$(step Session) jobs=$(step Job) payloads=$(step Payload)
per_visit=$(step held_per_visit)
grew_blips=$(( $(blips 2) - $(blips 1) ))

# Held by: each class's new objects and what holds the most of them.
expect_status 0 "$MORTEM" --print compare "$S1" "$S2"
expect_grep "^Visit +$(commas "$visits") +0 .* global\.__visits\[\]$" "$TMP/out"
expect_grep "^\{ua\} +$(commas "$visits") +0 .* Visit\.meta$" "$TMP/out"
expect_grep "^CacheEntry +$(commas "$entries") +0 .* global\.cache\[\]$" "$TMP/out"
expect_grep "^Session +$(commas "$sessions") +0 .* track\.sessions\[\]$" "$TMP/out"
expect_grep "^Job +$(commas "$jobs") +0 .* Registry\.jobs\[\]$" "$TMP/out"
expect_grep "^Blip +$(commas "$grew_blips") +0 .* global\.blips\[\]$" "$TMP/out"
expect_grep "^Timeout +$(commas "$payloads") +0 .*\.timerListMap\[\]\._idleNext$" "$TMP/out"
expect_grep "^Payload +$(commas "$payloads") +0 .* onTimer$" "$TMP/out"
# Functions: the timers' callbacks (most) and the listeners; the share of
# the first is given.
closures=$((listeners + payloads))
share=$(awk "BEGIN { printf \"%.1f\", 100 * $payloads / $closures }")
expect_grep "^Function +$(commas "$closures") +0 .* Timeout\._onTimeout \($share %\)$" "$TMP/out"
expect_status 0 "$MORTEM" --print compare --format json "$S1" "$S2"
expect_grep "\"held_by\":	\"global\.__visits\[\]\"" "$TMP/out"
expect_grep "\"held_by_new\":	$payloads\$" "$TMP/out"

# The same in the UI's Comparison pane (headless), each holder beside its
# class.
( cd "$TMP" && cp "$S1" one.gz && cp "$S2" two.gz &&
  "$MORTEM" --headless 200x40 one.gz two.gz >screen )
for want in "Visit .* global\.__visits\[\]" "CacheEntry .* global\.cache\[\]" \
	"Session .* track\.sessions\[\]" "Job .* Registry\.jobs\[\]" \
	"Timeout .*\.timerListMap\[\]\._idleNext" "Payload .* onTimer" \
	"Function .* Timeout\._onTimeout \($share %\)"; do
	expect_grep "^$want *\$" "$TMP/screen"
done
# Growth roots: the six holders and the blips; not the objects a Visit
# holds, and no internal class.
expect_status 0 "$MORTEM" --print growth "$S1" "$S2"
expect_grep "^Visit +$(commas "$visits") +$(commas $((visits * per_visit))) +[0-9,]+ +global\.__visits\[\]$" "$TMP/out"
expect_grep "^CacheEntry +$(commas "$entries") +[0-9,]+ +[0-9,]+ +global\.cache\[\]$" "$TMP/out"
expect_grep "^Session +$(commas "$sessions") .* track\.sessions\[\]$" "$TMP/out"
expect_grep "^Job +$(commas "$jobs") .* Registry\.jobs\[\]$" "$TMP/out"
expect_grep "^Function onVisit\(\) +$(commas "$listeners") .* global\.bus\._events\.visit\[\]$" "$TMP/out"
expect_grep "^Timeout +$(commas "$payloads") .*\.timerListMap\[\]\._idleNext$" "$TMP/out"
expect_grep "^Blip +$(commas "$grew_blips") .* global\.blips\[\]$" "$TMP/out"
expect_no_grep "^(\{ua\}|Payload|\(string\)|system / Context) " "$TMP/out"
expect_lines 10 "$TMP/out"   # banner, blank, header, seven roots
# The timers hold their callbacks, the callbacks' contexts and the payloads.
expect_grep "^Timeout +$(commas "$payloads") +[0-9,]+ " "$TMP/out"
held=$(sed -n 's/^Timeout  *[0-9,]*  *\([0-9,]*\) .*/\1/p' "$TMP/out" | tr -d ,)
[ "${held:-0}" -ge $((payloads * 4)) ] && ok || fail "Timeout holds $held objects, not its callbacks, contexts and payloads"

# JSON: name, new, held_objects, held_size, path and steps.
expect_status 0 "$MORTEM" --print growth --format json "$S1" "$S2"
node -e '
const rows = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const v = rows.find((r) => r.name === "Visit");
const want = [["", "global"], [".__visits", "Array"], ["[]", "Visit"]];
const got = v.steps.map((s) => [s.edge, s.class]);
if (JSON.stringify(got) !== JSON.stringify(want)) { console.error("steps", JSON.stringify(got)); process.exit(1); }
if (v.new !== +process.argv[2] || v.held_objects !== v.new * +process.argv[3] || v.path !== "global.__visits[]") process.exit(1);
const f = rows.find((r) => r.function === "onVisit");
if (!f || f.name !== "Function" || f.new !== +process.argv[4]) process.exit(1);
if (rows.some((r) => r.held_size <= 0 || typeof r.path !== "string")) process.exit(1);
' "$TMP/out" "$visits" "$per_visit" "$listeners" && ok || fail "growth JSON: $(head -c 300 "$TMP/out")"

# Between the second and third snapshots the blips shrink: no root, no
# Held by; the steady leaks are roots again.
expect_status 0 "$MORTEM" --print growth "$S2" "$S3"
expect_no_grep "^Blip " "$TMP/out"
expect_grep "^Visit +$(commas "$visits") " "$TMP/out"
expect_status 0 "$MORTEM" --print compare "$S2" "$S3"
expect_grep "^Blip +0 +$(commas $(( $(blips 2) - $(blips 3) ))) .*[0-9] *$" "$TMP/out"

# A series of three: each class's count in every snapshot; the classes
# that grew at every step are marked, Blip (up, then down) is not.
expect_status 0 "$MORTEM" --print series "$S1" "$S2" "$S3"
expect_grep "^3 snapshots, " "$TMP/out"
expect_grep "^Visit +every step +$(commas "$visits") +$(commas $((3 * visits))) +\+$(commas $((2 * visits))) +$(commas "$visits") → $(commas $((2 * visits))) → $(commas $((3 * visits)))$" "$TMP/out"
expect_grep "^Job +every step +$(commas "$jobs") " "$TMP/out"
expect_grep "^Blip +$(commas "$(blips 1)") +$(commas "$(blips 3)") +\+[0-9,]+ +$(commas "$(blips 1)") → $(commas "$(blips 2)") → $(commas "$(blips 3)")$" "$TMP/out"
expect_status 0 "$MORTEM" --print series --format json "$S1" "$S2" "$S3"
node -e '
const rows = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const by = (n) => rows.find((r) => r.name === n);
const v = by("Visit"), b = by("Blip");
if (!v.grew_every_step || b.grew_every_step || v.counts.length !== 3) process.exit(1);
if (b.counts.join() !== process.argv[2]) process.exit(1);
' "$TMP/out" "$(blips 1),$(blips 2),$(blips 3)" && ok || fail "series JSON: $(head -c 300 "$TMP/out")"
# The Comparison of a series: its first and last.
expect_status 0 "$MORTEM" --print compare "$S1" "$S2" "$S3"
expect_grep "base #1 .*growth-1\.heapsnapshot\.gz → target #3 .*growth-3\.heapsnapshot\.gz" "$TMP/out"
expect_grep "^Visit +$(commas $((2 * visits))) +0 " "$TMP/out"
# In the UI, ] moves the base to the second.
( cd "$TMP" && cp "$S1" one.gz && cp "$S2" two.gz && cp "$S3" three.gz &&
  "$MORTEM" --headless 140x20 --keys ']' one.gz two.gz three.gz >screen )
expect_grep "base #2 two\.gz → target #3 three\.gz" "$TMP/screen"
expect_grep "^Visit +$(commas "$visits") +0 " "$TMP/screen"
expect_grep "^ 1 Comparison  2 Growth  3 Series " "$TMP/screen"
( cd "$TMP" && "$MORTEM" --headless 140x20 --keys ']<Enter>' one.gz two.gz three.gz >screen )
expect_grep "^global\.__visits\[\] +$(commas "$visits") +100\.0% " "$TMP/screen"
# More than two files are snapshots, or refused with the reason.
expect_status 2 "$MORTEM" --print series "$S1" "$FIX/reports/darwin.json.gz" "$S3"
expect_grep "more than two files must all be heap snapshots" "$TMP/err"
expect_lines 1 "$TMP/err"

# Two snapshots are needed.
expect_status 2 "$MORTEM" --print growth "$S1"
expect_grep "growth" "$TMP/err"
expect_lines 1 "$TMP/err"

done_testing
