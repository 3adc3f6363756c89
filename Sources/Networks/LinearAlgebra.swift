/// A small dense linear-algebra helper (row-major `Double` matrices) for the ridge refit.
public struct DenseMatrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    /// Row-major entries: element (i, j) at `i * columns + j`.
    public var values: [Double]

    public init(rows: Int, columns: Int, values: [Double]? = nil) {
        precondition(values == nil || values!.count == rows * columns, "rows × columns entries")
        self.rows = rows
        self.columns = columns
        self.values = values ?? [Double](repeating: 0, count: rows * columns)
    }

    public subscript(i: Int, j: Int) -> Double {
        get { values[i * columns + j] }
        set { values[i * columns + j] = newValue }
    }

    /// XᵀX (columns × columns).
    public func gram() -> DenseMatrix {
        var g = DenseMatrix(rows: columns, columns: columns)
        values.withUnsafeBufferPointer { x in
            g.values.withUnsafeMutableBufferPointer { out in
                for r in 0..<rows {
                    let base = r * columns
                    for i in 0..<columns {
                        let xi = x[base + i]
                        if xi == 0 { continue }
                        let o = i * columns
                        for j in i..<columns { out[o + j] += xi * x[base + j] }
                    }
                }
                for i in 0..<columns { for j in 0..<i { out[i * columns + j] = out[j * columns + i] } }
            }
        }
        return g
    }

    /// Xᵀ Y (columns × Y.columns), for Y with the same number of rows.
    public func transposeTimes(_ y: DenseMatrix) -> DenseMatrix {
        precondition(y.rows == rows, "same number of rows")
        var out = DenseMatrix(rows: columns, columns: y.columns)
        for r in 0..<rows {
            for i in 0..<columns {
                let xi = self[r, i]
                if xi == 0 { continue }
                for j in 0..<y.columns { out.values[i * y.columns + j] += xi * y.values[r * y.columns + j] }
            }
        }
        return out
    }

    /// The lower-triangular Cholesky factor L (A = L Lᵀ) of a symmetric positive definite
    /// matrix, or `nil` when a pivot is not positive.
    public func cholesky() -> DenseMatrix? {
        precondition(rows == columns, "square")
        let n = rows
        var l = DenseMatrix(rows: n, columns: n)
        for j in 0..<n {
            var d = self[j, j]
            for k in 0..<j { d -= l[j, k] * l[j, k] }
            guard d > 0, d.isFinite else { return nil }
            let ljj = d.squareRoot()
            l[j, j] = ljj
            for i in (j + 1)..<max(j + 1, n) {
                var s = self[i, j]
                for k in 0..<j { s -= l[i, k] * l[j, k] }
                l[i, j] = s / ljj
            }
        }
        return l
    }

    /// Solves (L Lᵀ) X = B for every column of B, with `self` the Cholesky factor L.
    public func choleskySolve(_ b: DenseMatrix) -> DenseMatrix {
        let n = rows
        precondition(b.rows == n, "one right-hand side row per unknown")
        var x = b
        for c in 0..<b.columns {
            // L y = b
            for i in 0..<n {
                var s = x[i, c]
                for k in 0..<i { s -= self[i, k] * x[k, c] }
                x[i, c] = s / self[i, i]
            }
            // Lᵀ x = y
            for i in stride(from: n - 1, through: 0, by: -1) {
                var s = x[i, c]
                for k in (i + 1)..<max(i + 1, n) { s -= self[k, i] * x[k, c] }
                x[i, c] = s / self[i, i]
            }
        }
        return x
    }

    /// Ridge least squares: argmin_W ‖X W − Y‖² + λ‖W‖² with λ = `relativeRidge` · trace(XᵀX) / columns,
    /// via Cholesky of XᵀX + λI. Returns W (X.columns × Y.columns) and λ.
    /// `nil` when XᵀX or Xᵀy is not finite, or no ridge within 40 factors of ten makes it
    /// numerically positive definite (values beyond what double-precision least squares handles).
    /// - Complexity: O(n·m²) for the Gram matrix plus O(m³) per Cholesky attempt (at most 40).
    public static func ridge(_ x: DenseMatrix, _ y: DenseMatrix, relativeRidge: Double = 1e-6) -> (solution: DenseMatrix, lambda: Double)? {
        let a = x.gram()
        let b = x.transposeTimes(y)
        guard a.values.allSatisfy(\.isFinite), b.values.allSatisfy(\.isFinite) else { return nil }
        var trace = 0.0
        for i in 0..<a.rows { trace += a[i, i] }
        var lambda = relativeRidge * trace / Double(max(a.rows, 1))
        if !(lambda > 0) || !lambda.isFinite { lambda = 1e-12 }
        for _ in 0..<40 {
            var shifted = a
            for i in 0..<a.rows { shifted[i, i] += lambda }
            if let l = shifted.cholesky() {
                let w = l.choleskySolve(b)
                return w.values.allSatisfy(\.isFinite) ? (w, lambda) : nil
            }
            lambda *= 10  // numerically indefinite: more ridge
            if !lambda.isFinite { return nil }
        }
        return nil
    }
}
