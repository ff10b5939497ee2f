// The Python launcher that contains a run: it stays outside the script, forks the runner with the
// limits and the Landlock confinement applied, and stops every process the script started.
//
// Why this shape: the launcher is a child subreaper (Linux), so processes that leave their session
// or double-fork re-parent to it and stay findable in its descendant tree; it gets SIGTERM when n8n
// dies (parent-death signal) and then kills that tree. The runner (the script) is confined after
// the fork, so the launcher keeps the rights it needs to clean up. Status lines go to fd 3, which
// the runner closes before the script runs.

export const LAUNCHER_SOURCE = `
import ctypes
import signal
import time

CONFIG = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
LINUX = sys.platform.startswith('linux')
PR_SET_PDEATHSIG, PR_CAPBSET_DROP, PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS = 1, 24, 36, 38
LANDLOCK_SYSCALLS = {'x86_64': (444, 445, 446), 'aarch64': (444, 445, 446)}
FILE_RIGHTS = 1 | 2 | 4 | (1 << 14) | (1 << 15)
SCOPE_SIGNAL = 2


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


def drop_capabilities():
    """Root keeps its user id but no capability, so Landlock's process checks hold for it too."""
    if os.geteuid() != 0:
        return
    for cap in range(64):
        prctl(PR_CAPBSET_DROP, cap)

    class Header(ctypes.Structure):
        _fields_ = [('version', ctypes.c_uint32), ('pid', ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [('effective', ctypes.c_uint32), ('permitted', ctypes.c_uint32),
                    ('inheritable', ctypes.c_uint32)]

    if LIBC.capset(ctypes.byref(Header(0x20080522, 0)), (Data * 2)()) != 0:
        raise OSError(ctypes.get_errno(), 'capset failed')


def allowed_paths(denied):
    """Every path beside the denied folders: the siblings of each folder on the way to them."""
    denied = set(os.path.realpath(path) for path in denied if path)
    ancestors = set()
    for path in denied:
        while path != os.path.dirname(path):
            path = os.path.dirname(path)
            ancestors.add(path)
    allowed = []
    for folder in ancestors:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            path = os.path.join(folder, name)
            if path not in ancestors and path not in denied:
                allowed.append(path)
    return allowed


def landlock(denied, home):
    """Denies the folders in 'denied' to the script and its children; returns the ABI or a reason."""
    calls = LANDLOCK_SYSCALLS.get(os.uname().machine)
    if LIBC is None or calls is None:
        return 'not available on this system'
    create, add_rule, restrict = calls
    abi = LIBC.syscall(create, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    if abi < 1:
        return 'not enabled in this kernel (errno %d)' % ctypes.get_errno()
    rights = (1 << 13) - 1
    rights |= (1 << 13) if abi >= 2 else 0
    rights |= (1 << 14) if abi >= 3 else 0
    rights |= (1 << 15) if abi >= 5 else 0

    class Ruleset(ctypes.Structure):
        _fields_ = [('fs', ctypes.c_uint64), ('net', ctypes.c_uint64), ('scoped', ctypes.c_uint64)]

    class PathBeneath(ctypes.Structure):
        _pack_ = 1
        _fields_ = [('allowed', ctypes.c_uint64), ('fd', ctypes.c_int32)]

    size = 24 if abi >= 6 else (16 if abi >= 4 else 8)
    ruleset = Ruleset(rights, 0, SCOPE_SIGNAL if abi >= 6 else 0)
    fd = LIBC.syscall(create, ctypes.byref(ruleset), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if fd < 0:
        raise OSError(ctypes.get_errno(), 'landlock_create_ruleset failed')
    for path in allowed_paths(denied) + [home]:
        try:
            target = os.open(path, os.O_PATH | os.O_NOFOLLOW | os.O_CLOEXEC)
        except OSError:
            continue
        is_dir = os.path.isdir(path) and not os.path.islink(path)
        rule = PathBeneath(rights if is_dir else rights & FILE_RIGHTS, target)
        LIBC.syscall(add_rule, ctypes.c_int(fd), ctypes.c_int(1), ctypes.byref(rule), ctypes.c_uint32(0))
        os.close(target)
    drop_capabilities()
    if not prctl(PR_SET_NO_NEW_PRIVS, 1):
        raise OSError(ctypes.get_errno(), 'no_new_privs failed')
    if LIBC.syscall(restrict, ctypes.c_int(fd), ctypes.c_uint32(0)) != 0:
        raise OSError(ctypes.get_errno(), 'landlock_restrict_self failed')
    os.close(fd)
    return abi


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


def stop_tree(child):
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
    child = os.fork()
    if child == 0:
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
    try:
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
        stop_tree(child)


launch()
`;
