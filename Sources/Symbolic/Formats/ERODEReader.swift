/// Reads ERODE `.ode` models (and the CLUE dialect of them) into an ``ODEModel``.
///
/// Accepted: `begin model NAME … end model`; sections `parameters`, `init`/`inits`
/// (`X`, `X = expr`, `X ( "original name" )`, several per line), `partition`
/// (`{a,b},{c}`), `reactions` (`2*A + B -> C , rate [label]`, `arbitrary expr`
/// rates) or `ODE` (`d(X) = expr`), `views`; comments `//`, `/* */`, `#`.
/// ERODE commands (`reduceFE(...)`, `simulateODE(...)`, …) are recorded in
/// ``ODEModel/ignoredCommands``, never executed. Mass action: a reaction with
/// reactants R and rate k contributes flux k·Π_{r∈R} x_r^{m_r} times net
/// stoichiometry (no 1/m! factor).
public enum ERODEReader {
    /// Parses `.ode` text. `file` is used only in error messages.
    /// - Parameter progress: called now and then (every 16,384 reactions or equations) with
    ///   (bytes read, bytes).
    public static func read(bytes: [UInt8], file: String? = nil,
                            progress: ((Int, Int) -> Void)? = nil) throws(LocatedInputError) -> ODEModel {
        let source = SourceText(bytes: bytes, file: file)
        var parser = try ERODEParser(source: source)
        parser.progress = progress
        return try parser.parseFile()
    }

    /// Parses `.ode` text from a string.
    public static func read(text: String, file: String? = nil) throws(LocatedInputError) -> ODEModel {
        try read(bytes: Array(text.utf8), file: file)
    }
}

struct ERODEParser {
    var s: TokenStream
    let model = ModelAssembler()
    var expressions: ExpressionParser { ExpressionParser(model: model) }
    var sawModel = false
    /// Partition members, resolved once every species is known.
    var partitionNames: [[(name: String, offset: Int)]] = []
    /// Reused by ``parseMassActionLine()``: the species of one reaction.
    var reactionScratch: [(symbol: Int32, count: Int)] = []
    /// See ``ERODEReader/read(bytes:file:progress:)``.
    var progress: ((Int, Int) -> Void)?
    private var entries = 0

    /// Reports progress every 16,384 entries (reactions, equations).
    mutating func tick() {
        entries &+= 1
        if let progress, entries & 0x3FFF == 0 { progress(s.current.offset, s.source.bytes.count) }
    }

    init(source: SourceText) throws(LocatedInputError) {
        s = try TokenStream(lexer: Lexer(source: source))
    }

    static let nonPolynomialRates: Set<String> = ["Hill", "hill", "MM", "mm", "michaelisMenten"]

    mutating func parseFile() throws(LocatedInputError) -> ODEModel {
        while s.current.kind != .end {
            if s.isIdentifier("begin") {
                let beginOffset = s.current.offset
                try s.advance()
                if s.isIdentifier("model") {
                    if sawModel { throw s.source.error(at: beginOffset, "expected one model per file / found a second 'begin model'") }
                    sawModel = true
                    try s.advance()
                    if s.current.kind != .end && s.current.kind != .newline && !s.isIdentifier("begin") {
                        // The name is the rest of the line (CLUE's ODEbase exports put spaces in it).
                        model.modelName = try s.takeRestOfLine()
                    }
                    try parseModelBody()
                } else {
                    throw s.error("'model' after 'begin'")
                }
            } else if s.current.kind == .identifier {
                try skipCommand()
            } else {
                throw s.error("'begin model'")
            }
        }
        guard sawModel else { throw s.source.error(at: 0, "expected 'begin model NAME' / found no model in the file") }
        if !partitionNames.isEmpty {
            var blocks: [[Int32]] = []
            for block in partitionNames {
                var members: [Int32] = []
                for (name, offset) in block {
                    guard let symbol = model.existingSymbol(name), model.role(of: symbol) == .species else {
                        throw s.source.error(at: offset, "expected a species in the partition / found unknown name '\(name)'")
                    }
                    members.append(symbol)
                }
                blocks.append(members)
            }
            model.partitionBlocks = blocks
        }
        return try model.build(s.source)
    }

    /// `name(...)` outside sections: an ERODE command, recorded and skipped.
    mutating func skipCommand() throws(LocatedInputError) {
        let (name, offset) = try s.expectIdentifier("'begin', 'end' or an ERODE command")
        guard s.isSymbol("(") else {
            throw s.source.error(at: offset, "expected 'begin SECTION', 'end model' or a command like reduceFE(...) / found '\(name)'")
        }
        var depth = 0
        repeat {
            if s.isSymbol("(") { depth += 1 }
            if s.isSymbol(")") { depth -= 1 }
            if s.current.kind == .end { throw s.source.error(at: offset, "expected ')' closing command '\(name)(' / found end of file") }
            try s.advance()
        } while depth > 0
        model.ignoredCommands.append(IgnoredCommand(name: name, location: s.source.location(of: offset)))
    }

