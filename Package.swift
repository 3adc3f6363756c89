// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "odered",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "odered", targets: ["odered"]),
        .library(name: "Symbolic", targets: ["Symbolic"]),
        .library(name: "Reduction", targets: ["Reduction"]),
        .library(name: "Networks", targets: ["Networks"]),
        .library(name: "SBML", targets: ["SBML"]),
        .library(name: "Simulation", targets: ["Simulation"]),
        .library(name: "Plot", targets: ["Plot"]),
        .library(name: "Export", targets: ["Export"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // GMP's public API is made of macros; CGMP exposes it through static inline wrappers.
        .systemLibrary(
            name: "CGMP",
            pkgConfig: "gmp",
            providers: [.apt(["libgmp-dev"])]
        ),
        .target(name: "Symbolic", dependencies: ["CGMP"]),
        .target(name: "Reduction", dependencies: ["Symbolic"]),
        .target(name: "Networks", dependencies: ["Symbolic", "Reduction"]),
        // libSBML's C API, for the SBML reader and writer only (the core never imports it).
        .systemLibrary(
            name: "CSBML",
            pkgConfig: "libsbml",
            providers: [.apt(["libsbml5-dev"])]
        ),
        // libxml2's pull parser, for the SBML module's streaming fast path.
        .systemLibrary(
            name: "CXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "SBML", dependencies: ["Symbolic", "CSBML", "CXML2"]),
        // SuiteSparse's KLU sparse LU, for the stiff integrator (Debian: libsuitesparse-dev).
        .systemLibrary(
            name: "CKLU",
            providers: [.apt(["libsuitesparse-dev"])]
        ),
        .target(name: "Simulation", dependencies: ["Symbolic", "CKLU"]),
        // SVG line plots (no dependencies).
        .target(name: "Plot"),
        .target(name: "Export", dependencies: ["Symbolic"]),
        // Deterministic generators and the shared-model locator, for tests and benchmarks.
        .target(name: "TestSupport", dependencies: ["Symbolic"]),
        .executableTarget(
            name: "odered",
            dependencies: [
                "Symbolic", "Reduction", "Networks", "SBML", "Simulation", "Plot", "Export",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "odered-bench",
            dependencies: ["Symbolic", "Reduction", "Networks", "TestSupport"],
            path: "bench/Sources/odered-bench"
        ),
        .testTarget(name: "SymbolicTests", dependencies: ["Symbolic", "TestSupport"], exclude: ["FuzzCorpus"]),
        .testTarget(name: "ReductionTests", dependencies: ["Reduction", "Symbolic", "TestSupport"]),
        .testTarget(name: "SBMLTests", dependencies: ["SBML", "Symbolic", "Reduction", "TestSupport"]),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "Symbolic", "Reduction", "TestSupport"]),
        .testTarget(name: "ExportTests", dependencies: ["Export", "Simulation", "SBML", "Symbolic", "TestSupport"]),
        .testTarget(name: "NetworksTests", dependencies: ["Networks", "Reduction", "Symbolic", "TestSupport"]),
        // Runs the built executable: exit codes, one-line errors, JSON keys.
        .testTarget(name: "OderedCLITests", dependencies: ["odered", "TestSupport"]),
    ]
)
