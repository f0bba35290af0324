// Rule expressions: a lexer and a precedence-climbing parser that compile the text into a flat
// postfix program, and a small stack machine that evaluates it without allocating.
//
// The program is a vector of fixed-size instructions. Operands are pushed, operators pop theirs
// and push the result. Truth values are 1 (true), 0 (false) and NaN (unknown). `and` / `or`
// short-circuit with a conditional jump: when the left value decides the outcome (false for
// `and`, true for `or`) it is replaced by 0 or 1 and the right operand is skipped; otherwise it
// stays on the stack as 1, 0 or NaN, the right operand is evaluated, and an And / Or
// instruction combines the two.
#include "signals/expression.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <utility>

namespace mag7::signals {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Deepest nesting of parentheses, function calls, `not` and unary minus a rule may use. Each
// level keeps at most seven pending values on the evaluation stack (the left side of `or` and
// of `and`, the left side of a comparison or the value and lower bound of `between`, the left
// side of + - and of * /, and the running result of min/max), so the stack below always
// suffices: 7 per level for 40 levels, 6 at the top and the innermost operand make 287.
constexpr int kMaxNesting = 40;
constexpr std::size_t kMaxStack = 288;

enum class Op : std::uint8_t {
    Const,   // push value
    Var,     // push values[arg] (NaN when the caller passed fewer values)
    Neg,     // x -> -x
    Add,     // a b -> a + b
    Sub,     // a b -> a - b
    Mul,     // a b -> a * b
    Div,     // a b -> a / b, NaN when b is 0
    Lt,      // a b -> a < b (comparisons give 1 or 0; NaN when an operand is NaN)
    Le,      // a b -> a <= b
    Gt,      // a b -> a > b
    Ge,      // a b -> a >= b
    Eq,      // a b -> a == b
    Ne,      // a b -> a != b
    Between, // x lo hi -> lo <= x <= hi (NaN when any of the three is NaN)
    Not,     // x -> x == 0, NaN stays NaN
    AndJump, // x -> 0 and jump to arg when x is 0; otherwise x -> 1, NaN stays NaN
    And,     // a b -> 0 when b is 0, else NaN when b is NaN, else a (a is 1 or NaN)
    OrJump,  // x -> 1 and jump to arg when x is neither 0 nor NaN; otherwise x stays (0 or NaN)
    Or,      // a b -> 1 when b is neither 0 nor NaN, else NaN when b is NaN, else a (0 or NaN)
    Abs,     // x -> |x|
    Min,     // a b -> min(a, b), NaN when either is NaN
    Max,     // a b -> max(a, b), NaN when either is NaN
};

struct Instr {
    Op op = Op::Const;
    std::uint32_t arg = 0; // variable index or jump target
    double value = 0.0;    // constant
};

inline bool truthy(double v)
{
    return v != 0.0 && !std::isnan(v);
}

enum class Tok : std::uint8_t {
    End,
    Number,
    Name,
    LParen,
    RParen,
    Comma,
    Plus,
    Minus,
    Star,
    Slash,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    And,
    Or,
    Not,
    Between,
    True,
    False,
};

struct Token {
    Tok kind = Tok::End;
    std::size_t pos = 0;
    std::string_view text; // as written
    std::string name;      // lower-cased, for names and keywords
    double number = 0.0;
};

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
bool isAlpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isNameChar(char c)
{
    return isAlpha(c) || isDigit(c) || c == '_';
}
char toLower(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::optional<Op> comparisonOp(Tok kind)
{
    switch (kind) {
    case Tok::Lt:
        return Op::Lt;
    case Tok::Le:
        return Op::Le;
    case Tok::Gt:
        return Op::Gt;
    case Tok::Ge:
        return Op::Ge;
    case Tok::Eq:
        return Op::Eq;
    case Tok::Ne:
        return Op::Ne;
    default:
        return std::nullopt;
    }
}

std::string quoted(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + 2);
    out += '\'';
    out += text;
    out += '\'';
    return out;
}

std::string describe(const Token &token)
{
    return token.kind == Tok::End ? std::string("the end of the rule") : quoted(token.text);
}

// Compiles one rule. Tokens are read one at a time as the parser asks for them, so the first
// problem from the left is the one reported. Every character before an error is ASCII (anything
// else is itself an error), so byte offsets are character offsets.
class Parser {
public:
    explicit Parser(std::string_view text)
        : m_text(text)
    {}

