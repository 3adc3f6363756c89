/// Small hand-written models several test targets use.
public enum SmallModels {
    /// A mass-action network in ERODE's reactions form: four reactions over A, B, C, D with a
    /// parameter rate, a whole-number rate, a dimerisation and an autocatalysis.
    public static let network = """
        begin model n
         begin parameters
          k = 3
          l = 1/2
         end parameters
         begin init
          A = 1
          B = 2
         end init
         begin reactions
          A + B -> C , k
          C -> A + B , l
          2*A -> D , 5
          C -> C + C , 1/7
         end reactions
        end model
        """
}
