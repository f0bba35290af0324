#pragma once
// Playbooks: the trader's setups as running code. A playbook watches completed 1-minute bars of
// each symbol (with the levels and session VWAP the runner keeps for it), moves through its own
// entry/exit states per symbol and emits Signals. Every signal says why it fired: a sentence,
// the numbers it used and the thresholds it compared them with, and the bar time.
//
// Parameters are documented, bounded numbers; setParameter() refuses a value outside its range
// with a message naming the parameter and the range.
//
// The PlaybookRunner owns the per-symbol context (LevelTracker, session VWAP, recent bars and the
// 5-minute bars built from them) and feeds every playbook in order. Bars of one symbol must come
// in time order; symbols may interleave.
//
// Threading: a runner and its playbooks belong to one thread.

#include "model/instrument.h"
#include "model/result.h"
#include "model/tick.h"
#include "signals/indicators.h"
#include "signals/levels.h"
#include "signals/marketview.h"

#include <deque>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace mag7::signals {

enum class SignalSide : std::uint8_t { Long, Short, Exit };
const char *signalSideName(SignalSide side); // "long", "short", "exit"

struct SignalValue {
    std::string name;
    double value = 0;
};

// One leg of the structure a signal proposes: an option contract or shares of the underlying.
struct SignalLeg {
    int quantity = 0; // contracts or shares; positive buys, negative sells
    bool shares = false;
    Date expiry{};
    OptionRight right = OptionRight::Call;
    double strike = 0;
    double price = 0; // mid (or the share price) when the signal fired
};
std::string describeLeg(const SignalLeg &leg); // "+1 2025-01-17 590 C @ 1.25", "-25 sh @ 590.10"
std::string contractLabel(Date expiry, double strike, OptionRight right); // "2025-01-17 590 C"

struct Signal {
    Timestamp time = 0; // end of the bar that completed the setup
    std::string symbol;
    std::string playbook;
    SignalSide side = SignalSide::Long;
    std::string reason;                  // one sentence with the numbers
    std::vector<SignalValue> inputs;     // what the playbook measured
    std::vector<SignalValue> thresholds; // the parameters it compared them with
    double price = kNoLevel;             // reference (entry) price: the bar's close
    double stop = kNoLevel;              // where the setup is wrong
    double target = kNoLevel;            // first target, when the setup has one
    std::string structure;               // option setups: "call butterfly", "iron condor"...
    std::vector<SignalLeg> legs;         // option setups: the legs at their mids
    double netPrice = kNoLevel;          // per unit of the structure: debit > 0, credit < 0
    double confidence = kNoLevel;        // 0-1 where the playbook scores its conviction
};

struct PlaybookParameter {
    std::string name;
    double value = 0;
    double minimum = 0;
    double maximum = 0;
    std::string description;
};

// What a playbook sees at each completed 1-minute bar of a symbol.
struct BarContext {
    std::string_view symbol;
    InstrumentKind kind = InstrumentKind::Stock;
    const Bar &bar;
    const LevelSnapshot &levels;   // after this bar
    double vwap = kNoLevel;        // session VWAP after this bar (typical price x volume)
    const std::deque<Bar> &recent; // the last 1-minute bars, this one last
    // 5-minute bars aligned to 09:30 ET: the one this bar completed (when it did), else null.
    const Bar *completedFiveMinute = nullptr;
    const std::deque<Bar> &fiveMinute; // completed 5-minute bars, newest last
    // The symbol's market (chain, IV rank, daily bars, earnings) and everyone else's (SPY, QQQ,
    // sector ETFs). Null when the runner was given no market view (bars-only runs); option
    // playbooks then stay silent and say so in their state.
    const SymbolMarket *market = nullptr;
    const MarketView *view = nullptr;
    // The symbol's signals of this trading date so far, oldest first, including those fired at
    // this bar by the playbooks that ran before this one (the ensemble runs last).
    std::span<const Signal> symbolSignals;
};

class Playbook {
public:
    virtual ~Playbook() = default;
    virtual std::string_view name() const = 0;
    virtual std::string_view description() const = 0;
    // Whether the playbook trades this kind of instrument (London setups: futures only).
    virtual bool applies(InstrumentKind kind) const;

    // Called at every completed 1-minute bar of a symbol it applies to.
    virtual void onBar(const BarContext &context, std::vector<Signal> &out) = 0;
    // The state of `symbol` for the desk ("waiting for the 09:45 range", "long from 590.80").
    virtual std::string state(std::string_view symbol) const = 0;

    const std::vector<PlaybookParameter> &parameters() const { return m_parameters; }
    Status setParameter(std::string_view name, double value);
    double parameter(std::string_view name) const;

protected:
    void addParameter(std::string name, double value, double minimum, double maximum,
                      std::string description);
    Signal makeSignal(const BarContext &context, SignalSide side, std::string reason) const;

private:
    std::vector<PlaybookParameter> m_parameters;
};

// Every built-in playbook, with default parameters.
std::vector<std::unique_ptr<Playbook>> builtInPlaybooks();
std::unique_ptr<Playbook> makePlaybook(std::string_view name); // null when unknown

class PlaybookRunner {
public:
    explicit PlaybookRunner(std::vector<std::unique_ptr<Playbook>> playbooks,
                            LevelConfig levels = {});

    // Feeds a completed 1-minute bar of `symbol`; appends the signals it triggered. Returns an
    // error (and ignores the bar) when the bar is out of order or its prices are invalid.
    // `view` (may be null) is the market at this bar's close; it must outlive the call only.
    Status addBar(std::string_view symbol, InstrumentKind kind, const Bar &bar,
                  std::vector<Signal> &out, const MarketView *view = nullptr);

    const std::vector<std::unique_ptr<Playbook>> &playbooks() const { return m_playbooks; }
    Playbook *playbook(std::string_view name) const; // null when unknown
    // A disabled playbook sees no bars and fires nothing; every playbook starts enabled.
    Status setEnabled(std::string_view name, bool enabled);
    bool isEnabled(std::string_view name) const;
    // The symbol's levels (null before its first bar).
    const LevelSnapshot *levels(std::string_view symbol) const;

private:
    struct SymbolContext {
        explicit SymbolContext(InstrumentKind kind, LevelConfig config)
            : levels(kind, config)
            , vwap(kind == InstrumentKind::Future ? VwapAnchor::Futures : VwapAnchor::Equity)
        {}
        LevelTracker levels;
        SessionVwap vwap;
        LevelSnapshot snapshot;
        std::deque<Bar> recent;
        std::deque<Bar> fiveMinute;
        Bar forming5{};
        bool hasForming5 = false;
        Date signalDate{};           // trading date of `signals`
        std::vector<Signal> signals; // this trading date's signals of the symbol
    };

    std::vector<std::unique_ptr<Playbook>> m_playbooks;
    std::vector<bool> m_enabled; // by playbook index
    LevelConfig m_levelConfig;
    std::map<std::string, SymbolContext, std::less<>> m_symbols;
};

} // namespace mag7::signals
