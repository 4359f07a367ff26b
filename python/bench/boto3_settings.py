"""The boto3 client settings of the S3 readers of python/bench (bench python, s3_client_ceiling.py).

LEAN: boto3's documented settings that spare botocore work per request without changing what is read
(on the 2-CPU VM ~20% of its CPU per GET, measured with s3_client_cpu.py): no validation of the call's
parameters (documented as a speed setting), checksums only where an operation requires them (the
endpoint sends none on a GET), and a fixed User-Agent instead of one built anew for every request."""
from botocore.config import Config

LEAN = {"parameter_validation": False, "response_checksum_validation": "when_required",
        "request_checksum_calculation": "when_required", "user_agent": "ferry-bench-python"}


def s3_config(pool: int, **signing) -> Config:
    """Path-style addressing (the first path component is the bucket), a pool of connections, LEAN."""
    return Config(s3={"addressing_style": "path"}, max_pool_connections=pool, **LEAN, **signing)
