# SPDX-License-Identifier: MIT
# report --spreadsheet (issue step 8, item 2): a CSV that a real spreadsheet
# opens with the periods as text cells, the shares as number cells and the
# start and end days as dates. Gnumeric's ssconvert (contrib/setup-debian)
# turns the CSV into .xlsx, and Python reads each cell's type from the sheet
# XML; where LibreOffice is installed it converts the same file too.

# sheet_cells XLSX: the cells as CSV lines "ref,kind,value", kind text or
# number, the value a text cell shows or a number cell holds.
sheet_cells() {
	"$PYTHON" - "$1" <<'PY'
import re, sys, zipfile
import xml.etree.ElementTree as ET
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
z = zipfile.ZipFile(sys.argv[1])
shared = []
if 'xl/sharedStrings.xml' in z.namelist():
    for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns):
        shared.append(''.join(t.text or '' for t in si.iter('{%s}t' % ns['m'])))
sheet = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))
for c in sheet.iter('{%s}c' % ns['m']):
    t = c.get('t', 'n')
    v = c.find('m:v', ns)
    if t in ('s', 'str', 'inlineStr'):
        if t == 'inlineStr':
            text = ''.join(x.text or '' for x in c.iter('{%s}t' % ns['m']))
        elif t == 's':
            text = shared[int(v.text)]
        else:
            text = v.text or ''
        print('%s,text,%s' % (c.get('r'), text))
    elif t == 'n':
        if v is not None:
            print('%s,number,%s' % (c.get('r'), v.text))
    else:
        print('%s,%s,%s' % (c.get('r'), t, v.text if v is not None else ''))
PY
}

# check_sheet CELLS WANT-LONG-CSV: the cells hold the oracle's wide table:
# periods as text, start and end as date serials, days and shares as numbers.
check_sheet() {
	"$PYTHON" - "$1" "$2" <<'PY'
import csv, datetime, re, sys
cells = {}
for line in open(sys.argv[1]):
    ref, kind, value = line.rstrip('\n').split(',', 2)
    cells[ref] = (kind, value)
rows = list(csv.DictReader(open(sys.argv[2])))
periods = []
for r in rows:
    if not periods or periods[-1]['period'] != r['period']:
        periods.append(dict(r, shares={}))
    periods[-1]['shares'][r['group']] = r['share']
groups = ['CN', 'US', 'rest']
heads = ['period', 'start', 'end', 'days'] + groups
for i, h in enumerate(heads):
    assert cells.get('%s1' % 'ABCDEFG'[i]) == ('text', h), ('head', i, cells.get('%s1' % 'ABCDEFG'[i]))
serial = lambda day: str((datetime.date.fromisoformat(day) - datetime.date(1899, 12, 30)).days)
assert len(periods) == 9, len(periods)
for n, p in enumerate(periods, start=2):
    assert cells['A%d' % n] == ('text', p['period']), (n, cells['A%d' % n], p['period'])
    assert cells['B%d' % n] == ('number', serial(p['start'])), (n, cells['B%d' % n])
    assert cells['C%d' % n] == ('number', serial(p['end'])), (n, cells['C%d' % n])
    assert cells['D%d' % n] == ('number', p['days']), (n, cells['D%d' % n])
    for col, g in zip('EFG', groups):
        kind, value = cells['%s%d' % (col, n)]
        want = p['shares'].get(g, '0.0000')
        assert kind == 'number', (n, g, kind, value)
        assert abs(float(value) - float(want)) < 5e-9, (n, g, value, want)
assert 'A%d' % (len(periods) + 2) not in cells
PY
}

TEST 'a spreadsheet keeps the periods as text and reads the shares as the oracle numbers and the days as dates' spreadsheet_keeps_periods_as_text
spreadsheet_keeps_periods_as_text() {
	command -v ssconvert >/dev/null || fail "ssconvert (gnumeric) is missing: run contrib/setup-debian"
	expect 0 --db t.db ingest -q "$SAMPLE"
	"$PYTHON" "$ORACLE" "$SAMPLE" "$REFDIR" --period month --groups CN,US \
		--from 2026-01-01 --to 2026-09-30 >long.csv
	expect 0 --db t.db report share --wide --spreadsheet --groups CN,US --period month \
		--from 2026-01 --to 2026-09 -o m.csv
	[ "$(head -c 3 m.csv | od -An -tx1 | tr -d ' ')" = efbbbf ] || fail "m.csv has no UTF-8 BOM"
	ssconvert m.csv m.xlsx 2>ssconvert.err || { cat ssconvert.err >&2; fail "ssconvert failed"; }
	sheet_cells m.xlsx >cells.csv
	check_sheet cells.csv long.csv || fail "Gnumeric read m.csv otherwise"
	# Without --spreadsheet the same file makes dates and numbers of the periods:
	# the check can fail, and the encoding is what keeps them text.
	expect 0 --db t.db report share --wide --groups CN,US --period month \
		--from 2026-01 --to 2026-09 -o plain.csv
	ssconvert plain.csv plain.xlsx 2>ssconvert.err
	sheet_cells plain.xlsx >plain-cells.csv
	if check_sheet plain-cells.csv long.csv 2>/dev/null; then
		fail "a plain CSV kept its periods as text too: the test proves nothing"
	fi
	if command -v soffice >/dev/null; then
		mkdir lo
		# 76: UTF-8, as a user picks it in the import dialog (the BOM says so to Excel).
		HOME=$PWD timeout 120 soffice --headless --infilter=CSV:44,34,76,1 --convert-to xlsx \
			--outdir lo m.csv >lo.log 2>&1 || { cat lo.log >&2; fail "LibreOffice failed"; }
		sheet_cells lo/m.xlsx >lo-cells.csv
		check_sheet lo-cells.csv long.csv || fail "LibreOffice read m.csv otherwise"
	fi
}

