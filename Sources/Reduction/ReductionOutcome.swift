import Symbolic

/// What a reduction found, with everything a caller reports or writes.
public struct ReductionOutcome: Sendable {
    /// How far the result is proven.
    public enum Verdict: Sendable, Equatable {
        /// Exact, and the independent certificate check passed.
        case certified
        /// ε > 0, every block's residual is 0 and the certificate check passed: exact after all.
        case certifiedWithZeroResiduals
        /// ε > 0: an approximate partition (see ``ReductionOutcome/residuals``).
        case approximate
        /// Exact, not re-checked (``ReductionRequest/verify`` was off).
        case unchecked

        /// Whether the certificate check passed.
        public var isCertified: Bool { self == .certified || self == .certifiedWithZeroResiduals }
    }

    /// Seconds spent per phase of ``Reducer/reduce(_:_:progress:)``.
    public struct Timings: Sendable {
        public var refine = 0.0
        public var verify = 0.0
        public var quotient = 0.0
    }

    /// The partition refinement started from.
    public var initial: Partition
    /// The coarsest (ε-)equivalence refining ``initial``.
    public var partition: Partition
    public var verdict: Verdict
    /// Forward ε > 0: ‖Σ_{i∈B} f_i − g_B(block sums)‖₁ per block (`nil` where too large to
    /// expand); empty otherwise.
    public var residuals: [Rational?]
    /// The largest residual, known only when every block's is (a lower bound is not a maximum).
    public var maximumResidual: Rational? {
        residuals.contains { $0 == nil } ? nil : residuals.compactMap { $0 }.max()
    }
    /// Views the reduced model cannot carry exactly (forward only); they are not in ``reduced``.
    public var omittedViews: [ViewExpressibility.Omission]
    /// The reduced model: parameters kept as symbols with their values (so it is exact for
    /// those values), omitted views removed.
    public var reduced: ODEModel
    /// Terms of the working model and of the reduced one, parameter values substituted.
    public var termsBefore: Int
    public var termsAfter: Int
    public var timings: Timings
}

/// What goes wrong in a reduction that is odered's fault, never the input's.
public enum ReductionFailure: Error, CustomStringConvertible, Sendable {
    /// The computed partition failed its own certificate: a bug; the witness says where.
    case certificateFailed(CertificateViolation)
    case invalidRequest(ReductionError)

    public var description: String {
        switch self {
        case .certificateFailed(let v): return "internal error: the computed partition failed its certificate: \(v)"
        case .invalidRequest(let e): return e.description
        }
    }
}

/// Progress of a reduction: the phase (`refine`, `verify`, `quotient`) and what is known of its extent.
public typealias ReductionProgress = (_ phase: String, _ detail: String) -> Void

