// Kept only for the CLI's include until it names store/postgres/import.hpp; then delete this file.
#pragma once

#include "store/postgres/import.hpp"
