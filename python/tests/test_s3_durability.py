"""What a worker's S3 endpoint acknowledged survives a kill -9 of that worker."""
from cluster import LocalCluster
from s3_clients import boto3_client

MIB = 1024 * 1024


def test_objects_acknowledged_by_a_worker_are_read_through_another_after_it_is_killed():
    with LocalCluster(workers=2, s3=True) as cluster:
        first, second = boto3_client(cluster.s3_endpoint(0)), boto3_client(cluster.s3_endpoint(1))
        first.create_bucket(Bucket="durable")
        small = b"acknowledged" * 1000
        first.put_object(Bucket="durable", Key="small", Body=small)
        parts = [bytes([n]) * (5 * MIB) for n in range(1, 4)]
        upload = first.create_multipart_upload(Bucket="durable", Key="multi")["UploadId"]
        etags = [first.upload_part(Bucket="durable", Key="multi", UploadId=upload, PartNumber=n + 1, Body=p)["ETag"]
                 for n, p in enumerate(parts)]
        first.complete_multipart_upload(Bucket="durable", Key="multi", UploadId=upload, MultipartUpload={
            "Parts": [{"PartNumber": n + 1, "ETag": e} for n, e in enumerate(etags)]})

        cluster.kill_worker(0)

        assert second.get_object(Bucket="durable", Key="small")["Body"].read() == small
        assert second.get_object(Bucket="durable", Key="multi")["Body"].read() == b"".join(parts)
