extension ModelJSON {
    /// Reads a model written by ``write(_:)`` (or by hand in the same format).
    ///
    /// Every error is one line with the position of the offending JSON value: a missing or
    /// mistyped field, a name declared twice, an undeclared symbol in a term, a repeated symbol
    /// in one monomial or a repeated monomial in one polynomial, an equation missing or given
    /// twice, an exponent or a degree above ``SymbolicLimits/maximumDegree``.
    /// - Complexity: O(size of the text) plus sorting each polynomial's terms.
    public static func read(bytes: [UInt8], file: String? = nil) throws(LocatedInputError) -> ODEModel {
        let document = try JSONDocument.parse(bytes: bytes, file: file)
        var reader = Reader(bytes: bytes, file: file)
        return try reader.model(document)
    }

    /// The atom an irrational constant's canonical text stands for (`ln(2)`, `(2^(1/3))`), read
    /// with the model language's constant rules; `nil` when the text is not one atom.
    static func atom(named text: String) -> ConstantAtom? {
        let builder = ModelBuilder(name: "atom")
        guard (try? builder.declareParameter("value", value: text)) != nil, let m = try? builder.build(),
              let p = m.parameters.first(where: { $0.name == "value" }), let d = p.definition, d.terms.count == 1,
              d.terms[0].coefficient == .one else { return nil }
        let factors = d.terms[0].monomial.factors
        guard factors.count == 1, factors[0].exponent == 1, let atom = m.parameterAtom(ofSymbol: factors[0].symbol),
              atom.text == text else { return nil }
        return atom
    }

    /// A JSON model being read: names declared so far, and positions for errors.
    private struct Reader {
        let bytes: [UInt8]
        let file: String?
        var symbols: [ModelSymbol] = []
        var symbolOfName: [String: Int32] = [:]
        /// Where a name was declared, for the duplicate message.
        var declaredAt: [String: [JSONPathComponent]] = [:]

        init(bytes: [UInt8], file: String?) {
            self.bytes = bytes
            self.file = file
        }

        func error(_ path: [JSONPathComponent], _ message: String) -> LocatedInputError {
            let location = JSONLocator.offset(of: path, in: bytes).map { JSONLocator.location(of: $0, in: bytes) }
            return LocatedInputError(file: file, location: location, message: message)
        }

        func location(_ path: [JSONPathComponent]) -> String {
            JSONLocator.offset(of: path, in: bytes).map { JSONLocator.location(of: $0, in: bytes).description } ?? "?"
        }

        func array(_ value: JSONDocument?, _ path: [JSONPathComponent], _ what: String) throws(LocatedInputError) -> [JSONDocument] {
            guard let value else { throw error(path.dropLast().map { $0 }, "expected the key '\(key(path))' (\(what)) / found no such key") }
            guard case .array(let items) = value else { throw error(path, "expected \(what) as a JSON array / found another JSON value") }
            return items
        }

        func string(_ value: JSONDocument?, _ path: [JSONPathComponent], _ what: String) throws(LocatedInputError) -> String {
            guard let value else { throw error(path.dropLast().map { $0 }, "expected the key '\(key(path))' (\(what)) / found no such key") }
            guard case .string(let s) = value else { throw error(path, "expected \(what) as a JSON string / found another JSON value") }
            return s
        }

        /// Refuses a key the format does not have (a misspelt `initial_value` would otherwise be
        /// a silent 0) and a key given twice.
        func checkKeys(_ value: JSONDocument, _ allowed: Set<String>, _ path: [JSONPathComponent], _ what: String) throws(LocatedInputError) {
            guard case .object(let pairs) = value else { throw error(path, "expected \(what) as a JSON object / found another JSON value") }
            var seen = Set<String>()
            for (k, _) in pairs {
                if !allowed.contains(k) {
                    throw error(path + [.key(k)], "expected only the keys \(allowed.sorted().joined(separator: ", ")) in \(what) / found '\(LocatedInputError.excerpt(k))'")
                }
                if !seen.insert(k).inserted { throw error(path, "expected each key once in \(what) / found '\(LocatedInputError.excerpt(k))' twice") }
            }
        }

        func key(_ path: [JSONPathComponent]) -> String {
            if case .key(let k)? = path.last { return k }
            return "?"
        }

