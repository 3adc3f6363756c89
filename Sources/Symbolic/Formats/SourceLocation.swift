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

/// A model file that cannot be read: says where and what was expected / found.
public struct ModelReadError: Error, CustomStringConvertible, Sendable {
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

    /// `file:line:column: message`, with missing parts left out.
    public var description: String {
        var prefix = file.map { "\($0):" } ?? ""
        if let location { prefix += "\(location.line):\(location.column):" }
        return prefix.isEmpty ? message : "\(prefix) \(message)"
    }
}