    mutating func parseModelBody() throws(LocatedInputError) {
        while true {
            if s.current.kind == .end { throw s.error("'end model'") }
            if s.isIdentifier("end") {
                try s.advance()
                guard s.isIdentifier("model") else { throw s.error("'model' after 'end' (a section 'end' without its 'begin'?)") }
                try s.advance()
                return
            }
            if s.isIdentifier("begin") {
                try s.advance()
                let (section, offset) = try s.expectIdentifier("a section name")
                try parseSection(section, at: offset)
                continue
            }
            if s.current.kind == .identifier {
                try skipCommand()
                continue
            }
            throw s.error("'begin SECTION' or 'end model'")
        }
    }

    mutating func parseSection(_ section: String, at offset: Int) throws(LocatedInputError) {
        switch section {
        case "parameters": try parseParameters()
        case "init", "inits", "species": try parseInit()
        case "partition": try parsePartition()
        case "reactions": try parseReactions()
        case "ODE", "ODEs", "odes", "ode": try parseODEs()
        case "views": try parseViews()
        default:
            throw s.source.error(at: offset, "expected a section (parameters, init, partition, reactions, ODE, views) / found '\(section)'")
        }
        // parse* stop at 'end'; consume 'end SECTION'.
        guard s.isIdentifier("end") else { throw s.error("'end \(section)'") }
        try s.advance()
        guard s.current.kind == .identifier, s.source.text(s.current) == section
                || (["init", "inits"].contains(section) && ["init", "inits"].contains(s.source.text(s.current))) else {
            throw s.error("'\(section)' after 'end'")
        }
        try s.advance()
    }

    /// `name = expr` per entry.
    mutating func parseParameters() throws(LocatedInputError) {
        while !s.isIdentifier("end") {
            let (name, offset) = try s.expectIdentifier("a parameter name or 'end parameters'")
            if !s.isSymbol("=") {
                // A declared parameter without a value (ODEbase exports): symbolic.
                let symbol = model.symbol(name, at: offset)
                if model.role(of: symbol) == .species {
                    throw s.source.error(at: offset, "expected a new parameter name / found species '\(LocatedInputError.excerpt(name))'")
                }
                try model.define(symbol, at: offset, as: "parameter", s.source)
                model.declareParameter(symbol, value: nil, expression: nil)
                continue
            }
            try s.expect("=")
            let start = s.current.offset
            let p = try expressions.parseSum(&s)
            let text = s.source.text(start..<s.current.offset).trimmed
            guard let value = try expressions.constantPolynomial(p, s.source, at: start) else {
                let missing = p.symbols.filter { model.constantPolynomial(of: $0) == nil }.map { model.names[Int($0)] }
                throw s.source.error(at: start, "expected a constant parameter value / found '\(text)' using \(missing.joined(separator: ", ")) without a value")
            }
            let symbol = model.symbol(name, at: offset)
            if model.role(of: symbol) == .species {
                throw s.source.error(at: offset, "expected a new parameter name / found species '\(LocatedInputError.excerpt(name))'")
            }
            try model.define(symbol, at: offset, as: "parameter", s.source)
            model.declareParameter(symbol, constant: value, expression: p.constantValue == nil ? text : nil)
        }
    }

    /// `X`, `X = expr`, `X ( "original" )`, `X = expr ( "original" )`.
    mutating func parseInit() throws(LocatedInputError) {
        while !s.isIdentifier("end") {
            let nameToken = try s.expectNameToken("a species name or 'end init'")
            let symbol = model.symbol(nameToken, in: s.source)
            let name = model.names[Int(symbol)], offset = nameToken.offset
            if model.role(of: symbol) == .parameter {
                throw s.source.error(at: offset, "expected a species name / found parameter '\(name)'")
            }
            var initial: Rational? = nil
            if s.isSymbol("=") {
                try s.advance()
                let start = s.current.offset
                let p: Polynomial
                if let simple = try parseSimpleSumLine() { p = simple } else { p = try expressions.parseSum(&s) }
                guard let v = try expressions.rationalValue(p, what: "initial value", s.source, at: start) else {
                    throw s.source.error(at: start, "expected a constant initial value / found '\(s.source.text(start..<s.current.offset).trimmed)'")
                }
                initial = v
            }
            var original: String? = nil
            if s.isSymbol("(") {
                try s.advance()
                guard s.current.kind == .string else { throw s.error("a quoted original name") }
                let quoted = s.source.text(s.current)
                original = String(quoted.dropFirst().dropLast())
                try s.advance()
                try s.expect(")")
            }
            try model.define(symbol, at: offset, as: "species", s.source)
            model.declareSpecies(symbol, initialValue: initial, originalName: original)
        }
    }

