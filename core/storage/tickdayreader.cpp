// TickDayReader: time-ordered reads and point-in-time state from one day file.
//
// The writer guarantees that chained blocks, taken in seq order, are time-ordered, and that
// late ticks live in standalone blocks. A read therefore walks the chained blocks in order
// (decoding each delta chain from its snapshot) and merges the few late ticks in by (ts, seq).
// Files that break the guarantee still read correctly through a slower path that decodes every
// block and sorts. A change snapshot is applied over its keyframe; the last keyframe decoded is
// kept, so a walk through a file decodes each keyframe once.

#include "storage/sqlitedatabase.h"
#include "storage/tickcodec.h"
#include "storage/tickfileformat.h"
#include "storage/tickstore.h"

#include <algorithm>
#include <limits>
#include <system_error>
#include <unordered_map>

namespace mag7::storage {

namespace {

// Newest wins, ties in the order applied (= write order).
void applyNewest(QuoteState &state, const Tick &tick)
{
    if (tick.isQuote() ? tick.ts >= state.quoteTs : tick.ts >= state.tradeTs)
        state.apply(tick);
}

struct SeqTick {
    Tick tick;
    std::int64_t seq;
};

} // namespace

class TickDayReader::Impl {
public:
    SqliteDatabase db;
    TickFileMeta meta;
    std::vector<InstrumentRecord> records;
    std::unordered_map<std::string, std::uint32_t> bySymbol;
    std::vector<BlockRow> blocks;  // seq order
    std::vector<std::size_t> main; // indexes of chained blocks, seq order
    std::vector<SnapshotRow> snapshots;
    std::uint64_t tickCount = 0;
    Timestamp firstTs = 0;
    Timestamp lastTs = 0;
    bool mainOrdered = true;

    mutable SqliteStatement selectBlock;
    mutable SqliteStatement selectSnapshot;
    mutable std::int64_t keyframeSeq = 0; // the keyframe held in keyframeState (0: none)
    mutable std::vector<QuoteState> keyframeState;
    mutable std::vector<Tick> buffer;      // decode target, sized to the largest block
    mutable std::span<const Tick> decoded; // the last decoded block, inside buffer
    mutable ChainState chain;

