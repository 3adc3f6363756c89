import Foundation
import Testing
@testable import SBML
import Symbolic
import TestSupport

@Suite struct SBMLReaderTests {
    @Test func placeholder() {}
}
