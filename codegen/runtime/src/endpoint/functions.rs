//! The functions of the rules engine's library that take apart ARNs, URLs and strings:
//! `aws.parseArn`, `parseURL`, `substring`, `uriEncode` and `aws.isVirtualHostableS3Bucket`.
//! Each returns what the Smithy rules specification says, and `None` where it says the
//! function has no value (a condition that calls it does not hold).

use std::net::Ipv6Addr;

/// An ARN taken apart by [`parse_arn`]: `arn:{partition}:{service}:{region}:{account_id}:{resource}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn {
    /// The partition (`aws`).
    pub partition: String,
    /// The service (`dynamodb`).
    pub service: String,
    /// The region, which may be empty.
    pub region: String,
    /// The account, which may be empty.
    pub account_id: String,
    /// The resource split at every `:` and `/` (`table/t` is `["table", "t"]`).
    pub resource_id: Vec<String>,
}

/// `aws.parseArn`: the parts of an ARN, or `None` when `value` is not one (fewer than six
/// `:`-separated parts, or an empty partition, service or resource).
pub fn parse_arn(value: &str) -> Option<Arn> {
    let mut parts = value.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    let partition = parts.next()?;
    let service = parts.next()?;
    let region = parts.next()?;
    let account_id = parts.next()?;
    let resource = parts.next()?;
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition: partition.to_owned(),
        service: service.to_owned(),
        region: region.to_owned(),
        account_id: account_id.to_owned(),
        resource_id: resource.split([':', '/']).map(ToOwned::to_owned).collect(),
    })
}

/// A URL taken apart by [`parse_url`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    /// `http` or `https`.
    pub scheme: String,
    /// The host and port as written (`example.com:8443`).
    pub authority: String,
    /// The path as written, empty when there is none.
    pub path: String,
    /// The path ending with `/` (`/` when there is none).
    pub normalized_path: String,
    /// Whether the host is an IPv4 address or a bracketed IPv6 address.
    pub is_ip: bool,
}

/// `parseURL`, as botocore reads a URL (Python's `urlparse`): the parts of an `http` or
/// `https` URL, or `None` for another scheme, a non-empty query, or a port that is not a
/// number up to 65535. The fragment is dropped. The normalized path has its `.` and `..`
/// segments and repeated slashes removed, is percent-encoded, and ends with `/`.
///
/// Written here rather than with a URL crate: `http::Uri` and `url` both reject or rewrite
/// URLs that botocore takes as they are (`99_ab-.com`, a userinfo), and the rules compare the
/// parts byte for byte with botocore's.
pub fn parse_url(value: &str) -> Option<Url> {
    let (scheme, rest) = value.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let rest = match rest.split_once('?') {
        Some((before, "")) => before,
        Some(_) => return None,
        None => rest,
    };
    let (authority, path) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = match host_port.strip_prefix('[') {
        Some(v6) => {
            let (host, after) = v6.split_once(']')?;
            (host, after.strip_prefix(':'))
        }
        None => match host_port.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        },
    };
    if let Some(port) = port.filter(|p| !p.is_empty())
        && !(port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok())
    {
        return None;
    }
    let is_ip = if host_port.starts_with('[') {
        host.parse::<Ipv6Addr>().is_ok()
    } else {
        looks_like_ipv4(host)
    };
    // The path is empty or starts with `/`: its dot segments and repeated slashes are
    // removed as SigV4 normalizes paths, which is what botocore does here too.
    let mut normalized_path = crate::sigv4::uri_encode(&crate::sigv4::normalized_path(path), true);
    if !normalized_path.ends_with('/') {
        normalized_path.push('/');
    }
    Some(Url {
        scheme,
        authority: authority.to_owned(),
        path: path.to_owned(),
        normalized_path,
        is_ip,
    })
}

/// `substring`: the ASCII characters `start..stop` of `value`, counted from its end when
/// `reverse`; `None` when `start >= stop`, `value` is shorter than `stop` or is not ASCII.
pub fn substring(value: &str, start: usize, stop: usize, reverse: bool) -> Option<String> {
    if start >= stop || value.len() < stop || !value.is_ascii() {
        return None;
    }
    let (from, to) = if reverse {
        (value.len() - stop, value.len() - start)
    } else {
        (start, stop)
    };
    Some(value[from..to].to_owned())
}

/// `uriEncode`: `value` with every byte but the unreserved characters (`A-Z a-z 0-9 - _ . ~`)
/// percent-encoded in upper case.
pub fn uri_encode(value: &str) -> String {
    crate::sigv4::uri_encode(value, false)
}

/// `aws.isVirtualHostableS3Bucket`: whether a bucket name can be the first label of an S3
/// host: at least 3 characters, no upper-case letter, not shaped like an IPv4 address, and a
/// valid host label (labels joined by dots, with `allow_subdomains`).
pub fn is_virtual_hostable_s3_bucket(value: &str, allow_subdomains: bool) -> bool {
    value.len() >= 3
        && !value.bytes().any(|b| b.is_ascii_uppercase())
        && !looks_like_ipv4(value)
        && super::is_valid_host_label(value, allow_subdomains)
}

