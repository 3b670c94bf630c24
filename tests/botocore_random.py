"""Random valid inputs and outputs for every operation of a service, and what botocore makes of
them: for each input the request botocore builds and signs; for each output the values botocore
parses. Deterministic for a given seed.

Usage: botocore_random.py SERVICE CASES_PER_OPERATION SEED ENDPOINT REGION MODEL OPERATION,... > cases.json

Shapes come from botocore's model of the service; their constraints (length, range, pattern,
uniqueItems) from MODEL, the Smithy JSON AST the client was generated from, where it has a shape
of the same name, so the values are valid for both.
Writes {"requests": [...], "responses": [...]}; parsed timestamps become integer microseconds.
"""

import datetime
import json
import random
import re
import sys
from unittest import mock

import botocore.auth
import botocore.credentials
import botocore.parsers
import botocore.session
import rstr
from botocore.awsrequest import create_request_object, prepare_request_dict

ACCESS_KEY, SECRET_KEY, TOKEN = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "TOKEN/+="
MOMENT = datetime.datetime(2024, 5, 1, 12, 30, 0)
ALPHABET = "abcXYZ019 -_.~/:@!$&'()*+,;=%é€😀\"\\\n\t"


class Generator:
    def __init__(self, rng, smithy):
        self.rng = rng
        self.xeger = rstr.Rstr(rng)
        self.smithy = smithy

    def constraints(self, shape):
        """botocore's constraints of a shape, overridden by the Smithy model's."""
        found = dict(shape.metadata)
        traits = self.smithy.get(shape.name, {}).get("traits", {})
        length = traits.get("smithy.api#length")
        if length is not None:
            found.pop("min", None)
            found.pop("max", None)
            found.update(length)
        if "smithy.api#range" in traits:
            found.pop("min", None)
            found.pop("max", None)
            found.update(traits["smithy.api#range"])
        if "smithy.api#pattern" in traits:
            found["pattern"] = traits["smithy.api#pattern"]
        if "smithy.api#uniqueItems" in traits:
            found["uniqueItems"] = True
        return found

    def string(self, shape, depth):
        if shape.enum:
            return self.rng.choice(shape.enum)
        limits = self.constraints(shape)
        low = limits.get("min", 0)
        high = min(limits.get("max", 40), 40)
        high = max(high, low)
        pattern = limits.get("pattern")
        if pattern:
            top = limits.get("max", 10**9)
            for _ in range(200):
                text = self.xeger.xeger(pattern)
                if low <= len(text) <= top:
                    return text
                # Long samples are cut to a length that fits, if the pattern still matches.
                if len(text) > top:
                    cut = text[: self.rng.randint(low, top)]
                    if re.search(pattern, cut):
                        return cut
            raise ValueError(f"no sample of {pattern!r} fits {low}..{limits.get('max')}")
        size = self.rng.randint(low, high)
        return "".join(self.rng.choice(ALPHABET) for _ in range(size))

    def value(self, shape, depth=0):
        kind = shape.type_name
        if kind == "structure":
            out = {}
            required = set(shape.required_members)
            # The Smithy model's member order, which the client writes bodies in.
            order = list(self.smithy.get(shape.name, {}).get("members", {}))
            members = sorted(
                shape.members.items(),
                key=lambda item: order.index(item[0]) if item[0] in order else len(order),
            )
            for name, member in members:
                # An idempotency token is always given: botocore would otherwise send a random one.
                always = name in required or member.metadata.get("idempotencyToken")
                if always or (depth < 4 and self.rng.random() < 0.6):
                    out[name] = self.value(member, depth + 1)
            return out
        limits = self.constraints(shape)
        if kind == "list":
            low = limits.get("min", 0)
            high = max(low, min(limits.get("max", 3), 3))
            items = []
            for _ in range(self.rng.randint(low, high) * 4):
                if len(items) >= high:
                    break
                item = self.value(shape.member, depth + 1)
                if limits.get("uniqueItems") and item in items:
                    continue
                items.append(item)
            return items[: max(len(items), low)]
        if kind == "map":
            low = limits.get("min", 0)
            high = max(low, min(limits.get("max", 3), 3))
            keys = sorted({self.string(shape.key, depth + 1) for _ in range(self.rng.randint(low, high))})
            return {k: self.value(shape.value, depth + 1) for k in keys}
        if kind == "string":
            return self.string(shape, depth)
        if kind in ("integer", "long"):
            return self.rng.randint(limits.get("min", -1000), limits.get("max", 1000))
        if kind in ("float", "double"):
            low, high = limits.get("min", -1000), limits.get("max", 1000)
            return round(self.rng.uniform(low, high), 3)
        if kind == "boolean":
            return self.rng.random() < 0.5
        if kind == "timestamp":
            return datetime.datetime.fromtimestamp(self.rng.randint(0, 2_000_000_000), datetime.timezone.utc)
        raise ValueError(f"unsupported shape type {kind}")


def to_wire(value):
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, dict):
        return {k: to_wire(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_wire(v) for v in value]
    return value


def main():
    service, per_operation, seed, endpoint, region, model_path, operations = sys.argv[1:8]
    only = set(operations.split(","))
    with open(model_path, encoding="utf-8") as file:
        smithy = {sid.split("#", 1)[1]: shape for sid, shape in json.load(file)["shapes"].items()}
    session = botocore.session.get_session()
    client = session.create_client(service, region_name=region, aws_access_key_id="x", aws_secret_access_key="x")
    model = client.meta.service_model
    parser = botocore.parsers.create_parser(model.protocol)
    credentials = botocore.credentials.Credentials(ACCESS_KEY, SECRET_KEY, TOKEN)

    requests, responses = [], []
    for operation_name in sorted(model.operation_names):
        if operation_name not in only:
            continue
        operation = model.operation_model(operation_name)
        rng = random.Random(f"{seed}/{operation_name}")
        generator = Generator(rng, smithy)
        for _ in range(int(per_operation)):
            params = generator.value(operation.input_shape) if operation.input_shape else {}
            serialized = client._serializer.serialize_to_request(params, operation)
            prepare_request_dict(serialized, endpoint_url=endpoint, user_agent="diff", context={})
            request = create_request_object(serialized)
            with mock.patch("botocore.auth.get_current_datetime", return_value=MOMENT):
                botocore.auth.SigV4Auth(credentials, model.signing_name, region).add_auth(request)
            body = request.body if isinstance(request.body, bytes) else (request.body or "").encode()
            requests.append(
                {
                    "operation": operation_name,
                    "params": json.dumps(params),
                    "method": request.method,
                    "url": request.url,
                    "headers": {k.lower(): v for k, v in request.headers.items() if k.lower() != "user-agent"},
                    "body": body.decode("utf-8"),
                }
            )
            if operation.output_shape:
                output = to_wire(generator.value(operation.output_shape))
                body_members = {
                    k: v for k, v in output.items()
                    if operation.output_shape.members[k].serialization.get("location") is None
                }
                text = json.dumps(body_members)
                parsed = parser.parse({"status_code": 200, "headers": {}, "body": text.encode()}, operation.output_shape)
                parsed.pop("ResponseMetadata", None)
                responses.append({"operation": operation_name, "body": text, "parsed": parsed})

    def default(value):
        if isinstance(value, datetime.datetime):
            return round(value.timestamp() * 1_000_000)
        raise TypeError(repr(value))

    json.dump({"requests": requests, "responses": responses}, sys.stdout, default=default)


if __name__ == "__main__":
    main()
