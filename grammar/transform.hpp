#pragma once
// Typed transforms from ANTLR parse-tree contexts to AST payloads, one file per statement
// stem (transform_forget.cpp -> planner/bind_forget.cpp -> ...). Internal to grammar/.
// They throw SyntaxProblem for what the grammar cannot rule out: a number that does not
// fit, a clause given twice.
#include <string>
#include <vector>

#include "LetheParser.h"
#include "grammar/ast.hpp"
#include "grammar/syntax_error.hpp"

namespace lethe::grammar::detail {

using Parser = lethe_antlr::LetheParser;

// ---- transform_common.cpp: names, values, options, model references ----
ast::SourcePos positionOf(const antlr4::Token* token);
ast::SourcePos positionOf(antlr4::tree::TerminalNode* node);
ast::SourcePos positionOf(antlr4::ParserRuleContext* context);
// The source text a context spans, comments inside it included.
std::string sourceText(antlr4::ParserRuleContext* context);
// 'it''s' -> it's
std::string unquoteString(const std::string& literal);
ast::Value stringValue(antlr4::tree::TerminalNode* string_token);

ast::Name transformName(Parser::IdentifierContext* context);
ast::Name transformOptionName(Parser::OptionNameContext* context);  // salun.lr
ast::Value transformValue(Parser::ValueContext* context);
ast::Value transformNumber(Parser::SignedNumberContext* context);  // Integer or Real
int64_t transformInteger(Parser::SignedIntegerContext* context);

// SAMPLES (id, ...) | SAMPLES FROM 'file' into `target`, for every rule that has both forms
// (FORGET's target, lineage's rows).
template <typename Context>
void transformSamples(Context* context, ast::ForgetTarget& target) {
  target.kind = ast::ForgetTarget::Kind::Samples;
  if (auto* file = context->STRING()) {
    const ast::Value path = stringValue(file);
    target.samples_file = path.text;
    target.value_pos = path.pos;
    return;
  }
  for (auto* id : context->signedInteger()) target.sample_ids.push_back(transformInteger(id));
  target.value_pos = positionOf(context->signedInteger().at(0));
}
ast::OptionList transformOptions(Parser::WithOptionsContext* context);  // nullptr -> {}
ast::ModelRef transformModelRef(Parser::ModelRefContext* context);
std::vector<ast::Name> transformMetricList(Parser::MetricListContext* context);
// transform_forget.cpp; COMPARE shares FORGET's targets.
ast::ForgetTarget transformForgetTarget(Parser::ForgetTargetContext* context);
ast::Value transformClassValue(Parser::ClassValueContext* context);  // 'Bag' or 3

// ---- one per statement ----
ast::CreateDatasetInfo transformCreateDataset(Parser::CreateDatasetContext* context);
ast::CreateModelInfo transformCreateModel(Parser::CreateModelContext* context);
ast::ForgetInfo transformForget(Parser::ForgetStatementContext* context);
ast::CompareInfo transformCompare(Parser::CompareStatementContext* context);
ast::EvaluateModelInfo transformEvaluate(Parser::EvaluateStatementContext* context);
ast::ShowInfo transformShow(Parser::ShowStatementContext* context);
ast::DescribeInfo transformDescribe(Parser::DescribeStatementContext* context);
ast::DropInfo transformDrop(Parser::DropStatementContext* context);
ast::SetInfo transformSet(Parser::SetStatementContext* context);
ast::ExplainInfo transformExplain(Parser::ExplainStatementContext* context);
ast::ImportModelInfo transformImportModel(Parser::ImportStatementContext* context);
ast::ExportModelInfo transformExportModel(Parser::ExportStatementContext* context);
ast::CorruptDatasetInfo transformCorruptDataset(Parser::CorruptStatementContext* context);
ast::CreateRequestInfo transformCreateRequest(Parser::CreateRequestContext* context);
ast::ActivateInfo transformSetActive(Parser::SetStatementContext* context);  // transform_activate.cpp
ast::ActivateInfo transformRollback(Parser::RollbackStatementContext* context);  // transform_activate.cpp
ast::ExportCertificateInfo transformExportCertificate(Parser::ExportStatementContext* context);
ast::VerifyInfo transformVerify(Parser::VerifyStatementContext* context);
ast::SampleInfo transformSample(Parser::SampleStatementContext* context);

// ---- parser.cpp: the statement dispatch (EXPLAIN recurses into it) ----
ast::Statement transformPlainStatement(Parser::PlainStatementContext* context);

}  // namespace lethe::grammar::detail
