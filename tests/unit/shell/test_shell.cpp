// The shell against a real connection: scripts, dot commands, output files, settings.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "shell/shell.hpp"

namespace lethe::shell {

namespace fs = std::filesystem;

class ShellTest : public testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("lethe_shell_test_" + std::to_string(::getpid()) + "_" +
                                       testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }

  bool script(const std::string& text) {
    std::istringstream in(text);
    return shell.runScript(in);
  }
  static std::string slurp(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }

  fs::path dir;
  Database db{":memory:"};
  Connection con{db};
  std::ostringstream out, err;
  Shell shell{con, out, err};
};

TEST_F(ShellTest, ScriptRunsStatementsAndDotCommands) {
  EXPECT_TRUE(script(
      "-- settings\n"
      "SET seed = 1;\n"
      ".timer on\n"
      "SET threads\n"
      "  = 1;\n"));
  EXPECT_NE(out.str().find("seed"), std::string::npos);
  EXPECT_NE(out.str().find("Run Time:"), std::string::npos);
  EXPECT_EQ(err.str(), "");
}

TEST_F(ShellTest, ScriptStopsAtTheFirstErrorWithFileLineNumbers) {
  EXPECT_FALSE(script(
      "SET seed = 1;\n"
      "\n"
      "SHOW MODLES;\n"
      "SET threads = 1;\n"));
  EXPECT_NE(err.str().find("line 3:6"), std::string::npos) << err.str();
  EXPECT_EQ(out.str().find("threads"), std::string::npos);  // never ran
}

TEST_F(ShellTest, UnterminatedLastStatementIsAnError) {
  EXPECT_FALSE(script("SHOW MODELS"));
  EXPECT_NE(err.str().find("Syntax Error"), std::string::npos) << err.str();
}

TEST_F(ShellTest, DotCommandsComeFromOneTable) {
  EXPECT_TRUE(shell.runDotCommand(".help"));
  for (const auto& command : dotCommands()) EXPECT_NE(out.str().find(command.usage), std::string::npos);
  for (const char* name : {".help", ".read", ".mode", ".headers", ".output", ".once", ".timer", ".bail", ".echo",
                           ".open", ".tables", ".schema", ".show", ".quit", ".exit"}) {
    bool found = false;
    for (const auto& command : dotCommands()) found = found || command.name == name;
    EXPECT_TRUE(found) << name;
  }
  EXPECT_FALSE(shell.runDotCommand(".nonsense"));
  EXPECT_NE(err.str().find("unknown command '.nonsense'"), std::string::npos);
  EXPECT_FALSE(shell.runDotCommand(".read /no/such/file.sql"));
  EXPECT_FALSE(shell.quitRequested());
  EXPECT_TRUE(shell.runDotCommand(".quit"));
  EXPECT_TRUE(shell.quitRequested());
}

TEST_F(ShellTest, UnknownCommandSuggestsTheClosest) {
  EXPECT_FALSE(shell.runDotCommand(".mdoe csv"));
  EXPECT_NE(err.str().find("Did you mean '.mode'?"), std::string::npos) << err.str();
  EXPECT_FALSE(shell.runDotCommand(".timer maybe"));
  EXPECT_NE(err.str().find(".timer takes on or off"), std::string::npos) << err.str();
  EXPECT_FALSE(shell.runDotCommand(".headers"));
  EXPECT_NE(err.str().find("Usage: .headers on|off"), std::string::npos) << err.str();
}

TEST_F(ShellTest, ModeChangesTheOutput) {
  EXPECT_TRUE(shell.runDotCommand(".mode csv"));
  EXPECT_TRUE(shell.runSql("SHOW ARCHS;"));
  EXPECT_EQ(out.str().rfind("arch,description\n", 0), 0u) << out.str();
  EXPECT_NE(out.str().find("\ncnn,"), std::string::npos);

  out.str("");
  EXPECT_TRUE(shell.runDotCommand(".headers off"));
  EXPECT_TRUE(shell.runSql("SHOW ARCHS;"));
  EXPECT_EQ(out.str().find("arch,description"), std::string::npos) << out.str();

  out.str("");
  EXPECT_TRUE(shell.runDotCommand(".mode json"));
  EXPECT_TRUE(shell.runSql("SHOW METHODS;"));
  const auto methods = nlohmann::json::parse(out.str());
  ASSERT_TRUE(methods.is_array());
  bool salun = false;
  for (const auto& m : methods) {
    salun = salun || m.at("method") == "salun";
    EXPECT_TRUE(m.at("threshold").is_null() || m.at("threshold").is_number()) << m;
  }
  EXPECT_TRUE(salun);

  out.str("");
  EXPECT_TRUE(shell.runDotCommand(".mode"));
  EXPECT_EQ(out.str(), "current output mode: json\n");
}

