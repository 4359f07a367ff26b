"""The S3 endpoint of a worker with boto3: every operation, its errors and the signature checks."""
import datetime
import hashlib
import os
import time

import botocore.exceptions
import fsspec
import pytest
import requests

from s3_clients import boto3_client

KIB = 1024
MIB = 1024 * KIB


def error_code(excinfo) -> str:
    return excinfo.value.response["Error"]["Code"]


def payload(size: int, seed: int = 0) -> bytes:
    return bytes((i * 31 + seed) % 251 for i in range(size))


def test_list_buckets_shows_the_top_level_directories(s3, bucket):
    names = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    assert bucket in names
    assert not any(n.startswith(".") for n in names)


def test_put_then_get_returns_the_same_bytes(s3, bucket):
    data = payload(3 * MIB + 17)
    s3.put_object(Bucket=bucket, Key="dir/sub/obj.bin", Body=data)
    assert s3.get_object(Bucket=bucket, Key="dir/sub/obj.bin")["Body"].read() == data


def test_empty_object_round_trips(s3, bucket):
    s3.put_object(Bucket=bucket, Key="empty", Body=b"")
    assert s3.get_object(Bucket=bucket, Key="empty")["Body"].read() == b""
    assert s3.head_object(Bucket=bucket, Key="empty")["ContentLength"] == 0


def test_head_object_reports_length_etag_and_modification_time(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="h", Body=b"12345")["ETag"]
    head = s3.head_object(Bucket=bucket, Key="h")
    assert head["ContentLength"] == 5
    assert head["ETag"] == etag
    assert abs((datetime.datetime.now(datetime.timezone.utc) - head["LastModified"]).total_seconds()) < 120


def test_etag_stays_while_the_object_is_unchanged_and_changes_when_rewritten(s3, bucket):
    first = s3.put_object(Bucket=bucket, Key="e", Body=b"one")["ETag"]
    assert s3.head_object(Bucket=bucket, Key="e")["ETag"] == first
    assert s3.get_object(Bucket=bucket, Key="e")["ETag"] == first
    second = s3.put_object(Bucket=bucket, Key="e", Body=b"two")["ETag"]
    assert second != first
    assert s3.head_object(Bucket=bucket, Key="e")["ETag"] == second


def test_get_with_a_range_returns_that_slice(s3, bucket):
    data = payload(100_000)
    s3.put_object(Bucket=bucket, Key="r", Body=data)
    got = s3.get_object(Bucket=bucket, Key="r", Range="bytes=1000-1999")
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert got["ContentRange"] == "bytes 1000-1999/100000"
    assert got["Body"].read() == data[1000:2000]


def test_open_and_suffix_ranges(s3, bucket):
    data = payload(5000)
    s3.put_object(Bucket=bucket, Key="r", Body=data)
    assert s3.get_object(Bucket=bucket, Key="r", Range="bytes=4990-")["Body"].read() == data[4990:]
    assert s3.get_object(Bucket=bucket, Key="r", Range="bytes=-10")["Body"].read() == data[-10:]
    assert s3.get_object(Bucket=bucket, Key="r", Range="bytes=4000-999999")["Body"].read() == data[4000:]


def test_range_starting_past_the_end_is_invalid_range(s3, bucket):
    s3.put_object(Bucket=bucket, Key="r", Body=b"abc")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_object(Bucket=bucket, Key="r", Range="bytes=10-20")
    assert error_code(e) == "InvalidRange"


def test_if_none_match_with_the_current_etag_is_not_modified(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="c", Body=b"x")["ETag"]
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_object(Bucket=bucket, Key="c", IfNoneMatch=etag)
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 304
    assert s3.get_object(Bucket=bucket, Key="c", IfNoneMatch='"other"')["Body"].read() == b"x"


def test_if_match_with_another_etag_fails_the_precondition(s3, bucket):
    etag = s3.put_object(Bucket=bucket, Key="c", Body=b"x")["ETag"]
    assert s3.get_object(Bucket=bucket, Key="c", IfMatch=etag)["Body"].read() == b"x"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_object(Bucket=bucket, Key="c", IfMatch='"0123"')
    assert error_code(e) == "PreconditionFailed"


