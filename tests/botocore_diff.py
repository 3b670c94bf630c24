"""Builds and signs CreateStage requests, and parses CreateStage responses, with botocore.

Reads a JSON document on stdin:
  {"requests": [{"params": "<JSON text of the parameters>", "endpoint": "http://127.0.0.1:1234",
                 "region": "...", "access_key": "...", "secret_key": "...", "token": null|"...",
                 "time": "2024-05-01T12:30:00"}],
   "responses": [{"status": 200, "headers": {...}, "body": "<text>"}]}
and writes {"requests": [{"method", "path", "headers", "body"}], "responses": [<parsed>]} on
stdout. Parsed timestamps are written as integer microseconds since the epoch.
"""

import datetime
import json
import sys
from unittest import mock

import botocore.auth
import botocore.credentials
import botocore.parsers
import botocore.session
from botocore.awsrequest import create_request_object, prepare_request_dict


def main():
    job = json.load(sys.stdin)
    session = botocore.session.get_session()
    client = session.create_client(
        "ivs-realtime", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    operation = client.meta.service_model.operation_model("CreateStage")

    requests = []
    for case in job["requests"]:
        params = json.loads(case["params"])
        serialized = client._serializer.serialize_to_request(params, operation)
        prepare_request_dict(serialized, endpoint_url=case["endpoint"], user_agent="diff", context={})
        request = create_request_object(serialized)
        credentials = botocore.credentials.Credentials(case["access_key"], case["secret_key"], case["token"])
        moment = datetime.datetime.fromisoformat(case["time"])
        with mock.patch("botocore.auth.get_current_datetime", return_value=moment):
            botocore.auth.SigV4Auth(credentials, "ivs", case["region"]).add_auth(request)
        body = request.body if isinstance(request.body, bytes) else (request.body or "").encode()
        requests.append(
            {
                "method": request.method,
                "path": request.url.split(case["endpoint"], 1)[1],
                "headers": {k.lower(): v for k, v in request.headers.items() if k.lower() != "user-agent"},
                "body": body.decode("utf-8"),
            }
        )

    parser = botocore.parsers.create_parser("rest-json")
    responses = []
    for response in job["responses"]:
        parsed = parser.parse(
            {
                "status_code": response["status"],
                "headers": response["headers"],
                "body": response["body"].encode("utf-8"),
            },
            operation.output_shape,
        )
        parsed.pop("ResponseMetadata", None)
        responses.append(parsed)

    def default(value):
        if isinstance(value, datetime.datetime):
            return round(value.timestamp() * 1_000_000)
        raise TypeError(repr(value))

    json.dump({"requests": requests, "responses": responses}, sys.stdout, default=default)


if __name__ == "__main__":
    main()