    /// `{a,b},{c}`; names resolved at the end.
    mutating func parsePartition() throws(LocatedInputError) {
        while !s.isIdentifier("end") {
            try s.expect("{")
            var block: [(name: String, offset: Int)] = []
            while !s.isSymbol("}") {
                let (name, offset) = try s.expectIdentifier("a species name or '}'")
                block.append((name, offset))
                if s.isSymbol(",") { try s.advance() } else if !s.isSymbol("}") { throw s.error("',' or '}'") }
            }
            try s.advance()
            partitionNames.append(block)
            if s.isSymbol(",") { try s.advance() }
        }
    }

    /// One side of a reaction: `0`, or `[n*]X (+ [n*]Y)*`.
    mutating func parseComplex() throws(LocatedInputError) -> [(symbol: Int32, count: Int)] {
        var result: [(symbol: Int32, count: Int)] = []  // labeled like the return type: no per-element cast
        result.reserveCapacity(4)
        if s.current.kind == .number && s.source.text(s.current) == "0" {
            try s.advance()
            if !s.isSymbol("*") { return [] }
            throw s.error("a species after '0'")
        }
        var total = 0
        while true {
            var count = 1
            if s.current.kind == .number {
                let text = s.source.text(s.current)
                guard let n = Int(text), n > 0, n <= SymbolicLimits.maximumExponent else {
                    throw s.error("a positive integer stoichiometry (at most \(SymbolicLimits.maximumExponent))")
                }
                count = n
                try s.advance()
                try s.expect("*")
            }
            let name = try s.expectNameToken("a species name")
            total += count
            if total > SymbolicLimits.maximumDegree {
                throw s.source.error(at: name.offset, "expected a total stoichiometry of at most \(SymbolicLimits.maximumDegree) / found more")
            }
            let symbol = model.symbol(name, in: s.source)
            if model.role(of: symbol) == .parameter {
                throw s.source.error(at: name.offset, "expected a species / found parameter '\(s.source.text(name))' in a reaction")
            }
            model.declareSpecies(symbol)
            result.append((symbol, count))
            guard s.isSymbol(UInt8(ascii: "+")) else { return result }
            try s.advance()
        }
    }

    mutating func parseReactions() throws(LocatedInputError) {
        model.sawReactions = true
        while !s.isIdentifier("end") {
            tick()
            if try parseMassActionLine() { continue }
            let reactants = try parseComplex()
            try s.expect("->")
            let products = try parseComplex()
            try s.expect(",")
            var arbitrary = false
            if s.current.kind == .identifier {
                let word = s.source.text(s.current)
                if word == "arbitrary" {
                    arbitrary = true
                    try s.advance()
                } else if ERODEParser.nonPolynomialRates.contains(word) {
                    throw s.source.error(at: s.current.offset, "expected a mass-action or polynomial arbitrary rate / found '\(word)' kinetics (not polynomial)")
                }
            }
            let rate = try expressions.parseSum(&s)
            if s.isSymbol("[") {
                try s.advance()
                while !s.isSymbol("]") {
                    if s.current.kind == .end || s.current.kind == .newline { throw s.error("']' closing the reaction label") }
                    try s.advance()
                }
                try s.advance()
            }
            if arbitrary {
                for (x, n) in model.netStoichiometry(reactants: reactants[...], products: products[...]) where n != 0 {
                    model.addToRightHandSide(of: x, rate, times: Rational(n))
                }
                continue
            }
            for t in rate.terms {
                model.addMassAction(reactants: reactants[...], products: products[...], coefficient: t.coefficient, rateMonomial: t.monomial)
            }
        }
    }

    mutating func parseODEs() throws(LocatedInputError) {
        model.sawEquations = true
        while !s.isIdentifier("end") {
            tick()
            let dOffset = s.current.offset
            guard s.isIdentifier("d") else { throw s.error("'d(X) = …' or 'end ODE'") }
            try s.advance()
            try s.expect("(")
            let nameToken = try s.expectNameToken("a variable name")
            try s.expect(")")
            try s.expect("=")
            let symbol = model.symbol(nameToken, in: s.source)
            let name = model.names[Int(symbol)], offset = nameToken.offset
            if model.role(of: symbol) == .parameter {
                throw s.source.error(at: offset, "expected a variable / found parameter '\(name)' in d(\(name))")
            }
            model.declareSpecies(symbol)
            let rhs: Polynomial
            if let simple = try parseSimpleSumLine() { rhs = simple } else { rhs = try expressions.parseSum(&s) }
            if !model.setRightHandSide(of: symbol, rhs) {
                throw s.source.error(at: dOffset, "expected one equation per variable / found a second d(\(name))")
            }
        }
    }

    mutating func parseViews() throws(LocatedInputError) {
        while !s.isIdentifier("end") {
            let (name, offset) = try s.expectIdentifier("a view name or 'end views'")
            try s.expect("=")
            let p = try expressions.parseSum(&s)
            try model.addView(name, p, at: offset, s.source)
        }
    }
}
