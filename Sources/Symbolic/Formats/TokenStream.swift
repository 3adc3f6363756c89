/// A token stream over a ``Lexer`` with one token of lookahead, the cursor the model parsers
/// and ``ExpressionParser`` share; it tracks the expression nesting depth for
/// ``SymbolicLimits/maximumNesting``.
struct TokenStream {
    var lexer: Lexer
    private(set) var current: Token
    /// Current expression nesting depth (parentheses and `^` chains), see ``SymbolicLimits/maximumNesting``.
    var nesting = 0

    init(lexer: Lexer) throws(LocatedInputError) {
        self.lexer = lexer
        self.current = Token(kind: .end, offset: 0, length: 0)
        self.current = try self.lexer.next()
    }

    var source: SourceText { lexer.source }

    mutating func advance() throws(LocatedInputError) {
        current = try lexer.next()
    }

    /// Continues reading at byte `offset` (after a line read directly from the bytes).
    mutating func reposition(to offset: Int) throws(LocatedInputError) {
        lexer.reposition(to: offset)
        current = try lexer.next()
    }

    /// The token after the current one, without consuming anything.
    func peek() -> Token {
        var copy = lexer
        return (try? copy.next()) ?? Token(kind: .end, offset: current.offset, length: 0)
    }

    /// Treats the rest of the current line (from the current token) as raw text and moves past it.
    mutating func takeRestOfLine() throws(LocatedInputError) -> String {
        let start = current.offset
        var end = start
        let bytes = source.bytes
        while end < bytes.count && bytes[end] != 10 { end += 1 }
        lexer.reposition(to: end)
        current = try lexer.next()
        return source.text(start..<end).trimmed
    }

    func isSymbol(_ s: String) -> Bool {
        guard current.kind == .symbol else { return false }
        var utf8 = s.utf8.makeIterator()
        guard let first = utf8.next() else { return false }
        if let second = utf8.next() { return current.symbol == Token.arrow && first == 45 && second == 62 && utf8.next() == nil }
        return current.symbol == first
    }

    /// Whether the current token is the one-character operator `c` (`^` also matches `**`).
    @inline(__always)
    func isSymbol(_ c: UInt8) -> Bool { current.kind == .symbol && current.symbol == c }

    func isIdentifier(_ s: String) -> Bool {
        current.kind == .identifier && current.length == s.utf8.count
            && s.utf8.elementsEqual(source.bytes[current.offset..<(current.offset + current.length)])
    }

    func error(_ expected: String) -> LocatedInputError {
        source.error(at: current.offset, "expected \(expected) / found \(source.describe(current))")
    }

    mutating func expect(_ s: String) throws(LocatedInputError) {
        guard isSymbol(s) else { throw error("'\(s)'") }
        try advance()
    }

    /// The current identifier token (its name is ``SourceText/text(_:)-(Token)``, made only when needed).
    mutating func expectNameToken(_ what: String = "a name") throws(LocatedInputError) -> Token {
        guard current.kind == .identifier else { throw error(what) }
        let token = current
        try advance()
        return token
    }

    mutating func expectIdentifier(_ what: String = "a name") throws(LocatedInputError) -> (String, Int) {
        guard current.kind == .identifier else { throw error(what) }
        let r = (source.text(current), current.offset)
        try advance()
        return r
    }
}
