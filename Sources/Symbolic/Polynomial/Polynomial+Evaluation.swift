extension Polynomial {
    /// Exact value with `value(symbol)` for every symbol.
    public func evaluate(_ value: (Int32) -> Rational) -> Rational {
        var sum = Rational.zero
        for t in terms {
            var product = t.coefficient
            for (symbol, exponent) in t.monomial.factors { product *= value(symbol).power(exponent) }
            sum += product
        }
        return sum
    }

    /// Floating-point value with `value(symbol)` for every symbol.
    public func evaluate(_ value: (Int32) -> Double) -> Double {
        var sum = 0.0
        for t in terms {
            var product = t.coefficient.doubleValue
            for f in t.monomial.powers {
                let x = value(f.symbol)
                let e = f.exponent
                product *= e == 1 ? x : (e == 2 ? x * x : pow(x, Double(e)))
            }
            sum += product
        }
        return sum
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
