#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A local fake of the OpenRouter HTTP API, for the collector's shell tests.

usage: fake_openrouter.py --dir DIR [--fixtures DIR2]

The server listens on 127.0.0.1, on a port the system picks, and writes that
port number to DIR/port (atomically: wait for the file to appear, then read
it). It stops cleanly, with status 0, on SIGTERM or SIGINT.

Endpoints (GET only, anything else is 405):
  /api/v1/datasets/rankings-daily  generated daily rankings, like the Data API
  /api/v1/providers                data/reference/openrouter-providers.2026-05-07.json
  /api/v1/models                   FIXTURES/openrouter-models.2026-05-07.json
  /api/v1/activity                 FIXTURES/openrouter-activity.example.json
                                   (management key only; the normal key is 403)
  anything else                    404

Every request re-reads DIR/scenario.json (missing = {}), so a test changes
the behaviour between two requests by rewriting that file (write a temporary
file and rename it, so that a request never sees half a file). Keys, all
optional:
  key             bearer key of rankings, providers, models (default test-key)
  management_key  bearer key of activity (default mgmt-key)
  as_of           meta.as_of of rankings (default 2026-11-24T02:00:00.000Z)
  today           the server's UTC day (default 2026-11-24)
  overrides       [{"date", "model_permaslug", "total_tokens"}]: replace the
                  generated value of that row (a day restated between polls)
  providers_file, models_file, activity_file
                  another file to serve (a relative path is relative to DIR)
  faults          [{"path", "count", "status", "headers", "body", "delay",
                    "raw", "size", "after"}]: see take_fault and
                  fault_reply below

Every request appends one JSON line to DIR/requests.jsonl:
  {"t", "method", "path", "query", "auth": "ok"|"missing"|"wrong", "status"}
