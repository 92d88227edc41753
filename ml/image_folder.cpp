// FORMAT folder: <dir>/train/<class>/*.png and <dir>/test/<class>/*.png. The classes are the
// subfolders of train/ in sorted (byte) order, so label i names the i-th of them; test/ may
// lack a class but may not add one. Within a class the files are taken in sorted order, so
// the row ids a forget set stores stay the same from one load to the next. Files that are
// not .png and hidden entries are ignored.
#include <algorithm>
#include <filesystem>

#include "common/error.hpp"
#include "ml/dataset_formats.hpp"
#include "ml/png_image.hpp"

namespace lethe::ml {
namespace {

namespace fs = std::filesystem;

struct Entry {
  std::string path;
  int64_t label = 0;
};

struct Listing {
  std::vector<std::string> class_names;
  std::vector<Entry> train;
  std::vector<Entry> test;
};

bool hidden(const fs::path& path) { return path.filename().string().rfind('.', 0) == 0; }

bool isPng(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".png";
}

std::string requireFolder(const std::string& dir, const std::string& name) {
  const std::string path = dir + "/" + name;
  if (!fs::is_directory(path)) throw Error(ErrorKind::Io, "missing folder '" + path + "' of folder dataset '" + dir + "'");
  return path;
}

// Sorted names of the visible subfolders (classes) or .png files under `dir`.
std::vector<std::string> sortedEntries(const std::string& dir, bool folders) {
  std::vector<std::string> names;
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    if (hidden(it->path())) continue;
    if (folders ? it->is_directory() : (it->is_regular_file() && isPng(it->path())))
      names.push_back(it->path().filename().string());
  }
  if (error) throw Error(ErrorKind::Io, "cannot list folder '" + dir + "': " + error.message());
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<Entry> listSplit(const std::string& split_dir, const std::vector<std::string>& classes,
                             bool require_images) {
  std::vector<Entry> entries;
  for (const std::string& folder : sortedEntries(split_dir, /*folders=*/true)) {
    auto found = std::find(classes.begin(), classes.end(), folder);
    if (found == classes.end())
      throw Error(ErrorKind::Io, "class folder '" + split_dir + "/" + folder +
                                     "' has no counterpart among the training classes");
    const std::string class_dir = split_dir + "/" + folder;
    const std::vector<std::string> files = sortedEntries(class_dir, /*folders=*/false);
    if (files.empty() && require_images)
      throw Error(ErrorKind::Io, "class folder '" + class_dir + "' holds no .png images");
    for (const std::string& file : files) entries.push_back({class_dir + "/" + file, found - classes.begin()});
  }
  return entries;
}

Listing listFolder(const std::string& dir) {
  const std::string train_dir = requireFolder(dir, "train");
  const std::string test_dir = requireFolder(dir, "test");
  Listing listing;
  listing.class_names = sortedEntries(train_dir, /*folders=*/true);
  if (listing.class_names.size() < 2)
    throw Error(ErrorKind::Io, "folder '" + train_dir + "' needs one subfolder per class, at least 2");
  listing.train = listSplit(train_dir, listing.class_names, /*require_images=*/true);
  listing.test = listSplit(test_dir, listing.class_names, /*require_images=*/false);
  return listing;
}

std::string shapeText(const PngImage& image) {
  return std::to_string(image.channels) + "x" + std::to_string(image.height) + "x" + std::to_string(image.width);
}

// Decodes the entries into one split; every image must match `first` (the dataset's first).
Split readSplit(const std::vector<Entry>& entries, const PngImage& first, const std::string& first_path) {
  torch::Tensor images = torch::empty({static_cast<int64_t>(entries.size()), first.channels, first.height, first.width},
                                      torch::kUInt8);
  std::vector<int64_t> labels;
  for (size_t i = 0; i < entries.size(); ++i) {
    PngImage image = readPng(entries[i].path);
    if (image.channels != first.channels || image.height != first.height || image.width != first.width)
      throw Error(ErrorKind::Io, "image '" + entries[i].path + "' is " + shapeText(image) + " (channels x height x width) but '" +
                                     first_path + "' is " + shapeText(first) +
                                     "; all images of a folder dataset must share one size and channel count");
    const torch::Tensor hwc = torch::from_blob(image.pixels.data(), {image.height, image.width, image.channels}, torch::kUInt8);
    images[static_cast<int64_t>(i)].copy_(hwc.permute({2, 0, 1}));
    labels.push_back(entries[i].label);
  }
  return Split{images, torch::tensor(labels, torch::kInt64).reshape({-1})};
}

}  // namespace

std::vector<std::string> imageFolderFiles(const std::string& dir) {
  const Listing listing = listFolder(dir);
  std::vector<std::string> files;
  for (const auto* split : {&listing.train, &listing.test})
    for (const Entry& entry : *split) files.push_back(entry.path);
  return files;
}

Dataset readImageFolder(const std::string& dir) {
  const Listing listing = listFolder(dir);
  const std::string& first_path = listing.train.front().path;
  const PngImage first = readPng(first_path);
  Dataset data;
  data.class_names = listing.class_names;
  data.num_classes = static_cast<int64_t>(listing.class_names.size());
  data.train = readSplit(listing.train, first, first_path);
  data.test = readSplit(listing.test, first, first_path);
  return data;
}

}  // namespace lethe::ml
