import Foundation
import Symbolic

/// A model's right-hand side f and Jacobian ∂f/∂x compiled once into flat `Double` arrays, for
/// the integrators.
///
/// Parameter values are substituted as doubles (rational values rounded once, irrational
/// constants by their approximations). The distinct monomials of all equations are evaluated
/// once per call and shared by every equation that uses them (a reaction's flux appears in the
/// equation of each of its species); f is then a sparse matrix–vector product. The Jacobian is
/// the exact derivative of the exact polynomials, compiled the same way: a table of derivative
/// monomials and a list of (slot, coefficient, monomial) contributions into the values of a
/// compressed-column pattern that always contains the diagonal (the stiff integrator adds
/// 1/(hγ) there). No dictionary lookup happens after construction.
public struct CompiledVectorField: Sendable {
    /// Number of variables.
    public let dimension: Int
    /// Variable names, in model order.
    public let names: [String]
    /// The initial values, as doubles.
    public let initialValues: [Double]
    let monomials: MonomialTable
    // f_i = Σ termCoefficient[k] · monomial[termMonomial[k]] for k in rowStart[i]..<rowStart[i+1].
    let rowStart: [Int32]
    let termMonomial: [Int32]
    let termCoefficient: [Double]
    /// Compressed-column pattern of the Jacobian plus the diagonal.
    public let jacobianPattern: SparsePattern
    /// Slot of each diagonal entry (i, i) in ``jacobianPattern``.
    public let diagonalSlots: [Int32]
    let derivativeMonomials: MonomialTable
    let contributionSlot: [Int32]
    let contributionCoefficient: [Double]
    let contributionMonomial: [Int32]

    /// Number of terms of f (after merging equal monomials).
    public var termCount: Int { termCoefficient.count }

    /// Compiles `model`.
    /// - Throws: ``SimulationError`` when a parameter has no value or a coefficient or initial
    ///   value is not a finite double.
    /// - Complexity: O(total terms × degree) with hashing of monomials.
    public init(_ model: ODEModel) throws(SimulationError) {
        let values = model.approximateParameterValues()
        let variableOf = model.variableIndexTable()
        let n = model.variables.count
        dimension = n
        names = model.variables.map(\.name)
        var initial = [Double](repeating: 0, count: n)
        for (i, v) in model.variables.enumerated() {
            initial[i] = v.initialValue.doubleValue
            guard initial[i].isFinite else {
                throw SimulationError(description: "the initial value of '\(v.name)' is not a finite double")
            }
        }
        initialValues = initial

        var table = MonomialTable()
        var index: [[Int32]: Int32] = [:]   // flattened (variable, exponent) pairs → monomial
        var starts: [Int32] = [0]
        var monomialOfTerm: [Int32] = []
        var coefficients: [Double] = []
        for (i, p) in model.equations.enumerated() {
            var row: [Int32: Double] = [:]
            var order: [Int32] = []
            for t in p.terms {
                var c = t.coefficient.doubleValue
                var key: [Int32] = []
                for f in t.monomial.powers {
                    let v = variableOf[Int(f.symbol)]
                    if v >= 0 {
                        key.append(v)
                        key.append(Int32(f.exponent))
                    } else if let value = values[Int(f.symbol)] {
                        c *= pow(value, Double(f.exponent))
                    } else {
                        throw SimulationError(description: "parameter '\(model.name(ofSymbol: f.symbol))' has no value: simulation needs a number for every parameter")
                    }
                }
                guard c.isFinite else {
                    throw SimulationError(description: "a coefficient of d(\(model.variables[i].name)) is not a finite double")
                }
                let m: Int32
                if let known = index[key] { m = known } else {
                    m = Int32(table.count)
                    index[key] = m
                    table.append(pairs: key)
                }
                if row[m] == nil { order.append(m) }
                row[m, default: 0] += c
            }
            for m in order where row[m]! != 0 {
                monomialOfTerm.append(m)
                coefficients.append(row[m]!)
            }
            starts.append(Int32(monomialOfTerm.count))
        }
        monomials = table
        rowStart = starts
        termMonomial = monomialOfTerm
        termCoefficient = coefficients

        // Jacobian: ∂(c·m)/∂x_v = c·e·(m / x_v), one contribution per (row, term, factor).
        var derivatives = MonomialTable()
        var derivativeIndex: [[Int32]: Int32] = [:]
        var entries: [(row: Int32, column: Int32, coefficient: Double, monomial: Int32)] = []
        for i in 0..<n {
            for k in Int(starts[i])..<Int(starts[i + 1]) {
                let m = Int(monomialOfTerm[k])
                let lower = Int(table.start[m]), upper = Int(table.start[m + 1])
                for f in lower..<upper {
                    var key: [Int32] = []
                    for g in lower..<upper {
                        let e = g == f ? table.exponent[g] - 1 : table.exponent[g]
                        if e > 0 { key.append(table.variable[g]); key.append(e) }
                    }
                    let d: Int32
                    if let known = derivativeIndex[key] { d = known } else {
                        d = Int32(derivatives.count)
                        derivativeIndex[key] = d
                        derivatives.append(pairs: key)
                    }
                    entries.append((Int32(i), table.variable[f], coefficients[k] * Double(table.exponent[f]), d))
                }
            }
        }
        derivativeMonomials = derivatives
        // Pattern: the (row, column) pairs of the entries plus the diagonal, column by column.
        var columns = [[Int32]](repeating: [], count: n)
        for e in entries { columns[Int(e.column)].append(e.row) }
        for j in 0..<n { columns[j].append(Int32(j)) }
        var columnStart: [Int32] = [0]
        var rowIndex: [Int32] = []
        var diagonal = [Int32](repeating: 0, count: n)
        var slotOf: [[Int32: Int32]] = Array(repeating: [:], count: n)
        for j in 0..<n {
            let rows = Array(Set(columns[j])).sorted()
            for r in rows {
                slotOf[j][r] = Int32(rowIndex.count)
                if r == Int32(j) { diagonal[j] = Int32(rowIndex.count) }
                rowIndex.append(r)
            }
            columnStart.append(Int32(rowIndex.count))
        }
        jacobianPattern = SparsePattern(dimension: n, columnStart: columnStart, rowIndex: rowIndex)
        diagonalSlots = diagonal
        contributionSlot = entries.map { slotOf[Int($0.column)][$0.row]! }
        contributionCoefficient = entries.map(\.coefficient)
        contributionMonomial = entries.map(\.monomial)
    }

