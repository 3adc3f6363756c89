/// An irrational constant kept exactly as a symbol: `ln(2)`, `exp(-3/2)`, `sqrt(2)`, `pi`.
///
/// Readers turn every sub-expression of a constant that is not rational — a function of
/// constants (`ln`, `exp`, `sqrt`, trigonometric functions, …), a non-integer power, `pi` —
/// into an atom, with exact rational arithmetic around it: `ln(2)/120` is (1/120)·`ln(2)`.
/// The same constant written twice (`ln(2)`, `ln(4/2)`, `ln( 2 )`) is one atom, because the
/// atom is named by a canonical text of its exact argument.
///
/// In polynomials an atom is a parameter symbol without a rational value (see
/// ``Parameter/atom``), so everything odered derives — a lumping, a quotient, a certificate —
/// holds for *every* value of the atoms, in particular for the true ones. Relations between
/// atoms (exp(a)·exp(b) = exp(a+b), sqrt(2)² = 2, ln(4) = 2·ln(2)) are not used: a
/// partition can be finer than with the true values, never wrong.
///
/// Numeric uses (evaluation, simulation) take ``approximation``, the double value computed
/// from the double values of the arguments.
public struct ConstantAtom: Hashable, Sendable {
    /// Canonical text, also the atom's symbol name: a call such as `ln(2)` or a parenthesized
    /// power `(10^(1239/800))`, so that it reads back as the same atom wherever it is written.
    public var text: String
    /// The double value.
    public var approximation: Double

    public init(text: String, approximation: Double) {
        self.text = text
        self.approximation = approximation
    }
}
