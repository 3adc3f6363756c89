public enum ReductionPlaceholder {}
