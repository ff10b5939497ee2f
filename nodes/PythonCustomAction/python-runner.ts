// The small Python program that hosts a user script: reads the calls as JSON on stdin, runs
// `main(item, params, communication)` for each, and writes one marked JSON line per call.
//
// Why this shape: the script's prints (and anything else it writes to file descriptor 1) are
// redirected to stderr, and results go to a private duplicate of the original stdout, so stray
// output can never corrupt a result. Every result line starts with RESULT_MARKER anyway.

export const RESULT_MARKER = '@@N8N_PYTHON_RESULT@@';
export const SCRIPT_FILE = 'script.py';
export const RUNNER_FILE = 'n8n_runner.py';

export const PYTHON_RUNNER_SOURCE = `
import datetime
import decimal
import errno
import json
import os
import sys
import traceback

MARKER = ${JSON.stringify(RESULT_MARKER)}
SCRIPT_FILE = ${JSON.stringify(SCRIPT_FILE)}


def to_json(value):
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError('a value of type %s cannot be turned into JSON' % type(value).__name__)


def describe(error, skip_frames):
    tb = error.__traceback__
    for _ in range(skip_frames):
        if tb is not None:
            tb = tb.tb_next
    info = {
        'type': type(error).__name__,
        'message': str(error),
        'traceback': ''.join(traceback.format_exception(type(error), error, tb)),
    }
    if isinstance(error, MemoryError):
        info['limit'] = 'memory'
    elif isinstance(error, OSError) and error.errno == errno.EFBIG:
        info['limit'] = 'fileSize'
    return info


def check_shape(value):
    if isinstance(value, dict):
        return None
    if isinstance(value, list):
        for position, entry in enumerate(value):
            if not isinstance(entry, dict):
                return 'main() returned a list whose entry %d is a %s; every entry must be a dict' % (
                    position, type(entry).__name__)
        return None
    if value is None:
        return 'main() returned None; return a dict (merged into the item) or a list of dicts (did you forget return?)'
    return 'main() returned a %s; return a dict (merged into the item) or a list of dicts' % type(value).__name__


def run():
    results = os.fdopen(os.dup(1), 'w', encoding='utf-8')
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    def emit(payload):
        results.write(MARKER + json.dumps(payload, ensure_ascii=False) + '\\n')
        results.flush()

    request = json.load(sys.stdin)
    namespace = {'__name__': '__n8n_script__', '__file__': SCRIPT_FILE}
    try:
        with open(SCRIPT_FILE, encoding='utf-8') as handle:
            code = compile(handle.read(), SCRIPT_FILE, 'exec')
        exec(code, namespace)
    except BaseException as error:
        emit({'fatal': describe(error, 1)})
        return
    main = namespace.get('main')
    if not callable(main):
        emit({'fatal': {'type': 'ScriptError', 'traceback': '',
                        'message': 'The script does not define main(); define def main(item, params, communication):'}})
        return
    for call in request['calls']:
        index = call['index']
        try:
            value = main(call['item'], call['params'], call['communication'])
        except BaseException as error:
            if isinstance(error, KeyboardInterrupt):
                raise
            emit({'index': index, 'error': describe(error, 1)})
            continue
        problem = check_shape(value)
        if problem is None:
            try:
                line = json.dumps({'index': index, 'ok': value}, default=to_json, allow_nan=False, ensure_ascii=False)
            except (TypeError, ValueError) as error:
                problem = 'main() returned something that is not JSON: %s' % error
        if problem is not None:
            emit({'index': index, 'error': {'type': 'ResultError', 'message': problem, 'traceback': ''}})
            continue
        results.write(MARKER + line + '\\n')
        results.flush()
`;