TEST 'a spreadsheet reads non-ASCII model names from the BOM-marked CSV and no BOM in the first cell' spreadsheet_reads_utf8_names
spreadsheet_reads_utf8_names() {
	command -v ssconvert >/dev/null || fail "ssconvert (gnumeric) is missing: run contrib/setup-debian"
	printf 'date,model_permaslug,total_tokens,as_of\n%s\n%s\n' \
		'2026-01-05,z-ai/glm-ü-4.5,100,2026-01-06T00:10:00Z' \
		'2026-01-05,openai/gpt-5,300,2026-01-06T00:10:00Z' >u.csv
	expect 0 --db u.db ingest -q u.csv
	expect 0 --db u.db report share --by model --period month --spreadsheet -o u-share.csv
	ssconvert u-share.csv u.xlsx 2>ssconvert.err || { cat ssconvert.err >&2; fail "ssconvert failed"; }
	sheet_cells u.xlsx >cells.csv
	grep -qx 'A1,text,period' cells.csv || fail "the first cell is not 'period': $(head -1 cells.csv)"
	grep -qx 'E3,text,z-ai/glm-ü-4.5' cells.csv || fail "the name lost its ü: $(grep '^E' cells.csv)"
	grep -qx 'G3,number,25' cells.csv || fail "the share is not the number 25: $(grep '^G' cells.csv)"
}

TEST 'report change --spreadsheet writes period and base_period labels as formulas and leaves empty cells empty' spreadsheet_change_labels
spreadsheet_change_labels() {
	expect 0 --db t.db ingest -q "$SAMPLE"
	expect 0 --db t.db report change --period quarter --spreadsheet
	head -c 3 out | od -An -tx1 | grep -q 'ef bb bf' || fail "no BOM"
	expect 0 --db t.db report change --period quarter
	mv out plain.csv
	expect 0 --db t.db report change --period quarter --spreadsheet
	# The same CSV but for the BOM and the quoted formulas, byte for byte.
	tail -c +4 out | sed 's/^"=""\([0-9Q-]*\)""",/\1,/' >back.csv
	same plain.csv back.csv
	contains out '"=""2025-Q2""",2025-04-01,2025-06-30,US,'
	expect 0 --db t.db report change --period quarter --base 2025-Q3 --to 2026-Q3 --spreadsheet
	contains out ',"=""2025-Q3""",2025-07-01,'
	contains out ',"=""2026-Q3""",2026-07-01,'
}

TEST '--spreadsheet is CSV only and goes with share, change and coverage' spreadsheet_refusals
spreadsheet_refusals() {
	expect 0 --db t.db ingest -q "$SAMPLE"
	expect 2 --db t.db report share --spreadsheet --format json
	contains err "tokenshare report: --spreadsheet writes CSV; it does not go with json"
	expect 2 --db t.db report share --spreadsheet --format table
	contains err "--spreadsheet writes CSV; it does not go with table"
	expect 2 --db t.db report share --spreadsheet -o x.json
	contains err "--spreadsheet writes CSV; it does not go with x.json"
	[ ! -e x.json ] || fail "a refused report wrote x.json"
	expect 2 --db t.db report restatements --spreadsheet
	contains err "--spreadsheet goes with report share, change and coverage"
	# On a terminal --spreadsheet still writes CSV, not the table.
	script -qec "$TOKENSHARE --db t.db report coverage --spreadsheet --period year" /dev/null \
		>tty.out </dev/null
	grep -q '"=""2025""",2025-01-01,2025-12-31,' tty.out || fail "no spreadsheet CSV on a tty: $(cat tty.out)"
}
