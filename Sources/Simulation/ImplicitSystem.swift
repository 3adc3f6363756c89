/// What the implicit integrators (``BDF``, ``Rosenbrock``) share: the compiled field with
/// scratch space for its evaluation, the Jacobian's values, and the sparse LU of a matrix
/// d·I − s·J with the Jacobian's pattern.
final class ImplicitSystem {
    let field: CompiledVectorField
    let n: Int
    let lu: SparseLU
    /// ∂f/∂x at the last ``evaluateJacobian(at:)``, in the pattern's order.
    private(set) var jacobian: [Double]
    private var matrix: [Double]
    private var scratch: [Double] = [], jacobianScratch: [Double] = []

    init(_ field: CompiledVectorField) throws(SimulationError) {
        self.field = field
        n = field.dimension
        lu = try SparseLU(pattern: field.jacobianPattern)
        jacobian = [Double](repeating: 0, count: field.jacobianPattern.nonzeros)
        matrix = jacobian
    }

    /// out = f(x).
    func evaluate(_ x: [Double], into out: inout [Double]) {
        x.withUnsafeBufferPointer { xp in out.withUnsafeMutableBufferPointer { field.evaluate(xp, into: $0, scratch: &scratch) } }
    }

    /// Evaluates the Jacobian at `y`.
    func evaluateJacobian(at y: [Double]) {
        y.withUnsafeBufferPointer { yp in jacobian.withUnsafeMutableBufferPointer { field.jacobian(yp, into: $0, scratch: &jacobianScratch) } }
    }

    /// Factors `diagonal`·I − `scale`·J; `false` when it is numerically singular.
    func factor(diagonal: Double, jacobianScale scale: Double) -> Bool {
        for s in 0..<matrix.count { matrix[s] = -scale * jacobian[s] }
        for slot in field.diagonalSlots { matrix[Int(slot)] += diagonal }
        return lu.factor(&matrix)
    }

    /// Solves with the last factorization, in place.
    func solve(_ b: inout [Double]) { lu.solve(&b) }

    /// Copies the LU's counts into `stats`.
    func record(into stats: inout IntegrationStatistics) {
        stats.factorizations = lu.factorizations
        stats.refactorizations = lu.refactorizations
        stats.luNonzeros = lu.factorNonzeros
    }
}