TEST_F(ShellTest, UnknownModeIsAnErrorWithTheChoices) {
  EXPECT_FALSE(shell.runDotCommand(".mode xml"));
  EXPECT_NE(err.str().find("unknown mode 'xml' (known: box, table, csv, json, jsonlines, markdown, line)"),
            std::string::npos)
      << err.str();
  EXPECT_FALSE(shell.runDotCommand(".mode jsn"));
  EXPECT_NE(err.str().find("Did you mean 'json'?"), std::string::npos) << err.str();
  EXPECT_EQ(shell.mode(), Mode::Box);  // unchanged
  // In a script with .bail on (the default), it stops the script.
  EXPECT_FALSE(script(".mode xml\nSHOW ARCHS;\n"));
  EXPECT_EQ(out.str().find("cnn"), std::string::npos);
}

TEST_F(ShellTest, OutputToAFileAndBack) {
  const fs::path file = dir / "archs.csv";
  EXPECT_TRUE(script(".mode csv\n.output '" + file.string() + "'\nSHOW ARCHS;\n"));
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(slurp(file).rfind("arch,description\n", 0), 0u);
  EXPECT_EQ(shell.outputName(), file.string());
  EXPECT_TRUE(script(".output\nSHOW METRICS;\n"));
  EXPECT_EQ(out.str().rfind("metric,description\n", 0), 0u) << out.str();
  EXPECT_EQ(slurp(file).find("metric"), std::string::npos);
  EXPECT_EQ(shell.outputName(), "stdout");
}

TEST_F(ShellTest, OnceSendsOnlyTheNextStatementToAFile) {
  const fs::path file = dir / "once.txt";
  EXPECT_TRUE(shell.runDotCommand(".mode csv"));
  EXPECT_TRUE(shell.runDotCommand(".once " + file.string()));
  EXPECT_TRUE(shell.runSql("SHOW ARCHS;"));
  EXPECT_TRUE(shell.runSql("SHOW METRICS;"));
  EXPECT_EQ(slurp(file).rfind("arch,description\n", 0), 0u);
  EXPECT_EQ(slurp(file).find("metric"), std::string::npos);
  EXPECT_EQ(out.str().rfind("metric,description\n", 0), 0u);
  // A dot command's output counts as the next output too.
  EXPECT_TRUE(shell.runDotCommand(".once " + file.string()));
  EXPECT_TRUE(shell.runDotCommand(".show"));
  EXPECT_NE(slurp(file).find("mode: csv"), std::string::npos);
}

TEST_F(ShellTest, OutputToAnUnwritablePathIsAnErrorAndOutputStays) {
  EXPECT_FALSE(shell.runDotCommand(".output " + dir.string()));  // a directory
  EXPECT_NE(err.str().find("cannot write to '" + dir.string() + "': Is a directory; output stays on stdout"),
            std::string::npos)
      << err.str();
  EXPECT_FALSE(shell.runDotCommand(".output " + (dir / "missing" / "x.csv").string()));
  EXPECT_NE(err.str().find("No such file or directory"), std::string::npos) << err.str();
  EXPECT_FALSE(shell.runDotCommand(".once " + (dir / "missing" / "x.csv").string()));
  EXPECT_EQ(shell.outputName(), "stdout");
  EXPECT_TRUE(shell.runSql("SHOW ARCHS;"));
  EXPECT_NE(out.str().find("cnn"), std::string::npos);
  // A redirection that works stays when the next one fails.
  const fs::path file = dir / "ok.txt";
  EXPECT_TRUE(shell.runDotCommand(".output " + file.string()));
  EXPECT_FALSE(shell.runDotCommand(".output " + dir.string()));
  EXPECT_NE(err.str().find("output stays on " + file.string()), std::string::npos) << err.str();
  EXPECT_EQ(shell.outputName(), file.string());
}

TEST_F(ShellTest, BailOffGoesOnAndBailOnStops) {
  EXPECT_FALSE(script(
      ".bail off\n"
      "SHOW MODLES;\n"
      "SET seed = 7;\n"));
  EXPECT_NE(out.str().find("seed"), std::string::npos) << "ran after the error";
  out.str("");
  err.str("");
  EXPECT_FALSE(script(
      ".bail on\n"
      "SHOW MODLES;\n"
      "SET seed = 8;\n"));
  EXPECT_EQ(out.str(), "");
  EXPECT_NE(err.str().find("Syntax Error"), std::string::npos);
  EXPECT_TRUE(shell.bail());
}

TEST_F(ShellTest, EchoPrintsStatementsAndCommands) {
  EXPECT_TRUE(script(
      ".echo on\n"
      ".mode csv\n"
      "SET seed\n"
      "  = 1;\n"
      ".echo off\n"
      "SET seed = 2;\n"));
  EXPECT_EQ(out.str(),
            ".mode csv\n"
            "SET seed\n"
            "  = 1;\n"
            "setting,value\n"
            "seed,1\n"
            ".echo off\n"
            "setting,value\n"
            "seed,2\n");
}

