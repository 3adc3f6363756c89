// libSBML's C API (the C++ classes stay hidden from Swift). Only the SBML module imports this;
// the core (Symbolic, Reduction) does not depend on libSBML.
#ifndef ODERED_CSBML_SHIM_H
#define ODERED_CSBML_SHIM_H

#include <sbml/SBMLTypes.h>
#include <sbml/conversion/ConversionProperties.h>

#endif
