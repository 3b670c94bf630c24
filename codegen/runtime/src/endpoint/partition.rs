//! The AWS partitions, for the `aws.partition` function of the endpoint rules: the partition a
//! region belongs to, with the DNS suffixes and capabilities that endpoint URLs are built from.
//!
//! The facts are those of botocore's `botocore/data/partitions.json` (version 1.1, as shipped
//! with botocore 1.44.8). A region that a partition lists belongs to it; any other region belongs
//! to the first partition, in the file's order, whose `regionRegex` it matches; a region that
//! matches none belongs to `aws`, as the rules engine specifies.

/// An AWS partition: a group of regions with their own DNS names and capabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    /// The partition's name, e.g. `aws-cn` (`getAttr` path `name`).
    pub name: &'static str,
    /// The DNS suffix of the partition's endpoints, e.g. `amazonaws.com` (`dnsSuffix`).
    pub dns_suffix: &'static str,
    /// The DNS suffix of its dual-stack (IPv4 and IPv6) endpoints, e.g. `api.aws`
    /// (`dualStackDnsSuffix`).
    pub dual_stack_dns_suffix: &'static str,
    /// Whether the partition has FIPS endpoints (`supportsFIPS`).
    pub supports_fips: bool,
    /// Whether the partition has dual-stack endpoints (`supportsDualStack`).
    pub supports_dual_stack: bool,
    /// The region that serves the partition's global endpoints, e.g. `us-east-1`
    /// (`implicitGlobalRegion`).
    pub implicit_global_region: &'static str,
}

/// The partition of `region`: the partition that lists it, else the first whose region pattern
/// it matches, else `aws`.
pub fn partition(region: &str) -> Partition {
    PARTITIONS
        .iter()
        .find(|entry| entry.regions.contains(&region))
        .or_else(|| PARTITIONS.iter().find(|entry| (entry.matches)(region)))
        .map_or(AWS, |entry| entry.partition)
}

/// A partition with the regions it lists and the pattern of the others.
struct Entry {
    partition: Partition,
    /// The regions listed in `partitions.json`, which belong to the partition whatever their name.
    regions: &'static [&'static str],
    /// The partition's `regionRegex`.
    matches: fn(&str) -> bool,
}

/// Every partition, in the order of `partitions.json`.
const PARTITIONS: [Entry; 8] = [
    Entry {
        partition: AWS,
        regions: &[
            "af-south-1",
            "ap-east-1",
            "ap-east-2",
            "ap-northeast-1",
            "ap-northeast-2",
            "ap-northeast-3",
            "ap-south-1",
            "ap-south-2",
            "ap-southeast-1",
            "ap-southeast-2",
            "ap-southeast-3",
            "ap-southeast-4",
            "ap-southeast-5",
            "ap-southeast-6",
            "ap-southeast-7",
            "aws-global",
            "ca-central-1",
            "ca-west-1",
            "eu-central-1",
            "eu-central-2",
            "eu-north-1",
            "eu-south-1",
            "eu-south-2",
            "eu-west-1",
            "eu-west-2",
            "eu-west-3",
            "il-central-1",
            "me-central-1",
            "me-south-1",
            "me-west-1",
            "mx-central-1",
            "sa-east-1",
            "sa-west-1",
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
        ],
        matches: is_aws_region,
    },
    Entry {
        partition: Partition {
            name: "aws-cn",
            dns_suffix: "amazonaws.com.cn",
            dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "cn-northwest-1",
        },
        regions: &["aws-cn-global", "cn-north-1", "cn-northwest-1"],
        matches: is_aws_cn_region,
    },
    Entry {
        partition: Partition {
            name: "aws-eusc",
            dns_suffix: "amazonaws.eu",
            dual_stack_dns_suffix: "api.amazonwebservices.eu",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "eusc-de-east-1",
        },
        regions: &["eusc-de-east-1"],
        matches: is_aws_eusc_region,
    },
    Entry {
        partition: Partition {
            name: "aws-iso",
            dns_suffix: "c2s.ic.gov",
            dual_stack_dns_suffix: "api.aws.ic.gov",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-iso-east-1",
        },
        regions: &["aws-iso-global", "us-iso-east-1", "us-iso-west-1"],
        matches: is_aws_iso_region,
    },
    Entry {
        partition: Partition {
            name: "aws-iso-b",
            dns_suffix: "sc2s.sgov.gov",
            dual_stack_dns_suffix: "api.aws.scloud",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-isob-east-1",
        },
        regions: &["aws-iso-b-global", "us-isob-east-1", "us-isob-west-1"],
        matches: is_aws_iso_b_region,
    },
    Entry {
        partition: Partition {
            name: "aws-iso-e",
            dns_suffix: "cloud.adc-e.uk",
            dual_stack_dns_suffix: "api.cloud-aws.adc-e.uk",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "eu-isoe-west-1",
        },
        regions: &["aws-iso-e-global", "eu-isoe-west-1"],
        matches: is_aws_iso_e_region,
    },
    Entry {
        partition: Partition {
            name: "aws-iso-f",
            dns_suffix: "csp.hci.ic.gov",
            dual_stack_dns_suffix: "api.aws.hci.ic.gov",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-isof-south-1",
        },
        regions: &["aws-iso-f-global", "us-isof-east-1", "us-isof-south-1"],
        matches: is_aws_iso_f_region,
    },
    Entry {
        partition: Partition {
            name: "aws-us-gov",
            dns_suffix: "amazonaws.com",
            dual_stack_dns_suffix: "api.aws",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-gov-west-1",
        },
        regions: &["aws-us-gov-global", "us-gov-east-1", "us-gov-west-1"],
        matches: is_aws_us_gov_region,
    },
];

