#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Puts the option lists made from the option tables into a man page source:
assemble.py PAGE.scd TOKENSHARE-GEN OUT.scd replaces the line
'; @OPTIONS BY COMMAND@' with the output of 'TOKENSHARE-GEN man'."""
import subprocess
import sys

page, gen, out = sys.argv[1:4]
text = open(page, encoding='utf-8').read()
marker = '; @OPTIONS BY COMMAND@\n'
if marker in text:
    made = subprocess.run([gen, 'man'], check=True, capture_output=True, text=True).stdout
    text = text.replace(marker, made)
with open(out, 'w', encoding='utf-8') as fp:
    fp.write(text)
