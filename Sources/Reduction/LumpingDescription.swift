/// What the variables of a reduced model written by odered stand for, read back from the
/// provenance comments ``ReductionOutcome/provenance(of:source:request:)`` writes (the `//`
/// lines of an `.ode`, the notes of an SBML model).
public struct LumpingDescription: Sendable, Equatable {
    /// Whether each reduced variable is the sum of its block (forward) or the block's common
    /// value (backward).
    public var isBackward: Bool
    /// Reduced variable name and the names of its block's members in the original model.
    public var blocks: [Block]

    public struct Block: Sendable, Equatable {
        public var variable: String
        public var members: [String]
    }

    /// Parses the comment lines (without their `//` marker); `nil` when they hold no block list.
    ///
    /// The list starts at the line "Each variable is the sum of …" (or "… the common value of …")
    /// and holds one `  name = a + b + …` (or `  name = a = b …`) line per block; the
    /// original-name lines in parentheses are skipped.
    public static func parse(commentLines: [String]) -> LumpingDescription? {
        guard let start = commentLines.firstIndex(where: { $0.contains("Each variable is the sum of the original variables") || $0.contains("Each variable is the common value of the original variables") }) else { return nil }
        let backward = commentLines[start].contains("common value")
        var blocks: [Block] = []
        for line in commentLines[(start + 1)...] {
            let text = line.trimmingLeadingSpaces()
            guard text.count < line.count else { break }     // the list's lines are indented
            if text.hasPrefix("(") { continue }
            let parts = text.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces() }
            guard parts.count == 2, !parts[0].isEmpty else { return nil }
            let members = parts[1].split(separator: backward ? "=" : "+").map { String($0).trimmingSpaces() }
            guard !members.contains(where: \.isEmpty) else { return nil }
            blocks.append(Block(variable: parts[0], members: members))
        }
        return blocks.isEmpty ? nil : LumpingDescription(isBackward: backward, blocks: blocks)
    }
}

private extension String {
    func trimmingLeadingSpaces() -> String { String(drop { $0 == " " }) }
    func trimmingSpaces() -> String { String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
}
