// Errors of the Python module's C++ half that Python sees as OSError
// (files, the index, the lexicon), with the library's message as it is.
// Bad input is py::value_error (ValueError), as pybind11 spells it.
#ifndef RETOLD_PYTHON_ERRORS_H_
#define RETOLD_PYTHON_ERRORS_H_

#include <stdexcept>

namespace retold::python {

struct OsError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace retold::python

#endif  // RETOLD_PYTHON_ERRORS_H_
