// Every output mode on one small result, and the exact round trip of CSV and JSON.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "shell/renderer.hpp"

namespace lethe::shell {

namespace {

// NULL, integers, reals with many digits, text with a comma, a quote, a newline; an empty string.
Result sample() {
  Result r;
  r.setColumns({"n", "x", "s"});
  r.addRow({Value(int64_t{42}), Value(0.1 + 0.2), Value("a,b")});
  r.addRow({Value(), Value(1.0 / 3.0), Value("say \"hi\"\nbye")});
  r.addRow({Value(int64_t{-7}), Value(2.0), Value("")});
  return r;
}

std::string rendered(const Result& r, Mode mode, bool headers = true) {
  std::ostringstream out;
  render(r, mode, RenderOptions{headers}, out);
  return out.str();
}

// A CSV field as read back: its text and whether it was quoted.
struct Field {
  std::string text;
  bool quoted = false;
};

// RFC 4180 reader: records end at a line feed outside quotes.
std::vector<std::vector<Field>> parseCsv(const std::string& text) {
  std::vector<std::vector<Field>> records;
  std::vector<Field> record;
  Field field;
  bool in_quotes = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field.text += '"', ++i;
      else if (c == '"') in_quotes = false;
      else field.text += c;
    } else if (c == '"') {
      in_quotes = field.quoted = true;
    } else if (c == ',') {
      record.push_back(field);
      field = Field();
    } else if (c == '\n') {
      record.push_back(field);
      records.push_back(record);
      record.clear();
      field = Field();
    } else {
      field.text += c;
    }
  }
  EXPECT_FALSE(in_quotes);
  EXPECT_TRUE(record.empty() && field.text.empty()) << "the last record ends with a line feed";
  return records;
}

bool sameDouble(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b)); }

void expectCsvRoundTrip(const Result& r) {
  const auto records = parseCsv(rendered(r, Mode::Csv));
  ASSERT_EQ(records.size(), r.rowCount() + 1);
  for (size_t c = 0; c < r.columns().size(); ++c) EXPECT_EQ(records[0][c].text, r.columns()[c]);
  for (size_t row = 0; row < r.rowCount(); ++row) {
    ASSERT_EQ(records[row + 1].size(), r.columns().size());
    for (size_t c = 0; c < r.columns().size(); ++c) {
      const Value& v = r.rows()[row][c];
      const Field& f = records[row + 1][c];
      if (v.isNull()) {
        EXPECT_TRUE(f.text.empty() && !f.quoted) << "row " << row << " column " << c;
      } else if (v.isInteger()) {
        EXPECT_EQ(std::stoll(f.text), v.integer());
      } else if (v.isReal()) {
        EXPECT_TRUE(sameDouble(std::strtod(f.text.c_str(), nullptr), v.real())) << f.text;
      } else {
        EXPECT_EQ(f.text, v.text());
        if (v.text().empty()) {
          EXPECT_TRUE(f.quoted) << "an empty string is not NULL";
        }
      }
    }
  }
}

void expectJsonValue(const nlohmann::json& j, const Value& v) {
  if (v.isNull() || (v.isReal() && !std::isfinite(v.real()))) {
    EXPECT_TRUE(j.is_null()) << j;
  } else if (v.isInteger()) {
    ASSERT_TRUE(j.is_number_integer()) << j;
    EXPECT_EQ(j.get<int64_t>(), v.integer());
  } else if (v.isReal()) {
    ASSERT_TRUE(j.is_number_float()) << j;
    EXPECT_TRUE(sameDouble(j.get<double>(), v.real())) << j;
  } else {
    ASSERT_TRUE(j.is_string()) << j;
    EXPECT_EQ(j.get<std::string>(), v.text());
  }
}

void expectJsonRoundTrip(const Result& r) {
  const auto array = nlohmann::json::parse(rendered(r, Mode::Json));
  ASSERT_TRUE(array.is_array());
  ASSERT_EQ(array.size(), r.rowCount());
  std::istringstream lines(rendered(r, Mode::JsonLines));
  for (size_t row = 0; row < r.rowCount(); ++row) {
    std::string line;
    ASSERT_TRUE(std::getline(lines, line));
    const auto object = nlohmann::json::parse(line);
    for (size_t c = 0; c < r.columns().size(); ++c) {
      expectJsonValue(array[row].at(r.columns()[c]), r.rows()[row][c]);
      expectJsonValue(object.at(r.columns()[c]), r.rows()[row][c]);
    }
  }
}

}  // namespace

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

TEST(Renderer, Box) {
  EXPECT_EQ(rendered(sample(), Mode::Box),
            "┌──────┬──────┬──────────────┐\n"
            "│ n    │ x    │ s            │\n"
            "├──────┼──────┼──────────────┤\n"
            "│   42 │ 0.30 │ a,b          │\n"
            "│ NULL │ 0.33 │ say \"hi\" bye │\n"
            "│   -7 │ 2.00 │              │\n"
            "└──────┴──────┴──────────────┘\n");
}

TEST(Renderer, TableWithoutHeaders) {
  EXPECT_EQ(rendered(sample(), Mode::Table, false),
            "+------+------+--------------+\n"
            "|   42 | 0.30 | a,b          |\n"
            "| NULL | 0.33 | say \"hi\" bye |\n"
            "|   -7 | 2.00 |              |\n"
            "+------+------+--------------+\n");
}

