#pragma once
// The ordered schema migrations of the desk database. Migration N takes a database from
// PRAGMA user_version N-1 to N; DeskDatabase applies the missing ones at open, each in its own
// transaction together with the user_version bump. Never edit a released migration: append a
// new one.

#include <span>

namespace mag7::storage {

struct DeskMigration {
    int version;             // user_version after this step
    const char *description; // for the log
    const char *sql;
};

std::span<const DeskMigration> deskMigrations();

} // namespace mag7::storage
