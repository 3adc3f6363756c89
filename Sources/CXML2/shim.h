// libxml2's pull parser (xmlTextReader), for the SBML module's streaming reader only: libSBML
// builds a full object tree, which for a 10^5-reaction model takes seconds, while the streaming
// reader reads the same file in a fraction of that (bench/RESULTS.md). Debian: libxml2-dev.
#ifndef ODERED_CXML2_SHIM_H
#define ODERED_CXML2_SHIM_H

#include <libxml/xmlreader.h>

#endif