/// The `aws` partition, which is also the partition of regions no partition claims.
const AWS: Partition = Partition {
    name: "aws",
    dns_suffix: "amazonaws.com",
    dual_stack_dns_suffix: "api.aws",
    supports_fips: true,
    supports_dual_stack: true,
    implicit_global_region: "us-east-1",
};

/// `aws`: `^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$`.
fn is_aws_region(region: &str) -> bool {
    is_region_of(
        region,
        &["us", "eu", "ap", "sa", "ca", "me", "af", "il", "mx"],
    )
}

/// `aws-cn`: `^cn\-\w+\-\d+$`.
fn is_aws_cn_region(region: &str) -> bool {
    is_region_of(region, &["cn"])
}

/// `aws-eusc`: `^eusc\-(de)\-\w+\-\d+$`.
fn is_aws_eusc_region(region: &str) -> bool {
    is_region_of(region, &["eusc-de"])
}

/// `aws-iso`: `^us\-iso\-\w+\-\d+$`.
fn is_aws_iso_region(region: &str) -> bool {
    is_region_of(region, &["us-iso"])
}

/// `aws-iso-b`: `^us\-isob\-\w+\-\d+$`.
fn is_aws_iso_b_region(region: &str) -> bool {
    is_region_of(region, &["us-isob"])
}

/// `aws-iso-e`: `^eu\-isoe\-\w+\-\d+$`.
fn is_aws_iso_e_region(region: &str) -> bool {
    is_region_of(region, &["eu-isoe"])
}

/// `aws-iso-f`: `^us\-isof\-\w+\-\d+$`.
fn is_aws_iso_f_region(region: &str) -> bool {
    is_region_of(region, &["us-isof"])
}

/// `aws-us-gov`: `^us\-gov\-\w+\-\d+$`.
fn is_aws_us_gov_region(region: &str) -> bool {
    is_region_of(region, &["us-gov"])
}

