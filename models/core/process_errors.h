// SystemC turns an exception escaping a process into a generic sc_report, losing its type
// (and so the exit code). Process bodies run inside run_guarded(): the first exception is
// kept, the simulation stops, and the caller of sc_start() rethrows it with its type.
#pragma once

#include <exception>
#include <systemc>

namespace cposim {

inline std::exception_ptr& first_process_error() {
    static std::exception_ptr error;
    return error;
}

template <typename Body>
void run_guarded(Body&& body) {
    try {
        body();
    } catch (...) {
        if (!first_process_error()) first_process_error() = std::current_exception();
        sc_core::sc_stop();
    }
}

inline void rethrow_process_error() {
    if (auto e = first_process_error()) std::rethrow_exception(e);
}

}  // namespace cposim
