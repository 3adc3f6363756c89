/// A position in a source file (1-based line and column).
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
}

/// An input error with a source position: a model, partition, CSV or network file that cannot
/// be read, printed as `file:line:column: what was expected / what was found` (one line).
public struct LocatedInputError: Error, CustomStringConvertible, Sendable {
    /// The file (as given by the caller), if any.
    public var file: String?
    /// Where the problem is, if it has a position.
    public var location: SourceLocation?
    /// One line: "expected … / found …" or a description of the unsupported construct.
    public var message: String

    public init(file: String? = nil, location: SourceLocation?, message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    /// `file:line:column: message`, with missing parts left out; always one line
    /// (line breaks and other control characters quoted from the input are escaped) and at
    /// most ``maximumMessageLength`` characters (a longer one ends in `…`).
    public var description: String {
        var prefix = file.map { "\(LocatedInputError.excerpt($0, limit: 120)):" } ?? ""
        if let location { prefix += "\(location.line):\(location.column):" }
        return LocatedInputError.capped(LocatedInputError.singleLine(prefix.isEmpty ? message : "\(prefix) \(message)"))
    }

    /// The longest message odered prints for one input error, in characters.
    public static let maximumMessageLength = 300

    /// `text` cut to `limit` characters (the last one `…`) with control characters escaped:
    /// for quoting names and values from the input inside a message.
    public static func excerpt(_ text: String, limit: Int = 80) -> String {
        capped(singleLine(text), limit: limit)
    }

    /// `text` cut to `limit` characters, the last one `…`, when longer.
    public static func capped(_ text: String, limit: Int = maximumMessageLength) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }

    /// `text` with control characters written as escapes (`\n`, `\r`, `\t`, `\u{…}`).
    public static func singleLine(_ text: String) -> String {
        // Fast path: no byte below 0x20, no DEL, no lead byte of U+0080…U+009F (C2) or of
        // U+2028/U+2029 (E2): nothing to escape.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) { return text }
        guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{85}" }) else { return text }
        var out = ""
        for u in text.unicodeScalars {
            switch u {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.properties.generalCategory == .control || u == "\u{2028}" || u == "\u{2029}" {
                    out += "\\u{\(String(u.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out
    }
}
