// libFuzzer target: text -> grammar::parse -> planner::Binder (and the plan) against a small
// in-memory catalog. lethe::Error is the expected way to reject an input; anything else that
// escapes (another exception, a sanitizer report, a write to the catalog) is a crash.
//
//   build-fuzz/tests/fuzz/parse_bind_fuzzer CORPUS_DIR   (see `make fuzz`)
#include <sqlite3.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "catalog/catalog.hpp"
#include "common/error.hpp"
#include "grammar/parser.hpp"
#include "planner/binder.hpp"
#include "planner/lineage.hpp"
#include "planner/plan.hpp"
#include "planner/registry.hpp"

namespace {

using namespace lethe;

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "parse_bind_fuzzer: %s\n", what);
  std::abort();
}

// The datasets, models, versions, forget set and run the names in tests/sql refer to:
// fmnist (builtin), small (a subset), bd (small poisoned), sw (small with two classes
// swapped); models m (mlp on small, versions 1 and 2), clf (cnn on fmnist), mb (on bd).
void fillCatalog(catalog::Catalog& catalog) {
  catalog::DatasetEntry fmnist;
  fmnist.name = "fmnist";
  fmnist.kind = "builtin";
  fmnist.format = "idx";
  fmnist.path = "/nonexistent/fashion-mnist";
  fmnist.num_train = 60000;
  fmnist.num_test = 10000;
  fmnist.class_names = registry::builtinDatasets().front().class_names;
  const int64_t fmnist_id = catalog.insertDataset(fmnist);

  catalog::DatasetEntry small = fmnist;
  small.name = "small";
  small.kind = "subset";
  small.format = "";
  small.path = "";
  small.parent_id = fmnist_id;
  small.recipe_json = R"({"train":60,"test":20,"seed":1})";
  // Few rows: the ids are JSON in the catalog and read back on every lookup of the name.
  small.num_train = 60;
  small.num_test = 20;
  for (int64_t i = 0; i < small.num_train; ++i) small.train_ids.push_back(i * 7);
  for (int64_t i = 0; i < small.num_test; ++i) small.test_ids.push_back(i * 3);
  const int64_t small_id = catalog.insertDataset(small);

  catalog::DatasetEntry bd = small;
  bd.name = "bd";
  bd.kind = "corrupted";
  bd.parent_id = small_id;
  bd.train_ids.clear();
  bd.test_ids.clear();
  bd.recipe_json = R"({"count":3,"kind":"poison","seed":1,"target":0})";
  const int64_t bd_id = catalog.insertDataset(bd);
  catalog::CorruptionEntry poison;
  poison.dataset_id = bd_id;
  poison.kind = "poison";
  poison.count = 3;
  poison.target = 0;
  poison.rows = {4, 17, 23};
  poison.true_labels = {9, 2, 5};
  catalog.insertCorruption(poison);

  catalog::DatasetEntry sw = bd;
  sw.name = "sw";
  sw.recipe_json = R"({"classes":[1,7],"count":3,"kind":"swap","seed":1})";
  catalog::CorruptionEntry swap = poison;
  swap.dataset_id = catalog.insertDataset(sw);
  swap.kind = "swap";
  swap.target.reset();
  swap.classes = {1, 7};
  catalog.insertCorruption(swap);

  auto model = [&](const std::string& name, int64_t dataset_id, const std::string& dataset, const std::string& arch,
                   int versions) {
    catalog::ModelEntry entry;
    entry.name = name;
    entry.dataset_id = dataset_id;
    entry.dataset_name = dataset;
    entry.arch = arch;
    entry.recipe_json = R"({"epochs":2,"lr":0.05,"batch_size":128,"seed":1})";
    entry.id = catalog.insertModel(entry);
    int64_t parent = 0;
    for (int v = 1; v <= versions; ++v) {
      catalog::VersionEntry version;
      version.model_id = entry.id;
      version.version = v;
      if (parent) version.parent_version_id = parent;
      version.note = "trained";
      parent = catalog.insertVersion(version, {1, 2, 3, static_cast<uint8_t>(v)});
    }
    return parent;
  };
  const int64_t m_version = model("m", small_id, "small", "mlp", 2);
  model("clf", fmnist_id, "fmnist", "cnn", 1);
  model("mb", bd_id, "bd", "mlp", 1);

  catalog::ForgetSetEntry set;
  set.dataset_id = small_id;
  set.kind = ForgetScenario::Samples;
  set.description = "SAMPLES (1, 2, 3)";
  set.ids = {1, 2, 3};
  set.size = 3;
  const int64_t set_id = catalog.insertForgetSet(set);

  catalog::RunEntry run;
  run.kind = "forget";
  run.statement = "FORGET SAMPLES (1, 2, 3) FROM m USING ft;";
  run.plan = "Unlearn(ft)";
  run.method = "ft";
  run.source_version_id = m_version;
  run.forget_set_id = set_id;
  run.options_json = R"({"epochs":1})";
  catalog.insertMetric(catalog.insertRun(run), "ua", 0.5);
}