TEST(Renderer, Markdown) {
  Result r = sample();
  r.addRow({Value(int64_t{1}), Value(0.5), Value("a|b")});
  EXPECT_EQ(rendered(r, Mode::Markdown),
            "| n    | x    | s            |\n"
            "|-----:|-----:|--------------|\n"
            "|   42 | 0.30 | a,b          |\n"
            "| NULL | 0.33 | say \"hi\" bye |\n"
            "|   -7 | 2.00 |              |\n"
            "|    1 | 0.50 | a\\|b         |\n");
}

TEST(Renderer, Line) {
  EXPECT_EQ(rendered(sample(), Mode::Line),
            "n = 42\n"
            "x = 0.30\n"
            "s = a,b\n"
            "\n"
            "n = NULL\n"
            "x = 0.33\n"
            "s = say \"hi\"\n"
            "    bye\n"
            "\n"
            "n = -7\n"
            "x = 2.00\n"
            "s = \n");
}

TEST(Renderer, Csv) {
  EXPECT_EQ(rendered(sample(), Mode::Csv),
            "n,x,s\n"
            "42,0.30000000000000004,\"a,b\"\n"
            ",0.3333333333333333,\"say \"\"hi\"\"\nbye\"\n"
            "-7,2.0,\"\"\n");
  EXPECT_EQ(rendered(sample(), Mode::Csv, false).rfind("42,", 0), 0u) << "no header row";
  expectCsvRoundTrip(sample());
}

TEST(Renderer, Json) {
  EXPECT_EQ(rendered(sample(), Mode::Json),
            "[{\"n\":42,\"x\":0.30000000000000004,\"s\":\"a,b\"},\n"
            "{\"n\":null,\"x\":0.3333333333333333,\"s\":\"say \\\"hi\\\"\\nbye\"},\n"
            "{\"n\":-7,\"x\":2.0,\"s\":\"\"}]\n");
  EXPECT_EQ(rendered(sample(), Mode::JsonLines),
            "{\"n\":42,\"x\":0.30000000000000004,\"s\":\"a,b\"}\n"
            "{\"n\":null,\"x\":0.3333333333333333,\"s\":\"say \\\"hi\\\"\\nbye\"}\n"
            "{\"n\":-7,\"x\":2.0,\"s\":\"\"}\n");
  expectJsonRoundTrip(sample());
  Result empty;
  empty.setColumns({"a"});
  EXPECT_EQ(rendered(empty, Mode::Json), "[]\n");
  EXPECT_EQ(rendered(empty, Mode::JsonLines), "");
}

TEST(Renderer, NothingForAResultWithoutColumns) {
  for (const auto& m : modes()) EXPECT_EQ(rendered(Result(), m.mode), "") << m.name;
}

TEST(Renderer, NumbersRoundTripExactly) {
  Result r;
  r.setColumns({"v"});
  for (double v : {0.0, -0.0, 1.0, -2.5, 0.1, 1.0 / 3.0, M_PI, 1e-310, 5e-324, 123456789.123456789, 1e21, 1e300,
                   DBL_MAX, -DBL_MIN, 0.9351999998092651, 93.51})
    r.addRow({Value(v)});
  for (int64_t v : {int64_t{0}, int64_t{-1}, std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()})
    r.addRow({Value(v)});
  expectCsvRoundTrip(r);
  expectJsonRoundTrip(r);
  EXPECT_EQ(exactNumber(Value(2.0)), "2.0");
  EXPECT_EQ(exactNumber(Value(0.1)), "0.1");
  EXPECT_EQ(exactNumber(Value(1e21)), "1e+21");
  EXPECT_EQ(exactNumber(Value(int64_t{7})), "7");
  EXPECT_EQ(exactNumber(Value(std::nan(""))), "NaN");
  EXPECT_EQ(jsonValue(Value(std::nan(""))), "null");
  EXPECT_EQ(jsonValue(Value(HUGE_VAL)), "null");
}

TEST(Renderer, JsonStringsEscapeControlCharactersAndStayValid) {
  EXPECT_EQ(jsonString("tab\there\x01\x1f\\/"), "\"tab\\there\\u0001\\u001f\\\\/\"");
  EXPECT_EQ(jsonString("ünï €"), "\"ünï €\"");
  EXPECT_EQ(jsonString(std::string("bad \xff\xc3") + "("), "\"bad \\ufffd\\ufffd(\"");
  Result r;
  r.setColumns({"weird \"name\"\n"});
  r.addRow({Value(std::string("nul \0 byte\r\b\f", 14))});
  expectJsonRoundTrip(r);
  expectCsvRoundTrip(r);
}

TEST(Renderer, ModesComeFromOneTable) {
  EXPECT_EQ(modeNames(), (std::vector<std::string>{"box", "table", "csv", "json", "jsonlines", "markdown", "line"}));
  ASSERT_NE(findMode("JSON"), nullptr);
  EXPECT_EQ(findMode("JSON")->mode, Mode::Json);
  EXPECT_EQ(findMode("xml"), nullptr);
}

}  // namespace lethe::shell
