// The stored form of a saliency mask. Masks are kept in the catalog next to the model
// versions, so the format is compact and self-describing:
//
//   "LMSK" | u32 version | u32 tensor count | per tensor: u32 ndim, ndim × i64 sizes
//   | the 0/1 entries of all tensors in order, packed 8 per byte, least significant bit first
//
// All integers little-endian. Loading checks every shape against the model it is meant for.
#include <array>
#include <cstring>
#include <string>

#include "common/error.hpp"
#include "executors/saliency.hpp"

namespace lethe::exec {

namespace {

constexpr std::array<uint8_t, 4> kMagic = {'L', 'M', 'S', 'K'};
constexpr uint32_t kFormatVersion = 1;

template <class Integer>
void putLittleEndian(Bytes& out, Integer value) {
  auto bits = static_cast<uint64_t>(value);
  for (size_t i = 0; i < sizeof(Integer); ++i) out.push_back(static_cast<uint8_t>(bits >> (8 * i)));
}

class Reader {
 public:
  explicit Reader(const Bytes& bytes) : bytes_(bytes) {}

  template <class Integer>
  Integer take() {
    need(sizeof(Integer));
    uint64_t bits = 0;
    for (size_t i = 0; i < sizeof(Integer); ++i) bits |= static_cast<uint64_t>(bytes_[position_ + i]) << (8 * i);
    position_ += sizeof(Integer);
    return static_cast<Integer>(bits);
  }
  const uint8_t* takeSpan(size_t count) {
    need(count);
    const uint8_t* start = bytes_.data() + position_;
    position_ += count;
    return start;
  }
  size_t remaining() const { return bytes_.size() - position_; }

 private:
  void need(size_t count) const {
    if (bytes_.size() - position_ < count) throw Error(ErrorKind::Execution, "stored saliency mask is truncated");
  }
  const Bytes& bytes_;
  size_t position_ = 0;
};

std::string shapeText(torch::IntArrayRef sizes) {
  std::string text = "[";
  for (size_t i = 0; i < sizes.size(); ++i) text += (i ? ", " : "") + std::to_string(sizes[i]);
  return text + "]";
}

}  // namespace

Bytes serializeMask(const SaliencyMask& mask) {
  Bytes out(kMagic.begin(), kMagic.end());
  putLittleEndian<uint32_t>(out, kFormatVersion);
  putLittleEndian<uint32_t>(out, static_cast<uint32_t>(mask.size()));
  std::vector<torch::Tensor> flat;
  for (const auto& tensor : mask) {
    putLittleEndian<uint32_t>(out, static_cast<uint32_t>(tensor.dim()));
    for (int64_t size : tensor.sizes()) putLittleEndian<int64_t>(out, size);
    flat.push_back(tensor.reshape({-1}).ne(0).to(torch::kCPU, torch::kUInt8));
  }
  const torch::Tensor bits = flat.empty() ? torch::empty({0}, torch::kUInt8) : torch::cat(flat).contiguous();
  const uint8_t* data = bits.data_ptr<uint8_t>();
  const size_t header = out.size();
  out.resize(header + (static_cast<size_t>(bits.numel()) + 7) / 8, 0);
  for (int64_t i = 0; i < bits.numel(); ++i)
    if (data[i]) out[header + static_cast<size_t>(i / 8)] |= static_cast<uint8_t>(1u << (i % 8));
  return out;
}

SaliencyMask deserializeMask(const Bytes& bytes, ml::Classifier& model, const torch::Device& device) {
  return deserializeMask(bytes, model.parameters(), device);
}

SaliencyMask deserializeMask(const Bytes& bytes, const std::vector<torch::Tensor>& parameters,
                             const torch::Device& device) {
  Reader reader(bytes);
  if (std::memcmp(reader.takeSpan(kMagic.size()), kMagic.data(), kMagic.size()) != 0)
    throw Error(ErrorKind::Execution, "stored saliency mask is not in the mask format");
  const auto version = reader.take<uint32_t>();
  if (version != kFormatVersion)
    throw Error(ErrorKind::Execution, "stored saliency mask has unknown format version " + std::to_string(version));

  const auto count = reader.take<uint32_t>();
  if (count != parameters.size())
    throw Error(ErrorKind::Execution, "stored saliency mask has " + std::to_string(count) +
                                          " tensors but the model has " + std::to_string(parameters.size()) +
                                          " parameters");
  int64_t total = 0;
  for (size_t t = 0; t < parameters.size(); ++t) {
    const auto ndim = reader.take<uint32_t>();
    std::vector<int64_t> sizes;
    for (uint32_t d = 0; d < ndim; ++d) sizes.push_back(reader.take<int64_t>());
    if (!parameters[t].sizes().equals(sizes))
      throw Error(ErrorKind::Execution, "stored saliency mask tensor " + std::to_string(t) + " has shape " +
                                            shapeText(sizes) + " but the model's parameter has shape " +
                                            shapeText(parameters[t].sizes()));
    total += parameters[t].numel();
  }
  const size_t packed = (static_cast<size_t>(total) + 7) / 8;
  if (reader.remaining() != packed)
    throw Error(ErrorKind::Execution, "stored saliency mask has " + std::to_string(reader.remaining()) +
                                          " bytes of entries, expected " + std::to_string(packed));
  const uint8_t* data = reader.takeSpan(packed);

  torch::Tensor bits = torch::empty({total}, torch::kFloat);
  float* out = bits.data_ptr<float>();
  for (int64_t i = 0; i < total; ++i) out[i] = (data[i / 8] >> (i % 8)) & 1u ? 1.0f : 0.0f;

  SaliencyMask mask;
  int64_t offset = 0;
  for (const auto& parameter : parameters) {
    const int64_t numel = parameter.numel();
    mask.push_back(bits.slice(0, offset, offset + numel)
                       .reshape(parameter.sizes())
                       .to(device, parameter.scalar_type())
                       .clone());
    offset += numel;
  }
  return mask;
}

}  // namespace lethe::exec
