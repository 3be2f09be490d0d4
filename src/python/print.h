// A document's fingerprint as the Python module holds it (retold.Fingerprint):
// the library's Fingerprint and the content hash that finds byte-identical
// twins.
#ifndef RETOLD_PYTHON_PRINT_H_
#define RETOLD_PYTHON_PRINT_H_

#include <string>

#include "retold/fingerprint.h"

namespace retold::python {

struct PyPrint {
  Fingerprint fingerprint;
  std::string content_hash;  // 16 bytes
};

}  // namespace retold::python

#endif  // RETOLD_PYTHON_PRINT_H_
