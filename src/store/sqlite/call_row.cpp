#include "store/sqlite/call_row.hpp"

namespace vm::store::sqlite {

domain::CallRecord readCall(const Stmt& st) { return readCallColumns(StmtRow{st}); }

void bindCall(Stmt& st, const domain::CallRecord& call) { writeCallColumns(call, StmtBinder(st)); }

}  // namespace vm::store::sqlite
