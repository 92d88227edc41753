// SET device | threads | seed | busy_timeout = value.
#include "common/error.hpp"
#include "common/strings.hpp"
#include "common/suggest.hpp"
#include "planner/binder.hpp"

namespace lethe::planner {

BoundSet Binder::bindSet(const ast::SetInfo& info) const {
  const std::string name = lower(info.name.text);
  const auto& v = info.value;
  const bool is_text = v.kind == ast::Value::Kind::String || v.kind == ast::Value::Kind::Word;
  if (isGovernanceSetting(name)) return bindGovernanceSetting(name, v, info.name);

  if (name == "device") {
    const std::string device = lower(v.text);
    if (!is_text || (device != "auto" && device != "cpu" && device != "cuda"))
      throw Error(ErrorKind::Binder, "device must be 'auto', 'cpu' or 'cuda'" + at(v.pos));
    if (device == "cuda" && !settings_.cuda_available)
      throw Error(ErrorKind::Binder, "device 'cuda' is not available: this LibTorch build has no CUDA support or no GPU is present" + at(v.pos));
    return {name, device};
  }
  if (name == "threads" || name == "seed") {
    if (v.kind != ast::Value::Kind::Integer || v.integer < 0)
      throw Error(ErrorKind::Binder, name + " must be a non-negative integer" + at(v.pos));
    if (name == "threads" && v.integer > 1024) throw Error(ErrorKind::Binder, "threads must be at most 1024" + at(v.pos));
    return {name, v.integer};
  }
  if (name == "busy_timeout") {
    // Milliseconds a statement waits for another connection's write lock (docs/concurrency.md).
    constexpr int64_t kMaxBusyTimeoutMs = 86400000;  // a day: past it, waiting is a mistake
    if (v.kind != ast::Value::Kind::Integer || v.integer < 0 || v.integer > kMaxBusyTimeoutMs)
      throw Error(ErrorKind::Binder, "busy_timeout must be milliseconds between 0 and " + std::to_string(kMaxBusyTimeoutMs) +
                                         at(v.pos));
    return {name, v.integer};
  }
  throw Error(ErrorKind::Binder, unknownNameMessage("setting", info.name.text, {"device", "threads", "seed", "busy_timeout"}) +
                                     at(info.name.pos));
}

}  // namespace lethe::planner
