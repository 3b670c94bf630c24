"""Random calls of every operation of a service, as botocore makes them: for each case, valid
random parameters, the request botocore builds and signs for them, a random answer (a success or
one of the operation's errors, written as the protocol writes it) and the values botocore reads
from that answer. Deterministic for a given seed.

Usage: botocore_corpus.py MODEL CASES_PER_OPERATION SEED OPERATION,... > cases.json

MODEL is the Smithy JSON AST the client was generated from. The botocore service is the one
whose service id is the model's `sdkId`; shapes come from botocore's model of it, their
constraints (length, range, pattern, uniqueItems) from MODEL where it has a shape of the same
name, so that the values are valid for both.

Calls go through botocore's whole client (endpoint rules, host prefixes, serialization, signing,
parsing, modeled errors); a `before-send` hook takes the signed request and answers it, so
nothing leaves the process. The retry headers (a random invocation id) are not added.

Writes {"service", "cases": [...], "skipped": [...]}. In `params` and `parsed`, timestamps are
integer microseconds and blobs arrays of bytes; request and answer bodies are arrays of bytes.
"""

import base64
import calendar
import datetime
import email.utils
import itertools
import json
import xml.sax.saxutils
import random
import re
import string
import sys
from unittest import mock

import botocore.auth
import botocore.config
import botocore.exceptions
import botocore.handlers
import botocore.session
import rstr
from botocore.awsrequest import AWSResponse

ACCESS_KEY, SECRET_KEY, TOKEN = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "TOKEN/+="
REGION = "us-east-1"
MOMENT = datetime.datetime(2024, 5, 1, 12, 30, 0)
ALPHABET = "abcXYZ019 -_.~/:@!$&'()*+,;=%é€😀\"\\\n\t"
# Text that survives a header: printable ASCII without leading or trailing spaces.
HEADER_ALPHABET = "abcXYZ019-_.~/:@!$&'()*+;=%"