    Error fileError(const std::string &message) const
    {
        return Error{db.path().string() + ": " + message};
    }
    // Decodes into `buffer` and points `decoded` at the result.
    Status decode(const BlockRow &row) const;
    // The full state a snapshot holds (a change snapshot applied over its keyframe).
    Status loadSnapshot(std::int64_t seq, std::vector<QuoteState> &states) const;
    Status decodeSnapshot(const SnapshotRow &row, std::vector<QuoteState> &states) const;
    Status startChain(std::int64_t snapshotSeq) const;
    using BlockVisitor = std::function<Status(const BlockRow &, std::span<const Tick>)>;
    Status decodeAll(const BlockVisitor &visit) const;
    Status readMerged(Timestamp from, Timestamp to, const std::vector<std::uint8_t> &mask,
                      const BatchVisitor &visit) const;
    Status readSorted(Timestamp from, Timestamp to, const std::vector<std::uint8_t> &mask,
                      const BatchVisitor &visit) const;
    Result<std::vector<QuoteState>> foldTo(Timestamp at) const;
};

Status TickDayReader::Impl::decode(const BlockRow &row) const
{
    decoded = {};
    selectBlock.bindInt64(1, row.seq);
    auto step = selectBlock.step();
    if (!step) {
        selectBlock.reset();
        return step.error();
    }
    if (!step.value()) {
        selectBlock.reset();
        return fileError("block " + std::to_string(row.seq) + " disappeared");
    }
    if (buffer.size() < row.count)
        buffer.resize(row.count);
    auto info = TickCodec::decodeBlock(selectBlock.columnBlob(0), records.size(), chain,
                                       std::span<Tick>(buffer.data(), row.count));
    selectBlock.reset();
    if (!info)
        return fileError("block " + std::to_string(row.seq) + ": " + info.message());
    if (info.value().count != row.count || info.value().firstTs != row.firstTs ||
        (info.value().kind == BlockKind::Standalone) != row.isLate() ||
        buffer[row.count - 1].ts > row.lastTs)
        return fileError("block " + std::to_string(row.seq) +
                         ": corrupt tick data: contents disagree with the block index");
    decoded = std::span<const Tick>(buffer.data(), row.count);
    return Status::success();
}

Status TickDayReader::Impl::decodeSnapshot(const SnapshotRow &row,
                                           std::vector<QuoteState> &states) const
{
    selectSnapshot.bindInt64(1, row.seq);
    auto step = selectSnapshot.step();
    if (!step) {
        selectSnapshot.reset();
        return step.error();
    }
    if (!step.value()) {
        selectSnapshot.reset();
        return fileError("snapshot " + std::to_string(row.seq) + " is missing");
    }
    auto info = TickCodec::decodeSnapshot(selectSnapshot.columnBlob(0), records.size(), states);
    selectSnapshot.reset();
    if (!info)
        return fileError("snapshot " + std::to_string(row.seq) + ": " + info.message());
    if (info.value().ts != row.ts ||
        (info.value().kind == SnapshotKind::Keyframe) != row.isKeyframe())
        return fileError("snapshot " + std::to_string(row.seq) +
                         ": corrupt tick data: contents disagree with the snapshot index");
    return Status::success();
}

Status TickDayReader::Impl::loadSnapshot(std::int64_t seq, std::vector<QuoteState> &states) const
{
    const auto find = [&](std::int64_t wanted) -> const SnapshotRow * {
        auto it = std::lower_bound(
            snapshots.begin(), snapshots.end(), wanted,
            [](const SnapshotRow &row, std::int64_t value) { return row.seq < value; });
        return it != snapshots.end() && it->seq == wanted ? &*it : nullptr;
    };
    const SnapshotRow *row = find(seq);
    if (row == nullptr)
        return fileError("snapshot " + std::to_string(seq) + " is missing");
    const std::int64_t keyframe = row->isKeyframe() ? row->seq : row->baseSeq;
    if (keyframe != keyframeSeq) {
        const SnapshotRow *keyframeRow = find(keyframe);
        if (keyframeRow == nullptr || !keyframeRow->isKeyframe())
            return fileError("snapshot " + std::to_string(seq) + ": its keyframe " +
                             std::to_string(keyframe) + " is missing");
        keyframeSeq = 0;
        if (Status s = decodeSnapshot(*keyframeRow, keyframeState); !s)
            return s;
        keyframeSeq = keyframe;
    }
    states = keyframeState;
    return row->isKeyframe() ? Status::success() : decodeSnapshot(*row, states);
}

Status TickDayReader::Impl::startChain(std::int64_t snapshotSeq) const
{
    std::vector<QuoteState> states;
    if (Status s = loadSnapshot(snapshotSeq, states); !s)
        return s;
    chain.resize(records.size());
    TickCodec::resetChain(chain, states);
    return Status::success();
}

Status TickDayReader::Impl::decodeAll(const BlockVisitor &visit) const
{
    std::int64_t currentChain = -1;
    for (const BlockRow &row : blocks) {
        if (!row.isLate() && row.snapshotSeq != currentChain) {
            if (Status s = startChain(row.snapshotSeq); !s)
                return s;
            currentChain = row.snapshotSeq;
        }
        if (Status s = decode(row); !s)
            return s;
        if (Status s = visit(row, decoded); !s)
            return s;
    }
    return Status::success();
}

Status TickDayReader::Impl::readMerged(Timestamp from, Timestamp to,
                                       const std::vector<std::uint8_t> &mask,
                                       const BatchVisitor &visit) const
{
    const auto wanted = [&](const Tick &t) {
        return t.ts >= from && t.ts < to && (mask.empty() || mask[t.instrument] != 0);
    };
    // Late ticks in range, sorted by (ts, seq, position).
    std::vector<SeqTick> late;
    for (const BlockRow &row : blocks) {
        if (!row.isLate() || row.lastTs < from || row.firstTs >= to)
            continue;
        if (Status s = decode(row); !s)
            return s;
        for (const Tick &t : decoded)
            if (wanted(t))
                late.push_back(SeqTick{t, row.seq});
    }
    std::stable_sort(late.begin(), late.end(),
                     [](const SeqTick &a, const SeqTick &b) { return a.tick.ts < b.tick.ts; });
    std::size_t nextLate = 0;

    // Chained blocks are time-ordered in seq order, so last_ts is monotonic too.
    auto first = std::partition_point(main.begin(), main.end(),
                                      [&](std::size_t i) { return blocks[i].lastTs < from; });
    std::vector<Tick> batch;
    if (first != main.end()) {
        // Decode the chain from its snapshot up to the first block in range.
        const std::int64_t chainSeq = blocks[*first].snapshotSeq;
        auto chainStart = first;
        while (chainStart != main.begin() && blocks[*(chainStart - 1)].snapshotSeq == chainSeq)
            --chainStart;
        if (Status s = startChain(chainSeq); !s)
            return s;
        std::int64_t currentChain = chainSeq;
        for (auto it = chainStart; it != first; ++it) {
            if (Status s = decode(blocks[*it]); !s)
                return s;
        }
        for (auto it = first; it != main.end() && blocks[*it].firstTs < to; ++it) {
            const BlockRow &row = blocks[*it];
            if (row.snapshotSeq != currentChain) {
                if (Status s = startChain(row.snapshotSeq); !s)
                    return s;
                currentChain = row.snapshotSeq;
            }
            if (Status s = decode(row); !s)
                return s;
            const bool lateInside = nextLate < late.size() && late[nextLate].tick.ts <= row.lastTs;
            if (!lateInside && mask.empty() && row.firstTs >= from && row.lastTs < to) {
                if (!visit(decoded))
                    return Status::success();
                continue;
            }
            batch.clear();
            for (const Tick &t : decoded) {
                if (t.ts >= to)
                    break;
                if (!wanted(t))
                    continue;
                while (nextLate < late.size() &&
                       (late[nextLate].tick.ts < t.ts ||
                        (late[nextLate].tick.ts == t.ts && late[nextLate].seq < row.seq)))
                    batch.push_back(late[nextLate++].tick);
                batch.push_back(t);
            }
            if (!batch.empty() && !visit(batch))
                return Status::success();
        }
    }
    batch.clear();
    while (nextLate < late.size())
        batch.push_back(late[nextLate++].tick);
    if (!batch.empty())
        (void)visit(batch);
    return Status::success();
}

Status TickDayReader::Impl::readSorted(Timestamp from, Timestamp to,
                                       const std::vector<std::uint8_t> &mask,
                                       const BatchVisitor &visit) const
{
    std::vector<SeqTick> all;
    Status status = decodeAll([&](const BlockRow &row, std::span<const Tick> ticks) {
        for (const Tick &t : ticks)
            if (t.ts >= from && t.ts < to && (mask.empty() || mask[t.instrument] != 0))
                all.push_back(SeqTick{t, row.seq});
        return Status::success();
    });
    if (!status)
        return status;
    std::stable_sort(all.begin(), all.end(),
                     [](const SeqTick &a, const SeqTick &b) { return a.tick.ts < b.tick.ts; });
    std::vector<Tick> batch;
    for (std::size_t i = 0; i < all.size(); i += 4096) {
        batch.clear();
        for (std::size_t j = i; j < std::min(all.size(), i + 4096); ++j)
            batch.push_back(all[j].tick);
        if (!visit(batch))
            break;
    }
    return Status::success();
}

Result<std::vector<QuoteState>> TickDayReader::Impl::foldTo(Timestamp at) const
{
    // The first snapshot (the carried-over state) precedes every block.
    std::vector<QuoteState> states(records.size());
    std::int64_t baseSeq = 0;
    if (!snapshots.empty() && snapshots.front().ts <= at) {
        if (Status s = loadSnapshot(snapshots.front().seq, states); !s)
            return Error{s.message()};
        baseSeq = snapshots.front().seq;
    }
    // Before the day starts (no snapshot yet) there is usually nothing to fold at all.
    if (std::none_of(blocks.begin(), blocks.end(),
                     [&](const BlockRow &row) { return row.firstTs <= at; }))
        return states;
    Status status = decodeAll([&](const BlockRow &row, std::span<const Tick> ticks) {
        if (row.seq > baseSeq)
            for (const Tick &t : ticks)
                if (t.ts <= at)
                    applyNewest(states[t.instrument], t);
        return Status::success();
    });
    if (!status)
        return Error{status.message()};
    return states;
}

// --- TickDayReader -------------------------------------------------------------------------

TickDayReader::TickDayReader(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl))
{}

