# tests/capture.sh: `mortem --capture PID` on node processes this test
# starts with no diagnostic flags (tests/fixtures/capture/): the files it
# writes, what it prints, that the process lives on and that an inspector
# mortem opened is closed again, one left open when it was there before,
# and the refusals (not node, SIGUSR1 not handled, no such process, too
# little memory in the process's cgroup, Ctrl-C).
. "${top_srcdir:-.}/tests/lib.sh"
C="$FIX/capture"
pids=""
cgroup=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	[ -n "$cgroup" ] && rmdir "$cgroup" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

# start NAME CMD...: run CMD in the background, output in $TMP/NAME.out;
# wait for its "ready" and for SIGUSR1 in its SigCgt. Sets $pid.
start() {
	name=$1; shift
	"$@" >"$TMP/$name.out" 2>"$TMP/$name.err" &
	pid=$!
	pids="$pids $pid"
	for _ in $(seq 100); do
		grep -q ready "$TMP/$name.out" 2>/dev/null && break
		sleep 0.1
	done
	grep -q ready "$TMP/$name.out" || fail "$name did not start: $(cat "$TMP/$name.err")"
}

# The TCP ports the process pid listens on, read from /proc here (not by
# mortem's code): its socket inodes matched in net/tcp and tcp6.
listening() {
	inodes=" $(ls -l "/proc/$1/fd" 2>/dev/null | sed -n 's/.*socket:\[\([0-9]*\)\].*/\1/p' | tr '\n' ' ')"
	cat "/proc/$1/net/tcp" "/proc/$1/net/tcp6" 2>/dev/null |
		awk -v inodes="$inodes" '$4 == "0A" && index(inodes, " " $10 " ") { split($2, a, ":"); print a[2] }' |
		while read -r h; do printf '%d\n' "0x$h"; done
}

expect_alive() {
	ok
	kill -0 "$1" 2>/dev/null || fail "process $1 ($2) is gone"
}

expect_not_listening() {
	ok
	[ -z "$(listening "$1")" ] || fail "process $1 ($2) still listens on $(listening "$1" | tr '\n' ' ')"
}

# json FILE EXPR: a value of the JSON in FILE (j), computed by node.
json() {
	node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		console.log(eval(process.argv[2]))' "$1" "$2"
}

# --- Two snapshots 2 s apart, printed as a comparison ----------------------
start leak node "$C/leak.js" 500 1000
leak=$pid
t0=$(date +%s)
expect_status 0 "$MORTEM" --capture "$leak" --snapshots 2 --interval 2s --out "$TMP/a" \
	--print compare --format json
took=$(($(date +%s) - t0))
cp "$TMP/out" "$TMP/compare.json"
cp "$TMP/err" "$TMP/a.err"
expect_grep "^inspector opened on 127\.0\.0\.1:9229 \(anyone on this host can connect" "$TMP/a.err"
expect_grep "^inspector on port 9229 closed again$" "$TMP/a.err"
# Opened for each snapshot, closed while waiting for the next.
ok; [ "$(grep -c '^inspector opened on' "$TMP/a.err")" = 2 ] && [ "$(grep -c 'closed again$' "$TMP/a.err")" = 2 ] ||
	fail "the inspector was not opened and closed once for each snapshot: $(cat "$TMP/a.err")"
expect_alive "$leak" leak.js
expect_not_listening "$leak" leak.js
for f in snapshot-1.heapsnapshot.gz snapshot-2.heapsnapshot.gz; do
	expect_status 0 gzip -t "$TMP/a/$f"
done
ls "$TMP/a" >"$TMP/ls"
expect_no_grep '\.part$' "$TMP/ls"
# The leaking class in each snapshot's class table, and its growth: whole
# batches of 500, one a second: at least one in the 2 s between the
# snapshots, at most one a second of the whole run (and one for the
# rounding), and the comparison's delta is exactly the difference.
count() {
	"$MORTEM" --print classes --format json "$1" >"$TMP/classes.json"
	json "$TMP/classes.json" 'j.find(c => c.name === "LeakedRequest")?.count ?? 0'
}
c1=$(count "$TMP/a/snapshot-1.heapsnapshot.gz")
c2=$(count "$TMP/a/snapshot-2.heapsnapshot.gz")
self2=$(json "$TMP/classes.json" 'j.find(c => c.name === "LeakedRequest").self_size')
grown=$((c2 - c1))
ok; [ $((c1 % 500)) -eq 0 ] && [ $((c2 % 500)) -eq 0 ] || fail "counts $c1, $c2: not whole batches of 500"
most=$((500 * (took + 2)))
ok; [ "$grown" -ge 500 ] && [ "$grown" -le "$most" ] ||
	fail "LeakedRequest grew by $grown in a run of $took s, want 500 to $most"