    // Returns the first error, or nothing when the whole text compiled.
    std::optional<ParseError> run();

    std::vector<Instr> takeCode() { return std::move(m_code); }
    std::vector<std::string> takeVariables() { return std::move(m_variables); }

private:
    bool fail(std::size_t pos, std::string message);
    bool advance();
    bool lex();
    bool lexNumber();
    bool lexName();
    bool unexpectedCharacter();

    bool parseOr();
    bool parseAnd();
    bool parseNot();
    bool parseComparison();
    bool parseAdditive();
    bool parseMultiplicative();
    bool parseUnary();
    bool parsePrimary();
    bool parseCall(const Token &name);
    bool expectedOperand();

    bool enter();
    void leave() { --m_nesting; }
    void emit(Op op, int stackEffect, std::uint32_t arg = 0, double value = 0.0);
    void threadJumps();
    std::uint32_t variableIndex(const std::string &name);

    std::string_view m_text;
    std::size_t m_cursor = 0;
    Token m_tok;
    std::string_view m_prev; // text of the token before m_tok
    std::optional<ParseError> m_error;
    std::vector<Instr> m_code;
    std::vector<std::string> m_variables;
    int m_depth = 0;
    int m_maxDepth = 0;
    int m_nesting = 0;
};

bool Parser::fail(std::size_t pos, std::string message)
{
    if (!m_error)
        m_error = ParseError{pos, std::move(message)};
    return false;
}

bool Parser::advance()
{
    m_prev = m_tok.text;
    return lex();
}

bool Parser::lex()
{
    while (m_cursor < m_text.size() && isSpace(m_text[m_cursor]))
        ++m_cursor;
    m_tok = Token{};
    m_tok.pos = m_cursor;
    if (m_cursor == m_text.size())
        return true;

    const char c = m_text[m_cursor];
    const char next = m_cursor + 1 < m_text.size() ? m_text[m_cursor + 1] : '\0';
    if (isDigit(c) || (c == '.' && isDigit(next)))
        return lexNumber();
    if (isAlpha(c) || c == '_')
        return lexName();

    std::size_t length = 1;
    switch (c) {
    case '(':
        m_tok.kind = Tok::LParen;
        break;
    case ')':
        m_tok.kind = Tok::RParen;
        break;
    case ',':
        m_tok.kind = Tok::Comma;
        break;
    case '+':
        m_tok.kind = Tok::Plus;
        break;
    case '-':
        m_tok.kind = Tok::Minus;
        break;
    case '*':
        m_tok.kind = Tok::Star;
        break;
    case '/':
        m_tok.kind = Tok::Slash;
        break;
    case '<':
        m_tok.kind = next == '=' ? Tok::Le : Tok::Lt;
        length = next == '=' ? 2 : 1;
        break;
    case '>':
        m_tok.kind = next == '=' ? Tok::Ge : Tok::Gt;
        length = next == '=' ? 2 : 1;
        break;
    case '=':
        if (next != '=')
            return fail(m_cursor, "unexpected character '='; compare with '=='");
        m_tok.kind = Tok::Eq;
        length = 2;
        break;
    case '!':
        if (next != '=')
            return fail(m_cursor, "unexpected character '!'; use 'not' or '!='");
        m_tok.kind = Tok::Ne;
        length = 2;
        break;
    default:
        return unexpectedCharacter();
    }
    m_tok.text = m_text.substr(m_cursor, length);
    m_cursor += length;
    return true;
}

bool Parser::unexpectedCharacter()
{
    const auto byte = static_cast<unsigned char>(m_text[m_cursor]);
    if (byte < 0x20 || byte == 0x7f)
        return fail(m_cursor, "unexpected control character (code " + std::to_string(byte) + ")");
    // Quote a whole UTF-8 sequence so the message stays valid text.
    std::size_t length = 1;
    if (byte >= 0xf0)
        length = 4;
    else if (byte >= 0xe0)
        length = 3;
    else if (byte >= 0xc0)
        length = 2;
    length = std::min(length, m_text.size() - m_cursor);
    std::string message = "unexpected character " + quoted(m_text.substr(m_cursor, length));
    if (byte == '&')
        message += "; use 'and'";
    else if (byte == '|')
        message += "; use 'or'";
    return fail(m_cursor, std::move(message));
}

bool Parser::lexNumber()
{
    const std::size_t start = m_cursor;
    std::size_t i = start;
    const auto digits = [&] {
        while (i < m_text.size() && isDigit(m_text[i]))
            ++i;
    };
    digits();
    if (i < m_text.size() && m_text[i] == '.') {
        ++i;
        digits();
    }
    bool wellFormed = true;
    if (i < m_text.size() && (m_text[i] == 'e' || m_text[i] == 'E')) {
        ++i;
        if (i < m_text.size() && (m_text[i] == '+' || m_text[i] == '-'))
            ++i;
        wellFormed = i < m_text.size() && isDigit(m_text[i]);
        digits();
    }
    if (i < m_text.size() && (isNameChar(m_text[i]) || m_text[i] == '.'))
        wellFormed = false;
    if (!wellFormed) {
        while (i < m_text.size() && (isNameChar(m_text[i]) || m_text[i] == '.'))
            ++i;
        return fail(start, "malformed number " + quoted(m_text.substr(start, i - start)));
    }

    const std::string_view text = m_text.substr(start, i - start);
    double value = 0.0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc::result_out_of_range)
        return fail(start, "number out of range " + quoted(text));
    if (ec != std::errc() || end != text.data() + text.size())
        return fail(start, "malformed number " + quoted(text));