def test_modified_since_conditions_compare_with_the_modification_time(s3, bucket):
    s3.put_object(Bucket=bucket, Key="c", Body=b"x")
    past = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)
    future = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)
    assert s3.get_object(Bucket=bucket, Key="c", IfModifiedSince=past)["Body"].read() == b"x"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_object(Bucket=bucket, Key="c", IfModifiedSince=future)
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 304
    assert s3.get_object(Bucket=bucket, Key="c", IfUnmodifiedSince=future)["Body"].read() == b"x"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_object(Bucket=bucket, Key="c", IfUnmodifiedSince=past)
    assert error_code(e) == "PreconditionFailed"


def test_missing_key_is_no_such_key(s3, bucket):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.get_object(Bucket=bucket, Key="absent")
    assert error_code(e) == "NoSuchKey"
    assert e.value.response["Error"]["Resource"] == f"/{bucket}/absent"


def test_head_of_a_missing_key_is_404(s3, bucket):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.head_object(Bucket=bucket, Key="absent")
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_missing_bucket_is_no_such_bucket(s3):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.list_objects_v2(Bucket="no-such-bucket-here")
    assert error_code(e) == "NoSuchBucket"
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.put_object(Bucket="no-such-bucket-here", Key="k", Body=b"x")
    assert error_code(e) == "NoSuchBucket"


def test_head_bucket_and_delete_bucket(s3, bucket):
    s3.head_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.delete_bucket(Bucket=bucket)
    assert error_code(e) == "BucketNotEmpty"
    s3.delete_object(Bucket=bucket, Key="k")
    s3.delete_bucket(Bucket=bucket)
    with pytest.raises(botocore.exceptions.ClientError):
        s3.head_bucket(Bucket=bucket)


def test_list_with_a_delimiter_rolls_directories_into_common_prefixes(s3, bucket):
    for key in ["a.txt", "dir/x", "dir/y", "dir/sub/z", "dir2/w", "b.txt"]:
        s3.put_object(Bucket=bucket, Key=key, Body=b"1")
    top = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    assert [o["Key"] for o in top["Contents"]] == ["a.txt", "b.txt"]
    assert [p["Prefix"] for p in top["CommonPrefixes"]] == ["dir/", "dir2/"]
    inside = s3.list_objects_v2(Bucket=bucket, Delimiter="/", Prefix="dir/")
    assert [o["Key"] for o in inside["Contents"]] == ["dir/x", "dir/y"]
    assert [p["Prefix"] for p in inside["CommonPrefixes"]] == ["dir/sub/"]


def test_list_without_a_delimiter_lists_every_key_under_the_prefix_in_order(s3, bucket):
    keys = ["dir/sub/z", "dir/x", "dir-a", "dir2/w", "e"]
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=b"1")
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == sorted(keys)
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="dir")["Contents"]] == \
        ["dir-a", "dir/sub/z", "dir/x", "dir2/w"]
    listed = s3.list_objects_v2(Bucket=bucket, Prefix="dir/")["Contents"]
    assert [(o["Key"], o["Size"]) for o in listed] == [("dir/sub/z", 1), ("dir/x", 1)]


def test_list_pages_with_continuation_tokens(s3, bucket):
    keys = [f"k/{i:03d}" for i in range(25)]
    for key in keys:
        s3.put_object(Bucket=bucket, Key=key, Body=b"")
    pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, PaginationConfig={"PageSize": 7}))
    assert [p["KeyCount"] for p in pages] == [7, 7, 7, 4]
    assert [o["Key"] for p in pages for o in p["Contents"]] == keys


def test_list_starts_after_a_key(s3, bucket):
    for i in range(5):
        s3.put_object(Bucket=bucket, Key=f"s{i}", Body=b"")
    listed = s3.list_objects_v2(Bucket=bucket, StartAfter="s2")
    assert [o["Key"] for o in listed["Contents"]] == ["s3", "s4"]


def test_list_pages_count_common_prefixes_once(s3, bucket):
    for d in range(4):
        for f in range(3):
            s3.put_object(Bucket=bucket, Key=f"d{d}/f{f}", Body=b"")
    pages = list(s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Delimiter="/",
                                                              PaginationConfig={"PageSize": 3}))
    assert [p["Prefix"] for page in pages for p in page.get("CommonPrefixes", [])] == ["d0/", "d1/", "d2/", "d3/"]


