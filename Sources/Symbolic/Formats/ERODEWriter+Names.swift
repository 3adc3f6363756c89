/// The identifiers a written `.ode` file uses: every model name that ERODE's and CLUE's
/// grammars accept is written as it is; any other is renamed, uniquely.
///
/// ERODE's grammar (`ChemicalReactionNetwork.xtext`, terminal `ID`) reads ASCII letters,
/// digits and `_`, and its validator wants a letter first ("Names should start with a
/// letter"); every quoted word of the grammar is a keyword and cannot be a name. CLUE's
/// reader (`ode_parser.py`: `Word(alphas, alphanums + "_$")`) also wants a letter first and
/// deletes the text `arbitrary` wherever it occurs. A renamed species keeps its model name as
/// ERODE's original name `( "…" )` unless it already has one; renamed parameters and views are
/// listed in a comment.
struct ERODENames {
    /// The written name of each symbol (index = symbol id).
    private(set) var symbols: [String]
    /// The written name of each view.
    private(set) var views: [String]
    /// (model name, written name) of every renamed symbol or view, in model order.
    private(set) var renamed: [(from: String, to: String, isSpecies: Bool)] = []
    private var taken: Set<String>

    /// Names chosen for `model`; generated names (``fresh(_:)``) avoid all of them.
    init(_ model: ODEModel) {
        symbols = model.symbols.map(\.name)
        views = model.views.map(\.name)
        // Valid names are kept; they are claimed first so no renamed one can take them.
        taken = Set(symbols.filter(ERODENames.isWritable) + views.filter(ERODENames.isWritable))
        var seen = Set<String>()
        for (s, symbol) in model.symbols.enumerated() {
            let name = symbol.name
            // A constant atom is written as its canonical expression (`ln(2)`), which reads back as it.
            if model.parameterAtom(ofSymbol: Int32(s)) != nil { continue }
            if ERODENames.isWritable(name) && seen.insert(name).inserted { continue }
            let new = fresh(ERODENames.cleaned(name))
            symbols[s] = new
            if case .variable = symbol.kind { renamed.append((name, new, true)) } else { renamed.append((name, new, false)) }
        }
        for (v, name) in views.enumerated() {
            if ERODENames.isWritable(name) && seen.insert(name).inserted { continue }
            let new = fresh(ERODENames.cleaned(name))
            views[v] = new
            renamed.append((name, new, false))
        }
    }

    /// A name starting with `base` that no name of the file has: `base`, else `base_2`, `base_3`, ….
    /// - Requires: `base` is writable (``cleaned(_:)`` makes it so); a suffix `_k` keeps it so.
    mutating func fresh(_ base: String) -> String {
        freshName(ERODENames.isWritable(base) ? base : "x", taken: &taken)
    }

