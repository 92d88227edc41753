#include <gtest/gtest.h>

#include <sstream>

#include "shell/renderer.hpp"
#include "shell/shell.hpp"

namespace lethe::shell {

TEST(Renderer, AlignsColumnsAndRightAlignsNumbers) {
  Result r;
  r.setColumns({"name", "n"});
  r.addRow({Value("a"), Value(int64_t{5})});
  r.addRow({Value("longer"), Value(12.5)});
  r.addRow({Value(), Value(int64_t{100})});
  std::ostringstream out;
  renderTable(r, out);
  EXPECT_EQ(out.str(),
            "┌────────┬───────┐\n"
            "│ name   │ n     │\n"
            "├────────┼───────┤\n"
            "│ a      │     5 │\n"
            "│ longer │ 12.50 │\n"
            "│ NULL   │   100 │\n"
            "└────────┴───────┘\n");
}

TEST(Renderer, CountsUtf8CodePoints) {
  EXPECT_EQ(displayWidth("└── x"), 5u);
  EXPECT_EQ(displayWidth("abc"), 3u);
}

class ShellTest : public testing::Test {
 protected:
  Database db{":memory:"};
  Connection con{db};
  std::ostringstream out, err;
  Shell shell{con, out, err};
};

TEST_F(ShellTest, ScriptRunsStatementsAndDotCommands) {
  std::istringstream script(
      "-- settings\n"
      "SET seed = 1;\n"
      ".timer on\n"
      "SET threads\n"
      "  = 1;\n");
  EXPECT_TRUE(shell.runScript(script));
  EXPECT_NE(out.str().find("seed"), std::string::npos);
  EXPECT_NE(out.str().find("Run Time:"), std::string::npos);
  EXPECT_EQ(err.str(), "");
}

TEST_F(ShellTest, ScriptStopsAtTheFirstErrorWithFileLineNumbers) {
  std::istringstream script(
      "SET seed = 1;\n"
      "\n"
      "SHOW MODLES;\n"
      "SET threads = 1;\n");
  EXPECT_FALSE(shell.runScript(script));
  EXPECT_NE(err.str().find("line 3:6"), std::string::npos) << err.str();
  EXPECT_EQ(out.str().find("threads"), std::string::npos);  // never ran
}

TEST_F(ShellTest, UnterminatedLastStatementIsAnError) {
  std::istringstream script("SHOW MODELS");
  EXPECT_FALSE(shell.runScript(script));
  EXPECT_NE(err.str().find("Syntax Error"), std::string::npos) << err.str();
}

TEST_F(ShellTest, DotCommandsComeFromOneTable) {
  EXPECT_TRUE(shell.runDotCommand(".help"));
  for (const auto& command : dotCommands()) EXPECT_NE(out.str().find(command.usage), std::string::npos);
  EXPECT_FALSE(shell.runDotCommand(".nonsense"));
  EXPECT_NE(err.str().find("unknown command '.nonsense'"), std::string::npos);
  EXPECT_FALSE(shell.runDotCommand(".read /no/such/file.sql"));
  EXPECT_FALSE(shell.quitRequested());
  EXPECT_TRUE(shell.runDotCommand(".quit"));
  EXPECT_TRUE(shell.quitRequested());
}

}  // namespace lethe::shell
