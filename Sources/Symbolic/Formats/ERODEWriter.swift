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
    /// In the reactions form, a term c·m of dX/dt becomes `m -> m - X , -c` when c < 0
    /// and X divides m (consumption), else `m -> m + X , c` (negative rates allowed);
    /// constant terms have no mass-action reading and are refused.
    /// - Parameter comments: extra `//` lines placed after `begin model`.
    /// `2*A + B`; counts above ``SymbolicLimits/maximumExponent`` (what readers accept per
    /// entry) are split into repeated entries, `1000*A + 1*A`.
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

    public static func write(_ model: ODEModel, form: Form = .odes, comments: [String] = []) throws(WriteError) -> String {
        var out = ""
        out.reserveCapacity(model.equations.reduce(0) { $0 + $1.count } * 24 + 1024)
        let name = sanitize(model.name)
        out += "begin model \(name)\n"
        for c in comments { out += "// \(c)\n" }
        let symbolic = model.parameters.filter { $0.value == nil }
        if !symbolic.isEmpty {
            out += "// symbolic parameters (no value): \(symbolic.map(\.name).joined(separator: ", "))\n"
        }
        let valued = model.parameters.filter { $0.value != nil }
        if !valued.isEmpty {
            out += " begin parameters\n"
            for p in valued { out += "  \(p.name) = \(p.value!)\n" }
            out += " end parameters\n"
        }
        out += " begin init\n"
        for v in model.variables {
            out += "  \(v.name)"
            if !v.initialValue.isZero { out += " = \(v.initialValue)" }
            if let original = v.originalName { out += " // \(original)" }
            out += "\n"
        }
        out += " end init\n"
        if let partition = model.partition, partition.count > 1 {
            out += " begin partition\n"
            out += "  " + partition.map { "{" + $0.map { model.variables[$0].name }.joined(separator: ",") + "}" }.joined(separator: ",\n  ") + "\n"
            out += " end partition\n"
        }
        let names = { (s: Int32) in model.symbols[Int(s)].name }
        switch form {
        case .odes:
            out += " begin ODE\n"
            for (i, v) in model.variables.enumerated() {
                out += "  d(\(v.name)) = \(model.equations[i].formatted(names))\n"
            }
            out += " end ODE\n"
        case .reactions:
            out += " begin reactions\n"
            for (i, v) in model.variables.enumerated() {
                for t in model.equations[i].terms {
                    // Split the monomial into species (reactants) and parameters (rate).
                    var species: [(Int32, Int)] = []
                    var rate = Polynomial(t.coefficient, .one)
                    for (s, e) in t.monomial.factors {
                        if model.variableIndex(ofSymbol: s) != nil { species.append((s, e)) } else {
                            rate = rate * Polynomial(.one, Monomial(symbol: s, exponent: e))
                        }
                    }
                    if species.isEmpty {
                        throw WriteError(description: "d(\(v.name)) has a constant term \(rate.formatted(names)), which no mass-action reaction produces; use the ODE form")
                    }
                    let reactants = complexText(species, names)
                    var products = species
                    // Consumption keeps products non-empty (ERODE wants a product); else a signed production.
                    let consumes = t.coefficient.signum < 0 && species.contains { $0.0 == v.symbol }
                        && species.reduce(0, { $0 + $1.1 }) > 1
                    if consumes {
                        products = products.compactMap { $0.0 == v.symbol ? ($0.1 > 1 ? ($0.0, $0.1 - 1) : nil) : $0 }
                        rate = -rate
                    } else if let k = products.firstIndex(where: { $0.0 == v.symbol }) {
                        products[k].1 += 1
                    } else {
                        products.append((v.symbol, 1))
                    }
                    let productText = complexText(products, names)
                    out += "  \(reactants) -> \(productText) , \(rate.formatted(names))\n"
                }
            }
            out += " end reactions\n"
        }
        if !model.views.isEmpty {
            out += " begin views\n"
            for view in model.views { out += "  \(view.name) = \(view.polynomial.formatted(names))\n" }
            out += " end views\n"
        }
        out += "end model\n"
        return out
    }

    static func sanitize(_ name: String) -> String {
        let cleaned = String(name.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        guard let first = cleaned.first, first.isLetter || first == "_" else { return "m" + cleaned }
        return cleaned
    }
}
