import Foundation
import SBML
import Symbolic
import TestSupport

/// Running external programs (python3 with scipy, octave) from tests, and loading models.
enum External {
    /// Runs `arguments` (the first is looked up on PATH); standard output and error, and the exit status.
    static func run(_ arguments: [String], in directory: String? = nil) -> (status: Int32, output: String, error: String) {
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

    /// Whether `python3` with numpy and scipy runs here (a note is printed when not).
    static let scipy: Bool = {
        let ok = run(["python3", "-c", "import numpy, scipy.integrate, scipy.sparse"]).status == 0
        if !ok { print("note: python3 with scipy not found; the exported-script and reference-simulator tests are skipped") }
        return ok
    }()

    /// Whether `octave-cli` runs here (a note is printed when not).
    static let octave: Bool = {
        let ok = run(["octave-cli", "--version"]).status == 0
        if !ok { print("note: octave-cli not found; the MATLAB export test is skipped") }
        return ok
    }()

    /// A fresh temporary directory.
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "odered-export-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A CSV of numbers with a header row: the header and the rows.
    static func parseCSV(_ text: String) -> (header: [String], rows: [[Double]]) {
        let lines = text.split(separator: "\n").map(String.init)
        guard let first = lines.first else { return ([], []) }
        return (first.split(separator: ",").map(String.init),
                lines.dropFirst().map { $0.split(separator: ",").map { Double($0) ?? .nan } })
    }
}

/// Loads a model of any format odered reads.
func loadAnyModel(_ path: String) throws -> ODEModel {
    let lower = path.lowercased()
    if lower.hasSuffix(".xml") || lower.hasSuffix(".sbml") { return try SBMLReader.read(path: path) }
    return try ModelFile.load(path: path)
}

/// The bundled example models (`models/*.ode`).
let bundledModels: [String] = {
    var path = #filePath  // …/Tests/ExportTests/ExportTestSupport.swift
    for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
    let directory = path + "/models"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(".ode") }.sorted().map { directory + "/" + $0 }
}()

/// Every shared model that must load (all formats, SBML included), as paths.
let sharedModelPaths: [String] = SharedModels.available
    ? SharedModels.manifest.filter { !$0.mustBeRejected }.map { SharedModels.path($0) }
        + SharedModels.sbmlManifest.filter { !$0.mustBeRejected }.map { SharedModels.path("sbml/" + $0.path) }
    : []