class Generator:
    def __init__(self, rng, smithy):
        self.rng = rng
        self.xeger = rstr.Rstr(rng)
        # ECMAScript's `.` matches neither `\n` nor `\r` (Python's matches `\r`).
        self.xeger._cases["any"] = lambda _: self.xeger.printable(1, exclude="\n\r")
        # rstr caps every repeat at 100, even below its least count (`{128}` fails); here the
        # cap is the current sample's (see `string`), and never below a repeat's least count.
        self.repeat_limit = 100
        for case in ("max_repeat", "min_repeat"):
            self.xeger._cases[case] = lambda x: self.repeat(*x)
        # rstr lists a class's characters for every character it draws from it; a class as
        # wide as all of Unicode (awsQuery models' XML character patterns) would take hours.
        # Each class is listed once.
        classes = {}

        def draw_from_class(value):
            key = repr(value)
            if key not in classes:
                chars = list(itertools.chain(*(self.xeger._handle_state(i) for i in value)))
                if chars and chars[0] is False:
                    chars = sorted(set(string.printable).difference(chars[1:]))
                classes[key] = chars
            return self.rng.choice(classes[key])

        self.xeger._cases["in"] = draw_from_class
        self.smithy = smithy

    def repeat(self, least, most, value):
        times = self.rng.randint(least, max(least, min(most, self.repeat_limit)))
        return "".join("".join(self.xeger._handle_state(s) for s in value) for _ in range(times))

    def smithy_shape(self, shape, target):
        """The Smithy model's shape for botocore's `shape`: the one `target` names (the target
        of the member the walk came through), else the shape of the same name. The two models
        may name a shape differently; a prelude shape has no traits here."""
        if target is None:
            return self.smithy.get(shape.name, {})
        if target.startswith("smithy.api#"):
            return {"type": PRELUDE.get(target)}
        return self.smithy.get(target.split("#", 1)[-1], {})

    def constraints(self, shape, member_traits=None, smithy=None):
        """botocore's constraints of a shape, overridden by the Smithy model's: the target
        shape's, then the member's own."""
        found = dict(shape.metadata)
        smithy = self.smithy.get(shape.name, {}) if smithy is None else smithy
        traits = dict(smithy.get("traits", {}))
        traits.update(member_traits or {})
        for name in ("smithy.api#length", "smithy.api#range"):
            if name in traits:
                found.pop("min", None)
                found.pop("max", None)
                found.update(traits[name])
        if "smithy.api#pattern" in traits:
            found["pattern"] = traits["smithy.api#pattern"]
        if "smithy.api#uniqueItems" in traits:
            found["uniqueItems"] = True
        return found

    def string(self, shape, header=False, label=False, member_traits=None, smithy=None):
        if shape.enum:
            return self.rng.choice(shape.enum)
        limits = self.constraints(shape, member_traits, smithy)
        # Smithy requires path labels to be non-empty (the client refuses empty ones).
        low = max(int(limits.get("min", 0)), 1 if label else 0)
        high = max(min(int(limits.get("max", 40)), 40), low)
        pattern = limits.get("pattern")
        if pattern:
            try:
                re.compile(python_pattern(pattern))
            except re.error:
                # Not a regular expression (`${2,64}`): the client cannot check it either (it
                # warns when generating), and botocore checks no pattern; any text will do.
                pattern = None
        if pattern:
            top = int(limits.get("max", 10**9))
            pattern = python_pattern(pattern)
            # Repeats are capped by turns: loosely, tightly (for a pattern of many repeats
            # under a short length limit), and at twice the least length (for a long one).
            caps = (100, 10, 3, 2 * max(low, 50))
            for attempt in range(200):
                self.repeat_limit = caps[attempt % len(caps)]
                try:
                    text = self.xeger.xeger(pattern)
                except Exception as e:  # rstr does not know every construct of `re`.
                    raise Skip(f"rstr cannot sample the pattern {pattern!r}: {e!r}") from None
                if header:
                    text = text.strip()
                    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
                        continue  # No header holds a control character; the client refuses it.
                if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
                    continue  # A lone surrogate, which no UTF-8 text holds.
                if low <= len(text) <= top and re.search(pattern, text):
                    return text
                if len(text) > top:
                    cut = text[: self.rng.randint(low, top)]
                    if re.search(pattern, cut):
                        return cut
            raise Skip(f"no sample of {pattern!r} fits {low}..{limits.get('max')}")
        size = self.rng.randint(low, high)
        alphabet = HEADER_ALPHABET if header else ALPHABET
        return "".join(self.rng.choice(alphabet) for _ in range(size))

    def timestamp(self):
        seconds = self.rng.randint(0, 2_000_000_000)
        return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)

    def document(self, depth, ascii_only=False):
        """A JSON value; ASCII-only for a header, where botocore's JSON text escapes the rest."""
        roll = self.rng.random()
        if depth > 2 or roll < 0.5:
            return self.rng.choice([None, True, False, 0, -7, 12.5, "text"] + ([] if ascii_only else ["ünï"]))
        if roll < 0.75:
            return [self.document(depth + 1, ascii_only) for _ in range(self.rng.randint(0, 3))]
        return {f"k{i}": self.document(depth + 1, ascii_only) for i in range(self.rng.randint(0, 3))}

    def members(self, shape, smithy):
        """The members of a structure that the Smithy model has too, of the same type:
        botocore's model of a service may be newer or older than the one the client was
        generated from."""
        known = smithy.get("members")
        if known is None:
            return dict(shape.members)
        out = {}
        for name, member in shape.members.items():
            if name not in known:
                continue
            target = known[name]["target"]
            kind = PRELUDE.get(target) or self.smithy.get(target.split("#", 1)[-1], {}).get("type")
            if family(kind) == family(member.type_name, member):
                out[name] = member
            elif "smithy.api#required" in known[name].get("traits", {}):
                raise Skip(f"{shape.name}.{name} is a {kind} here and a {member.type_name} in botocore")
        return out

    def value(self, shape, depth=0, header=False, member_traits=None, target=None):
        """A random value of botocore's `shape`, valid for the Smithy shape `target` names
        (by default, the one of the same name)."""
        kind = shape.type_name
        smithy = self.smithy_shape(shape, target)
        if kind == "structure" and shape.is_document_type:
            return self.document(0)
        targets = {name: m.get("target") for name, m in smithy.get("members", {}).items()}
        # A union in the Smithy model may be a plain structure in botocore's older copy.
        if kind == "structure" and (shape.is_tagged_union or smithy.get("type") == "union"):
            names = sorted(self.members(shape, smithy))
            if not names:
                raise Skip(f"union {shape.name} has no member both models know")
            if depth >= 5:
                # Deep in a recursive shape, the member that ends soonest.
                names.sort(key=lambda n: shape.members[n].type_name in ("structure", "list", "map"))
                name = names[0]
            else:
                name = self.rng.choice(names)
            return {name: self.value(shape.members[name], depth + 1, target=targets.get(name))}
        if kind == "structure":
            out = {}
            required = set(shape.required_members)
            smithy_members = smithy.get("members", {})
            required |= {n for n, m in smithy_members.items() if "smithy.api#required" in m.get("traits", {})}
            order = list(smithy_members)
            members = sorted(
                self.members(shape, smithy).items(),
                key=lambda item: order.index(item[0]) if item[0] in order else len(order),
            )
            for name, member in members:
                # An idempotency token is always given: botocore would otherwise send a random one.
                always = name in required or member.metadata.get("idempotencyToken")
                if always or (depth < 4 and self.rng.random() < 0.6):
                    location = member.serialization.get("location")
                    own = smithy_members.get(name, {}).get("traits", {})
                    if location == "uri" and member.type_name == "string":
                        # botocore sends a segment of only dots as is, where servers and
                        # proxies may resolve it; this client escapes its dots (deliberately).
                        # Such a label is drawn again.
                        for _ in range(20):
                            out[name] = self.string(
                                member, label=True, member_traits=own, smithy=self.smithy_shape(member, targets.get(name))
                            )
                            if out[name] not in (".", ".."):
                                break
                        else:
                            raise Skip(f"a path label of only dots ({out[name]!r})")
                    else:
                        value = self.value(
                            member,
                            depth + 1,
                            header=location in ("header", "headers"),
                            member_traits=own,
                            target=targets.get(name),
                        )
                        # botocore drops a member given as None (a document's null); it is
                        # unset, but for a required one, which gets an empty object instead.
                        if value is None and name in required:
                            value = {}
                        if value is not None:
                            out[name] = value
            return out
        limits = self.constraints(shape, member_traits, smithy)
        if kind == "list":
            low = int(limits.get("min", 0))
            high = max(low, min(int(limits.get("max", 3)), 3 if depth < 5 else low))
            items = []
            for _ in range(max(high, 1) * 4):
                if len(items) >= self.rng.randint(low, high):
                    break
                item = self.value(shape.member, depth + 1, header, target=smithy.get("member", {}).get("target"))
                if limits.get("uniqueItems") and item in items:
                    continue
                items.append(item)
            return items
        if kind == "map":
            low = int(limits.get("min", 0))
            high = max(low, min(int(limits.get("max", 3)), 3 if depth < 5 else low))
            key_shape = self.smithy_shape(shape.key, smithy.get("key", {}).get("target"))
            keys = sorted({self.string(shape.key, header, smithy=key_shape) for _ in range(self.rng.randint(low, high))})
            if header:
                keys = sorted({k.lower() for k in keys if k})
            if shape.key.enum:
                # The crate holds a map in key order, an enum's keys in the enum's order.
                keys.sort(key=shape.key.enum.index)
            value_target = smithy.get("value", {}).get("target")
            return {k: self.value(shape.value, depth + 1, header, target=value_target) for k in keys}
        if kind == "string":
            if shape.serialization.get("jsonvalue") and header:
                # botocore takes a JSON value for such a header (the client, its text).
                return self.document(1, ascii_only=True)
            return self.string(shape, header, member_traits=member_traits, smithy=smithy)
        if kind in ("integer", "long", "byte", "short"):
            low, high = limits.get("min", -1000), limits.get("max", 1000)
            return self.rng.randint(int(low), int(max(low, min(high, low + 2000))))
        if kind in ("float", "double"):
            low, high = limits.get("min", -1000), limits.get("max", 1000)
            return round(self.rng.uniform(low, min(high, low + 2000)), 3)
        if kind == "boolean":
            return self.rng.random() < 0.5
        if kind == "timestamp":
            return self.timestamp()
        if kind == "blob":
            low = int(limits.get("min", 0))
            high = max(low, min(int(limits.get("max", 12)), 12))
            return bytes(self.rng.randrange(256) for _ in range(self.rng.randint(low, high)))
        raise Skip(f"shape {shape.name}: type {kind} is not generated")


