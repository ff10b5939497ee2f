// The Python launcher that contains a run: it stays outside the script, forks the runner with the
// limits and the Landlock confinement applied, and stops every process the script started.
//
// Why this shape: the launcher is a child subreaper (Linux), so processes that leave their session
// or double-fork re-parent to it and stay findable in its descendant tree; it gets SIGTERM when n8n
// dies (parent-death signal) and then kills that tree. The runner (the script) is confined after
// the fork, so the launcher keeps the rights it needs to clean up. Status lines go to fd 3, which
// the runner closes before the script runs.

import { LANDLOCK_SOURCE } from './python-landlock';

export const LAUNCHER_SOURCE = `
import ctypes
import signal
import time

CONFIG = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
LINUX = sys.platform.startswith('linux')
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS = 1, 24, 36, 38


class Stop(Exception):
    pass


def load_libc():
    if not LINUX:
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    libc.syscall.restype = ctypes.c_long
    return libc


LIBC = load_libc()


def prctl(option, value):
    if LIBC is None:
        return False
    zero = ctypes.c_ulong(0)
    return LIBC.prctl(option, ctypes.c_ulong(value), zero, zero, zero) == 0


def status(payload):
    try:
        os.write(3, (json.dumps(payload) + chr(10)).encode('utf-8'))
    except OSError:
        pass


def process_table():
    """{parent pid: [(pid, state)]} of every process this user can see."""
    table = {}
    if LINUX:
        for name in os.listdir('/proc'):
            if not name.isdigit():
                continue
            try:
                with open('/proc/%s/stat' % name, 'rb') as handle:
                    data = handle.read()
            except OSError:
                continue
            fields = data[data.rindex(b')') + 2:].split()
            table.setdefault(int(fields[1]), []).append((int(name), fields[0].decode()))
        return table
    import subprocess
    listing = subprocess.run(['ps', '-A', '-o', 'pid=', '-o', 'ppid=', '-o', 'stat='],
                             capture_output=True, text=True).stdout
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            table.setdefault(int(parts[1]), []).append((int(parts[0]), parts[2][:1]))
    return table


def living_descendants():
    table, found, todo = process_table(), [], [os.getpid()]
    while todo:
        for pid, state in table.get(todo.pop(), []):
            todo.append(pid)
            if state != 'Z':
                found.append(pid)
    return found


def reap():
    try:
        while os.waitpid(-1, os.WNOHANG)[0] > 0:
            pass
    except ChildProcessError:
        pass


def signal_all(signum, pids):
    for pid in pids:
        try:
            os.kill(pid, signum)
        except OSError:
            pass


def kill_all():
    while True:
        reap()
        alive = living_descendants()
        if not alive:
            return
        signal_all(signal.SIGKILL, alive)
        time.sleep(0.005)


def set_limits():
    try:
        import resource
    except ImportError:
        return
    for name, key, slack in (('RLIMIT_AS', 'memoryBytes', 0), ('RLIMIT_FSIZE', 'fileBytes', 0),
                             ('RLIMIT_CPU', 'cpuSeconds', 1)):
        value = CONFIG.get(key) or 0
        if value > 0 and hasattr(resource, name):
            try:
                resource.setrlimit(getattr(resource, name), (value, value + slack))
            except (ValueError, OSError):
                pass


${LANDLOCK_SOURCE}

def confine():
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if LINUX:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    set_limits()
    try:
        landlock_state = landlock(CONFIG.get('deny', []), os.getcwd())
    except OSError as error:
        landlock_state = 'could not be applied: %s' % error
    status({'landlock': landlock_state})
    try:
        os.close(3)
    except OSError:
        pass


def ignore_stops():
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(signum, signal.SIG_IGN)


def on_stop(signum, frame):
    raise Stop()


def run_confined():
    code = 0
    try:
        confine()
        run()
    except SystemExit as error:
        code = error.code if isinstance(error.code, int) else 1
    except BaseException:
        code = 1
    finally:
        sys.stderr.flush()
    os._exit(code)


def stop_tree():
    """SIGTERM to every descendant, SIGKILL to what is left after the grace period."""
    signal_all(signal.SIGTERM, living_descendants())
    deadline = time.monotonic() + CONFIG.get('graceMs', 2000) / 1000.0
    while time.monotonic() < deadline:
        reap()
        if not living_descendants():
            break
        time.sleep(0.02)
    kill_all()


def launch():
    parent = CONFIG.get('parent')
    if LINUX:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if parent and os.getppid() != parent:
            os._exit(1)
        prctl(PR_SET_CHILD_SUBREAPER, 1)
    if not hasattr(os, 'fork'):
        run()
        return
    for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(signum, on_stop)
    try:
        child = os.fork()
        if child == 0:
            run_confined()
        _, wait_status, usage = os.wait4(child, 0)
        cpu = usage.ru_utime + usage.ru_stime
        if os.WIFSIGNALED(wait_status):
            status({'exit': {'signal': os.WTERMSIG(wait_status), 'cpuSeconds': cpu}})
        else:
            status({'exit': {'code': os.WEXITSTATUS(wait_status), 'cpuSeconds': cpu}})
        ignore_stops()
        kill_all()
    except Stop:
        ignore_stops()
        stop_tree()


launch()
`;