    m_tok.kind = Tok::Number;
    m_tok.text = text;
    m_tok.number = value;
    m_cursor = i;
    return true;
}

bool Parser::lexName()
{
    std::size_t i = m_cursor;
    while (i < m_text.size() && isNameChar(m_text[i]))
        ++i;
    m_tok.text = m_text.substr(m_cursor, i - m_cursor);
    m_tok.name.resize(m_tok.text.size());
    std::transform(m_tok.text.begin(), m_tok.text.end(), m_tok.name.begin(), toLower);
    m_cursor = i;

    const std::string &name = m_tok.name;
    if (name == "and")
        m_tok.kind = Tok::And;
    else if (name == "or")
        m_tok.kind = Tok::Or;
    else if (name == "not")
        m_tok.kind = Tok::Not;
    else if (name == "between")
        m_tok.kind = Tok::Between;
    else if (name == "true")
        m_tok.kind = Tok::True;
    else if (name == "false")
        m_tok.kind = Tok::False;
    else
        m_tok.kind = Tok::Name;
    return true;
}

std::optional<ParseError> Parser::run()
{
    if (!advance())
        return m_error;
    if (m_tok.kind == Tok::End) {
        fail(0, "the rule is empty");
        return m_error;
    }
    if (!parseOr())
        return m_error;
    if (m_tok.kind == Tok::RParen) {
        fail(m_tok.pos, "unmatched ')'");
        return m_error;
    }
    if (m_tok.kind != Tok::End) {
        fail(m_tok.pos, "unexpected " + describe(m_tok) + "; expected an operator, 'and' or 'or'");
        return m_error;
    }
    // Unreachable with the nesting limit; kept so evaluation can never overrun its stack.
    if (m_maxDepth > static_cast<int>(kMaxStack)) {
        fail(0, "the rule is nested too deeply");
        return m_error;
    }
    threadJumps();
    return std::nullopt;
}

bool Parser::enter()
{
    if (++m_nesting > kMaxNesting)
        return fail(m_tok.pos, "the rule is nested too deeply");
    return true;
}

void Parser::emit(Op op, int stackEffect, std::uint32_t arg, double value)
{
    m_code.push_back(Instr{op, arg, value});
    m_depth += stackEffect;
    m_maxDepth = std::max(m_maxDepth, m_depth);
}

