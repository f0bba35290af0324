#include "pricing/quantlibreference.h"

namespace mag7::pricing::quantlib {

std::mutex &globalLock()
{
    static std::mutex lock;
    return lock;
}

const char *americanEngineName(AmericanEngine engine)
{
    switch (engine) {
    case AmericanEngine::QdFpHighPrecision:
        return "QdFpAmericanEngine high precision";
    case AmericanEngine::QdFpAccurate:
        return "QdFpAmericanEngine accurate";
    case AmericanEngine::QdFpFast:
        return "QdFpAmericanEngine fast";
    case AmericanEngine::BaroneAdesiWhaley:
        return "Barone-Adesi-Whaley";
    case AmericanEngine::FiniteDifference:
        return "FdBlackScholesVanillaEngine";
    }
    return "unknown";
}

} // namespace mag7::pricing::quantlib
