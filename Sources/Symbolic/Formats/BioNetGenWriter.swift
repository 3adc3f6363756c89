/// Writes an ``ODEModel`` as a BioNetGen `.net` file (parameters, species, reactions, groups),
/// for models whose dynamics mass action can express.
///
/// The reactions are ``ODEModel/massActionReactions(allowingNegativeRates:)``: the terms with
/// one monomial become one reaction when whole stoichiometries exist (a network's reactions
/// come back), else one reaction per term; a negative term without its own variable
/// (dX/dt = −k·Y) has no mass-action reaction, and the writer refuses the model naming it. The rate field is a parameter's name, or a generated parameter holding the
/// exact rate expression (BioNetGen's run_network takes only parameters as rate laws, not numbers). Species keep their original name
/// when it is a valid BioNetGen species string (one read from a `.net`), else become `Name()`;
/// fixed species are written with `$`; compartments named in species strings are declared
/// (volume 1: the rates already hold the volume factors). Views that are sums of species with
/// positive whole weights become groups (one namespace with the parameters, as in BioNetGen);
/// other views are left out
/// and listed in ``Output/omittedViews``. Values are exact (`p/q`), which BioNetGen reads as
/// expressions.
public enum BioNetGenWriter {
    /// The file text and what could not be written.
    public struct Output: Sendable {
        public var text: String
        /// Views that are not a group (not a positive whole combination of species).
        public var omittedViews: [String]
    }

