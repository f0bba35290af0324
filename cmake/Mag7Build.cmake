# Build defaults shared by every target of the project.

find_program(MAG7_CCACHE ccache)
if(MAG7_CCACHE)
    set(CMAKE_CXX_COMPILER_LAUNCHER "${MAG7_CCACHE}")
endif()

# Qt guardrails: no API deprecated before the version we build against.
add_compile_definitions(QT_DISABLE_DEPRECATED_BEFORE=0x060400 QT_NO_KEYWORDS QT_NO_CAST_FROM_BYTEARRAY)

# mag7_module(<target> [PURE] SOURCES ... LINKS ...)
#   A static library for one module folder. PURE marks pure-computation modules that must not
#   link Qt at all; tests/architecture checks the rule on the generated link graph and includes.
function(mag7_module target)
    cmake_parse_arguments(ARG "PURE" "" "SOURCES;LINKS" ${ARGN})
    add_library(${target} STATIC ${ARG_SOURCES})
    target_include_directories(${target} PUBLIC "${PROJECT_SOURCE_DIR}/core" "${PROJECT_SOURCE_DIR}")
    target_link_libraries(${target} PRIVATE ${ARG_LINKS})
    mag7_target_defaults(${target})
    if(ARG_PURE)
        set_target_properties(${target} PROPERTIES AUTOMOC OFF AUTOUIC OFF AUTORCC OFF)
    endif()
endfunction()

function(mag7_target_defaults target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                             -Wold-style-cast -Wcast-align -Woverloaded-virtual
                                             -Wnull-dereference -Wimplicit-fallthrough)
endfunction()

# mag7_test(<module> <class> LINKS ... [GUI])
#   One Qt Test executable per class: tests/<module>/tst_<class>.cpp.
function(mag7_test module class)
    cmake_parse_arguments(ARG "GUI" "TIMEOUT" "LINKS;SOURCES" ${ARGN})
    set(name tst_${module}_${class})
    add_executable(${name} tst_${class}.cpp ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LINKS})
    target_compile_definitions(${name} PRIVATE MAG7_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
                                               MAG7_BINARY_DIR="${PROJECT_BINARY_DIR}")
    mag7_target_defaults(${name})
    add_test(NAME ${module}/${class} COMMAND ${name})
    set(env "QT_QPA_PLATFORM=offscreen")
    set_tests_properties(${module}/${class} PROPERTIES ENVIRONMENT "${env}" LABELS ${module})
    if(ARG_TIMEOUT)
        set_tests_properties(${module}/${class} PROPERTIES TIMEOUT ${ARG_TIMEOUT})
    endif()
endfunction()
