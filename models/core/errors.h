// Error types that map to cposim's exit codes.
//   ConfigError        -> exit 2: the user's input is wrong (scenario, --set, CLI).
//   ModelInconsistency -> exit 1: the model detected a bug in itself (e.g. packet accounting).
#pragma once

#include <stdexcept>
#include <string>

namespace cposim {

class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ModelInconsistency : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace cposim
