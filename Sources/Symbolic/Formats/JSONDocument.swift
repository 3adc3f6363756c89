/// A parsed JSON value that keeps number text exact.
///
/// Numbers are kept as their source text so callers can convert them exactly
/// (``Rational/init(parsing:)``) or as doubles, as the format requires. Parse errors carry
/// line:column; the document itself keeps no positions, so a reader that rejects a value
/// later finds its line:column again with ``JSONLocator``. ``JSONValue`` is the writing side.
public indirect enum JSONDocument: Sendable, Equatable {
    case string(String)
    /// The number exactly as written.
    case number(String)
    case bool(Bool)
    case null
    case array([JSONDocument])
    /// Keys in source order.
    case object([(key: String, value: JSONDocument)])

    public static func == (a: JSONDocument, b: JSONDocument) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)), (.number(let x), .number(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// The value for `key` in an object.
    public subscript(key: String) -> JSONDocument? {
        if case .object(let pairs) = self { return pairs.first { $0.key == key }?.value }
        return nil
    }

    /// Decodes the escape whose letter is at `bytes[i]` (just after a backslash), appending its
    /// UTF-8 to `out` and moving `i` past it; `false` (nothing consumed) for a bad `\u` escape.
    /// Shared by the parser and ``JSONLocator`` so that both read keys the same way.
    static func decodeEscape(_ bytes: [UInt8], at i: inout Int, into out: inout [UInt8]) -> Bool {
        switch bytes[i] {
        case UInt8(ascii: "n"): out.append(10)
        case UInt8(ascii: "t"): out.append(9)
        case UInt8(ascii: "r"): out.append(13)
        case UInt8(ascii: "b"): out.append(8)
        case UInt8(ascii: "f"): out.append(12)
        case UInt8(ascii: "u"):
            guard i + 4 < bytes.count,
                  var v = UInt32(String(decoding: bytes[(i + 1)..<(i + 5)], as: UTF8.self), radix: 16) else { return false }
            i += 4
            // A surrogate pair \uD83D\uDE00 is one character (what an ASCII-only writer, such as
            // Python's json.dump, writes for characters beyond the BMP).
            if (0xD800...0xDBFF).contains(v), i + 6 < bytes.count, bytes[i + 1] == UInt8(ascii: "\\"), bytes[i + 2] == UInt8(ascii: "u"),
               let low = UInt32(String(decoding: bytes[(i + 3)..<(i + 7)], as: UTF8.self), radix: 16), (0xDC00...0xDFFF).contains(low) {
                v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
                i += 6
            }
            out.append(contentsOf: Array(String(UnicodeScalar(v).map(Character.init) ?? "\u{FFFD}").utf8))
        default: out.append(bytes[i])
        }
        i += 1
        return true
    }

    /// Maximum nesting depth accepted (deeper input is refused, never a stack overflow).
    public static let maximumDepth = 256

    /// Parses JSON text; errors carry line:column.
    public static func parse(bytes: [UInt8], file: String? = nil) throws(LocatedInputError) -> JSONDocument {
        var parser = JSONParser(source: SourceText(bytes: bytes, file: file))
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        if parser.i < bytes.count { throw parser.fail("end of JSON") }
        return value
    }
}

private struct JSONParser {
    let source: SourceText
    var i = 0
    var bytes: [UInt8] { source.bytes }

    func fail(_ expected: String) -> LocatedInputError {
        source.error(at: i, "expected \(expected) / found \(source.describeCharacter(at: i))")
    }

    mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 || bytes[i] == 10 || bytes[i] == 13 { i += 1 }
    }

    mutating func literal(_ word: String, _ value: JSONDocument) throws(LocatedInputError) -> JSONDocument {
        let w = Array(word.utf8)
        guard i + w.count <= bytes.count, Array(bytes[i..<(i + w.count)]) == w else { throw fail("a JSON value") }
        i += w.count
        return value
    }

    mutating func value(depth: Int) throws(LocatedInputError) -> JSONDocument {
        skipSpace()
        guard depth < JSONDocument.maximumDepth else { throw fail("nesting depth at most \(JSONDocument.maximumDepth)") }
        guard i < bytes.count else { throw fail("a JSON value") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var pairs: [(key: String, value: JSONDocument)] = []
            skipSpace()
            if i < bytes.count && bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("a quoted key") }
                let key = try string()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("':'") }
                i += 1
                pairs.append((key, try value(depth: depth + 1)))
                skipSpace()
                guard i < bytes.count else { throw fail("',' or '}'") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
                throw fail("',' or '}'")
            }
        case UInt8(ascii: "["):
            i += 1
            var items: [JSONDocument] = []
            skipSpace()
            if i < bytes.count && bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard i < bytes.count else { throw fail("',' or ']'") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                throw fail("',' or ']'")
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default:
            let start = i
            while i < bytes.count, let c = Optional(bytes[i]),
                  (c >= 48 && c <= 57) || c == 45 || c == 43 || c == 46 || c == 101 || c == 69 { i += 1 }
            guard i > start else { throw fail("a JSON value") }
            return .number(source.text(start..<i))
        }
    }

    mutating func string() throws(LocatedInputError) -> String {
        i += 1  // opening quote
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else { throw fail("a closing '\"'") }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { i += 1; break }
            if c == UInt8(ascii: "\\") {
                i += 1
                guard i < bytes.count else { throw fail("an escape character") }
                guard JSONDocument.decodeEscape(bytes, at: &i, into: &out) else { throw fail("four hex digits") }
                continue
            }
            out.append(c)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