        /// An exact rational: a string such as `"-3/7"` or `"0.1"`, or a JSON number read as the decimal it spells.
        func rational(_ value: JSONDocument?, _ path: [JSONPathComponent], _ what: String) throws(LocatedInputError) -> Rational {
            let text: String
            switch value {
            case .string(let s)?: text = s
            case .number(let s)?: text = s
            case nil: throw error(path.dropLast().map { $0 }, "expected the key '\(key(path))' (\(what)) / found no such key")
            default: throw error(path, "expected \(what) as an exact number in a string such as \"-3/7\" / found another JSON value")
            }
            do { return try Rational(parsing: text) } catch {
                throw self.error(path, "expected \(what) as an exact number such as \"-3/7\" or \"0.1\" / found '\(LocatedInputError.excerpt(text))': \(error.message)")
            }
        }

        mutating func declare(_ name: String, _ kind: ModelSymbol.Kind, _ path: [JSONPathComponent]) throws(LocatedInputError) -> Int32 {
            if name.isEmpty { throw error(path, "expected a non-empty name / found \"\"") }
            if let first = declaredAt[name] {
                throw error(path, "expected each name once / found a second '\(LocatedInputError.excerpt(name))' (the first is at \(location(first)))")
            }
            let symbol = Int32(symbols.count)
            symbols.append(ModelSymbol(name: name, kind: kind))
            symbolOfName[name] = symbol
            declaredAt[name] = path
            return symbol
        }

        /// A polynomial: an array of terms `{"coefficient", "symbols", "exponents"}` over declared names.
        func polynomial(_ value: JSONDocument?, _ path: [JSONPathComponent], allowed: (Int32) -> Bool = { _ in true },
                        restriction: String = "") throws(LocatedInputError) -> Polynomial {
            let items = try array(value, path, "an array of terms")
            var terms: [Term] = []
            terms.reserveCapacity(items.count)
            var seen: [Monomial: Int] = [:]
            for (k, item) in items.enumerated() {
                let at = path + [.index(k)]
                try checkKeys(item, ["coefficient", "symbols", "exponents"], at, "a term")
                let c = try rational(item["coefficient"], at + [.key("coefficient")], "the coefficient")
                let names = try array(item["symbols"], at + [.key("symbols")], "the symbols of the term")
                let exponents = try array(item["exponents"], at + [.key("exponents")], "the exponents of the term")
                if names.count != exponents.count {
                    throw error(at + [.key("exponents")], "expected one exponent per symbol (\(names.count)) / found \(exponents.count)")
                }
                var factors: [(symbol: Int32, exponent: Int)] = []
                var inTerm = Set<Int32>()
                for (f, n) in names.enumerated() {
                    let name = try string(n, at + [.key("symbols"), .index(f)], "a symbol name")
                    guard let s = symbolOfName[name] else {
                        throw error(at + [.key("symbols"), .index(f)], "expected a declared variable or parameter / found '\(LocatedInputError.excerpt(name))'")
                    }
                    if !allowed(s) {
                        throw error(at + [.key("symbols"), .index(f)], "expected \(restriction) / found '\(LocatedInputError.excerpt(name))'")
                    }
                    if !inTerm.insert(s).inserted {
                        throw error(at + [.key("symbols"), .index(f)], "expected each symbol once per term / found '\(LocatedInputError.excerpt(name))' twice")
                    }
                    let e = exponents[f]
                    // Products of powers exceed the readers' per-literal limit (x^1000·x^1000), so the
                    // bound is the degree limit.
                    guard case .number(let text) = e, let exponent = Int(text), exponent >= 1, exponent <= SymbolicLimits.maximumDegree else {
                        throw error(at + [.key("exponents"), .index(f)], "expected an integer exponent from 1 to \(SymbolicLimits.maximumDegree) / found another value")
                    }
                    factors.append((s, exponent))
                }
                let degree = factors.reduce(0) { $0 + $1.exponent }
                if degree > SymbolicLimits.maximumDegree {
                    throw error(at + [.key("exponents")], "expected a term of degree at most \(SymbolicLimits.maximumDegree) / found degree \(degree)")
                }
                let m = Monomial(factors: factors)
                if let first = seen[m] {
                    throw error(at, "expected each monomial once per polynomial / found the monomial of term \(first + 1) again")
                }
                seen[m] = k
                if !c.isZero { terms.append(Term(c, m)) }
            }
            return Polynomial(terms: terms)
        }

