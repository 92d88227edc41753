#pragma once
// OpenMP's wait policy, which decides how Lethe's training shares a CPU with other programs.
//
// GNU OpenMP (under LibTorch here) lets a thread that waits at a barrier spin for a while
// before it sleeps. Alone on a machine that saves microseconds; beside another busy process
// the spinning threads burn the time slices the working ones need, and training slows many
// times over (docs/benchmarks.md, "Sharing the CPU"). libgomp reads OMP_WAIT_POLICY once, when
// it is loaded — before main() — so a program cannot change it for itself afterwards.
#include <string>

namespace lethe {

// The policy a program of ours runs with when the user has set none.
constexpr const char* kDefaultOpenMpWaitPolicy = "PASSIVE";

// Call first in main(): when OMP_WAIT_POLICY is unset or empty, sets it to kDefaultOpenMpWaitPolicy
// and re-executes the program (same arguments, same open files) so that libgomp starts with
// it. Returns only when nothing needed doing or the re-execution failed (then the program
// goes on with OpenMP's default, which is correct, only slower beside other work).
// Embedders cannot be re-executed: they set OMP_WAIT_POLICY in their environment (README).
void adoptOpenMpWaitPolicy(char** argv);

// What the running process uses: the variable's value, or "" when unset (OpenMP's default).
std::string openMpWaitPolicy();

}  // namespace lethe
