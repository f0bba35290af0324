#pragma once
// TickCodec: the byte encoding of tick blocks and state snapshots in day files (the layout is
// documented in docs/STORAGE.md). Pure functions over caller-owned buffers; safe from any thread
// as long as each thread uses its own buffers and chain state.
//
// Blocks: ticks in time order (Tick::instrument holds file-local ids). Each tick is a header
// byte plus varints: the file id (the block's busiest instruments through a small dictionary)
// and only the fields that changed, as zigzag deltas against the previous value *of the same
// instrument* (the delta chain). Prices travel in cents when the delta is a whole number of
// cents; sizes as round-lot deltas when the instrument's sizes are whole lots, otherwise as
// absolute values (both sizes in one interleaved varint). The time deltas from the previous tick
// of the block are Rice-coded in a bit stream ahead of the ticks; a quote that comes exactly one
// conflation interval after the instrument's previous one has none. A chained block continues
// the chain state left by the previous block of its chain (a snapshot starts each chain); a
// standalone block (used for late ticks) starts from zero and touches no chain state.
//
// Snapshots: a keyframe holds the state of every instrument; a change snapshot holds only the
// quote and trade parts that differ from its keyframe, so the state at any snapshot takes at most
// two snapshot decodes.
//
// Format 1 blocks and snapshots (no dictionary, interval times or absolute sizes; full snapshots
// only) still decode. Decoding validates everything (checksum, bounds, ids, counts): corrupt
// input yields an Error, never undefined behaviour.

#include "model/result.h"
#include "model/tick.h"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace mag7::storage {

// The delta-chain state of one instrument: the last encoded value of every field.
struct ChainEntry {
    Price bid = 0;
    Price ask = 0;
    Price last = 0;
    std::int32_t bidSize = 0;
    std::int32_t askSize = 0;
    std::int32_t lastSize = 0;
    Timestamp quoteTs = 0;

    bool operator==(const ChainEntry &) const = default;
};

// Indexed by file id; sized to the file's instrument count.
using ChainState = std::vector<ChainEntry>;

enum class BlockKind : std::uint8_t {
    Chained = 0,    // continues the chain state
    Standalone = 1, // independent of any chain (late ticks)
};

struct BlockInfo {
    BlockKind kind = BlockKind::Chained;
    std::uint32_t count = 0;
    Timestamp firstTs = 0;
};

enum class SnapshotKind : std::uint8_t {
    Keyframe = 0, // the state of every instrument
    Change = 1,   // the parts that differ from a keyframe
};

struct SnapshotInfo {
    SnapshotKind kind = SnapshotKind::Keyframe;
    Timestamp ts = 0;
    std::uint32_t entries = 0;
};

class TickCodec {
public:
    // Starts a chain from a snapshot: every entry takes the quote and trade values of `states`
    // (indexed by file id); entries beyond states.size() are zero.
    static void resetChain(ChainState &chain, std::span<const QuoteState> states);

    // Appends the encoding of `ticks` (non-empty, sorted by ts, file ids < chain.size()) to
    // `out`. Chained blocks advance `chain`; standalone blocks leave it untouched. A quote whose
    // ts is exactly `quoteIntervalNanos` (> 0: the conflation interval) after its instrument's
    // previous quote in the chain costs no time bytes.
    static void encodeBlock(std::span<const Tick> ticks, BlockKind kind, ChainState &chain,
                            std::vector<std::uint8_t> &out, std::int64_t quoteIntervalNanos = 0);

    // Reads the header only (kind, count, first ts) after verifying the checksum.
    static Result<BlockInfo> inspectBlock(std::span<const std::uint8_t> data);

    // Appends the decoded ticks to `out`. File ids must be < `instrumentCount`. Chained blocks
    // read and advance `chain` (resized to instrumentCount when smaller).
    static Result<BlockInfo> decodeBlock(std::span<const std::uint8_t> data,
                                         std::size_t instrumentCount, ChainState &chain,
                                         std::vector<Tick> &out);
    // The same into caller-owned storage (no zero-filling): the ticks land in
    // out[0, count); a block with more ticks than out.size() is an error.
    static Result<BlockInfo> decodeBlock(std::span<const std::uint8_t> data,
                                         std::size_t instrumentCount, ChainState &chain,
                                         std::span<Tick> out);

    // Keyframe of the state of every instrument at `ts` (states indexed by file id; entries
    // without a quote or trade are skipped). Replaces the contents of `out`.
    static void encodeSnapshot(Timestamp ts, std::span<const QuoteState> states,
                               std::vector<std::uint8_t> &out);
    // Change snapshot at `ts`: the quote and trade parts of `states` that differ from
    // `keyframe` (the state its keyframe holds). Replaces the contents of `out` and returns the
    // number of entries, or nullopt (out untouched) when `states` lacks a part `keyframe` has
    // (a change snapshot cannot remove state; a fold never does).
    static std::optional<std::uint32_t> encodeChangeSnapshot(Timestamp ts,
                                                             std::span<const QuoteState> states,
                                                             std::span<const QuoteState> keyframe,
                                                             std::vector<std::uint8_t> &out);
    // Reads the header only (kind, ts, entries) after verifying the checksum.
    static Result<SnapshotInfo> inspectSnapshot(std::span<const std::uint8_t> data);
    // A keyframe replaces `states` with instrumentCount entries. A change snapshot applies its
    // entries to `states`, which must hold the decoded state of its keyframe (resized to
    // instrumentCount when smaller).
    static Result<SnapshotInfo> decodeSnapshot(std::span<const std::uint8_t> data,
                                               std::size_t instrumentCount,
                                               std::vector<QuoteState> &states);

    // Blocks and snapshots start with this 32-bit little-endian checksum of the bytes after it.
    static constexpr std::size_t kChecksumBytes = 4;
    static std::uint32_t checksum(std::span<const std::uint8_t> data);
    // Recomputes the leading checksum after the payload was changed (tests of the decoder's own
    // validation).
    static void reseal(std::span<std::uint8_t> data);
};

} // namespace mag7::storage
