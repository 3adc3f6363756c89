import Symbolic

/// Which equivalence to compute: forward or backward, exact (ε = 0) or approximate.
public struct Equivalence: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable, CaseIterable {
        /// Forward differential equivalence (FDE): block sums obey a smaller ODE.
        case forward
        /// Backward differential equivalence (BDE): members of a block keep equal values.
        case backward
    }

    public var direction: Direction
    /// Tolerance ε ≥ 0; 0 is the exact equivalence.
    public var epsilon: Rational
    /// How ε-blocks are formed (ε > 0 only).
    public var linkage: ApproximateForwardEquivalence.Linkage
    /// Scale-free distance (ε > 0 only).
    public var relative: Bool

    /// - Requires: `epsilon ≥ 0`.
    public init(_ direction: Direction = .forward, epsilon: Rational = .zero,
                linkage: ApproximateForwardEquivalence.Linkage = .single, relative: Bool = false) {
        precondition(epsilon.signum >= 0, "ε ≥ 0")
        self.direction = direction
        self.epsilon = epsilon
        self.linkage = linkage
        self.relative = relative
    }

    public var isExact: Bool { epsilon.isZero }

    /// "forward differential equivalence" / "backward differential equivalence".
    public var name: String { "\(direction.rawValue) differential equivalence" }

    /// The coarsest (ε-)equivalence of `model` refining `initial`.
    /// - Parameter progress: exact FDE only: (splitters processed, blocks so far), now and then.
    public func coarsest(_ model: ODEModel, initial: Partition, progress: ((Int, Int) -> Void)? = nil) -> Partition {
        switch (direction, isExact) {
        case (.forward, true): return ForwardEquivalence.coarsest(model, initial: initial, progress: progress)
        case (.forward, false):
            return ApproximateForwardEquivalence.coarsest(model, epsilon: epsilon, linkage: linkage, relative: relative, initial: initial)
        case (.backward, true): return BackwardEquivalence.coarsest(model, initial: initial)
        case (.backward, false):
            return ApproximateBackwardEquivalence.coarsest(model, epsilon: epsilon, linkage: linkage, relative: relative, initial: initial)
        }
    }

    /// The reduced model of `partition`: the forward quotient (block sums) or the backward
    /// one (common values).
    public func quotient(_ model: ODEModel, by partition: Partition) -> ODEModel {
        direction == .backward ? model.backwardQuotient(by: partition) : model.forwardQuotient(by: partition)
    }

    /// The first witness that `partition` is not an exact equivalence of this direction, or `nil`.
    public func firstViolation(_ model: ODEModel, partition: Partition,
                               progress: ((Int, Int) -> Void)? = nil) -> CertificateViolation? {
        direction == .backward ? BackwardCertificate.firstViolation(model, partition: partition)
            : ForwardCertificate.firstViolation(model, partition: partition, progress: progress)
    }
}

/// Where the refinement starts: the meet of every partition asked for (one block by default).
public struct InitialPartition: Sendable {
    /// The model's own `begin partition` (unlisted variables form one extra block).
    public var fromModel = false
    /// A partition read from a file (``PartitionFile``).
    public var given: Partition? = nil
    /// Variables kept as singletons, by name.
    public var kept: [String] = []
    /// Blocks of equal initial values (ERODE's `prePartition=IC`).
    public var fromInitialValues = false
    /// Blocks on which every view's partial derivatives agree (``ViewExpressibility``).
    public var keepingViews = false

    public init(fromModel: Bool = false, given: Partition? = nil, kept: [String] = [],
                fromInitialValues: Bool = false, keepingViews: Bool = false) {
        self.fromModel = fromModel
        self.given = given
        self.kept = kept
        self.fromInitialValues = fromInitialValues
        self.keepingViews = keepingViews
    }

    /// The initial partition for `model`.
    /// - Throws: when the model has no partition but ``fromModel`` asks for it, a kept name is
    ///   not a variable, or the given partition has another number of elements.
    public func partition(for model: ODEModel) throws(ReductionError) -> Partition {
        let n = model.variables.count
        var partition = Partition.single(count: n)
        if fromModel {
            guard let blocks = model.partition else { throw .noModelPartition }
            partition = partition.meet(Partition(canonicalizing: blocks, count: n))
        }
        if let given {
            guard given.elementCount == n else {
                throw .partitionSize(elements: given.elementCount, variables: n)
            }
            partition = partition.meet(given)
        }
        if !kept.isEmpty {
            var indices: [Int] = []
            for name in kept {
                guard let i = model.variableIndex(named: name) else {
                    throw .unknownKeptVariable(name)
                }
                indices.append(i)
            }
            partition = partition.isolating(indices)
        }
        if fromInitialValues { partition = partition.meet(BackwardEquivalence.initialValuePartition(model)) }
        if keepingViews { partition = partition.meet(ViewExpressibility.preservingPartition(model)) }
        return partition
    }
}

/// One reduction: what to compute, from where, and on which model.
public struct ReductionRequest: Sendable {
    public var equivalence: Equivalence
    public var initial: InitialPartition
    /// Keep parameters as symbols (the result holds for all values); otherwise their exact
    /// values are substituted first.
    public var symbolicParameters: Bool
    /// Re-check an exact result with the independent certificate (ε > 0: only when every
    /// residual is 0, which may make the answer exact).
    public var verify: Bool

    public init(equivalence: Equivalence = Equivalence(), initial: InitialPartition = InitialPartition(),
                symbolicParameters: Bool = false, verify: Bool = true) {
        self.equivalence = equivalence
        self.initial = initial
        self.symbolicParameters = symbolicParameters
        self.verify = verify
    }

    /// The model the equivalence is computed on (parameter values substituted unless symbolic).
    public func working(_ model: ODEModel) -> ODEModel {
        symbolicParameters ? model : model.substitutingParameterValues()
    }
}

/// An initial partition the model cannot have (an input problem).
public enum ReductionError: Error, CustomStringConvertible, Sendable, Equatable {
    /// ``InitialPartition/fromModel`` on a model without `begin partition`.
    case noModelPartition
    /// A kept name that is not a variable of the model.
    case unknownKeptVariable(String)
    /// A given partition of another number of elements.
    case partitionSize(elements: Int, variables: Int)

    public var description: String {
        switch self {
        case .noModelPartition: return "the model has no 'begin partition' section"
        case .unknownKeptVariable(let name): return "unknown variable '\(LocatedInputError.excerpt(name))'"
        case .partitionSize(let e, let v): return "the given partition has \(e) elements; the model has \(v) variables"
        }
    }
}
