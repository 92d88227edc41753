// IMPORT MODEL and EXPORT MODEL end to end: a TorchScript classifier built the way a Python
// export produces one (TorchScript source compiled onto a module with its parameters,
// trained, saved) is imported, forgotten with salun, ga and retrain, and evaluated; every
// native architecture exports to TorchScript that reproduces it; bad files leave the
// catalog unchanged.
#include <gtest/gtest.h>
#include <torch/script.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "catalog/catalog.hpp"
#include "executors/api.hpp"
#include "lethe/lethe.hpp"
#include "ml/classifier.hpp"
#include "ml/dataset.hpp"
#include "ml/scripted_classifier.hpp"
#include "ml/training.hpp"
#include "planner/registry.hpp"

namespace fs = std::filesystem;

namespace {

lethe::exec::DatasetSource fashionMnist() {
  lethe::exec::DatasetSource source;
  source.format = "idx";
  source.path = lethe::registry::findBuiltinDataset("fashion-mnist")->path;
  return source;
}

// A small classifier as TorchScript source over its own parameters — what torch.jit.script
// of a Python nn.Module saves: a conv in a submodule ("body.weight"), BatchNorm that follows
// self.training, pooling and a linear layer. `classes` outputs, `channels` input channels.
torch::jit::Module scriptedClassifier(int64_t classes, int64_t channels = 1) {
  torch::manual_seed(3);
  torch::jit::Module body("__torch__.Body");
  body.register_parameter("weight", torch::randn({8, channels, 3, 3}) * 0.3, false);
  body.register_parameter("bias", torch::zeros({8}), false);
  torch::jit::Module net("__torch__.SmallNet");
  net.register_module("body", body);
  net.register_parameter("bn_weight", torch::ones({8}), false);
  net.register_parameter("bn_bias", torch::zeros({8}), false);
  net.register_buffer("bn_mean", torch::zeros({8}));
  net.register_buffer("bn_var", torch::ones({8}));
  net.register_parameter("fc_weight", torch::randn({classes, 8 * 14 * 14}) * 0.01, false);
  net.register_parameter("fc_bias", torch::zeros({classes}), false);
  net.register_attribute("training", c10::BoolType::get(), true);
  net.define(R"(
def forward(self, x):
    h = torch.conv2d(x, self.body.weight, self.body.bias, [1, 1], [1, 1])
    h = torch.batch_norm(h, self.bn_weight, self.bn_bias, self.bn_mean, self.bn_var, self.training, 0.1, 1e-5, False)
    h = torch.max_pool2d(torch.relu(h), [2, 2])
    return torch.matmul(torch.flatten(h, 1), self.fc_weight.t()) + self.fc_bias
)");
  return net;
}

std::vector<uint8_t> archiveOf(const torch::jit::Module& module) {
  std::ostringstream out;
  module.save(out);
  const std::string bytes = out.str();
  return {bytes.begin(), bytes.end()};
}

void writeBytes(const fs::path& file, const std::vector<uint8_t>& bytes) {
  std::ofstream out(file, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// The 10-class scripted classifier trained for three epochs on 2000 Fashion-MNIST images
// through Lethe's own training loop (which also shows that its parameters are the module's).
const std::vector<uint8_t>& trainedArchive() {
  static const std::vector<uint8_t> archive = [] {
    auto model = lethe::ml::loadScripted(archiveOf(scriptedClassifier(10)), "the test module");
    const auto data = lethe::ml::loadDataset(fashionMnist());
    torch::optim::SGD sgd(model->parameters(), torch::optim::SGDOptions(0.05).momentum(0.9));
    const torch::Tensor ids = torch::arange(2000);
    for (int epoch = 0; epoch < 3; ++epoch)
      lethe::ml::trainEpoch(*model, sgd, data->train, ids, 64, 7 + epoch, torch::kCPU, {}, "train");
    return lethe::ml::saveWeights(*model);
  }();
  return archive;
}

class ImportExport : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lethe_io_" + std::to_string(::getpid()) + "_" +
                                         testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_path_ = (dir_ / "catalog.db").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string file(const std::string& name) const { return (dir_ / name).string(); }
  std::string fingerprint() const { return lethe::catalog::Catalog(db_path_).fingerprint(); }

  lethe::Result run(lethe::Connection& con, const std::string& sql) {
    lethe::Result r = con.query(sql);
    EXPECT_TRUE(r.ok()) << sql << "\n" << r.error();
    return r;
  }
  // The statement fails naming `fragment`, and the catalog is unchanged.
  void expectError(lethe::Connection& con, const std::string& sql, const std::string& fragment) {
    const std::string before = fingerprint();
    const lethe::Result r = con.query(sql);
    ASSERT_FALSE(r.ok()) << sql;
    EXPECT_NE(r.error().find(fragment), std::string::npos) << r.error();
    EXPECT_EQ(before, fingerprint()) << sql;
  }

  fs::path dir_;
  std::string db_path_;
};

const char* kDatasets =
    "CREATE DATASET f FROM BUILTIN 'fashion-mnist';"
    "CREATE DATASET s AS SUBSET OF f WITH (train = 1000, test = 400, seed = 1);";

double metric(const lethe::Result& r, const std::string& column) { return r.at(0, column).real(); }

}  // namespace

TEST_F(ImportExport, ImportedTorchScriptIsForgottenWithSalunGaAndRetrain) {
  writeBytes(file("ext.pt"), trainedArchive());
  lethe::Database db(db_path_);
  lethe::Connection con(db);
  run(con, kDatasets);

  auto r = run(con, "IMPORT MODEL ext FROM '" + file("ext.pt") + "' ON s WITH (epochs = 3, batch_size = 64);");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.at(0, "model").text(), "ext@1");
  EXPECT_EQ(r.at(0, "arch").text(), "torchscript");
  EXPECT_EQ(r.at(0, "parameters").integer(), 8 * 9 + 8 + 8 + 8 + 10 * 8 * 14 * 14 + 10);
  EXPECT_GT(metric(r, "test_acc"), 65.0) << "the trained module's accuracy survives the import";

