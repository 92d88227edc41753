// CREATE REQUEST 'r' WITH (subject, regulation, due, samples = (...) OF d | samples_file = 'f' OF d),
// and finding a request by its id.
#include <cstdio>

#include "common/error.hpp"
#include "common/strings.hpp"
#include "common/suggest.hpp"
#include "planner/binder.hpp"

namespace lethe::planner {

namespace {

const std::vector<std::string> kRequestOptions = {"subject", "regulation", "due", "samples", "samples_file"};

bool isLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

// YYYY-MM-DD, a real calendar day: the due date is compared with today's.
bool isDate(const std::string& text) {
  int year = 0, month = 0, day = 0;
  char tail = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' ||
      std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &year, &month, &day, &tail) != 3)
    return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= kDays[month - 1] + (month == 2 && isLeap(year) ? 1 : 0);
}

std::string textOf(const ast::Option& option) {
  const auto& v = option.value;
  if (v.kind != ast::Value::Kind::String && v.kind != ast::Value::Kind::Word)
    throw Error(ErrorKind::Binder, "option '" + option.name.text + "' of CREATE REQUEST must be a string" + at(v.pos));
  return v.text;
}

// samples = (17, 4242) or samples = 17: the ids as FORGET's SAMPLES target.
ast::ForgetTarget samplesTarget(const ast::RequestOption& given) {
  ast::ForgetTarget target;
  target.kind = ast::ForgetTarget::Kind::Samples;
  target.pos = given.option.name.pos;
  target.value_pos = given.option.value.pos;
  target.dataset = *given.of;
  const auto& value = given.option.value;
  if (given.option.name.text == "samples_file") {
    target.samples_file = textOf(given.option);
    return target;
  }
  const std::vector<ast::Value> items = value.kind == ast::Value::Kind::List ? value.items : std::vector<ast::Value>{value};
  for (const auto& item : items) {
    if (item.kind != ast::Value::Kind::Integer)
      throw Error(ErrorKind::Binder, "samples must be training row ids (integers), got " + item.text + at(item.pos));
    target.sample_ids.push_back(item.integer);
  }
  return target;
}

}  // namespace

catalog::RequestEntry Binder::bindRequest(const ast::Value& name) const {
  if (auto request = catalog_.findRequest(name.text)) return *request;
  std::vector<std::string> names;
  for (const auto& r : catalog_.listRequests()) names.push_back(r.name);
  throw Error(ErrorKind::Binder, unknownNameMessage("request", name.text, names) + at(name.pos));
}

BoundCreateRequest Binder::bindCreateRequest(const ast::CreateRequestInfo& info) const {
  BoundCreateRequest bound;
  auto& entry = bound.entry;
  entry.name = info.name.text;
  entry.status = catalog::kRequestPending;
  if (entry.name.empty()) throw Error(ErrorKind::Binder, "a request id must not be empty" + at(info.name.pos));
  if (auto existing = catalog_.findRequest(entry.name))
    throw Error(ErrorKind::Binder, "request '" + entry.name + "' already exists (created " + existing->created_at + ", " +
                                       existing->status + ")" + at(info.name.pos));
  std::vector<std::string> seen;
  const ast::RequestOption* rows = nullptr;
  for (const auto& given : info.options) {
    const std::string name = lower(given.option.name.text);
    const auto& pos = given.option.name.pos;
    if (std::find(kRequestOptions.begin(), kRequestOptions.end(), name) == kRequestOptions.end())
      throw Error(ErrorKind::Binder, unknownNameMessage("option", given.option.name.text, kRequestOptions) + at(pos));
    if (std::find(seen.begin(), seen.end(), name) != seen.end())
      throw Error(ErrorKind::Binder, "option '" + name + "' is given twice" + at(pos));
    seen.push_back(name);
    const bool names_rows = name == "samples" || name == "samples_file";
    if (given.of && !names_rows)
      throw Error(ErrorKind::Binder, "OF names the dataset of samples or samples_file, not of '" + name + "'" + at(given.of->pos));
    if (names_rows) {
      if (rows) throw Error(ErrorKind::Binder, "give samples or samples_file, not both" + at(pos));
      if (!given.of)
        throw Error(ErrorKind::Binder, name + " needs the dataset its ids are rows of: " + name + " = ... OF <dataset>" + at(pos));
      rows = &given;
    } else if (name == "subject") {
      entry.subject = textOf(given.option);
    } else if (name == "regulation") {
      entry.regulation = textOf(given.option);
    } else if (name == "due") {
      entry.due = textOf(given.option);
      if (!isDate(entry.due))
        throw Error(ErrorKind::Binder, "due must be a date written YYYY-MM-DD, got '" + entry.due + "'" + at(given.option.value.pos));
    }
  }
  if (!rows)
    throw Error(ErrorKind::Binder, "a request names its rows: samples = (id, ...) OF <dataset> or samples_file = 'ids.csv' OF "
                                   "<dataset>" + at(info.name.pos));
  const ast::ForgetTarget target = samplesTarget(*rows);
  const BoundDataset dataset = bindDataset(target.dataset);
  entry.dataset_id = dataset.entry.id;
  entry.dataset_name = dataset.entry.name;
  entry.ids = bindSampleIds(target, dataset.entry);
  entry.size = static_cast<int64_t>(entry.ids.size());
  return bound;
}

}  // namespace lethe::planner
