import Symbolic

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The third-party models in `../shared/models` (next to the package), with their manifest.
///
/// Tests that use them skip cleanly, with a printed note, when the folder is absent.
public enum SharedModels {
    /// `../shared/models`, or `nil` (after printing a note) when it does not exist.
    public static let directory: String? = {
        var path = #filePath  // …/Sources/TestSupport/SharedModels.swift
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        let candidate = path + "/../shared/models"
        if access(candidate + "/manifest.tsv", R_OK) == 0 { return candidate }
        print("note: ../shared/models not found; tests on third-party models are skipped")
        return nil
    }()

    /// One row of `manifest.tsv`.
    public struct Entry: Sendable, CustomStringConvertible {
        public var path: String
        public var format: String
        public var variables: Int?
        public var terms: Int?
        public var fdeBlocks: Int?
        public var notes: String
        public var mustBeRejected: Bool { notes.hasPrefix("must be rejected") }
        public var description: String { path }
    }

    /// Whether `../shared/models` exists: tests that need it carry
    /// `.enabled(if: SharedModels.available, …)`, so they report as skipped, not passed.
    public static var available: Bool { directory != nil }

    /// The manifest rows (empty when the folder is missing).
    public static let manifest: [Entry] = rows(of: "manifest.tsv")

    /// The rows of `sbml/manifest.tsv` (paths relative to `sbml/`; empty when missing).
    public static let sbmlManifest: [Entry] = rows(of: "sbml/manifest.tsv")

    private static func rows(of file: String) -> [Entry] {
        guard let directory, let bytes = try? ModelFile.readBytes(path: directory + "/" + file) else { return [] }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").dropFirst()
        return lines.map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Entry(path: f[0], format: f[1], variables: Int(f[2]), terms: Int(f[3]),
                         fdeBlocks: Int(f[4]), notes: f.count > 5 ? f[5] : "")
        }
    }

    /// The absolute path of a manifest entry.
    public static func path(_ entry: Entry) -> String { directory! + "/" + entry.path }

    /// The absolute path of a file relative to the models folder.
    public static func path(_ relative: String) -> String { directory! + "/" + relative }
}

/// The `LocatedInputError` thrown by `body`, or `nil` if it succeeded (or threw something else).
public func modelReadError(_ body: () throws -> Void) -> LocatedInputError? {
    do {
        try body()
        return nil
    } catch {
        return error as? LocatedInputError
    }
}