TickDayReader::~TickDayReader() = default;

Result<std::unique_ptr<TickDayReader>> TickDayReader::open(const std::filesystem::path &file)
{
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        return Error{file.string() + ": no such tick file"};
    if (!std::filesystem::is_regular_file(file, ec))
        return Error{file.string() + ": not a file"};
    // Read-write when allowed, so a WAL left behind by a crashed writer can be recovered;
    // query_only then forbids any change. Read-only media fall back to a read-only connection.
    auto db = SqliteDatabase::open(file, SqliteDatabase::OpenMode::ReadWrite);
    if (!db)
        db = SqliteDatabase::open(file, SqliteDatabase::OpenMode::ReadOnly);
    if (!db)
        return db.error();
    auto impl = std::make_unique<Impl>();
    impl->db = std::move(db).value();
    // One read transaction for the reader's life: it sees the file as it was when opened, even
    // while a writer adds rows or replaces small blocks by a merged one (a checkpoint cannot
    // reset the WAL past it meanwhile).
    if (Status s = impl->db.exec("PRAGMA query_only=1; BEGIN", "open"); !s)
        return Error{s.message()};

    auto meta = tickfile::readMeta(impl->db);
    if (!meta) {
        if (meta.message().find("(SQLITE_NOTADB)") != std::string::npos)
            return Error{file.string() + ": not a SQLite database (not a tick file)"};
        return meta.error();
    }
    impl->meta = std::move(meta).value();
    auto records = tickfile::readInstruments(impl->db);
    if (!records)
        return records.error();
    impl->records = std::move(records).value();
    for (const InstrumentRecord &r : impl->records)
        impl->bySymbol.emplace(r.symbol, r.fileId);
    auto blocks = tickfile::readBlockIndex(impl->db);
    if (!blocks)
        return blocks.error();
    impl->blocks = std::move(blocks).value();
    auto snapshots = tickfile::readSnapshotIndex(impl->db, impl->meta.formatVersion);
    if (!snapshots)
        return snapshots.error();
    impl->snapshots = std::move(snapshots).value();

    Timestamp mainMax = std::numeric_limits<Timestamp>::min();
    for (std::size_t i = 0; i < impl->blocks.size(); ++i) {
        const BlockRow &row = impl->blocks[i];
        impl->tickCount += row.count;
        impl->firstTs = i == 0 ? row.firstTs : std::min(impl->firstTs, row.firstTs);
        impl->lastTs = std::max(impl->lastTs, row.lastTs);
        if (row.isLate())
            continue;
        impl->main.push_back(i);
        if (row.firstTs < mainMax)
            impl->mainOrdered = false;
        mainMax = std::max(mainMax, row.lastTs);
    }
    auto selectBlock = impl->db.prepare("SELECT data FROM blocks WHERE seq = ?1");
    if (!selectBlock)
        return selectBlock.error();
    impl->selectBlock = std::move(selectBlock).value();
    auto selectSnapshot = impl->db.prepare("SELECT data FROM snapshots WHERE seq = ?1");
    if (!selectSnapshot)
        return selectSnapshot.error();
    impl->selectSnapshot = std::move(selectSnapshot).value();
    return std::unique_ptr<TickDayReader>(new TickDayReader(std::move(impl)));
}

