# AWS SDK calls (boto3): encryption settings travel with each request.
import boto3

s3 = boto3.client("s3", endpoint_url="http://s3.eu-west-1.amazonaws.com")


def export(report_bytes, customer_key):
    s3.put_object(
        Bucket="example-reports",
        Key="daily/report.csv",
        Body=report_bytes,
        SSECustomerKey=customer_key,
    )