        mutating func model(_ root: JSONDocument) throws(LocatedInputError) -> ODEModel {
            guard case .object = root else { throw error([], "expected a JSON object with \"format\": \"\(formatName)\" / found another JSON value") }
            let format = try string(root["format"], [.key("format")], "the format name")
            if format != formatName { throw error([.key("format")], "expected the format \"\(formatName)\" / found \"\(LocatedInputError.excerpt(format))\"") }
            try checkKeys(root, ["format", "version", "name", "comments", "variables", "parameters", "equations", "views", "partition", "fixed", "stated_as"], [], "the model")
            guard case .number(let v)? = root["version"], Int(v) == version else {
                throw error([.key("version")], "expected \"version\": \(version) / found another value")
            }
            let name: String
            if root["name"] == nil { name = "model" } else { name = try string(root["name"], [.key("name")], "the model name") }

            // Declarations first, so terms may use any name.
            let variableItems = try array(root["variables"], [.key("variables")], "the variables")
            var variables: [Variable] = []
            for (i, item) in variableItems.enumerated() {
                let at: [JSONPathComponent] = [.key("variables"), .index(i)]
                try checkKeys(item, ["name", "initial_value", "original_name"], at, "a variable")
                let n = try string(item["name"], at + [.key("name")], "the variable's name")
                let symbol = try declare(n, .variable(i), at + [.key("name")])
                let initial = item["initial_value"] == nil ? Rational.zero
                    : try rational(item["initial_value"], at + [.key("initial_value")], "the initial value")
                let original = item["original_name"] == nil ? nil : try string(item["original_name"], at + [.key("original_name")], "the original name")
                variables.append(Variable(name: n, symbol: symbol, initialValue: initial, originalName: original))
            }
            let parameterItems = root["parameters"] == nil ? [] : try array(root["parameters"], [.key("parameters")], "the parameters")
            var parameters: [Parameter] = []
            for (j, item) in parameterItems.enumerated() {
                let at: [JSONPathComponent] = [.key("parameters"), .index(j)]
                try checkKeys(item, ["name", "value", "atom", "approximation", "definition", "expression"], at, "a parameter")
                let n = try string(item["name"], at + [.key("name")], "the parameter's name")
                let symbol = try declare(n, .parameter(j), at + [.key("name")])
                var p = Parameter(name: n, symbol: symbol, value: nil)
                if item["value"] != nil { p.value = try rational(item["value"], at + [.key("value")], "the value") }
                if item["expression"] != nil { p.expression = try string(item["expression"], at + [.key("expression")], "the expression") }
                if let atom = item["atom"] {
                    guard atom == .bool(true) else { throw error(at + [.key("atom")], "expected \"atom\": true / found another value") }
                    guard case .number(let text)? = item["approximation"], let x = Double(text), x.isFinite else {
                        throw error(item["approximation"] == nil ? at : at + [.key("approximation")], "expected the atom's double 'approximation' as a finite JSON number / found none")
                    }
                    // The name is the atom: it must read as that irrational constant (every writer
                    // spells an atom by its name), and its value must be the one given.
                    guard let parsed = ModelJSON.atom(named: n) else {
                        throw error(at + [.key("name")], "expected an atom's name to be its canonical constant expression, such as 'ln(2)' / found '\(LocatedInputError.excerpt(n))'")
                    }
                    guard abs(parsed.approximation - x) <= 1e-12 * max(abs(x), abs(parsed.approximation)) else {
                        throw error(at + [.key("approximation")], "expected the approximation of '\(LocatedInputError.excerpt(n))', \(parsed.approximation) / found \(x)")
                    }
                    p.atom = parsed
                }
                let kinds = [p.value != nil, p.atom != nil, item["definition"] != nil].filter { $0 }.count
                if kinds > 1 { throw error(at, "expected at most one of 'value', 'atom', 'definition' / found \(kinds)") }
                parameters.append(p)
            }
            // Definitions are polynomials in atoms, read once every atom is declared.
            let isAtom = Set(parameters.filter { $0.atom != nil }.map(\.symbol))
            for (j, item) in parameterItems.enumerated() where item["definition"] != nil {
                let at: [JSONPathComponent] = [.key("parameters"), .index(j), .key("definition")]
                parameters[j].definition = try polynomial(item["definition"], at, allowed: { isAtom.contains($0) },
                                                          restriction: "an atom (a parameter with \"atom\": true)")
            }

            let equationItems = try array(root["equations"], [.key("equations")], "the equations")
            var equations = [Polynomial?](repeating: nil, count: variables.count)
            var equationAt = [[JSONPathComponent]?](repeating: nil, count: variables.count)
            for (k, item) in equationItems.enumerated() {
                let at: [JSONPathComponent] = [.key("equations"), .index(k)]
                try checkKeys(item, ["variable", "terms"], at, "an equation")
                let n = try string(item["variable"], at + [.key("variable")], "the equation's variable")
                guard let s = symbolOfName[n], case .variable(let i) = symbols[Int(s)].kind else {
                    throw error(at + [.key("variable")], "expected a declared variable / found '\(LocatedInputError.excerpt(n))'")
                }
                if let first = equationAt[i] {
                    throw error(at + [.key("variable")], "expected one equation per variable / found a second one for '\(LocatedInputError.excerpt(n))' (the first is at \(location(first)))")
                }
                equationAt[i] = at
                equations[i] = try polynomial(item["terms"], at + [.key("terms")])
            }
            if let missing = equations.firstIndex(where: { $0 == nil }) {
                throw error([.key("equations")], "expected one equation per variable / found none for '\(LocatedInputError.excerpt(variables[missing].name))'")
            }

            var views: [View] = []
            if root["views"] != nil {
                var viewNames = Set<String>()
                for (k, item) in try array(root["views"], [.key("views")], "the views").enumerated() {
                    let at: [JSONPathComponent] = [.key("views"), .index(k)]
                    try checkKeys(item, ["name", "terms"], at, "a view")
                    let n = try string(item["name"], at + [.key("name")], "the view's name")
                    if !viewNames.insert(n).inserted { throw error(at + [.key("name")], "expected each view name once / found a second '\(LocatedInputError.excerpt(n))'") }
                    views.append(View(name: n, polynomial: try polynomial(item["terms"], at + [.key("terms")])))
                }
            }
            func variableIndex(_ item: JSONDocument, _ at: [JSONPathComponent]) throws(LocatedInputError) -> Int {
                let n = try string(item, at, "a variable name")
                guard let s = symbolOfName[n], case .variable(let i) = symbols[Int(s)].kind else {
                    throw error(at, "expected a declared variable / found '\(LocatedInputError.excerpt(n))'")
                }
                return i
            }
            var partition: [[Int]]? = nil
            if root["partition"] != nil {
                var blocks: [[Int]] = []
                var blockOf = [Int?](repeating: nil, count: variables.count)
                for (b, item) in try array(root["partition"], [.key("partition")], "the partition").enumerated() {
                    let members = try array(item, [.key("partition"), .index(b)], "a block of variable names")
                    if members.isEmpty { throw error([.key("partition"), .index(b)], "expected a block with at least one variable / found []") }
                    var block: [Int] = []
                    for (m, member) in members.enumerated() {
                        let i = try variableIndex(member, [.key("partition"), .index(b), .index(m)])
                        if blockOf[i] != nil { throw error([.key("partition"), .index(b), .index(m)], "expected each variable in one block / found '\(LocatedInputError.excerpt(variables[i].name))' again") }
                        blockOf[i] = b
                        block.append(i)
                    }
                    blocks.append(block)
                }
                if let missing = blockOf.firstIndex(where: { $0 == nil }) {
                    throw error([.key("partition")], "expected every variable in a block / found '\(LocatedInputError.excerpt(variables[missing].name))' in none")
                }
                partition = blocks
            }
            var fixed = Set<Int>()
            if root["fixed"] != nil {
                for (k, item) in try array(root["fixed"], [.key("fixed")], "the fixed variables").enumerated() {
                    let i = try variableIndex(item, [.key("fixed"), .index(k)])
                    if !equations[i]!.isZero { throw error([.key("fixed"), .index(k)], "expected a fixed variable to have the equation 0 / found terms for '\(LocatedInputError.excerpt(variables[i].name))'") }
                    if !fixed.insert(i).inserted { throw error([.key("fixed"), .index(k)], "expected each fixed variable once / found '\(LocatedInputError.excerpt(variables[i].name))' again") }
                }
            }
            var model = ODEModel(name: name, symbols: symbols, variables: variables, parameters: parameters,
                                 equations: equations.map { $0! }, partition: partition, views: views, fixedVariables: fixed)
            if root["stated_as"] != nil {
                switch try string(root["stated_as"], [.key("stated_as")], "how the dynamics were stated") {
                case "reactions": model.statedAsReactions = true
                case "equations": model.statedAsReactions = false
                case let other: throw error([.key("stated_as")], "expected \"reactions\" or \"equations\" / found '\(LocatedInputError.excerpt(other))'")
                }
            }
            return model
        }
    }
}
