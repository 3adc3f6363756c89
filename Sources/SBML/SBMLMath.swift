import CSBML
import Symbolic

/// Translates libSBML's math AST into odered's expression language (``ModelBuilder`` reads it),
/// exactly: integers and rationals as written, a double `<cn>` as the shortest decimal that
/// reads back to it (``SBMLNumbers/decimal(_:)``), MathML's functions by their names, piecewise
/// as nested `if`. Constructs outside an autonomous polynomial ODE — the `time` and `delay`
/// symbols, `rateOf`, lambdas, distribution functions — are refused by name.
struct SBMLMath {
    /// Why a formula cannot be translated.
    struct Unsupported: Error, Equatable { var message: String }

    /// The operands of a chain of `type` nodes (sum or product), left to right.
    static func flattened(_ node: OpaquePointer, _ type: ASTNodeType_t) -> [OpaquePointer] {
        var out: [OpaquePointer] = []
        var stack: [OpaquePointer] = [node]
        while let top = stack.popLast() {
            if ASTNode_getType(top) == type {
                let n = Int(ASTNode_getNumChildren(top))
                for i in stride(from: n - 1, through: 0, by: -1) { if let c = ASTNode_getChild(top, UInt32(i)) { stack.append(c) } }
            } else {
                out.append(top)
            }
        }
        return out
    }