The line is written before the answer is sent (and before a fault's delay),
so a test may read it as soon as its client returned. No key, and no
Authorization header, is ever written anywhere. Fault use counts live in
DIR/state.json and restart from zero whenever scenario.json changes.
"""
import argparse
import datetime
import hashlib
import http
import json
import os
import re
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_FIXTURES = HERE.parent / 'data'
PROVIDERS_FILE = HERE.parent.parent / 'data/reference/openrouter-providers.2026-05-07.json'

DEFAULTS = {
    'key': 'test-key',
    'management_key': 'mgmt-key',
    'as_of': '2026-11-24T02:00:00.000Z',
    'today': '2026-11-24',
}

# The models of every generated day, in the order that gives their index i.
MODELS = [
    'anthropic/claude-4.5-sonnet-20250929',
    'openai/gpt-5-2025-08-07',
    'google/gemini-2.5-flash',
    'deepseek/deepseek-v3.2-exp',
    'qwen/qwen3-coder-480b-a35b-07-25',
    'moonshotai/kimi-k2-0905',
    'other',
]
FIRST_DAY = datetime.date(2025, 1, 1)   # the dataset starts here
MAX_SPAN = 366                          # days in one request
CHUNK = 64 * 1024                       # bytes per write of a streamed body

LOCK = threading.Lock()                 # guards requests.jsonl and state.json


class Reply:
    """An answer decided before anything is sent: status, headers, body.

    body is bytes, or an iterable of bytes chunks (then length is given)."""

    def __init__(self, status, body=b'', headers=None, length=None):
        self.status = status
        self.body = body
        self.headers = {'Content-Type': 'application/json'}
        self.headers.update(headers or {})
        self.length = len(body) if isinstance(body, bytes) else length


def error(status, message, headers=None):
    """An OpenRouter-style error: {"error":{"code":status,"message":...}}."""
    body = json.dumps({'error': {'code': status, 'message': message}}).encode()
    return Reply(status, body, headers)


def write_atomically(path, text):
    tmp = path.with_name(path.name + '.tmp')
    tmp.write_text(text)
    os.replace(tmp, path)


def read_scenario(directory):
    """Returns (raw text, parsed dict) of DIR/scenario.json; missing = {}."""
    path = directory / 'scenario.json'
    for _ in range(5):
        try:
            text = path.read_text()
        except FileNotFoundError:
            return '', {}
        try:
            return text, json.loads(text) if text.strip() else {}
        except json.JSONDecodeError:
            time.sleep(0.02)    # a test may be rewriting it in place; retry
    raise ValueError('scenario.json is not valid JSON')


# ---------------------------------------------------------------- rankings

def parse_day(value, name):
    """A strict YYYY-MM-DD date, or a string saying what is wrong with it."""
    if not re.fullmatch(r'[0-9]{4}-[0-9]{2}-[0-9]{2}', value):
        return f'{name} must be a date in YYYY-MM-DD format'
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return f'{name} is not a valid calendar date: {value}'


def tokens_of(day, index, today):
    """The deterministic total_tokens of model `index` on `day`."""
    n = (day - FIRST_DAY).days
    tokens = 10**11 + ((n + 1) * 7919 * (index + 3) * 104729) % (9 * 10**11)
    return tokens // 2 if day == today else tokens    # today is still live


def rankings(query, scenario):
    """GET /api/v1/datasets/rankings-daily, validated like the real API."""
    today = datetime.date.fromisoformat(scenario.get('today', DEFAULTS['today']))

    days = {}
    for name in ('start_date', 'end_date'):
        if name in query:
            days[name] = parse_day(query[name], name)
            if isinstance(days[name], str):
                return error(400, days[name])
    end = days.get('end_date', today - datetime.timedelta(days=1))
    start = days.get('start_date', end - datetime.timedelta(days=29))

    if end < FIRST_DAY:
        return error(400, f'end_date must be on or after {FIRST_DAY}')
    start = max(start, FIRST_DAY)   # data begins on FIRST_DAY: clamp, no error
    end = min(end, today)           # no data after today: clamp, no error
    if start > end:
        return error(400, 'start_date must be on or before end_date')
    if (end - start).days + 1 > MAX_SPAN:
        return error(400, f'date range must not exceed {MAX_SPAN} days')

    overrides = {(o['date'], o['model_permaslug']): str(o['total_tokens'])
                 for o in scenario.get('overrides', [])}
    data = []
    day = start
    while day <= end:
        rows = []
        for i, model in enumerate(MODELS):
            tokens = str(tokens_of(day, i, today))
            tokens = overrides.get((day.isoformat(), model), tokens)
            rows.append({'date': day.isoformat(), 'model_permaslug': model,
                         'total_tokens': tokens})
        # Biggest first, ties by name, "other" always last.
        rows.sort(key=lambda r: (r['model_permaslug'] == 'other',
                                 -int(r['total_tokens']), r['model_permaslug']))
        data.extend(rows)
        day += datetime.timedelta(days=1)

    meta = {'as_of': scenario.get('as_of', DEFAULTS['as_of']), 'version': 'v1',
            'start_date': start.isoformat(), 'end_date': end.isoformat()}
    # indent=1: one field a line, so that a line number in an error means something.
    body = json.dumps({'data': data, 'meta': meta}, indent=1) + '\n'
    return Reply(200, body.encode())


def serve_file(directory, scenario, name, default):
    """A JSON file as is; the scenario key `name` names another one."""
    path = directory / scenario[name] if name in scenario else default
    try:
        return Reply(200, path.read_bytes())
    except OSError:
        return error(500, f'fake_openrouter: cannot read {path.name}')


# ---------------------------------------------------------------- faults

def take_fault(directory, path, scenario_text, faults):
    """The fault this request consumes, or None.

    Faults are considered in list order; one whose path differs (a fault
    without "path" matches every path) or whose count is used up is skipped.
    The first remaining one decides: while fewer than its "after" requests
    have passed, this request passes normally and counts as one of them;
    otherwise it uses one of the fault's "count" uses.
    """
    state_path = directory / 'state.json'
    digest = hashlib.sha256(scenario_text.encode()).hexdigest()
    with LOCK:
        try:
            state = json.loads(state_path.read_text())
        except (OSError, ValueError):
            state = {}
        if state.get('scenario_sha256') != digest:     # new scenario: reset
            state = {'scenario_sha256': digest, 'faults': []}
        counters = state['faults']
        while len(counters) < len(faults):
            counters.append({'passed': 0, 'used': 0})

        chosen = None
        for fault, counter in zip(faults, counters):
            if fault.get('path', path) != path:
                continue
            if counter['used'] >= int(fault.get('count', 1)):
                continue
            if counter['passed'] < int(fault.get('after', 0)):
                counter['passed'] += 1
            else:
                counter['used'] += 1
                chosen = fault
            break
        write_atomically(state_path, json.dumps(state) + '\n')
    return chosen


def padding_body(size):
    """Chunks of {"data":[rows...]} of exactly `size` bytes (or the minimum)."""
    head, tail = b'{"data":[', b']}'
    row = (b'{"date":"2026-01-01","model_permaslug":"padding/row",'
           b'"total_tokens":"1"}')
    room = max(size - len(head) - len(tail), 0)
    rows = (room + 1) // (len(row) + 1)    # rows joined by commas
    used = rows * (len(row) + 1) - 1 if rows else 0
    spaces = room - used                   # JSON whitespace makes up the rest

    def chunks():
        yield head
        batch = CHUNK // (len(row) + 1)
        for first in range(0, rows, batch):
            n = min(batch, rows - first)
            text = b','.join([row] * n)
            yield text if first + n == rows else text + b','
        yield b' ' * spaces + tail

    return chunks(), len(head) + used + spaces + len(tail)


def fault_reply(fault):
    """The Reply a fault imposes, or None when it only delays the answer.

    Precedence: "raw" (200, that text), then "size" (200, a JSON body of
    that many bytes, streamed), then "status" (that status; "body" or an
    OpenRouter error JSON). "headers" go with any of them."""
    headers = fault.get('headers', {})
    if 'raw' in fault:
        return Reply(200, fault['raw'].encode(), headers)
    if 'size' in fault:
        chunks, length = padding_body(int(fault['size']))
        return Reply(200, chunks, headers, length)
    if 'status' in fault:
        status = int(fault['status'])
        if 'body' in fault:
            return Reply(status, fault['body'].encode(), headers)
        try:
            message = http.HTTPStatus(status).phrase
        except ValueError:
            message = 'Error'
        return error(status, message, headers)
    return None


# ---------------------------------------------------------------- server

class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.0'   # one request a connection, then close
    server_version = 'fake-openrouter'

    def log_message(self, format, *args):
        pass    # no access log on stderr

    def do_GET(self):
        self.answer()

    def do_other(self):
        # Read a request body, if any, so that closing does not reset the
        # connection before the client has read our answer.
        length = int(self.headers.get('Content-Length') or 0)
        if 0 < length <= 1 << 20:
            self.rfile.read(length)
        self.answer()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_other

    def auth_state(self, expected):
        """"ok", "missing" or "wrong" for the Authorization header."""
        header = self.headers.get('Authorization')
        scheme, _, key = (header or '').strip().partition(' ')
        if not header or not key.strip():
            return 'missing'
        if scheme.lower() == 'bearer' and key.strip() == expected:
            return 'ok'
        return 'wrong'

    def answer(self):
        directory = self.server.directory
        url = urllib.parse.urlsplit(self.path)
        path = url.path
        query = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        delay = 0.0
        try:
            scenario_text, scenario = read_scenario(directory)
            key = scenario.get('key', DEFAULTS['key'])
            management_key = scenario.get('management_key', DEFAULTS['management_key'])
            auth = self.auth_state(management_key if path == '/api/v1/activity' else key)
            reply, delay = self.decide(path, query, scenario_text, scenario, auth, key)
        except Exception as e:     # a broken scenario: say so, keep serving
            auth = self.auth_state(DEFAULTS['key'])   # the scenario's key is unknown
            reply = error(500, f'fake_openrouter: {type(e).__name__}: {e}')
            print(f'fake_openrouter: {path}: {type(e).__name__}: {e}', file=sys.stderr)

        self.record(path, query, auth, reply.status)
        if delay > 0:
            time.sleep(delay)
        self.send(reply)

    def decide(self, path, query, scenario_text, scenario, auth, key):
        """Returns (Reply, delay in seconds) for this request."""
        if self.command != 'GET':
            return error(405, 'Method Not Allowed', {'Allow': 'GET'}), 0.0

        # Authentication first: a request that is refused consumes no fault.
        protected = path in ('/api/v1/datasets/rankings-daily', '/api/v1/providers',
                             '/api/v1/models', '/api/v1/activity')
        if protected and auth == 'missing':
            return error(401, 'Missing Authentication header'), 0.0
        if protected and auth == 'wrong':
            if path == '/api/v1/activity' and self.auth_state(key) == 'ok':
                return error(403, 'Only management keys can perform this operation'), 0.0
            return error(401, 'User not found.'), 0.0

        fault = take_fault(self.server.directory, path, scenario_text,
                           scenario.get('faults', []))
        delay = float(fault.get('delay', 0)) if fault else 0.0
        reply = fault_reply(fault) if fault else None
        if reply is None:
            reply = self.route(path, query, scenario)
            if fault and fault.get('headers'):
                reply.headers.update(fault['headers'])
        return reply, delay

    def route(self, path, query, scenario):
        directory, fixtures = self.server.directory, self.server.fixtures
        if path == '/api/v1/datasets/rankings-daily':
            return rankings(query, scenario)
        if path == '/api/v1/providers':
            return serve_file(directory, scenario, 'providers_file', PROVIDERS_FILE)
        if path == '/api/v1/models':
            return serve_file(directory, scenario, 'models_file',
                              fixtures / 'openrouter-models.2026-05-07.json')
        if path == '/api/v1/activity':
            return serve_file(directory, scenario, 'activity_file',
                              fixtures / 'openrouter-activity.example.json')
        return error(404, 'Not Found')

    def record(self, path, query, auth, status):
        """One line of DIR/requests.jsonl. Never the Authorization header."""
        line = json.dumps({'t': time.time(), 'method': self.command, 'path': path,
                           'query': query, 'auth': auth, 'status': status})
        with LOCK:
            with open(self.server.directory / 'requests.jsonl', 'a') as f:
                f.write(line + '\n')
                f.flush()

    def send(self, reply):
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, str(value))
        self.send_header('Content-Length', str(reply.length))
        self.end_headers()
        if self.command == 'HEAD':
            return
        chunks = [reply.body] if isinstance(reply.body, bytes) else reply.body
        for chunk in chunks:
            self.wfile.write(chunk)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that gave up (timeout, body too large) is expected.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser(description='A local fake of the OpenRouter API.')
    parser.add_argument('--dir', required=True, type=Path,
                        help='scenario.json in, port, requests.jsonl and state.json out')
    parser.add_argument('--fixtures', type=Path, default=DEFAULT_FIXTURES,
                        help=f'the files served (default {DEFAULT_FIXTURES})')
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)

    server = Server(('127.0.0.1', 0), Handler)
    server.directory = args.dir.resolve()
    server.fixtures = args.fixtures.resolve()

    # serve_forever runs in a thread: shutdown() must come from another one,
    # and the main thread is where signals arrive.
    # The handlers only set a flag: locks are not safe in a signal handler.
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(True))
    threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True).start()

    write_atomically(server.directory / 'port', f'{server.server_address[1]}\n')
    while not stopping:
        time.sleep(0.1)
    server.shutdown()
    server.server_close()
    return 0


if __name__ == '__main__':
    sys.exit(main())
