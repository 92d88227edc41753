// Tab completion candidates, the progress line, and the command line.
#include <gtest/gtest.h>

#include <sstream>

#include "grammar/keywords.hpp"
#include "shell/command_line.hpp"
#include "shell/completion.hpp"
#include "shell/progress.hpp"

namespace lethe::shell {

namespace {

CompletionNames names() {
  CompletionNames n;
  n.keywords = grammar::keywords();
  n.models = {"clf", "classifier", "bd_model"};
  n.datasets = {"fmnist", "small"};
  n.methods = {"salun", "salun_soft", "scrub", "ga"};
  n.metrics = {"ua", "ra", "ta", "mia"};
  n.archs = {"cnn", "cnn_gated", "mlp"};
  n.dot_commands = {".help", ".mode", ".headers", ".read", ".open", ".output", ".once"};
  n.modes = {"box", "csv", "json", "jsonlines"};
  return n;
}

std::vector<std::string> candidates(const std::string& before, const std::string& word) {
  return complete(before, word, names()).candidates;
}

using Words = std::vector<std::string>;

}  // namespace

TEST(Keywords, ComeFromTheGrammar) {
  const auto& k = grammar::keywords();
  for (const char* word : {"FORGET", "USING", "CREATE", "MODEL", "ANALYZE", "WITH", "EVALUATE"})
    EXPECT_NE(std::find(k.begin(), k.end(), word), k.end()) << word;
  for (const char* token : {"SEMI", "IDENTIFIER", "STRING", "WHITESPACE", "INTEGER"})
    EXPECT_EQ(std::find(k.begin(), k.end(), token), k.end()) << token;
}

TEST(Completion, KeywordsInTheCaseTyped) {
  EXPECT_EQ(candidates("", "FO"), (Words{"FORGET"}));   // a statement starts
  EXPECT_EQ(candidates("", "sh"), (Words{"show"}));
  EXPECT_EQ(candidates("FORGET CLASS 'x' ", "FR"), (Words{"FROM"}));
  EXPECT_EQ(candidates("SHOW ", "m"), (Words{"methods", "metrics", "models"}));
  EXPECT_EQ(candidates("DESCRIBE ", ""), (Words{"DATASET", "METHOD", "MODEL", "RUN"}));
  EXPECT_EQ(candidates("CREATE DATASET d ", "FR"), (Words{"FROM"}));
  EXPECT_EQ(candidates("CREATE DATASET d FROM ", "b"), (Words{"builtin"}));
}

TEST(Completion, NamesWhereTheGrammarWantsThem) {
  EXPECT_EQ(candidates("FORGET CLASS 'Bag' FROM clf USING ", "sa"), (Words{"salun", "salun_soft"}));
  EXPECT_EQ(candidates("FORGET CLASS 'Bag' FROM ", "cl"), (Words{"classifier", "clf"}));
  EXPECT_EQ(candidates("DESCRIBE MODEL ", "C"), (Words{"classifier", "clf"}));  // names ignore case
  EXPECT_EQ(candidates("CREATE MODEL m ARCH ", "cnn"), (Words{"cnn", "cnn_gated"}));
  EXPECT_EQ(candidates("CREATE MODEL m ARCH cnn ON ", ""), (Words{"fmnist", "small"}));
  EXPECT_EQ(candidates("CREATE MODEL ", ""), (Words{"IF"})) << "a new name follows, not an existing one";
  EXPECT_EQ(candidates("FORGET CLASS 'Bag' FROM clf USING ga EVALUATE ", "m"), (Words{"mia"}));
  EXPECT_EQ(candidates("FORGET CLASS 'Bag' FROM clf USING ga EVALUATE ua, ", "r"), (Words{"ra"}));
  EXPECT_EQ(candidates("EVALUATE MODEL clf METRICS (ua, ", "t"), (Words{"ta"}));
  EXPECT_EQ(candidates("EVALUATE ", "M"), (Words{"MODEL"}));
  EXPECT_EQ(candidates("COMPARE METHODS (salun, ", "s"), (Words{"salun", "salun_soft", "scrub"}));
  EXPECT_EQ(candidates("DESCRIBE METHOD ", "g"), (Words{"ga"}));
  EXPECT_EQ(candidates("SHOW VERSIONS OF ", "b"), (Words{"bd_model"}));
  EXPECT_EQ(candidates("CREATE DATASET s AS SUBSET OF ", ""), (Words{"fmnist", "small"}));
  EXPECT_EQ(candidates("DROP DATASET ", "sm"), (Words{"small"}));
  EXPECT_EQ(candidates("CREATE MODEL m ARCH cnn ON small WITH (", "e"), (Words{})) << "options: the binder's";
}

TEST(Completion, OnlyTheCurrentStatementCounts) {
  EXPECT_EQ(candidates("SHOW MODELS; FORGET CLASS 'a' FROM clf\nUSING ", "sc"), (Words{"scrub"}));
  EXPECT_EQ(candidates("SHOW MODELS; ", "SH"), (Words{"SHOW"}));
  EXPECT_EQ(candidates("FORGET CLASS 'USING ", "x"), (Words{})) << "inside a string nothing matches 'USING'";
}

TEST(Completion, DotCommandsAndTheirArguments) {
  EXPECT_EQ(candidates("", ".o"), (Words{".once", ".open", ".output"}));
  EXPECT_EQ(candidates(".mode ", "js"), (Words{"json", "jsonlines"}));
  EXPECT_EQ(candidates(".headers ", "o"), (Words{"off", "on"}));
  EXPECT_EQ(candidates(".open ", "--r"), (Words{"--readonly"}));
  EXPECT_TRUE(complete(".read ", "tests/", names()).files);
  EXPECT_TRUE(complete(".output ", "", names()).files);
  EXPECT_FALSE(complete(".mode ", "", names()).files);
}

TEST(Progress, LineWithBarPercentAndEta) {
  // 5 of 20 in 10 s: 15 more take 30 s.
  EXPECT_EQ(formatProgressLine("train", 5, 20, 10.0, "epoch 1/8 loss 0.5312"),
            "train █████░░░░░░░░░░░░░░░  25%  ETA 0:30  epoch 1/8 loss 0.5312");
  EXPECT_EQ(formatProgressLine("saliency", 20, 20, 3.0, ""), "saliency ████████████████████ 100%  ETA 0:00");
  EXPECT_EQ(formatProgressLine("train", 0, 20, 0.0, ""), "train ░░░░░░░░░░░░░░░░░░░░   0%  ETA --:--");
  EXPECT_EQ(formatProgressLine("iu", 0, 0, 3.2, "WoodFisher"), "iu  0:03  WoodFisher");
  EXPECT_EQ(formatProgressLine("train", 1, 1000, 3725.0, ""), "train ░░░░░░░░░░░░░░░░░░░░   0%  ETA 1033:41:15");
  EXPECT_EQ(formatProgressLine("train", 1, 4, 1.0, "a\nb"), "train █████░░░░░░░░░░░░░░░  25%  ETA 0:03  a b");
  // Cut so that it never wraps on a terminal of 20 columns.
  EXPECT_EQ(formatProgressLine("train", 5, 20, 10.0, "epoch 1/8", 20), "train █████░░░░░░░░");
  EXPECT_EQ(formatDuration(61), "1:01");
  EXPECT_EQ(formatDuration(3600), "1:00:00");
}

TEST(Progress, MeterTimesEachPhaseFromItsRate) {
  ProgressMeter meter;
  meter.reset(100.0);
  // The first report comes 20 batches in: the phase's start is unknown, the time since the
  // statement started stands in for it.
  meter.update("train", 20, 100, "", 104.0);
  EXPECT_DOUBLE_EQ(meter.phaseElapsed(), 4.0);
  // 20 more batches in 2 s: the first 20 took 2 s as well.
  EXPECT_EQ(meter.update("train", 40, 100, "", 106.0), "train ████████░░░░░░░░░░░░  40%  ETA 0:06");
  EXPECT_DOUBLE_EQ(meter.phaseElapsed(), 4.0);
  // The next epoch starts over (done went back).
  meter.update("train", 20, 100, "", 110.0);
  EXPECT_DOUBLE_EQ(meter.phaseElapsed(), 4.0);
  // A new operator is a new phase.
  meter.update("saliency", 10, 20, "", 111.0);
  EXPECT_DOUBLE_EQ(meter.phaseElapsed(), 1.0);
  EXPECT_EQ(meter.update("saliency", 15, 20, "", 112.0), "saliency ███████████████░░░░░  75%  ETA 0:01");
}

TEST(CommandLine, SingleDashLongOptionsBecomeDoubleDash) {
  EXPECT_EQ(normalizeArguments({"-json", "-c", "SHOW METHODS;"}), (Words{"--json", "-c", "SHOW METHODS;"}));
  EXPECT_EQ(normalizeArguments({"db.db", "-csv", "-header", "-bail", "-readonly", "-version", "-echo", "-nobail"}),
            (Words{"db.db", "--csv", "--header", "--bail", "--readonly", "--version", "--echo", "--nobail"}));
  EXPECT_EQ(normalizeArguments({"--json", "--no-progress", "-c", "-json", "-f", "-csv"}),
            (Words{"--json", "--no-progress", "-c", "-json", "-f", "-csv"}))
      << "values stay as they are";
  EXPECT_EQ(normalizeArguments({"-x", "-jsonx", "--", "-json"}), (Words{"-x", "-jsonx", "--", "-json"}));
  EXPECT_EQ(normalizeArguments({"-mode=csv"}), (Words{"--mode=csv"}));
}

namespace {

int parse(std::vector<std::string> args, CommandLine& cl, std::string* out_text = nullptr,
          std::string* err_text = nullptr) {
  args.insert(args.begin(), "lethe");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int code = parseCommandLine(static_cast<int>(argv.size()), argv.data(), cl, out, err);
  if (out_text) *out_text = out.str();
  if (err_text) *err_text = err.str();
  return code;
}

}  // namespace

TEST(CommandLine, Parses) {
  CommandLine cl;
  ASSERT_EQ(parse({"-json", "-c", "SHOW METHODS;"}, cl), -1);
  EXPECT_EQ(cl.mode, Mode::Json);
  EXPECT_EQ(cl.commands, (Words{"SHOW METHODS;"}));
  EXPECT_EQ(cl.catalog, ":memory:");

  CommandLine more;
  ASSERT_EQ(parse({"cat.db", "-markdown", "-noheader", "-nobail", "-echo", "-readonly", "--no-progress"}, more), -1);
  EXPECT_EQ(more.catalog, "cat.db");
  EXPECT_EQ(more.mode, Mode::Markdown);
  EXPECT_EQ(more.headers, false);
  EXPECT_EQ(more.bail, false);
  EXPECT_TRUE(more.echo && more.read_only && more.no_progress);

  CommandLine mode;
  ASSERT_EQ(parse({"-mode", "line"}, mode), -1);
  EXPECT_EQ(mode.mode, Mode::Line);

  CommandLine defaults;
  ASSERT_EQ(parse({}, defaults), -1);
  EXPECT_FALSE(defaults.mode || defaults.headers || defaults.bail);
}

TEST(CommandLine, VersionHelpAndErrors) {
  CommandLine cl;
  std::string out, err;
  EXPECT_EQ(parse({"-version"}, cl, &out), 0);
  EXPECT_EQ(out, versionText() + "\n");
  EXPECT_EQ(versionText().rfind("lethe ", 0), 0u);

  EXPECT_EQ(parse({"--help"}, cl, &out), 0);
  for (const char* option : {"--json", "--csv", "-c,--command", "-f,--file", "--bail", "--readonly", "--version",
                             "--no-progress", "--header", "one dash"})
    EXPECT_NE(out.find(option), std::string::npos) << option << "\n" << out;

  EXPECT_NE(parse({"-mode", "xml"}, cl, nullptr, &err), 0);
  EXPECT_NE(err.find("xml"), std::string::npos) << err;
  CommandLine last;
  ASSERT_EQ(parse({"-csv", "-json", "-noheader", "-header"}, last), -1);
  EXPECT_EQ(last.mode, Mode::Json) << "the last mode wins, as in sqlite3";
  EXPECT_EQ(last.headers, true);
  EXPECT_NE(parse({"-f", "/no/such/file.sql"}, cl, nullptr, &err), 0);
}

}  // namespace lethe::shell
