"""Clients of a test cluster's S3 endpoint: boto3 with the cluster's access key (or another one)."""
import boto3
from botocore.config import Config

from cluster import S3_ACCESS_KEY, S3_SECRET_KEY

REGION = "us-east-1"


def boto3_client(endpoint: str, access_key: str = S3_ACCESS_KEY, secret_key: str = S3_SECRET_KEY, verify=None):
    """verify: the CA bundle to check an https endpoint's certificate with (None: botocore's default)."""
    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=access_key, verify=verify,
                        aws_secret_access_key=secret_key, region_name=REGION,
                        config=Config(signature_version="s3v4", s3={"addressing_style": "path"},
                                      retries={"max_attempts": 1}))
