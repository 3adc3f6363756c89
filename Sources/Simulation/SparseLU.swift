import CKLU

/// Sparse LU factorization of matrices with one fixed pattern, through SuiteSparse's KLU
/// (Davis & Palamadai Natarajan, "Algorithm 907: KLU, a direct sparse solver for circuit
/// simulation problems", ACM TOMS 37(3), 2010): block triangular form, AMD ordering per block,
/// partial pivoting with a preference for the diagonal.
///
/// The ordering is computed once (``init(pattern:)``); ``factor(_:)`` factors new values,
/// reusing the previous pivot sequence (`klu_refactor`) when one exists and both its reciprocal
/// pivot ratio and its reciprocal pivot growth stay within a factor 10³ of the last full
/// factorization's, and otherwise choosing pivots afresh (`klu_factor`).
final class SparseLU {
    private let pattern: SparsePattern
    private var common = klu_common()
    private var symbolic: UnsafeMutablePointer<klu_symbolic>?
    private var numeric: UnsafeMutablePointer<klu_numeric>?
    private var columnStart: [Int32]
    private var rowIndex: [Int32]
    private var fullRcond = 0.0, fullGrowth = 0.0
    /// Full factorizations and refactorizations done.
    private(set) var factorizations = 0, refactorizations = 0
    /// Nonzeros of L and U (diagonals included) after the last full factorization.
    private(set) var factorNonzeros = 0

    init(pattern: SparsePattern) throws(SimulationError) {
        self.pattern = pattern
        columnStart = pattern.columnStart
        rowIndex = pattern.rowIndex
        klu_defaults(&common)
        let n = Int32(pattern.dimension)
        symbolic = columnStart.withUnsafeMutableBufferPointer { cs in
            rowIndex.withUnsafeMutableBufferPointer { ri in klu_analyze(n, cs.baseAddress, ri.baseAddress, &common) }
        }
        guard symbolic != nil else {
            throw SimulationError(description: "the sparse LU could not analyse the Jacobian's pattern (KLU status \(common.status))")
        }
    }

    deinit {
        if numeric != nil { klu_free_numeric(&numeric, &common) }
        if symbolic != nil { klu_free_symbolic(&symbolic, &common) }
    }

    /// Factors the matrix with `values` (in the pattern's order).
    /// - Returns: `false` when the matrix is numerically singular.
    func factor(_ values: inout [Double]) -> Bool {
        if numeric != nil {
            let ok = columnStart.withUnsafeMutableBufferPointer { cs in
                rowIndex.withUnsafeMutableBufferPointer { ri in
                    values.withUnsafeMutableBufferPointer { v in
                        klu_refactor(cs.baseAddress, ri.baseAddress, v.baseAddress, symbolic, numeric, &common)
                    }
                }
            }
            if ok != 0, klu_rcond(symbolic, numeric, &common) != 0, common.rcond.isFinite,
               common.rcond > 1e-3 * fullRcond, growth(&values) > 1e-3 * fullGrowth {
                refactorizations += 1
                return true
            }
            klu_free_numeric(&numeric, &common)
        }
        numeric = columnStart.withUnsafeMutableBufferPointer { cs in
            rowIndex.withUnsafeMutableBufferPointer { ri in
                values.withUnsafeMutableBufferPointer { v in
                    klu_factor(cs.baseAddress, ri.baseAddress, v.baseAddress, symbolic, &common)
                }
            }
        }
        guard numeric != nil, common.status == KLU_OK else {
            if numeric != nil { klu_free_numeric(&numeric, &common) }
            return false
        }
        factorizations += 1
        factorNonzeros = Int(numeric!.pointee.lnz) + Int(numeric!.pointee.unz)
        _ = klu_rcond(symbolic, numeric, &common)
        fullRcond = common.rcond.isFinite ? common.rcond : 0
        fullGrowth = growth(&values)
        return fullRcond > 0
    }

    /// KLU's reciprocal pivot growth of the current factors (min over columns of
    /// max|A| / max|U|; tiny when an old pivot sequence meets values it no longer suits, which
    /// the pivot ratio alone can miss), 0 when it cannot be computed.
    private func growth(_ values: inout [Double]) -> Double {
        let ok = columnStart.withUnsafeMutableBufferPointer { cs in
            rowIndex.withUnsafeMutableBufferPointer { ri in
                values.withUnsafeMutableBufferPointer { v in klu_rgrowth(cs.baseAddress, ri.baseAddress, v.baseAddress, symbolic, numeric, &common) }
            }
        }
        return ok != 0 && common.rgrowth.isFinite ? common.rgrowth : 0
    }

    /// Solves A·x = b in place.
    /// - Requires: a successful ``factor(_:)``.
    func solve(_ b: inout [Double]) {
        let n = Int32(pattern.dimension)
        _ = b.withUnsafeMutableBufferPointer { klu_solve(symbolic, numeric, n, 1, $0.baseAddress, &common) }
    }
}
