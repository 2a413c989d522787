# tests/core.sh: the core panes on the committed cores of crash.c, the
# executable found by --exe and --sysroot or refused by its build-id,
# core-dump-handler zip bundles (deflated, zip64, stored, cut), and bad
# input: truncated cores, zero-length and garbage files.
. "${top_srcdir:-.}/tests/lib.sh"
CORES=$(cd "$top_srcdir/tests/fixtures/cores" && pwd)

gzip -dc "$CORES/crash.gz" >"$TMP/crash"
chmod +x "$TMP/crash"
expect_of() { sed -n "s/^$1 //p" "$CORES/crash-$2.expect" | head -1; }

# --- the committed cores, with the binary given by --exe -----------------------
for mode in segv abort fpe handler; do
	core=$CORES/crash-$mode.core.gz
	tid=$(expect_of tid "$mode")
	expect_status 0 "$MORTEM" --print overview --exe "$TMP/crash" "$core"
	expect_grep "Crashing thread +$tid " "$TMP/out"
	expect_grep "Signal +$(expect_of signal "$mode") " "$TMP/out"
	expect_grep "Binary +$TMP/crash \(build-id matches the core\)" "$TMP/out"
	expect_grep "Command line +\./crash $mode$" "$TMP/out"
	expect_status 0 "$MORTEM" --print backtrace --format json --exe "$TMP/crash" "$core"
	expect_grep '"function":[[:space:]]*"level_two"' "$TMP/out"
	expect_grep '"how":[[:space:]]*"context"' "$TMP/out"
	expect_grep "\"tid\":[[:space:]]*$tid," "$TMP/out"
done
# The crashing thread's frames, each as gdb has it (the .expect, made by
# make-cores.sh): the same number, pc and function, up to main and past it
# (__libc_start_call_main, __libc_start_main, _start); as many frames as
# gdb. Frames in libc and past main need libc's CFI: all of them only when
# this host's libc is the one that made the cores, else only segv and fpe
# up to main (crash's own CFI).
libc_file=$("$MORTEM" --print mappings "$CORES/crash-segv.core.gz" |
	awk '$NF ~ /\/libc\.so/ { print $NF; exit }')
libc_want=$(expect_of libc segv)
libc_here=$(readelf -n "$libc_file" 2>/dev/null | sed -n 's/.*Build ID: *//p')
if [ -z "$libc_want" ]; then
	fail "crash-segv.expect names no libc build-id"
elif [ "$libc_here" != "$libc_want" ]; then
	skip_part "$libc_file here (build-id ${libc_here:-unknown}) is not the libc of the committed cores ($libc_want): their frames in libc and past main are not compared with gdb's (remake them: tests/fixtures/cores/make-cores.sh)"
fi
for mode in segv abort fpe handler; do
	if [ "$libc_here" = "$libc_want" ]; then
		kinds='frame|past'
	else
		case $mode in segv|fpe) kinds=frame ;; *) continue ;; esac
	fi
	expect_status 0 "$MORTEM" --print backtrace --exe "$TMP/crash" "$CORES/crash-$mode.core.gz"
	grep -E "^($kinds) " "$CORES/crash-$mode.expect" >"$TMP/gdb-frames"
	ok
	awk 'function pad(h) { h = substr(h, 3); while (length(h) < 16) h = "0" h; return "0x" h }
		NR == FNR { pc[$2] = pad($3); fn[$2] = $4; last = $2; next }
		$1 ~ /^#[0-9]+$/ { i = substr($1, 2); ours[i] = $2; name = $3; sub(/\+0x[0-9a-f]+$/, "", name); nm[i] = name; n = i + 1 }
		END {
			for (i in pc) {
				if (ours[i] != pc[i]) { print "frame " i ": pc " ours[i] ", gdb " pc[i]; bad = 1 }
				else if (fn[i] != "??" && nm[i] != fn[i]) { print "frame " i ": " nm[i] ", gdb " fn[i]; bad = 1 }
			}
			if (kinds ~ /past/ && n != last + 1) { print n " frames, gdb " last + 1; bad = 1 }
			exit bad
		}' kinds="$kinds" "$TMP/gdb-frames" "$TMP/out" >"$TMP/frames-diff" ||
		fail "crash-$mode: frames differ from gdb's: $(tr '\n' ';' <"$TMP/frames-diff")"
