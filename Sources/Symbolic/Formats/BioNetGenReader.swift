/// Reads BioNetGen `.net` reaction networks into an ``ODEModel``.
///
/// Sections: `parameters` (`index name expr`), `species` (`index name initial`;
/// a `$` prefix, or `$` after a compartment prefix `@C::`, marks a fixed species, whose
/// derivative stays zero), `reactions`
/// (`index reactants products rate`, species by index, `0` for none) and `groups`
/// (kept as views). BioNetGen's rate already contains symmetry factors and compartment
/// volume factors (BioNetGen writes them into each rate, e.g. `0.05*kp_LR`), so the
/// flux is rate·Π reactants. Functions (`begin functions`) that reactions use must be
/// polynomial (``BNGFunctions``); the rate laws `Sat`, `MM`, `Hill` are rejected;
/// parameter values may be irrational (``ConstantAtom``; `log` is base 10 as in
/// BioNetGen's muParser); a line ending in `\` continues on the next;
/// rule, molecule-type, observable, compartment and energy-pattern sections are
/// skipped. Species are named `s0, s1, …` (index − 1, ERODE's import convention)
/// with the BioNetGen species string as original name.
public enum BioNetGenReader {
    /// - Parameter progress: called now and then with (bytes read, bytes).
    public static func read(bytes: [UInt8], file: String? = nil,
                            progress: ((Int, Int) -> Void)? = nil) throws(LocatedInputError) -> ODEModel {
        var parser = BNGParser(source: SourceText(bytes: bytes, file: file))
        parser.progress = progress
        return try parser.parse()
    }

    public static func read(text: String, file: String? = nil) throws(LocatedInputError) -> ODEModel {
        try read(bytes: Array(text.utf8), file: file)
    }
}

struct BNGParser {
    let source: SourceText
    let model = ModelAssembler()
    /// Species symbol by BioNetGen index.
    var speciesByIndex = SpeciesIndexMap()
    /// Called every 16,384 lines with (bytes read, bytes).
    var progress: ((Int, Int) -> Void)?
    /// The species in declaration order: BioNetGen index and symbol.
    var speciesInOrder: [(index: Int, symbol: Int32)] = []
    /// The species strings seen (interned bytes, `$` dropped) and where each was first listed,
    /// to refuse a species listed twice.
    var speciesStrings = FlatInterner<UInt8>()
    var speciesStringOffsets: [Int] = []
    /// Parsed rate expressions by their text (ids from `rateTexts`).
    var rateTexts = FlatInterner<UInt8>()
    var rates: [Polynomial] = []
    /// Reused by ``reactionLine(_:)``: the reactants, then the products, one entry per occurrence.
    var reactionScratch: [(symbol: Int32, count: Int)] = []
    /// `begin functions`, when the file has one.
    var functions: BNGFunctions? = nil
    /// Reactions read after a `begin functions`: processed once the groups they may use are known.
    var deferredReactions: [[Range<Int>]] = []
    /// The groups (observables) read, by name.
    var groupPolynomials: [String: Polynomial] = [:]

    init(source: SourceText) {
        self.source = source
        model.logIsBase10 = true  // BioNetGen's muParser: log is log10
        // A .net file has no model name: use the file's base name (`tlbr.net` → `tlbr`).
        if let file = source.file, let base = file.split(separator: "/").last {
            let stem = base.lowercased().hasSuffix(".net") ? base.dropLast(4) : base[...]
            if !stem.isEmpty { model.modelName = String(stem) }
        }
    }

    /// Whether `bytes[i]` is a line continuation: a `\` followed by nothing but blanks up to
    /// the end of its line.
    func isContinuation(_ i: Int) -> Bool {
        let b = source.bytes
        guard b[i] == 92 else { return false }
        var j = i + 1
        while j < b.count && (b[j] == 32 || b[j] == 9 || b[j] == 13) { j += 1 }
        return j == b.count || b[j] == 10
    }

