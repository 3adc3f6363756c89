import CGMP

/// Heap storage for one GMP rational.
///
/// A `ManagedBuffer` whose header *is* the `mpq_t` struct: one allocation and a
/// stable address for GMP to write through. A published box is never mutated,
/// which makes sharing it between threads sound.
@usableFromInline
final class MPQStorage: ManagedBuffer<__mpq_struct, UInt8> {
    deinit {
        withUnsafeMutablePointerToHeader { odered_mpq_clear($0) }
    }

    /// A fresh storage holding 0/1.
    @usableFromInline
    static func make() -> MPQStorage {
        let buffer = MPQStorage.create(minimumCapacity: 0) { _ in __mpq_struct() }
        let storage = unsafeDowncast(buffer, to: MPQStorage.self)
        storage.withUnsafeMutablePointerToHeader { odered_mpq_init($0) }
        return storage
    }

    /// A storage holding `numerator/denominator` (canonicalized).
    @usableFromInline
    static func make(numerator: Int64, denominator: Int64) -> MPQStorage {
        let storage = make()
        storage.withUnsafeMutablePointerToHeader { odered_mpq_set_i64($0, numerator, denominator) }
        return storage
    }

    @inline(__always)
    var pointer: UnsafeMutablePointer<__mpq_struct> {
        // The header lives as long as `self`; callers keep `self` alive via withExtendedLifetime.
        withUnsafeMutablePointerToHeader { $0 }
    }
}
