# tests/jsframes-lib.sh: making cores of node at test time and comparing the
# JavaScript frames mortem finds with the stack V8 printed. Sourced by
# tests/jsframes.sh after tests/lib.sh.

JSBT="$top_builddir/tests/unit/test_jsbt"

# Skip (exit 77) unless node runs and cores land in the current directory.
js_setup() {
	NODE_BIN=${MORTEM_NODE:-$(command -v node 2>/dev/null)}
	if [ -z "$NODE_BIN" ] || ! "$NODE_BIN" -e 0 >/dev/null 2>&1; then
		echo "skip: no node to make cores with"
		exit 77
	fi
	NODE_BIN=$(readlink -f "$NODE_BIN")
	pattern=$(cat /proc/sys/kernel/core_pattern 2>/dev/null)
	case $pattern in
	'|'*) echo "skip: core_pattern pipes cores to ${pattern#|}; these tests need a plain file name"
	      exit 77 ;;
	*/*) echo "skip: core_pattern writes cores to $pattern, not the current directory"
	     exit 77 ;;
	esac
	if ! ulimit -c unlimited 2>/dev/null; then
		echo "skip: cannot raise the core size limit"
		exit 77
	fi
	cp "$top_srcdir"/tests/fixtures/jscores/*.js "$TMP"/
	echo "node: $NODE_BIN ($("$NODE_BIN" --version))"
}

# Move the newest core file of the current directory to $1.
js_take_core() {
	f=$(ls -t core core.[0-9]* 2>/dev/null | head -n 1)
	[ -n "$f" ] && mv "$f" "$1"
}

# Wait up to 30 s for a line matching $2 in file $1.
js_wait_for() {
	i=0
	while [ $i -lt 300 ]; do
		grep -q -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# js_core SCRIPT HOW [NODE-ARGS...]: run SCRIPT and make NAME.core, where
# HOW is abort (the script aborts), kill (SIGABRT once it printed its
# stack), gcore (gcore once it printed its stack) or gcore-idle (gcore once
# it says "listening"). Then NAME.bt holds the full backtrace of the first
# thread and NAME.frames the JS frames of every thread. Returns 1 when skipped.
js_core() {
	script=$1 how=$2 name=${1%.js}
	shift 2
	rm -f core core.[0-9]*
	case $how in
	abort)
		"$NODE_BIN" "$@" "$script" >"$name.out" 2>&1
		js_take_core "$name.core" ;;
	kill|gcore|gcore-idle)
		if [ "$how" != kill ] && ! command -v gcore >/dev/null 2>&1; then
			skip_part "$script: no gcore (gdb)"
			return 1
		fi
		"$NODE_BIN" "$@" "$script" >"$name.out" 2>&1 &
		pid=$!
		want='at printStack'
		[ "$how" = gcore-idle ] && want=listening
		js_wait_for "$name.out" "$want" || echo "$script: never printed '$want'" >&2
		sleep 1
		if [ "$how" = kill ]; then
			kill -ABRT "$pid"
			wait "$pid" 2>/dev/null
			js_take_core "$name.core"
		else
			gcore -o "$name" "$pid" >"$name.gcore.log" 2>&1
			kill -KILL "$pid" 2>/dev/null
			wait "$pid" 2>/dev/null
			[ -f "$name.$pid" ] && mv "$name.$pid" "$name.core"
		fi ;;
	esac
	ok
	if [ ! -f "$name.core" ]; then
		fail "$script: no core was made ($how); output: $(head -c 300 "$name.out")"
		return 1
	fi
	"$JSBT" "$name.core" >"$name.bt" 2>&1
	"$JSBT" --js-only --all-threads "$name.core" >"$name.frames" 2>&1
	# mortem reads cores: failing on one is a failure, never a skip.
	ok
	js_mortem_frames "$name.core" >"$name.mframes" ||
		fail "$script: mortem --print backtrace failed on the core: $(head -c 300 "$name.core.json")"
	return 0
}

# V8's "    at NAME (LOC)" or "    at LOC" lines as NAME|LOC, without the
# " [as x]" method alias (found by property lookup, not in the core).
js_normalize() {
	sed -n 's/^    at //p' | sed 's/ \[as [^]]*\]//' |
		awk '{ if (match($0, / \(.*\)$/)) print substr($0, 1, RSTART - 1) "|" substr($0, RSTART + 2, RLENGTH - 3);
		       else print "<anonymous>|" $0 }'
}

# The stack the script printed, below its printStack frame.
js_expected() {
	awk '/^    at printStack /{on = 1; next} on && /^    at /{print; next} on{exit}' "$1" | js_normalize
}

# The JS frames of the first thread whose frames include function $2, from
# that frame down (a builtin such as Math.sqrt may run above it).
js_got() {
	awk -v fn="$2" '/^thread /{ if (found) exit; n = 0; next }
		/^    at /{ if (index($0, "    at " fn " (") == 1) found = 1; if (found) buf[n++] = $0 }
		END{ if (found) for (i = 0; i < n; i++) print buf[i] }' "$1" | js_normalize
}

# js_compare exact|callers NAME [FRAMES]: NAME.frames (or FRAMES, the same
# form from mortem) against NAME.out, frame by frame:
# the same script:line:column (callers: the top frame by script only) and the
# same function name. For node's own scripts a method V8 named by a property
# lookup ("Module._compile", "[kHybridDispatch]") may read "T.<anonymous>":
# that name is not in the function, only in the object that holds it.
js_compare() {
	ok
	bad=$(js_differences "$@")
	[ -z "$bad" ] || fail "$bad"
}

# js_differences: js_compare's verdict as text, empty when the frames agree.
js_differences() {
	mode=$1 name=$2 frames=${3:-$2.frames}
	js_expected "$name.out" >"$name.want"
	top=$(head -n 1 "$name.want" | cut -d'|' -f1)
	js_got "$frames" "$top" >"$name.got"
	if [ ! -s "$name.want" ]; then
		echo "$name: the script printed no stack: $(head -c 300 "$name.out")"
		return
	fi
	bad=$(awk -F'|' -v mode="$mode" '
		NR == FNR { wn[FNR] = $1; wl[FNR] = $2; nw = FNR; next }
		{ gn[FNR] = $1; gl[FNR] = $2; ng = FNR }
		END {
			if (nw != ng) print "frame count " nw " (V8) vs " ng " (core)"
			for (i = 1; i <= nw && i <= ng; i++) {
				a = wl[i]; b = gl[i]
				if (mode == "callers" && i == 1) { sub(/:[0-9]+:[0-9]+$/, "", a); sub(/:[0-9]+:[0-9]+$/, "", b) }
				named = wn[i] == gn[i] || (a ~ /^node:/ && gn[i] ~ /<anonymous>$/)
				if (a != b || !named) print "frame " i ": V8 " wn[i] " (" wl[i] "), core " gn[i] " (" gl[i] ")"
			}
		}' "$name.want" "$name.got")
	[ -z "$bad" ] || echo "$name ($frames): JS frames differ from V8's stack:
$bad
$(cat "$name.bt")"
}

# js_sampled SCRIPT HOW: a core of a process caught wherever its loop is
# (HOW kill or gcore), compared by callers, with test_jsbt and with mortem.
# A stop can land in a JIT prologue or epilogue, where frame 0 is given to
# its caller (doc/jsframes.md, known gaps). Only that difference, recognised
# from the frames by js_prologue_case, takes one more core (the first one's
# differences kept in the log); any other difference fails at once, and so
# does a second core that differs.
js_sampled() {
	name=${1%.js}
	for attempt in 1 2; do
		js_core "$1" "$2" || return 0
		bad='' prologue=yes
		for frames in "$name.frames" "$name.mframes"; do
			d=$(js_differences callers "$name" "$frames")
			[ -z "$d" ] && continue
			bad="$bad$d
"
			js_prologue_case "$name" "$frames" || prologue=no
		done
		ok
		if [ -z "$bad" ]; then
			return 0
		elif [ $prologue = no ]; then
			fail "$bad"
			return 0
		elif [ $attempt = 1 ]; then
			echo "note: $name: the first core stopped in a JIT prologue (frame 0 given to its caller), taking another: $bad" | head -n 20
		fi
	done
	fail "two cores in a row in a JIT prologue: $bad"
}

# js_prologue_case NAME FRAMES: do FRAMES differ from NAME.want (V8's stack:
# top, its caller, then the callers' callers) only as a stop in the top
# function's prologue or epilogue does? That is, one thread's JS frames end
# with V8's callers' callers exactly (names, script:line:column, to the
# bottom), and above them is either
#   - one frame of the caller's function (frame 0 given to its caller: the
#     top function missing), or
#   - the caller exactly, under a top frame of another function than V8's
#     top (its function slot not written yet).
# Any other difference (a frame dropped, a position or a name wrong below
# the top) is not this case.
js_prologue_case() {
	name=$1 frames=$2
	rm -f "$name.thread."*
	awk -v p="$name.thread." '/^thread /{ n++; next } /^    at /{ print > (p n) }' "$frames"
	for t in "$name.thread."*; do
		[ -f "$t" ] || continue
		js_normalize <"$t" >"$t.n"
		awk -F'|' '
			function same(i, j) {
				return wl[i] == gl[j] && (wn[i] == gn[j] || (wl[i] ~ /^node:/ && gn[j] ~ /<anonymous>$/))
			}
			NR == FNR { wn[FNR] = $1; wl[FNR] = $2; nw = FNR; next }
			{ gn[FNR] = $1; gl[FNR] = $2; ng = FNR }
			END {
				c = nw - 2
				if (nw < 2 || ng < c + 1 || ng > c + 2) exit 1
				for (i = 0; i < c; i++)
					if (!same(nw - i, ng - i)) exit 1
				if (ng == c + 1) {
					a = wl[2]; b = gl[1]
					sub(/:[0-9]+:[0-9]+$/, "", a); sub(/:[0-9]+:[0-9]+$/, "", b)
					exit !(gn[1] == wn[2] && a == b)
				}
				exit !(same(2, 2) && gn[1] != wn[1])
			}' "$name.want" "$t.n" && return 0
	done
	return 1
}

# js_mortem_frames CORE [MORTEM-ARGS...]: mortem's JS frames of every
# thread, from the JSON of its backtrace pane (read with node: it is here
# for the cores anyway), in test_jsbt's --js-only form.
js_mortem_frames() {
	core=$1
	shift
	"$MORTEM" "$@" --print backtrace --all-threads --format json "$core" >"$core.json" 2>&1 || return 1
	"$NODE_BIN" -e '
		const all = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
		for (const t of all) {
			console.log("thread " + t.tid + " signal " + t.signal);
			for (const f of t.frames)
				if (f.kind === "js")
					console.log("    at " + f.function + " (" + f.script +
						    (f.line ? ":" + f.line + ":" + f.column : "") + ")");
		}
	' "$core.json"
}