// SAMPLES FROM 'file' reads the file while binding. Inputs may only name files of the
// fuzzer's own scratch folder, never /dev/zero and the like.
std::string scratch_folder;

void confineSampleFile(ast::ForgetTarget& target) {
  if (target.kind != ast::ForgetTarget::Kind::Samples || target.samples_file.empty()) return;
  const std::string& path = target.samples_file;
  const bool plain = path.find('/') == std::string::npos && path != "." && path != "..";
  target.samples_file = scratch_folder + "/" + (plain ? path : "ids.csv");
}

// EXPLAIN's rendering of the plan.
void render(const planner::LogicalPlan& plan) { plan.render(); }

void bindStatement(const planner::Binder& binder, const catalog::Catalog& catalog, ast::Statement& statement) {
  switch (statement.kind) {
    case ast::StatementKind::CreateDataset:
      render(planner::planCreateDataset(binder.bindCreateDataset(statement.as<ast::CreateDatasetInfo>())));
      return;
    case ast::StatementKind::CreateModel:
      render(planner::planCreateModel(binder.bindCreateModel(statement.as<ast::CreateModelInfo>())));
      return;
    case ast::StatementKind::Forget: {
      auto& info = statement.as<ast::ForgetInfo>();
      if (info.request) {
        binder.bindForgetRequest(info);
        return;
      }
      confineSampleFile(info.target);
      render(planner::planForget(binder.bindForget(info)));
      return;
    }
    case ast::StatementKind::Compare: {
      auto& info = statement.as<ast::CompareInfo>();
      confineSampleFile(info.target);
      render(planner::planCompare(binder.bindCompare(info)));
      return;
    }
    case ast::StatementKind::EvaluateModel:
      render(planner::planEvaluate(binder.bindEvaluate(statement.as<ast::EvaluateModelInfo>())));
      return;
    case ast::StatementKind::Set: binder.bindSet(statement.as<ast::SetInfo>()); return;
    case ast::StatementKind::CorruptDataset:
      render(planner::planCorruptDataset(binder.bindCorruptDataset(statement.as<ast::CorruptDatasetInfo>())));
      return;
    case ast::StatementKind::ImportModel:
      render(planner::planImportModel(binder.bindImportModel(statement.as<ast::ImportModelInfo>())));
      return;
    case ast::StatementKind::ExportModel:
      render(planner::planExportModel(binder.bindExportModel(statement.as<ast::ExportModelInfo>())));
      return;
    case ast::StatementKind::Show: {
      auto& info = statement.as<ast::ShowInfo>();
      if (info.what == ast::ShowInfo::What::Versions) binder.findModel(info.of);
      if (info.what == ast::ShowInfo::What::ModelsContaining) {
        confineSampleFile(info.containing);
        const auto rows = binder.bindRows(info.containing);
        planner::findLineage(catalog, rows.dataset.entry, rows.ids, false);
      }
      return;
    }
    case ast::StatementKind::CreateRequest: {
      // samples_file would read any file the input names: only the confined ids file is read.
      auto& info = statement.as<ast::CreateRequestInfo>();
      for (auto& option : info.options)
        if (option.option.name.text == "samples_file") option.option.value.text = scratch_folder + "/ids.csv";
      binder.bindCreateRequest(info);
      return;
    }
    case ast::StatementKind::Activate: binder.bindActivate(statement.as<ast::ActivateInfo>()); return;
    case ast::StatementKind::ExportCertificate:
      binder.bindExportCertificate(statement.as<ast::ExportCertificateInfo>());
      return;
    case ast::StatementKind::Verify: return;  // reads a file and the catalog: nothing to bind
    case ast::StatementKind::Sample:
      render(planner::planSample(binder.bindSample(statement.as<ast::SampleInfo>())));
      return;
    case ast::StatementKind::Describe: {
      const auto& info = statement.as<ast::DescribeInfo>();
      switch (info.what) {
        case ast::DescribeInfo::What::Dataset: binder.bindDataset(info.model.name); return;
        case ast::DescribeInfo::What::Model: binder.bindModel(info.model); return;
        case ast::DescribeInfo::What::Method: registry::findMethod(info.model.name.text); return;
        case ast::DescribeInfo::What::Run: catalog.runById(info.run_id); return;
        case ast::DescribeInfo::What::Request: binder.bindRequest(info.request); return;
      }
      return;
    }
    case ast::StatementKind::Drop: {
      const auto& info = statement.as<ast::DropInfo>();
      if (info.what == ast::DropInfo::What::Model && info.version) binder.bindDropVersion(info);
      else if (info.what == ast::DropInfo::What::Model) catalog.findModel(info.name.text);
      else catalog.findDataset(info.name.text);
      return;
    }
    case ast::StatementKind::Explain: {
      auto& inner = statement.as<ast::ExplainInfo>().inner;
      if (!inner) fail("EXPLAIN without a statement");
      bindStatement(binder, catalog, *inner);
      return;
    }
  }
}

