// Outputs that are either complete or not there: a file is written under a temporary name
// beside its final one (PATH.partial) and renamed into place when it is complete, so a run
// that is killed never leaves a truncated report, CSV or waves file that looks finished (the
// .partial it leaves says what it is). A rename within one directory is atomic on POSIX.
#pragma once

#include <fstream>
#include <string>

namespace cposim {

std::string partial_path(const std::string& path);  // PATH.partial

// Renames PATH.partial to PATH; ConfigError naming PATH when it cannot.
void commit_partial(const std::string& path);

// Writes `text` to PATH through PATH.partial; ConfigError naming PATH when it cannot.
void write_file_atomically(const std::string& path, const std::string& text);

// An output stream to PATH.partial that commit() renames to PATH. Without commit() (an
// exception, a kill) the .partial stays: incomplete, and named so.
class AtomicOutput : public std::ofstream {
public:
    explicit AtomicOutput(const std::string& path);  // ConfigError naming PATH when it cannot open
    void commit();  // flushes, closes and renames; ConfigError naming PATH when it cannot
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

}  // namespace cposim
