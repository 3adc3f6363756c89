#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A named symbol of a model: a state variable or a parameter.
public struct ModelSymbol: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// The state variable with this index in ``ODEModel/variables``.
        case variable(Int)
        /// The parameter with this index in ``ODEModel/parameters``.
        case parameter(Int)
    }
    public var name: String
    public var kind: Kind
    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

/// A state variable: dx/dt = its equation.
public struct Variable: Hashable, Sendable {
    public var name: String
    /// The symbol id used for this variable inside polynomials.
    public var symbol: Int32
    /// Exact initial value.
    public var initialValue: Rational
    /// The name in the source model, e.g. ERODE's `( "original name" )` or a BioNetGen species string.
    public var originalName: String?
    public init(name: String, symbol: Int32, initialValue: Rational = .zero, originalName: String? = nil) {
        self.name = name
        self.symbol = symbol
        self.initialValue = initialValue
        self.originalName = originalName
    }
}

/// A named constant: a rational value, an irrational value (a polynomial in constant atoms),
/// an irrational constant atom itself, or symbolic (no value).
public struct Parameter: Hashable, Sendable {
    public var name: String
    public var symbol: Int32
    /// The exact value when it is rational; `nil` for a symbolic parameter (a name used without
    /// a value), for an atom and for a parameter with an irrational ``definition``.
    public var value: Rational?
    /// The defining expression as written, when it was more than a number.
    public var expression: String?
    /// The exact value when it is irrational: a polynomial in the symbols of constant atoms
    /// (`k = ln(2)/120` is (1/120)·`ln(2)`); ``ODEModel/substitutingParameterValues()``
    /// replaces the parameter by it.
    public var definition: Polynomial?
    /// Set when this parameter *is* an irrational constant (see ``ConstantAtom``); its name is
    /// the atom's canonical text.
    public var atom: ConstantAtom?

    public init(name: String, symbol: Int32, value: Rational?, expression: String? = nil,
                definition: Polynomial? = nil, atom: ConstantAtom? = nil) {
        self.name = name
        self.symbol = symbol
        self.value = value
        self.expression = expression
        self.definition = definition
        self.atom = atom
    }

    /// Whether the parameter has no value at all (a name used without one): results hold for
    /// every value of it.
    public var isSymbolic: Bool { value == nil && definition == nil && atom == nil }
}

/// A named observable: a polynomial in the model's symbols.
public struct View: Hashable, Sendable {
    public var name: String
    public var polynomial: Polynomial
    public init(name: String, polynomial: Polynomial) {
        self.name = name
        self.polynomial = polynomial
    }
}

/// A command found in a model file that odered does not execute (ERODE's `reduceFE(...)`, …),
/// or an SBML event, which does not change the continuous dynamics.
public struct IgnoredCommand: Hashable, Sendable {
    /// What was ignored.
    public enum Kind: Hashable, Sendable {
        /// A command of the model language (ERODE's `reduceFE(...)`, BioNetGen actions).
        case command
        /// An SBML event: odered reads the continuous dynamics only.
        case event
    }
    public var name: String
    public var location: SourceLocation
    public var kind: Kind
    public init(name: String, location: SourceLocation, kind: Kind = .command) {
        self.name = name
        self.location = location
        self.kind = kind
    }
}

/// A polynomial ODE system dx/dt = f(x) with exact rational coefficients.
///
/// Polynomials range over *symbols*: every state variable and every parameter
/// has a symbol id (an index into ``symbols``). Ids are assigned in order of
/// first appearance in the source, so variables and parameters interleave; use
/// ``Variable/symbol`` and ``variableIndex(ofSymbol:)`` to move between the two.
/// Right-hand sides keep parameters as symbols; ``substitutingParameterValues()``
/// replaces every parameter that has a value by that value.
public struct ODEModel: Sendable {
    /// Model name (ERODE's `begin model NAME`).
    public var name: String
    /// All symbols, indexed by symbol id.
    public internal(set) var symbols: [ModelSymbol]
    /// The state variables, in declaration order.
    public internal(set) var variables: [Variable]
    /// The parameters, in declaration order (symbolic ones last-seen order).
    public internal(set) var parameters: [Parameter]
    /// One right-hand side per variable (same order as ``variables``).
    public internal(set) var equations: [Polynomial]
    /// Optional initial partition, as blocks of variable indices; covers every variable.
    public var partition: [[Int]]? { didSet { _checkInvariants() } }
    /// Observables.
    public var views: [View] { didSet { _checkInvariants() } }
    /// Commands present in the file but not executed.
    public var ignoredCommands: [IgnoredCommand]
    /// Variables whose value is held fixed by the source format (BioNetGen `$` species).
    public var fixedVariables: Set<Int>
    /// The source stated the dynamics as reactions (a BioNetGen `.net`, an ERODE `reactions`
    /// section without `ODE` equations, SBML reactions without rate rules on species), so
    /// writers that can say reactions (SBML) say them again; kept by quotients.
    public var statedAsReactions = false