def test_copy_object_makes_an_independent_copy(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src", Body=b"original")
    s3.copy_object(Bucket=bucket, Key="dst/copy", CopySource={"Bucket": bucket, "Key": "src"})
    s3.put_object(Bucket=bucket, Key="src", Body=b"changed")
    assert s3.get_object(Bucket=bucket, Key="dst/copy")["Body"].read() == b"original"


def test_copy_of_a_missing_object_is_no_such_key(s3, bucket):
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "absent"})
    assert error_code(e) == "NoSuchKey"


def test_delete_object_removes_it_and_a_missing_key_deletes_quietly(s3, bucket):
    s3.put_object(Bucket=bucket, Key="d", Body=b"x")
    s3.delete_object(Bucket=bucket, Key="d")
    s3.delete_object(Bucket=bucket, Key="d")
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)


def test_delete_objects_deletes_each_key(s3, bucket):
    for key in ["x1", "x2", "y/x3"]:
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    result = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in ["x1", "y/x3", "absent"]]})
    assert sorted(d["Key"] for d in result["Deleted"]) == ["absent", "x1", "y/x3"]
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["x2"]


def test_a_listed_key_overwritten_through_the_endpoint_reads_its_new_bytes(s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"first")
    s3.list_objects_v2(Bucket=bucket)  # the endpoint now answers GETs of k from this listing
    s3.put_object(Bucket=bucket, Key="k", Body=b"second, longer")
    got = s3.get_object(Bucket=bucket, Key="k")
    assert got["Body"].read() == b"second, longer"
    assert got["ETag"] == s3.head_object(Bucket=bucket, Key="k")["ETag"]


def test_listed_keys_deleted_through_the_endpoint_are_no_such_key(s3, bucket):
    for key in ["one", "two", "dir/three"]:
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    s3.list_objects_v2(Bucket=bucket)
    s3.delete_object(Bucket=bucket, Key="one")
    s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "two"}, {"Key": "dir/three"}]})
    for key in ["one", "two", "dir/three"]:
        with pytest.raises(botocore.exceptions.ClientError) as e:
            s3.get_object(Bucket=bucket, Key=key)
        assert error_code(e) == "NoSuchKey"


def test_a_listed_key_replaced_by_a_copy_reads_the_copied_bytes(s3, bucket):
    s3.put_object(Bucket=bucket, Key="src", Body=b"copied bytes")
    s3.put_object(Bucket=bucket, Key="dst", Body=b"old")
    s3.list_objects_v2(Bucket=bucket)
    s3.copy_object(Bucket=bucket, Key="dst", CopySource={"Bucket": bucket, "Key": "src"})
    assert s3.get_object(Bucket=bucket, Key="dst")["Body"].read() == b"copied bytes"


def test_a_listed_key_changed_in_the_under_storage_is_answered_whole_at_its_new_version(s3_cluster, s3, bucket):
    ufs_file = s3_cluster.underfs / bucket / "from-ufs" / "u"
    ufs_file.parent.mkdir(parents=True)
    ufs_file.write_bytes(b"first")
    fsspec.filesystem("ferry", master=s3_cluster.master, skip_instance_cache=True).ls(f"/{bucket}", refresh=True)
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="from-ufs/")["Contents"]] == ["from-ufs/u"]
    ufs_file.write_bytes(b"second, longer version")
    later = time.time() + 5
    os.utime(ufs_file, (later, later))
    got = s3.get_object(Bucket=bucket, Key="from-ufs/u")
    assert (got["ContentLength"], got["Body"].read()) == (22, b"second, longer version")
    assert got["ETag"] == s3.head_object(Bucket=bucket, Key="from-ufs/u")["ETag"]


def test_multipart_upload_concatenates_the_parts(s3, bucket):
    parts = [payload(5 * MIB, 1), payload(5 * MIB, 2), payload(123, 3)]
    upload = s3.create_multipart_upload(Bucket=bucket, Key="big/object")["UploadId"]
    etags = [s3.upload_part(Bucket=bucket, Key="big/object", UploadId=upload, PartNumber=n + 1, Body=p)["ETag"]
             for n, p in enumerate(parts)]
    listed = s3.list_parts(Bucket=bucket, Key="big/object", UploadId=upload)["Parts"]
    assert [(p["PartNumber"], p["Size"], p["ETag"]) for p in listed] == \
        [(n + 1, len(p), e) for n, (p, e) in enumerate(zip(parts, etags))]
    s3.complete_multipart_upload(Bucket=bucket, Key="big/object", UploadId=upload, MultipartUpload={
        "Parts": [{"PartNumber": n + 1, "ETag": e} for n, e in enumerate(etags)]})
    assert s3.get_object(Bucket=bucket, Key="big/object")["Body"].read() == b"".join(parts)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.list_parts(Bucket=bucket, Key="big/object", UploadId=upload)
    assert error_code(e) == "NoSuchUpload"


