/// Writes an ``ODEModel`` as ERODE `.ode` text that ERODE's parsers and CLUE's read.
///
/// One declaration per line, only `//` comments, single spaces in `begin xxx`,
/// no commands inside the model. Parameters with values go to `begin parameters`;
/// symbolic parameters (no value) are listed in a comment and used by name.
public enum ERODEWriter {
    /// The shape of the dynamics section.
    public enum Form: String, Sendable, CaseIterable {
        /// `begin ODE` with `d(X) = …`.
        case odes
        /// `begin reactions`, one mass-action reaction per term.
        case reactions
    }

    /// Why a model cannot be written in the requested form.
    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The `.ode` text.
    ///
    /// Names ERODE's or CLUE's grammar would refuse (a leading `_`, a keyword such as `end`,
    /// a clash) are written renamed (``ERODENames``); a renamed species keeps its model name
    /// as its original name `( "…" )`.
    ///
    /// In the reactions form, a term c·m of dX/dt with species part m becomes, as ERODE writes
    /// reactions: `m -> m - X , -c` when c < 0, X divides m and m has another factor
    /// (consumption); `X -> SINK , -c` when c < 0 and m = X (a degradation into a sink species
    /// that only accumulates); `I -> I + X , c` for a constant term (an inflow from ERODE's
    /// constant species `I = 1`, kept in a block of its own); else `m -> m + X , c`. The sink
    /// and `I` are extra species, named so that they clash with no name of the model.
    /// - Parameter comments: extra `//` lines placed after `begin model`.
    public static func write(_ model: ODEModel, form: Form = .odes, comments: [String] = []) throws(WriteError) -> String {
        var names = ERODENames(model)
        let symbolName = { (s: Int32) in names.symbols[Int(s)] }
        var out = ""
        out.reserveCapacity(model.equations.reduce(0) { $0 + $1.count } * 24 + 1024)
        out += "begin model \(sanitize(model.name))\n"
        for c in comments { out += "// \(LocatedInputError.singleLine(c))\n" }
        for r in names.renamed where !r.isSpecies {
            out += "// '\(LocatedInputError.excerpt(r.from))' is written as \(r.to) (not a name ERODE and CLUE read)\n"
        }
        let symbolic = model.parameters.filter(\.isSymbolic)
        if !symbolic.isEmpty {
            out += "// symbolic parameters (no value): \(symbolic.map { symbolName($0.symbol) }.joined(separator: ", "))\n"
        }
        let atoms = model.constantAtoms
        if !atoms.isEmpty {
            out += "// irrational constants, exact symbols written as expressions: \(atoms.map { "\($0.text) ≈ \($0.approximation)" }.joined(separator: ", "))\n"
        }
        let valued = model.parameters.filter { $0.value != nil || $0.definition != nil }
        if !valued.isEmpty {
            out += " begin parameters\n"
            for p in valued { out += "  \(symbolName(p.symbol)) = \(p.value.map(\.description) ?? p.definition!.formatted(symbolName))\n" }
            out += " end parameters\n"
        }
        // The reactions form's auxiliary species, when some term needs them.
        var reactionLines = ""
        var sink: String? = nil, inflow: String? = nil
        if form == .reactions {
            for (i, v) in model.variables.enumerated() {
                for t in model.equations[i].terms {
                    reactionLines += reactionLine(t, of: v, in: model, symbolName) { (kind: Auxiliary) -> String in
                        switch kind {
                        case .sink:
                            if sink == nil { sink = names.fresh("SINK") }
                            return sink!
                        case .inflow:
                            if inflow == nil { inflow = names.fresh("I") }
                            return inflow!
                        }
                    }
                }
            }
        }
        out += " begin init\n"
        for v in model.variables {
            out += "  \(symbolName(v.symbol))"
            if !v.initialValue.isZero { out += " = \(v.initialValue)" }
            if let original = names.originalName(of: v) { out += " ( \"\(original)\" )" }
            out += "\n"
        }
        if let inflow { out += "  \(inflow) = 1\n" }
        if let sink { out += "  \(sink)\n" }
        out += " end init\n"
        var blocks = (model.partition ?? []).map { $0.map { symbolName(model.variables[$0].symbol) } }
        if blocks.count == 1 && inflow == nil && sink == nil { blocks = [] }  // one block says nothing
        if !blocks.isEmpty {
            if let inflow { blocks.append([inflow]) }
            if let sink { blocks.append([sink]) }
            out += " begin partition\n"
            out += "  " + blocks.map { "{" + $0.joined(separator: ",") + "}" }.joined(separator: ",\n  ") + "\n"
            out += " end partition\n"
        }
        switch form {
        case .odes:
            out += " begin ODE\n"
            for (i, v) in model.variables.enumerated() {
                out += "  d(\(symbolName(v.symbol))) = \(model.equations[i].formatted(symbolName))\n"
            }
            out += " end ODE\n"
        case .reactions:
            out += " begin reactions\n" + reactionLines + " end reactions\n"
        }
        if !model.views.isEmpty {
            out += " begin views\n"
            for (k, view) in model.views.enumerated() { out += "  \(names.views[k]) = \(view.polynomial.formatted(symbolName))\n" }
            out += " end views\n"
        }
        out += "end model\n"
        return out
    }

