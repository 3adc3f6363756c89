/// Collects names, roles, right-hand sides and declarations while a model file
/// is read, then resolves every name into a variable or a parameter.
///
/// Symbol ids are handed out on first sight; a name's role is decided at the end
/// (ERODE's rule): a name declared as a species, used as a species in a reaction
/// or on the left of `d(X) =` is a state variable; a declared parameter is a
/// parameter; any other name used in an expression is a symbolic parameter.
final class ModelAssembler {
    enum Role: Equatable {
        case undetermined
        case species
        case parameter
    }

    private(set) var names: [String] = []
    private(set) var roles: [Role] = []
    private var ids: [String: Int32] = [:]
    /// Offset of first use, for messages.
    private(set) var firstUse: [Int] = []

    /// Parameter values known so far (by symbol).
    private(set) var parameterValues: [Int32: Rational] = [:]
    private(set) var parameterExpressions: [Int32: String] = [:]
    private var parameterOrder: [Int32] = []

    /// Species in declaration order (by symbol) and their data.
    private var speciesOrder: [Int32] = []
    private var initialValues: [Int32: Rational] = [:]
    private var originalNames: [Int32: String] = [:]
    /// Right-hand side accumulators, by symbol.
    private var rightHandSides: [Int32: PolynomialBuilder] = [:]
    /// Right-hand sides given whole (ODE form), by symbol.
    private var explicitRightHandSides: [Int32: Polynomial] = [:]

    var partitionBlocks: [[Int32]]? = nil
    var views: [(name: String, polynomial: Polynomial)] = []
    var ignoredCommands: [IgnoredCommand] = []
    var fixedSpecies: Set<Int32> = []
    var modelName = "model"

    /// The symbol of `name`, created on first use.
    func symbol(_ name: String, at offset: Int) -> Int32 {
        if let id = ids[name] { return id }
        let id = Int32(names.count)
        ids[name] = id
        names.append(name)
        roles.append(.undetermined)
        firstUse.append(offset)
        return id
    }

    func existingSymbol(_ name: String) -> Int32? { ids[name] }

    func role(of symbol: Int32) -> Role { roles[Int(symbol)] }

    /// Declares a parameter with a value (or redefines it).
    func declareParameter(_ symbol: Int32, value: Rational?, expression: String?) {
        if roles[Int(symbol)] != .parameter {
            roles[Int(symbol)] = .parameter
            parameterOrder.append(symbol)
        }
        parameterValues[symbol] = value
        parameterExpressions[symbol] = expression
    }

    /// Declares a species (idempotent); keeps the first declaration's position in the order.
    func declareSpecies(_ symbol: Int32, initialValue: Rational? = nil, originalName: String? = nil) {
        if roles[Int(symbol)] != .species {
            roles[Int(symbol)] = .species
            speciesOrder.append(symbol)
        }
        if let initialValue { initialValues[symbol] = initialValue }
        if let originalName { originalNames[symbol] = originalName }
    }

    /// The value of a symbol if it is a parameter with a known value.
    @inline(__always)
    func value(of symbol: Int32) -> Rational? { parameterValues[symbol] }

    /// Adds `p` to the right-hand side of species `symbol`.
    func addToRightHandSide(of symbol: Int32, _ p: Polynomial, times scale: Rational = .one) {
        rightHandSides[symbol, default: PolynomialBuilder()].add(p, times: scale)
    }

    /// Adds one term to the right-hand side of species `symbol`.
    func addTerm(to symbol: Int32, _ coefficient: Rational, _ monomial: Monomial) {
        rightHandSides[symbol, default: PolynomialBuilder()].add(coefficient, monomial)
    }

    /// Sets the right-hand side of `symbol` (ODE form); returns false if it was already set.
    func setRightHandSide(of symbol: Int32, _ p: Polynomial) -> Bool {
        if explicitRightHandSides[symbol] != nil { return false }
        explicitRightHandSides[symbol] = p
        return true
    }

    /// Resolves roles and produces the model.
    func build() -> ODEModel {
        var symbols: [ModelSymbol] = []
        symbols.reserveCapacity(names.count)
        var variableIndex: [Int32: Int] = [:]
        var variables: [Variable] = []
        for s in speciesOrder {
            variableIndex[s] = variables.count
            variables.append(Variable(name: names[Int(s)], symbol: s, initialValue: initialValues[s] ?? .zero,
                                      originalName: originalNames[s]))
        }
        var parameters: [Parameter] = []
        var parameterIndex: [Int32: Int] = [:]
        for s in parameterOrder {
            parameterIndex[s] = parameters.count
            parameters.append(Parameter(name: names[Int(s)], symbol: s, value: parameterValues[s],
                                        expression: parameterExpressions[s]))
        }
        // Names used but never declared and never used as species: symbolic parameters.
        for (i, r) in roles.enumerated() where r == .undetermined {
            let s = Int32(i)
            parameterIndex[s] = parameters.count
            parameters.append(Parameter(name: names[i], symbol: s, value: nil))
        }
        for (i, n) in names.enumerated() {
            let s = Int32(i)
            if let v = variableIndex[s] {
                symbols.append(ModelSymbol(name: n, kind: .variable(v)))
            } else {
                symbols.append(ModelSymbol(name: n, kind: .parameter(parameterIndex[s]!)))
            }
        }
        var equations: [Polynomial] = []
        equations.reserveCapacity(variables.count)
        for v in variables {
            var p = rightHandSides[v.symbol]?.build() ?? .zero
            if let explicit = explicitRightHandSides[v.symbol] { p = p + explicit }
            equations.append(p)
        }
        var partition: [[Int]]? = nil
        if let blocks = partitionBlocks {
            var seen = Set<Int>()
            var result: [[Int]] = []
            for b in blocks {
                let members = b.compactMap { variableIndex[$0] }.filter { seen.insert($0).inserted }
                if !members.isEmpty { result.append(members) }
            }
            let rest = (0..<variables.count).filter { !seen.contains($0) }
            if !rest.isEmpty { result.append(rest) }
            partition = result
        }
        return ODEModel(
            name: modelName, symbols: symbols, variables: variables, parameters: parameters,
            equations: equations, partition: partition,
            views: views.map { View(name: $0.name, polynomial: $0.polynomial) },
            ignoredCommands: ignoredCommands,
            fixedVariables: Set(fixedSpecies.compactMap { variableIndex[$0] }))
    }
}
