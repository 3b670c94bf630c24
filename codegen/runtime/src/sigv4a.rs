//! SigV4a: the asymmetric form of SigV4, for endpoints that take requests for a set of regions
//! (multi-region endpoints). The canonical request is SigV4's with `X-Amz-Region-Set` signed
//! too; the string to sign has no region in its scope; the signature is ECDSA P-256 over SHA-256,
//! DER-encoded, with a key derived from the secret key as the AWS SDKs derive it (NIST SP 800-108
//! in counter mode, HMAC-SHA256).
//!
//! The curve arithmetic comes from RustCrypto's `p256`: `ring`, which the rest of the signer
//! uses, signs with P-256 but cannot make a key pair from a derived scalar. Only crates whose
//! endpoint rules ask for SigV4a turn on the `sigv4a` feature that brings it in.

use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{DerSignature, SigningKey};
use p256::elliptic_curve::Curve as _;
use p256::elliptic_curve::bigint::{Encoding as _, U256};

use crate::credentials::Credentials;
use crate::sigv4::{Scope, Signable, Signature, amz_date, canonical_request, hmac_sha256};

/// The algorithm's name, in the string to sign, the `Authorization` header and the key
/// derivation's label.
const ALGORITHM: &str = "AWS4-ECDSA-P256-SHA256";

/// The private key of SigV4a for these credentials: the first candidate of the derivation that
/// falls below the curve's order minus one, plus one.
fn derive_key(access_key_id: &str, secret_access_key: &str) -> Option<SigningKey> {
    let input_key = format!("AWS4A{secret_access_key}");
    let limit = p256::NistP256::ORDER.wrapping_sub(&U256::from_u8(2));
    let mut fixed_input = Vec::with_capacity(4 + ALGORITHM.len() + 1 + access_key_id.len() + 5);
    for counter in 1..=254u8 {
        fixed_input.clear();
        // i = 1 (one block of output), the label, a zero byte, the context (the access key id
        // and the counter), and the output's length in bits.
        fixed_input.extend_from_slice(&1u32.to_be_bytes());
        fixed_input.extend_from_slice(ALGORITHM.as_bytes());
        fixed_input.push(0);
        fixed_input.extend_from_slice(access_key_id.as_bytes());
        fixed_input.push(counter);
        fixed_input.extend_from_slice(&256u32.to_be_bytes());
        let candidate =
            U256::from_be_slice(hmac_sha256(input_key.as_bytes(), &fixed_input).as_ref());
        if candidate <= limit {
            let scalar = candidate.wrapping_add(&U256::ONE);
            return SigningKey::from_slice(&scalar.to_be_bytes()).ok();
        }
    }
    None
}

/// The key of the credentials last signed with: deriving one costs a scalar multiplication,
/// and it only changes with the credentials.
#[derive(Default)]
pub(crate) struct KeyCache(std::sync::Mutex<Option<CachedKey>>);

struct CachedKey {
    access_key_id: String,
    secret_access_key: String,
    key: Option<SigningKey>,
}

impl KeyCache {
    fn key(&self, credentials: &Credentials) -> Option<SigningKey> {
        let mut cached = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(c) = cached.as_ref()
            && c.access_key_id == credentials.access_key_id()
            && c.secret_access_key == credentials.secret_access_key()
        {
            return c.key.clone();
        }
        let key = derive_key(credentials.access_key_id(), credentials.secret_access_key());
        *cached = Some(CachedKey {
            access_key_id: credentials.access_key_id().to_owned(),
            secret_access_key: credentials.secret_access_key().to_owned(),
            key: key.clone(),
        });
        key
    }
}

/// The credential scope: SigV4's without a region.
fn credential_scope(amz_date: &str, service: &str) -> String {
    format!("{}/{service}/aws4_request", &amz_date[..8])
}

/// The string to sign: the algorithm, the time, the scope, and the hash of the canonical
/// request.
fn string_to_sign(canonical: &str, amz_date: &str, service: &str) -> String {
    let mut out = String::with_capacity(128);
    out.push_str(ALGORITHM);
    out.push('\n');
    out.push_str(amz_date);
    out.push('\n');
    out.push_str(&credential_scope(amz_date, service));
    out.push('\n');
    crate::sigv4::push_sha256(canonical.as_bytes(), &mut out);
    out
}

/// Signs a request for `region_set` (the value of `X-Amz-Region-Set`, which the caller sends),
/// with the key from `keys`. `scope.region` is not used: the region set takes its place.
pub(crate) fn sign(
    request: &Signable<'_>,
    credentials: &Credentials,
    region_set: &str,
    scope: &Scope<'_>,
    keys: &KeyCache,
) -> Signature {
    let amz_date = amz_date(scope.time);
    let (canonical, signed_headers) = canonical_request(
        request,
        &amz_date,
        credentials.session_token(),
        Some(region_set),
    );
    let string_to_sign = string_to_sign(&canonical, &amz_date, scope.service);
    let mut authorization = String::with_capacity(320);
    authorization.push_str(ALGORITHM);
    authorization.push_str(" Credential=");
    authorization.push_str(credentials.access_key_id());
    authorization.push('/');
    authorization.push_str(&credential_scope(&amz_date, scope.service));
    authorization.push_str(", SignedHeaders=");
    authorization.push_str(&signed_headers);
    authorization.push_str(", Signature=");
    // A key cannot be derived only for a secret key whose 254 candidates all fall above the
    // curve's order, which has a probability far below 2^-8000; such a request is refused.
    if let Some(key) = keys.key(credentials) {
        let signature: DerSignature = key.sign(string_to_sign.as_bytes());
        crate::sigv4::push_hex(signature.as_bytes(), &mut authorization);
    }
    Signature {
        authorization,
        amz_date,
    }
}

