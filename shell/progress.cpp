#include "shell/progress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "shell/renderer.hpp"

namespace lethe::shell {

std::string formatDuration(double seconds) {
  if (!(seconds >= 0) || !std::isfinite(seconds)) return "--:--";
  const auto total = static_cast<int64_t>(std::llround(seconds));
  char buffer[32];
  if (total >= 3600)
    std::snprintf(buffer, sizeof buffer, "%lld:%02lld:%02lld", static_cast<long long>(total / 3600),
                  static_cast<long long>(total / 60 % 60), static_cast<long long>(total % 60));
  else
    std::snprintf(buffer, sizeof buffer, "%lld:%02lld", static_cast<long long>(total / 60),
                  static_cast<long long>(total % 60));
  return buffer;
}

namespace {

// The first `width` code points of `text`.
std::string cut(const std::string& text, size_t width) {
  size_t points = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80 && points++ == width) return text.substr(0, i);
  }
  return text;
}

}  // namespace

std::string formatProgressLine(const std::string& phase, int64_t done, int64_t total, double elapsed_seconds,
                               const std::string& detail, size_t width) {
  constexpr int64_t kBar = 20;
  std::string line = phase;
  if (total > 0) {
    const int64_t clamped = std::clamp<int64_t>(done, 0, total);
    const int64_t filled = kBar * clamped / total;
    line += " ";
    for (int64_t i = 0; i < kBar; ++i) line += i < filled ? "█" : "░";
    char percent[16];
    std::snprintf(percent, sizeof percent, " %3lld%%", static_cast<long long>(100 * clamped / total));
    line += percent;
    line += "  ETA ";
    if (clamped >= total) line += "0:00";
    else if (clamped > 0 && elapsed_seconds > 0) line += formatDuration(elapsed_seconds * double(total - clamped) / double(clamped));
    else line += "--:--";
  } else {
    line += "  " + formatDuration(elapsed_seconds);
  }
  if (!detail.empty()) line += "  " + detail;
  for (auto& ch : line)
    if (static_cast<unsigned char>(ch) < 0x20) ch = ' ';  // one line, whatever the detail holds
  if (width > 0 && displayWidth(line) > width - 1) line = cut(line, width - 1);
  return line;
}

void ProgressMeter::reset(double now_seconds) {
  *this = ProgressMeter();
  last_event_ = now_seconds;
}

std::string ProgressMeter::update(const std::string& phase, int64_t done, int64_t total, const std::string& detail,
                                  double now_seconds, size_t width) {
  if (phase != phase_ || total != total_ || done < last_done_) {
    phase_ = phase;
    total_ = total;
    first_done_ = done;
    first_time_ = now_seconds;
    lead_ = now_seconds - last_event_;  // until a second report gives a rate
  } else if (done > first_done_ && now_seconds > first_time_) {
    // The first `first_done_` units took as long as the rate since then says.
    lead_ = (now_seconds - first_time_) * double(first_done_) / double(done - first_done_);
  }
  last_done_ = done;
  last_event_ = now_seconds;
  elapsed_ = (now_seconds - first_time_) + lead_;
  return formatProgressLine(phase, done, total, elapsed_, detail, width);
}

}  // namespace lethe::shell
