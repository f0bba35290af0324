#pragma once
// Result<T>: a value or an Error that names the problem. Core code returns these instead of
// throwing across module boundaries; callers decide how to report.

#include <string>
#include <utility>
#include <variant>

namespace mag7 {

struct Error {
    std::string message;
};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value)
        : m_state(std::in_place_index<0>, std::move(value))
    {} // NOLINT implicit
    Result(Error error)
        : m_state(std::in_place_index<1>, std::move(error))
    {} // NOLINT implicit

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<0>(m_state); }
    T &value() & { return std::get<0>(m_state); }
    T &&value() && { return std::get<0>(std::move(m_state)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }

    const Error &error() const { return std::get<1>(m_state); }
    const std::string &message() const { return error().message; }

    T valueOr(T fallback) const { return ok() ? value() : std::move(fallback); }

private:
    std::variant<T, Error> m_state;
};

// Result<void> equivalent.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error)
        : m_error(std::move(error.message))
        , m_failed(true)
    {} // NOLINT implicit
    static Status success() { return {}; }

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const std::string &message() const { return m_error; }

private:
    std::string m_error;
    bool m_failed = false;
};

} // namespace mag7