    /// Writes f(x) into `out`.
    /// - Requires: `x.count == out.count == dimension`; `scratch` is reused between calls.
    /// - Complexity: O(factors of the distinct monomials + terms).
    public func evaluate(_ x: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>,
                         scratch: inout [Double]) {
        if scratch.count < monomials.count { scratch = [Double](repeating: 0, count: monomials.count) }
        scratch.withUnsafeMutableBufferPointer { mv in
            monomials.evaluate(x, into: mv)
            rowStart.withUnsafeBufferPointer { rs in
                termMonomial.withUnsafeBufferPointer { tm in
                    termCoefficient.withUnsafeBufferPointer { tc in
                        for i in 0..<dimension {
                            var s = 0.0
                            for k in Int(rs[i])..<Int(rs[i + 1]) { s += tc[k] * mv[Int(tm[k])] }
                            out[i] = s
                        }
                    }
                }
            }
        }
    }

    /// Writes the Jacobian's values at `x` into `values`, in the order of ``jacobianPattern``
    /// (structural entries that vanish at `x`, and the diagonal, are written as 0 plus their terms).
    /// - Complexity: O(factors of the derivative monomials + contributions + pattern size).
    public func jacobian(_ x: UnsafeBufferPointer<Double>, into values: UnsafeMutableBufferPointer<Double>,
                         scratch: inout [Double]) {
        if scratch.count < derivativeMonomials.count {
            scratch = [Double](repeating: 0, count: derivativeMonomials.count)
        }
        for s in values.indices { values[s] = 0 }
        scratch.withUnsafeMutableBufferPointer { dv in
            derivativeMonomials.evaluate(x, into: dv)
            contributionSlot.withUnsafeBufferPointer { slot in
                contributionCoefficient.withUnsafeBufferPointer { coefficient in
                    contributionMonomial.withUnsafeBufferPointer { monomial in
                        for k in 0..<slot.count { values[Int(slot[k])] += coefficient[k] * dv[Int(monomial[k])] }
                    }
                }
            }
        }
    }

    /// f(x) as a new array (convenience for tests and one-off calls).
    public func evaluate(_ x: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: dimension)
        var scratch: [Double] = []
        x.withUnsafeBufferPointer { xp in out.withUnsafeMutableBufferPointer { evaluate(xp, into: $0, scratch: &scratch) } }
        return out
    }
}

/// A compressed-column sparsity pattern (row indices sorted within each column).
public struct SparsePattern: Sendable {
    public let dimension: Int
    public let columnStart: [Int32]
    public let rowIndex: [Int32]
    public var nonzeros: Int { rowIndex.count }
}

/// Monomials in the variables as flat factor lists: monomial k has the factors
/// `start[k]..<start[k+1]` of (`variable`, `exponent`).
struct MonomialTable: Sendable {
    var start: [Int32] = [0]
    var variable: [Int32] = []
    var exponent: [Int32] = []

    var count: Int { start.count - 1 }

    /// Appends the monomial of the flattened (variable, exponent) pairs.
    mutating func append(pairs: [Int32]) {
        for k in stride(from: 0, to: pairs.count, by: 2) {
            variable.append(pairs[k])
            exponent.append(pairs[k + 1])
        }
        start.append(Int32(variable.count))
    }

    func evaluate(_ x: UnsafeBufferPointer<Double>, into out: UnsafeMutableBufferPointer<Double>) {
        start.withUnsafeBufferPointer { st in
            variable.withUnsafeBufferPointer { va in
                exponent.withUnsafeBufferPointer { ex in
                    for k in 0..<(st.count - 1) {
                        var p = 1.0
                        for f in Int(st[k])..<Int(st[k + 1]) {
                            let v = x[Int(va[f])]
                            switch ex[f] {
                            case 1: p *= v
                            case 2: p *= v * v
                            case 3: p *= v * v * v
                            default: p *= pow(v, Double(ex[f]))
                            }
                        }
                        out[k] = p
                    }
                }
            }
        }
    }
}

/// A simulation that cannot start or cannot go on, as one line.
public struct SimulationError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(description: String) { self.description = description }
}