    /// Whether ERODE and CLUE read `name` as one name: an ASCII letter, then ASCII letters,
    /// digits and `_`; not a keyword; not containing `arbitrary`.
    /// - Complexity: O(length); the keyword table is consulted only for names as short as the
    ///   longest keyword, the `arbitrary` search only for names containing an `r`-`y` window.
    static func isWritable(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes -> Bool in
            guard let first = bytes.first, (first | 0x20) >= 97 && (first | 0x20) <= 122 else { return false }
            for b in bytes where !Lexer.isIdentifierPart(b) { return false }
            if bytes.count <= longestReservedWord, reservedKeys.contains(key(bytes)),
               reservedWords.contains(String(decoding: bytes, as: UTF8.self)) { return false }
            if bytes.count > 6, (first == 114 || first == 105 || first == 101 || first == 115),
               isCommandWord(String(decoding: bytes, as: UTF8.self)) { return false }  // r(educe) i(mport) e(xport) s(imulate)
            return !containsArbitrary(bytes)
        }
    }

    /// Whether the bytes contain `arbitrary`.
    static func containsArbitrary(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let word: [UInt8] = Array("arbitrary".utf8)
        guard bytes.count >= word.count else { return false }
        for start in 0...(bytes.count - word.count) where bytes[start] == 97 {
            var k = 1
            while k < word.count && bytes[start + k] == word[k] { k += 1 }
            if k == word.count { return true }
        }
        return false
    }

    /// A name's length and first seven bytes in one word: a cheap filter before the String set.
    static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var k = UInt64(bytes.count) << 56
        for (i, b) in bytes.prefix(7).enumerated() { k |= UInt64(b) << (8 * i) }
        return k
    }

    /// ``key(_:)`` of every reserved word.
    static let reservedKeys: Set<UInt64> = Set(reservedWords.map { word in
        var w = word
        return w.withUTF8 { key($0) }
    })

    /// The length of the longest reserved word.
    static let longestReservedWord = reservedWords.map(\.utf8.count).max()!

    /// A writable stem of `name`: other characters become `_`, leading non-letters are
    /// dropped, `x` stands in for an empty result, a keyword gets a trailing `_`, a command word the prefix `x_`.
    static func cleaned(_ name: String) -> String {
        var bytes = name.utf8.map { Lexer.isIdentifierPart($0) ? $0 : UInt8(ascii: "_") }
        while let first = bytes.first, !((first | 0x20) >= 97 && (first | 0x20) <= 122) { bytes.removeFirst() }
        if bytes.count > 64 { bytes = Array(bytes.prefix(64)) }
        var stem = bytes.isEmpty ? "x" : String(decoding: bytes, as: UTF8.self)
        stem = stem.replacingAll("arbitrary", with: "arb")
        if reservedWords.contains(stem) { stem += "_" }
        return isWritable(stem) ? stem : "x_" + stem  // command words
    }

    /// The quoted words of ERODE's grammar (keywords there, so never names), including the
    /// section words odered's own reader treats as keywords.
    static let reservedWords: Set<String> = [
        "begin", "end", "model", "logger", "unique", "reagents", "precision", "Boolean", "Network", "network",
        "update", "functions", "init", "inits", "alginit", "partition", "ODE", "ODEs", "odes", "ode", "d", "algebraic",
        "symbolic", "parameters", "constraints", "reactions", "views", "species", "true", "false", "and", "or",
        "implies", "not", "XOR", "arbitrary", "Hill", "hill", "MM", "mm", "michaelisMenten", "h_K", "h_R1", "h_R2",
        "h_n1", "h_n2", "min", "max", "abs", "var", "covar", "this", "load", "write", "newline", "curry", "setIC",
        "setParam", "expr", "param", "in", "fileIn", "fileOut", "folderIn", "folderOut", "format", "originalNames",
        "deterministicCorrection", "paramsToCurry", "paramsToPerturb", "prePartition", "reducedFile", "csvFile",
        "smtTimeCSVFile", "tEnd", "steps", "stepSize", "viewPlot", "viewLabels", "defaultIC", "repeats", "method",
        "minStep", "maxStep", "absTol", "relsTol", "computeJacobian", "library", "campaign", "n", "for",
        "percentage", "perturbed_ic", "perturbed_params", "alpha", "delta", "epsilon", "step", "from", "to",
        "lower", "upper", "absolute", "certain", "constants", "closure", "intervalWidth", "intervalBoundsFactors",
        "reduction", "forward", "backward", "both", "strict", "limits", "question", "times", "cartesianProduct",
        "Q", "Qbar", "query", "upTo", "M0", "BFile", "ICFile", "form", "print", "plot", "kMax", "coefficients",
        "unsafeSet", "kvalue", "timeStep", "deltat", "slopes", "NO", "ALL", "NONE", "USER", "IC", "USER_and_IC",
        "Outputs", "Outputs_singleton", "VARS", "VIEWS", "RN", "AX", "PQ", "FEM", "FDE", "BDE", "OLD", "NEW",
        "APACHE", "SUNDIALS", "ode45", "ode15s", "ssa", "nextReaction", "utopic", "decompress", "fse",
        "generateCME", "generateLogs", "multivestaSMC", "onTheFlyBR", "onTheFlyFR", "e", "E",
    ]

    /// Whether a name has the shape of ERODE's command words (`reduceFE`, `importBNG`,
    /// `exportSBML`, `simulateODE`: a verb, then a capital letter), which are keywords too.
    static func isCommandWord(_ name: String) -> Bool {
        for verb in ["reduce", "import", "export", "simulate"] where name.hasPrefix(verb) {
            let next = name.utf8.dropFirst(verb.utf8.count).first
            if let next, next >= 65 && next <= 90 { return true }
        }
        return false
    }
}

extension ERODENames {
    /// The original name to write as `( "…" )` for species `variable`: its own original name,
    /// else its model name when the writer renamed it; `nil` when a quoted string cannot hold it.
    func originalName(of variable: Variable) -> String? {
        let original = variable.originalName ?? (symbols[Int(variable.symbol)] != variable.name ? variable.name : nil)
        guard let original, !original.utf8.contains(where: { $0 == 34 || $0 == 92 || $0 < 32 }) else { return nil }
        return original
    }
}

extension String {
    /// `self` with every occurrence of `target` replaced (no Foundation).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var out = "", rest = Substring(self)
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound] + replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
