// `voicematrix migrate-data`: copies a SQLite deployment into an empty PostgreSQL database.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/command.hpp"
#include "store/postgres/import.hpp"
#include "store/store.hpp"

namespace vm::cli {

Command addMigrateDataCommand(CLI::App& cli, std::string&) {
  struct Flags {
    std::string from;
    std::string to;
  };
  auto flags = std::make_shared<Flags>();
  auto* cmd = cli.add_subcommand("migrate-data",
                                 "Copy a SQLite deployment into an empty PostgreSQL database, then exit");
  cmd->add_option("--from", flags->from, "Source database: a file path, sqlite:PATH or sqlite://PATH")
      ->required();
  // From the environment preferably: the URL may hold a password, and flags show in `ps`.
  cmd->add_option("--to", flags->to, "Target: postgres://user@host:port/db")
      ->envname("VM_MIGRATE_TO")
      ->required();
  return {cmd, [flags] {
            auto from = store::sqlitePathOf(flags->from);
            if (!from) throw std::invalid_argument("--from must be a SQLite database, not a postgres:// URL");
            if (store::sqlitePathOf(flags->to)) throw std::invalid_argument("--to must be a postgres:// URL");
            auto report = store::postgres::importFromSqlite(*from, flags->to);
            nlohmann::json rows = nlohmann::json::object();
            for (const auto& [table, count] : report.rowsCopied) rows[table] = count;
            std::cout << nlohmann::json{{"migrated", true}, {"rows", rows}}.dump() << std::endl;
            return 0;
          }};
}

}  // namespace vm::cli