  r = run(con, "SHOW MODELS;");
  EXPECT_EQ(r.at(0, "arch").text(), "torchscript");
  r = run(con, "DESCRIBE MODEL ext;");
  for (const auto& row : r.rows()) {
    if (row[0].toString() == "arch") EXPECT_EQ(row[1].toString(), "torchscript");
    if (row[0].toString() == "parameters") EXPECT_EQ(row[1].integer(), 8 * 9 + 8 + 8 + 8 + 10 * 8 * 14 * 14 + 10);
  }

  // SalUn forgets the class; the original knew it.
  r = run(con, "FORGET CLASS 'Trouser' FROM ext USING salun WITH (epochs = 5, lr = 0.01) EVALUATE ua, ta;");
  ASSERT_TRUE(r.ok());
  const double salun_ua = metric(r, "ua");
  const double salun_ta = metric(r, "ta");
  r = run(con, "EVALUATE MODEL ext@1 METRICS (ua, ta) FOR FORGET SET 1;");
  const double original_ua = metric(r, "ua");
  const double original_ta = metric(r, "ta");
  EXPECT_LT(original_ua, 25.0);
  EXPECT_GT(salun_ua, 80.0);
  EXPECT_GT(salun_ta, original_ta - 15.0) << "the other classes hold";

  // Gradient ascent moves the forget accuracy the same way.
  r = run(con, "FORGET SET 1 FROM ext@1 USING ga WITH (epochs = 5, lr = 0.01, batch_size = 32) EVALUATE ua;");
  ASSERT_TRUE(r.ok());
  EXPECT_GT(metric(r, "ua"), original_ua + 20.0);

  // Retrain draws a fresh network of the imported architecture and never sees the class.
  r = run(con, "FORGET SET 1 FROM ext@1 USING retrain EVALUATE ua, ta;");
  ASSERT_TRUE(r.ok());
  EXPECT_GT(metric(r, "ua"), 90.0);
  EXPECT_GT(metric(r, "ta"), 60.0);

  // Every later version is itself a TorchScript file: version 2 exports as stored and loads.
  r = run(con, "EXPORT MODEL ext@2 TO '" + file("ext_v2.pt") + "';");
  ASSERT_TRUE(r.ok());
  torch::jit::Module exported = torch::jit::load(file("ext_v2.pt"));
  EXPECT_FALSE(exported.is_training()) << "exported archives are saved in eval mode";
  const torch::Tensor logits = exported.forward({torch::rand({4, 1, 28, 28})}).toTensor();
  EXPECT_EQ(logits.sizes(), (std::vector<int64_t>{4, 10}));
  // ... and it is the version FORGET stored: re-imported, it scores what version 2 scored.
  r = run(con, "IMPORT MODEL back FROM '" + file("ext_v2.pt") + "' ON s;");
  const double back_ua = metric(run(con, "EVALUATE MODEL back METRICS (ua) FOR FORGET SET 1;"), "ua");
  EXPECT_NEAR(back_ua, salun_ua, 1e-9);
}

TEST_F(ImportExport, MethodsThatRebuildTheNetworkSaySoForImportedModels) {
  writeBytes(file("ext.pt"), trainedArchive());
  lethe::Database db(db_path_);
  lethe::Connection con(db);
  run(con, kDatasets);
  run(con, "IMPORT MODEL ext FROM '" + file("ext.pt") + "' ON s;");
  expectError(con, "FORGET CLASS 'Bag' FROM ext USING be WITH (epochs = 1);", "cannot be built afresh");
}

