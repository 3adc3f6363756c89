/// Collects names, roles, right-hand sides and declarations while a model file
/// is read, then resolves every name into a variable or a parameter.
///
/// Symbol ids are handed out on first sight; a name's role is decided at the end
/// (ERODE's rule): a name declared as a species, used as a species in a reaction
/// or on the left of `d(X) =` is a state variable; a declared parameter is a
/// parameter; any other name used in an expression is a symbolic parameter.
///
/// One parser on one thread owns an assembler, so the stored properties opt out of
/// dynamic exclusivity checking (`@exclusivity(unchecked)`): the checks cost about a
/// tenth of the parse of a large network, for accesses that can never overlap.
final class ModelAssembler {
    enum Role: Equatable {
        case undetermined
        case species
        case parameter
    }

    @exclusivity(unchecked) private(set) var names: [String] = []
    @exclusivity(unchecked) private(set) var roles: [Role] = []
    /// Symbol ids by UTF-8 name (ids are dense and equal the index in `names`).
    @exclusivity(unchecked) private var ids = FlatInterner<UInt8>()
    /// Offset of first use, for messages.
    @exclusivity(unchecked) private(set) var firstUse: [Int] = []
    /// Offset of the symbol's definition (a parameter or species declaration), -1 while it has none:
    /// a second definition is an error that names both positions.
    @exclusivity(unchecked) private var definedAt: [Int] = []
    /// View names with the offset of their definition.
    @exclusivity(unchecked) private var viewOffsets: [String: Int] = [:]

    /// Parameter values known so far (by symbol).
    @exclusivity(unchecked) private(set) var parameterValues: [Int32: Rational] = [:]
    @exclusivity(unchecked) private(set) var parameterExpressions: [Int32: String] = [:]
    @exclusivity(unchecked) private var parameterOrder: [Int32] = []

    /// Species in declaration order (by symbol) and their data.
    @exclusivity(unchecked) private var speciesOrder: [Int32] = []
    @exclusivity(unchecked) private var initialValues: [Int32: Rational] = [:]
    @exclusivity(unchecked) private var originalNames: [Int32: String] = [:]
    /// Right-hand side terms as they come, with the symbol of their species: two appends per
    /// flux term (no per-species arrays growing one by one); grouped by species in `build`.
    @exclusivity(unchecked) private var pendingSpecies: [Int32] = []
    @exclusivity(unchecked) private var pendingTerms: [Term] = []
    /// Right-hand sides given whole (ODE form), by symbol.
    @exclusivity(unchecked) private var explicitRightHandSides: [Int32: Polynomial] = [:]

    @exclusivity(unchecked) var partitionBlocks: [[Int32]]? = nil
    @exclusivity(unchecked) var views: [(name: String, polynomial: Polynomial)] = []
    @exclusivity(unchecked) var ignoredCommands: [IgnoredCommand] = []
    @exclusivity(unchecked) var fixedSpecies: Set<Int32> = []
    /// The source had a reactions section / equations (``ODEModel/statedAsReactions`` is
    /// reactions without equations).
    var sawReactions = false, sawEquations = false
    @exclusivity(unchecked) var modelName = "model"
    /// Names standing for polynomials while expressions are parsed (BioNetGen observables and
    /// functions in rate expressions), or `nil`.
    @exclusivity(unchecked) var macros: (any ExpressionMacros)? = nil
    /// Whether `log(x)` is base 10 (BioNetGen's muParser) rather than natural (ERODE).
    @exclusivity(unchecked) var logIsBase10 = false

    /// Irrational parameter values (polynomials in atoms), by parameter symbol.
    @exclusivity(unchecked) private(set) var parameterDefinitions: [Int32: Polynomial] = [:]
    /// The constant atoms, by symbol (an atom's name is its canonical text, never an identifier).
    @exclusivity(unchecked) private var atoms: [Int32: ConstantAtom] = [:]
    /// Error bounds of the atoms' approximations, by symbol.
    @exclusivity(unchecked) private var atomErrors: [Int32: Double] = [:]
    /// Reciprocal atoms in both directions: `ln(2)` ↔ `(1/ln(2))`.
    @exclusivity(unchecked) private var reciprocals: [Int32: Int32] = [:]
    /// Names read as built-in constants (`pi`, `_pi`, `_e` used without a definition), with the
    /// offset of that use: defining such a name afterwards is an error (one name, two meanings).
    @exclusivity(unchecked) private(set) var builtinConstantUses: [String: Int] = [:]