    /// The text of `node`.
    static func text(_ node: OpaquePointer?) throws(Unsupported) -> String {
        guard let node else { throw Unsupported(message: "expected a formula / found empty math") }
        let type = ASTNode_getType(node)
        let n = Int(ASTNode_getNumChildren(node))
        func child(_ i: Int) throws(Unsupported) -> String { try text(ASTNode_getChild(node, UInt32(i))) }
        func children() throws(Unsupported) -> [String] {
            var out: [String] = []
            for i in 0..<n { out.append(try child(i)) }
            return out
        }
        func call(_ name: String) throws(Unsupported) -> String { "\(name)(\(try children().joined(separator: ", ")))" }
        switch type {
        case AST_PLUS, AST_TIMES:
            // libSBML may nest n-ary sums and products as binary trees: flatten them (a
            // worklist, not recursion), so long sums do not become deeply nested text.
            let operands = flattened(node, type)
            if operands.isEmpty { return type == AST_PLUS ? "0" : "1" }
            var texts: [String] = []
            for operand in operands { texts.append(try text(operand)) }
            return "(" + texts.joined(separator: type == AST_PLUS ? " + " : " * ") + ")"
        case AST_MINUS:
            if n == 1 { return "(-(\(try child(0))))" }
            return "((\(try child(0))) - (\(try child(1))))"
        case AST_DIVIDE: return "((\(try child(0))) / (\(try child(1))))"
        case AST_POWER, AST_FUNCTION_POWER: return "((\(try child(0))) ^ (\(try child(1))))"
        case AST_INTEGER: return "(\(ASTNode_getInteger(node)))"
        case AST_RATIONAL: return "((\(ASTNode_getNumerator(node))) / (\(ASTNode_getDenominator(node))))"
        case AST_REAL, AST_REAL_E: return "(\(try SBMLNumbers.decimal(ASTNode_getReal(node))))"
        case AST_NAME:
            guard let name = ASTNode_getName(node) else { throw Unsupported(message: "expected a name / found an unnamed reference") }
            return String(cString: name)
        case AST_NAME_AVOGADRO: return "602214076000000000000000"
        case AST_NAME_TIME: throw Unsupported(message: "uses the SBML time symbol: a rate that depends on time is not autonomous (not a polynomial ODE)")
        case AST_FUNCTION_DELAY: throw Unsupported(message: "uses delay(): a delay equation is not an ODE")
        case AST_FUNCTION_RATE_OF: throw Unsupported(message: "uses rateOf(): not supported")
        case AST_CONSTANT_E: return "exp(1)"
        case AST_CONSTANT_PI: return "pi()"
        case AST_CONSTANT_TRUE: return "1"
        case AST_CONSTANT_FALSE: return "0"
        case AST_FUNCTION_EXP: return try call("exp")
        case AST_FUNCTION_LN: return try call("ln")
        case AST_FUNCTION_LOG:
            // log(x) is base 10; with a logbase child first, log_b(x) = ln(x)/ln(b).
            if n == 2 {
                let base = try child(0), x = try child(1)
                return base == "(10)" ? "log10(\(x))" : "(ln(\(x)) / ln(\(base)))"
            }
            return try call("log10")
        case AST_FUNCTION_ROOT:
            if n == 2 { return "((\(try child(1))) ^ (1 / (\(try child(0)))))" }
            return try call("sqrt")
        case AST_FUNCTION_ABS: return try call("abs")
        case AST_FUNCTION_FLOOR: return "rint((\(try child(0))) - 1/2)"  // rint(y) = floor(y + 1/2)
        case AST_FUNCTION_CEILING: return "(-rint(-(\(try child(0))) - 1/2))"
        case AST_FUNCTION_SIN: return try call("sin")
        case AST_FUNCTION_COS: return try call("cos")
        case AST_FUNCTION_TAN: return try call("tan")
        case AST_FUNCTION_SEC: return "(1 / cos(\(try child(0))))"
        case AST_FUNCTION_CSC: return "(1 / sin(\(try child(0))))"
        case AST_FUNCTION_COT: return "(1 / tan(\(try child(0))))"
        case AST_FUNCTION_SINH: return try call("sinh")
        case AST_FUNCTION_COSH: return try call("cosh")
        case AST_FUNCTION_TANH: return try call("tanh")
        case AST_FUNCTION_SECH: return "(1 / cosh(\(try child(0))))"
        case AST_FUNCTION_CSCH: return "(1 / sinh(\(try child(0))))"
        case AST_FUNCTION_COTH: return "(1 / tanh(\(try child(0))))"
        case AST_FUNCTION_ARCSIN: return try call("asin")
        case AST_FUNCTION_ARCCOS: return try call("acos")
        case AST_FUNCTION_ARCTAN: return try call("atan")
        case AST_FUNCTION_ARCSINH: return try call("asinh")
        case AST_FUNCTION_ARCCOSH: return try call("acosh")
        case AST_FUNCTION_ARCTANH: return try call("atanh")
        case AST_FUNCTION_MIN: return try call("min")
        case AST_FUNCTION_MAX: return try call("max")
        case AST_FUNCTION_PIECEWISE:
            // piecewise(v1, c1, v2, c2, …, otherwise) = if(c1, v1, if(c2, v2, … otherwise)).
            let parts = try children()
            var result = parts.count % 2 == 1 ? parts[parts.count - 1] : "0"
            var k = (parts.count / 2) * 2 - 2
            while k >= 0 {
                result = "if(\(parts[k + 1]), \(parts[k]), \(result))"
                k -= 2
            }
            return result
        case AST_RELATIONAL_EQ: return try relation("==")
        case AST_RELATIONAL_NEQ: return try relation("!=")
        case AST_RELATIONAL_GT: return try relation(">")
        case AST_RELATIONAL_GEQ: return try relation(">=")
        case AST_RELATIONAL_LT: return try relation("<")
        case AST_RELATIONAL_LEQ: return try relation("<=")
        case AST_LOGICAL_AND: return "(" + (try children().map { "((\($0)) != 0)" }.joined(separator: " && ")) + ")"
        case AST_LOGICAL_OR: return "(" + (try children().map { "((\($0)) != 0)" }.joined(separator: " || ")) + ")"
        case AST_LOGICAL_NOT: return "((\(try child(0))) == 0)"
        case AST_LOGICAL_XOR: return "(((\(try child(0))) != 0) != ((\(try child(1))) != 0))"
        case AST_FUNCTION:
            let name = ASTNode_getName(node).map { String(cString: $0) } ?? "?"
            throw Unsupported(message: "uses the function '\(LocatedInputError.excerpt(name, limit: 40))' that libSBML could not expand")
        case AST_LAMBDA: throw Unsupported(message: "uses a lambda outside a function definition")
        default:
            throw Unsupported(message: "uses the MathML construct number \(type.rawValue), outside odered's polynomial language")
        }

        func relation(_ op: String) throws(Unsupported) -> String {
            guard n == 2 else { throw Unsupported(message: "uses a chained comparison '\(op)' with \(n) operands") }
            return "((\(try child(0))) \(op) (\(try child(1))))"
        }
    }
}

/// Exact values of the doubles SBML files carry.
enum SBMLNumbers {
    /// The shortest decimal that reads back to `value` (Swift's `description`): for a literal of
    /// at most 15 significant digits this is the decimal the file had, so `0.1` stays 1/10.
    static func decimal(_ value: Double) throws(SBMLMath.Unsupported) -> String {
        guard value.isFinite else { throw SBMLMath.Unsupported(message: "expected a finite number / found \(value)") }
        return value.description
    }
}
