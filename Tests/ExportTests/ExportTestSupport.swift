import Foundation
import SBML
import Symbolic
import TestSupport

/// External programs (python3 with scipy, octave) for the export tests, and loading models.
enum External {
    /// Whether `python3` with numpy and scipy runs here (a note is printed when not).
    static let scipy: Bool = {
        let ok = ExternalCommand.run(["python3", "-c", "import numpy, scipy.integrate, scipy.sparse"]).status == 0
        if !ok { print("note: python3 with scipy not found; the exported-script and reference-simulator tests are skipped") }
        return ok
    }()

    /// Whether `octave-cli` runs here (a note is printed when not).
    static let octave: Bool = {
        let ok = ExternalCommand.run(["octave-cli", "--version"]).status == 0
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
