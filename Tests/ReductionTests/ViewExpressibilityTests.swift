import Testing
import Symbolic
@testable import Reduction

/// Views are never averaged: a view that is not a function of the block sums is reported and
/// left out; `preservingPartition` keeps every view expressible (issue 9, class 4).
@Suite struct ViewExpressibilityTests {
    static let text = """
        begin model t
         begin init
          a = 1
          b = 3
          c = 2
         end init
         begin ODE
          d(a) = -a
          d(b) = -b
          d(c) = -c + a*b
         end ODE
         begin views
          va = a
          vs = a + b
          vq = a*c + b*c
          vn = a*a
         end views
        end model
        """

    @Test func omissionsAreExactlyTheViewsWithUnequalDerivatives() throws {
        let model = try ERODEReader.read(text: Self.text).substitutingParameterValues()
        let partition = try Partition(blocks: [[0, 1], [2]], count: 3)
        let omitted = ViewExpressibility.forwardOmissions(model, partition: partition).map(\.viewName)
        // vs = y_ab, vq = y_ab·c are functions of the block sums; va and a² are not.
        #expect(omitted == ["va", "vn"])
        // The kept views evaluate like the original at a point where block sums agree.
        let reduced = model.forwardQuotient(by: partition).removingViews(ViewExpressibility.forwardOmissions(model, partition: partition).map(\.view))
        #expect(reduced.views.map(\.name) == ["vs", "vq"])
        #expect(reduced.views[0].polynomial.formatted(reduced.name(ofSymbol:)) == "a")
    }

    @Test func preservingPartitionKeepsEveryViewAndRefinesNothingElse() throws {
        let model = try ERODEReader.read(text: Self.text).substitutingParameterValues()
        let keep = ViewExpressibility.preservingPartition(model)
        #expect(keep.blocks == [[0], [1], [2]])
        let start = Partition.single(count: 3).meet(keep)
        let fde = ForwardEquivalence.coarsest(model, initial: start)
        #expect(ViewExpressibility.forwardOmissions(model, partition: fde).isEmpty)
        // Views with equal coefficients do not split: x and y stay together under v = x + y.
        let twin = try ERODEReader.read(text: "begin model u\n begin ODE\n  d(x) = -x\n  d(y) = -y\n end ODE\n begin views\n  v = 2*x + 2*y\n end views\nend model\n")
        #expect(ViewExpressibility.preservingPartition(twin).blocks == [[0, 1]])
    }
}