    /// A reaction side such as `2*A + B`; counts above ``SymbolicLimits/maximumExponent`` (what
    /// readers accept per entry) are split into repeated entries, `1000*A + 1*A`.
    static func complexText(_ entries: [(Int32, Int)], _ names: (Int32) -> String) -> String {
        var parts: [String] = []
        for (symbol, count) in entries {
            var rest = count
            while rest > 0 {
                let c = Swift.min(rest, SymbolicLimits.maximumExponent)
                parts.append(c == 1 ? names(symbol) : "\(c)*\(names(symbol))")
                rest -= c
            }
        }
        return parts.joined(separator: " + ")
    }

    /// The auxiliary species a reaction may need.
    enum Auxiliary { case sink, inflow }

    /// One mass-action reaction for the term `t` of dX/dt (see ``write(_:form:comments:)``).
    static func reactionLine(_ t: Term, of v: Variable, in model: ODEModel, _ names: (Int32) -> String,
                             auxiliary: (Auxiliary) -> String) -> String {
        // Split the monomial into species (reactants) and parameters (rate).
        var species: [(Int32, Int)] = []
        var rate = Polynomial(t.coefficient, .one)
        for (s, e) in t.monomial.factors {
            if model.variableIndex(ofSymbol: s) != nil { species.append((s, e)) } else {
                rate = rate * Polynomial(.one, Monomial(symbol: s, exponent: e))
            }
        }
        let x = names(v.symbol)
        if species.isEmpty {
            let i = auxiliary(.inflow)
            return "  \(i) -> \(i) + \(x) , \(rate.formatted(names))\n"
        }
        let reactants = complexText(species, names)
        let degree = species.reduce(0) { $0 + $1.1 }
        if t.coefficient.signum < 0 && species.contains(where: { $0.0 == v.symbol }) {
            if degree == 1 { return "  \(reactants) -> \(auxiliary(.sink)) , \((-rate).formatted(names))\n" }
            // Consumption: one X fewer among the products.
            let products = species.compactMap { $0.0 == v.symbol ? ($0.1 > 1 ? ($0.0, $0.1 - 1) : nil) : $0 }
            return "  \(reactants) -> \(complexText(products, names)) , \((-rate).formatted(names))\n"
        }
        // Production (a negative rate when c < 0 and X is not a reactant).
        var products = species
        if let k = products.firstIndex(where: { $0.0 == v.symbol }) { products[k].1 += 1 } else { products.append((v.symbol, 1)) }
        return "  \(reactants) -> \(complexText(products, names)) , \(rate.formatted(names))\n"
    }

    /// The model name as ERODE's `begin model ID` and CLUE's `begin\s+model\s+(\w+)` read it.
    static func sanitize(_ name: String) -> String { ERODENames.cleaned(name) }
}