    /// The `.net` text.
    /// - Throws: ``ERODEWriter/WriteError`` (one line) for a parameter without a value or a
    ///   term no mass-action reaction gives.
    public static func write(_ model: ODEModel, comments: [String] = []) throws(ERODEWriter.WriteError) -> Output {
        var names = Names()
        names.taken.formUnion(Names.reserved)   // generated names avoid them too
        let variableOf = model.variableIndexTable()
        // Parameter names: identifiers are kept, others (atoms such as `ln(2)`, BioNetGen's
        // reserved words) renamed.
        var parameterName = [String](repeating: "", count: model.symbols.count)
        for p in model.parameters where Names.isIdentifier(p.name) && !Names.reserved.contains(p.name) && !names.taken.contains(p.name) {
            names.taken.insert(p.name)
            parameterName[Int(p.symbol)] = p.name
        }
        for p in model.parameters where parameterName[Int(p.symbol)].isEmpty {
            parameterName[Int(p.symbol)] = names.fresh(Names.cleaned(p.name))
        }
        if let p = model.parameters.first(where: \.isSymbolic) {
            throw ERODEWriter.WriteError(description: "parameter '\(LocatedInputError.excerpt(p.name))' has no value; a BioNetGen .net file needs one for every parameter")
        }
        let symbolName = { (s: Int32) in parameterName[Int(s)] }

        var parameterLines: [String] = []
        for p in model.parameters {
            let value: String
            if let v = p.value { value = v.description }
            else if let a = p.atom { value = Names.muParser(a.text) }
            else { value = Names.muParser(p.definition!.formatted(symbolName)) }
            parameterLines.append("\(parameterName[Int(p.symbol)]) \(value)")
        }

        // Species strings.
        var speciesText: [String] = []
        var seenSpecies = Set<String>()
        for (i, v) in model.variables.enumerated() {
            var s: String
            if let o = v.originalName, BioNetGenSpeciesString.isValid(o), !seenSpecies.contains(o) { s = o } else {
                s = names.freshSpecies(Names.cleaned(v.name), avoiding: seenSpecies)
            }
            seenSpecies.insert(s)
            if model.fixedVariables.contains(i) {
                if s.hasPrefix("@"), let r = s.firstRange(of: "::") { s.insert("$", at: r.upperBound) } else { s = "$" + s }
            }
            speciesText.append(s)
        }

        var rateParameter: [String: String] = [:]   // rate expression → its parameter
        func rateField(_ r: Rational, _ parameters: [(symbol: Int32, exponent: Int)]) -> String {
            if r == .one, parameters.count == 1, parameters[0].exponent == 1 { return symbolName(parameters[0].symbol) }
            let expression = Polynomial(r, Monomial(factors: parameters)).formatted(symbolName)
            if let name = rateParameter[expression] { return name }
            let name = names.fresh("rate_\(rateParameter.count + 1)")
            rateParameter[expression] = name
            parameterLines.append("\(name) \(expression)")
            return name
        }
        func side(_ counts: [(variable: Int, count: Int)]) -> String {
            let indices = counts.flatMap { Array(repeating: String($0.variable + 1), count: $0.count) }
            return indices.isEmpty ? "0" : indices.joined(separator: ",")
        }
        let reactions: [MassActionReaction]
        do { reactions = try model.massActionReactions() } catch { throw ERODEWriter.WriteError(description: error.description) }
        let reactionLines = reactions.map { "\(side($0.reactants)) \(side($0.products)) \(rateField($0.rate, $0.rateParameters))" }

        // Views as groups: positive whole combinations of species.
        var groupLines: [String] = [], omitted: [String] = []
        for view in model.views {
            var entries: [String] = []
            var linear = !view.polynomial.isZero
            for t in view.polynomial.terms {
                let f = t.monomial.factors
                guard f.count == 1, f[0].exponent == 1, variableOf[Int(f[0].symbol)] >= 0, t.coefficient.signum > 0,
                      t.coefficient.denominatorValue == .one, let k = Int(t.coefficient.description) else { linear = false; break }
                let index = Int(variableOf[Int(f[0].symbol)]) + 1
                entries.append(k == 1 ? String(index) : "\(k)*\(index)")
            }
            if linear {
                // Groups share BioNetGen's one namespace with the parameters.
                let name = Names.isIdentifier(view.name) && !Names.reserved.contains(view.name) && !names.taken.contains(view.name)
                    ? view.name : names.fresh(Names.cleaned(view.name))
                names.taken.insert(name)
                groupLines.append("\(name) \(entries.joined(separator: ","))")
            } else {
                omitted.append(view.name)
            }
        }

        var out = "# \(LocatedInputError.singleLine(model.name)): written by odered\n"
        for c in comments { out += "# \(LocatedInputError.singleLine(c))\n" }
        out += "begin parameters\n"
        for (k, line) in parameterLines.enumerated() { out += "    \(k + 1) \(line)\n" }
        out += "end parameters\n"
        // Compartments the species strings name (`@EC::A()`, `A()@PM`), so that BioNetGen reads
        // them: volume 1 and no topology, because a .net's rates already contain the volume
        // factors and BioNetGen uses the compartments here only to read the species.
        let compartments = BioNetGenSpeciesString.compartments(in: speciesText)
        if !compartments.isEmpty {
            out += "begin compartments\n"
            for c in compartments { out += "    \(c) 3 1\n" }
            out += "end compartments\n"
        }
        out += "begin species\n"
        for (i, s) in speciesText.enumerated() { out += "    \(i + 1) \(s) \(model.variables[i].initialValue)\n" }
        out += "end species\nbegin reactions\n"
        for (k, line) in reactionLines.enumerated() { out += "    \(k + 1) \(line)\n" }
        out += "end reactions\n"
        if !groupLines.isEmpty {
            out += "begin groups\n"
            for (k, line) in groupLines.enumerated() { out += "    \(k + 1) \(line)\n" }
            out += "end groups\n"
        }
        return Output(text: out, omittedViews: omitted)
    }

    /// Names of a written `.net`: identifiers for parameters and groups, `Name()` for species
    /// without a species string; generated names avoid every name already taken.
    struct Names {
        var taken = Set<String>()

        static func isLetter(_ u: Unicode.Scalar) -> Bool { ("a"..."z").contains(u) || ("A"..."Z").contains(u) }
        static func isWord(_ u: Unicode.Scalar) -> Bool { isLetter(u) || ("0"..."9").contains(u) || u == "_" }

        static func isIdentifier(_ s: String) -> Bool {
            guard let first = s.unicodeScalars.first, first == "_" || isLetter(first) else { return false }
            return s.unicodeScalars.allSatisfy(isWord)
        }

        /// Names BioNetGen's expressions (muParser) reserve: its constants, functions and `time`.
        static let reserved: Set<String> = ["time", "_pi", "_e", "pi", "e", "sin", "cos", "tan", "asin", "acos", "atan",
                                            "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "log2", "log10", "log", "ln",
                                            "exp", "sqrt", "sign", "rint", "abs", "min", "max", "sum", "avg", "if"]