# Unicode property classes, which Python's `re` lacks, as a few of their members: the samples
# are drawn from a subset of what the pattern allows.
PROPERTIES = {
    "L": "a-zA-Zéß", "Lu": "A-ZÉ", "Ll": "a-zé", "N": "0-9", "Nd": "0-9", "Z": " ", "Zs": " ",
    "S": "+$", "P": ".,!-", "M": "\u0301", "C": "\u0000-\u001f\u007f-\u009f",
}


OUTSIDE = {"L": "0-9 ", "N": "a-zA-Z ", "Z": "a-zA-Z0-9", "C": "a-zA-Z0-9 ", "S": "a-z0-9",
           "P": "a-z0-9", "M": "a-z0-9"}


def python_pattern(pattern):
    """An ECMAScript pattern in `re`'s syntax, close enough to sample from."""
    # A UTF-16 surrogate pair (`\uD800\uDC00`) is one code point beyond the BMP.
    def pair(match):
        high, low = int(match.group(1), 16), int(match.group(2), 16)
        return "\\U%08X" % (0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))

    pattern = re.sub(r"\\u(D[89AB][0-9A-Fa-f]{2})\\u(D[C-Fc-f][0-9A-Fa-f]{2})", pair, pattern)
    out, i, depth = [], 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and pattern[i + 1 : i + 3] in ("p{", "P{"):
            end = pattern.index("}", i)
            name = pattern[i + 3 : end].split("=")[-1]
            # A few members of the class, or of its complement for `\P{…}`.
            table = OUTSIDE if pattern[i + 1] == "P" else PROPERTIES
            chars = table.get(name, table.get(name[:1], "a-z"))
            out.append(chars if depth else "[" + chars + "]")
            i = end + 1
            # A `-` after a class escape in a class is a hyphen (ECMAScript's Annex B), not
            # a range from the expansion's last character.
            if depth and pattern[i : i + 1] == "-" and pattern[i + 1 : i + 2] != "]":
                out.append("\\-")
                i += 1
            continue
        if c == "\\":
            escaped = pattern[i + 1 : i + 2]
            # Outside a class, `\A` and `\z` (or `\Z`) are the anchors the services mean, as
            # the client reads them; any other letter that is no escape in ECMAScript stands
            # for itself.
            if escaped == "A" and not depth:
                out.append("\\A")
            elif escaped in "zZ" and escaped and not depth:
                out.append("\\Z")
            elif escaped.isalpha() and escaped not in "bBdDwWsSnrtfvcxukpPU":
                out.append(escaped)
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if c == "[":
            depth += 1
        elif c == "]" and depth:
            depth -= 1
        out.append(c)
        i += 1
    return "".join(out)


