/// Rough text widths for a sans-serif font, to lay out labels without a font engine.
/// Errs on the wide side so estimated boxes contain the text.
enum TextMetrics {
    /// The estimated width of `text` at `fontSize`.
    ///
    /// - Complexity: O(length of `text`).
    static func width(_ text: String, fontSize: Double) -> Double {
        var ems = 0.0
        for c in text {
            if "iljtf.,:;|!'()[]{} ".contains(c) {
                ems += 0.34
            } else if "mwMW@%".contains(c) {
                ems += 0.9
            } else if c.isUppercase {
                ems += 0.7
            } else {
                ems += 0.62
            }
        }
        return ems * fontSize
    }
}