#[cfg(test)]
mod tests {
    use p256::ecdsa::signature::Verifier as _;
    use p256::ecdsa::{Signature as EcdsaSignature, VerifyingKey};

    use super::*;
    use crate::sigv4::tests::{SuiteCase, finish_suite, not_offered};

    /// The public key a case gives (`public-key.json`), as an uncompressed SEC1 point.
    fn public_key(case: &SuiteCase) -> VerifyingKey {
        let json: serde_json::Value = serde_json::from_str(&case.file("public-key.json")).unwrap();
        let hex = format!(
            "04{}{}",
            json["X"].as_str().unwrap(),
            json["Y"].as_str().unwrap()
        );
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        VerifyingKey::from_sec1_bytes(&bytes).unwrap()
    }

    fn unhex(text: &str) -> Vec<u8> {
        let text = text.trim();
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    /// Every case of the SigV4a suite (`../shared/peer-tests/aws-signing-test-suite/v4a`): the
    /// canonical request and string to sign equal the suite's; the key derived from the case's
    /// credentials is the suite's public key; the suite's signature verifies against our string
    /// to sign, and so does ours (ECDSA signatures differ at each signing). A case that asks for
    /// a form this signer does not offer is named with the form.
    #[test]
    fn the_aws_sigv4a_test_suite() {
        let Some(cases) = SuiteCase::all("v4a") else {
            println!("skipped the SigV4a test suite: it is absent");
            return;
        };
        let mut compared = 0;
        let mut skipped = Vec::new();
        let mut failures = Vec::new();
        for case in &cases {
            let name = &case.name;
            if let Some(reason) = not_offered(&case.context, &case.request) {
                skipped.push(format!("{name}: {reason}"));
                continue;
            }
            let region = case.context["region"].as_str().unwrap_or_default();
            let (canonical, _) = case.with_signable(|signable| {
                canonical_request(signable, &case.amz_date, case.token(), Some(region))
            });
            let expected = case.file("header-canonical-request.txt");
            if canonical != expected {
                failures.push(format!(
                    "{name}: canonical request\n{canonical}\n!=\n{expected}"
                ));
                continue;
            }
            let service = case.context["service"].as_str().unwrap_or_default();
            let to_sign = string_to_sign(&canonical, &case.amz_date, service);
            let expected = case.file("header-string-to-sign.txt");
            if to_sign != expected {
                failures.push(format!("{name}: string to sign\n{to_sign}\n!=\n{expected}"));
                continue;
            }
            let credentials = case.credentials().unwrap();
            let public = public_key(case);
            let key =
                derive_key(credentials.access_key_id(), credentials.secret_access_key()).unwrap();
            if *key.verifying_key() != public {
                failures.push(format!("{name}: the derived key is not the suite's"));
                continue;
            }
            let theirs =
                EcdsaSignature::from_der(&unhex(&case.file("header-signature.txt"))).unwrap();
            if public.verify(to_sign.as_bytes(), &theirs).is_err() {
                failures.push(format!("{name}: the suite's signature does not verify"));
                continue;
            }
            let signature = case.with_signable(|signable| {
                sign(
                    signable,
                    &credentials,
                    region,
                    &case.scope(),
                    &KeyCache::default(),
                )
            });
            let (head, ours) = signature.authorization.split_once(", Signature=").unwrap();
            let expected_head = case
                .authorization()
                .split_once(", Signature=")
                .map(|(head, _)| head.to_owned())
                .unwrap_or_default();
            let ours = EcdsaSignature::from_der(&unhex(ours)).unwrap();
            if head != expected_head || public.verify(to_sign.as_bytes(), &ours).is_err() {
                failures.push(format!(
                    "{name}: {} does not verify or differs from {}",
                    signature.authorization,
                    case.authorization()
                ));
                continue;
            }
            compared += 1;
        }
        let summary = format!("{compared} compared and verified");
        finish_suite(
            "SigV4a test suite",
            &summary,
            cases.len(),
            compared,
            &skipped,
            &failures,
        );
    }

    #[test]
    fn the_key_is_cached_per_credentials() {
        let keys = KeyCache::default();
        let a = Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
        );
        let b = Credentials::new("AKIDEXAMPLE", "other", None);
        let first = keys.key(&a).unwrap();
        assert_eq!(keys.key(&a).unwrap(), first);
        assert_ne!(keys.key(&b).unwrap(), first);
    }
}
