#!/usr/bin/env bash
# Tests of the command-line tool, run against a built klantpeil-cli:
#   tests/cli/cli-test.sh path/to/klantpeil-cli
# Each check prints "ok" or "FAIL"; the last line is "N passed, N failed"; exit 1 on any failure.
set -u
CLI="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export KLANTPEIL_ASSETS="$ROOT/assets"  # wherever the build is; finding them unaided is tested last
passed=0 failed=0

check() {  # check NAME COMMAND...: passes when COMMAND succeeds
    local name="$1"; shift
    if "$@"; then passed=$((passed + 1)); echo "ok   $name"
    else failed=$((failed + 1)); echo "FAIL $name"; fi
}
# run EXPECTED_EXIT CMD...: runs CMD, keeps stdout/stderr in out/err, true when the exit code matches
run() {
    local want="$1"; shift
    "$@" >out 2>err
    local got=$?
    [ "$got" -eq "$want" ] || { echo "     exit $got, expected $want: $*"; head -5 err; return 1; }
}
has() { grep -q -- "$2" "$1" || { echo "     \"$2\" not in $1:"; head -5 "$1"; return 1; }; }
lines() { [ "$(wc -l <"$1")" -eq "$2" ] || { echo "     $1 has $(wc -l <"$1") lines, expected $2"; return 1; }; }
json_sum() {  # json_sum FILE: total responses over the factsheets in FILE
    node -e 'const f=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));
             console.log(f.reduce((n,s)=>n+s.responses,0))' "$1"
}

# [SECTION] Help and wrong use
run 0 "$CLI" --help; check "--help lists the commands" has out "factsheet"
for c in validate-questionnaire validate-responses factsheet demo-data; do
    run 0 "$CLI" "$c" --help; check "$c --help" has out "usage: klantpeil $c"
done
check "an unknown command exits 2" run 2 "$CLI" bestaat-niet
check "an unknown option exits 2" run 2 "$CLI" factsheet --input x --kleur rood
check "  ... with one line on stderr" lines err 1
check "a missing --input exits 2" run 2 "$CLI" factsheet
check "a bad --period exits 2" run 2 "$CLI" factsheet --input x --period 2026-Q5
check "  ... saying what is wrong" has err "period must be a quarter"
check "a bad --channel exits 2" run 2 "$CLI" factsheet --input x --channel fax
check "demo-data without --out exits 2" run 2 "$CLI" demo-data --responses 10

# [SECTION] validate-questionnaire
for q in "$ROOT"/assets/questionnaires/*.json; do
    run 0 "$CLI" validate-questionnaire "$q"; check "$(basename "$q") is valid" has out "OK ("
done
sed 's/"type": "effort"/"type": "effortt"/' "$ROOT/assets/questionnaires/kto-balie.json" >broken.json
check "a broken questionnaire exits 1" run 1 "$CLI" validate-questionnaire broken.json
check "  ... naming the JSON path" has out 'broken.json: $.pages\[0\].questions\[2\].type'
check "a missing file exits 1" run 1 "$CLI" validate-questionnaire nergens.json
check "  ... saying why" has err "nergens.json: No such file"

# [SECTION] demo-data
check "demo-data writes NDJSON" run 0 "$CLI" demo-data --responses 400 --municipalities 4 --seed 9 --out demo.ndjson
check "  ... 400 records" lines demo.ndjson 400
check "  ... invitations next to it" test -s demo.invitations.ndjson
check "  ... and says so on stderr" has err "demo.invitations.ndjson"
run 0 "$CLI" demo-data --responses 400 --municipalities 4 --seed 9 --out again.ndjson
check "  ... the same again for the same seed" cmp -s demo.ndjson again.ndjson
check "demo-data writes CSV" run 0 "$CLI" demo-data --responses 400 --municipalities 4 --seed 9 --out demo.csv
check "  ... a header and 400 rows" lines demo.csv 401
check "  ... CSV invitations" has demo.invitations.csv "municipality;channel;date;count"

# [SECTION] validate-responses
check "demo responses validate" run 0 "$CLI" validate-responses demo.ndjson
check "  ... with a summary" has out "400 records accepted, 0 skipped (NDJSON)"
check "demo CSV validates" run 0 "$CLI" validate-responses demo.csv
check "  ... as CSV" has out "400 records accepted, 0 skipped (CSV)"
{ head -1 demo.ndjson; head -2 demo.ndjson | tail -1 | sed 's/"moeite":[0-9]/"moeite":9/'; echo '{nope'; } >bad.ndjson
check "bad lines exit 1" run 1 "$CLI" validate-responses bad.ndjson
check "  ... with file, line and field" has out "bad.ndjson:2: answers.moeite: must be a whole number from 1 to 5"
check "  ... and a line that is no JSON" has out "bad.ndjson:3: not a record: not valid JSON"
check "  ... counted" has out "1 record accepted, 2 skipped"

# [SECTION] factsheet
check "factsheet json" run 0 "$CLI" factsheet --input demo.ndjson --invitations demo.invitations.ndjson --format json
mv out sheets-ndjson.json
check "  ... stdout is a JSON array of all responses" test "$(json_sum sheets-ndjson.json)" = 400
check "  ... the summary goes to stderr" has err "400 records accepted, 0 skipped"
run 0 "$CLI" factsheet --input demo.csv --invitations demo.invitations.csv
check "factsheets from CSV equal those from NDJSON" cmp -s out sheets-ndjson.json
check "factsheet text in Dutch" run 0 "$CLI" factsheet --input demo.ndjson --format text --municipality 0363 --channel balie --period 2026-Q3
check "  ... for the one selected" has out "gemeente 0363, balie, 2026-Q3"
check "  ... only that one" has err "^1 factsheets"
check "factsheet keeps going past bad lines" run 0 "$CLI" factsheet --input bad.ndjson
check "  ... warning on stderr" has err "bad.ndjson:2: answers.moeite"
printf 'id;questionnaire\n1;2\n' >header.csv
check "a CSV without the needed columns exits 1" run 1 "$CLI" factsheet --input header.csv
check "  ... naming the column" has err 'the column "version" is missing'

# [SECTION] Finding the questionnaires
unset KLANTPEIL_ASSETS
mkdir -p lone/bin checkout/build/bin checkout/assets
cp "$CLI" lone/bin/klantpeil-cli
cp "$CLI" checkout/build/bin/klantpeil-cli
cp -r "$ROOT/assets/questionnaires" checkout/assets/
check "found walking up from the executable" run 0 checkout/build/bin/klantpeil-cli validate-responses demo.ndjson
check "none found: exit 1" run 1 lone/bin/klantpeil-cli validate-responses demo.ndjson
check "  ... saying how to point at them" has err "KLANTPEIL_ASSETS"
check "KLANTPEIL_ASSETS points at them" run 0 env KLANTPEIL_ASSETS="$ROOT/assets" lone/bin/klantpeil-cli validate-responses demo.ndjson
check "--questionnaires points at them" run 0 lone/bin/klantpeil-cli validate-responses demo.ndjson --questionnaires "$ROOT/assets/questionnaires"
check "--questionnaires to nowhere exits 1" run 1 "$CLI" validate-responses demo.ndjson --questionnaires nergens
check "  ... saying so" has err "nergens: no such folder"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