ok; [ "$(json "$TMP/compare.json" 'j[0].name')" = LeakedRequest ] || fail "the comparison does not lead with LeakedRequest"
ok; [ "$(json "$TMP/compare.json" 'j[0].delta')" = "$grown" ] || fail "comparison delta $(json "$TMP/compare.json" 'j[0].delta'), counts say $grown"
ok; [ "$(json "$TMP/compare.json" 'j[0].size_delta')" = $((grown * self2 / c2)) ] ||
	fail "comparison size delta $(json "$TMP/compare.json" 'j[0].size_delta'), want $((grown * self2 / c2))"
# The report: this process's, loadable, without the network section.
expect_status 0 "$MORTEM" --print overview "$TMP/a/report.json"
expect_grep "^PID +$leak$" "$TMP/out"
expect_grep "^Trigger +GetReport$" "$TMP/out"
ok; [ "$(json "$TMP/a/report.json" 'j.header.networkInterfaces === undefined')" = true ] ||
	fail "the report has its network section"

# --- Three snapshots, files only, then opened as a series -----------------
expect_status 0 "$MORTEM" --capture "$leak" --snapshots 3 --interval 1s --out "$TMP/b" --no-open
expect_lines 4 "$TMP/out"
expect_grep "^$TMP/b/snapshot-3\.heapsnapshot\.gz$" "$TMP/out"
expect_grep "^$TMP/b/report\.json$" "$TMP/out"
expect_alive "$leak" leak.js
expect_not_listening "$leak" leak.js
counts=""
for i in 1 2 3; do
	expect_status 0 gzip -t "$TMP/b/snapshot-$i.heapsnapshot.gz"
	counts="$counts $(count "$TMP/b/snapshot-$i.heapsnapshot.gz")"
done
# shellcheck disable=SC2086 # three numbers
set -- $counts
ok; [ "$1" -lt "$2" ] && [ "$2" -lt "$3" ] || fail "LeakedRequest counts $counts do not grow"
expect_status 0 "$MORTEM" --capture "$leak" --snapshots 3 --interval 1s --out "$TMP/s" \
	--print series --format json
cp "$TMP/out" "$TMP/series.json"
want=$(for i in 1 2 3; do count "$TMP/s/snapshot-$i.heapsnapshot.gz"; done | tr '\n' ' ')
got=$(json "$TMP/series.json" 'j.find(c => c.name === "LeakedRequest").counts.join(" ")')
ok; [ "$got " = "$want" ] || fail "the series counts LeakedRequest $got, the snapshots $want"
ok; [ "$(json "$TMP/series.json" 'j[0].name')" = LeakedRequest ] || fail "the series does not lead with LeakedRequest"
expect_not_listening "$leak" leak.js
# The same folder again: refused, nothing overwritten.
expect_status 2 "$MORTEM" --capture "$leak" --out "$TMP/b" --no-open
expect_grep "holds an earlier capture" "$TMP/err"

# --- The UI opens on the Comparison ----------------------------------------
expect_status 0 "$MORTEM" --capture "$leak" --snapshots 2 --interval 1s --out "$TMP/ui" \
	--headless 120x12 --keys ''
expect_grep '^ 1 Comparison ' "$TMP/out"
expect_grep '^ *LeakedRequest ' "$TMP/out"
expect_not_listening "$leak" leak.js

# --- An inspector that was already open stays open --------------------------
start open node --inspect=127.0.0.1:0 "$C/leak.js"
port=$(sed -n 's/^Debugger listening on ws:\/\/127\.0\.0\.1:\([0-9]*\)\/.*/\1/p' "$TMP/open.err")
expect_status 0 "$MORTEM" --capture "$pid" --snapshots 2 --interval 1s --out "$TMP/c" --no-open
expect_grep "^using the inspector already open on 127\.0\.0\.1:$port \(left open\)$" "$TMP/err"
expect_no_grep "closed again" "$TMP/err"
expect_status 0 gzip -t "$TMP/c/snapshot-2.heapsnapshot.gz"
ok; listening "$pid" | grep -qx "$port" || fail "the inspector on $port was closed"

# --- An ES module main, the report alone, printed --------------------------
start esm node "$C/idle.mjs"
expect_status 0 "$MORTEM" --capture "$pid" --report --out "$TMP/d" --print overview
expect_grep "^PID +$pid$" "$TMP/out"
expect_grep "^Command line +node .*idle\.mjs$" "$TMP/out"
ok; [ "$(ls "$TMP/d")" = report.json ] || fail "--report wrote $(ls "$TMP/d" | tr '\n' ' ')"
expect_alive "$pid" idle.mjs
expect_not_listening "$pid" idle.mjs