PRELUDE = {
    f"smithy.api#{name}": name.lower()
    for name in ("String", "Boolean", "Byte", "Short", "Integer", "Long", "Float", "Double",
                 "BigInteger", "BigDecimal", "Timestamp", "Blob", "Document", "Unit",
                 "PrimitiveBoolean", "PrimitiveInteger", "PrimitiveLong", "PrimitiveFloat",
                 "PrimitiveDouble", "PrimitiveByte", "PrimitiveShort")
}


def family(kind, botocore_shape=None):
    """Smithy and botocore type names, grouped so that equal groups hold the same values."""
    kind = (kind or "").lower().replace("primitive", "")
    if botocore_shape is not None and kind == "structure" and botocore_shape.is_document_type:
        return "document"
    return {
        "enum": "string", "intenum": "integer", "byte": "integer", "short": "integer",
        "long": "integer", "float": "float", "double": "float", "set": "list", "union": "structure",
    }.get(kind, kind)


class Skip(Exception):
    """A case this script cannot make."""


def iso8601(value):
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def timestamp_text(value, form):
    form = form.lower()
    if form == "iso8601":
        return iso8601(value)
    if form == "unixtimestamp":
        return str(calendar.timegm(value.timetuple()))
    return email.utils.formatdate(calendar.timegm(value.timetuple()), usegmt=True)


def scalar_text(shape, value, header_timestamps="rfc822"):
    """A value as text in a header, as the restJson1 protocol writes it."""
    kind = shape.type_name
    if kind == "timestamp":
        return timestamp_text(value, shape.serialization.get("timestampFormat", header_timestamps))
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "blob":
        return base64.b64encode(value).decode()
    if kind == "string" and shape.serialization.get("jsonvalue"):
        return base64.b64encode(json.dumps(value, separators=(",", ":")).encode()).decode()
    return str(value)


def header_text(shape, value):
    if shape.type_name == "list":
        items = []
        for item in value:
            text = scalar_text(shape.member, item)
            if shape.member.type_name == "string" and ("," in text or '"' in text):
                text = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
            items.append(text)
        return ", ".join(items)
    return scalar_text(shape, value)


