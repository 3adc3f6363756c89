import Symbolic
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Monotonic seconds.
func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// Runs `body` and returns its result with the elapsed wall time (seconds).
func timed<R>(_ body: () throws -> R) rethrows -> (R, Double) {
    let t0 = now()
    let r = try body()
    return (r, now() - t0)
}

func median(_ xs: [Double]) -> Double {
    precondition(!xs.isEmpty)
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Keeps a value alive so the optimizer cannot drop the computation producing it.
@inline(never) func blackHole<T>(_ x: T) { withExtendedLifetime(x) {} }

/// Peak resident set of this process (VmHWM, kB), or nil off Linux.
func selfPeakRSSKB() -> Int? {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
    }
    return nil
}

/// Outcome of one child process.
struct ChildResult {
    var wall: Double
    /// ru_maxrss of the child (kB on Linux).
    var maxRSSKB: Int
    var exitStatus: Int32
    var stdout: String
    var stderr: String
    var json: [String: Any]? {
        guard let data = stdout.data(using: .utf8) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }
}

/// GNU time, used for the child's peak RSS when present: wait4's ru_maxrss of a child started
/// with posix_spawn (vfork semantics) reports at least the parent's RSS at spawn time.
let gnuTime: String? = access("/usr/bin/time", X_OK) == 0 ? "/usr/bin/time" : nil

/// Spawns `path args…` (stdout/stderr to temporary files), waits with wait4 and reports
/// wall time and the child's peak RSS (GNU time's %M when available, else wait4's rusage).
func runChild(_ path: String, _ args: [String]) -> ChildResult {
    let rssPath = "\(scratchDirectory)/child.\(getpid()).rss"
    var path = path, args = args
    if let gnuTime {
        args = ["-f", "%M", "-o", rssPath, path] + args
        path = gnuTime
    }
    let outPath = "\(scratchDirectory)/child.\(getpid()).out"
    let errPath = "\(scratchDirectory)/child.\(getpid()).err"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + args).map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    var pid: pid_t = 0
    let t0 = now()
    let rc = posix_spawn(&pid, path, &actions, nil, argv, environ)
    guard rc == 0 else {
        return ChildResult(wall: 0, maxRSSKB: 0, exitStatus: -1, stdout: "", stderr: "posix_spawn failed: \(rc)")
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let wall = now() - t0
    let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
    let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    unlink(outPath)
    unlink(errPath)
    var rss = Int(usage.ru_maxrss)
    if gnuTime != nil {
        let text = (try? String(contentsOfFile: rssPath, encoding: .utf8)) ?? ""
        if let kb = text.split(separator: "\n").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) { rss = kb }
        unlink(rssPath)
    }
    return ChildResult(wall: wall, maxRSSKB: rss, exitStatus: exit, stdout: out, stderr: err)
}

/// Scratch directory for generated models and child outputs.
let scratchDirectory: String = {
    let dir = "/tmp/odered-bench-\(getuid())"
    mkdir(dir, 0o755)
    return dir
}()

/// Writes text to a file (fatal on failure).
func writeFile(_ text: String, to path: String) {
    do { try ModelFile.write(text, to: path) } catch { fatalError("\(error)") }
}

func fileSize(_ path: String) -> Int? {
    var st = stat()
    return stat(path, &st) == 0 ? Int(st.st_size) : nil
}

/// The directory holding this executable (where the `odered` binary of the same build lives).
func executableDirectory() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    let path = n > 0 ? String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    if let slash = path.lastIndex(of: "/") { return String(path[..<slash]) }
    return "."
}
