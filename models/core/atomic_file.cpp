#include "atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "errors.h"

namespace cposim {

std::string partial_path(const std::string& path) { return path + ".partial"; }

void commit_partial(const std::string& path) {
    if (std::rename(partial_path(path).c_str(), path.c_str()) != 0)
        throw ConfigError(path + ": cannot write (" + std::strerror(errno) + ")");
}

void write_file_atomically(const std::string& path, const std::string& text) {
    AtomicOutput out(path);
    out << text;
    out.commit();
}

AtomicOutput::AtomicOutput(const std::string& path) : std::ofstream(partial_path(path)), path_(path) {
    if (!is_open()) throw ConfigError(path + ": cannot open for writing (" + std::strerror(errno) + ")");
}

void AtomicOutput::commit() {
    flush();
    const bool ok = good();
    close();
    if (!ok) throw ConfigError(path_ + ": cannot write (disk full?)");
    commit_partial(path_);
}

}  // namespace cposim
