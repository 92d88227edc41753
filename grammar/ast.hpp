#pragma once
// The Lethe AST: what the parser produces and the binder consumes.
// One payload struct per statement kind (CreateDatasetInfo, ForgetInfo, ...) travels
// from grammar/transform_<stem>.cpp to planner/bind_<stem>.cpp. No ANTLR types here.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace lethe::ast {

// 1-based line, 1-based column of the first character of a token.
struct SourcePos {
  size_t line = 0;
  size_t column = 0;
};

// An identifier as written (quotes removed) and where it stood.
struct Name {
  std::string text;
  SourcePos pos;
};

// A literal or bare word on the right of `option = value`.
struct Value {
  enum class Kind { Integer, Real, String, Word, Boolean, List };
  Kind kind = Kind::Integer;
  int64_t integer = 0;            // Integer
  double real = 0.0;              // Real (Integer values also fill this)
  std::string text;               // String (unquoted), Word (identifier), source text for others
  bool boolean = false;           // Boolean (TRUE / FALSE)
  std::vector<Value> items;       // List: ('a', 'b')
  SourcePos pos;
};

struct Option {
  Name name;   // may contain a dot: salun.lr
  Value value;
};
using OptionList = std::vector<Option>;

// model or model@3
struct ModelRef {
  Name name;
  std::optional<int64_t> version;
};

// ---- statements ------------------------------------------------------------

enum class StatementKind {
  CreateDataset,
  CreateModel,
  Forget,
  Compare,
  EvaluateModel,
  Show,
  Describe,
  Drop,
  Set,
  Explain,
  CorruptDataset,
  ImportModel,
  ExportModel,
  CreateRequest,
  Activate,
  ExportCertificate,
  Verify,
  Sample,
};

// CREATE DATASET name FROM BUILTIN 'fashion-mnist'
// CREATE DATASET name FROM 'path' FORMAT idx
// CREATE DATASET name AS SUBSET OF parent WITH (train = 5000, test = 1000, seed = 1)
struct CreateDatasetInfo {
  enum class Source { Builtin, Path, Subset };
  Name name;
  Source source = Source::Builtin;
  Value location;  // Builtin: builtin name; Path: the path (String values)
  Name format;     // Path only: idx, ...
  Name parent;     // Subset only
  OptionList options;
  bool if_not_exists = false;
};

// CORRUPT DATASET source INTO name WITH (kind = 'poison', count = 600, target = 'Bag', seed = 1)
// (swap: classes = ('a', 'b'); random: count and seed)
struct CorruptDatasetInfo {
  Name source;
  Name name;
  OptionList options;
};

// CREATE MODEL name ARCH cnn ON dataset WITH (epochs = 8, lr = 0.05, batch_size = 128, seed = 1)
struct CreateModelInfo {
  Name name;
  Name arch;
  Name dataset;
  OptionList options;
  bool if_not_exists = false;
};

// IMPORT MODEL name FROM 'model.pt' ON dataset [WITH (training recipe, used by retrain)]
struct ImportModelInfo {
  Name name;
  Value path;  // String
  Name dataset;
  OptionList options;
};

// EXPORT MODEL m[@v] TO 'model.pt'
struct ExportModelInfo {
  ModelRef model;
  Value path;  // String
};

// CLASS 'a' [, 'b'] | RANDOM n PERCENT [SEED s] | SAMPLES (1, 2, 3) | SAMPLES FROM 'ids.csv'
// | SET n (a stored forget set, reused by id) | CORRUPTED [DISCOVERED p PERCENT] [SEED s] OF dataset
struct ForgetTarget {
  enum class Kind { Class, RandomPercent, Samples, StoredSet, Corrupted };
  Kind kind = Kind::Class;
  std::vector<Value> classes;     // Class: names as strings (or integers for class indices)
  double percent = 0.0;           // RandomPercent; Corrupted: DISCOVERED p (100 when omitted)
  std::optional<int64_t> seed;    // RandomPercent, Corrupted
  Name dataset;                   // Corrupted: the corrupted dataset
  std::vector<int64_t> sample_ids;// Samples
  std::string samples_file;       // Samples: SAMPLES FROM 'ids.csv' (ids read by the binder)
  int64_t forget_set_id = 0;      // StoredSet
  SourcePos pos;                  // of the target keyword
  SourcePos value_pos;            // of the number / first id / first class
};

// FORGET target FROM model[@v] USING method [THRESHOLD x] [WITH (...)] [EVALUATE m, ...] [INTO name]
struct ForgetInfo {
  ForgetTarget target;
  ModelRef model;
  Name method;
  std::optional<double> threshold;
  SourcePos threshold_pos;
  OptionList options;
  std::vector<Name> metrics;  // empty: the engine's default metric set
  std::optional<Name> into;
  // FORGET FOR REQUEST 'r' USING ...: the request's rows on every active model that holds them
  // (target and model are then unset).
  std::optional<Value> request;
};

// COMPARE METHODS (m1, m2, ...) FOR target FROM model[@v] [WITH (opt = v, m1.opt = v, ...)]
struct CompareInfo {
  std::vector<Name> methods;
  ForgetTarget target;
  ModelRef model;
  OptionList options;  // dotted names (salun.lr) address one method; plain names every method
};

