import Foundation

/// Runs external programs from tests (python3, octave, BioNetGen's scripts).
public enum ExternalCommand {
    /// Runs `arguments` (the first is looked up on PATH); standard output and error, and the exit status.
    public static func run(_ arguments: [String], in directory: String? = nil) -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        // Standard error goes to a file, so that neither stream can fill a pipe and block the process.
        let errorPath = NSTemporaryDirectory() + "odered-stderr-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        guard let errorFile = FileHandle(forWritingAtPath: errorPath) else { return (-1, "", "cannot create \(errorPath)") }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = errorFile
        do { try process.run() } catch { return (-1, "", "\(error)") }
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try? errorFile.close()
        let errorText = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), errorText)
    }
}
