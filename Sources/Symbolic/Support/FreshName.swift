/// A name starting with `base` that is not in `taken`: `base`, else `base_2`, `base_3`, …; it is
/// added to `taken`. The writers' generated names (ERODE's sink, BioNetGen's rate parameters)
/// come from here, so they never collide with a name of the file.
func freshName(_ base: String, taken: inout Set<String>) -> String {
    var name = base, k = 1
    while taken.contains(name) {
        k += 1
        name = "\(base)_\(k)"
    }
    taken.insert(name)
    return name
}
