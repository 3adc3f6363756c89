/// BioNetGen's `begin functions` with BioNetGen's semantics: a reaction whose rate names a
/// function has flux = function value × Π reactants; an observable in a function is its
/// group, the weighted sum of species of `begin groups`; functions may call other functions
/// (`f()` or `f`). A function is parsed only when a reaction uses it (directly or through
/// another function), so output-only functions (a ratio for plotting) may contain anything.
/// A used function must be polynomial in the species once expanded: division by an
/// observable, `if` on the state, `time()`, and local functions with arguments are refused
/// with one line naming the function and the construct.
final class BNGFunctions: ExpressionMacros {
    struct Definition {
        var name: String
        /// The body's byte range.
        var body: Range<Int>
        /// Offset of the name, for messages.
        var offset: Int
        /// Whether it is declared with arguments, `f(x)` (a local function).
        var hasArguments: Bool
    }

    /// The deepest chain of function calls read.
    static let maximumDepth = 32

    let source: SourceText
    unowned let model: ModelAssembler
    private(set) var definitions: [String: Definition] = [:]
    /// Observables: group name → weighted species sum.
    var groups: [String: Polynomial] = [:]
    private var values: [String: Polynomial] = [:]
    /// The functions being expanded, innermost last (cycle detection and messages).
    private var stack: [String] = []

    init(source: SourceText, model: ModelAssembler) {
        self.source = source
        self.model = model
    }

    var isEmpty: Bool { definitions.isEmpty }

    /// Reads one `index name() expression` line of `begin functions`.
    func add(line fields: [Range<Int>]) throws(LocatedInputError) {
        guard fields.count >= 3 else {
            throw source.error(at: fields[0].lowerBound, "expected 'index name() expression' / found \(fields.count) field(s)")
        }
        // The name field runs to its ')' (arguments may contain blanks: `f(x, y)`).
        let bytes = source.bytes
        let nameStart = fields[1].lowerBound
        var k = 1, end = fields[1].upperBound
        while !bytes[nameStart..<end].contains(41), k + 1 < fields.count {  // ')'
            k += 1
            end = fields[k].upperBound
        }
        guard let open = bytes[nameStart..<end].firstIndex(of: 40), bytes[end - 1] == 41, k + 1 < fields.count else {
            throw source.error(at: nameStart, "expected a function 'name()' followed by its expression / found '\(LocatedInputError.excerpt(source.text(fields[1])))'")
        }
        let name = source.text(nameStart..<open)
        let arguments = source.text((open + 1)..<(end - 1)).trimmed
        if let first = definitions[name] {
            throw source.error(at: nameStart, "expected one definition of function '\(LocatedInputError.excerpt(name))' / found a second one (the first is at \(source.location(of: first.offset)))")
        }
        definitions[name] = Definition(name: name, body: fields[k + 1].lowerBound..<fields[fields.count - 1].upperBound,
                                       offset: nameStart, hasArguments: !arguments.isEmpty)
    }

    /// Refuses a function name that was read as a plain name before the function was defined
    /// (a reaction above `begin functions` would have taken it for a symbolic parameter).
    func checkNoEarlierUse() throws(LocatedInputError) {
        for d in definitions.values.sorted(by: { $0.offset < $1.offset }) {
            if let s = model.existingSymbol(d.name) {
                if model.role(of: s) == .parameter {
                    throw source.error(at: d.offset, "expected a function name that is not a parameter's / found function '\(LocatedInputError.excerpt(d.name))', also a parameter")
                }
                throw source.error(at: model.firstUse[Int(s)], "expected function '\(LocatedInputError.excerpt(d.name))' to be defined before it is used / found its definition later, at \(source.location(of: d.offset))")
            }
        }
    }

    // MARK: ExpressionMacros

    func value(of name: String, call: Bool, at offset: Int) throws(LocatedInputError) -> Polynomial? {
        if name == "time" && call && definitions["time"] == nil {
            throw source.error(at: offset, "\(context) uses time(): a rate that depends on time is not autonomous (not a polynomial ODE)")
        }
        if !call, let g = groups[name] { return g }
        guard let d = definitions[name] else { return nil }
        if let v = values[name] { return v }
        if d.hasArguments {
            throw source.error(at: offset, "\(context) uses the local function '\(LocatedInputError.excerpt(name))' with arguments: expand it in BioNetGen (it writes local functions as parameters per reaction)")
        }
        // Each level parses a body with its own nesting budget: bound the levels (the stack).
        guard stack.count < BNGFunctions.maximumDepth else {
            throw source.error(at: offset, "expected functions nested at most \(BNGFunctions.maximumDepth) deep / found deeper calls (through '\(LocatedInputError.excerpt(name, limit: 40))')")
        }
        if let cycle = stack.firstIndex(of: name) {
            throw source.error(at: offset, "expected functions that do not call themselves / found the cycle \((stack[cycle...] + [name]).joined(separator: " → "))")
        }
        stack.append(name)
        defer { stack.removeLast() }
        var stream = try TokenStream(lexer: Lexer(source: source, range: d.body))
        let p = try ExpressionParser(model: model).parseSum(&stream)
        guard stream.current.kind == .end else { throw stream.error("an operator or the end of the expression") }
        values[name] = p
        return p
    }

    /// Where an error is: the innermost function being expanded, else the reaction's rate.
    private var context: String { stack.last.map { "function '\(LocatedInputError.excerpt($0, limit: 40))'" } ?? "the rate" }

    func describeNonConstant(_ source: SourceText, _ range: Range<Int>) -> (context: String, dependency: String)? {
        var lexer = Lexer(source: source, range: range)
        while let token = try? lexer.next(), token.kind != .end {
            guard token.kind == .identifier else { continue }
            let name = source.text(token)
            if groups[name] != nil { return (context, "observable '\(LocatedInputError.excerpt(name, limit: 40))'") }
            if definitions[name] != nil { return (context, "function '\(LocatedInputError.excerpt(name, limit: 40))'") }
        }
        return nil
    }

    func isMacro(utf8 name: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = String(decoding: name, as: UTF8.self)
        return definitions[s] != nil || groups[s] != nil
    }
}