TEST_F(ImportExport, NativeModelExportsAndReimportsWithIdenticalPredictions) {
  lethe::Database db(db_path_);
  lethe::Connection con(db);
  run(con, kDatasets);
  run(con, "CREATE MODEL m ARCH cnn ON s WITH (epochs = 1, batch_size = 64, seed = 1);");
  const std::string before = fingerprint();
  auto r = run(con, "EXPORT MODEL m@1 TO '" + file("m.pt") + "';");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.at(0, "bytes").integer(), static_cast<int64_t>(fs::file_size(file("m.pt"))));
  EXPECT_EQ(before, fingerprint()) << "EXPORT writes the file, not the catalog";

  // The file against the stored weights, on real test images, outside the engine.
  lethe::catalog::Catalog catalog(db_path_);
  const auto model_entry = catalog.findModel("m");
  const auto blob = catalog.loadBlob(catalog.latestVersion(model_entry->id)->weights_blob_id);
  auto native = lethe::ml::makeClassifier("cnn", {1, 28, 28, 10});
  lethe::ml::loadWeights(*native, blob);
  native->eval();
  torch::jit::Module loaded = torch::jit::load(file("m.pt"));
  loaded.eval();
  const auto data = lethe::ml::loadDataset(fashionMnist());
  const torch::Tensor x = lethe::ml::toInput(data->test.images.slice(0, 0, 300), torch::kCPU);
  torch::NoGradGuard no_grad;
  const torch::Tensor expected = native->forward(x);
  const torch::Tensor got = loaded.forward({x}).toTensor();
  EXPECT_TRUE(torch::equal(expected.argmax(1), got.argmax(1)));
  EXPECT_TRUE(torch::allclose(expected, got, 1e-4, 1e-5));

  // Re-imported, it scores exactly what the original scores.
  r = run(con, "IMPORT MODEL again FROM '" + file("m.pt") + "' ON s;");
  ASSERT_TRUE(r.ok());
  const auto original = run(con, "EVALUATE MODEL m METRICS (ta);");
  const auto reimported = run(con, "EVALUATE MODEL again METRICS (ta);");
  EXPECT_NEAR(metric(original, "ta"), metric(reimported, "ta"), 1e-9);
}

// After rem the deployed model is the drop-mode network; EXPORT writes it with the gated
// channels (θ2) pruned away: fewer parameters, the same predictions.
TEST_F(ImportExport, GatedModelExportsWithThetaTwoPruned) {
  lethe::Database db(db_path_);
  lethe::Connection con(db);
  run(con, kDatasets);
  run(con, "CORRUPT DATASET s INTO bd WITH (kind = 'poison', count = 50, target = 'Bag', seed = 1);");
  run(con, "CREATE MODEL g ARCH cnn_gated ON bd WITH (epochs = 1, batch_size = 64, seed = 1);");
  run(con, "FORGET CORRUPTED OF bd FROM g USING rem WITH (epochs = 1);");
  run(con, "EXPORT MODEL g@2 TO '" + file("g.pt") + "';");

  lethe::catalog::Catalog catalog(db_path_);
  const auto blob = catalog.loadBlob(catalog.latestVersion(catalog.findModel("g")->id)->weights_blob_id);
  auto gated = lethe::ml::makeClassifier("cnn_gated", {1, 28, 28, 10});
  lethe::ml::loadWeights(*gated, blob);
  gated->eval();  // drop mode: how a gated network is loaded
  torch::jit::Module loaded = torch::jit::load(file("g.pt"));
  loaded.eval();
  int64_t exported_parameters = 0;
  for (const auto& p : loaded.parameters()) exported_parameters += p.numel();
  EXPECT_LT(exported_parameters, lethe::ml::countParameters(*gated) / 2) << "theta2 is not pruned away";

  const auto data = lethe::ml::loadDataset(fashionMnist());
  const torch::Tensor x = lethe::ml::toInput(data->test.images.slice(0, 0, 300), torch::kCPU);
  torch::NoGradGuard no_grad;
  const torch::Tensor expected = gated->forward(x);
  const torch::Tensor got = loaded.forward({x}).toTensor();
  EXPECT_TRUE(torch::equal(expected.argmax(1), got.argmax(1)));
  EXPECT_TRUE(torch::allclose(expected, got, 1e-4, 1e-5));
}