// A jump that lands on a jump of the same kind always takes that one too (the value it leaves
// decides it again), so it can go straight to the final target.
void Parser::threadJumps()
{
    for (Instr &instr : m_code) {
        if (instr.op != Op::AndJump && instr.op != Op::OrJump)
            continue;
        while (instr.arg < m_code.size() && m_code[instr.arg].op == instr.op)
            instr.arg = m_code[instr.arg].arg;
    }
}

std::uint32_t Parser::variableIndex(const std::string &name)
{
    const auto found = std::find(m_variables.begin(), m_variables.end(), name);
    if (found != m_variables.end())
        return static_cast<std::uint32_t>(found - m_variables.begin());
    m_variables.push_back(name);
    return static_cast<std::uint32_t>(m_variables.size() - 1);
}

bool Parser::parseOr()
{
    if (!parseAnd())
        return false;
    while (m_tok.kind == Tok::Or) {
        const std::size_t jump = m_code.size();
        emit(Op::OrJump, 0); // the left value stays for Or to combine with the right one
        if (!advance() || !parseAnd())
            return false;
        emit(Op::Or, -1);
        m_code[jump].arg = static_cast<std::uint32_t>(m_code.size());
    }
    return true;
}

bool Parser::parseAnd()
{
    if (!parseNot())
        return false;
    while (m_tok.kind == Tok::And) {
        const std::size_t jump = m_code.size();
        emit(Op::AndJump, 0);
        if (!advance() || !parseNot())
            return false;
        emit(Op::And, -1);
        m_code[jump].arg = static_cast<std::uint32_t>(m_code.size());
    }
    return true;
}

bool Parser::parseNot()
{
    if (m_tok.kind != Tok::Not)
        return parseComparison();
    if (!enter() || !advance() || !parseNot())
        return false;
    emit(Op::Not, 0);
    leave();
    return true;
}

bool Parser::parseComparison()
{
    if (!parseAdditive())
        return false;
    if (const auto op = comparisonOp(m_tok.kind)) {
        if (!advance() || !parseAdditive())
            return false;
        emit(*op, -1);
    } else if (m_tok.kind == Tok::Between) {
        if (!advance() || !parseAdditive())
            return false;
        if (m_tok.kind != Tok::And) {
            const std::string expected = "expected 'and' after the lower bound of 'between'";
            if (m_tok.kind == Tok::End)
                return fail(m_text.size(), expected);
            return fail(m_tok.pos, expected + ", found " + describe(m_tok));
        }
        if (!advance() || !parseAdditive())
            return false;
        emit(Op::Between, -2);
    } else {
        return true;
    }
    if (comparisonOp(m_tok.kind) || m_tok.kind == Tok::Between)
        return fail(m_tok.pos, "comparisons cannot be chained; join them with 'and'");
    return true;
}

bool Parser::parseAdditive()
{
    if (!parseMultiplicative())
        return false;
    while (m_tok.kind == Tok::Plus || m_tok.kind == Tok::Minus) {
        const Op op = m_tok.kind == Tok::Plus ? Op::Add : Op::Sub;
        if (!advance() || !parseMultiplicative())
            return false;
        emit(op, -1);
    }
    return true;
}

bool Parser::parseMultiplicative()
{
    if (!parseUnary())
        return false;
    while (m_tok.kind == Tok::Star || m_tok.kind == Tok::Slash) {
        const Op op = m_tok.kind == Tok::Star ? Op::Mul : Op::Div;
        if (!advance() || !parseUnary())
            return false;
        emit(op, -1);
    }
    return true;
}

bool Parser::parseUnary()
{
    if (m_tok.kind != Tok::Minus)
        return parsePrimary();
    if (!enter() || !advance() || !parseUnary())
        return false;
    leave();
    // Every compound operand ends with its operator, so a trailing constant is the whole
    // operand: fold `-2` into a literal.
    if (m_code.back().op == Op::Const)
        m_code.back().value = -m_code.back().value;
    else
        emit(Op::Neg, 0);
    return true;
}

