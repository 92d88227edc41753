#pragma once
// Asserts that an action throws lethe::Error of kind Execution mentioning `fragment`.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "common/error.hpp"

namespace lethe::exec {

inline void expectExecutionError(const std::function<void()>& action, const std::string& fragment) {
  try {
    action();
    FAIL() << "expected an error mentioning '" << fragment << "'";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::Execution);
    EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos) << error.what();
  }
}

}  // namespace lethe::exec