// Every registered architecture, trained or not: the export reproduces the model in eval
// and in train mode (BatchNorm on batch statistics, updating its running ones), for batch
// sizes other than the traced one.
TEST(ExportTorchScript, EveryArchitectureReproducesItsModel) {
  for (const std::string& arch : lethe::registry::archNames()) {
    if (lethe::isGeneratorArch(arch)) continue;  // EXPORT MODEL refuses generators (no single forward)
    SCOPED_TRACE(arch);
    torch::manual_seed(5);
    // CIFAR-sized colour images: the shape every architecture is built for.
    const lethe::ml::InputShape shape{3, 32, 32, 10};
    auto native = lethe::ml::makeClassifier(arch, shape);
    lethe::exec::DatasetSource source;
    source.channels = 3;
    source.height = 32;
    source.width = 32;
    const fs::path file = fs::temp_directory_path() / ("lethe_export_" + std::to_string(::getpid()) + ".pt");
    lethe::exec::exportModel(arch, source, lethe::ml::saveWeights(*native), file.string());
    torch::jit::Module loaded = torch::jit::load(file.string());
    fs::remove(file);

    const torch::Tensor x = torch::rand({5, 3, 32, 32});
    torch::NoGradGuard no_grad;
    native->eval();
    loaded.eval();
    EXPECT_TRUE(torch::allclose(native->forward(x), loaded.forward({x}).toTensor(), 1e-4, 1e-5));
    EXPECT_EQ(loaded.forward({x.slice(0, 0, 1)}).toTensor().sizes(), (std::vector<int64_t>{1, 10}));

    native->train();
    loaded.train();
    torch::manual_seed(9);  // the same draws for random layers (dropout) in both
    const torch::Tensor train_native = native->forward(x);
    torch::manual_seed(9);
    const torch::Tensor train_loaded = loaded.forward({x}).toTensor();
    EXPECT_TRUE(torch::allclose(train_native, train_loaded, 1e-4, 1e-5));
    for (const auto& buffer : loaded.named_buffers()) {
      // A gated network exports its θ1-only twin: compare the leading slice of its buffers.
      torch::Tensor own = native->named_buffers()[buffer.name];
      for (int64_t d = 0; d < own.dim(); ++d) own = own.narrow(d, 0, buffer.value.size(d));
      EXPECT_TRUE(torch::allclose(buffer.value.to(torch::kFloat), own.to(torch::kFloat)))
          << buffer.name << ": the running statistics update alike";
    }
  }
}

TEST_F(ImportExport, BadFilesAreClearErrorsAndChangeNothing) {
  lethe::Database db(db_path_);
  lethe::Connection con(db);
  run(con, kDatasets);
  run(con, "CREATE MODEL m ARCH mlp ON s WITH (epochs = 1);");

  { std::ofstream(file("notes.pt")) << "this is a text file\n"; }
  expectError(con, "IMPORT MODEL x FROM '" + file("notes.pt") + "' ON s;", "is not a TorchScript archive");
  expectError(con, "IMPORT MODEL x FROM '" + file("missing.pt") + "' ON s;", "does not exist");

  writeBytes(file("three.pt"), archiveOf(scriptedClassifier(3)));
  expectError(con, "IMPORT MODEL x FROM '" + file("three.pt") + "' ON s;",
              "returns logits of shape [1, 3] for one 1x28x28 image, but the dataset has 10 classes");

  writeBytes(file("colour.pt"), archiveOf(scriptedClassifier(10, 3)));
  expectError(con, "IMPORT MODEL x FROM '" + file("colour.pt") + "' ON s;", "fails on a 1x28x28 image of the dataset");

  // A weights file of a native model (not a module with forward) is no classifier either.
  lethe::catalog::Catalog catalog(db_path_);
  writeBytes(file("weights.pt"), catalog.loadBlob(catalog.latestVersion(catalog.findModel("m")->id)->weights_blob_id));
  expectError(con, "IMPORT MODEL x FROM '" + file("weights.pt") + "' ON s;", "without a forward method");

  expectError(con, "EXPORT MODEL m TO '" + file("no/such/dir/m.pt") + "';", "does not exist");
  expectError(con, "EXPORT MODEL m TO '" + dir_.string() + "';", "it exists and is a directory, not a regular file");
}

// The fixtures of tests/sql/import_export.test: tiny TorchScript classifiers (7x7 average
// pooling, then a linear layer) with 10 and with 3 outputs. Run with
// --gtest_also_run_disabled_tests to regenerate them.
TEST(ImportExportFixtures, DISABLED_WriteSqlFixtures) {
  for (int64_t classes : {10, 3}) {
    torch::manual_seed(11);
    torch::jit::Module net("__torch__.TinyNet");
    net.register_parameter("weight", torch::randn({classes, 16}) * 0.1, false);
    net.register_parameter("bias", torch::zeros({classes}), false);
    net.register_attribute("training", c10::BoolType::get(), true);
    net.define(R"(
def forward(self, x):
    h = torch.flatten(torch.avg_pool2d(x, [7, 7]), 1)
    return torch.matmul(h, self.weight.t()) + self.bias
)");
    const std::string name = classes == 10 ? "ten_classes.pt" : "three_classes.pt";
    writeBytes(fs::path(LETHE_TEST_DATA_DIR).parent_path() / "sql" / "data" / name, archiveOf(net));
  }
}