bool Parser::parsePrimary()
{
    switch (m_tok.kind) {
    case Tok::Number:
        emit(Op::Const, 1, 0, m_tok.number);
        return advance();
    case Tok::True:
    case Tok::False:
        emit(Op::Const, 1, 0, m_tok.kind == Tok::True ? 1.0 : 0.0);
        return advance();
    case Tok::Name: {
        const Token name = m_tok;
        if (!advance())
            return false;
        if (m_tok.kind == Tok::LParen)
            return parseCall(name);
        emit(Op::Var, 1, variableIndex(name.name));
        return true;
    }
    case Tok::LParen: {
        const std::size_t open = m_tok.pos;
        if (!enter() || !advance() || !parseOr())
            return false;
        if (m_tok.kind == Tok::End)
            return fail(open, "'(' is never closed");
        if (m_tok.kind != Tok::RParen)
            return fail(m_tok.pos, "expected ')' to close the '(' at column " +
                                       std::to_string(open + 1) + ", found " + describe(m_tok));
        leave();
        return advance();
    }
    default:
        return expectedOperand();
    }
}

bool Parser::parseCall(const Token &name)
{
    Op op = Op::Abs;
    if (name.name == "min")
        op = Op::Min;
    else if (name.name == "max")
        op = Op::Max;
    else if (name.name != "abs")
        return fail(name.pos, "unknown function " + quoted(name.text) +
                                  "; the functions are abs, min and max");
    const std::string call = std::string(name.text) + "()";

    const std::size_t open = m_tok.pos;
    if (!enter() || !advance())
        return false;
    int arguments = 0;
    if (m_tok.kind != Tok::RParen) {
        if (!parseOr())
            return false;
        ++arguments;
        while (m_tok.kind == Tok::Comma) {
            if (!advance() || !parseOr())
                return false;
            ++arguments;
            if (op != Op::Abs)
                emit(op, -1);
        }
    }
    if (m_tok.kind == Tok::End)
        return fail(open, "'(' of " + call + " is never closed");
    if (m_tok.kind != Tok::RParen)
        return fail(m_tok.pos, "expected ',' or ')' in " + call + ", found " + describe(m_tok));
    if (op == Op::Abs && arguments != 1)
        return fail(name.pos, call + " takes exactly one argument");
    if (op != Op::Abs && arguments < 2)
        return fail(name.pos, call + " takes at least two arguments");
    if (op == Op::Abs)
        emit(Op::Abs, 0);
    leave();
    return advance();
}

bool Parser::expectedOperand()
{
    std::string message = "expected a number or a name";
    if (!m_prev.empty())
        message += " after " + quoted(m_prev);
    if (m_tok.kind == Tok::End)
        return fail(m_text.size(), std::move(message));
    return fail(m_tok.pos, message + ", found " + describe(m_tok));
}

} // namespace

struct Expression::Program {
    std::string text;
    std::vector<std::string> variables;
    std::vector<Instr> code;
};

Result<Expression> Expression::parse(std::string_view text, ParseError *error)
{
    Parser parser(text);
    if (auto failure = parser.run()) {
        std::string message =
            "at column " + std::to_string(failure->position + 1) + ": " + failure->message;
        if (error)
            *error = std::move(*failure);
        return Error{std::move(message)};
    }
    auto program = std::make_shared<Program>();
    program->text = std::string(text);
    program->variables = parser.takeVariables();
    program->code = parser.takeCode();
    return Expression(std::move(program));
}

Expression::Expression(std::shared_ptr<const Program> program)
    : m_program(std::move(program))
{}

Expression::Expression(const Expression &) = default;
Expression &Expression::operator=(const Expression &) = default;
Expression::Expression(Expression &&) noexcept = default;
Expression &Expression::operator=(Expression &&) noexcept = default;
Expression::~Expression() = default;

const std::vector<std::string> &Expression::variables() const
{
    static const std::vector<std::string> none;
    return m_program ? m_program->variables : none;
}

const std::string &Expression::text() const
{
    static const std::string none;
    return m_program ? m_program->text : none;
}