TEST_F(ShellTest, OpenSwitchesTheCatalog) {
  const fs::path file = dir / "catalog.db";
  EXPECT_TRUE(shell.runDotCommand(".open " + file.string()));
  EXPECT_TRUE(fs::exists(file));
  EXPECT_EQ(shell.catalogName(), file.string());
  EXPECT_FALSE(shell.catalogReadOnly());
  EXPECT_TRUE(shell.runSql("SHOW MODELS;"));
  EXPECT_TRUE(shell.runDotCommand(".open --readonly " + file.string()));
  EXPECT_TRUE(shell.catalogReadOnly());
  EXPECT_TRUE(shell.runDotCommand(".show"));
  EXPECT_NE(out.str().find("catalog: " + file.string() + " (read-only)"), std::string::npos) << out.str();
  // A catalog that cannot be opened leaves the open one in place.
  EXPECT_FALSE(shell.runDotCommand(".open " + (dir / "missing" / "x.db").string()));
  EXPECT_NE(err.str().find("cannot open"), std::string::npos) << err.str();
  EXPECT_EQ(shell.catalogName(), file.string());
  EXPECT_TRUE(shell.runSql("SHOW DATASETS;"));
  EXPECT_FALSE(shell.runDotCommand(".open a b"));
  EXPECT_TRUE(shell.runDotCommand(".open"));
  EXPECT_EQ(shell.catalogName(), ":memory:");
}

TEST_F(ShellTest, TablesAndSchemaListAndDescribe) {
  ASSERT_TRUE(shell.runSql("CREATE DATASET fmnist FROM BUILTIN 'fashion-mnist';"));
  out.str("");
  EXPECT_TRUE(shell.runDotCommand(".mode csv"));
  EXPECT_TRUE(shell.runDotCommand(".tables"));
  EXPECT_EQ(out.str(), "name,type\nfmnist,dataset\n");
  out.str("");
  EXPECT_TRUE(shell.runDotCommand(".schema fmnist"));
  EXPECT_EQ(out.str().rfind("property,value\nname,fmnist\n", 0), 0u) << out.str();
  out.str("");
  EXPECT_TRUE(shell.runDotCommand(".schema"));
  EXPECT_NE(out.str().find("name,fmnist"), std::string::npos) << out.str();
  EXPECT_FALSE(shell.runDotCommand(".schema fmnst"));
  EXPECT_NE(err.str().find("unknown dataset or model 'fmnst'. Did you mean 'fmnist'?"), std::string::npos)
      << err.str();
  // Completion sees the new dataset.
  const auto completion = shell.complete("CREATE MODEL m ARCH cnn ON ", "f");
  EXPECT_EQ(completion.candidates, std::vector<std::string>{"fmnist"});
}

TEST_F(ShellTest, ShowListsTheSettings) {
  EXPECT_TRUE(script(".mode markdown\n.headers off\n.timer on\n.bail off\n.show\n"));
  for (const char* line : {"     mode: markdown\n", "  headers: off\n", "    timer: on\n", "     bail: off\n",
                           "     echo: off\n", "   output: stdout\n", "  catalog: :memory:\n"})
    EXPECT_NE(out.str().find(line), std::string::npos) << line << out.str();
}

TEST_F(ShellTest, CompletionNamesComeFromTheCatalog) {
  const auto& names = shell.completionNames();
  auto has = [](const std::vector<std::string>& list, const std::string& name) {
    return std::find(list.begin(), list.end(), name) != list.end();
  };
  EXPECT_TRUE(has(names.methods, "salun"));
  EXPECT_TRUE(has(names.metrics, "mia"));
  EXPECT_TRUE(has(names.archs, "resnet20"));
  EXPECT_TRUE(has(names.keywords, "FORGET"));
  EXPECT_TRUE(has(names.dot_commands, ".mode"));
  EXPECT_TRUE(names.models.empty());
  EXPECT_EQ(shell.complete("FORGET CLASS 'Bag' FROM m USING ", "salun").candidates,
            (std::vector<std::string>{"salun", "salun_soft"}));
  EXPECT_EQ(shell.complete("", ".sc").candidates, std::vector<std::string>{".schema"});
  // Generators: their arch, metrics and statement complete like the others.
  EXPECT_EQ(shell.complete("CREATE MODEL g ARCH ", "dd").candidates, std::vector<std::string>{"ddpm"});
  EXPECT_EQ(shell.complete("EVALUATE MODEL g METRICS (", "ua_").candidates, std::vector<std::string>{"ua_gen"});
  EXPECT_EQ(shell.complete("FORGET CLASS 'Bag' FROM g USING salun EVALUATE ", "f").candidates,
            std::vector<std::string>{"fid"});
  EXPECT_EQ(shell.complete("", "SAM").candidates, std::vector<std::string>{"SAMPLE"});
}

}  // namespace lethe::shell
