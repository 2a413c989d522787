# tests/headless/monkey.sh: random key scripts (a fixed seed, so a failure
# repeats) over every kind of artifact, one and two at a time, at random
# sizes. Each run must end with exit 0 and a screen of the size asked for,
# holding no control character.
. "${top_srcdir:-.}/tests/lib.sh"
export LANG=C.UTF-8 XDG_CONFIG_HOME="$TMP/config"
M=$MORTEM

cd "$TMP" || exit 1
gzip -dc "$FIX/reports/leak.json.gz" >leak.json
gzip -dc "$FIX/reports/workers.json.gz" >workers.json
gzip -dc "$FIX/reports/pileup.json.gz" >pileup.json
cp "$FIX/heap/pair-1.heapsnapshot.gz" one.heapsnapshot.gz
cp "$FIX/heap/pair-2.heapsnapshot.gz" two.heapsnapshot.gz
cp "$FIX/cores/crash-segv.core.gz" segv.core.gz
head -c 3000 pileup.json >cut.json

# script SEED: 120 keys drawn from every kind of key the UI acts on.
script() {
	awk -v seed="$1" 'BEGIN {
		srand(seed)
		n = split("j k j j G g <Enter> <Enter> <BS> <Tab> <S-Tab> 1 2 3 6 9 <PgDn> <PgUp> " \
			  "<C-d> <C-u> w s S v ? /t<Enter> /(<Enter> n N &1<Enter> &<Enter> <Esc> " \
			  "<Resize:50x10> <Resize:120x40> <Resize:20x5> h l <Home> <End> x " \
			  "<Right> <Left> <Right> zl zh z <C-z>", k, " ")
		for (i = 0; i < 120; i++)
			printf "%s", k[int(rand() * n) + 1]
	}'
}

set -- "leak.json" "leak.json pileup.json" "workers.json" "one.heapsnapshot.gz" \
	"one.heapsnapshot.gz two.heapsnapshot.gz" "segv.core.gz" "leak.json segv.core.gz" \
	"leak.json cut.json" "leak.json one.heapsnapshot.gz"
seed=1
for files in "$@"; do
	for round in 1 2 3 4 5; do
		keys=$(script $seed)
		cols=$((40 + seed * 7 % 100)) rows=$((8 + seed * 3 % 40))
		ok
		# shellcheck disable=SC2086
		if ! "$M" --headless "${cols}x$rows" --keys "$keys" $files >"$TMP/screen" 2>"$TMP/err"; then
			fail "seed $seed on $files: exit $?: $(head -c 300 "$TMP/err")"
		elif LC_ALL=C grep -q '[[:cntrl:]]' "$TMP/screen"; then
			fail "seed $seed on $files: control characters on the screen"
		else
			# The size asked for last: the last <Resize:WxH> of the keys, or
			# the --headless size. As many lines as rows, none wider than cols.
			last=$(printf '%s\n' "$keys" | grep -o '<Resize:[0-9]*x[0-9]*>' | tail -n 1 | tr -dc '0-9x')
			want_cols=${last%x*} want_rows=${last#*x}
			[ -n "$last" ] || want_cols=$cols want_rows=$rows
			got_rows=$(wc -l <"$TMP/screen")
			got_cols=$(LC_ALL=C.UTF-8 wc -L <"$TMP/screen")
			ok
			[ "$got_rows" -eq "$want_rows" ] ||
				fail "seed $seed on $files: $got_rows lines, want $want_rows (${want_cols}x$want_rows)"
			ok
			[ "$got_cols" -le "$want_cols" ] ||
				fail "seed $seed on $files: a line $got_cols columns wide, want at most $want_cols (${want_cols}x$want_rows)"
		fi
		seed=$((seed + 1))
	done
done

done_testing
