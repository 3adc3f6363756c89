import Symbolic

#if canImport(Glibc)
import Glibc
#endif

/// Locates `../shared/models` next to the package; tests using it skip with a note when absent.
enum SharedModels {
    static let directory: String? = {
        var path = #filePath
        for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
        let candidate = path + "/../shared/models"
        return access(candidate + "/manifest.tsv", R_OK) == 0 ? candidate : nil
    }()

    struct Entry: Sendable, CustomStringConvertible {
        var path: String
        var format: String
        var variables: Int?
        var terms: Int?
        var fdeBlocks: Int?
        var notes: String
        var mustBeRejected: Bool { notes.hasPrefix("must be rejected") }
        var description: String { path }
    }

    /// The manifest rows (empty when ../shared is missing, after printing a note).
    static let manifest: [Entry] = {
        guard let directory else {
            print("note: ../shared/models not found; shared-model tests are skipped")
            return []
        }
        guard let bytes = try? ModelFile.readBytes(path: directory + "/manifest.tsv") else { return [] }
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").dropFirst()
        return lines.map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Entry(path: f[0], format: f[1], variables: Int(f[2]), terms: Int(f[3]),
                         fdeBlocks: Int(f[4]), notes: f.count > 5 ? f[5] : "")
        }
    }()

    static func path(_ entry: Entry) -> String { directory! + "/" + entry.path }
}