def test_complete_with_a_wrong_part_etag_is_invalid_part(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="m")["UploadId"]
    s3.upload_part(Bucket=bucket, Key="m", UploadId=upload, PartNumber=1, Body=b"part")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.complete_multipart_upload(Bucket=bucket, Key="m", UploadId=upload, MultipartUpload={
            "Parts": [{"PartNumber": 1, "ETag": '"not-it"'}]})
    assert error_code(e) == "InvalidPart"


def test_aborted_upload_is_gone(s3, bucket):
    upload = s3.create_multipart_upload(Bucket=bucket, Key="m")["UploadId"]
    s3.upload_part(Bucket=bucket, Key="m", UploadId=upload, PartNumber=1, Body=b"part")
    s3.abort_multipart_upload(Bucket=bucket, Key="m", UploadId=upload)
    with pytest.raises(botocore.exceptions.ClientError) as e:
        s3.upload_part(Bucket=bucket, Key="m", UploadId=upload, PartNumber=2, Body=b"part")
    assert error_code(e) == "NoSuchUpload"
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)


def test_upload_file_uses_multipart_for_large_files(s3, bucket, tmp_path):
    source = tmp_path / "large.bin"
    source.write_bytes(payload(20 * MIB, 5))
    from boto3.s3.transfer import TransferConfig
    s3.upload_file(str(source), bucket, "large.bin", Config=TransferConfig(multipart_threshold=8 * MIB,
                                                                        multipart_chunksize=8 * MIB))
    target = tmp_path / "back.bin"
    s3.download_file(bucket, "large.bin", str(target))
    assert hashlib.sha256(target.read_bytes()).digest() == hashlib.sha256(source.read_bytes()).digest()


def test_objects_written_through_s3_are_ferry_files(s3_cluster, s3, bucket):
    s3.put_object(Bucket=bucket, Key="seen/by/fsspec", Body=b"hello ferry")
    fs = fsspec.filesystem("ferry", master=s3_cluster.master, skip_instance_cache=True)
    assert fs.cat_file(f"/{bucket}/seen/by/fsspec") == b"hello ferry"


def test_a_wrong_secret_gets_signature_does_not_match(s3_cluster, bucket):
    wrong = boto3_client(s3_cluster.s3_endpoint(), secret_key="not-the-secret")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        wrong.list_objects_v2(Bucket=bucket)
    assert error_code(e) == "SignatureDoesNotMatch"


def test_an_unknown_access_key_is_refused(s3_cluster, bucket):
    stranger = boto3_client(s3_cluster.s3_endpoint(), access_key="nobody")
    with pytest.raises(botocore.exceptions.ClientError) as e:
        stranger.list_objects_v2(Bucket=bucket)
    assert error_code(e) == "InvalidAccessKeyId"


def test_an_unsigned_request_is_access_denied(s3_cluster, s3, bucket):
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    response = requests.get(f"{s3_cluster.s3_endpoint()}/{bucket}/k")
    assert response.status_code == 403
    assert "<Code>AccessDenied</Code>" in response.text


def test_a_presigned_url_reads_the_object(s3, bucket):
    s3.put_object(Bucket=bucket, Key="shared file", Body=b"presigned")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "shared file"}, ExpiresIn=300)
    assert requests.get(url).content == b"presigned"


def test_a_tampered_presigned_url_gets_signature_does_not_match(s3, bucket):
    s3.put_object(Bucket=bucket, Key="one", Body=b"1")
    s3.put_object(Bucket=bucket, Key="two", Body=b"2")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "one"}, ExpiresIn=300)
    response = requests.get(url.replace("/one?", "/two?"))
    assert response.status_code == 403
    assert "<Code>SignatureDoesNotMatch</Code>" in response.text