/// Whether `region` matches `^<prefix>\-\w+\-\d+$` for one of `prefixes`: one of them, a `-`,
/// a word (one or more ASCII letters, digits or `_`, as `\w+`), a `-` and a number (one or more
/// ASCII digits, as `\d+`), and nothing else. Neither the word nor the number holds a `-`, so
/// the first `-` after the prefix's ends the word.
fn is_region_of(region: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|prefix| {
        let Some(rest) = region
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_prefix('-'))
        else {
            return false;
        };
        let Some((word, number)) = rest.split_once('-') else {
            return false;
        };
        !word.is_empty()
            && word.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
            && !number.is_empty()
            && number.bytes().all(|b| b.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The name and DNS suffixes of `region`'s partition.
    fn names(region: &str) -> (&'static str, &'static str, &'static str) {
        let p = partition(region);
        (p.name, p.dns_suffix, p.dual_stack_dns_suffix)
    }

    #[test]
    fn aws() {
        assert_eq!(partition("us-east-1"), AWS);
        assert_eq!(partition("aws-global"), AWS);
        assert_eq!(partition("mx-central-1"), AWS);
        // Not listed, but of the partition's pattern.
        assert_eq!(partition("eu-west-9"), AWS);
        assert_eq!(partition("us-west_2-10"), AWS);
        let p = partition("ap-southeast-7");
        assert!(p.supports_fips && p.supports_dual_stack);
        assert_eq!(p.implicit_global_region, "us-east-1");
    }

    #[test]
    fn aws_cn() {
        let expected = ("aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn");
        assert_eq!(names("cn-north-1"), expected);
        assert_eq!(names("aws-cn-global"), expected);
        assert_eq!(names("cn-south-3"), expected);
        assert_eq!(
            partition("cn-northwest-1").implicit_global_region,
            "cn-northwest-1"
        );
    }

    #[test]
    fn aws_eusc() {
        let expected = ("aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu");
        assert_eq!(names("eusc-de-east-1"), expected);
        assert_eq!(names("eusc-de-west-2"), expected);
        // The pattern names only Germany.
        assert_eq!(names("eusc-fr-east-1").0, "aws");
    }

    #[test]
    fn aws_iso() {
        let expected = ("aws-iso", "c2s.ic.gov", "api.aws.ic.gov");
        assert_eq!(names("us-iso-east-1"), expected);
        assert_eq!(names("aws-iso-global"), expected);
        assert_eq!(names("us-iso-south-4"), expected);
    }

    #[test]
    fn aws_iso_b() {
        let expected = ("aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud");
        assert_eq!(names("us-isob-east-1"), expected);
        assert_eq!(names("aws-iso-b-global"), expected);
        assert_eq!(names("us-isob-north-2"), expected);
    }

    #[test]
    fn aws_iso_e() {
        let expected = ("aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk");
        assert_eq!(names("eu-isoe-west-1"), expected);
        assert_eq!(names("aws-iso-e-global"), expected);
        assert_eq!(names("eu-isoe-north-3"), expected);
    }

    #[test]
    fn aws_iso_f() {
        let expected = ("aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov");
        assert_eq!(names("us-isof-south-1"), expected);
        assert_eq!(names("aws-iso-f-global"), expected);
        assert_eq!(names("us-isof-west-5"), expected);
    }

    #[test]
    fn aws_us_gov() {
        let expected = ("aws-us-gov", "amazonaws.com", "api.aws");
        assert_eq!(names("us-gov-west-1"), expected);
        assert_eq!(names("aws-us-gov-global"), expected);
        // `us-` would be `aws`, but `\w+` holds no `-`, so only the GovCloud pattern matches.
        assert_eq!(names("us-gov-north-7"), expected);
        assert_eq!(
            partition("us-gov-east-1").implicit_global_region,
            "us-gov-west-1"
        );
    }

    #[test]
    fn unknown_regions_fall_back_to_aws() {
        for region in [
            "",
            "mars-east-1",
            "US-EAST-1",
            "us-east-1a",
            "us-east",
            "aws-mars-global",
        ] {
            assert_eq!(partition(region), AWS, "{region}");
        }
    }

    #[test]
    fn region_patterns() {
        assert!(is_aws_region("il-central-12"));
        assert!(!is_aws_region("us-gov-west-1"));
        assert!(!is_aws_region("us-iso-east-1"));
        assert!(!is_aws_region("us--1"));
        assert!(!is_aws_region("us-east-"));
        assert!(!is_aws_region("us-east-1-"));
        assert!(!is_aws_region("us-east-x1"));
        assert!(!is_aws_region("uk-east-1"));
        assert!(!is_aws_region("xus-east-1"));
        assert!(!is_aws_region("us-e.st-1"));
        assert!(is_aws_cn_region("cn-north-1"));
        assert!(!is_aws_cn_region("cn-north-1b"));
        assert!(is_aws_eusc_region("eusc-de-east-1"));
        assert!(!is_aws_eusc_region("eusc-east-1"));
        assert!(is_aws_iso_region("us-iso-west-1"));
        assert!(!is_aws_iso_region("us-isob-west-1"));
        assert!(is_aws_iso_b_region("us-isob-west-1"));
        assert!(is_aws_iso_e_region("eu-isoe-west-1"));
        assert!(!is_aws_iso_e_region("eu-west-1"));
        assert!(is_aws_iso_f_region("us-isof-east-1"));
        assert!(is_aws_us_gov_region("us-gov-east-1"));
        assert!(!is_aws_us_gov_region("us-gov-east"));
    }
}