done
addr=$(expect_of addr segv)
expect_status 0 "$MORTEM" --print overview --exe "$TMP/crash" "$CORES/crash-segv.core.gz"
expect_grep "Fault address +$addr$" "$TMP/out"
expect_grep 'Verdict +SIGSEGV in level_two: a NULL pointer dereference' "$TMP/out"
expect_status 0 "$MORTEM" --print overview --exe "$TMP/crash" "$CORES/crash-fpe.core.gz"
expect_grep 'integer divide by zero' "$TMP/out"

# Every pane prints, as text and as JSON, for a thread chosen by index or TID.
for pane in overview threads backtrace registers mappings env sidecars; do
	expect_status 0 "$MORTEM" --print "$pane" --exe "$TMP/crash" "$CORES/crash-abort.core.gz"
	expect_status 0 "$MORTEM" --print "$pane" --format json --exe "$TMP/crash" \
		"$CORES/crash-abort.core.gz"
done
expect_status 0 "$MORTEM" --print registers --thread 1 "$CORES/crash-segv.core.gz"
expect_grep '^rip +0x0000' "$TMP/out"
expect_status 0 "$MORTEM" --print backtrace --thread "$(expect_of tid segv)" --exe "$TMP/crash" \
	"$CORES/crash-segv.core.gz"
expect_grep 'level_two' "$TMP/out"
expect_status 2 "$MORTEM" --print backtrace --thread 99 "$CORES/crash-segv.core.gz"
expect_grep 'no thread 99' "$TMP/err"
expect_lines 1 "$TMP/err"
expect_status 0 "$MORTEM" --print mappings "$CORES/crash-segv.core.gz"
expect_grep 'libc\.so' "$TMP/out"
expect_status 0 "$MORTEM" --print env "$CORES/crash-segv.core.gz"
expect_grep '^PATH ' "$TMP/out"

# --sysroot: the binary under DIR at the path the core names.
mkdir -p "$TMP/root/tmp/mortem-cores"
cp "$TMP/crash" "$TMP/root/tmp/mortem-cores/crash"
expect_status 0 "$MORTEM" --print overview --sysroot "$TMP/root" "$CORES/crash-segv.core.gz"
expect_grep "Binary +$TMP/root/tmp/mortem-cores/crash \(build-id matches" "$TMP/out"

# A different binary is refused by its build-id, plainly, and the rest shows.
expect_status 0 "$MORTEM" --print overview --exe "$MORTEM" "$CORES/crash-segv.core.gz"
expect_grep "Binary +$MORTEM is not the file that ran: build-id [0-9a-f]+, the core wants [0-9a-f]+" "$TMP/out"
expect_grep 'Signal +11 SIGSEGV' "$TMP/out"

# A stripped copy keeps its build-id and CFI but loses the names: frames
# show module offsets, and the overview says why.
if command -v strip >/dev/null 2>&1; then
	strip -o "$TMP/crash-stripped" "$TMP/crash"
	expect_status 0 "$MORTEM" --print overview --exe "$TMP/crash-stripped" "$CORES/crash-segv.core.gz"
	expect_grep 'Symbols +the executable is stripped' "$TMP/out"
	expect_status 0 "$MORTEM" --print backtrace --exe "$TMP/crash-stripped" "$CORES/crash-segv.core.gz"
	expect_no_grep 'level_two' "$TMP/out"
	expect_grep '^#1 +0x[0-9a-f]+ +crash\+0x[0-9a-f]+ +crash +cfi$' "$TMP/out"