    public init(name: String, symbols: [ModelSymbol], variables: [Variable], parameters: [Parameter],
                equations: [Polynomial], partition: [[Int]]? = nil, views: [View] = [],
                ignoredCommands: [IgnoredCommand] = [], fixedVariables: Set<Int> = []) {
        precondition(variables.count == equations.count, "one equation per variable")
        self.name = name
        self.symbols = symbols
        self.variables = variables
        self.parameters = parameters
        self.equations = equations
        self.partition = partition
        self.views = views
        self.ignoredCommands = ignoredCommands
        self.fixedVariables = fixedVariables
        _checkInvariants()
    }

    /// Replaces the right-hand side of variable `i`.
    /// - Requires: `p` uses only this model's symbols.
    public mutating func setEquation(_ i: Int, to p: Polynomial) {
        equations[i] = p
        _checkInvariants()
    }

    /// Sets the source expression kept (for writing) with parameter `j`'s value.
    public mutating func setExpression(_ expression: String?, ofParameter j: Int) {
        parameters[j].expression = expression
    }

    /// The constant atom of a symbol id, if it is one.
    public func parameterAtom(ofSymbol symbol: Int32) -> ConstantAtom? {
        if case .parameter(let j) = symbols[Int(symbol)].kind { return parameters[j].atom }
        return nil
    }

    #if DEBUG || ODERED_INTERNAL_CHECKS
    /// Symbols and variables or parameters point at each other, one equation per variable, every
    /// polynomial uses only the model's symbols, the partition covers every variable once.
    /// Compiled in debug builds and with `-DODERED_INTERNAL_CHECKS`.
    func _checkInvariants() {
        precondition(variables.count == equations.count, "one equation per variable")
        for (i, v) in variables.enumerated() {
            precondition(Int(v.symbol) < symbols.count && symbols[Int(v.symbol)].kind == .variable(i), "variable \(i) and its symbol disagree")
        }
        for (j, p) in parameters.enumerated() {
            precondition(Int(p.symbol) < symbols.count && symbols[Int(p.symbol)].kind == .parameter(j), "parameter \(j) and its symbol disagree")
        }
        precondition(symbols.count == variables.count + parameters.count, "every symbol is a variable or a parameter")
        for p in equations + views.map(\.polynomial) {
            for t in p.terms { for (s, _) in t.monomial.factors { precondition(s >= 0 && Int(s) < symbols.count, "unknown symbol \(s)") } }
        }
        for p in parameters {
            for t in p.definition?.terms ?? [] {
                for (s, _) in t.monomial.factors {
                    precondition(Int(s) < symbols.count && parameterAtom(ofSymbol: s) != nil, "a definition uses a symbol that is not a constant atom")
                }
            }
        }
        if let partition {
            precondition(partition.flatMap { $0 }.sorted() == Array(variables.indices), "partition does not cover the variables once")
        }
    }
    #else
    @inline(__always) func _checkInvariants() {}
    #endif

    /// Builds a model whose symbols are exactly its variables (ids 0..<n) followed by `parameters`.
    public init(name: String, variableNames: [String], initialValues: [Rational]? = nil,
                parameters: [(name: String, value: Rational?)] = [], equations: [Polynomial]) {
        var symbols: [ModelSymbol] = []
        var variables: [Variable] = []
        for (i, n) in variableNames.enumerated() {
            symbols.append(ModelSymbol(name: n, kind: .variable(i)))
            variables.append(Variable(name: n, symbol: Int32(i), initialValue: initialValues?[i] ?? .zero))
        }
        var params: [Parameter] = []
        for (j, p) in parameters.enumerated() {
            let id = Int32(symbols.count)
            symbols.append(ModelSymbol(name: p.name, kind: .parameter(j)))
            params.append(Parameter(name: p.name, symbol: id, value: p.value))
        }
        self.init(name: name, symbols: symbols, variables: variables, parameters: params, equations: equations)
    }

    /// The name of a symbol id.
    public func name(ofSymbol symbol: Int32) -> String { symbols[Int(symbol)].name }

    /// The variable index of a symbol id, or `nil` for a parameter.
    @inlinable
    public func variableIndex(ofSymbol symbol: Int32) -> Int? {
        if case .variable(let i) = symbols[Int(symbol)].kind { return i }
        return nil
    }

    /// For every symbol id, its variable index, or -1 for a parameter: a table for hot loops
    /// that would otherwise call ``variableIndex(ofSymbol:)`` per factor.
    public func variableIndexTable() -> [Int32] {
        symbols.map { if case .variable(let i) = $0.kind { Int32(i) } else { -1 } }
    }

    /// The parameters without a value (not the constant atoms, not irrational parameters).
    public var symbolicParameters: [Parameter] { parameters.filter(\.isSymbolic) }

    /// The irrational constants the model's values use (see ``ConstantAtom``).
    public var constantAtoms: [ConstantAtom] { parameters.compactMap(\.atom) }