# --- A core too, through gcore, after the inspector is closed --------------
if command -v gcore >/dev/null 2>&1; then
	expect_status 0 "$MORTEM" --capture "$leak" --report --core --out "$TMP/core" --print threads
	expect_grep "^0 +$leak " "$TMP/out"
	expect_grep "^report: $TMP/core/report\.json$" "$TMP/err"
	expect_grep "^core: $TMP/core/core\.$leak\$" "$TMP/err"
	rm -f "$TMP/core/core.$leak"
	expect_alive "$leak" leak.js
	expect_not_listening "$leak" leak.js
else
	skip_part "gcore (gdb) is not installed"
fi

# --- Four busy workers: the main thread's heap ------------------------------
start workers node "$C/workers.js"
expect_status 0 "$MORTEM" --capture "$pid" --snapshots 1 --out "$TMP/w" --no-open
expect_status 0 "$MORTEM" --print workers "$TMP/w/report.json"
ok; [ "$(grep -Ec '^[0-9] +[0-9]+ +Worker thread subreport ' "$TMP/out")" = 4 ] ||
	fail "the report does not list 4 workers: $(cat "$TMP/out")"
expect_status 0 "$MORTEM" --print classes "$TMP/w/snapshot-1.heapsnapshot.gz"
expect_grep '^\+ MainOnly +×1,000 ' "$TMP/out"
expect_no_grep 'WorkerOnly' "$TMP/out"
expect_alive "$pid" workers.js
expect_not_listening "$pid" workers.js