Date TickDayReader::tradingDate() const
{
    return m_impl->meta.tradingDate;
}
std::string TickDayReader::source() const
{
    return m_impl->meta.source;
}
int TickDayReader::formatVersion() const
{
    return m_impl->meta.formatVersion;
}
Instrument toInstrument(const InstrumentRecord &record)
{
    Instrument instrument;
    instrument.symbol = record.symbol;
    instrument.kind = record.kind;
    instrument.underlying = record.underlying;
    instrument.expiry = record.expiry;
    instrument.right = record.right;
    instrument.strike = record.strike;
    instrument.multiplier = record.multiplier;
    instrument.tickSize = record.tickSize;
    return instrument;
}

const std::vector<InstrumentRecord> &TickDayReader::instruments() const
{
    return m_impl->records;
}

std::optional<std::uint32_t> TickDayReader::fileIdOf(std::string_view symbol) const
{
    auto it = m_impl->bySymbol.find(std::string(symbol));
    if (it == m_impl->bySymbol.end())
        return std::nullopt;
    return it->second;
}

std::uint64_t TickDayReader::tickCount() const
{
    return m_impl->tickCount;
}
Timestamp TickDayReader::firstTs() const
{
    return m_impl->firstTs;
}
Timestamp TickDayReader::lastTs() const
{
    return m_impl->lastTs;
}
std::uint64_t TickDayReader::blockCount() const
{
    return m_impl->blocks.size();
}

