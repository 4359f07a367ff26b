"""The S3 endpoint with the AWS CLI (ls, cp with multipart, sync, rm) and PyArrow's S3FileSystem."""
import hashlib
import os
import subprocess

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.fs
import pyarrow.parquet as pq
import pytest

from cluster import S3_ACCESS_KEY, S3_SECRET_KEY
from s3_clients import REGION

MIB = 1024 * 1024


@pytest.fixture
def aws(s3_cluster, tmp_path):
    """Runs `aws s3 ARGS` against the endpoint with the cluster's key and no configuration of the machine."""
    config = tmp_path / "aws-config"
    config.write_text("[default]\ns3 =\n    addressing_style = path\n")
    env = dict(os.environ, AWS_ACCESS_KEY_ID=S3_ACCESS_KEY, AWS_SECRET_ACCESS_KEY=S3_SECRET_KEY,
               AWS_DEFAULT_REGION=REGION, AWS_CONFIG_FILE=str(config),
               AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "no-credentials"))

    def run(*args) -> str:
        result = subprocess.run(["aws", "--endpoint-url", s3_cluster.s3_endpoint(), "s3", *args], env=env,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr
        return result.stdout
    return run


@pytest.fixture(scope="module")
def arrow_s3(s3_cluster):
    """PyArrow's S3 file system (the AWS C++ SDK) on the endpoint."""
    return pyarrow.fs.S3FileSystem(access_key=S3_ACCESS_KEY, secret_key=S3_SECRET_KEY, region=REGION, scheme="http",
                                   endpoint_override=s3_cluster.s3_endpoint().removeprefix("http://"))


def sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(MIB), b""):
            digest.update(chunk)
    return digest.hexdigest()


def test_aws_cli_lists_buckets_and_objects(aws, s3, bucket):
    s3.put_object(Bucket=bucket, Key="dir/a.txt", Body=b"a")
    s3.put_object(Bucket=bucket, Key="top.txt", Body=b"top")
    assert bucket in aws("ls")
    listing = aws("ls", f"s3://{bucket}/")
    assert "PRE dir/" in listing and "top.txt" in listing
    assert "dir/a.txt" in aws("ls", "--recursive", f"s3://{bucket}/")


def test_aws_cli_copies_a_200_mib_file_up_in_parts_and_back(aws, s3, bucket, tmp_path):
    source = tmp_path / "big.bin"
    with open(source, "wb") as f:
        for _ in range(200):
            f.write(os.urandom(MIB))
    aws("cp", str(source), f"s3://{bucket}/big/big.bin")
    assert s3.head_object(Bucket=bucket, Key="big/big.bin")["ContentLength"] == 200 * MIB
    back = tmp_path / "back.bin"
    aws("cp", f"s3://{bucket}/big/big.bin", str(back))
    assert sha256(back) == sha256(source)


def test_aws_cli_syncs_a_directory_both_ways_and_removes(aws, s3, bucket, tmp_path):
    local = tmp_path / "local"
    for i in range(20):
        (local / f"sub{i % 3}").mkdir(parents=True, exist_ok=True)
        (local / f"sub{i % 3}" / f"f{i}.txt").write_text(f"file {i}\n" * (i + 1))
    aws("sync", str(local), f"s3://{bucket}/synced")
    keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="synced/")["Contents"])
    assert keys == sorted(f"synced/sub{i % 3}/f{i}.txt" for i in range(20))
    assert aws("sync", str(local), f"s3://{bucket}/synced").strip() == ""  # nothing changed: nothing copied
    copy = tmp_path / "copy"
    aws("sync", f"s3://{bucket}/synced", str(copy))
    for i in range(20):
        assert (copy / f"sub{i % 3}" / f"f{i}.txt").read_text() == f"file {i}\n" * (i + 1)
    aws("rm", "--recursive", f"s3://{bucket}/synced")
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket, Prefix="synced/")


def test_pyarrow_s3_file_system_reads_a_parquet_dataset_into_pandas(arrow_s3, s3, bucket):
    parts = [pa.table({"id": list(range(p * 1000, (p + 1) * 1000)), "value": [i * 0.25 for i in range(1000)]})
             for p in range(3)]
    for p, part in enumerate(parts):
        sink = pa.BufferOutputStream()
        pq.write_table(part, sink)
        s3.put_object(Bucket=bucket, Key=f"dataset/part-{p}.parquet", Body=sink.getvalue().to_pybytes())
    frame = ds.dataset(f"{bucket}/dataset", filesystem=arrow_s3, format="parquet").to_table().to_pandas()
    expected = pa.concat_tables(parts).to_pandas()
    assert frame.sort_values("id").reset_index(drop=True).equals(expected)


def test_pyarrow_s3_file_system_writes_parquet_and_large_streams(arrow_s3, s3, bucket):
    fs = arrow_s3
    table = pa.table({"id": list(range(100_000))})
    pq.write_table(table, f"{bucket}/written.parquet", filesystem=fs)  # aws-chunked PutObject
    assert pq.read_table(f"{bucket}/written.parquet", filesystem=fs).equals(table)
    data = os.urandom(12 * MIB)
    with fs.open_output_stream(f"{bucket}/stream.bin") as out:  # aws-chunked multipart upload
        out.write(data)
    assert s3.get_object(Bucket=bucket, Key="stream.bin")["Body"].read() == data


def test_pyarrow_s3_file_system_creates_and_deletes_directories(arrow_s3, bucket):
    fs = arrow_s3
    fs.create_dir(f"{bucket}/made/sub")
    assert fs.get_file_info(f"{bucket}/made/sub").type == pyarrow.fs.FileType.Directory
    fs.delete_dir(f"{bucket}/made")
    assert fs.get_file_info(f"{bucket}/made").type == pyarrow.fs.FileType.NotFound