    /// Byte ranges of whitespace-separated fields of a line (comments removed; a continued
    /// line's `\` and line break count as blanks).
    func fields(_ line: Range<Int>) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var i = line.lowerBound
        let b = source.bytes
        @inline(__always) func blank(_ i: Int) -> Bool {
            let c = b[i]
            return c == 32 || c == 9 || c == 13 || c == 10 || (c == 92 && isContinuation(i))
        }
        while i < line.upperBound {
            while i < line.upperBound && blank(i) { i += 1 }
            if i >= line.upperBound || b[i] == 35 { break }  // '#'
            let start = i
            while i < line.upperBound && !(blank(i) || b[i] == 35) { i += 1 }
            result.append(start..<i)
        }
        return result
    }

    /// Logical lines: a line ending in `\` continues on the next one.
    func lines() -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        let b = source.bytes
        for (i, c) in b.enumerated() where c == 10 {
            // Continued when the last non-blank byte before the break is a backslash.
            var j = i - 1
            while j >= start && (b[j] == 32 || b[j] == 9 || b[j] == 13) { j -= 1 }
            if j >= start && b[j] == 92 { continue }
            result.append(start..<i)
            start = i + 1
        }
        if start < source.bytes.count { result.append(start..<source.bytes.count) }
        return result
    }

    func text(_ r: Range<Int>) -> String { source.text(r) }

    /// Whether the field is one name for the expression lexer (so it can be referred to and written back).
    func isName(_ r: Range<Int>) -> Bool {
        guard let c = source.bytes[r].first, Lexer.isIdentifierStart(c) else { return false }
        return source.bytes[r].allSatisfy(Lexer.isIdentifierPart)
    }

    /// Parses an expression occupying `range` exactly.
    func expression(_ range: Range<Int>) throws(LocatedInputError) -> Polynomial {
        var stream = try TokenStream(lexer: Lexer(source: source, range: range))
        let p = try ExpressionParser(model: model).parseSum(&stream)
        guard stream.current.kind == .end else { throw stream.error("an operator or the end of the expression") }
        return p
    }

    /// The rational value of the expression at `range` (an initial amount).
    func constant(_ range: Range<Int>, what: String) throws(LocatedInputError) -> Rational {
        let p = try expression(range)
        guard let v = try ExpressionParser(model: model).rationalValue(p, what: what, source, at: range.lowerBound) else {
            throw source.error(at: range.lowerBound, "expected a constant \(what) / found '\(text(range))' using names without a value")
        }
        return v
    }

    /// The exact value of the expression at `range`, rational or irrational (a parameter).
    func constantPolynomial(_ range: Range<Int>, what: String) throws(LocatedInputError) -> Polynomial {
        let p = try expression(range)
        guard let v = try ExpressionParser(model: model).constantPolynomial(p, source, at: range.lowerBound) else {
            throw source.error(at: range.lowerBound, "expected a constant \(what) / found '\(text(range))' using names without a value")
        }
        return v
    }

    func index(_ r: Range<Int>, what: String) throws(LocatedInputError) -> Int {
        // Digits only, parsed in place (this runs several times per reaction line).
        var n = 0
        var valid = !r.isEmpty && r.count <= 8
        for i in r where valid {
            let c = source.bytes[i]
            if c >= 48 && c <= 57 { n = n * 10 + Int(c - 48) } else { valid = false }
        }
        guard valid else {
            throw source.error(at: r.lowerBound, "expected \(what) / found '\(text(r))'")
        }
        return n
    }

    mutating func parse() throws(LocatedInputError) -> ODEModel {
        var section: String? = nil
        var sectionStart = 0
        var sawSpecies = false, sawReactions = false
        for (n, line) in lines().enumerated() {
            if let progress, n & 0x3FFF == 0 { progress(line.lowerBound, source.bytes.count) }
            let f = fields(line)
            guard let first = f.first else { continue }
            let word = text(first)
            if word == "begin" || word == "end" {
                guard f.count >= 2 else { throw source.error(at: first.lowerBound, "expected a section name after '\(word)' / found end of line") }
                let name = f[1...].map(text).joined(separator: " ")
                if word == "begin" {
                    if name == "model" { continue }
                    if let open = section {
                        throw source.error(at: first.lowerBound, "expected 'end \(open)' / found 'begin \(name)'")
                    }
                    if name == "functions" && functions == nil { functions = BNGFunctions(source: source, model: model) }
                    section = name
                    sectionStart = first.lowerBound
                    if name == "species" { sawSpecies = true }
                    if name == "reactions" { sawReactions = true }
                } else {
                    if name == "model" { continue }
                    if name == "parameters" && section == name { try resolvePendingParameters() }
                    guard section == name else {
                        throw source.error(at: first.lowerBound, "expected 'end \(section ?? "…")' / found 'end \(name)'")
                    }
                    section = nil
                }
                continue
            }
            switch section {
            case "parameters": try parameterLine(f)
            case "species": try speciesLine(f)
            case "reactions":
                if let functions, !functions.isEmpty { deferredReactions.append(f) } else { try reactionLine(f) }
            case "groups": try groupLine(f)
            case "functions": try functions!.add(line: f)
            case nil:
                // Top-level actions such as substanceUnits("Number"); are not part of the network.
                if text(line).contains("(") {
                    model.ignoredCommands.append(IgnoredCommand(name: word.split(separator: "(").first.map(String.init) ?? word,
                                                                location: source.location(of: first.lowerBound)))
                    continue
                }
                throw source.error(at: first.lowerBound, "expected 'begin SECTION' / found '\(word)'")
            default:
                continue  // molecule types, observables, reaction rules, compartments, energy patterns
            }
        }
        if let open = section {
            throw source.error(at: sectionStart, "expected 'end \(open)' / found end of file")
        }
        guard sawSpecies && sawReactions else {
            throw source.error(at: source.bytes.count, "expected 'begin species' and 'begin reactions' sections / found \(sawSpecies ? "no reactions" : "no species")")
        }
        try reactionsWithFunctions()
        nameSpecies()
        model.sawReactions = true
        return try model.build(source)
    }

    /// The reactions read after `begin functions`, with functions and observables standing for
    /// their polynomials (see ``BNGFunctions``).
    mutating func reactionsWithFunctions() throws(LocatedInputError) {
        guard let functions else { return }
        try functions.checkNoEarlierUse()
        functions.groups = groupPolynomials
        model.macros = functions
        defer { model.macros = nil }
        for f in deferredReactions { try reactionLine(f) }
    }

    /// Parameter lines whose expressions use parameters defined further down (BioNetGen allows
    /// forward references), with the names each still waits for; defined at `end parameters`.
    var pendingParameters: [(fields: [Range<Int>], missing: Set<String>)] = []

    /// The names an expression uses that have no value yet (not calls, not built-in constants):
    /// a lexical scan, so that `ln(k2)` with `k2` further down waits for `k2` too.
    func missingNames(_ range: Range<Int>) -> Set<String> {
        var lexer = Lexer(source: source, range: range)
        var missing = Set<String>()
        var previous: Token? = nil
        while true {
            let token = (try? lexer.next()) ?? Token(kind: .end, offset: range.upperBound, length: 0)
            // A name not followed by `(` (a call) that has no value yet.
            if let name = previous, name.kind == .identifier, !(token.kind == .symbol && token.symbol == 40),
               !ExpressionParser.isBuiltinConstantName(name, source) {
                let text = source.text(name)
                if model.existingSymbol(text).flatMap(model.constantPolynomial(of:)) == nil { missing.insert(text) }
            }
            if token.kind == .end { return missing }
            previous = token
        }
    }

    /// Defines the parameters left in ``pendingParameters`` in dependency order: a worklist
    /// where defining a name wakes the lines waiting for it, so each line is parsed once.
    /// Lines still waiting at the end are parsed as they are, which reports the first one's error.
    mutating func resolvePendingParameters() throws(LocatedInputError) {
        let pending = pendingParameters
        pendingParameters = []
        var waiting: [String: [Int]] = [:]
        var remaining = [Int](repeating: 0, count: pending.count)
        var ready: [Int] = []
        for (i, line) in pending.enumerated() {
            let missing = missingNames(line.fields[2].lowerBound..<line.fields[line.fields.count - 1].upperBound)
            remaining[i] = missing.count
            for name in missing { waiting[name, default: []].append(i) }
            if missing.isEmpty { ready.append(i) }
        }
        var done = [Bool](repeating: false, count: pending.count)
        while let i = ready.popLast() {
            done[i] = true
            try parameterLine(pending[i].fields, deferring: false)
            for j in waiting.removeValue(forKey: text(pending[i].fields[1])) ?? [] {
                remaining[j] -= 1
                if remaining[j] == 0 { ready.append(j) }
            }
        }
        if let first = done.firstIndex(of: false) { try parameterLine(pending[first].fields, deferring: false) }
    }

    mutating func parameterLine(_ f: [Range<Int>], deferring: Bool = true) throws(LocatedInputError) {
        guard f.count >= 3 else {
            throw source.error(at: f[0].lowerBound, "expected 'index name value' / found \(f.count) field(s)")
        }
        _ = try index(f[0], what: "a parameter index")
        let name = text(f[1])
        // Only a name the expression lexer reads as one name can be used (and written back).
        guard isName(f[1]) else {
            throw source.error(at: f[1].lowerBound, "expected a parameter name (a letter or '_', then letters, digits, '_') / found '\(name)'")
        }
        let range = f[2].lowerBound..<f[f.count - 1].upperBound
        if deferring {
            let missing = missingNames(range)
            if !missing.isEmpty {
                pendingParameters.append((f, missing))
                return
            }
        }
        let value = try constantPolynomial(range, what: "parameter value")
        let symbol = model.symbol(name, at: f[1].lowerBound)
        try model.define(symbol, at: f[1].lowerBound, as: "parameter", source)
        model.declareParameter(symbol, constant: value, expression: Double(text(range)) == nil ? text(range) : nil)
    }

    /// Where the `$` of a fixed species is: first (`$A()`), or right after a leading
    /// compartment prefix `@C::` (`@C::$A()`); `nil` for a free species.
    static func fixedMarker(in species: String) -> String.Index? {
        if species.hasPrefix("$") { return species.startIndex }
        guard species.hasPrefix("@") else { return nil }
        var i = species.startIndex
        while i < species.endIndex {
            let next = species.index(after: i)
            if species[i] == ":", next < species.endIndex, species[next] == ":" {
                let after = species.index(after: next)
                return after < species.endIndex && species[after] == "$" ? after : nil
            }
            i = next
        }
        return nil
    }

    mutating func speciesLine(_ f: [Range<Int>]) throws(LocatedInputError) {
        guard f.count >= 3 else {
            throw source.error(at: f[0].lowerBound, "expected 'index species initial' / found \(f.count) field(s)")
        }
        let n = try index(f[0], what: "a species index")
        guard speciesByIndex[n] == nil else { throw source.error(at: f[0].lowerBound, "expected a new species index / found \(n) again") }
        var original = text(f[1])
        // Fixed species: `$A()`, or `@C::$A()` in compartmental BioNetGen. The species string
        // without the marker is the species (`$A()` and `A()` are the same species).
        let marker = BNGParser.fixedMarker(in: original)
        let fixed = marker != nil
        if let marker { original.remove(at: marker) }
        let range = f[2].lowerBound..<f[f.count - 1].upperBound
        let initial = try constant(range, what: "initial amount")
        var bytes = Array(original.utf8)
        let stringID = Int(bytes.withUnsafeMutableBufferPointer { speciesStrings.intern(UnsafeBufferPointer($0)) })
        guard stringID == speciesStringOffsets.count else {
            throw source.error(at: f[1].lowerBound, "expected each species once / found '\(LocatedInputError.excerpt(original))' again (the first is at \(source.location(of: speciesStringOffsets[stringID])))")
        }
        speciesStringOffsets.append(f[1].lowerBound)
        // A placeholder no expression can spell ('#' never starts a name); the species is named
        // once every name of the file is known (``nameSpecies()``).
        let symbol = model.symbol("#\(n)", at: f[1].lowerBound)
        model.declareSpecies(symbol, initialValue: initial, originalName: original)
        if fixed { model.fixedSpecies.insert(symbol) }
        speciesByIndex[n] = symbol
        speciesInOrder.append((n, symbol))
    }

    /// Names every species `s<index − 1>` (ERODE's import convention), unless that name is
    /// already a parameter's, a view's or another name of the file: then `s<index − 1>_2`,
    /// `_3`, … — a generated name never collides with one of the model's own.
    func nameSpecies() {
        // Names of the file: its symbols (interned) and its groups; plus the names given here.
        let viewNames = Set(model.views.map(\.name))
        var given = Set<String>()
        func taken(_ name: String) -> Bool {
            model.existingSymbol(name) != nil || viewNames.contains(name) || given.contains(name)
        }
        for (n, symbol) in speciesInOrder {
            let base = "s\(n - 1)"
            var name = base, k = 1
            while taken(name) {
                k += 1
                name = "\(base)_\(k)"
            }
            if k > 1 { given.insert(name) }  // `s<digits>` names cannot recur: only renamed ones need remembering
            model.rename(symbol, to: name)
        }
    }

    func speciesList(_ r: Range<Int>) throws(LocatedInputError) -> [Int32] {
        if text(r) == "0" { return [] }
        var result: [Int32] = []
        var start = r.lowerBound
        for i in r.lowerBound...r.upperBound where i == r.upperBound || source.bytes[i] == 44 {
            let piece = start..<i
            let n = try index(piece, what: "a species index")
            guard let symbol = speciesByIndex[n] else {
                throw source.error(at: piece.lowerBound, "expected a declared species index / found \(text(piece))")
            }
            result.append(symbol)
            start = i + 1
        }
        return result
    }

    mutating func reactionLine(_ f: [Range<Int>]) throws(LocatedInputError) {
        guard f.count >= 4 else {
            throw source.error(at: f[0].lowerBound, "expected 'index reactants products rate' / found \(f.count) field(s)")
        }
        _ = try index(f[0], what: "a reaction index")
        let reactants = try speciesList(f[1])
        let products = try speciesList(f[2])
        let rateRange = f[3].lowerBound..<f[f.count - 1].upperBound
        // Networks reuse a handful of rate expressions thousands of times: parse each once.
        let id = source.bytes.withUnsafeBufferPointer { rateTexts.intern(UnsafeBufferPointer(rebasing: $0[rateRange])) }
        if Int(id) == rates.count {
            // A new rate text (each is parsed once): refuse BioNetGen's rate-law keywords by name.
            let rateText = text(f[3])
            if let law = ["Sat", "MM", "Hill"].first(where: { rateText.hasPrefix($0 + "(") }) {
                throw source.error(at: f[3].lowerBound, "expected a mass-action rate / found the BioNetGen rate law '\(law)' (saturation kinetics, a rational function of the species): not polynomial")
            }
            rates.append(try expression(rateRange))
        }
        let rate = rates[Int(id)]
        reactionScratch.removeAll(keepingCapacity: true)
        for x in reactants { reactionScratch.append((x, 1)) }
        let reactantCount = reactionScratch.count
        for x in products { reactionScratch.append((x, 1)) }
        for t in rate.terms {
            model.addMassAction(reactants: reactionScratch[..<reactantCount], products: reactionScratch[reactantCount...],
                                coefficient: t.coefficient, rateMonomial: t.monomial)
        }
    }

    mutating func groupLine(_ f: [Range<Int>]) throws(LocatedInputError) {
        guard f.count >= 2 else { throw source.error(at: f[0].lowerBound, "expected 'index name members' / found too few fields") }
        let name = text(f[1])
        guard isName(f[1]) else {
            throw source.error(at: f[1].lowerBound, "expected a group name (a letter or '_', then letters, digits, '_') / found '\(name)'")
        }
        var builder = PolynomialBuilder()
        if f.count >= 3 {
            let r = f[2]
            var start = r.lowerBound
            for i in r.lowerBound...r.upperBound where i == r.upperBound || source.bytes[i] == 44 {
                let item = text(start..<i)
                let parts = item.split(separator: "*")
                let weight = parts.count == 2 ? Int(parts[0]) : 1
                guard let w = weight, let n = Int(parts.last ?? ""), let symbol = speciesByIndex[n] else {
                    throw source.error(at: start, "expected a group member 'index' or 'weight*index' / found '\(item)'")
                }
                builder.add(Rational(w), Monomial(symbol: symbol))
                start = i + 1
            }
        }
        let view = builder.build()
        try model.addView(name, view, at: f[1].lowerBound, source)
        groupPolynomials[name] = view
    }
}

/// Species symbols by BioNetGen index: an array for the dense indices networks use
/// (1, 2, 3, …), a dictionary for any others, so a stray huge index costs no memory.
struct SpeciesIndexMap {
    private var dense: [Int32] = []  // -1 = absent
    private var sparse: [Int: Int32] = [:]

    subscript(index: Int) -> Int32? {
        get {
            if index >= 0 && index < dense.count && dense[index] >= 0 { return dense[index] }
            return sparse.isEmpty ? nil : sparse[index]  // an index may sit here from before the array grew
        }
        set {
            guard let newValue else { preconditionFailure("species are never removed") }
            if index >= 0 && index <= dense.count + 1024 {
                if index >= dense.count { dense.append(contentsOf: repeatElement(-1, count: index + 1 - dense.count)) }
                dense[index] = newValue
            } else {
                sparse[index] = newValue
            }
        }
    }
}
