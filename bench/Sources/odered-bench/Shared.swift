import Symbolic

/// One row of ../shared/models/manifest.tsv.
struct ManifestEntry {
    var path: String
    var variables: Int?
    var terms: Int?
    var fdeBlocks: Int?
    var fullPath: String
    var bytes: Int
    var name: String { path.split(separator: "/").last.map(String.init) ?? path }
}

/// The shared models, or nil (with a note printed) when the directory is absent.
func loadManifest(shared: String) -> [ManifestEntry]? {
    let manifest = "\(shared)/models/manifest.tsv"
    guard let bytes = try? ModelFile.readBytes(path: manifest) else {
        print("_Skipped: \(manifest) not found (pass --shared DIR)._")
        return nil
    }
    let text = String(decoding: bytes, as: UTF8.self)
    var entries: [ManifestEntry] = []
    for line in text.split(separator: "\n").dropFirst() {
        let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard f.count >= 5 else { continue }
        let full = "\(shared)/models/\(f[0])"
        entries.append(ManifestEntry(path: f[0], variables: Int(f[2]), terms: Int(f[3]), fdeBlocks: Int(f[4]),
                                     fullPath: full, bytes: fileSize(full) ?? 0))
    }
    return entries
}