/// The one entry point the command line, the benchmark and library users share.
public enum Reducer {
    /// Reduces `model` as `request` says: initial partition, coarsest (ε-)equivalence,
    /// certificate (exact answers, and ε answers whose residuals are all 0), residuals (ε-FDE),
    /// the views the reduced model can carry, and the reduced model.
    /// - Throws: ``ReductionFailure/invalidRequest(_:)`` for an initial partition the model
    ///   cannot have; ``ReductionFailure/certificateFailed(_:)`` if the answer fails its check.
    /// - Complexity: that of the equivalence (see ``ForwardEquivalence``), plus one certificate
    ///   check and one quotient, each O(t·d log(t·d)) for t terms of degree ≤ d.
    public static func reduce(_ model: ODEModel, _ request: ReductionRequest,
                              progress: ReductionProgress? = nil) throws(ReductionFailure) -> ReductionOutcome {
        let working = request.working(model)
        let initial: Partition
        do { initial = try request.initial.partition(for: working) } catch { throw .invalidRequest(error) }
        let equivalence = request.equivalence
        var timings = ReductionOutcome.Timings()
        let n = model.variables.count

        var clock = Stopwatch()
        progress?("refine", "\(n) variables, \(initial.blocks.count) initial blocks")
        let partition = equivalence.coarsest(working, initial: initial) { splitters, blocks in
            progress?("refine", "\(splitters) splitters, \(blocks) of at most \(n) blocks")
        }
        timings.refine = clock.lap()

        progress?("verify", "\(partition.blocks.count) blocks")
        var residuals: [Rational?] = []
        var verdict = ReductionOutcome.Verdict.unchecked
        if !equivalence.isExact {
            // An approximate partition has no certificate; residuals say where the error lives.
            // When every residual is zero it may still be exact: then the certificate decides.
            if equivalence.direction == .forward { residuals = ApproximateForwardEquivalence.residuals(working, partition: partition) }
            let zero = !residuals.isEmpty && residuals.allSatisfy { $0?.isZero == true }
            verdict = zero && request.verify && ForwardCertificate.firstViolation(working, partition: partition) == nil
                ? .certifiedWithZeroResiduals : .approximate
        } else if request.verify {
            let total = partition.blocks.count
            if let violation = equivalence.firstViolation(working, partition: partition, progress: { done, _ in
                progress?("verify", "\(total == 0 ? 100 : 100 * done / total)% of \(total) blocks")
            }) {
                throw .certificateFailed(violation)
            }
            verdict = .certified
        }
        timings.verify = clock.lap()

        progress?("quotient", "\(partition.blocks.count) blocks")
        // Views the reduced model cannot carry exactly are left out; a backward reduced model
        // carries every view (on the subspace of equal block values).
        let omitted = equivalence.direction == .backward ? [] : ViewExpressibility.forwardOmissions(working, partition: partition)
        // The reduced model keeps parameters as symbols with their values (exact for those values).
        let reduced = equivalence.quotient(request.symbolicParameters ? working : model, by: partition)
            .removingViews(omitted.map(\.view))
        let termsBefore = (request.symbolicParameters ? working.substitutingParameterValues() : working).termCount
        let termsAfter = reduced.substitutingParameterValues().termCount
        timings.quotient = clock.lap()
        return ReductionOutcome(initial: initial, partition: partition, verdict: verdict, residuals: residuals,
                                omittedViews: omitted, reduced: reduced, termsBefore: termsBefore,
                                termsAfter: termsAfter, timings: timings)
    }
}

extension ReductionOutcome {
    /// The `//` lines a written reduced model starts with: what was computed from which model,
    /// what each variable stands for, and for which parameter values the result holds.
    public func provenance(of model: ODEModel, source: String, request: ReductionRequest) -> [String] {
        let e = request.equivalence
        let exact = e.isExact
        var comments = [
            "Reduced by odered: coarsest \(exact ? "" : "ε-")\(e.name) of \(model.name) (\(source))\(exact ? "" : ", ε = \(e.epsilon)").",
            e.direction == .backward
                ? "Each variable is the common value of the original variables of its block:"
                : "Each variable is the sum of the original variables of its block:",
        ]
        let join = e.direction == .backward ? " = " : " + "
        for block in partition.blocks {
            comments.append("  \(model.variables[block[0]].name) = " + block.map { model.variables[$0].name }.joined(separator: join))
            // Original names (species strings) where the model has them, so a reader sees what a block holds.
            if block.contains(where: { model.variables[$0].originalName != nil }) {
                comments.append("    (" + block.map { model.variables[$0].originalName ?? model.variables[$0].name }.joined(separator: join) + ")")
            }
        }
        comments.append(!exact
            ? "Approximate: members are averaged; see the residuals reported by odered reduce."
            : request.symbolicParameters ? "The lumping holds for all parameter values."
            : model.parameters.isEmpty ? "The lumping is exact."
            : model.parameters.contains(where: { $0.atom != nil })
                ? "The lumping is exact for the parameter values below, for every value of the irrational constants (kept as symbols)."
            : "The lumping is exact for the parameter values below.")
        if e.direction == .backward && !model.views.isEmpty {
            comments.append("Views hold on trajectories that start with equal values in each block.")
        }
        return comments
    }
}