// EVALUATE MODEL m[@v] [METRICS (ua, ra, ...)] [FOR RUN n | FOR FORGET SET n] [WITH (judge = c, ...)]
struct EvaluateModelInfo {
  ModelRef model;
  std::vector<Name> metrics;
  std::optional<int64_t> run_id;
  std::optional<int64_t> forget_set_id;
  SourcePos for_pos;
  OptionList options;  // generators: the judge and its samples
};

// SAMPLE n FROM gen[@v] [CLASS 'c'] [WITH (steps = 50, guidance = 2.0, seed = 1)]
//   [INTO 'grid.png' | INTO name]   (clauses in any order)
struct SampleInfo {
  int64_t count = 0;
  SourcePos count_pos;
  ModelRef model;
  std::optional<Value> class_value;  // 'Sneaker' or 7
  OptionList options;
  std::optional<Value> into_file;    // INTO 'grid.png': a PNG grid
  std::optional<Name> into_dataset;  // INTO name: the dataset the samples are stored as
};

// SHOW DATASETS | MODELS | VERSIONS OF m | RUNS | METHODS | METRICS | ARCHS | FORGET SETS
// | REQUESTS | AUDIT | MODELS CONTAINING SAMPLES (...) | SAMPLES FROM 'f' | CLASS 'x' OF dataset
struct ShowInfo {
  enum class What { Datasets, Models, Versions, Runs, Methods, Metrics, Archs, ForgetSets, Requests, Audit,
                    ModelsContaining };
  What what = What::Datasets;
  Name of;  // Versions: the model; ModelsContaining: the dataset whose rows are meant
  ForgetTarget containing;  // ModelsContaining: Samples or Class (ids of `of`'s training split)
};

// DESCRIBE DATASET d | MODEL m[@v] | METHOD x | RUN n | REQUEST 'r'
struct DescribeInfo {
  enum class What { Dataset, Model, Method, Run, Request };
  What what = What::Model;
  ModelRef model;   // Model (Dataset and Method use model.name as the plain name)
  int64_t run_id = 0;
  Value request;    // Request: its id (a String)
  SourcePos pos;
};

// DROP DATASET|MODEL name [IF EXISTS]  (IF EXISTS also accepted before the name)
// DROP MODEL m@v [CASCADE]: one version (CASCADE: with the versions made from it)
struct DropInfo {
  enum class What { Dataset, Model };
  What what = What::Model;
  Name name;
  std::optional<int64_t> version;
  bool cascade = false;
  bool if_exists = false;
};

// CREATE REQUEST 'r-17' WITH (subject = '...', regulation = 'gdpr', due = '2027-01-31',
//                             samples = (17, 4242) OF fmnist | samples_file = 'ids.csv' OF fmnist)
struct RequestOption {
  Option option;
  std::optional<Name> of;  // the dataset after OF (samples / samples_file)
};
struct CreateRequestInfo {
  Value name;  // String
  std::vector<RequestOption> options;
};

// SET ACTIVE m@v | ROLLBACK MODEL m TO v: moves the model's active version; destroys nothing.
struct ActivateInfo {
  ModelRef model;  // the version is always given
  bool rollback = false;
  SourcePos version_pos;
};

// EXPORT CERTIFICATE FOR REQUEST 'r' | FOR RUN n TO 'c.json'
struct ExportCertificateInfo {
  std::optional<Value> request;
  std::optional<int64_t> run_id;
  SourcePos for_pos;
  Value path;  // String
};

// VERIFY AUDIT | VERIFY CERTIFICATE 'c.json'
struct VerifyInfo {
  enum class What { Audit, Certificate };
  What what = What::Audit;
  Value path;  // Certificate
};

// SET name = value   (SET ACTIVE m@v is an ActivateInfo)
struct SetInfo {
  Name name;
  Value value;
};

struct Statement;

// EXPLAIN [ANALYZE] statement
struct ExplainInfo {
  bool analyze = false;
  std::unique_ptr<Statement> inner;
};

struct Statement {
  StatementKind kind;
  std::string text;  // the statement's own source text, without the trailing ';'
  SourcePos pos;
  std::variant<CreateDatasetInfo, CreateModelInfo, ForgetInfo, CompareInfo, EvaluateModelInfo, ShowInfo,
               DescribeInfo, DropInfo, SetInfo, ExplainInfo, CorruptDatasetInfo, ImportModelInfo,
               ExportModelInfo, CreateRequestInfo, ActivateInfo, ExportCertificateInfo, VerifyInfo, SampleInfo>
      info;

  // Checked downcasts: throw std::logic_error on a kind mismatch.
  template <class T>
  const T& as() const {
    if (auto* p = std::get_if<T>(&info)) return *p;
    throw std::logic_error("Statement::as: wrong payload for statement kind");
  }
  template <class T>
  T& as() {
    if (auto* p = std::get_if<T>(&info)) return *p;
    throw std::logic_error("Statement::as: wrong payload for statement kind");
  }
};

}  // namespace lethe::ast
