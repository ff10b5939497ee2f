// The Landlock part of the Python launcher: denies n8n's folder to the script, and (as Landlock
// does for every confined process) access to the process information of n8n and the launcher.
//
// Landlock only allows: to deny a folder, every entry beside it on its path is allowed instead. The
// functions run in the launcher's forked child, before the script; they use its LIBC and prctl.

export const LANDLOCK_SOURCE = `
LANDLOCK_SYSCALLS = {'x86_64': (444, 445, 446), 'aarch64': (444, 445, 446)}
FILE_RIGHTS = 1 | 2 | 4 | (1 << 14) | (1 << 15)
SCOPE_SIGNAL = 2


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
`;