def json_value(shape, value):
    """A value as a restJson1 body holds it."""
    kind = shape.type_name
    if kind == "structure" and shape.is_document_type:
        return value
    if kind == "structure":
        return {
            shape.members[name].serialization.get("name", name): json_value(shape.members[name], item)
            for name, item in value.items()
        }
    if kind == "list":
        return [json_value(shape.member, item) for item in value]
    if kind == "map":
        return {key: json_value(shape.value, item) for key, item in value.items()}
    if kind == "timestamp":
        form = shape.serialization.get("timestampFormat", "unixtimestamp").lower()
        if form == "unixtimestamp":
            return calendar.timegm(value.timetuple())
        return timestamp_text(value, form)
    if kind == "blob":
        return base64.b64encode(value).decode()
    return value


def write_answer(shape, value, status, rng):
    """The status, headers and body of an answer holding `value` of `shape`."""
    headers, body = {}, {}
    payload_name = shape.serialization.get("payload")
    payload = None
    for name, item in value.items():
        member = shape.members[name]
        location = member.serialization.get("location")
        if location == "header":
            headers[member.serialization.get("name", name)] = header_text(member, item)
        elif location == "headers":
            prefix = member.serialization.get("name", "")
            for key, text in item.items():
                headers[prefix + key] = text
        elif location == "statusCode":
            # The member holds the answer's status: a success's (2xx, as any client reads
            # only those as successes) for a success, the error's for an error.
            if status >= 300:
                item = status
            elif not 200 <= item < 300:
                item = 200 + abs(item) % 100
            value[name] = item
            status = item
        elif name == payload_name:
            payload = (member, item)
        else:
            body[name] = item
    if payload is not None:
        member, item = payload
        if member.type_name == "blob":
            data = item
        elif member.type_name == "string":
            data = item.encode()
        else:
            data = json.dumps(json_value(member, item)).encode()
        return status, headers, data
    if payload_name is not None:
        return status, headers, b""
    text = json.dumps(json_value(shape, body)) if body or rng.random() < 0.8 else ""
    return status, headers, text.encode()


def xml_scalar(shape, value):
    """A value as the text of an awsQuery answer's element."""
    kind = shape.type_name
    if kind == "timestamp":
        return timestamp_text(value, shape.serialization.get("timestampFormat", "iso8601"))
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "blob":
        return base64.b64encode(value).decode()
    text = str(value)
    if any((ord(ch) < 0x20 and ch not in "\t\n\r") or ord(ch) in (0xFFFE, 0xFFFF) for ch in text):
        raise Skip(f"{text!r} cannot be held in XML")
    # A carriage return as a reference: XML parsers turn a literal one into a line feed.
    return xml.sax.saxutils.escape(text, {"\r": "&#13;"})


def xml_element(name, shape, value):
    """`value` of `shape` as the element `name`, as an awsQuery service writes it."""
    kind = shape.type_name
    if kind == "structure":
        return f"<{name}>{xml_members(shape, value)}</{name}>"
    if kind == "list":
        item = shape.member.serialization.get("name", "member")
        return f"<{name}>" + "".join(xml_element(item, shape.member, v) for v in value) + f"</{name}>"
    if kind == "map":
        return f"<{name}>" + xml_entries("entry", shape, value) + f"</{name}>"
    return f"<{name}>{xml_scalar(shape, value)}</{name}>"


def xml_entries(name, shape, value):
    key = shape.key.serialization.get("name", "key")
    item = shape.value.serialization.get("name", "value")
    return "".join(
        f"<{name}>{xml_element(key, shape.key, k)}{xml_element(item, shape.value, v)}</{name}>"
        for k, v in value.items()
    )


def xml_members(shape, value):
    out = []
    for name, item in value.items():
        member = shape.members[name]
        tag = member.serialization.get("name", name)
        flattened = member.serialization.get("flattened")
        if member.type_name == "list" and flattened:
            tag = member.member.serialization.get("name", tag)
            out.extend(xml_element(tag, member.member, v) for v in item)
        elif member.type_name == "map" and flattened:
            out.append(xml_entries(tag, member, item))
        else:
            out.append(xml_element(tag, member, item))
    return "".join(out)


def query_answer(operation, value, namespace):
    """An awsQuery success: the output's members under `<{Operation}Result>`."""
    shape = operation.output_shape
    wrapper = (shape.serialization.get("resultWrapper") if shape else None) or f"{operation.name}Result"
    members = xml_members(shape, value) if shape else ""
    body = (
        f'<{operation.name}Response xmlns="{namespace}"><{wrapper}>{members}</{wrapper}>'
        f"<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></{operation.name}Response>"
    )
    return {"Content-Type": "text/xml"}, body.encode()


