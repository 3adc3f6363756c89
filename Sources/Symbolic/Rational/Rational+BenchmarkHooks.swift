import CGMP

// Benchmarking hooks (used only by `odered-bench`, not part of the public API).
//
// They compute a sum or product through the GMP path (`_gmp`) even when both operands fit
// the inline Int64 form, so the benchmark can measure the fast path against GMP on the
// same values. The results are canonical (demoted to the inline form when they fit).
extension Rational {
    /// Benchmarking hook: `a + b` always computed with GMP.
    package static func _gmpAdd(_ a: Rational, _ b: Rational) -> Rational {
        _gmp(a, b) { odered_mpq_add($0, $1, $2) }
    }

    /// Benchmarking hook: `a * b` always computed with GMP.
    package static func _gmpMul(_ a: Rational, _ b: Rational) -> Rational {
        _gmp(a, b) { odered_mpq_mul($0, $1, $2) }
    }
}