    /// The symbol of `name`, created on first use.
    func symbol(_ name: String, at offset: Int) -> Int32 {
        var name = name
        return name.withUTF8 { symbol(utf8: $0, at: offset) }
    }

    /// The symbol of the name spelled by the bytes of `token`, created on first use; no
    /// `String` is made unless the name is new.
    func symbol(_ token: Token, in source: SourceText) -> Int32 {
        symbol(utf8: UnsafeBufferPointer(rebasing: source.unsafeBytes[token.offset..<(token.offset + token.length)]), at: token.offset)
    }

    /// The symbol of the name spelled by `name` (UTF-8), created on first use.
    func symbol(utf8 name: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int32 {
        let id = ids.intern(name)
        if Int(id) == names.count {
            names.append(String(decoding: name, as: UTF8.self))
            roles.append(.undetermined)
            firstUse.append(offset)
            definedAt.append(-1)
        }
        return id
    }

    /// The atom's symbol for a canonical text, created (as a parameter) on first use.
    /// - Parameter inverseOf: the atom this one is the reciprocal of, if it is one.
    func atomSymbol(_ text: String, approximation: Double, error: Double, at offset: Int, inverseOf: Int32? = nil) -> Int32 {
        let s = symbol(text, at: offset)
        if atoms[s] == nil {
            atoms[s] = ConstantAtom(text: text, approximation: approximation)
            atomErrors[s] = error
            roles[Int(s)] = .parameter
            parameterOrder.append(s)
            if let inverseOf {
                reciprocals[s] = inverseOf
                reciprocals[inverseOf] = s
            }
        }
        return s
    }

    /// A bound on |approximation − true value| of an atom (infinite for a non-atom).
    func atomError(of symbol: Int32) -> Double { atomErrors[symbol] ?? .infinity }

    /// The atom of a symbol, if it is one.
    @inline(__always)
    func atom(of symbol: Int32) -> ConstantAtom? { atoms.isEmpty ? nil : atoms[symbol] }

    /// The reciprocal atom of an atom, if it exists already.
    func reciprocalAtom(of symbol: Int32) -> Int32? { reciprocals[symbol] }

    /// The exact value of a symbol as a constant polynomial (in atoms): a rational parameter
    /// value, an irrational definition, or the atom itself; `nil` for anything else.
    func constantPolynomial(of symbol: Int32) -> Polynomial? {
        if let v = parameterValues[symbol] { return Polynomial(constant: v) }
        if let d = parameterDefinitions[symbol] { return d }
        if atom(of: symbol) != nil { return Polynomial(symbol: symbol) }
        return nil
    }

    /// Records that `name` was read as a built-in constant at `offset`.
    func noteBuiltinConstant(_ name: String, at offset: Int) {
        if builtinConstantUses[name] == nil { builtinConstantUses[name] = offset }
    }

    func existingSymbol(_ name: String) -> Int32? {
        var name = name
        return name.withUTF8 { ids.id(of: $0) }
    }

    func role(of symbol: Int32) -> Role { roles[Int(symbol)] }

    /// Records that `symbol` is defined at `offset` (a declared parameter, a species with an
    /// initial value or a BioNetGen species line); a second definition is an error at its own
    /// position that names the first one. A model never silently takes the last definition.
    func define(_ symbol: Int32, at offset: Int, as what: String, _ source: SourceText) throws(LocatedInputError) {
        if let use = builtinConstantUses[names[Int(symbol)]] {
            throw source.error(at: offset, "expected a name that is not a built-in constant / found \(what) '\(names[Int(symbol)])', already read as the built-in constant at \(source.location(of: use))")
        }
        let first = definedAt[Int(symbol)]
        guard first < 0 else {
            throw source.error(at: offset, "expected one definition of \(what) '\(LocatedInputError.excerpt(names[Int(symbol)]))' / found a second one (the first is at \(source.location(of: first)))")
        }
        definedAt[Int(symbol)] = offset
    }

    /// Adds a view (ERODE `begin views`, BioNetGen `begin groups`); a second view of the same
    /// name is an error naming the first.
    func addView(_ name: String, _ polynomial: Polynomial, at offset: Int, _ source: SourceText) throws(LocatedInputError) {
        if let first = viewOffsets[name] {
            throw source.error(at: offset, "expected one definition of view '\(LocatedInputError.excerpt(name))' / found a second one (the first is at \(source.location(of: first)))")
        }
        viewOffsets[name] = offset
        views.append((name, polynomial))
    }

    /// Gives `symbol` a new name (a reader's generated name, chosen once every name of the model
    /// is known). - Requires: `name` is not the name of another symbol; call only before ``build(_:)``.
    func rename(_ symbol: Int32, to name: String) {
        names[Int(symbol)] = name
    }


    /// Declares a parameter with a value (or redefines it).
    func declareParameter(_ symbol: Int32, value: Rational?, expression: String?) {
        if roles[Int(symbol)] != .parameter {
            roles[Int(symbol)] = .parameter
            parameterOrder.append(symbol)
        }
        parameterValues[symbol] = value
        parameterExpressions[symbol] = expression
    }

    /// Declares a parameter whose exact value is the constant `c` (a polynomial in atoms):
    /// a rational value when `c` is rational, else an irrational definition.
    func declareParameter(_ symbol: Int32, constant c: Polynomial, expression: String?) {
        if let v = c.constantValue {
            declareParameter(symbol, value: v, expression: expression)
            return
        }
        declareParameter(symbol, value: nil, expression: expression)
        parameterDefinitions[symbol] = c
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


    /// Adds `p` to the right-hand side of species `symbol`.
    func addToRightHandSide(of symbol: Int32, _ p: Polynomial, times scale: Rational = .one) {
        for t in p.terms { addTerm(to: symbol, scale.isOne ? t.coefficient : t.coefficient * scale, t.monomial) }
    }

    /// Net stoichiometries of the reaction being added (reused).
    @exclusivity(unchecked) private var netScratch: [(Int32, Int)] = []

    /// The net stoichiometry of each species of one reaction, in order of first appearance
    /// (a handful of species: a linear scan beats hashing), in a reused buffer.
    func netStoichiometry(reactants: ArraySlice<(symbol: Int32, count: Int)>,
                          products: ArraySlice<(symbol: Int32, count: Int)>) -> [(Int32, Int)] {
        netScratch.removeAll(keepingCapacity: true)
        for (x, m) in reactants {
            if let k = netScratch.firstIndex(where: { $0.0 == x }) { netScratch[k].1 -= m } else { netScratch.append((x, -m)) }
        }
        for (x, m) in products {
            if let k = netScratch.firstIndex(where: { $0.0 == x }) { netScratch[k].1 += m } else { netScratch.append((x, m)) }
        }
        return netScratch
    }

    /// Mass action, the one builder every reaction reader uses: the flux
    /// `coefficient · rateMonomial · Π reactants^count`, added to every species with a nonzero
    /// net stoichiometry except fixed species (BioNetGen `$`), whose derivative stays 0.
    func addMassAction(reactants: ArraySlice<(symbol: Int32, count: Int)>, products: ArraySlice<(symbol: Int32, count: Int)>,
                       coefficient: Rational, rateMonomial: Monomial) {
        let net = netStoichiometry(reactants: reactants, products: products)
        var factors = FactorBuffer()
        for r in reactants where r.count > 0 { factors.append(Monomial.pack(r.symbol, UInt32(r.count))) }
        for f in rateMonomial.powers { factors.append(f) }
        let monomial = factors.sortedMonomial
        let anyFixed = !fixedSpecies.isEmpty
        for (x, n) in net where n != 0 && !(anyFixed && fixedSpecies.contains(x)) {
            addTerm(to: x, n == 1 ? coefficient : coefficient * Rational(n), monomial)
        }
    }

    /// Adds one term to the right-hand side of species `symbol`.
    func addTerm(to symbol: Int32, _ coefficient: Rational, _ monomial: Monomial) {
        if coefficient.isZero { return }
        pendingSpecies.append(symbol)
        pendingTerms.append(Term(coefficient, monomial))
    }

    /// The accumulated right-hand side of every symbol (index = symbol id): the pending terms
    /// grouped by a counting sort, then each group combined by ``PolynomialBuilder``.
    private func accumulatedRightHandSides() -> [Polynomial] {
        var start = [Int](repeating: 0, count: names.count + 1)
        for s in pendingSpecies { start[Int(s) + 1] += 1 }
        for i in 0..<names.count { start[i + 1] += start[i] }
        var cursor = start
        var order = [Int32](repeating: 0, count: pendingTerms.count)  // term indices grouped by species
        for (k, s) in pendingSpecies.enumerated() {
            order[cursor[Int(s)]] = Int32(k)
            cursor[Int(s)] += 1
        }
        let terms = pendingTerms
        return (0..<names.count).map { i in
            start[i] == start[i + 1] ? .zero
                : PolynomialBuilder(terms: order[start[i]..<start[i + 1]].lazy.map { terms[Int($0)] }).build()
        }
    }

    /// Sets the right-hand side of `symbol` (ODE form); returns false if it was already set.
    func setRightHandSide(of symbol: Int32, _ p: Polynomial) -> Bool {
        if explicitRightHandSides[symbol] != nil { return false }
        explicitRightHandSides[symbol] = p
        return true
    }

    /// Refuses a polynomial whose coefficients would exceed ``SymbolicLimits/maximumNumberBits``
    /// once parameter values are substituted (``ODEModel/substitutingParameterValues()``
    /// must not make GMP run out of memory); the error points at the parameter's first use.
    private func checkSubstitution(_ p: Polynomial, _ source: SourceText) throws(LocatedInputError) {
        if parameterValues.isEmpty && parameterDefinitions.isEmpty { return }  // nothing is substituted
        if !parameterDefinitions.isEmpty { try checkDefinitionExpansion(p, source) }
        for t in p.terms {
            var bits = t.coefficient.bitSize
            var largest: (symbol: Int32, bits: Int)? = nil
            for f in t.monomial.powers {
                let symbol = f.symbol
                guard let v = parameterValues[symbol] else { continue }
                let (b, o) = v.bitSize.multipliedReportingOverflow(by: f.exponent)
                let factorBits = o ? Int.max / 2 : Swift.min(b, Int.max / 2)
                bits = Swift.min(bits + factorBits, Int.max / 2)
                if factorBits > (largest?.bits ?? -1) { largest = (symbol, factorBits) }
            }
            if bits > SymbolicLimits.maximumNumberBits, let largest {
                let name = names[Int(largest.symbol)]
                throw source.error(at: firstUse[Int(largest.symbol)],
                                   "expected numbers of at most \(SymbolicLimits.maximumNumberBits) bits once parameter values are substituted / found a power of '\(name)' of about \(bits) bits")
            }
        }
    }

    /// Refuses a polynomial whose substitution of parameter values and irrational definitions
    /// (``ODEModel/substitutingParameterValues()``) would exceed a limit of ``SymbolicLimits``,
    /// by doing it once here, where the error can point at the parameter's first use.
    private func checkDefinitionExpansion(_ p: Polynomial, _ source: SourceText) throws(LocatedInputError) {
        guard let first = p.symbols.first(where: { parameterDefinitions[$0] != nil }) else { return }
        if substitutionMap == nil {
            var map: [Int32: Polynomial] = [:]
            for (s, v) in parameterValues { map[s] = Polynomial(constant: v) }
            for (s, d) in parameterDefinitions { map[s] = d }
            substitutionMap = map
        }
        do { _ = try p.substituting(substitutionMap!) } catch {
            throw source.error(at: firstUse[Int(first)], "\(error.description) once the irrational value of '\(LocatedInputError.excerpt(names[Int(first)]))' is substituted")
        }
    }

    /// Parameter values and definitions by symbol, for ``checkDefinitionExpansion(_:_:)``.
    @exclusivity(unchecked) private var substitutionMap: [Int32: Polynomial]? = nil

    /// Resolves roles and produces the model; checks that substituting parameter values stays within limits.
    func build(_ source: SourceText) throws(LocatedInputError) -> ODEModel {
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
                                        expression: parameterExpressions[s], definition: parameterDefinitions[s],
                                        atom: atom(of: s)))
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
        let accumulated = accumulatedRightHandSides()
        for v in variables {
            var p = accumulated[Int(v.symbol)]
            if let explicit = explicitRightHandSides[v.symbol] { p = p + explicit }
            try checkSubstitution(p, source)
            equations.append(p)
        }
        for view in views { try checkSubstitution(view.polynomial, source) }
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
        var model = ODEModel(
            name: modelName, symbols: symbols, variables: variables, parameters: parameters,
            equations: equations, partition: partition,
            views: views.map { View(name: $0.name, polynomial: $0.polynomial) },
            ignoredCommands: ignoredCommands,
            fixedVariables: Set(fixedSpecies.compactMap { variableIndex[$0] }))
        model.statedAsReactions = sawReactions && !sawEquations
        return model
    }
}
