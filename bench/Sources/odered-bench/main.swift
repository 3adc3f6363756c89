// odered-bench: performance tables for odered (see bench/RESULTS.md).
//
//   swift run -c release odered-bench [--quick] [--shared DIR] [--odered PATH] [load|rational|pipeline|generated|approx …]
//
// Sections (default: all): load (parse times), rational (Int64 fast path vs GMP vs Double),
// pipeline (`odered reduce` per shared model, child processes), generated (multisite
// phosphorylation n = 2…8, random planted systems of 10⁵ and 10⁶ terms), approx (ε-FDE vs exact),
// networks (layered network compression, widths 256…4096, child process per row).
#if canImport(Glibc)
import Glibc
#endif

func printError(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

if CommandLine.arguments.dropFirst().first == "networks-child" { networksChild(Array(CommandLine.arguments.dropFirst(2))); exit(0) }
let sections = ["load", "rational", "pipeline", "generated", "approx", "networks"]
var settings = Settings()
var chosen: [String] = []
var arguments = CommandLine.arguments.dropFirst()
while let a = arguments.popFirst() {
    switch a {
    case "--quick": settings.quick = true
    case "--shared": settings.shared = arguments.popFirst() ?? settings.shared
    case "--odered": settings.odered = arguments.popFirst() ?? ""
    case "-h", "--help":
        print("usage: odered-bench [--quick] [--shared DIR] [--odered PATH] [\(sections.joined(separator: "|")) …]")
        exit(0)
    default:
        guard sections.contains(a) else {
            printError("odered-bench: unknown argument '\(a)' (sections: \(sections.joined(separator: ", ")))\n")
            exit(2)
        }
        chosen.append(a)
    }
}
if chosen.isEmpty { chosen = sections }
if settings.odered.isEmpty { settings.odered = executableDirectory() + "/odered" }
if chosen.contains(where: { ["pipeline", "generated"].contains($0) }) && access(settings.odered, X_OK) != 0 {
    printError("odered-bench: no odered binary at \(settings.odered) (build it: swift build -c release, or pass --odered PATH)\n")
    exit(2)
}

let start = now()
print("# odered-bench\(settings.quick ? " (quick)" : "")")
print("\nshared: \(settings.shared); odered: \(settings.odered)")
for name in chosen {
    switch name {
    case "load": benchLoad(settings)
    case "rational": benchRational(settings)
    case "pipeline": benchPipeline(settings)
    case "generated": benchGenerated(settings)
    case "approx": benchApproximate(settings)
    case "networks": benchNetworks(settings)
    default: break
    }
}
print("\n_Total benchmark time \(fixed(now() - start, 1)) s; benchmark process peak RSS \(selfPeakRSSKB().map { mib($0) } ?? "?") MiB._")