std::vector<Timestamp> TickDayReader::snapshotTimes() const
{
    std::vector<Timestamp> times;
    times.reserve(m_impl->snapshots.size());
    for (const SnapshotRow &row : m_impl->snapshots)
        times.push_back(row.ts);
    return times;
}

Status TickDayReader::read(Timestamp from, Timestamp to, std::span<const std::uint32_t> instruments,
                           const BatchVisitor &visit) const
{
    if (from >= to)
        return Status::success();
    std::vector<std::uint8_t> mask;
    if (!instruments.empty()) {
        mask.assign(m_impl->records.size(), 0);
        for (std::uint32_t id : instruments)
            if (id < mask.size())
                mask[id] = 1;
    }
    if (m_impl->mainOrdered)
        return m_impl->readMerged(from, to, mask, visit);
    return m_impl->readSorted(from, to, mask, visit);
}

Result<std::vector<QuoteState>> TickDayReader::stateAt(Timestamp at) const
{
    const Impl &d = *m_impl;
    // The latest snapshot at or before `at` (ties: the later one).
    const SnapshotRow *base = nullptr;
    for (const SnapshotRow &row : d.snapshots)
        if (row.ts <= at && (base == nullptr || row.ts >= base->ts))
            base = &row;
    if (base == nullptr || !d.mainOrdered)
        return d.foldTo(at);

    std::vector<QuoteState> states;
    if (Status s = d.loadSnapshot(base->seq, states); !s)
        return Error{s.message()};
    d.chain.resize(d.records.size());
    TickCodec::resetChain(d.chain, states);
    auto it = std::partition_point(d.blocks.begin(), d.blocks.end(),
                                   [&](const BlockRow &row) { return row.seq <= base->seq; });
    bool chainDone = false;
    for (; it != d.blocks.end(); ++it) {
        const BlockRow &row = *it;
        if (row.isLate()) {
            if (row.firstTs > at)
                continue;
        } else if (row.snapshotSeq == base->seq) {
            if (chainDone)
                continue;
            if (row.firstTs > at) {
                chainDone = true;
                continue;
            }
        } else {
            // A later chain starts at a snapshot after `at`, so its chained ticks are too;
            // anything else means a file this writer would not produce: take the slow path.
            if (row.firstTs <= at)
                return d.foldTo(at);
            continue;
        }
        if (Status s = d.decode(row); !s)
            return Error{s.message()};
        for (const Tick &t : d.decoded)
            if (t.ts <= at)
                applyNewest(states[t.instrument], t);
    }
    return states;
}

} // namespace mag7::storage
