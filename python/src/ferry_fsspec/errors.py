"""Ferry's errors as Python exceptions.

The services carry a Ferry error code in the "ferry-error-code" trailer (GrpcErrors on the Java
side); each code becomes the built-in OSError subclass Python code expects (FileNotFoundError for
NOT_FOUND...), with the code kept in its ``ferry_code`` attribute.
"""
import errno

import grpc

_EXCEPTIONS = {
    "NOT_FOUND": (FileNotFoundError, errno.ENOENT),
    "ALREADY_EXISTS": (FileExistsError, errno.EEXIST),
    "NOT_A_DIRECTORY": (NotADirectoryError, errno.ENOTDIR),
    "IS_A_DIRECTORY": (IsADirectoryError, errno.EISDIR),
    "DIRECTORY_NOT_EMPTY": (OSError, errno.ENOTEMPTY),
    "MOUNT_CONFLICT": (OSError, errno.EBUSY),
    "INVALID_PATH": (OSError, errno.EINVAL),
    "INVALID_ARGUMENT": (OSError, errno.EINVAL),
    "PERMISSION_DENIED": (PermissionError, errno.EACCES),
    "UNAUTHENTICATED": (PermissionError, errno.EACCES),
    "UFS_ERROR": (OSError, errno.EIO),
    "UNAVAILABLE": (ConnectionError, errno.EHOSTUNREACH),
    "NOT_LEADER": (ConnectionError, errno.EHOSTUNREACH),
    "DEADLINE_EXCEEDED": (TimeoutError, errno.ETIMEDOUT),
    "DATA_LOST": (OSError, errno.EIO),
    "FILE_CHANGED": (OSError, errno.ESTALE),
    "INTERNAL": (OSError, errno.EIO),
}
_FROM_GRPC = {
    grpc.StatusCode.NOT_FOUND: "NOT_FOUND",
    grpc.StatusCode.ALREADY_EXISTS: "ALREADY_EXISTS",
    grpc.StatusCode.INVALID_ARGUMENT: "INVALID_ARGUMENT",
    grpc.StatusCode.PERMISSION_DENIED: "PERMISSION_DENIED",
    grpc.StatusCode.UNAUTHENTICATED: "PERMISSION_DENIED",
    grpc.StatusCode.UNAVAILABLE: "UNAVAILABLE",
    grpc.StatusCode.DEADLINE_EXCEEDED: "DEADLINE_EXCEEDED",
    grpc.StatusCode.DATA_LOSS: "DATA_LOST",
}
# failures of a worker or its connection, which another worker may not have (FerryInputStream)
WORKER_FAULTS = frozenset({"UNAVAILABLE", "DEADLINE_EXCEEDED", "INTERNAL"})
# failures after which another master may answer (MasterConnection)
MASTER_RETRYABLE = frozenset({"NOT_LEADER", "UNAVAILABLE", "DEADLINE_EXCEEDED"})


def ferry_error(code: str, message: str) -> OSError:
    """The exception for a Ferry error code, with ``ferry_code`` set."""
    cls, err = _EXCEPTIONS.get(code, (OSError, errno.EIO))
    e = cls(err, message)
    e.ferry_code = code
    return e


def from_rpc(e: grpc.RpcError, target: str) -> OSError:
    """The Ferry error a failed call to ``target`` ("master at host:port") stands for."""
    trailers = dict(e.trailing_metadata() or ()) if hasattr(e, "trailing_metadata") else {}
    details = e.details() if hasattr(e, "details") else str(e)
    status = e.code() if hasattr(e, "code") else grpc.StatusCode.UNKNOWN
    code = trailers.get("ferry-error-code")
    if code:
        err = ferry_error(code, details)
        err.leader = trailers.get("ferry-leader")
        return err
    code = _FROM_GRPC.get(status, "INTERNAL")
    why = details or status.name
    if code == "UNAVAILABLE":
        return ferry_error(code, f"{target} is unavailable: {why}")
    if code == "DEADLINE_EXCEEDED":
        return ferry_error(code, f"{target} did not answer in time: {why}")
    return ferry_error(code, why)


def code_of(e: BaseException) -> str:
    """The Ferry code of an error; None for failures that did not come from a Ferry service."""
    return getattr(e, "ferry_code", None)
