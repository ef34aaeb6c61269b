#include "store/postgres/call_row.hpp"

namespace vm::store::postgres {
domain::CallRecord readCall(const Result& res, int row) { return readCallColumns(ResultRow{res, row}); }

Params callParams(const domain::CallRecord& call) {
  Params params;
  params.reserve(kCallColumnCount);
  writeCallColumns(call, ParamsOut{params});
  return params;
}

Params callArrayParams(const std::vector<const domain::CallRecord*>& calls) {
  std::vector<Params> columns(kCallColumnCount);  // columns[j][i]: column j of call i
  for (Params& column : columns) column.reserve(calls.size());
  for (const domain::CallRecord* call : calls) {
    Params row = callParams(*call);
    for (std::size_t j = 0; j < row.size(); ++j) columns[j].push_back(std::move(row[j]));
  }
  Params arrays;
  arrays.reserve(columns.size());
  for (const Params& column : columns) arrays.push_back(arrayOf(column));
  return arrays;
}

}  // namespace vm::store::postgres
