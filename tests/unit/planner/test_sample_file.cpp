// SAMPLES FROM 'ids.csv': the id file reader, its header and comment rules, and the files it
// refuses without reading them whole.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "common/error.hpp"
#include "planner/sample_file.hpp"

namespace lethe::planner {
namespace {

class SampleFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("lethe_ids_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& contents) {
    const std::string path = (dir_ / "ids.csv").string();
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }

  std::string errorOf(const std::string& path) {
    try {
      readSampleIds(path);
    } catch (const Error& e) {
      return e.what();
    }
    return "(no error)";
  }

  std::filesystem::path dir_;
};

TEST_F(SampleFile, ReadsIdsAfterAHeaderWithCommentsAndSeparators) {
  EXPECT_EQ(readSampleIds(write("id,weight\n3, 5;7\t9 # 11 is commented out\r\n13#\n")),
            (std::vector<int64_t>{3, 5, 7, 9, 13}));
  EXPECT_EQ(readSampleIds(write("the_training_row_ids_of_the_data_subject\n4\n")), (std::vector<int64_t>{4}));
}

TEST_F(SampleFile, NamesTheLineOfAFieldThatIsNotAnId) {
  EXPECT_NE(errorOf(write("1\n2\nfive\n")).find("line 3: 'five' is not a sample id"), std::string::npos);
}

TEST_F(SampleFile, RefusesALongFieldWithoutHoldingItAndEscapesControlBytes) {
  // A megabyte of NUL bytes on line 2: refused at its 33rd byte, quoted escaped.
  const std::string error = errorOf(write("1\n" + std::string(1 << 20, '\0')));
  EXPECT_NE(error.find("line 2: '\\x00\\x00"), std::string::npos) << error;
  EXPECT_NE(error.find("...' is not a sample id"), std::string::npos) << error;
  EXPECT_LT(error.size(), 400u);
}

TEST_F(SampleFile, ADirectoryIsNamedAsSuch) {
  EXPECT_NE(errorOf(dir_.string()).find("it is a directory"), std::string::npos);
}

TEST_F(SampleFile, ADeviceIsRefusedBeforeItIsRead) {
  // /dev/zero has no end and no newline: reading it as a header line never finished.
  EXPECT_NE(errorOf("/dev/zero").find("it is not a regular file (a character device)"), std::string::npos);
}

TEST_F(SampleFile, AFileWithoutIdsSaysSo) {
  EXPECT_NE(errorOf(write("id\n# nothing\n")).find("holds no ids"), std::string::npos);
}

}  // namespace
}  // namespace lethe::planner