struct Fixture {
  Fixture() {
    // libFuzzer reads its corpus by relative paths: the working directory stays as it is.
    char scratch[] = "/tmp/lethe_fuzz_XXXXXX";
    if (!mkdtemp(scratch)) fail("cannot create a scratch folder");
    scratch_folder = scratch;
    std::ofstream(scratch_folder + "/ids.csv") << "id\n1\n2\n3\n";
    std::ofstream(scratch_folder + "/bad.csv") << "1\ntwo\n";
    std::filesystem::create_directory(scratch_folder + "/data");
    fillCatalog(catalog);
  }
  ~Fixture() {
    std::error_code ignored;
    std::filesystem::remove_all(scratch_folder, ignored);
  }
  catalog::Catalog catalog{":memory:"};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture fixture;
  const catalog::Catalog& catalog = fixture.catalog;
  const std::string text(reinterpret_cast<const char*>(data), size);

  grammar::isComplete(text);
  const int changes_before = sqlite3_total_changes(catalog.handle());
  try {
    auto statements = grammar::parse(text);
    // Each statement is bound on its own, with and without a session seed (SET seed).
    const planner::Binder binders[] = {planner::Binder(catalog, planner::BindSettings{}),
                                       planner::Binder(catalog, planner::BindSettings{int64_t{7}, false})};
    for (auto& statement : statements) {
      for (const auto& binder : binders) {
        try {
          bindStatement(binder, catalog, statement);
        } catch (const Error&) {
        }
      }
    }
  } catch (const Error&) {
  }
  if (sqlite3_total_changes(catalog.handle()) != changes_before) fail("binding wrote to the catalog");
  if (!sqlite3_get_autocommit(catalog.handle())) fail("binding left a transaction open");
  return 0;
}
