#ifndef TAMIS_CLIBXML2_SHIM_H
#define TAMIS_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU, and its encoding.h then includes the system ICU headers,
   which clash with the ICU copy inside Swift's Foundation. Tamis only uses libxml2 through
   pointers (never xmlCharEncodingHandler's fields), so the ICU declarations are left out. */
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#endif
