// The three corruptions of the REM task space: poison (backdoor trigger), swap (two classes
// exchange labels) and random (uniformly random wrong labels).
#include "ml/corruption.hpp"

#include <algorithm>
#include <random>

#include "common/error.hpp"
#include "common/sampling.hpp"

namespace lethe::ml {
namespace {

constexpr int64_t kPatch = 3;
constexpr uint8_t kMaxPixel = 255;
// The wrong-label stream of `random` is drawn apart from the row draw, so changing the
// label rule never moves which rows are picked.
constexpr uint64_t kLabelStream = 0x5DEECE66DULL;

std::string className(int64_t c, const std::vector<std::string>& names) {
  if (c >= 0 && c < static_cast<int64_t>(names.size())) return "'" + names[static_cast<size_t>(c)] + "'";
  return std::to_string(c);
}

void requireClass(int64_t c, int64_t num_classes, const std::string& what) {
  if (c < 0 || c >= num_classes)
    throw Error(ErrorKind::Binder, what + " class " + std::to_string(c) + " is out of range: the dataset has " +
                                       std::to_string(num_classes) + " classes");
}

std::vector<int64_t> rowsWhere(const torch::Tensor& mask) {
  const torch::Tensor rows = mask.nonzero().flatten().contiguous();
  const int64_t* begin = rows.data_ptr<int64_t>();
  return std::vector<int64_t>(begin, begin + rows.numel());
}

// `count` rows drawn (seeded, without replacement) from `pool`, ascending.
std::vector<int64_t> drawFrom(const std::vector<int64_t>& pool, int64_t count, uint64_t seed) {
  std::vector<int64_t> picked;
  for (int64_t i : sampleWithoutReplacement(static_cast<int64_t>(pool.size()), count, seed))
    picked.push_back(pool[static_cast<size_t>(i)]);
  return picked;
}

}  // namespace

CorruptedRows planCorruption(const torch::Tensor& labels, int64_t num_classes, const CorruptionSpec& spec,
                             const std::vector<std::string>& class_names) {
  const torch::Tensor y = labels.to(torch::kInt64).contiguous();
  const int64_t n = y.numel();
  const int64_t* label = y.data_ptr<int64_t>();
  if (spec.count < 1) throw Error(ErrorKind::Binder, "count must be at least 1, got " + std::to_string(spec.count));
  CorruptedRows out;
  if (spec.kind == "poison") {
    requireClass(spec.target, num_classes, "target");
    // Rows already of the target class would carry no wrong label; the trigger is planted
    // only where it changes the label, so every corrupted row has something to heal.
    const std::vector<int64_t> pool = rowsWhere(y.ne(spec.target));
    if (spec.count > static_cast<int64_t>(pool.size()))
      throw Error(ErrorKind::Binder, "poison asks for " + std::to_string(spec.count) + " rows but the dataset has " +
                                         std::to_string(pool.size()) + " training rows outside the target class " +
                                         className(spec.target, class_names));
    out.rows = drawFrom(pool, spec.count, spec.seed);
    out.new_labels.assign(out.rows.size(), spec.target);
  } else if (spec.kind == "swap") {
    if (spec.classes.size() != 2 || spec.classes[0] == spec.classes[1])
      throw Error(ErrorKind::Binder, "swap needs two different classes");
    for (int64_t c : spec.classes) requireClass(c, num_classes, "swapped");
    if (spec.count % 2 != 0)
      throw Error(ErrorKind::Binder, "swap needs an even count (count/2 rows of each class), got " + std::to_string(spec.count));
    const int64_t half = spec.count / 2;
    for (int side = 0; side < 2; ++side) {
      const int64_t from = spec.classes[static_cast<size_t>(side)], to = spec.classes[static_cast<size_t>(1 - side)];
      const std::vector<int64_t> of_class = rowsWhere(y.eq(from));
      if (half > static_cast<int64_t>(of_class.size()))
        throw Error(ErrorKind::Binder, "swap asks for " + std::to_string(half) + " rows of class " + className(from, class_names) +
                                           " (count/2) but the dataset has " + std::to_string(of_class.size()));
      // The first count/2 in row order, as METHODS.md specifies: no seed involved.
      for (int64_t i = 0; i < half; ++i) {
        out.rows.push_back(of_class[static_cast<size_t>(i)]);
        out.new_labels.push_back(to);
      }
    }
  } else if (spec.kind == "random") {
    if (num_classes < 2) throw Error(ErrorKind::Binder, "random needs at least two classes for a wrong label");
    if (spec.count > n)
      throw Error(ErrorKind::Binder, "random asks for " + std::to_string(spec.count) + " rows but the dataset has " +
                                         std::to_string(n) + " training rows");
    std::vector<int64_t> all(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) all[static_cast<size_t>(i)] = i;
    out.rows = drawFrom(all, spec.count, spec.seed);
    std::mt19937_64 engine(spec.seed ^ kLabelStream);
    for (int64_t row : out.rows) {
      // A uniform draw among the num_classes - 1 other labels.
      const int64_t shift = 1 + static_cast<int64_t>(engine() % static_cast<uint64_t>(num_classes - 1));
      out.new_labels.push_back((label[row] + shift) % num_classes);
    }
  } else {
    throw Error(ErrorKind::Binder, "unknown corruption kind '" + spec.kind + "'");
  }

  // Ascending rows (swap lists class a first), labels kept beside their rows.
  std::vector<size_t> order(out.rows.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return out.rows[a] < out.rows[b]; });
  CorruptedRows sorted;
  for (size_t i : order) {
    sorted.rows.push_back(out.rows[i]);
    sorted.true_labels.push_back(label[out.rows[i]]);
    sorted.new_labels.push_back(out.new_labels[i]);
  }
  return sorted;
}

void stampTrigger(torch::Tensor& images, const torch::Tensor& rows) {
  using torch::indexing::Slice;
  const int64_t h = images.size(2), w = images.size(3);
  torch::Tensor patched = images.index_select(0, rows);
  patched.index_put_({Slice(), Slice(), Slice(h - kPatch, h), Slice(w - kPatch, w)}, kMaxPixel);
  images.index_copy_(0, rows, patched);
}

void applyCorruption(Dataset& data, const CorruptionSpec& spec, const std::string& path) {
  const CorruptedRows plan = planCorruption(data.train.labels, data.num_classes, spec);
  if (!spec.rows.empty() && (plan.rows != spec.rows || plan.true_labels != spec.true_labels))
    throw Error(ErrorKind::Io, "the dataset files in '" + path + "' no longer give the rows this " + spec.kind +
                                   " corruption was made from; recreate the corrupted dataset");
  const torch::Tensor rows = torch::tensor(plan.rows, torch::kInt64);
  // The split may share its tensors with the cached root dataset: change copies only.
  data.train.labels = data.train.labels.clone();
  data.train.labels.index_copy_(0, rows, torch::tensor(plan.new_labels, torch::kInt64));
  if (spec.kind == "poison") {
    data.train.images = data.train.images.clone();
    stampTrigger(data.train.images, rows);
  }
  CorruptionSpec applied = spec;
  applied.rows = plan.rows;
  applied.true_labels = plan.true_labels;
  data.corruption = applied;
}

Split triggeredTestSplit(const Split& test, int64_t target) {
  const torch::Tensor keep = test.labels.ne(target).nonzero().flatten();
  Split triggered{test.images.index_select(0, keep), test.labels.index_select(0, keep)};
  const torch::Tensor all = torch::arange(triggered.size(), torch::kInt64);
  stampTrigger(triggered.images, all);
  return triggered;
}

}  // namespace lethe::ml