def query_error(error, value, code, namespace):
    """An awsQuery error: `<ErrorResponse><Error>` with the type, the code and the members."""
    names = {error.members[n].serialization.get("name", n) for n in value}
    fields = "" if "Type" in names else "<Type>Sender</Type>"
    fields += "" if "Code" in names else f"<Code>{xml.sax.saxutils.escape(code)}</Code>"
    body = (
        f'<ErrorResponse xmlns="{namespace}"><Error>{fields}{xml_members(error, value)}</Error>'
        "<RequestId>req-1</RequestId></ErrorResponse>"
    )
    return {"Content-Type": "text/xml"}, body.encode()


class Raw:
    def __init__(self, data):
        self.data = data

    def stream(self, **_):
        yield self.data

    def read(self, amt=None):
        data, self.data = (self.data, b"") if amt is None else (self.data[:amt], self.data[amt:])
        return data


def plain(value):
    """A parsed or given value in the JSON this script writes."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return round(value.timestamp() * 1_000_000)
    if isinstance(value, (bytes, bytearray)):
        return list(value)
    if hasattr(value, "read"):
        # A blob payload, which botocore hands over as a stream.
        return list(value.read())
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


LOCATIONS = {"smithy.api#httpLabel": "uri", "smithy.api#httpQuery": "querystring",
             "smithy.api#httpQueryParams": "querystring", "smithy.api#httpHeader": "header",
             "smithy.api#httpPrefixHeaders": "headers"}


def differing_copy(operation, smithy):
    """Why botocore's copy of an operation would send other bytes than the Smithy model's for
    the same parameters, whatever the client does: another URI (a base path moved between the
    URI and the endpoint), an idempotency token or a body member the Smithy model lacks, or a
    member bound elsewhere. `None` when the two agree."""
    op = smithy.get(operation.name, {})
    binding = op.get("traits", {}).get("smithy.api#http")
    if binding:
        # A base path moved between the URI and the endpoint (`/v2/routes` with an endpoint
        # without `/v2`): the Smithy URI on botocore's endpoint would be neither model's URL.
        # Other changes of the URI are taken over from the Smithy model (see below).
        shape = lambda uri: re.sub(r"\{[^}]+\}", "{}", uri.split("?", 1)[0])
        ours, theirs = shape(binding["uri"]), shape(operation.http.get("requestUri", ""))
        if ours != theirs and (ours.endswith(theirs) or theirs.endswith(ours)):
            return f"URI {operation.http.get('requestUri')} for {binding['uri']}"
    if operation.input_shape is None:
        return None
    # awsJson and awsQuery have no HTTP bindings: a Smithy model's leftover ones mean nothing.
    json_protocol = getattr(operation.service_model, "resolved_protocol", operation.service_model.protocol) in ("json", "query")
    target = op.get("input", {}).get("target", "")
    known = smithy.get(target.split("#", 1)[-1], {}).get("members", {})
    has_body = any(not set(m.get("traits", {})) & set(LOCATIONS) for m in known.values())
    for name, member in operation.input_shape.members.items():
        location = member.serialization.get("location")
        if name not in known:
            if member.metadata.get("idempotencyToken"):
                return f"an idempotency token {name}"
            if location is None and not has_body and not json_protocol:
                return f"a body member {name}, which makes botocore send a body"
            continue
        if json_protocol:
            continue
        theirs = next((LOCATIONS[t] for t in known[name].get("traits", {}) if t in LOCATIONS), None)
        if theirs != location:
            return f"{name} in the {location or 'body'} instead of the {theirs or 'body'}"
    return None


def service_named(session, sdk_id, hints):
    names = session.get_available_services()
    # The likely names first: loading every model of botocore takes seconds.
    likely = [n for n in names if n in hints] + [n for n in names if n not in hints]
    for name in likely:
        model = session.get_service_model(name)
        if model.metadata.get("serviceId") == sdk_id:
            return name
    return None


def main():
    model_path, per_operation, seed, operations = sys.argv[1:5]
    with open(model_path, encoding="utf-8") as file:
        shapes = json.load(file)["shapes"]
    smithy = {sid.split("#", 1)[1]: shape for sid, shape in shapes.items()}
    sdk_id = next(
        s["traits"]["aws.api#service"]["sdkId"]
        for s in shapes.values()
        if s.get("type") == "service" and "aws.api#service" in s.get("traits", {})
    )
    session = botocore.session.get_session()
    service_trait = next(
        s["traits"]["aws.api#service"] for s in shapes.values() if s.get("type") == "service"
    )
    hints = {
        sdk_id.lower().replace(" ", "-"),
        sdk_id.lower().replace(" ", ""),
        service_trait.get("endpointPrefix", ""),
        service_trait.get("arnNamespace", ""),
        model_path.rsplit("/", 1)[-1].rsplit("-", 3)[0],
    }
    service = service_named(session, sdk_id, hints)
    if service is None:
        json.dump({"service": None, "cases": [], "skipped": [f"botocore has no service {sdk_id!r}"]}, sys.stdout)
        print(f"made 0 cases, skipped 1: botocore has no service {sdk_id!r}", file=sys.stderr)
        return
    config = botocore.config.Config(
        retries={"total_max_attempts": 1},
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
    )
    client = session.create_client(
        service,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        aws_session_token=TOKEN,
        config=config,
    )
    client.meta.events.unregister("request-created", botocore.handlers.add_retry_headers)
    model = client.meta.service_model
    namespace = model.metadata.get("xmlNamespace", "https://example.com/doc/")

    exchange = {}

    def answer(request, **_):
        exchange["request"] = request
        status, headers, body = exchange["answer"]
        return AWSResponse(request.url, status, headers, Raw(body))

    client.meta.events.register("before-send", answer)

    cases, skipped = [], []
    for operation_name in operations.split(","):
        if operation_name not in model.operation_names:
            skipped.append(f"{operation_name}: not in botocore's model of {service}")
            continue
        operation = model.operation_model(operation_name)
        reason = differing_copy(operation, smithy)
        if reason:
            skipped.append(f"{operation_name}: botocore's copy of the model differs: {reason}")
            continue
        # The HTTP binding of the model the client was generated from (botocore's copy of the
        # service's model may be of another date).
        binding = smithy.get(operation_name, {}).get("traits", {}).get("smithy.api#http")
        protocol = getattr(model, "resolved_protocol", model.protocol)
        if binding and protocol not in ("json", "query"):
            # Labels name members in Smithy, their `locationName` in botocore.
            def label(match):
                name, greedy = match.group(1), match.group(2)
                member = operation.input_shape.members.get(name) if operation.input_shape else None
                wire = member.serialization.get("name", name) if member is not None else name
                return "{" + wire + greedy + "}"

            operation.http["requestUri"] = re.sub(r"\{([^}+]+)(\+?)\}", label, binding["uri"])
            operation.http["method"] = binding["method"]
        rng = random.Random(f"{seed}/{operation_name}")
        generator = Generator(rng, smithy)
        for number in range(int(per_operation)):
            try:
                smithy_op = smithy.get(operation_name, {})
                params = (
                    generator.value(operation.input_shape, target=smithy_op.get("input", {}).get("target"))
                    if operation.input_shape
                    else {}
                )
                # The errors the Smithy model gives the operation, and the service's.
                service_shape = next(v for v in shapes.values() if v.get("type") == "service")
                allowed = {
                    t["target"].split("#", 1)[-1]
                    for t in smithy.get(operation_name, {}).get("errors", []) + service_shape.get("errors", [])
                }
                errors = [e for e in operation.error_shapes if e.name in allowed]
                if errors and rng.random() < 0.35:
                    error = rng.choice(errors)
                    value = generator.value(error)
                    code = error.metadata.get("error", {}).get("code", error.name)
                    # A member the service names the error in holds the error's code.
                    for name in ("code", "Code"):
                        if name in value and error.members[name].type_name == "string":
                            value[name] = code
                    status = error.metadata.get("error", {}).get("httpStatusCode", 400)
                    if protocol == "query":
                        headers, body = query_error(error, value, code, namespace)
                        typed = None
                    else:
                        status, headers, body = write_answer(error, value, status, rng)
                    # botocore reads a 5xx answer with no body as a generic error named by its
                    # status, whatever its headers say; this client reads the headers. Answers
                    # here have a body, so both read the same.
                    if not body and status >= 500 and error.serialization.get("payload") is None:
                        body = b"{}"
                    form = rng.randrange(3)
                    if protocol == "query":
                        pass
                    elif protocol == "json":
                        # awsJson names the error in the body's `__type`, in one of its forms;
                        # an awsQuery-compatible service always adds its awsQuery code in a
                        # header, which names the error for botocore (without it, botocore
                        # finds the class but not the fields of such a service's errors).
                        fields = json.loads(body) if body.startswith(b"{") else {}
                        fields["__type"] = [
                            error.name,
                            f"aws.example#{error.name}",
                            f"aws.example#{error.name}:http://internal.amazon.com/",
                        ][form]
                        body = json.dumps(fields).encode()
                        if model.metadata.get("awsQueryCompatible") is not None:
                            headers["x-amzn-query-error"] = f"{code};Sender"
                        typed = ["skip the restJson1 forms"]
                    else:
                        # A member bound to the error type header holds what the service sends there.
                        typed = [k for k in headers if k.lower() == "x-amzn-errortype"]
                    for key in typed or []:
                        if key in headers:
                            headers[key] = code
                    if typed or protocol == "query":
                        pass
                    elif form == 0 or not body.startswith(b"{"):
                        headers["x-amzn-errortype"] = f"{code}:http://internal.amazon.com/"
                    else:
                        fields = json.loads(body)
                        fields["__type" if form == 1 else "code"] = f"aws.example#{code}" if form == 1 else code
                        body = json.dumps(fields).encode()
                else:
                    output_target = smithy_op.get("output", {}).get("target")
                    value = generator.value(operation.output_shape, target=output_target) if operation.output_shape else {}
                    # A structure or union payload is always sent: an empty body, which this
                    # client reads as no payload and botocore as an empty one, is one of the
                    # README's deliberate differences.
                    payload = operation.output_shape.serialization.get("payload") if operation.output_shape else None
                    if payload and payload not in value and operation.output_shape.members[payload].type_name == "structure":
                        output_shape = generator.smithy_shape(operation.output_shape, output_target)
                        value[payload] = generator.value(
                            operation.output_shape.members[payload],
                            1,
                            target=output_shape.get("members", {}).get(payload, {}).get("target"),
                        )
                    status = operation.http.get("responseCode", 200)
                    if protocol == "query":
                        headers, body = query_answer(operation, value, namespace)
                    elif operation.output_shape:
                        status, headers, body = write_answer(operation.output_shape, value, status, rng)
                    else:
                        headers, body = {}, b""
            except Skip as reason:
                skipped.append(f"{operation_name} case {number}: {reason}")
                continue
            exchange.clear()
            exchange["answer"] = (status, headers, body)
            with mock.patch("botocore.auth.get_current_datetime", return_value=MOMENT):
                failed = False
                try:
                    parsed = getattr(client, botocore.xform_name(operation_name))(**params)
                except botocore.exceptions.ClientError as e:
                    parsed, failed = e.response, True
                    # The modeled error botocore picked, by its shape's name (an
                    # awsQuery-compatible service's code may be its awsQuery code); the code
                    # of an error the model does not describe.
                    picked = type(e).__name__
                    if picked == "ClientError":
                        picked = e.response.get("Error", {}).get("Code")
                except botocore.exceptions.ParamValidationError as e:
                    skipped.append(f"{operation_name} case {number}: botocore refuses the parameters: {e}")
                    continue
                except (botocore.exceptions.EndpointResolutionError, botocore.exceptions.UnknownSignatureVersionError,
                        botocore.exceptions.UnsupportedSignatureVersionError, botocore.exceptions.MissingDependencyException) as e:
                    # No request to compare: the endpoint rules refuse the values, or the endpoint
                    # needs a signature this botocore cannot make (SigV4a without awscrt).
                    skipped.append(f"{operation_name} case {number}: botocore sends nothing: {e}")
                    continue
            request = exchange.get("request")
            if request is None:
                skipped.append(f"{operation_name} case {number}: botocore sent nothing")
                continue
            parsed.pop("ResponseMetadata", None)
            # An output may have a member named `Error`; only an error answer's is botocore's.
            error = parsed.pop("Error", None) if failed else None
            sent = request.body
            if sent is None:
                sent = b""
            elif isinstance(sent, str):
                sent = sent.encode()
            elif not isinstance(sent, (bytes, bytearray)):
                sent = sent.read()
            cases.append(
                {
                    "operation": operation_name,
                    "params": plain(params),
                    "method": request.method,
                    "url": request.url,
                    "headers": {
                        k.lower(): v.decode() if isinstance(v, bytes) else v
                        for k, v in request.headers.items()
                        if k.lower() != "user-agent"
                    },
                    "body": list(sent),
                    "status": status,
                    "answer_headers": headers,
                    "answer_body": list(body),
                    "parsed": plain(parsed),
                    "error": None if error is None else picked,
                }
            )
    json.dump({"service": service, "cases": cases, "skipped": skipped}, sys.stdout)
    reasons = "".join("; " + " ".join(s.split()) for s in skipped[:5])
    print(f"made {len(cases)} cases of {service}, skipped {len(skipped)}{reasons}", file=sys.stderr)


if __name__ == "__main__":
    main()