else
	skip_part "no strip: the stripped-executable checks are not run"
fi

# Two cores side by side: each under its name.
expect_status 0 "$MORTEM" --print threads "$CORES/crash-segv.core.gz" "$CORES/crash-fpe.core.gz"
expect_grep "^==> .*crash-segv.core.gz <==" "$TMP/out"
expect_grep "^==> .*crash-fpe.core.gz <==" "$TMP/out"

# --- a core without NT_FILE (as qemu-user writes them) ---------------------------
# The abort core with its NT_FILE note's type spoiled ("ELIF" -> "XLIF"):
# the executable comes from --exe placed by AT_ENTRY, the libraries from the
# dynamic linker's r_debug list (libdwfl's reading of it needs no --exe:
# the executable's header page is in the core); the frames are the same pcs
# and names.
gzip -dc "$CORES/crash-abort.core.gz" >"$TMP/nofile.core"
at=$(LC_ALL=C grep -boa 'ELIFCORE' "$TMP/nofile.core" | head -1 | cut -d: -f1)
ok
if [ -z "$at" ]; then
	fail "crash-abort.core.gz: no NT_FILE note found"
else
	printf 'X' | dd of="$TMP/nofile.core" bs=1 seek="$at" conv=notrunc 2>/dev/null
	expect_status 0 "$MORTEM" --print mappings "$TMP/nofile.core"
	expect_grep 'r-x .*/libc\.so\.6$' "$TMP/out"
	expect_status 0 "$MORTEM" --print backtrace --exe "$TMP/crash" "$CORES/crash-abort.core.gz"
	awk '$1 ~ /^#[0-9]+$/ { print $2, $3 }' "$TMP/out" >"$TMP/with-file"
	expect_status 0 "$MORTEM" --print backtrace --exe "$TMP/crash" "$TMP/nofile.core"
	awk '$1 ~ /^#[0-9]+$/ { print $2, $3 }' "$TMP/out" >"$TMP/without-file"
	ok
	cmp -s "$TMP/with-file" "$TMP/without-file" ||
		fail "without NT_FILE the frames differ: $(diff "$TMP/with-file" "$TMP/without-file" | tr '\n' ';')"
	expect_grep 'level_two\+0x[0-9a-f]+ +crash +cfi$' "$TMP/out"
	expect_grep 'abort\+0x[0-9a-f]+ +libc\.so\.6 +cfi$' "$TMP/out"
	expect_status 0 "$MORTEM" --print mappings --exe "$TMP/crash" "$TMP/nofile.core"
	expect_grep "r-x .* $TMP/crash$" "$TMP/out"
	expect_grep 'r-x .*/libc\.so\.6$' "$TMP/out"
fi