# --- Refusals: one line, nothing sent --------------------------------------
# wait_exec PID NAME: until the child forked for PID runs NAME.
wait_exec() {
	for _ in $(seq 100); do
		case $(readlink "/proc/$1/exe") in */"$2") return ;; esac
		sleep 0.02
	done
}
sleep 60 & pids="$pids $!"; sl=$!
wait_exec "$sl" sleep
expect_status 2 "$MORTEM" --capture "$sl" --no-open --out "$TMP/x"
expect_lines 1 "$TMP/err"
expect_grep "^mortem: process $sl \(sleep\) is not node \(its executable: .*sleep\): nothing sent$" "$TMP/err"
# A process named node that does not catch SIGUSR1 (sleep under node's
# name): SIGUSR1 would kill it, so mortem must not send it.
mkdir -p "$TMP/bin" && cp "$(command -v sleep)" "$TMP/bin/node"
"$TMP/bin/node" 60 & pids="$pids $!"; fake=$!
wait_exec "$fake" node
expect_status 2 "$MORTEM" --capture "$fake" --no-open --out "$TMP/x"
expect_lines 1 "$TMP/err"
expect_grep "^mortem: process $fake \(node\) does not handle SIGUSR1 .*: nothing sent$" "$TMP/err"
expect_alive "$fake" "the stand-in for node"
# --disable-sigusr1 (node 22.14 and later): the node on PATH, or one that
# `make check-versions` or `make bench` fetched.
nosig=""
for n in node "$top_srcdir"/bench/cache/node/*/package/bin/node; do
	if "$n" --disable-sigusr1 -e 0 2>/dev/null; then nosig=$n; break; fi
done
if [ -n "$nosig" ]; then
	start nosig "$nosig" --disable-sigusr1 "$C/leak.js"
	expect_status 2 "$MORTEM" --capture "$pid" --no-open --out "$TMP/x"
	expect_lines 1 "$TMP/err"
	expect_grep "^mortem: process $pid \(.*\) does not handle SIGUSR1 .*: nothing sent$" "$TMP/err"
	expect_alive "$pid" "node $("$nosig" --version) --disable-sigusr1"
else
	echo "note: node $(node --version) has no --disable-sigusr1; the stand-in above checks the same gate"
fi
sh -c 'exit 0' & gone=$!
wait "$gone"
expect_status 2 "$MORTEM" --capture "$gone" --no-open --out "$TMP/x"
expect_lines 1 "$TMP/err"
expect_grep "^mortem: process $gone: no such process$" "$TMP/err"
expect_status 2 "$MORTEM" --capture 12x
expect_grep "^mortem: --capture takes a process id, not '12x'$" "$TMP/err"
expect_status 2 "$MORTEM" --capture "$leak" --interval 5y
expect_status 2 "$MORTEM" --capture "$leak" "$TMP/b/report.json"

# --- Its stderr closed midway (2>&1 | head): it goes on, closes, writes -----
"$MORTEM" --capture "$leak" --snapshots 2 --interval 1s --out "$TMP/p" --no-open 2>&1 | head -n 1 >/dev/null
expect_status 0 gzip -t "$TMP/p/snapshot-2.heapsnapshot.gz"
expect_not_listening "$leak" leak.js

# --- Ctrl-C mid-snapshot: no partial file, the process goes on --------------
start big node "$C/leak.js" 0 1000 0 300000
big=$pid
"$MORTEM" --capture "$big" --snapshots 1 --out "$TMP/i" --no-open >"$TMP/i.out" 2>"$TMP/i.err" &
m=$!
for _ in $(seq 200); do
	[ -e "$TMP/i/snapshot-1.heapsnapshot.gz.part" ] && break
	sleep 0.05
done
kill -INT "$m"
wait "$m"; st=$?
ok; [ "$st" = 2 ] || fail "mortem after Ctrl-C: exit $st; $(cat "$TMP/i.err")"
expect_grep "^mortem: interrupted during snapshot 1$" "$TMP/i.err"
ok; [ -z "$(ls "$TMP/i")" ] || fail "left after Ctrl-C: $(ls "$TMP/i" | tr '\n' ' ')"
expect_alive "$big" "leak.js with 300000 objects"
expect_not_listening "$big" "leak.js with 300000 objects"

# Ctrl-C while waiting for the next snapshot: the first one is kept.
"$MORTEM" --capture "$big" --snapshots 2 --interval 20s --out "$TMP/j" --no-open >"$TMP/j.out" 2>"$TMP/j.err" &
m=$!
for _ in $(seq 200); do
	grep -q '^snapshot 1: ' "$TMP/j.err" && break
	sleep 0.05
done
kill -INT "$m"
wait "$m"; st=$?
ok; [ "$st" = 2 ] || fail "mortem after Ctrl-C between snapshots: exit $st; $(cat "$TMP/j.err")"
expect_grep "^mortem: interrupted before snapshot 2$" "$TMP/j.err"
expect_grep "^mortem: kept $TMP/j/snapshot-1\.heapsnapshot\.gz$" "$TMP/j.err"
expect_status 0 gzip -t "$TMP/j/snapshot-1.heapsnapshot.gz"
expect_alive "$big" "leak.js with 300000 objects"
expect_not_listening "$big" "leak.js with 300000 objects"

# --- Too little memory in the process's cgroup: refused ---------------------
# A cgroup made for the test (v2 or v1 memory controller) holds a node with
# an 80 MB heap; its limit leaves 30 MB above what it uses.
mem_cgroup() {
	line=$(grep -E '^[0-9]+:([^:]*,)?memory(,[^:]*)?:' /proc/self/cgroup)
	if [ -n "$line" ] && [ -d "/sys/fs/cgroup/memory${line##*:}" ]; then
		echo "/sys/fs/cgroup/memory${line##*:} memory.limit_in_bytes memory.usage_in_bytes"
		return
	fi
	line=$(grep '^0::' /proc/self/cgroup)
	d="/sys/fs/cgroup${line#0::}"
	grep -qw memory "$d/cgroup.subtree_control" 2>/dev/null && echo "$d memory.max memory.current"
}
# shellcheck disable=SC2046 # three words, split on purpose
set -- $(mem_cgroup)
if [ $# -eq 3 ] && mkdir "$1/mortem-capture-test-$$" 2>/dev/null; then
	cgroup="$1/mortem-capture-test-$$"
	start boxed sh -c 'echo $$ >"$1/cgroup.procs" && exec node "$2" 0 1000 80' sh "$cgroup" "$C/leak.js"
	boxed=$pid
	used=$(cat "$cgroup/$3")
	echo $((used + 30 * 1024 * 1024)) >"$cgroup/$2"
	expect_status 2 "$MORTEM" --capture "$boxed" --out "$TMP/m" --no-open
	expect_grep "^mortem: process $boxed: a heap snapshot needs about [89][0-9] MB more \(its heap in use\) but cgroup .*/mortem-capture-test-$$ \($2\) has [23][0-9] MB left; --force takes it anyway$" "$TMP/err"
	ok; [ ! -e "$TMP/m/snapshot-1.heapsnapshot.gz" ] || fail "a snapshot was taken"
	expect_alive "$boxed" "node in the cgroup"
	expect_not_listening "$boxed" "node in the cgroup"
	# The check is a bound: this heap is 80 arrays of small integers, whose
	# snapshot needs far less than the heap again, so --force gets it.
	expect_status 0 "$MORTEM" --capture "$boxed" --snapshots 1 --force --out "$TMP/m" --no-open
	expect_status 0 gzip -t "$TMP/m/snapshot-1.heapsnapshot.gz"
	expect_alive "$boxed" "node in the cgroup, after --force"
	kill "$boxed"; wait "$boxed" 2>/dev/null
else
	skip_part "no memory cgroup could be made here (needs root and a v1 or v2 memory controller)"
fi

done_testing
