//! Compile-time guarantees of the generated crate, checked with trybuild: intended usage
//! compiles (`tests/ui/pass`), misuse does not, with a readable message (`tests/ui/fail`, whose
//! `.stderr` files hold the exact compiler output).

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("ui/pass/*.rs");
    cases.compile_fail("ui/fail/*.rs");
}
