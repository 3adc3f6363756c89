// SuiteSparse's KLU (sparse LU for circuit and chemical-kinetics matrices), for the stiff
// integrator of the Simulation module only. Debian: libsuitesparse-dev.
#ifndef ODERED_CKLU_SHIM_H
#define ODERED_CKLU_SHIM_H

#include <suitesparse/klu.h>

#endif
