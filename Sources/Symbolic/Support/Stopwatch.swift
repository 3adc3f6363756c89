#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A monotonic wall-clock stopwatch (no Foundation): phase timings of commands and of
/// ``Reduction/Reducer``.
public struct Stopwatch: Sendable {
    private var start: timespec

    public init() { start = Stopwatch.now() }

    private static func now() -> timespec {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return t
    }

    /// Seconds since the start (or the last ``lap()``).
    public var seconds: Double {
        let t = Stopwatch.now()
        return Double(t.tv_sec - start.tv_sec) + Double(t.tv_nsec - start.tv_nsec) / 1e9
    }

    /// The seconds since the start or the last lap, and a new start.
    public mutating func lap() -> Double {
        let s = seconds
        start = Stopwatch.now()
        return s
    }
}
