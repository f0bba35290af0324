#pragma once
// Black-Scholes-Merton for European options on an asset with continuous yield q.
// Units: spot and strike in dollars, vol and rates annualised decimals (0.20 = 20%), time in
// years (ACT/365 on minutes to the expiry instant). Greeks: delta per $1, gamma per $1 per $1,
// theta per calendar day, vega and vomma per vol point (0.01), rho per rate point (0.01),
// vanna = d(delta)/d(vol point), charm = d(delta)/d(day), speed = d(gamma)/d($1).
// Invalid inputs (a non-finite input, a negative spot, strike or vol) give NaN for every output;
// zero spot, strike or vol and an expired option give their limit values.
// Plain functions, no state; safe from any thread.

#include "model/instrument.h"

#include <cstddef>

namespace mag7::pricing {

struct BsmInputs {
    OptionRight right = OptionRight::Call;
    double spot = 0;
    double strike = 0;
    double years = 0;
    double vol = 0;
    double rate = 0;
    double dividendYield = 0;
};

struct Greeks {
    double price = 0;
    double delta = 0;
    double gamma = 0;
    double theta = 0;
    double vega = 0;
    double rho = 0;
    double vanna = 0;
    double charm = 0;
    double vomma = 0;
    double speed = 0;
};

double normalCdf(double x);
double normalPdf(double x);

// Price only. At or past expiry (years <= 0) or with zero vol: discounted intrinsic value of the
// forward.
double bsmPrice(const BsmInputs &in);
// Price and every Greek.
Greeks bsmGreeks(const BsmInputs &in);
// Delta only (cheap; the simulator's requote filter uses it).
double bsmDelta(const BsmInputs &in);

// Batched price and Greeks over a structure of arrays: every input array has `size` elements,
// every non-null output array receives `size` results. Second-order outputs are computed only
// when their array is given. Results equal bsmGreeks() element by element (to a few ulps);
// the loop is vectorised (AVX2/FMA when the CPU has them, chosen at run time).
struct BsmBatch {
    std::size_t size = 0;
    const OptionRight *right = nullptr;
    const double *spot = nullptr;
    const double *strike = nullptr;
    const double *years = nullptr;
    const double *vol = nullptr;
    const double *rate = nullptr;
    const double *dividendYield = nullptr;
};

struct GreeksBatch {
    double *price = nullptr;
    double *delta = nullptr;
    double *gamma = nullptr;
    double *theta = nullptr;
    double *vega = nullptr;
    double *rho = nullptr;
    double *vanna = nullptr;
    double *charm = nullptr;
    double *vomma = nullptr;
    double *speed = nullptr;
};

void bsmGreeksBatch(const BsmBatch &in, const GreeksBatch &out);

} // namespace mag7::pricing