/// Four dot-separated runs of one to three digits, as botocore tells an IPv4 address
/// (`999.1.1.1` too).
fn looks_like_ipv4(value: &str) -> bool {
    let parts: Vec<&str> = value.split('.').collect();
    parts.len() == 4
        && parts
            .iter()
            .all(|p| (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns() {
        let arn = parse_arn("arn:aws:s3:us-east-1:123456789012:resource-id/resource-1:resource-2")
            .unwrap();
        assert_eq!(
            arn,
            Arn {
                partition: "aws".into(),
                service: "s3".into(),
                region: "us-east-1".into(),
                account_id: "123456789012".into(),
                resource_id: vec![
                    "resource-id".into(),
                    "resource-1".into(),
                    "resource-2".into()
                ],
            }
        );
        assert_eq!(
            parse_arn("arn:aws:s3:us-east-2:012345678:outpost::")
                .unwrap()
                .resource_id,
            ["outpost", "", ""]
        );
        assert_eq!(parse_arn("arn:aws:s3::123:r").unwrap().region, "");
        for bad in [
            "asdf",
            "arn:aws:s3:us-west-2:123456789012:",
            "arn:aws::us-west-2:123456789012:resource-id",
            "arn::s3:us-west-2:123456789012:resource-id",
            "nra:aws:s3:us-west-2:123456789012:r",
            "arn:aws:s3:us-west-2",
        ] {
            assert_eq!(parse_arn(bad), None, "{bad}");
        }
    }

    #[test]
    fn urls() {
        let url = |s: &str| parse_url(s).unwrap();
        let u = url("https://authority.com/custom-path");
        assert_eq!(
            (u.scheme.as_str(), u.authority.as_str(), u.path.as_str()),
            ("https", "authority.com", "/custom-path")
        );
        assert_eq!(u.normalized_path, "/custom-path/");
        assert!(!u.is_ip);
        assert_eq!(
            (
                url("https://authority.com").path,
                url("https://authority.com").normalized_path
            ),
            (String::new(), "/".to_owned())
        );
        assert_eq!(url("https://authority.com/").normalized_path, "/");
        assert_eq!(
            url("http://authority.com:8000/port").authority,
            "authority.com:8000"
        );
        assert_eq!(url("http://99_ab-.com").authority, "99_ab-.com");
        let ip = url("http://192.168.1.1:1234/foo/");
        assert!(ip.is_ip);
        assert_eq!(ip.normalized_path, "/foo/");
        let v6 = url("https://[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443");
        assert!(v6.is_ip);
        assert_eq!(v6.authority, "[2001:db8:85a3:8d3:1319:8a2e:370:7348]:443");
        assert!(!url("https://999.999.abc.blah").is_ip);
        let odd = url("https://a.com/x//y/./z/../w%20v?#frag");
        assert_eq!(
            (odd.path.as_str(), odd.normalized_path.as_str()),
            ("/x//y/./z/../w%20v", "/x/y/w%2520v/")
        );
        for bad in [
            "acbd://example.com",
            "http://abc.com:a/foo",
            "https://example.com/path?query1=foo",
            "http://a.com:99999",
            "example.com",
        ] {
            assert_eq!(parse_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn substrings() {
        assert_eq!(substring("abcdefg", 0, 4, false).as_deref(), Some("abcd"));
        assert_eq!(substring("abcdefg", 0, 4, true).as_deref(), Some("defg"));
        assert_eq!(substring("abcdefg", 1, 7, true).as_deref(), Some("abcdef"));
        assert_eq!(substring("abcdefg", 4, 4, false), None);
        assert_eq!(substring("abc", 0, 4, false), None);
        assert_eq!(substring("abcdef\u{1f639}", 0, 4, false), None);
    }

    #[test]
    fn uri_encoding() {
        assert_eq!(
            uri_encode("/:,?#[]{}|@! $&'()*+;=%<>\"^`\\"),
            "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C"
        );
        assert_eq!(
            uri_encode("0123456789.underscore_dash-Tilda~"),
            "0123456789.underscore_dash-Tilda~"
        );
        assert_eq!(uri_encode("\u{1f639}"), "%F0%9F%98%B9");
    }

    #[test]
    fn virtual_hostable_buckets() {
        for good in [
            "bucket-name",
            "bucket-with-number-1",
            "bucket--with-multiple-dash",
        ] {
            assert!(is_virtual_hostable_s3_bucket(good, false), "{good}");
        }
        for dotted in ["bucket.name", "bucket.name.multiple.dots1"] {
            assert!(!is_virtual_hostable_s3_bucket(dotted, false), "{dotted}");
            assert!(is_virtual_hostable_s3_bucket(dotted, true), "{dotted}");
        }
        for bad in [
            "BucketName",
            "bucket_name",
            "-bucket-name",
            "bucket-name-",
            "aa",
            &"a".repeat(64),
            ".bucket-name",
            "bucket-name.",
            "192.168.5.4",
            "bucket-.name",
            "bucket.-name",
            "bucket..name",
        ] {
            assert!(!is_virtual_hostable_s3_bucket(bad, true), "{bad}");
        }
    }
}