double Expression::evaluate(std::span<const double> values) const
{
    if (!m_program)
        return kNaN;
    const Instr *const code = m_program->code.data();
    const std::size_t size = m_program->code.size();
    const std::size_t bound = values.size();

    double stack[kMaxStack];
    double *sp = stack; // next free slot
    std::size_t pc = 0;
    while (pc < size) {
        const Instr &in = code[pc++];
        switch (in.op) {
        case Op::Const:
            *sp++ = in.value;
            break;
        case Op::Var:
            *sp++ = in.arg < bound ? values[in.arg] : kNaN;
            break;
        case Op::Neg:
            sp[-1] = -sp[-1];
            break;
        case Op::Add:
            --sp;
            sp[-1] += sp[0];
            break;
        case Op::Sub:
            --sp;
            sp[-1] -= sp[0];
            break;
        case Op::Mul:
            --sp;
            sp[-1] *= sp[0];
            break;
        case Op::Div:
            --sp;
            sp[-1] = sp[0] == 0.0 ? kNaN : sp[-1] / sp[0];
            break;
        // Each comparison is true, or its opposite is true, or an operand is NaN.
        case Op::Lt:
            --sp;
            sp[-1] = sp[-1] < sp[0] ? 1.0 : (sp[-1] >= sp[0] ? 0.0 : kNaN);
            break;
        case Op::Le:
            --sp;
            sp[-1] = sp[-1] <= sp[0] ? 1.0 : (sp[-1] > sp[0] ? 0.0 : kNaN);
            break;
        case Op::Gt:
            --sp;
            sp[-1] = sp[-1] > sp[0] ? 1.0 : (sp[-1] <= sp[0] ? 0.0 : kNaN);
            break;
        case Op::Ge:
            --sp;
            sp[-1] = sp[-1] >= sp[0] ? 1.0 : (sp[-1] < sp[0] ? 0.0 : kNaN);
            break;
        case Op::Eq:
            --sp;
            sp[-1] = sp[-1] == sp[0] ? 1.0 : (std::isunordered(sp[-1], sp[0]) ? kNaN : 0.0);
            break;
        case Op::Ne:
            --sp;
            sp[-1] = sp[-1] == sp[0] ? 0.0 : (std::isunordered(sp[-1], sp[0]) ? kNaN : 1.0);
            break;
        case Op::Between: {
            sp -= 2;
            const double x = sp[-1];
            const double lo = sp[0];
            const double hi = sp[1];
            if (lo <= x && x <= hi)
                sp[-1] = 1.0;
            else
                sp[-1] = std::isnan(x) || std::isnan(lo) || std::isnan(hi) ? kNaN : 0.0;
            break;
        }
        case Op::Not:
            sp[-1] = sp[-1] == 0.0 ? 1.0 : (std::isnan(sp[-1]) ? kNaN : 0.0);
            break;
        case Op::AndJump:
            if (sp[-1] == 0.0) {
                sp[-1] = 0.0;
                pc = in.arg;
            } else if (!std::isnan(sp[-1])) {
                sp[-1] = 1.0;
            }
            break;
        case Op::And:
            --sp;
            if (sp[0] == 0.0)
                sp[-1] = 0.0;
            else if (std::isnan(sp[0]))
                sp[-1] = kNaN;
            break;
        case Op::OrJump:
            if (truthy(sp[-1])) {
                sp[-1] = 1.0;
                pc = in.arg;
            } else if (sp[-1] == 0.0) {
                sp[-1] = 0.0; // -0 as well
            }
            break;
        case Op::Or:
            --sp;
            if (std::isnan(sp[0]))
                sp[-1] = kNaN;
            else if (sp[0] != 0.0)
                sp[-1] = 1.0;
            break;
        case Op::Abs:
            sp[-1] = std::fabs(sp[-1]);
            break;
        case Op::Min: {
            --sp;
            const double a = sp[-1];
            const double b = sp[0];
            sp[-1] = a < b ? a : (b <= a ? b : kNaN);
            break;
        }
        case Op::Max: {
            --sp;
            const double a = sp[-1];
            const double b = sp[0];
            sp[-1] = a > b ? a : (b >= a ? b : kNaN);
            break;
        }
        }
    }
    return stack[0];
}

bool Expression::matches(std::span<const double> values) const
{
    return truthy(evaluate(values));
}

} // namespace mag7::signals