# --- core-dump-handler bundles ---------------------------------------------------
if command -v zip >/dev/null 2>&1; then
	tid=$(expect_of tid segv)
	sh "$CORES/make-bundle.sh" "$CORES/crash-segv.core.gz" "$TMP/b64.zip" crash "$tid" 11 -fz
	sh "$CORES/make-bundle.sh" "$CORES/crash-segv.core.gz" "$TMP/stored.zip" crash "$tid" 11 -0
	for z in b64 stored; do
		expect_status 0 "$MORTEM" --print overview --exe "$TMP/crash" "$TMP/$z.zip"
		expect_grep 'Verdict +SIGSEGV in level_two' "$TMP/out"
		expect_grep 'Time +2025-11-22 03:00:00 UTC \(1763780400\)' "$TMP/out"
		expect_grep 'Host +web-7d9c8b6f5-x2x9q on node worker-3.example.internal' "$TMP/out"
		expect_status 0 "$MORTEM" --print sidecars "$TMP/$z.zip"
		expect_grep '^dump-info.json ' "$TMP/out"
		expect_grep 'info.runtimeSpec.process.env\[1\] +DB_PASSWORD=\[REDACTED\]' "$TMP/out"
		expect_no_grep 'hunter2' "$TMP/out"
		expect_grep 'GET /checkout 500' "$TMP/out"
	done
	expect_status 0 "$MORTEM" --no-redact --print sidecars --format json "$TMP/b64.zip"
	expect_grep 'DB_PASSWORD=hunter2-in-bundle' "$TMP/out"
	# Cut bundles: no central directory; the core entry cut or missing.
	size=$(wc -c <"$TMP/b64.zip")
	head -c $((size * 3 / 4)) "$TMP/b64.zip" >"$TMP/cut.zip"
	expect_status 0 "$MORTEM" --print overview "$TMP/cut.zip"
	expect_grep 'Warning +the zip has no central directory' "$TMP/out"
	expect_grep 'Warning +.* is cut short' "$TMP/out"
	head -c 4000000 "$TMP/stored.zip" >"$TMP/cut-stored.zip"
	expect_status 0 "$MORTEM" --print backtrace --exe "$TMP/crash" "$TMP/cut-stored.zip"
	expect_grep 'level_two' "$TMP/out"
	head -c 300 "$TMP/b64.zip" >"$TMP/cut-early.zip"
	expect_status 2 "$MORTEM" --print overview "$TMP/cut-early.zip"
	expect_grep 'cut-early.zip: the zip holds no core' "$TMP/err"
	expect_lines 1 "$TMP/err"
else
	skip_part "no zip: the core-dump-handler bundle checks (zip64, stored, cut) are not run"
fi

# --- truncated, empty and garbage input -------------------------------------------
gzip -dc "$CORES/crash-segv.core.gz" >"$TMP/segv.core"
size=$(wc -c <"$TMP/segv.core")
for pct in 90 50 10 1; do
	head -c $((size * pct / 100)) "$TMP/segv.core" >"$TMP/cut.core"
	expect_status 0 "$MORTEM" --print overview "$TMP/cut.core"
	expect_grep 'Warning +the core is cut short' "$TMP/out"
	for pane in threads backtrace registers mappings env; do
		expect_status 0 "$MORTEM" --print "$pane" "$TMP/cut.core"
	done
	expect_status 0 "$MORTEM" --print mappings "$TMP/cut.core"
	expect_grep '^the core is cut short' "$TMP/out"
	expect_grep 'file cut' "$TMP/out"
done
head -c 200 "$TMP/segv.core" >"$TMP/tiny.core"
expect_status 2 "$MORTEM" --print overview "$TMP/tiny.core"
expect_grep 'tiny.core: byte 32: ' "$TMP/err"
expect_lines 1 "$TMP/err"
head -c 20000 "$CORES/crash-segv.core.gz" >"$TMP/cut.core.gz"
expect_status 0 "$MORTEM" --print overview "$TMP/cut.core.gz"
expect_grep 'gzip stream cut short' "$TMP/out"
: >"$TMP/empty.core"
expect_status 2 "$MORTEM" --print overview "$TMP/empty.core"
expect_lines 1 "$TMP/err"
# An ELF core header followed by noise: an error or a warning, never a crash.
head -c 64 "$TMP/segv.core" >"$TMP/noise.core"
head -c 65536 /dev/urandom >>"$TMP/noise.core"
"$MORTEM" --print overview "$TMP/noise.core" >"$TMP/out" 2>"$TMP/err"
st=$?
ok
[ "$st" -eq 0 ] || [ "$st" -eq 2 ] || fail "noise.core: exit $st"
expect_lines $((st == 2)) "$TMP/err"
printf 'PK\003\004garbage' >"$TMP/garbage.zip"
expect_status 2 "$MORTEM" --print overview "$TMP/garbage.zip"
expect_grep 'garbage.zip: byte 0: no zip central directory' "$TMP/err"
expect_lines 1 "$TMP/err"

done_testing