    /// The double value of every parameter that has one (rational values, irrational
    /// definitions, atoms), indexed by symbol id; `nil` for variables and symbolic parameters.
    public func approximateParameterValues() -> [Double?] {
        var values = [Double?](repeating: nil, count: symbols.count)
        for p in parameters {
            if let v = p.value { values[Int(p.symbol)] = v.doubleValue }
            if let a = p.atom { values[Int(p.symbol)] = a.approximation }
        }
        for p in parameters {
            guard let d = p.definition else { continue }
            var sum = 0.0
            for t in d.terms {
                var product = t.coefficient.doubleValue
                for (s, e) in t.monomial.factors { product *= pow(values[Int(s)] ?? .nan, Double(e)) }
                sum += product
            }
            values[Int(p.symbol)] = sum
        }
        return values
    }

    /// Copies parameter `j`'s expression, irrational definition and atom from `p`, a parameter
    /// of another model whose symbols map to this one's by `targets` (old symbol id → new id),
    /// as a quotient does.
    public mutating func copyValueDetails(from p: Parameter, toParameter j: Int, renamingSymbols targets: [Int32]) {
        parameters[j].expression = p.expression
        parameters[j].atom = p.atom
        parameters[j].definition = p.definition.map {
            $0.renamingSymbols(targets: targets, scales: [Rational](repeating: .one, count: targets.count))
        }
        _checkInvariants()
    }

    /// Index of the variable named `name`.
    ///
    /// `name` is an identifier, or else a variable's original name (such as a BioNetGen species
    /// string `A(b!1).B(a!1)`) when no identifier is spelled that way.
    public func variableIndex(named name: String) -> Int? {
        variables.firstIndex { $0.name == name } ?? variables.firstIndex { $0.originalName == name }
    }

    /// Variable indices by identifier, and by original name where no identifier is spelled that
    /// way (see ``variableIndex(named:)``): for resolving many names at once.
    public func variableIndicesByName() -> [String: Int] {
        var index: [String: Int] = [:]
        for (i, v) in variables.enumerated() { index[v.name] = i }
        for (i, v) in variables.enumerated() {
            if let original = v.originalName, index[original] == nil { index[original] = i }
        }
        return index
    }

    /// Whether any variable has an original name (a species string, an SBML name) besides its identifier.
    public var hasOriginalNames: Bool { variables.contains { $0.originalName != nil } }

    /// The same model with every parameter that has a value replaced by it in
    /// equations and views. Symbolic parameters stay symbols.
    /// - Complexity: O(total terms × degree) plus sorting each right-hand side.
    public func substitutingParameterValues() -> ODEModel {
        // Indexed by symbol id: an array lookup per factor instead of hashing.
        var valueOfSymbol = [Rational?](repeating: nil, count: symbols.count)
        for p in parameters { if let v = p.value { valueOfSymbol[Int(p.symbol)] = v } }
        if parameters.contains(where: { $0.definition != nil }) { return substitutingIrrationalValues() }
        if !parameters.contains(where: { $0.value != nil }) { return self }
        func substitute(_ p: Polynomial) -> Polynomial {
            // Fast check: nothing to do when no valued parameter occurs.
            var touches = false
            scan: for t in p.terms {
                for f in t.monomial.powers where valueOfSymbol[Int(f.symbol)] != nil {
                    touches = true
                    break scan
                }
            }
            if !touches { return p }
            var builder = PolynomialBuilder(minimumCapacity: p.count)
            for t in p.terms {
                var c = t.coefficient
                var kept = FactorBuffer()
                for f in t.monomial.powers {
                    if let v = valueOfSymbol[Int(f.symbol)] {
                        c *= f.exponent == 1 ? v : v.power(f.exponent)
                    } else {
                        kept.append(f)
                    }
                }
                builder.add(c, kept.monomial)
            }
            return builder.build()
        }
        var copy = self
        copy.equations = equations.map(substitute)
        copy.views = views.map { View(name: $0.name, polynomial: substitute($0.polynomial)) }
        return copy
    }

    /// ``substitutingParameterValues()`` when some parameter has an irrational definition:
    /// rational values and definitions (polynomials in atoms) replace their parameters.
    /// Definitions were sized by the reader (``SymbolicLimits``), so expanding cannot exceed them
    /// by more than a model's own products.
    private func substitutingIrrationalValues() -> ODEModel {
        var map: [Int32: Polynomial] = [:]
        for p in parameters {
            if let v = p.value { map[p.symbol] = Polynomial(constant: v) }
            if let d = p.definition { map[p.symbol] = d }
        }
        func substitute(_ p: Polynomial) -> Polynomial {
            // The reader checked these expansions (SymbolicLimits); a failure here is a bug.
            guard let q = try? p.substituting(map) else { preconditionFailure("substitution exceeded the limits the reader checked") }
            return q
        }
        var copy = self
        copy.equations = equations.map(substitute)
        copy.views = views.map { View(name: $0.name, polynomial: substitute($0.polynomial)) }
        return copy
    }
}