        /// An expression of odered's constant language in BioNetGen's spelling: the atom `pi()`
        /// is muParser's `_pi`.
        static func muParser(_ text: String) -> String {
            var out = "", rest = Substring(text)
            while let r = rest.firstRange(of: "pi()") {
                let before = rest[..<r.lowerBound]
                // Only the call `pi()`, not the end of a longer name such as `api()`.
                if let last = before.unicodeScalars.last, isWord(last) { out += rest[..<r.upperBound] } else { out += before + "_pi" }
                rest = rest[r.upperBound...]
            }
            return out + rest
        }

        /// `name` with every character that is not a letter, digit or `_` replaced by `_`,
        /// starting with a letter.
        static func cleaned(_ name: String) -> String {
            var s = String(name.unicodeScalars.map { isWord($0) ? Character($0) : "_" })
            if !(s.unicodeScalars.first.map(isLetter) ?? false) { s = "x" + s }
            return s
        }

        mutating func fresh(_ base: String) -> String { freshName(base, taken: &taken) }

        /// `base()`, or `base_2()`, … when that species string is taken.
        mutating func freshSpecies(_ base: String, avoiding species: Set<String>) -> String {
            var name = base, k = 1
            while species.contains(name + "()") || taken.contains("species " + name) {
                k += 1
                name = "\(base)_\(k)"
            }
            taken.insert("species " + name)
            return name + "()"
        }
    }
}

/// BioNetGen's species-string grammar (`A(b!1,s~P).B(a!1)`, `@C::A()`, `A(x)@EC`): molecules
/// `Name(component,…)` joined by `.`, each component `name`, optional states `~s` and bonds
/// `!1`, `!+`, `!?`; an optional compartment prefix `@C::` or suffix `@C` (per molecule too).
enum BioNetGenSpeciesString {
    /// The compartment names used by `species` (each a valid species string, `$` allowed), in
    /// order of first use.
    static func compartments(in species: [String]) -> [String] {
        var seen = Set<String>(), names: [String] = []
        for s in species {
            var rest = Substring(s)
            while let at = rest.firstIndex(of: "@") {
                rest = rest[rest.index(after: at)...]
                let name = String(rest.prefix { $0.unicodeScalars.allSatisfy(BioNetGenWriter.Names.isWord) })
                if !name.isEmpty, seen.insert(name).inserted { names.append(name) }
            }
        }
        return names
    }

    static func isValid(_ s: String) -> Bool {
        var scalars = Array(s.unicodeScalars)[...]
        func name() -> Bool {
            guard let f = scalars.first, f == "_" || BioNetGenWriter.Names.isLetter(f) else { return false }
            while let c = scalars.first, BioNetGenWriter.Names.isWord(c) { scalars.removeFirst() }
            return true
        }
        func word() -> Bool {   // states and bond labels: letters, digits, `_`
            guard let f = scalars.first, BioNetGenWriter.Names.isWord(f) else { return false }
            while let c = scalars.first, BioNetGenWriter.Names.isWord(c) { scalars.removeFirst() }
            return true
        }
        func compartmentSuffix() -> Bool {
            if scalars.first == "@" { scalars.removeFirst(); return name() }
            return true
        }
        if scalars.first == "@" {
            scalars.removeFirst()
            guard name(), scalars.first == ":" else { return false }
            scalars.removeFirst()
            guard scalars.first == ":" else { return false }
            scalars.removeFirst()
        }
        while true {
            guard name(), scalars.first == "(" else { return false }
            scalars.removeFirst()
            if scalars.first != ")" {
                while true {
                    guard name() else { return false }
                    while let c = scalars.first, c == "~" || c == "!" {
                        scalars.removeFirst()
                        if c == "!", let b = scalars.first, b == "+" || b == "?" { scalars.removeFirst() } else if !word() { return false }
                    }
                    if scalars.first == "," { scalars.removeFirst(); continue }
                    break
                }
            }
            guard scalars.first == ")" else { return false }
            scalars.removeFirst()
            guard compartmentSuffix() else { return false }
            if scalars.first == "." { scalars.removeFirst(); continue }
            return scalars.isEmpty
        }
    }
}
