// TickArchive: reads across the day files of a ticks/ directory. Day files hold disjoint time
// ranges (routing by trading date), so reading them in date order keeps ticks in time order.

#include "model/exchangecalendar.h"
#include "storage/tickfileformat.h"
#include "storage/tickstore.h"

#include <algorithm>
#include <set>
#include <system_error>

namespace mag7::storage {

Result<TickArchive> TickArchive::open(const std::filesystem::path &directory)
{
    std::error_code ec;
    if (!std::filesystem::exists(directory, ec))
        return Error{"tick archive " + directory.string() + ": no such directory"};
    if (!std::filesystem::is_directory(directory, ec))
        return Error{"tick archive " + directory.string() + ": not a directory"};
    return TickArchive(directory);
}

std::vector<Date> TickArchive::days() const
{
    std::vector<Date> dates;
    std::error_code ec;
    for (const auto &entry : std::filesystem::directory_iterator(m_directory, ec)) {
        if (!entry.is_regular_file(ec))
            continue;
        if (const auto date = tickfile::dateOfFileName(entry.path()))
            dates.push_back(*date);
    }
    std::sort(dates.begin(), dates.end());
    return dates;
}

std::filesystem::path TickArchive::pathOf(Date tradingDate) const
{
    return tickfile::dayFilePath(m_directory, tradingDate);
}

Status TickArchive::read(Timestamp from, Timestamp to, const std::vector<std::string> &symbols,
                         const TickVisitor &visit) const
{
    if (from >= to)
        return Status::success();
    const Date firstDay = calendar::tradingDateOf(from);
    const Date lastDay = calendar::tradingDateOf(to - 1);
    std::vector<Date> inRange;
    for (const Date &date : days())
        if (date >= firstDay && date <= lastDay)
            inRange.push_back(date);

    // Check every symbol first, so an unknown one fails before any tick is visited.
    if (!symbols.empty()) {
        std::set<std::string> unseen(symbols.begin(), symbols.end());
        for (const Date &date : inRange) {
            auto reader = TickDayReader::open(pathOf(date));
            if (!reader)
                return Error{reader.message()};
            for (auto it = unseen.begin(); it != unseen.end();) {
                if (reader.value()->fileIdOf(*it))
                    it = unseen.erase(it);
                else
                    ++it;
            }
            if (unseen.empty())
                break;
        }
        if (!unseen.empty()) {
            std::string names;
            for (const std::string &symbol : unseen)
                names += (names.empty() ? "" : ", ") + symbol;
            return Error{"tick archive " + m_directory.string() + ": no ticks of " + names +
                         " between " + formatDate(firstDay) + " and " + formatDate(lastDay)};
        }
    }

    for (const Date &date : inRange) {
        auto reader = TickDayReader::open(pathOf(date));
        if (!reader)
            return Error{reader.message()};
        const TickDayReader &day = *reader.value();
        std::vector<std::uint32_t> ids;
        for (const std::string &symbol : symbols)
            if (const auto id = day.fileIdOf(symbol))
                ids.push_back(*id);
        if (!symbols.empty() && ids.empty())
            continue;
        bool stopped = false;
        const auto &records = day.instruments();
        Status status = day.read(from, to, ids, [&](std::span<const Tick> ticks) {
            for (const Tick &t : ticks) {
                if (!visit(t, records[t.instrument])) {
                    stopped = true;
                    return false;
                }
            }
            return true;
        });
        if (!status)
            return status;
        if (stopped)
            break;
    }
    return Status::success();
}

} // namespace mag7::storage
