#!/usr/bin/env python3
"""Ferry's POSIX conformance suite for the FUSE mount, in the spirit of pjdfstest.

Every case runs twice, in a fresh directory on tmpfs and in a fresh directory
on the mount, and what it observes (results, errnos, sizes, modes, times) must
be the same on both. Deliberate differences are listed in DELIBERATE (and in
README.md, "POSIX"): for those, the mount must give the documented answer.

usage: posix_suite.py TMPFS_DIR MOUNT_DIR   (both existing, empty or not)
exit status 0 when every case matches.
"""
import errno
import os
import sys
import time
import uuid

NOBODY = 65534
LONG_NAME = "n" * 256


def outcome(fn, *args):
    """The result of a call, or the name of the errno it failed with."""
    try:
        r = fn(*args)
        return "ok" if r is None else r
    except OSError as e:
        return errno.errorcode.get(e.errno, str(e.errno))


def put(path, data=b"hello"):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def slurp(path):
    with open(path, "rb") as f:
        return f.read()


def as_nobody(fn):
    """Runs fn in a child process with uid/gid nobody; its outcome."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            res = outcome(fn)
        except BaseException as e:  # noqa: BLE001 - report anything to the parent
            res = "child failed: %r" % (e,)
        os.write(w, str(res).encode())
        os._exit(0)
    os.close(w)
    data = b""
    while True:
        chunk = os.read(r, 4096)
        if not chunk:
            break
        data += chunk
    os.close(r)
    os.waitpid(pid, 0)
    return data.decode()


def mode(path):
    return oct(os.stat(path).st_mode & 0o7777)


def is_dir(path):
    import stat
    return stat.S_ISDIR(os.stat(path).st_mode)


# ---- open ----
def open_missing_file_is_enoent(d):
    return outcome(os.open, f"{d}/missing", os.O_RDONLY)

def open_directory_for_writing_is_eisdir(d):
    os.mkdir(f"{d}/dir")
    return outcome(os.open, f"{d}/dir", os.O_WRONLY)

def open_below_a_file_is_enotdir(d):
    put(f"{d}/f")
    return outcome(os.open, f"{d}/f/x", os.O_RDONLY)

def open_excl_of_existing_file_is_eexist(d):
    put(f"{d}/f")
    return outcome(os.open, f"{d}/f", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)

def open_of_too_long_name_is_enametoolong(d):
    return outcome(os.open, f"{d}/{LONG_NAME}", os.O_RDONLY)

def open_with_trunc_empties_the_file(d):
    put(f"{d}/f", b"abc")
    os.close(os.open(f"{d}/f", os.O_WRONLY | os.O_TRUNC))
    return os.stat(f"{d}/f").st_size

def open_with_trunc_then_write_replaces_content(d):
    put(f"{d}/f", b"old content")
    put(f"{d}/f", b"new")
    return slurp(f"{d}/f")

def open_read_only_reads_whole_file(d):
    data = os.urandom(300_000)
    put(f"{d}/f", data)
    return slurp(f"{d}/f") == data

def open_read_at_offsets(d):
    data = os.urandom(1_000_000)
    put(f"{d}/f", data)
    fd = os.open(f"{d}/f", os.O_RDONLY)
    try:
        return [os.pread(fd, 1000, off) == data[off:off + 1000] for off in (999_500, 0, 500_000, 131_071)]
    finally:
        os.close(fd)

def open_read_past_end_returns_nothing(d):
    put(f"{d}/f", b"abc")
    fd = os.open(f"{d}/f", os.O_RDONLY)
    try:
        return os.pread(fd, 10, 100)
    finally:
        os.close(fd)

def open_for_writing_an_existing_file_without_trunc_succeeds(d):
    put(f"{d}/f", b"abc")
    os.close(os.open(f"{d}/f", os.O_WRONLY))
    return slurp(f"{d}/f")

def write_into_existing_bytes(d):
    put(f"{d}/f", b"abc")
    fd = os.open(f"{d}/f", os.O_WRONLY)
    try:
        return outcome(os.write, fd, b"x")
    finally:
        os.close(fd)

def write_appending_to_existing_file(d):
    put(f"{d}/f", b"abc")
    fd = os.open(f"{d}/f", os.O_WRONLY | os.O_APPEND)
    try:
        os.write(fd, b"x")
        os.write(fd, b"yz")
    finally:
        os.close(fd)
    return slurp(f"{d}/f"), os.stat(f"{d}/f").st_size

def write_appending_twice_in_a_row(d):
    put(f"{d}/f", b"abc")
    for chunk in (b"1", b"22"):
        with open(f"{d}/f", "ab") as f:
            f.write(chunk)
    return slurp(f"{d}/f")

def write_at_the_end_after_seeking_appends(d):
    put(f"{d}/f", b"abc")
    fd = os.open(f"{d}/f", os.O_WRONLY)
    try:
        os.lseek(fd, 0, os.SEEK_END)
        os.write(fd, b"x")
    finally:
        os.close(fd)
    return slurp(f"{d}/f")

def write_appending_to_an_empty_file(d):
    put(f"{d}/f", b"")
    with open(f"{d}/f", "ab") as f:
        f.write(b"x")
    return slurp(f"{d}/f")

def write_at_a_random_offset(d):
    fd = os.open(f"{d}/f", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        os.write(fd, b"abc")
        return outcome(os.pwrite, fd, b"x", 0)
    finally:
        os.close(fd)

def open_read_write_and_read_back(d):
    fd = os.open(f"{d}/f", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        os.write(fd, b"abc")
        return outcome(os.pread, fd, 3, 0)
    finally:
        os.close(fd)

# ---- create ----
def create_makes_an_empty_file_with_the_mode(d):
    os.close(os.open(f"{d}/f", os.O_WRONLY | os.O_CREAT, 0o640))
    st = os.stat(f"{d}/f")
    return st.st_size, oct(st.st_mode & 0o7777)

def create_in_a_missing_directory_is_enoent(d):
    return outcome(os.open, f"{d}/missing/f", os.O_WRONLY | os.O_CREAT, 0o644)

def create_below_a_file_is_enotdir(d):
    put(f"{d}/f")
    return outcome(os.open, f"{d}/f/g", os.O_WRONLY | os.O_CREAT, 0o644)

def create_with_too_long_name_is_enametoolong(d):
    return outcome(os.open, f"{d}/{LONG_NAME}", os.O_WRONLY | os.O_CREAT, 0o644)

def create_then_write_reads_back(d):
    data = os.urandom(2_500_000)
    put(f"{d}/f", data)
    return os.stat(f"{d}/f").st_size, slurp(f"{d}/f") == data

def create_sets_mtime_to_now(d):
    before = time.time()
    put(f"{d}/f")
    return abs(os.stat(f"{d}/f").st_mtime - before) < 5

def create_size_grows_while_writing(d):
    fd = os.open(f"{d}/f", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        os.write(fd, b"x" * 1000)
        return os.fstat(fd).st_size
    finally:
        os.close(fd)

def create_of_existing_directory_is_eisdir(d):
    os.mkdir(f"{d}/dir")
    return outcome(os.open, f"{d}/dir", os.O_WRONLY | os.O_CREAT, 0o644)

# ---- mkdir ----
def mkdir_makes_a_directory(d):
    os.mkdir(f"{d}/dir")
    return is_dir(f"{d}/dir"), os.listdir(f"{d}/dir")

def mkdir_uses_the_mode(d):
    os.mkdir(f"{d}/dir", 0o750)
    return mode(f"{d}/dir")

def mkdir_of_existing_directory_is_eexist(d):
    os.mkdir(f"{d}/dir")
    return outcome(os.mkdir, f"{d}/dir")

def mkdir_over_a_file_is_eexist(d):
    put(f"{d}/f")
    return outcome(os.mkdir, f"{d}/f")

def mkdir_in_a_missing_directory_is_enoent(d):
    return outcome(os.mkdir, f"{d}/missing/dir")

def mkdir_below_a_file_is_enotdir(d):
    put(f"{d}/f")
    return outcome(os.mkdir, f"{d}/f/dir")

def mkdir_with_too_long_name_is_enametoolong(d):
    return outcome(os.mkdir, f"{d}/{LONG_NAME}")

# ---- rmdir ----
def rmdir_removes_an_empty_directory(d):
    os.mkdir(f"{d}/dir")
    os.rmdir(f"{d}/dir")
    return os.path.exists(f"{d}/dir")

def rmdir_of_non_empty_directory_is_enotempty(d):
    os.mkdir(f"{d}/dir")
    put(f"{d}/dir/f")
    return outcome(os.rmdir, f"{d}/dir")

def rmdir_of_a_file_is_enotdir(d):
    put(f"{d}/f")
    return outcome(os.rmdir, f"{d}/f")

def rmdir_of_missing_directory_is_enoent(d):
    return outcome(os.rmdir, f"{d}/missing")

# ---- unlink ----
def unlink_removes_a_file(d):
    put(f"{d}/f")
    os.unlink(f"{d}/f")
    return os.path.exists(f"{d}/f"), os.listdir(d)

def unlink_of_a_directory_is_eisdir(d):
    os.mkdir(f"{d}/dir")
    return outcome(os.unlink, f"{d}/dir")

def unlink_of_missing_file_is_enoent(d):
    return outcome(os.unlink, f"{d}/missing")

def unlink_below_a_file_is_enotdir(d):
    put(f"{d}/f")
    return outcome(os.unlink, f"{d}/f/x")

# ---- rename ----
def rename_moves_a_file_with_its_content(d):
    put(f"{d}/a", b"content")
    os.rename(f"{d}/a", f"{d}/b")
    return os.path.exists(f"{d}/a"), slurp(f"{d}/b")

def rename_moves_a_directory_with_its_children(d):
    os.makedirs(f"{d}/a/sub")
    put(f"{d}/a/sub/f", b"x")
    os.rename(f"{d}/a", f"{d}/b")
    return os.path.exists(f"{d}/a"), slurp(f"{d}/b/sub/f")

def rename_over_an_existing_file_replaces_it(d):
    put(f"{d}/a", b"new")
    put(f"{d}/b", b"old")
    os.rename(f"{d}/a", f"{d}/b")
    return sorted(os.listdir(d)), slurp(f"{d}/b")

def rename_directory_over_empty_directory_replaces_it(d):
    os.makedirs(f"{d}/a")
    put(f"{d}/a/f")
    os.makedirs(f"{d}/b")
    os.rename(f"{d}/a", f"{d}/b")
    return sorted(os.listdir(d)), os.listdir(f"{d}/b")

def rename_directory_over_non_empty_directory_is_enotempty(d):
    os.makedirs(f"{d}/a")
    os.makedirs(f"{d}/b")
    put(f"{d}/b/f")
    return outcome(os.rename, f"{d}/a", f"{d}/b")

def rename_file_over_a_directory_is_eisdir(d):
    put(f"{d}/a")
    os.makedirs(f"{d}/b")
    return outcome(os.rename, f"{d}/a", f"{d}/b")

def rename_directory_over_a_file_is_enotdir(d):
    os.makedirs(f"{d}/a")
    put(f"{d}/b")
    return outcome(os.rename, f"{d}/a", f"{d}/b")

def rename_of_missing_source_is_enoent(d):
    return outcome(os.rename, f"{d}/missing", f"{d}/b")

def rename_into_missing_directory_is_enoent(d):
    put(f"{d}/a")
    return outcome(os.rename, f"{d}/a", f"{d}/missing/b")

def rename_directory_below_itself_is_einval(d):
    os.makedirs(f"{d}/a/sub")
    return outcome(os.rename, f"{d}/a", f"{d}/a/sub/c")

def rename_to_itself_changes_nothing(d):
    put(f"{d}/a", b"x")
    os.rename(f"{d}/a", f"{d}/a")
    return slurp(f"{d}/a")

def rename_to_too_long_name_is_enametoolong(d):
    put(f"{d}/a")
    return outcome(os.rename, f"{d}/a", f"{d}/{LONG_NAME}")

# ---- truncate ----
def truncate_to_zero_empties_the_file(d):
    put(f"{d}/f", b"abcdef")
    os.truncate(f"{d}/f", 0)
    return os.stat(f"{d}/f").st_size, slurp(f"{d}/f")

def truncate_to_the_same_size_keeps_the_content(d):
    put(f"{d}/f", b"abcdef")
    os.truncate(f"{d}/f", 6)
    return slurp(f"{d}/f")

def truncate_of_missing_file_is_enoent(d):
    return outcome(os.truncate, f"{d}/missing", 0)

def truncate_of_a_directory_is_eisdir(d):
    os.mkdir(f"{d}/dir")
    return outcome(os.truncate, f"{d}/dir", 0)

def truncate_to_zero_through_an_open_descriptor(d):
    put(f"{d}/f", b"abcdef")
    fd = os.open(f"{d}/f", os.O_WRONLY)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, b"xy")
    finally:
        os.close(fd)
    return slurp(f"{d}/f")

def truncate_to_zero_updates_mtime(d):
    put(f"{d}/f", b"abcdef")
    os.utime(f"{d}/f", (1_000_000_000, 1_000_000_000))
    os.truncate(f"{d}/f", 0)
    return os.stat(f"{d}/f").st_mtime > 1_000_000_000

def truncate_to_a_larger_size(d):
    put(f"{d}/f", b"abc")
    os.truncate(f"{d}/f", 10)
    return os.stat(f"{d}/f").st_size, slurp(f"{d}/f")

def truncate_to_a_smaller_size(d):
    put(f"{d}/f", b"abcdef")
    os.truncate(f"{d}/f", 2)
    return os.stat(f"{d}/f").st_size, slurp(f"{d}/f")

def truncate_to_a_smaller_size_through_an_open_descriptor_then_append(d):
    put(f"{d}/f", b"abcdef")
    fd = os.open(f"{d}/f", os.O_WRONLY | os.O_APPEND)
    try:
        os.ftruncate(fd, 3)
        os.write(fd, b"XY")
    finally:
        os.close(fd)
    return slurp(f"{d}/f")

def truncate_to_a_larger_size_through_an_open_descriptor(d):
    put(f"{d}/f", b"ab")
    fd = os.open(f"{d}/f", os.O_WRONLY)
    try:
        os.ftruncate(fd, 5)
    finally:
        os.close(fd)
    return slurp(f"{d}/f")

# ---- utimensat ----
def utimensat_sets_mtime(d):
    put(f"{d}/f")
    os.utime(f"{d}/f", (1_600_000_000, 1_500_000_000))
    return int(os.stat(f"{d}/f").st_mtime)

def utimensat_of_a_directory_sets_mtime(d):
    os.mkdir(f"{d}/dir")
    os.utime(f"{d}/dir", (1_600_000_000, 1_500_000_000))
    return int(os.stat(f"{d}/dir").st_mtime)

def utimensat_now_sets_mtime_to_now(d):
    put(f"{d}/f")
    os.utime(f"{d}/f", (1_000_000_000, 1_000_000_000))
    os.utime(f"{d}/f")
    return abs(os.stat(f"{d}/f").st_mtime - time.time()) < 5

def utimensat_omit_keeps_mtime(d):
    put(f"{d}/f")
    os.utime(f"{d}/f", (1_600_000_000, 1_500_000_000))
    os.utime(f"{d}/f", ns=(1_000_000_000 * 10**9, os.stat(f"{d}/f").st_mtime_ns))
    return int(os.stat(f"{d}/f").st_mtime)

def utimensat_sets_atime(d):
    put(f"{d}/f")
    os.utime(f"{d}/f", (1_600_000_000, 1_500_000_000))
    return int(os.stat(f"{d}/f").st_atime)

def utimensat_of_a_file_being_written_is_kept_after_close(d):
    fd = os.open(f"{d}/f", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        os.write(fd, b"abc")
        os.utime(fd, (1_600_000_000, 1_500_000_000))  # cp -p and rsync set times before they close
    finally:
        os.close(fd)
    return int(os.stat(f"{d}/f").st_mtime), slurp(f"{d}/f")

def utimensat_of_missing_file_is_enoent(d):
    return outcome(os.utime, f"{d}/missing", (1, 1))

def utimensat_by_another_user_is_eperm(d):
    put(f"{d}/f")
    os.chmod(d, 0o777)
    return as_nobody(lambda: os.utime(f"{d}/f", (1, 1)))

# ---- chmod ----
def chmod_sets_the_mode_of_a_file(d):
    put(f"{d}/f")
    os.chmod(f"{d}/f", 0o600)
    return mode(f"{d}/f")

def chmod_sets_the_mode_of_a_directory(d):
    os.mkdir(f"{d}/dir")
    os.chmod(f"{d}/dir", 0o700)
    return mode(f"{d}/dir")

def chmod_of_a_file_being_written_is_kept(d):
    fd = os.open(f"{d}/f", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        os.write(fd, b"abc")
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    return mode(f"{d}/f"), slurp(f"{d}/f")

def chmod_of_missing_file_is_enoent(d):
    return outcome(os.chmod, f"{d}/missing", 0o600)

def chmod_by_another_user_is_eperm(d):
    put(f"{d}/f")
    return as_nobody(lambda: os.chmod(f"{d}/f", 0o777))

def chmod_keeps_the_content(d):
    put(f"{d}/f", b"abc")
    os.chmod(f"{d}/f", 0o400)
    return slurp(f"{d}/f")

# ---- permissions (EACCES) ----
def reading_a_private_file_as_another_user_is_eacces(d):
    put(f"{d}/f")
    os.chmod(d, 0o755)
    os.chmod(f"{d}/f", 0o600)
    return as_nobody(lambda: slurp(f"{d}/f"))

def reading_a_public_file_as_another_user_works(d):
    put(f"{d}/f", b"public")
    os.chmod(d, 0o755)
    os.chmod(f"{d}/f", 0o644)
    return as_nobody(lambda: slurp(f"{d}/f").decode())

def creating_in_a_read_only_directory_is_eacces(d):
    os.mkdir(f"{d}/dir", 0o755)
    os.chmod(d, 0o755)
    return as_nobody(lambda: os.close(os.open(f"{d}/dir/f", os.O_WRONLY | os.O_CREAT, 0o644)))

def listing_a_private_directory_is_eacces(d):
    os.mkdir(f"{d}/dir")
    os.chmod(d, 0o755)
    os.chmod(f"{d}/dir", 0o700)
    return as_nobody(lambda: os.listdir(f"{d}/dir"))

# ---- readdir ----
def readdir_lists_what_was_created(d):
    for i in range(5):
        put(f"{d}/f{i}")
    os.mkdir(f"{d}/sub")
    return sorted(os.listdir(d))

def readdir_of_an_empty_directory_is_empty(d):
    os.mkdir(f"{d}/dir")
    return os.listdir(f"{d}/dir")

def readdir_includes_dot_entries(d):
    os.mkdir(f"{d}/dir")
    return sorted(os.popen(f"ls -a '{d}/dir'").read().split())  # os.listdir hides . and ..

def readdir_of_missing_directory_is_enoent(d):
    return outcome(os.listdir, f"{d}/missing")

def readdir_of_a_file_is_enotdir(d):
    put(f"{d}/f")
    return outcome(os.listdir, f"{d}/f")

def readdir_drops_unlinked_and_renamed_entries(d):
    put(f"{d}/a")
    put(f"{d}/b")
    os.unlink(f"{d}/a")
    os.rename(f"{d}/b", f"{d}/c")
    return sorted(os.listdir(d))

def readdir_lists_many_entries(d):
    names = [f"file-{i:04d}" for i in range(1500)]
    for n in names:
        os.close(os.open(f"{d}/{n}", os.O_WRONLY | os.O_CREAT, 0o644))
    listed = os.listdir(d)
    return len(listed), sorted(set(listed) ^ set(names))  # on a failure: the names missing or extra

def readdir_reports_types(d):
    put(f"{d}/f")
    os.mkdir(f"{d}/dir")
    return sorted((e.name, e.is_dir()) for e in os.scandir(d))

# ---- stat ----
def stat_of_a_directory(d):
    os.mkdir(f"{d}/dir")
    return is_dir(f"{d}/dir")

def stat_of_missing_file_is_enoent(d):
    return outcome(os.stat, f"{d}/missing")

def stat_below_a_file_is_enotdir(d):
    put(f"{d}/f")
    return outcome(os.stat, f"{d}/f/x")

def stat_size_of_a_written_file(d):
    put(f"{d}/f", b"x" * 123_457)
    return os.stat(f"{d}/f").st_size

def stat_owner_of_a_new_file_is_the_creator(d):
    put(f"{d}/f")
    st = os.stat(f"{d}/f")
    return st.st_uid, st.st_gid

# ---- what Ferry does not have ----
def link_makes_a_hard_link(d):
    put(f"{d}/f")
    return outcome(os.link, f"{d}/f", f"{d}/g")

def symlink_makes_a_symbolic_link(d):
    put(f"{d}/f")
    return outcome(os.symlink, f"{d}/f", f"{d}/g")

def setxattr_sets_a_user_attribute(d):
    put(f"{d}/f")
    return outcome(os.setxattr, f"{d}/f", "user.k", b"v")

def mknod_makes_a_fifo(d):
    return outcome(os.mkfifo, f"{d}/fifo")


CASES = [v for k, v in list(globals().items()) if callable(v) and v.__module__ == "__main__"
         and k.split("_")[0] in ("open", "write", "create", "mkdir", "rmdir", "unlink", "rename", "truncate",
                                 "utimensat", "chmod", "reading", "creating", "listing", "readdir", "stat",
                                 "link", "symlink", "setxattr", "mknod")]

# Deliberate differences: case -> (what the mount answers, why). README.md, "POSIX", lists the same.
DELIBERATE = {
    "write_into_existing_bytes": ("ENOTSUP", "Ferry files are immutable once complete: no writes into existing bytes"),
    "write_at_a_random_offset": ("ENOTSUP", "files are written once, sequentially"),
    "open_read_write_and_read_back": ("ENOTSUP", "a file being written cannot be read until it is closed"),
    "utimensat_sets_atime": (1_500_000_000, "Ferry keeps one time per file, the mtime; atime and ctime show it"),
    "stat_owner_of_a_new_file_is_the_creator": (None, "files are owned by the user running the mount (Ferry records the client's user)"),
    "link_makes_a_hard_link": ("ENOTSUP", "Ferry has no hard links"),
    "symlink_makes_a_symbolic_link": ("ENOTSUP", "Ferry has no symbolic links"),
    "setxattr_sets_a_user_attribute": ("ENOTSUP", "Ferry has no extended attributes"),
    "mknod_makes_a_fifo": ("ENOTSUP", "Ferry has regular files and directories only"),
}


def run_case(case, root):
    d = os.path.join(root, case.__name__ + "-" + uuid.uuid4().hex[:6])
    os.mkdir(d, 0o755)
    try:
        return case(d)
    except Exception as e:  # noqa: BLE001 - an unexpected failure is an observation too
        return "raised %s: %s" % (type(e).__name__, e)


def main():
    tmpfs, mount = sys.argv[1], sys.argv[2]
    os.umask(0o022)
    failures = 0
    for case in CASES:
        expected = run_case(case, tmpfs)
        actual = run_case(case, mount)
        name = case.__name__
        if name in DELIBERATE:
            want, why = DELIBERATE[name]
            ok = want is None or actual == want
            status = "ok (deliberate: %s)" % why if ok else "FAIL (deliberate difference expected %r)" % (want,)
        else:
            ok = expected == actual
            status = "ok" if ok else "FAIL"
        if not ok:
            failures += 1
        print("%-62s %s" % (name, status))
        if not ok:
            print("    tmpfs: %r\n    mount: %r" % (expected, actual))
    print("posix_suite: %d cases, %d failed, %d deliberate differences"
          % (len(CASES), failures, len(DELIBERATE)))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
